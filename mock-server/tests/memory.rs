//! The mock's memory does not grow with the number of requests it serves: wiremock keeps a copy
//! of every request a mock matches, so the mock's catch-all replaces itself before that copy
//! grows (see `serving.rs`), and no request may notice the replacement.

use waha_mock::MockWaha;

/// Resident set size of this test process.
fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("VmRSS");
    kb * 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_leave_no_trace_and_all_are_answered() {
    let mock = MockWaha::builder().start().await.unwrap();
    let client = reqwest::Client::new();
    let url = format!("{}/ping", mock.url());
    // Bodies over the journal's limit, so only wiremock's own copy could keep them.
    let pad = "p".repeat(100_000);
    let send = |client: reqwest::Client, url: String, pad: String| async move {
        client.get(&url).body(pad).send().await.unwrap().status().as_u16()
    };
    for _ in 0..200 {
        assert_eq!(send(client.clone(), url.clone(), pad.clone()).await, 200);
    }
    let before = rss_bytes();
    for _ in 0..3_000 {
        assert_eq!(send(client.clone(), url.clone(), pad.clone()).await, 200);
    }
    let grown = rss_bytes().saturating_sub(before);
    // Kept, 3,000 × 100 KB would be 300 MB.
    assert!(grown < 64 << 20, "RSS grew by {} MB over 3,000 requests", grown >> 20);

    // Replacements happen while requests are in flight on many connections: none may get
    // wiremock's bare 404 for "no mock mounted".
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (client, url) = (reqwest::Client::new(), url.clone());
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                for _ in 0..250 {
                    statuses.push(send(client.clone(), url.clone(), String::new()).await);
                }
                statuses
            })
        })
        .collect();
    for task in tasks {
        let statuses = task.await.unwrap();
        assert!(statuses.iter().all(|s| *s == 200), "{:?}", statuses.iter().filter(|s| **s != 200).collect::<Vec<_>>());
    }
}
