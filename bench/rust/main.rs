//! `bench-rust client URL GROUP_ID ITERS REPEATS`, `bench-rust webhooks FILE REPEATS` and
//! `bench-rust decode REPEATS FILE...`: prints one JSON object of per-repeat figures for bench/run.py. A plain harness (warm-up,
//! then REPEATS timed rounds) keeps the numbers comparable with the Python and Node ones.

use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

async fn client(url: &str, id: &str, iters: usize, repeats: usize) -> serde_json::Value {
    let sdk = waha_groups::Client::builder().base_url(url).build().expect("client").groups("default");
    let raw = reqwest::Client::new();
    let raw_url = format!("{url}/api/default/groups/{}", id.replace('@', "%40"));
    for _ in 0..iters / 10 + 1 {
        sdk.get(id).await.expect("warm-up");
        raw.get(&raw_url).send().await.expect("warm-up").bytes().await.expect("body");
    }
    let (mut sdk_us, mut raw_us) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        let t = Instant::now();
        for _ in 0..iters {
            std::hint::black_box(sdk.get(id).await.expect("get"));
        }
        sdk_us.push(t.elapsed().as_secs_f64() * 1e6 / iters as f64);
        let t = Instant::now();
        for _ in 0..iters {
            let bytes = raw.get(&raw_url).send().await.expect("send").bytes().await.expect("body");
            std::hint::black_box(serde_json::from_slice::<serde_json::Value>(&bytes).expect("json"));
        }
        raw_us.push(t.elapsed().as_secs_f64() * 1e6 / iters as f64);
    }
    serde_json::json!({"sdk_us": sdk_us, "raw_us": raw_us, "sdk_median": median(sdk_us.clone()), "raw_median": median(raw_us.clone())})
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
        _ => {
            eprintln!(
                "usage: bench-rust client URL GROUP_ID ITERS REPEATS | webhooks FILE REPEATS | decode REPEATS FILE..."
            );
            std::process::exit(2);
        }
    };
    println!("{out}");
}
