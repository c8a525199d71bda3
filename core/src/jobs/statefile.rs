//! The resumable state file of a membership job: JSON lines, appended and flushed to disk as
//! the job goes, so a process killed at any instant leaves a file the next run continues from.
//!
//! ```text
//! {"kind":"job","version":1,"group":"…@g.us","session":"default","action":"add","input":"<sha-256>","members":1500}
//! {"kind":"sent","batch":1,"members":[0,1,2],"at":1765000000000}
//! {"kind":"outcome","entry":{"index":0,"status":"added",…}}
//! ```
//!
//! A `sent` line is written before its request and the batch's `outcome` lines after it: a
//! member with an outcome is never sent again, and one that was sent without an outcome is
//! "in flight" — the job reads the group to see whether the change took effect before it
//! sends anything. A torn last line (the process died mid-write) is cut off; any other
//! unreadable line, or a file written for another group, action or input, is refused.
//!
//! Layer: jobs (a leaf of `jobs`); it may import the foundation and `jobs/report`.

use std::collections::{BTreeSet, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::report::{Action, MemberReport};
use crate::error::{Error, ErrorKind, Result};

const VERSION: u32 = 1;

/// What a state file belongs to: a job on this group, session, action and input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Header {
    pub version: u32,
    pub group: String,
    pub session: String,
    pub action: Action,
    /// SHA-256 of the input members, one per line.
    pub input: String,
    pub members: usize,
}

impl Header {
    pub(crate) fn new(group: &str, session: &str, action: Action, inputs: &[String]) -> Header {
        let mut hash = Sha256::new();
        for input in inputs {
            hash.update(input.as_bytes());
            hash.update(b"\n");
        }
        Header {
            version: VERSION,
            group: group.to_owned(),
            session: session.to_owned(),
            action,
            input: hex::encode(hash.finalize()),
            members: inputs.len(),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Record {
    Job(Header),
    Sent { batch: u64, members: Vec<usize>, at: i64 },
    Outcome { entry: MemberReport },
}

/// What an existing file says.
#[derive(Debug, Default)]
pub(crate) struct Replay {
    /// Members with a recorded outcome.
    pub outcomes: HashMap<usize, MemberReport>,
    /// Members sent without a recorded outcome.
    pub in_flight: BTreeSet<usize>,
    /// Requests that carried each member, and when the first was sent.
    pub attempts: HashMap<usize, (u32, i64)>,
    /// The last batch number used.
    pub batches: u64,
}

/// An open state file, appended to.
pub(crate) struct StateFile {
    file: File,
    path: PathBuf,
}

fn failure(path: &Path, what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::StateFile, format!("state file {}: {what}: {e}", path.display()))
}

impl StateFile {
    /// Opens (or creates) the file for the job `header` describes and reads what it holds.
    pub(crate) fn open(path: &Path, header: &Header) -> Result<(StateFile, Replay)> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| failure(path, "cannot open", e))?;
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(|e| failure(path, "cannot read", e))?;
        let mut state = StateFile { file, path: path.to_owned() };
        if text.trim().is_empty() {
            state.append(&[Record::Job(header.clone())])?;
            return Ok((state, Replay::default()));
        }
        let complete = state.cut_torn_line(&text)?;
        let replay = replay(path, &text[..complete], header)?;
        Ok((state, replay))
    }

    /// Cuts a last line that has no newline (a write the process did not finish); returns the
    /// length of the complete lines.
    fn cut_torn_line(&mut self, text: &str) -> Result<usize> {
        let complete = text.rfind('\n').map_or(0, |i| i + 1);
        if complete < text.len() {
            self.file.set_len(complete as u64).map_err(|e| failure(&self.path, "cannot cut a torn line", e))?;
            self.file.seek(SeekFrom::End(0)).map_err(|e| failure(&self.path, "cannot seek", e))?;
        }
        Ok(complete)
    }

    /// Records that `members` are about to be sent as batch `batch`.
    pub(crate) fn sent(&mut self, batch: u64, members: &[usize], at: i64) -> Result<()> {
        self.append(&[Record::Sent { batch, members: members.to_vec(), at }])
    }

    /// Records final outcomes.
    pub(crate) fn outcomes<'a>(&mut self, entries: impl IntoIterator<Item = &'a MemberReport>) -> Result<()> {
        let records: Vec<Record> = entries.into_iter().map(|e| Record::Outcome { entry: e.clone() }).collect();
        if records.is_empty() { Ok(()) } else { self.append(&records) }
    }

    /// Writes the lines in one write and waits until they are on disk.
    fn append(&mut self, records: &[Record]) -> Result<()> {
        let mut buf = Vec::with_capacity(records.len() * 256);
        for r in records {
            serde_json::to_writer(&mut buf, r).expect("a record always serialises");
            buf.push(b'\n');
        }
        self.file.write_all(&buf).map_err(|e| failure(&self.path, "cannot write", e))?;
        self.file.sync_data().map_err(|e| failure(&self.path, "cannot flush to disk", e))
    }
}

