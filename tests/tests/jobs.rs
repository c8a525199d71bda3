//! Membership jobs against the mock with WhatsApp's limits on: the shared 1,500-member scenario,
//! dropped answers, every engine's outcomes, resume, cancel, dry run and the errors that stop a job.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use waha_groups::jobs::{Action, CancelToken, JobOptions, MemberStatus, MembershipJob};
use waha_groups::{Engine, ErrorKind};
use waha_groups_tests::jobs::{Scenario, sent_after_outcome};
use waha_mock::{FaultKind, FaultSpec, JournalFilter, Limits, MockWaha};

fn temp_file(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("waha-jobs-{}-{name}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bulk_add_scenario_ends_exactly_as_planned() {
    let s = Scenario::bulk_add();
    let (mock, group) = s.start(true).await;
    let groups = s.client(&mock).groups("default");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let report = MembershipJob::new(&groups, &group, Action::Add, s.input())
        .options(s.options())
        .run(move |p| log.lock().unwrap().push(p.clone()))
        .await
        .unwrap();
    assert_eq!(s.check_report(&report), Vec::<String>::new());
    assert_eq!(s.check_group(&mock, &group).await, Vec::<String>::new());
    assert_eq!(sent_after_outcome(&mock, Action::Add), Vec::<String>::new());
    assert!(report.rate_limited >= 1, "the scenario's limit is tight enough to be hit");
    assert!(!report.complete(), "invited, invalid and full members did not reach the group");
    assert_eq!(report.invitations().len(), report.count(MemberStatus::Invited), "NOWEB sends no invitation itself");
    let progress = seen.lock().unwrap();
    let last = progress.last().unwrap();
    assert_eq!((last.done, last.total), (1500, 1500));
    assert!(progress.windows(2).all(|w| w[0].done <= w[1].done), "progress only moves forward");
    assert!(progress.iter().any(|p| p.last_error.as_deref() == Some("rate_limited")));
    // The report serialises to JSON and to CSV with one row per member.
    let back: waha_groups::jobs::JobReport = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(back, report);
    assert_eq!(report.to_csv().lines().count(), 1501);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_lost_after_the_write_are_reconciled_never_resent() {
    let s = Scenario::bulk_add();
    let (mock, group) = s.start(false).await;
    let fault = FaultSpec {
        operation: Some("add_participants".into()),
        kind: Some(FaultKind::DropAnswer),
        probability: Some(0.3),
        seed: Some(11),
        ..Default::default()
    };
    mock.add_fault(fault).unwrap();
    let groups = s.client(&mock).groups("default");
    let report =
        MembershipJob::new(&groups, &group, Action::Add, s.input()).options(s.options()).run(|_| {}).await.unwrap();
    let dropped = mock.journal(&JournalFilter { operation: Some("add_participants".into()), ..Default::default() });
    assert!(dropped.iter().any(|e| e.status == 0), "some answers were dropped");
    assert_eq!(s.check_report(&report), Vec::<String>::new());
    assert_eq!(s.check_group(&mock, &group).await, Vec::<String>::new());
    assert_eq!(sent_after_outcome(&mock, Action::Add), Vec::<String>::new());
    let resent: usize = dropped.iter().filter(|e| e.status == 0).count();
    assert!(report.requests as usize > resent);
}

fn phones(range: std::ops::Range<u64>) -> Vec<String> {
    range.map(|n| format!("{}@c.us", 493_000_000_000 + n)).collect()
}

async fn mock(engine: Engine, limits: Limits) -> MockWaha {
    MockWaha::builder().engine(engine).limits(limits).start().await.unwrap()
}

fn fast() -> JobOptions {
    JobOptions {
        batch_size: 4,
        rate_per_minute: 600_000.0,
        backoff_base: std::time::Duration::from_millis(5),
        ..JobOptions::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_remove_promote_and_demote_in_every_engine() {
    for engine in [Engine::Webjs, Engine::Wpp, Engine::Noweb, Engine::Gows] {
        let mock = mock(engine.clone(), Limits::default()).await;
        mock.set_refuses_direct_adds(&phones(9..10)[0], true).unwrap();
        let groups = Scenario::bulk_add().client(&mock).groups("default");
        let g = groups.create("Each", phones(0..3)).await.unwrap();
        let job =
            |action, members: Vec<String>| MembershipJob::new(&groups, g.id.clone(), action, members).options(fast());
        let add = job(Action::Add, [phones(0..1), phones(3..10), vec!["+493000000003".into()]].concat())
            .run(|_| {})
            .await
            .unwrap();
        let statuses: Vec<&str> = add.entries.iter().map(|e| e.status.as_str()).collect();
        assert_eq!(
            statuses,
            ["already", "added", "added", "added", "added", "added", "added", "invited", "duplicate"],
            "{engine:?}"
        );
        assert_eq!(
            add.entries[7].invite_sent == Some(true),
            matches!(engine, Engine::Webjs | Engine::Wpp),
            "{engine:?}"
        );
        let remove = job(Action::Remove, [phones(3..5), phones(50..51)].concat()).run(|_| {}).await.unwrap();
        assert_eq!(
            remove.entries.iter().map(|e| e.status.as_str()).collect::<Vec<_>>(),
            ["removed", "removed", "already"]
        );
        let promote = job(Action::Promote, [phones(5..7), phones(3..4)].concat()).run(|_| {}).await.unwrap();
        assert_eq!(
            promote.entries.iter().map(|e| e.status.as_str()).collect::<Vec<_>>(),
            ["promoted", "promoted", "not_member"]
        );
        let demote = job(Action::Demote, [phones(5..6), phones(7..8)].concat()).run(|_| {}).await.unwrap();
        assert_eq!(demote.entries.iter().map(|e| e.status.as_str()).collect::<Vec<_>>(), ["demoted", "already"]);
        assert!(demote.complete() && promote.failed().len() == 1, "{engine:?}");
        let admins: Vec<String> = groups
            .participants(&g.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|p| p.role.is_admin())
            .filter_map(|p| p.pn.or(Some(p.id)))
            .collect();
        assert!(admins.contains(&phones(6..7)[0]) && !admins.contains(&phones(5..6)[0]), "{engine:?}: {admins:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whatsapps_full_answer_marks_the_rest_group_full() {
    let mock = mock(Engine::Gows, Limits { group_size_cap: Some(6), member_rate: None }).await;
    let groups = Scenario::bulk_add().client(&mock).groups("default");
    let g = groups.create("Small", phones(0..2)).await.unwrap();
    // The job believes in WhatsApp's 1024; the mock's group is full at 6.
    let report =
        MembershipJob::new(&groups, &g.id, Action::Add, phones(10..22)).options(fast()).run(|_| {}).await.unwrap();
    assert_eq!(report.count(MemberStatus::Added), 3);
    assert_eq!(report.count(MemberStatus::GroupFull), 9);
    assert_eq!(report.requests, 1, "the adds still queued were not sent into a full group");
    // With the job's own cap the plan says it before sending.
    let planned = MembershipJob::new(&groups, &g.id, Action::Add, phones(30..40))
        .options(JobOptions { size_cap: 6, dry_run: true, ..fast() })
        .run(|_| {})
        .await
        .unwrap();
    assert!(planned.dry_run && planned.count(MemberStatus::GroupFull) == 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_job_resumes_from_its_state_file_without_resending() {
    let mock = mock(Engine::Noweb, Limits::default()).await;
    let groups = Scenario::bulk_add().client(&mock).groups("default");
    let g = groups.create("Resume", Vec::<String>::new()).await.unwrap();
    let path = temp_file("resume");
    let members = phones(100..160);
    let token = CancelToken::new();
    let stop = token.clone();
    let options = JobOptions { state_file: Some(path.clone()), batch_size: 5, ..fast() };
    let first = MembershipJob::new(&groups, &g.id, Action::Add, members.clone())
        .options(options.clone())
        .cancel_token(token)
        .run(move |p| {
            if p.done >= 20 {
                stop.cancel();
            }
        })
        .await
        .unwrap();
    assert!(first.cancelled && first.count(MemberStatus::Pending) > 0, "{:?}", first.totals);
    // A member sent without a recorded outcome: the next run reads the group first.
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("{\"kind\":\"sent\",\"batch\":99,\"members\":[59],\"at\":1}\n");
    std::fs::write(&path, text).unwrap();
    groups.add_participants(&g.id, [&members[59]]).await.unwrap();
    let second = MembershipJob::new(&groups, &g.id, Action::Add, members.clone())
        .options(options.clone())
        .run(|_| {})
        .await
        .unwrap();
    assert!(second.complete(), "{:?}", second.totals);
    assert_eq!(second.count(MemberStatus::Added), 60, "the in-flight member counts as added by the job");
    assert_eq!(second.entries[59].attempts, 1);
    assert_eq!(sent_after_outcome(&mock, Action::Add), Vec::<String>::new(), "the in-flight member was not sent again");
    // The same file for another input or action is refused, and nothing is sent.
    let before = mock.journal(&JournalFilter::default()).len();
    let err =
        MembershipJob::new(&groups, &g.id, Action::Remove, members).options(options).run(|_| {}).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StateFile);
    assert!(err.message().contains("action add, this job is for remove"), "{}", err.message());
    assert_eq!(mock.journal(&JournalFilter::default()).len(), before + 1, "only the plan's read");
    let _ = std::fs::remove_file(&path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_sends_nothing_and_bad_jobs_are_refused_before_anything_is_sent() {
    let mock = mock(Engine::Webjs, Limits::default()).await;
    let groups = Scenario::bulk_add().client(&mock).groups("default");
    let g = groups.create("Plan", phones(0..2)).await.unwrap();
    let path = temp_file("dry");
    let plan = MembershipJob::new(&groups, &g.id, Action::Add, [phones(0..4), vec!["x".into()]].concat())
        .options(JobOptions { dry_run: true, state_file: Some(path.clone()), ..fast() })
        .run(|_| {})
        .await
        .unwrap();
    let statuses: Vec<&str> = plan.entries.iter().map(|e| e.status.as_str()).collect();
    assert_eq!(statuses, ["already", "already", "pending", "pending", "invalid"]);
    assert!(!path.exists(), "a dry run writes no state file");
    let writes = mock.journal(&JournalFilter { operation: Some("add_participants".into()), ..Default::default() });
    assert!(writes.is_empty());
    for (options, needle) in [
        (JobOptions { batch_size: 0, ..fast() }, "batch_size"),
        (JobOptions { rate_per_minute: f64::NAN, ..fast() }, "rate_per_minute"),
        (JobOptions { size_cap: 0, ..fast() }, "size_cap"),
    ] {
        let err = MembershipJob::new(&groups, &g.id, Action::Add, phones(5..6))
            .options(options)
            .run(|_| {})
            .await
            .unwrap_err();
        assert!(err.kind() == ErrorKind::InvalidArgument && err.message().contains(needle), "{err}");
    }
    let err = MembershipJob::new(&groups, "nope", Action::Add, phones(5..6)).run(|_| {}).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = MembershipJob::new(&groups, "120363000000000000@g.us", Action::Add, phones(5..6))
        .run(|_| {})
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::GroupNotFound);
}
