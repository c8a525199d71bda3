//! The shared bulk-membership scenario (`tests/fixtures/jobs/bulk-add.json`): the mock set up
//! as it describes, and the checks of a job's report, of the group it leaves, and of the
//! requests it sent. Python and Node read the same fixture and check the same things.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::Value;
use waha_groups::jobs::{Action, JobOptions, JobReport};
use waha_groups::{Client, Engine, RetryPolicy};
use waha_mock::{JournalFilter, Limits, MockWaha};

use crate::fixtures_dir;

/// The scenario as the fixture describes it.
pub struct Scenario(pub Value);

impl Scenario {
    /// Reads `tests/fixtures/jobs/bulk-add.json`.
    pub fn bulk_add() -> Scenario {
        let text =
            std::fs::read_to_string(fixtures_dir().join("jobs/bulk-add.json")).expect("bulk-add.json is readable");
        Scenario(serde_json::from_str(&text).expect("bulk-add.json is JSON"))
    }

    fn strings(&self, pointer: &str) -> Vec<String> {
        let list = self.0.pointer(pointer).and_then(Value::as_array).unwrap_or_else(|| panic!("{pointer}"));
        list.iter().map(|v| v.as_str().expect("a string").to_owned()).collect()
    }

    /// The input members.
    pub fn input(&self) -> Vec<String> {
        self.strings("/input")
    }

    /// The job options the scenario runs with (`state_file` left to the caller).
    pub fn options(&self) -> JobOptions {
        let job = &self.0["job"];
        let ms = |name: &str| Duration::from_millis(job[name].as_u64().expect(name));
        JobOptions {
            batch_size: job["batch_size"].as_u64().expect("batch_size") as usize,
            rate_per_minute: job["rate_per_minute"].as_f64().expect("rate_per_minute"),
            backoff_base: ms("backoff_base_ms"),
            backoff_max: ms("backoff_max_ms"),
            ..JobOptions::default()
        }
    }

    /// The limits the mock simulates.
    pub fn limits(&self) -> Limits {
        serde_json::from_value(self.0["limits"].clone()).expect("limits")
    }

    /// Starts a mock as the scenario describes (`limits` on or not) and creates its group;
    /// returns the mock and the group id.
    pub async fn start(&self, limits: bool) -> (MockWaha, String) {
        let engine = Engine::parse(self.0["engine"].as_str().expect("engine"));
        let builder = MockWaha::builder().engine(engine);
        let mock = if limits { builder.limits(self.limits()) } else { builder }.start().await.expect("mock starts");
        for phone in self.strings("/refuses_direct_adds") {
            mock.set_refuses_direct_adds(&phone, true).expect("privacy set");
        }
        let group =
            self.client(&mock).groups("default").create("Bulk", self.strings("/existing")).await.expect("created");
        (mock, group.id)
    }

    /// A client of `mock` without automatic retries (the job decides what is repeated).
    pub fn client(&self, mock: &MockWaha) -> Client {
        Client::builder().base_url(mock.url()).retry(RetryPolicy::disabled()).build().expect("client")
    }

    /// Where the report differs from the scenario's expectations (empty: it is exact).
    pub fn check_report(&self, report: &JobReport) -> Vec<String> {
        let want = self.strings("/expect/statuses");
        let dup = self.0["expect"]["duplicate_of"].as_array().expect("duplicate_of");
        let mut failures = Vec::new();
        if report.entries.len() != want.len() {
            failures.push(format!("{} entries, want {}", report.entries.len(), want.len()));
        }
        for (e, (want, dup)) in report.entries.iter().zip(want.iter().zip(dup)) {
            if e.status.as_str() != want {
                failures.push(format!("#{} {}: {}, want {want}", e.index, e.requested, e.status.as_str()));
            }
            if e.duplicate_of.map(|i| i as u64) != dup.as_u64() {
                failures.push(format!("#{}: duplicate_of {:?}, want {dup}", e.index, e.duplicate_of));
            }
            if want == "invited" && e.invite_code.is_none() {
                failures.push(format!("#{}: invited without an invite code", e.index));
            }
        }
        let totals: BTreeMap<String, u64> =
            report.totals.iter().map(|(s, n)| (s.as_str().to_owned(), *n as u64)).collect();
        let want_totals: BTreeMap<String, u64> =
            serde_json::from_value(self.0["expect"]["totals"].clone()).expect("totals");
        if totals != want_totals {
            failures.push(format!("totals {totals:?}, want {want_totals:?}"));
        }
        failures
    }

