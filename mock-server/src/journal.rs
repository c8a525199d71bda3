//! A bounded request journal of our own (wiremock's recording is off for long runs).

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::Value;

/// One request the mock answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JournalEntry {
    /// Sequence number (1-based, never reused).
    pub seq: u64,
    /// When (mock clock), Unix ms.
    pub at_ms: i64,
    /// HTTP method.
    pub method: String,
    /// Path as requested.
    pub path: String,
    /// Raw query string.
    pub query: Option<String>,
    /// SDK method name of the operation, when the route is known.
    pub operation: Option<String>,
    /// Session from the path.
    pub session: Option<String>,
    /// Status answered (0 = connection dropped).
    pub status: u16,
    /// JSON request body.
    pub body: Option<Value>,
}

/// Filters for `GET /__mock/journal`.
#[derive(Debug, Default)]
pub struct JournalFilter {
    /// Operation name.
    pub operation: Option<String>,
    /// HTTP method.
    pub method: Option<String>,
    /// Session.
    pub session: Option<String>,
    /// Status.
    pub status: Option<u16>,
    /// Only entries with `seq` greater than this.
    pub since: Option<u64>,
}

/// The journal.
#[derive(Debug)]
pub struct Journal {
    entries: VecDeque<JournalEntry>,
    capacity: usize,
    next_seq: u64,
}

impl Journal {
    /// A journal keeping the last `capacity` entries.
    pub fn new(capacity: usize) -> Journal {
        Journal { entries: VecDeque::with_capacity(capacity.min(4096)), capacity: capacity.max(1), next_seq: 1 }
    }

    /// Records an entry (its `seq` is assigned here).
    pub fn push(&mut self, mut entry: JournalEntry) {
        entry.seq = self.next_seq;
        self.next_seq += 1;
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// Matching entries, oldest first.
    pub fn query(&self, f: &JournalFilter) -> Vec<&JournalEntry> {
        self.entries
            .iter()
            .filter(|e| f.operation.as_deref().is_none_or(|o| e.operation.as_deref() == Some(o)))
            .filter(|e| f.method.as_deref().is_none_or(|m| e.method.eq_ignore_ascii_case(m)))
            .filter(|e| f.session.as_deref().is_none_or(|s| e.session.as_deref() == Some(s)))
            .filter(|e| f.status.is_none_or(|s| e.status == s))
            .filter(|e| f.since.is_none_or(|s| e.seq > s))
            .collect()
    }

    /// Forgets every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(op: &str) -> JournalEntry {
        JournalEntry {
            seq: 0,
            at_ms: 0,
            method: "GET".into(),
            path: "/".into(),
            query: None,
            operation: Some(op.into()),
            session: None,
            status: 200,
            body: None,
        }
    }

    #[test]
    fn bounded_and_filtered() {
        let mut j = Journal::new(3);
        for op in ["a", "b", "a", "c"] {
            j.push(entry(op));
        }
        let all = j.query(&JournalFilter::default());
        assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!(j.query(&JournalFilter { operation: Some("a".into()), ..Default::default() }).len(), 1);
        assert_eq!(j.query(&JournalFilter { since: Some(3), ..Default::default() }).len(), 1);
    }
}
