//! The membership job's driver: plan, resume, then paced batches until every member has an
//! outcome, the job is cancelled, or an error that no retry can fix stops it.
//!
//! Layer: jobs; it may import the facades (`Groups`) and everything below them.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::pacer::Pacer;
use super::plan::{self, Roster, WHATSAPP_GROUP_SIZE_CAP};
use super::progress::{CancelToken, Progress};
use super::report::{Action, JobReport, MemberReport, MemberStatus};
use super::statefile::{Header, Replay, StateFile};
use crate::error::{Error, ErrorKind, Result};
use crate::groups::Groups;
use crate::ids::GroupId;
use crate::model::{Participant, ParticipantOutcome};
use crate::observe::{Event, EventKind};

/// How a job runs. The defaults are conservative: WhatsApp bans accounts that add too fast.
#[derive(Debug, Clone, PartialEq)]
pub struct JobOptions {
    /// Members per request (default 10; 1 to 1000).
    pub batch_size: usize,
    /// Members per minute the job starts at and never exceeds (default 30); it slows down on
    /// its own when WhatsApp answers `rate-overlimit`.
    pub rate_per_minute: f64,
    /// The group size cap, admins included (default WhatsApp's 1024).
    pub size_cap: usize,
    /// Only plan: read the group, decide every member, send nothing, write no state file.
    pub dry_run: bool,
    /// The JSON-lines state file that makes the job resumable (none by default).
    pub state_file: Option<PathBuf>,
    /// First backoff after a refusal (default 2 s), doubled per refusal in a row up to
    /// `backoff_max` (default 5 min), with 0–20 % jitter.
    pub backoff_base: Duration,
    /// The longest backoff.
    pub backoff_max: Duration,
    /// Requests a member may take part in whose outcome was unknown or failed before it is
    /// reported `failed` (default 5; `rate-overlimit` refusals do not count).
    pub max_attempts: u32,
}

impl Default for JobOptions {
    fn default() -> Self {
        JobOptions {
            batch_size: 10,
            rate_per_minute: 30.0,
            size_cap: WHATSAPP_GROUP_SIZE_CAP,
            dry_run: false,
            state_file: None,
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(300),
            max_attempts: 5,
        }
    }
}

impl JobOptions {
    fn validate(&self) -> Result<()> {
        if !(1..=1000).contains(&self.batch_size) {
            return Err(Error::invalid(format!("batch_size must be 1 to 1000, got {}", self.batch_size)));
        }
        if !(self.rate_per_minute.is_finite() && self.rate_per_minute > 0.0) {
            return Err(Error::invalid(format!(
                "rate_per_minute must be a positive number, got {}",
                self.rate_per_minute
            )));
        }
        if self.size_cap == 0 {
            return Err(Error::invalid("size_cap must be at least 1"));
        }
        if self.max_attempts == 0 {
            return Err(Error::invalid("max_attempts must be at least 1"));
        }
        Ok(())
    }
}

/// Changes the membership of one group for a list of members, under WhatsApp's limits:
/// planned first, paced, resumable from a state file, one report entry per input member.
///
/// ```no_run
/// # async fn demo(client: waha_groups::Client) -> waha_groups::Result<()> {
/// use waha_groups::jobs::{Action, JobOptions, MembershipJob};
/// let groups = client.groups("default");
/// let members = waha_groups::jobs::members_from_csv(&std::fs::read_to_string("members.csv").unwrap())?;
/// let options = JobOptions { state_file: Some("run.jsonl".into()), ..JobOptions::default() };
/// let report = MembershipJob::new(&groups, "123@g.us", Action::Add, members)
///     .options(options)
///     .run(|p| eprintln!("{}/{} at {:.0}/min", p.done, p.total, p.rate_per_minute))
///     .await?;
/// println!("{} added, {} to invite", report.count(waha_groups::jobs::MemberStatus::Added), report.invitations().len());
/// # Ok(()) }
/// ```
pub struct MembershipJob {
    groups: Groups,
    group_id: String,
    action: Action,
    inputs: Vec<String>,
    options: JobOptions,
    cancel: CancelToken,
}