    /// Where the group's phone ids differ from the scenario's final members.
    pub async fn check_group(&self, mock: &MockWaha, group: &str) -> Vec<String> {
        let members = self.client(mock).groups("default").participants(group).await.expect("participants");
        let have: BTreeSet<String> = members.into_iter().map(|p| p.pn.unwrap_or(p.id)).collect();
        let want: BTreeSet<String> = self.strings("/expect/final_members").into_iter().collect();
        let mut failures: Vec<String> = want.difference(&have).map(|m| format!("missing {m}")).collect();
        failures.extend(have.difference(&want).map(|m| format!("unexpected {m}")));
        failures
    }
}

/// The member ids each member-change request of the journal carried, with its status.
fn requests(mock: &MockWaha, action: Action) -> Vec<(u16, Vec<String>)> {
    let journal = mock.journal(&JournalFilter { operation: Some(action.method_name().into()), ..Default::default() });
    journal
        .into_iter()
        .map(|entry| {
            let ids = entry
                .body
                .as_ref()
                .and_then(|b| b["participants"].as_array().cloned())
                .unwrap_or_default()
                .iter()
                .filter_map(|p| p["id"].as_str().map(str::to_owned))
                .collect();
            (entry.status, ids)
        })
        .collect()
}

/// What a job killed and resumed may not do, from its state file and the mock's journal:
/// - send a member again after its outcome was recorded (a `sent` line after its `outcome`);
/// - send a member without recording it first (more requests carry it than `sent` lines name it);
/// - add a member twice (a member reported `added` was carried by more than one answered request).
pub fn resume_violations(state: &std::path::Path, mock: &MockWaha, report: &JobReport) -> Vec<String> {
    let text = std::fs::read_to_string(state).expect("the state file");
    let (mut recorded, mut sent_lines) = (BTreeSet::new(), BTreeMap::<usize, usize>::new());
    let mut failures = Vec::new();
    for line in text.lines().skip(1) {
        let v: Value = serde_json::from_str(line).expect("complete lines are JSON");
        match v["kind"].as_str() {
            Some("sent") => {
                for i in v["members"].as_array().expect("members").iter().filter_map(Value::as_u64) {
                    let i = i as usize;
                    if recorded.contains(&i) {
                        failures.push(format!("#{i} sent again after its outcome was recorded"));
                    }
                    *sent_lines.entry(i).or_default() += 1;
                }
            }
            Some("outcome") => {
                recorded.insert(v["entry"]["index"].as_u64().expect("index") as usize);
            }
            _ => {}
        }
    }
    // A duplicate has its first entry's id: a request carrying it is about the first entry.
    let mut index_of: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &report.entries {
        if let Some(id) = e.id.as_deref() {
            index_of.entry(id).or_insert(e.index);
        }
    }
    let (mut carried, mut answered) = (BTreeMap::<usize, usize>::new(), BTreeMap::<usize, usize>::new());
    for (status, ids) in requests(mock, report.action) {
        for id in ids {
            let Some(&i) = index_of.get(id.as_str()) else { continue };
            *carried.entry(i).or_default() += 1;
            if status == 200 {
                *answered.entry(i).or_default() += 1;
            }
        }
    }
    for (i, n) in &carried {
        if *n > sent_lines.get(i).copied().unwrap_or(0) {
            failures.push(format!("#{i} carried by {n} requests, recorded as sent {:?} times", sent_lines.get(i)));
        }
    }
    for e in report.entries.iter().filter(|e| e.status == waha_groups::jobs::MemberStatus::Added) {
        if answered.get(&e.index).copied().unwrap_or(0) > 1 {
            failures.push(format!("#{} {} added by {} answered requests", e.index, e.requested, answered[&e.index]));
        }
    }
    failures
}

/// Members that two add/remove/promote/demote requests carried although the first one's
/// answer was a success: a member sent again after its outcome was known (for jobs that were
/// not killed: each answered request's outcome is recorded before the next request goes).
pub fn sent_after_outcome(mock: &MockWaha, action: Action) -> Vec<String> {
    let mut answered = BTreeSet::new();
    let mut twice = Vec::new();
    for (status, ids) in requests(mock, action) {
        for id in ids {
            if answered.contains(&id) {
                twice.push(id.clone());
            }
            if status == 200 {
                answered.insert(id);
            }
        }
    }
    twice
}
