//! The `waha-groups` command against the mock: the shared bulk-add scenario, a job killed
//! (SIGKILL) at 20 random points and resumed each time, the reads, and the exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use waha_groups::jobs::{JobReport, MemberStatus};
use waha_groups_tests::jobs::{Scenario, resume_violations};
use waha_mock::MockWaha;

fn temp(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("waha-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

fn cli(mock: &MockWaha, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_waha-groups"));
    cmd.args(args).env("WAHA_URL", mock.url()).env_remove("WAHA_API_KEY").env_remove("WAHA_SESSION");
    cmd
}

fn run(mock: &MockWaha, args: &[&str]) -> Output {
    cli(mock, args).output().expect("the CLI runs")
}

fn write_csv(path: &Path, members: &[String]) {
    let mut text = String::from("name,phone\n");
    for (i, m) in members.iter().enumerate() {
        // Quoted: some inputs are deliberately odd.
        text.push_str(&format!("member {i},\"{m}\"\n"));
    }
    std::fs::write(path, text).unwrap();
}

fn job_args<'a>(s: &Scenario, group: &'a str, csv: &'a str, extra: &[&'a str]) -> Vec<String> {
    let o = s.options();
    let mut args: Vec<String> = ["members", "add", group, "--from", csv, "--json"].map(String::from).into();
    args.extend(["--rate".into(), o.rate_per_minute.to_string(), "--batch".into(), o.batch_size.to_string()]);
    args.extend(["--backoff-ms".into(), o.backoff_base.as_millis().to_string()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn report(out: &Output) -> JobReport {
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: {stdout} / {}", String::from_utf8_lossy(&out.stderr)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bulk_add_scenario_from_a_csv() {
    let s = Scenario::bulk_add();
    let (mock, group) = s.start(true).await;
    let csv = temp("bulk.csv");
    write_csv(&csv, &s.input());
    let report_file = temp("report.csv");
    let args = job_args(&s, &group, csv.to_str().unwrap(), &["--report", report_file.to_str().unwrap()]);
    // The mock serves from its own thread: blocking here is fine.
    let out = cli(&mock, &args.iter().map(String::as_str).collect::<Vec<_>>()).stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "not every member reached the group: exit 1");
    let r = report(&out);
    assert_eq!(s.check_report(&r), Vec::<String>::new());
    assert_eq!(s.check_group(&mock, &group).await, Vec::<String>::new());
    assert!(r.rate_limited >= 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/1500 done"), "plain progress lines when not a terminal: {stderr}");
    assert_eq!(std::fs::read_to_string(&report_file).unwrap().lines().count(), 1501);
    for p in [csv, report_file] {
        let _ = std::fs::remove_file(p);
    }
}

/// SIGKILL at 20 random instants, each run resumed from the state file: nothing lost, nothing
/// sent again after its outcome was recorded, and the last run's report is complete and exact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_killed_at_random_points_resumes_to_the_exact_end() {
    let s = Scenario::bulk_add();
    let (mock, group) = s.start(true).await;
    // Slower than the scenario so that kills land mid-run: about 4 s of work.
    let limits = waha_mock::Limits {
        member_rate: Some(waha_mock::MemberRate { per_minute: 15_000.0, burst: 50 }),
        ..s.limits()
    };
    mock.set_limits(limits).unwrap();
    let csv = temp("kill.csv");
    let state = temp("kill.jsonl");
    write_csv(&csv, &s.input());
    let args = job_args(&s, &group, csv.to_str().unwrap(), &["--state", state.to_str().unwrap()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut rng = fastrand::Rng::with_seed(20);
    let mut kills = 0;
    for _ in 0..20 {
        let mut child =
            cli(&mock, &args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let at = Duration::from_millis(rng.u64(30..400));
        tokio::time::sleep(at).await;
        if child.try_wait().unwrap().is_none() {
            // SAFETY: kill(2) on our own child's pid.
            unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
            kills += 1;
        }
        child.wait().unwrap();
    }
    assert!(kills >= 15, "most runs were killed mid-way ({kills})");
    let out = run(&mock, &args);
    let r = report(&out);
    assert_eq!(s.check_report(&r), Vec::<String>::new());
    assert_eq!(s.check_group(&mock, &group).await, Vec::<String>::new());
    // A member answered but killed before its outcome was written is in flight: the resumed job
    // reads the group, and sends again only what the group does not show (an invitation, a
    // refusal) — never a member with a recorded outcome, never an add twice.
    assert_eq!(resume_violations(&state, &mock, &r), Vec::<String>::new());
    assert_eq!(r.count(MemberStatus::Pending), 0);
    for p in [csv, state] {
        let _ = std::fs::remove_file(p);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_dry_runs_and_errors() {
    let s = Scenario::bulk_add();
    let (mock, group) = s.start(false).await;
    let out = run(&mock, &["groups", "list", "--json"]);
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["id"], group.as_str());
    let out = run(&mock, &["groups", "get", &group]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Bulk\t101 members"));
    let out = run(&mock, &["members", "list", &group, "--json"]);
    let members: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(members.as_array().unwrap().len(), 101);
    // A dry run plans and sends nothing.
    let out = run(&mock, &["members", "remove", &group, "491000000000", "+491000000001", "999", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with(&format!("remove plan in {group}: pending 2, already 1")), "{text}");
    let after: serde_json::Value =
        serde_json::from_slice(&run(&mock, &["members", "list", &group, "--json"]).stdout).unwrap();
    assert!(after == members, "the dry run changed nothing");
    // Errors: exit 2 with a message naming the problem.
    for (args, needle) in [
        (vec!["members", "add", &group], "no members"),
        (vec!["groups", "get", "nope"], "group id"),
        (vec!["members", "add", &group, "1", "--from", "/nonexistent.csv"], "cannot read /nonexistent.csv"),
        (vec!["members", "add", &group, "1", "--batch", "0"], "batch_size"),
    ] {
        let out = run(&mock, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_waha-groups"))
        .args(["groups", "list"])
        .env("WAHA_URL", "http://127.0.0.1:9")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