/// The running state of one job.
struct Run<P> {
    groups: Groups,
    group_id: String,
    action: Action,
    options: JobOptions,
    cancel: CancelToken,
    entries: Vec<MemberReport>,
    queue: VecDeque<usize>,
    file: Option<StateFile>,
    pacer: Pacer,
    batches: u64,
    requests: u32,
    rate_limited: u32,
    last_error: Option<&'static str>,
    progress: P,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

impl MembershipJob {
    /// A job applying `action` to `members` (any id form the client accepts) in `group_id`.
    pub fn new<I, S>(groups: &Groups, group_id: impl Into<String>, action: Action, members: I) -> MembershipJob
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        MembershipJob {
            groups: groups.clone(),
            group_id: group_id.into(),
            action,
            inputs: members.into_iter().map(Into::into).collect(),
            options: JobOptions::default(),
            cancel: CancelToken::new(),
        }
    }

    /// Sets the options.
    pub fn options(mut self, options: JobOptions) -> Self {
        self.options = options;
        self
    }

    /// Uses `token` to stop the job ([`CancelToken::cancel`]).
    pub fn cancel_token(mut self, token: CancelToken) -> Self {
        self.cancel = token;
        self
    }

    /// Runs the job to its end; `progress` sees each step. Errors that no retry can fix (a bad
    /// argument or state file, a wrong key, a missing session or group) end it with `Err`; the
    /// state file then resumes it once fixed.
    pub async fn run(self, progress: impl FnMut(&Progress)) -> Result<JobReport> {
        let MembershipJob { groups, group_id, action, inputs, options, cancel } = self;
        options.validate()?;
        let group = GroupId::parse(&group_id)?;
        let members = groups.participants(group.as_str()).await?;
        let roster = Roster::new(&members);
        let (file, replay) = match (&options.state_file, options.dry_run) {
            (Some(path), false) => {
                let header = Header::new(group.as_str(), groups.session(), action, &inputs);
                let (file, replay) = StateFile::open(path, &header)?;
                (Some(file), replay)
            }
            _ => (None, Replay::default()),
        };
        let mut entries = plan::entries(inputs, &roster);
        let settled = resume(action, &mut entries, &replay, &roster);
        let queue = plan::decide(action, &mut entries, &roster, options.size_cap);
        let o = &options;
        let pacer = Pacer::new(
            o.rate_per_minute,
            o.batch_size,
            (o.backoff_base, o.backoff_max),
            fastrand::u64(..),
            Instant::now(),
        );
        let dry_run = options.dry_run;
        let mut run = Run {
            groups,
            group_id,
            action,
            options,
            cancel,
            entries,
            queue: queue.into(),
            file,
            pacer,
            batches: replay.batches,
            requests: 0,
            rate_limited: 0,
            last_error: None,
            progress,
        };
        run.record(&settled)?;
        if dry_run {
            let mut report = run.report();
            report.dry_run = true;
            return Ok(report);
        }
        run.drive().await
    }
}

/// Applies what a state file recorded: outcomes are kept as they were; members sent without
/// an outcome are settled now when the group shows the change took effect. Returns those.
fn resume(action: Action, entries: &mut [MemberReport], replay: &Replay, roster: &Roster) -> Vec<usize> {
    for (i, recorded) in &replay.outcomes {
        entries[*i] = recorded.clone();
    }
    let mut settled = Vec::new();
    for (i, (attempts, first)) in &replay.attempts {
        let e = &mut entries[*i];
        if e.status == MemberStatus::Pending {
            e.attempts = *attempts;
            e.first_attempt_at = Some(*first);
        }
    }
    for &i in &replay.in_flight {
        let e = &mut entries[i];
        if e.status == MemberStatus::Pending && roster.reached(action, e) {
            e.status = action.done();
            e.finished_at = Some(now_ms());
            settled.push(i);
        }
    }
    settled
}

