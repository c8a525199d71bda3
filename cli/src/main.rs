//! `waha-groups`: the command line of the waha-groups SDK.
//!
//! ```text
//! waha-groups members add 1203…@g.us --from members.csv --state run.jsonl [--rate 30] [--dry-run] [--json]
//! waha-groups members remove|promote|demote GROUP [MEMBER…] [--from FILE]
//! waha-groups groups list | groups get GROUP | members list GROUP
//! ```
//!
//! Reads `WAHA_URL`, `WAHA_API_KEY`, `WAHA_SESSION`. Exit codes: 0 every member reached the
//! wanted state (or the read worked); 1 some did not (the report says who); 2 an error stopped
//! it (bad arguments, WAHA unreachable, wrong key…); 3 cancelled by Ctrl-C (run the same
//! command with the same `--state` to resume).

mod args;
mod progress;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use waha_groups::jobs::{Action, CancelToken, JobOptions, JobReport, MembershipJob, members_from_csv_file};
use waha_groups::{Client, Groups, ListGroups};

use args::{Cli, Command, GroupsCommand, JobArgs, MembersCommand};

/// Exit codes.
const INCOMPLETE: u8 = 1;
const ERROR: u8 = 2;
const CANCELLED: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return fail(&format!("cannot start: {e}")),
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("waha-groups: {message}");
    ExitCode::from(ERROR)
}

async fn run(cli: Cli) -> waha_groups::Result<u8> {
    let mut builder = Client::builder().base_url(&cli.url);
    if let Some(key) = &cli.api_key {
        builder = builder.api_key(key);
    }
    let groups = builder.build()?.groups(&cli.session);
    match cli.command {
        Command::Groups(GroupsCommand::List { page_size }) => {
            let mut all = Vec::new();
            let mut offset = 0;
            loop {
                let page = groups.list(ListGroups::new().limit(page_size).offset(offset)).await?;
                let n = page.len() as u32;
                all.extend(page);
                if n < page_size {
                    break;
                }
                offset += n;
            }
            print(cli.json, &all, |g| format!("{}\t{}\t{} members", g.id, g.subject, g.participants.len()));
            Ok(0)
        }
        Command::Groups(GroupsCommand::Get { group }) => {
            let g = groups.get(&group).await?;
            print(cli.json, std::slice::from_ref(&g), |g| {
                format!("{}\t{}\t{} members", g.id, g.subject, g.participants.len())
            });
            Ok(0)
        }
        Command::Members(MembersCommand::List { group }) => {
            let members = groups.participants(&group).await?;
            print(cli.json, &members, |p| format!("{}\t{}\t{}", p.id, p.pn.as_deref().unwrap_or("-"), p.role.as_str()));
            Ok(0)
        }
        Command::Members(MembersCommand::Add(a)) => job(&groups, Action::Add, a, cli.json).await,
        Command::Members(MembersCommand::Remove(a)) => job(&groups, Action::Remove, a, cli.json).await,
        Command::Members(MembersCommand::Promote(a)) => job(&groups, Action::Promote, a, cli.json).await,
        Command::Members(MembersCommand::Demote(a)) => job(&groups, Action::Demote, a, cli.json).await,
    }
}

/// Prints `items` as a JSON array or one line each.
fn print<T: serde::Serialize>(json: bool, items: &[T], line: impl Fn(&T) -> String) {
    if json {
        println!("{}", serde_json::to_string(items).expect("models serialise"));
    } else {
        for item in items {
            println!("{}", line(item));
        }
    }
}

async fn job(groups: &Groups, action: Action, a: JobArgs, json: bool) -> waha_groups::Result<u8> {
    let mut members = a.members;
    if let Some(path) = &a.from {
        members.extend(members_from_csv_file(path)?);
    }
    if members.is_empty() {
        return Err(waha_groups::Error::invalid("no members: name them or give --from FILE.csv"));
    }
    let options = JobOptions {
        batch_size: a.batch,
        rate_per_minute: a.rate,
        size_cap: a.cap,
        dry_run: a.dry_run,
        state_file: a.state.clone(),
        backoff_base: Duration::from_millis(a.backoff_ms),
        ..JobOptions::default()
    };
    let cancel = CancelToken::new();
    let on_signal = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("waha-groups: stopping after the current batch (Ctrl-C again to quit now)");
            on_signal.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(i32::from(CANCELLED));
            }
        }
    });
    let mut display = progress::Display::new();
    let report = MembershipJob::new(groups, a.group, action, members)
        .options(options)
        .cancel_token(cancel)
        .run(|p| display.show(p))
        .await;
    display.finish();
    let report = report?;
    if let Some(path) = &a.report {
        let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let text = if is_csv { report.to_csv() } else { report.to_json() };
        std::fs::write(path, text)
            .map_err(|e| waha_groups::Error::invalid(format!("cannot write {}: {e}", path.display())))?;
    }
    if json {
        println!("{}", report.to_json());
    } else {
        summary(&report, a.state.is_some());
    }
    Ok(if report.cancelled {
        CANCELLED
    } else if report.complete() || report.dry_run {
        0
    } else {
        INCOMPLETE
    })
}

/// The report for a person: totals, then each member that did not reach the wanted state.
fn summary(report: &JobReport, resumable: bool) {
    let totals: Vec<String> = report.totals.iter().map(|(s, n)| format!("{} {n}", s.as_str())).collect();
    let what = if report.dry_run { "plan" } else { "done" };
    println!("{} {} in {}: {}", report.action, what, report.group_id, totals.join(", "));
    for e in report.failed() {
        let detail =
            e.error.clone().or_else(|| e.invite_code.as_ref().map(|c| format!("invitation {c}"))).unwrap_or_default();
        println!("{}\t{}\t{}\t{detail}", e.index, e.requested, e.status.as_str());
    }
    if report.cancelled {
        let how = if resumable { "run the same command to resume" } else { "use --state FILE to make it resumable" };
        println!("cancelled: {how}");
    }
}
