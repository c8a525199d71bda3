//! What a membership job reports: one [`MemberReport`] per input member, in input order, with
//! totals; serialisable to JSON and CSV.
//!
//! Layer: jobs (a leaf of `jobs`); it may import the foundation and `model`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The change a job makes to each member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Make them members.
    Add,
    /// Make them not members.
    Remove,
    /// Make them admins.
    Promote,
    /// Make them plain members.
    Demote,
}

impl Action {
    /// All four, in this order.
    pub const ALL: [Action; 4] = [Action::Add, Action::Remove, Action::Promote, Action::Demote];

    /// `add`, `remove`, `promote` or `demote`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Remove => "remove",
            Action::Promote => "promote",
            Action::Demote => "demote",
        }
    }

    /// Parses [`as_str`](Self::as_str)'s names; the error lists them.
    ///
    /// ```
    /// use waha_groups::jobs::Action;
    /// assert_eq!(Action::parse("promote").unwrap(), Action::Promote);
    /// assert!(Action::parse("kick").unwrap_err().message().contains("add, remove, promote, demote"));
    /// ```
    pub fn parse(name: &str) -> Result<Action> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == name)
            .ok_or_else(|| Error::invalid(format!("unknown action {name:?}; use add, remove, promote, demote")))
    }

    /// The SDK method (operation) that makes this change: `add_participants`, `remove_participants`,
    /// `promote`, `demote`.
    pub fn method_name(self) -> &'static str {
        match self {
            Action::Add => "add_participants",
            Action::Remove => "remove_participants",
            Action::Promote => "promote",
            Action::Demote => "demote",
        }
    }

    /// The status of a member this action changed.
    pub fn done(self) -> MemberStatus {
        match self {
            Action::Add => MemberStatus::Added,
            Action::Remove => MemberStatus::Removed,
            Action::Promote => MemberStatus::Promoted,
            Action::Demote => MemberStatus::Demoted,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a member stands. `added`/`removed`/`promoted`/`demoted` and `already` mean the member
/// is in the wanted state; `duplicate` follows the entry it repeats; the rest did not get there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Not sent yet (a dry run's plan, or a cancelled job's rest).
    Pending,
    /// Added by this job.
    Added,
    /// Removed by this job.
    Removed,
    /// Made admin by this job.
    Promoted,
    /// Made a plain member by this job.
    Demoted,
    /// Already in the wanted state before the job sent anything (WhatsApp's 409 counts too).
    Already,
    /// Privacy settings refused a direct add: WhatsApp created an invitation (`invite_code`), or
    /// the engine sent one (`invite_sent`).
    Invited,
    /// The group reached its size cap before this member (WhatsApp's 419 counts too).
    GroupFull,
    /// Not a member id or phone number; nothing was sent.
    Invalid,
    /// The same member as an earlier entry (`duplicate_of`), by phone number or lid.
    Duplicate,
    /// Promote/demote of someone who is not in the group; nothing was sent.
    NotMember,
    /// WhatsApp refused it (`code`) or every attempt failed (`error`).
    Failed,
}

impl MemberStatus {
    /// The snake_case name (as in JSON and CSV).
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Pending => "pending",
            MemberStatus::Added => "added",
            MemberStatus::Removed => "removed",
            MemberStatus::Promoted => "promoted",
            MemberStatus::Demoted => "demoted",
            MemberStatus::Already => "already",
            MemberStatus::Invited => "invited",
            MemberStatus::GroupFull => "group_full",
            MemberStatus::Invalid => "invalid",
            MemberStatus::Duplicate => "duplicate",
            MemberStatus::NotMember => "not_member",
            MemberStatus::Failed => "failed",
        }
    }

    /// The member is in the wanted state (changed by the job, or already was).
    pub fn reached(self) -> bool {
        matches!(
            self,
            MemberStatus::Added
                | MemberStatus::Removed
                | MemberStatus::Promoted
                | MemberStatus::Demoted
                | MemberStatus::Already
        )
    }

    /// The job is done with this member (nothing more will be sent for it).
    pub fn is_final(self) -> bool {
        self != MemberStatus::Pending
    }
}

/// One input member and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberReport {
    /// Position in the input, from 0.
    pub index: usize,
    /// The input exactly as given.
    pub requested: String,
    /// The id sent to WAHA (normalised; for remove/promote/demote the group's own id, often a
    /// `@lid`), when the input was valid.
    pub id: Option<String>,
    /// The phone id (`…@c.us`), when known.
    pub pn: Option<String>,
    /// Where the member stands.
    pub status: MemberStatus,
    /// WhatsApp's per-member code (200, 403, 409, 419, ...), when it answered one.
    pub code: Option<i64>,
    /// Why it failed or was not sent: an error code (`rate_limited`, `transport`, ...) or a
    /// reason (`not a member id`, ...).
    pub error: Option<String>,
    /// The invitation WhatsApp created for a privacy-refused add.
    pub invite_code: Option<String>,
    /// When that invitation expires, Unix ms.
    pub invite_expires_at: Option<i64>,
    /// Whether the engine already sent the invitation itself.
    pub invite_sent: Option<bool>,
    /// The entry this one repeats (`duplicate`).
    pub duplicate_of: Option<usize>,
    /// Requests that carried this member, not counting those WhatsApp refused with
    /// `rate-overlimit` (after a resume, the state file's count: it cannot tell those apart).
    pub attempts: u32,
    /// When the first of them was sent, Unix ms.
    pub first_attempt_at: Option<i64>,
    /// When the status became final, Unix ms.
    pub finished_at: Option<i64>,
}

