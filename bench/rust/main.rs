//! `bench-rust client URL GROUP_ID ITERS REPEATS`, `bench-rust webhooks FILE REPEATS` and
//! `bench-rust decode REPEATS FILE...`, `bench-rust job MOCK_URL MEMBERS RATE_PER_MINUTE BATCH`: prints one JSON object of per-repeat figures for bench/run.py. A plain harness (warm-up,
//! then REPEATS timed rounds) keeps the numbers comparable with the Python and Node ones.
//!
//! `bench-rust serve GET_FILE LIST_FILE`: the canned-body server the client benchmarks run
//! against. It prints `{"url": …}` and answers every `GET …/groups` with LIST_FILE and every
//! other request with GET_FILE, so the server costs a few µs and client work dominates.

use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// µs per call of `sdk` and of `raw` (bare reqwest + `from_slice::<Value>`), per repeat.
async fn compare<A, B, FA, FB>(iters: usize, repeats: usize, sdk: FA, raw: FB) -> serde_json::Value
where
    FA: Fn() -> A,
    FB: Fn() -> B,
    A: std::future::Future<Output = ()>,
    B: std::future::Future<Output = ()>,
{
    for _ in 0..iters / 10 + 1 {
        sdk().await;
        raw().await;
    }
    let (mut sdk_us, mut raw_us) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        let t = Instant::now();
        for _ in 0..iters {
            sdk().await;
        }
        sdk_us.push(t.elapsed().as_secs_f64() * 1e6 / iters as f64);
        let t = Instant::now();
        for _ in 0..iters {
            raw().await;
        }
        raw_us.push(t.elapsed().as_secs_f64() * 1e6 / iters as f64);
    }
    serde_json::json!({"sdk_us": sdk_us, "raw_us": raw_us, "sdk_median": median(sdk_us.clone()), "raw_median": median(raw_us.clone())})
}

async fn client(url: &str, id: &str, iters: usize, repeats: usize) -> serde_json::Value {
    let sdk = waha_groups::Client::builder().base_url(url).build().expect("client").groups("default");
    let raw = reqwest::Client::new();
    let get_url = format!("{url}/api/default/groups/{}", id.replace('@', "%40"));
    let list_url = format!("{url}/api/default/groups?limit=50");
    let bare = |url: String| {
        let raw = raw.clone();
        async move {
            let bytes = raw.get(&url).send().await.expect("send").bytes().await.expect("body");
            std::hint::black_box(serde_json::from_slice::<serde_json::Value>(&bytes).expect("json"));
        }
    };
    let get = compare(
        iters,
        repeats,
        || async {
            std::hint::black_box(sdk.get(id).await.expect("get"));
        },
        || bare(get_url.clone()),
    )
    .await;
    let query = || waha_groups::ListGroups::new().limit(50);
    let list = compare(
        iters / 10 + 1,
        repeats,
        || async {
            std::hint::black_box(sdk.list(query()).await.expect("list"));
        },
        || bare(list_url.clone()),
    )
    .await;
    let mut out = get;
    out["list"] = list;
    out
}

/// Serves the canned bodies until killed (see the module docs).
async fn serve(get_file: &str, list_file: &str) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let answer = |file: &str| {
        let body = std::fs::read(file).expect("recorded body");
        let mut out = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        out.extend_from_slice(&body);
        std::sync::Arc::new(out)
    };
    let (get, list) = (answer(get_file), answer(list_file));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!("{}", serde_json::json!({"url": format!("http://{}", listener.local_addr().expect("address"))}));
    loop {
        let Ok((mut socket, _)) = listener.accept().await else { continue };
        let (get, list) = (get.clone(), list.clone());
        tokio::spawn(async move {
            let _ = socket.set_nodelay(true);
            let mut buf = Vec::with_capacity(4096);
            let mut chunk = [0u8; 4096];
            loop {
                // One request head (GETs carry no body), then its canned answer; keep-alive.
                while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
                    buf.drain(..end + 4);
                    let path = head.split(' ').nth(1).unwrap_or("/");
                    let path = path.split('?').next().unwrap_or(path);
                    let reply = if path.ends_with("/groups") { &list } else { &get };
                    if socket.write_all(reply).await.is_err() {
                        return;
                    }
                }
                match socket.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
        });
    }
}

fn webhooks(file: &str, repeats: usize) -> serde_json::Value {
    let text = std::fs::read_to_string(file).expect("events file");
    let lines: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
    let (mut seconds, mut value_seconds) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        let t = Instant::now();
        for line in &lines {
            std::hint::black_box(waha_groups::webhook::parse(line).expect("parse"));
        }
        seconds.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for line in &lines {
            std::hint::black_box(serde_json::from_slice::<serde_json::Value>(line).expect("json"));
        }
        value_seconds.push(t.elapsed().as_secs_f64());
    }
    serde_json::json!({"events": lines.len(), "bytes": text.len(), "seconds": seconds, "median": median(seconds.clone()),
                       "value_seconds": value_seconds, "value_median": median(value_seconds.clone())})
}

