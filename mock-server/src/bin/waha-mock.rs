//! `waha-mock`: the mock WAHA as a process. Prints one JSON line with its URL, then serves
//! until SIGINT or SIGTERM.

use std::net::TcpListener;
use std::process::ExitCode;

use clap::Parser;
use waha_groups::Engine;
use waha_mock::{HmacConfig, MockWaha, WebhookConfig};

/// A stateful mock of WAHA's WhatsApp groups API.
#[derive(Debug, Parser)]
#[command(name = "waha-mock", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port (0 = any free port; the URL is printed).
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Engine persona: WEBJS, WPP, NOWEB or GOWS.
    #[arg(long, default_value = "WEBJS")]
    engine: String,
    /// Require this X-Api-Key.
    #[arg(long, env = "WAHA_API_KEY")]
    api_key: Option<String>,
    /// Seed for ids and invite codes.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Start from this world (JSON from GET /__mock/state).
    #[arg(long)]
    seed_file: Option<String>,
    /// Deliver every session's events to this URL (repeatable).
    #[arg(long)]
    webhook: Vec<String>,
    /// Sign webhook deliveries with this HMAC key.
    #[arg(long)]
    hmac_key: Option<String>,
    /// Larger request bodies get 413 and change nothing (WAHA itself allows 50 MB).
    #[arg(long, default_value_t = waha_mock::DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// Webhook deliveries that may wait per receiver URL; past it they are dropped and counted.
    #[arg(long, default_value_t = waha_mock::DEFAULT_QUEUE_BOUND)]
    webhook_queue_bound: usize,
    /// WhatsApp's limits to simulate: `cap=1024,rate=600,burst=20` (group size cap; member
    /// changes per minute and burst per session); any subset, `off` for none (the default).
    #[arg(long, default_value = "off", value_parser = parse_limits)]
    limits: waha_mock::Limits,
}

fn parse_limits(text: &str) -> Result<waha_mock::Limits, String> {
    text.parse()
}

async fn run(args: Args) -> Result<(), String> {
    let engine = Engine::parse(&args.engine.to_ascii_uppercase());
    if !Engine::KNOWN.contains(&engine) {
        return Err(format!("--engine {:?} must be WEBJS, WPP, NOWEB or GOWS", args.engine));
    }
    let listener = TcpListener::bind((args.host.as_str(), args.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.host, args.port))?;
    let mut builder = MockWaha::builder()
        .engine(engine.clone())
        .seed(args.seed)
        .listener(listener)
        .max_body_bytes(args.max_body_bytes)
        .webhook_queue_bound(args.webhook_queue_bound)
        .limits(args.limits);
    if let Some(key) = args.api_key {
        builder = builder.api_key(key);
    }
    if let Some(path) = &args.seed_file {
        builder = builder.seed_file(path).map_err(|e| e.to_string())?;
    }
    for url in args.webhook {
        let mut hook = WebhookConfig::new(url);
        hook.hmac = args.hmac_key.clone().map(|key| HmacConfig { key });
        builder = builder.webhook(hook);
    }
    let mock = builder.start().await.map_err(|e| e.to_string())?;
    let line = serde_json::json!({"url": mock.url(), "engine": engine.as_str(), "sessions": mock.sessions()});
    println!("{line}");
    shutdown_signal().await;
    drop(mock);
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

/// Raises the descriptor soft limit to the hard limit: every idle client connection holds a
/// descriptor, and the common soft limit of 1,024 is reached by a modest crowd.
#[cfg(unix)]
fn raise_descriptor_limit() {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed by pointer.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

#[cfg(not(unix))]
fn raise_descriptor_limit() {}

fn main() -> ExitCode {
    raise_descriptor_limit();
    let args = Args::parse();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("waha-mock: {e}");
            ExitCode::from(2)
        }
    }
}