impl MemberReport {
    /// A pending entry for input `requested` at `index`.
    pub fn new(index: usize, requested: impl Into<String>) -> MemberReport {
        MemberReport {
            index,
            requested: requested.into(),
            id: None,
            pn: None,
            status: MemberStatus::Pending,
            code: None,
            error: None,
            invite_code: None,
            invite_expires_at: None,
            invite_sent: None,
            duplicate_of: None,
            attempts: 0,
            first_attempt_at: None,
            finished_at: None,
        }
    }

    /// An invitation is yours to send: privacy-refused, and the engine did not send it.
    pub fn needs_invitation(&self) -> bool {
        self.status == MemberStatus::Invited && self.invite_sent != Some(true)
    }
}

/// A whole job's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobReport {
    /// The group.
    pub group_id: String,
    /// The change.
    pub action: Action,
    /// Only planned: nothing was sent.
    pub dry_run: bool,
    /// Stopped by its cancel token before every member was sent; the state file resumes it.
    pub cancelled: bool,
    /// One entry per input member, in input order.
    pub entries: Vec<MemberReport>,
    /// How many entries have each status (only statuses that occur).
    pub totals: BTreeMap<MemberStatus, usize>,
    /// `rate-overlimit` answers the job got.
    pub rate_limited: u32,
    /// Requests that changed members.
    pub requests: u32,
}

impl JobReport {
    /// Builds the report and its totals.
    pub(crate) fn new(group_id: String, action: Action, entries: Vec<MemberReport>) -> JobReport {
        let mut totals = BTreeMap::new();
        for e in &entries {
            *totals.entry(e.status).or_insert(0) += 1;
        }
        JobReport { group_id, action, dry_run: false, cancelled: false, entries, totals, rate_limited: 0, requests: 0 }
    }

    /// Every member reached the wanted state (duplicates follow their first entry).
    pub fn complete(&self) -> bool {
        self.entries.iter().all(|e| match e.status {
            MemberStatus::Duplicate => e.duplicate_of.is_some_and(|i| self.entries[i].status.reached()),
            s => s.reached(),
        })
    }

    /// Entries that did not reach the wanted state and are not plain duplicates.
    pub fn failed(&self) -> Vec<&MemberReport> {
        self.entries.iter().filter(|e| !e.status.reached() && e.status != MemberStatus::Duplicate).collect()
    }

    /// Privacy-refused adds whose invitation is yours to send.
    pub fn invitations(&self) -> Vec<&MemberReport> {
        self.entries.iter().filter(|e| e.needs_invitation()).collect()
    }

    /// The count of entries with `status`.
    pub fn count(&self, status: MemberStatus) -> usize {
        self.totals.get(&status).copied().unwrap_or(0)
    }

    /// The report as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serialises")
    }

    /// One CSV row per member, with a header (`index,requested,id,pn,status,code,error,...`).
    ///
    /// ```
    /// use waha_groups::jobs::{Action, JobReport};
    /// let report: JobReport = serde_json::from_str(r#"{"group_id": "1@g.us", "action": "add", "dry_run": true,
    ///   "cancelled": false, "totals": {}, "rate_limited": 0, "requests": 0, "entries": [{"index": 0,
    ///   "requested": "+1 555, x", "id": null, "pn": null, "status": "invalid", "code": null,
    ///   "error": "not a number", "invite_code": null, "invite_expires_at": null, "invite_sent": null,
    ///   "duplicate_of": null, "attempts": 0, "first_attempt_at": null, "finished_at": null}]}"#).unwrap();
    /// assert!(report.to_csv().lines().nth(1).unwrap().starts_with("0,\"+1 555, x\",,,invalid,,not a number"));
    /// ```
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = [
            "index",
            "requested",
            "id",
            "pn",
            "status",
            "code",
            "error",
            "invite_code",
            "invite_expires_at",
            "invite_sent",
            "duplicate_of",
            "attempts",
            "first_attempt_at",
            "finished_at",
        ];
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        let write = w.write_record(header).and_then(|()| {
            self.entries.iter().try_for_each(|e| {
                w.write_record([
                    e.index.to_string(),
                    e.requested.clone(),
                    text(&e.id),
                    text(&e.pn),
                    e.status.as_str().to_owned(),
                    num(e.code),
                    text(&e.error),
                    text(&e.invite_code),
                    num(e.invite_expires_at),
                    e.invite_sent.map(|b| b.to_string()).unwrap_or_default(),
                    e.duplicate_of.map(|i| i.to_string()).unwrap_or_default(),
                    e.attempts.to_string(),
                    num(e.first_attempt_at),
                    num(e.finished_at),
                ])
            })
        });
        write.expect("writing CSV to memory cannot fail");
        String::from_utf8(w.into_inner().expect("an in-memory writer flushes")).expect("CSV of UTF-8 fields is UTF-8")
    }
}
