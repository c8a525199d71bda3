//! `waha-groups-conformance`: does this WAHA (or the mock) answer the way the SDK expects?
//!
//! ```text
//! waha-groups-conformance                                   # the in-process mock, WEBJS persona
//! waha-groups-conformance --all-engines --allow-writes      # every persona, with a throwaway group
//! waha-groups-conformance --url http://localhost:3000 --api-key KEY --session default [--allow-writes]
//! waha-groups-conformance --record fixtures-out/ ...        # also save anonymised raw answers
//! waha-groups-conformance check-fixtures DIR                # validate tests/fixtures or a recording
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use waha_groups::Engine;
use waha_groups_conformance::{Anonymizer, Report, Target, check_fixtures, run, run_mock, save_recording};

#[derive(Debug, Parser)]
#[command(name = "waha-groups-conformance", version)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// A real WAHA's base URL (default: the in-process mock).
    #[arg(long, env = "WAHA_URL")]
    url: Option<String>,
    /// X-Api-Key for --url.
    #[arg(long, env = "WAHA_API_KEY")]
    api_key: Option<String>,
    /// Session for --url.
    #[arg(long, default_value = "default")]
    session: String,
    /// Run the scenarios that create (and leave) a throwaway group.
    #[arg(long)]
    allow_writes: bool,
    /// A phone id to add, promote, demote and remove in write scenarios.
    #[arg(long)]
    participant: Option<String>,
    /// Mock persona (WEBJS, WPP, NOWEB, GOWS) when no --url is given.
    #[arg(long, default_value = "WEBJS")]
    engine: String,
    /// Run against the mock in every persona.
    #[arg(long)]
    all_engines: bool,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Save the raw answers (anonymised) to this directory.
    #[arg(long)]
    record: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Checks that every fixture in DIR (tests/fixtures or a --record directory) decodes and matches the documented shapes.
    CheckFixtures {
        /// The directory.
        dir: PathBuf,
    },
}

fn engine(name: &str) -> Result<Engine, String> {
    let e = Engine::parse(&name.to_ascii_uppercase());
    if Engine::KNOWN.contains(&e) { Ok(e) } else { Err(format!("--engine {name:?} must be WEBJS, WPP, NOWEB or GOWS")) }
}

async fn main_async(args: Args) -> Result<bool, String> {
    if let Some(Command::CheckFixtures { dir }) = &args.command {
        let (n, failures) = check_fixtures(dir)?;
        for f in &failures {
            println!("FAIL {f}");
        }
        println!("{} passed, {} failed", n - failures.len(), failures.len());
        return Ok(failures.is_empty());
    }
    let mut reports: Vec<(String, Report)> = Vec::new();
    match &args.url {
        Some(url) => {
            let target = Target {
                url: url.clone(),
                api_key: args.api_key.clone(),
                session: args.session.clone(),
                allow_writes: args.allow_writes,
                participant: args.participant.clone(),
                label: "waha".into(),
            };
            reports.push((
                format!("WAHA at {} (session {})", waha_groups::redact::url(url), args.session),
                run(&target).await,
            ));
        }
        None => {
            let engines = if args.all_engines { Engine::KNOWN.to_vec() } else { vec![engine(&args.engine)?] };
            for e in engines {
                reports.push((e.as_str().to_owned(), run_mock(e, args.allow_writes).await?));
            }
        }
    }
    if let Some(dir) = &args.record {
        let mut anon = Anonymizer::default();
        for (label, report) in &reports {
            let label = if args.url.is_some() { "waha" } else { label.as_str() };
            let files = save_recording(dir, label, report, &mut anon)
                .map_err(|e| format!("cannot record to {}: {e}", dir.display()))?;
            eprintln!("recorded {} answers to {}", files.len(), dir.join(label.to_lowercase()).display());
        }
    }
    if args.json {
        let doc: Vec<_> = reports
            .iter()
            .map(|(label, r)| serde_json::json!({"target": label, "passed": r.passed(), "operations": r.rows}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&doc).expect("serialise"));
    } else {
        for (label, r) in &reports {
            println!("{}", r.table(label));
        }
    }
    Ok(reports.iter().all(|(_, r)| r.passed()))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    match runtime.block_on(main_async(args)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("waha-groups-conformance: {e}");
            ExitCode::from(2)
        }
    }
}