fn replay(path: &Path, text: &str, header: &Header) -> Result<Replay> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, first) = lines.next().ok_or_else(|| failure(path, "empty", "no job line"))?;
    match serde_json::from_str::<Record>(first) {
        Ok(Record::Job(found)) => check_header(path, &found, header)?,
        _ => return Err(failure(path, "line 1", "not a waha-groups job state file (no job line)")),
    }
    let mut r = Replay::default();
    for (n, line) in lines {
        let record = serde_json::from_str::<Record>(line).map_err(|e| failure(path, &format!("line {}", n + 1), e))?;
        match record {
            Record::Job(_) => return Err(failure(path, &format!("line {}", n + 1), "a second job line")),
            Record::Sent { batch, members, at } => {
                r.batches = r.batches.max(batch);
                for i in members.into_iter().filter(|i| *i < header.members) {
                    let a = r.attempts.entry(i).or_insert((0, at));
                    a.0 += 1;
                    if !r.outcomes.contains_key(&i) {
                        r.in_flight.insert(i);
                    }
                }
            }
            Record::Outcome { entry } if entry.index < header.members => {
                r.in_flight.remove(&entry.index);
                r.outcomes.insert(entry.index, entry);
            }
            Record::Outcome { entry } => {
                return Err(failure(
                    path,
                    &format!("line {}", n + 1),
                    format!("member {} is not in the input", entry.index),
                ));
            }
        }
    }
    Ok(r)
}

fn check_header(path: &Path, found: &Header, want: &Header) -> Result<()> {
    let differs = |what: &str, a: &dyn std::fmt::Display, b: &dyn std::fmt::Display| {
        failure(
            path,
            "belongs to another job",
            format!("it is for {what} {a}, this job is for {b}; use another state file"),
        )
    };
    if found.version != want.version {
        return Err(differs("version", &found.version, &want.version));
    }
    if found.group != want.group {
        return Err(differs("group", &found.group, &want.group));
    }
    if found.session != want.session {
        return Err(differs("session", &found.session, &want.session));
    }
    if found.action != want.action {
        return Err(differs("action", &found.action, &want.action));
    }
    if found.input != want.input || found.members != want.members {
        let (a, b) = (format!("{} members", found.members), format!("{} members", want.members));
        return Err(differs("another input list of", &a, &b));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::report::MemberStatus;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("waha-statefile-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        dir
    }

    fn header(inputs: &[&str]) -> Header {
        Header::new("1@g.us", "default", Action::Add, &inputs.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn outcomes_and_in_flight_members_survive_a_restart_and_a_torn_line() {
        let path = temp("replay");
        let h = header(&["1", "2", "3"]);
        {
            let (mut f, replay) = StateFile::open(&path, &h).unwrap();
            assert!(replay.outcomes.is_empty());
            f.sent(1, &[0, 1], 10).unwrap();
            let mut done = MemberReport::new(0, "1");
            done.status = MemberStatus::Added;
            f.outcomes([&done]).unwrap();
            f.sent(2, &[2], 20).unwrap();
        }
        // The process died in the middle of writing a line.
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"{\"kind\":\"outc").unwrap();
        let (mut f, replay) = StateFile::open(&path, &h).unwrap();
        assert_eq!(replay.outcomes[&0].status, MemberStatus::Added);
        assert_eq!(replay.in_flight, BTreeSet::from([1, 2]));
        assert_eq!((replay.attempts[&2], replay.batches), ((1, 20), 2));
        f.sent(3, &[1], 30).unwrap();
        drop(f);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.ends_with("\"at\":30}\n") && !text.contains("outc\n"), "torn line cut: {text}");
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn a_file_of_another_job_or_a_corrupt_one_is_refused() {
        let path = temp("other");
        drop(StateFile::open(&path, &header(&["1", "2"])).unwrap());
        let other = |h: Header| StateFile::open(&path, &h).err().unwrap();
        let err = other(header(&["1", "3"]));
        assert_eq!(err.kind(), ErrorKind::StateFile);
        assert!(err.message().contains("another input list"), "{}", err.message());
        let mut remove = header(&["1", "2"]);
        remove.action = Action::Remove;
        assert!(other(remove).message().contains("action add, this job is for remove"));
        let mut group = header(&["1", "2"]);
        group.group = "2@g.us".into();
        assert!(other(group).message().contains("group 1@g.us"));
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"garbage\n{}\n").unwrap();
        assert!(other(header(&["1", "2"])).message().contains("line 2"));
        std::fs::write(&path, "hello\n").unwrap();
        assert!(other(header(&["1", "2"])).message().contains("not a waha-groups job state file"));
        let _ = std::fs::remove_file(&path);
    }
}