/// MB/s of `f` over `body`, per repeat (each repeat runs about 0.2 s).
fn throughput(body: &str, repeats: usize, f: impl Fn(&str)) -> Vec<f64> {
    let t = Instant::now();
    let mut n = 0usize;
    while t.elapsed().as_secs_f64() < 0.05 {
        f(body);
        n += 1;
    }
    let per_round = (n * 4).max(1);
    (0..repeats)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_round {
                f(body);
            }
            (body.len() * per_round) as f64 / t.elapsed().as_secs_f64() / 1e6
        })
        .collect()
}

/// The core's typed decode of recorded answers (`<ENGINE>-list.json`: a 50-group page,
/// `<ENGINE>-get.json`: one group) against `serde_json::from_slice::<Value>` of the same bytes.
fn decode(repeats: usize, files: &[String]) -> serde_json::Value {
    use waha_groups::engine;
    let mut out = serde_json::Map::new();
    for file in files {
        let body = std::fs::read_to_string(file).expect("recorded body");
        let name = std::path::Path::new(file).file_stem().unwrap().to_string_lossy().into_owned();
        let typed = if name.ends_with("-list") {
            throughput(&body, repeats, |b| {
                std::hint::black_box(engine::group_list(b).expect("decode"));
            })
        } else {
            throughput(&body, repeats, |b| {
                std::hint::black_box(engine::group(b).expect("decode"));
            })
        };
        let value = throughput(&body, repeats, |b| {
            std::hint::black_box(serde_json::from_slice::<serde_json::Value>(b.as_bytes()).expect("json"));
        });
        out.insert(name, serde_json::json!({"bytes": body.len(), "typed_mbps": typed, "value_mbps": value}));
    }
    serde_json::Value::Object(out)
}

/// Peak resident memory of this process so far, MB (`VmHWM`).
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("VmHWM: 0 kB");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()).unwrap_or(0.0) / 1024.0
}

/// A membership job adding `members` new members to a new group of the mock at `url`: its
/// time, outcome counts, `rate-overlimit` answers and this process's peak memory.
async fn job(url: &str, members: usize, rate_per_minute: f64, batch: usize) -> serde_json::Value {
    use waha_groups::jobs::{Action, JobOptions, MemberStatus, MembershipJob};
    let client = waha_groups::Client::builder()
        .base_url(url)
        .retry(waha_groups::RetryPolicy::disabled())
        .build()
        .expect("client");
    let groups = client.groups("default");
    let group = groups.create("Bench job", Vec::<String>::new()).await.expect("group");
    let input: Vec<String> = (0..members).map(|i| format!("{}", 470_000_000_000u64 + i as u64)).collect();
    let before = peak_rss_mb();
    let options = JobOptions {
        batch_size: batch,
        rate_per_minute,
        size_cap: usize::MAX,
        backoff_base: std::time::Duration::from_millis(250),
        ..JobOptions::default()
    };
    let t = Instant::now();
    let report =
        MembershipJob::new(&groups, group.id, Action::Add, input).options(options).run(|_| {}).await.expect("job");
    let seconds = t.elapsed().as_secs_f64();
    serde_json::json!({"members": members, "seconds": seconds, "added": report.count(MemberStatus::Added),
                       "rate_limited": report.rate_limited, "requests": report.requests,
                       "peak_rss_mb": peak_rss_mb(), "rss_before_mb": before})
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n = |i: usize| args.get(i).and_then(|s| s.parse().ok()).expect("a number argument");
    let out = match args.get(1).map(String::as_str) {
        Some("client") => {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(client(&args[2], &args[3], n(4), n(5)))
        }
        Some("webhooks") => webhooks(&args[2], n(3)),
        Some("decode") => decode(n(2), &args[3..]),
        Some("job") => {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            let rate: f64 = args.get(4).and_then(|s| s.parse().ok()).expect("a rate per minute");
            rt.block_on(job(&args[2], n(3), rate, n(5)))
        }
        Some("serve") => {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(serve(&args[2], &args[3]));
            return;
        }
        _ => {
            eprintln!(
                "usage: bench-rust client URL GROUP_ID ITERS REPEATS | webhooks FILE REPEATS | decode REPEATS FILE... | serve GET_FILE LIST_FILE | job MOCK_URL MEMBERS RATE_PER_MINUTE BATCH"
            );
            std::process::exit(2);
        }
    };
    println!("{out}");
}