impl<P: FnMut(&Progress)> Run<P> {
    async fn drive(mut self) -> Result<JobReport> {
        self.tell(None);
        while !self.queue.is_empty() {
            if self.cancel.is_cancelled() {
                return Ok(self.cancelled());
            }
            let size = self.options.batch_size.min(self.queue.len());
            let batch: Vec<usize> = self.queue.drain(..size).collect();
            let wait = self.pacer.reserve(batch.len(), Instant::now());
            if !wait.is_zero() {
                self.tell(Some(now_ms() + wait.as_millis() as i64));
                let cancel = self.cancel.clone();
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = cancel.cancelled() => {
                        self.requeue(&batch);
                        return Ok(self.cancelled());
                    }
                }
            }
            self.send(batch).await?;
            self.tell(None);
        }
        Ok(self.report())
    }

    /// One request for `batch`, and what follows from its answer.
    async fn send(&mut self, batch: Vec<usize>) -> Result<()> {
        self.batches += 1;
        let at = now_ms();
        if let Some(f) = &mut self.file {
            f.sent(self.batches, &batch, at)?;
        }
        for &i in &batch {
            let e = &mut self.entries[i];
            e.attempts += 1;
            e.first_attempt_at.get_or_insert(at);
        }
        let ids: Vec<String> = batch.iter().map(|&i| self.entries[i].id.clone().unwrap_or_default()).collect();
        self.requests += 1;
        match self.call(&ids).await {
            Ok(outcomes) => {
                self.pacer.on_success();
                let unknown = self.apply(&batch, &outcomes)?;
                if !unknown.is_empty() {
                    self.reconcile(&unknown, "no outcome for the member").await?;
                }
                Ok(())
            }
            Err(e) if e.kind() == ErrorKind::RateLimited => {
                self.rate_limited += 1;
                self.last_error = Some(e.code());
                for &i in &batch {
                    // A refusal is not an attempt that counts against the member.
                    self.entries[i].attempts -= 1;
                }
                let wait = self.pacer.on_refusal(e.retry_after(), Instant::now());
                self.event(EventKind::JobRateLimited, wait);
                self.requeue(&batch);
                Ok(())
            }
            Err(e) if fatal(e.kind()) => Err(e),
            Err(e) => {
                self.last_error = Some(e.code());
                let wait = self.pacer.back_off(e.retry_after(), Instant::now());
                self.event(EventKind::JobReconcile, wait);
                self.reconcile(&batch, e.code()).await
            }
        }
    }

    async fn call(&self, ids: &[String]) -> Result<Vec<ParticipantOutcome>> {
        let (groups, id) = (&self.groups, self.group_id.as_str());
        match self.action {
            Action::Add => groups.add_participants(id, ids).await,
            Action::Remove => groups.remove_participants(id, ids).await,
            Action::Promote => groups.promote(id, ids).await,
            Action::Demote => groups.demote(id, ids).await,
        }
    }

    /// Sets each batch member's status from WhatsApp's per-member outcome; returns the members
    /// the answer said nothing about.
    fn apply(&mut self, batch: &[usize], outcomes: &[ParticipantOutcome]) -> Result<Vec<usize>> {
        let action = self.action;
        let mut finished = Vec::new();
        let mut unknown = Vec::new();
        let mut full = false;
        for &i in batch {
            let e = &self.entries[i];
            let sent = e.id.as_deref().unwrap_or_default();
            let found = outcomes.iter().find(|o| o.requested.as_deref() == Some(sent)).or_else(|| {
                outcomes.iter().find(|o| {
                    [Some(o.id.as_str()), o.pn.as_deref()].contains(&Some(sent)) || (o.pn.is_some() && o.pn == e.pn)
                })
            });
            let Some(o) = found else {
                unknown.push(i);
                continue;
            };
            let e = &mut self.entries[i];
            e.code = o.code;
            e.pn = e.pn.take().or_else(|| o.pn.clone());
            let add = action == Action::Add;
            e.status = match o.code {
                _ if o.ok => action.done(),
                _ if add && o.already_member() => MemberStatus::Already,
                _ if add && o.privacy_refused() => {
                    e.invite_code = o.invite_code.clone();
                    e.invite_expires_at = o.invite_expires_at;
                    e.invite_sent = o.invite_sent;
                    MemberStatus::Invited
                }
                _ if add && o.group_full() => {
                    full = true;
                    MemberStatus::GroupFull
                }
                _ => {
                    e.error = o.message.clone().or_else(|| o.code.map(|c| format!("WhatsApp answered {c}")));
                    MemberStatus::Failed
                }
            };
            e.finished_at = Some(now_ms());
            finished.push(i);
        }
        if full {
            // WhatsApp says the group is full: the adds still queued would only be refused.
            while let Some(i) = self.queue.pop_front() {
                let e = &mut self.entries[i];
                e.status = MemberStatus::GroupFull;
                e.error = Some("the group is full".into());
                e.finished_at = Some(now_ms());
                finished.push(i);
            }
        }
        self.record(&finished)?;
        Ok(unknown)
    }

    /// The outcome for `members` is unknown: reads the group, settles those the change reached,
    /// and sends the rest again (or fails them after `max_attempts`). Never re-sends blind.
    async fn reconcile(&mut self, members: &[usize], why: &str) -> Result<()> {
        let now_members: Vec<Participant> = self.groups.participants(&self.group_id).await?;
        let roster = Roster::new(&now_members);
        let mut finished = Vec::new();
        let mut again = Vec::new();
        for &i in members {
            let e = &mut self.entries[i];
            if roster.reached(self.action, e) {
                e.status = self.action.done();
            } else if e.attempts >= self.options.max_attempts {
                e.status = MemberStatus::Failed;
                e.error = Some(why.to_owned());
            } else {
                again.push(i);
                continue;
            }
            e.finished_at = Some(now_ms());
            finished.push(i);
        }
        self.requeue(&again);
        self.record(&finished)
    }

    /// Tells the client's sink (tracing, and the observer) what the job decided.
    fn event(&self, kind: EventKind, wait: Duration) {
        self.groups.emit(Event {
            session: Some(self.groups.session().to_owned()),
            group_id: Some(self.group_id.clone()),
            error: self.last_error,
            wait_ms: Some(wait.as_secs_f64() * 1000.0),
            rate_per_minute: Some(self.pacer.per_minute()),
            ..Event::new(kind, self.action.method_name())
        });
    }

    fn requeue(&mut self, batch: &[usize]) {
        for &i in batch.iter().rev() {
            self.queue.push_front(i);
        }
    }

    fn record(&mut self, finished: &[usize]) -> Result<()> {
        match &mut self.file {
            Some(f) => f.outcomes(finished.iter().map(|&i| &self.entries[i])),
            None => Ok(()),
        }
    }

    fn tell(&mut self, next_attempt_at: Option<i64>) {
        let done = self.entries.iter().filter(|e| e.status.is_final()).count();
        let p = Progress {
            done,
            total: self.entries.len(),
            rate_per_minute: self.pacer.per_minute(),
            next_attempt_at,
            last_error: self.last_error.map(str::to_owned),
            requests: self.requests,
            rate_limited: self.rate_limited,
        };
        (self.progress)(&p);
    }

    fn cancelled(self) -> JobReport {
        let mut report = self.report();
        report.cancelled = true;
        report
    }

    fn report(self) -> JobReport {
        let mut report = JobReport::new(self.group_id.clone(), self.action, self.entries);
        report.rate_limited = self.rate_limited;
        report.requests = self.requests;
        report
    }
}

/// Errors no retry of the same request can fix: the job stops and says why.
fn fatal(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::InvalidArgument
            | ErrorKind::Validation
            | ErrorKind::Authentication
            | ErrorKind::Forbidden
            | ErrorKind::NotFound
            | ErrorKind::SessionNotFound
            | ErrorKind::SessionNotReady
            | ErrorKind::PlusOnly
            | ErrorKind::NotImplemented
            | ErrorKind::GroupNotFound
            | ErrorKind::Refused
            | ErrorKind::StateFile
    )
}
