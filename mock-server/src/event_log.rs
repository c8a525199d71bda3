//! The bounded log of emitted events, with each delivery's outcome.

use std::collections::VecDeque;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;
use waha_groups::webhook::{self, WebhookEvent};

use crate::delivery::DeliveryRecord;

/// An event the mock emitted.
///
/// It keeps the envelope as the bytes sent (a `Value` tree of a 1,000-member group's event was
/// ~5× their size); [`Emitted::body`] and [`Emitted::typed`] parse them when asked.
#[derive(Debug, Clone, Serialize)]
pub struct Emitted {
    /// Emission order (1-based).
    pub seq: u64,
    /// Session it belongs to.
    pub session: String,
    /// Event name.
    pub event: String,
    /// The envelope exactly as sent (serialised verbatim as `body`).
    #[serde(rename = "body")]
    sent: Box<RawValue>,
    #[serde(skip)]
    typed: OnceLock<WebhookEvent>,
    /// Deliveries to configured URLs.
    pub deliveries: Vec<DeliveryRecord>,
}

impl Emitted {
    /// An event to log (its `seq` is set by [`EventLog::push`]).
    pub(crate) fn new(session: &str, event: &str, sent: Box<RawValue>) -> Emitted {
        Emitted {
            seq: 0,
            session: session.to_owned(),
            event: event.to_owned(),
            sent,
            typed: OnceLock::new(),
            deliveries: vec![],
        }
    }

    /// The envelope exactly as sent.
    pub fn body_text(&self) -> &str {
        self.sent.get()
    }

    /// The envelope as a JSON value (parsed on each call).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // WEBJS sends the creator no group.v2.join; GOWS does.
    /// let mock = waha_mock::MockWaha::builder().engine(waha_groups::Engine::Gows).start().await?;
    /// let client = waha_groups::Client::builder().base_url(mock.url()).build()?;
    /// client.groups("default").create("Team", ["22222222222@c.us"]).await?;
    /// let event = &mock.events(Some("default"), Some("group.v2.join"))[0];
    /// assert_eq!(event.body()["payload"]["group"]["subject"], "Team");
    /// # Ok(()) }
    /// ```
    pub fn body(&self) -> Value {
        serde_json::from_str(self.sent.get()).expect("the mock writes valid JSON")
    }

    /// The envelope as the SDK parses it (parsed on first use: events of big groups are costly
    /// to parse, and most are never read).
    pub fn typed(&self) -> &WebhookEvent {
        self.typed.get_or_init(|| match webhook::parse(self.sent.get().as_bytes()) {
            Ok(t) => t,
            Err(e) => panic!("the mock rendered an event the SDK cannot parse ({e}): {}", self.sent),
        })
    }
}

/// Bounded log of emitted events.
#[derive(Debug)]
pub struct EventLog {
    entries: VecDeque<Emitted>,
    capacity: usize,
    next_seq: u64,
    dropped: u64,
}

impl EventLog {
    /// A log keeping the last `capacity` events.
    pub fn new(capacity: usize) -> EventLog {
        EventLog { entries: VecDeque::new(), capacity: capacity.max(1), next_seq: 1, dropped: 0 }
    }

    /// Deliveries dropped because a receiver's queue was full, since the start (or the last clear).
    pub fn dropped_deliveries(&self) -> u64 {
        self.dropped
    }

    /// Appends an event; its sequence number.
    pub(crate) fn push(&mut self, mut e: Emitted) -> u64 {
        e.seq = self.next_seq;
        self.next_seq += 1;
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(e);
        self.next_seq - 1
    }

    /// Keeps the latest outcome of an event's delivery to one URL (a dropped one is counted).
    pub(crate) fn record(&mut self, seq: u64, record: DeliveryRecord) {
        if record.dropped {
            self.dropped += 1;
        }
        // Sequence numbers are consecutive in the log: the entry's place is computed, not searched
        // for (this runs under the mock's one lock, once per delivery attempt).
        let first = self.entries.front().map_or(seq, |e| e.seq);
        let entry = seq.checked_sub(first).and_then(|i| self.entries.get_mut(usize::try_from(i).ok()?));
        if let Some(e) = entry.filter(|e| e.seq == seq) {
            match e.deliveries.iter_mut().find(|d| d.url == record.url) {
                Some(d) => *d = record,
                None => e.deliveries.push(record),
            }
        }
    }

    /// How many events were ever emitted (not capped by the log's capacity).
    pub fn emitted(&self) -> u64 {
        self.next_seq - 1
    }

    /// Events, oldest first, optionally of one session / event name.
    pub fn list(&self, session: Option<&str>, event: Option<&str>) -> Vec<Emitted> {
        self.entries
            .iter()
            .filter(|e| session.is_none_or(|s| e.session == s) && event.is_none_or(|n| e.event == n))
            .cloned()
            .collect()
    }

    /// Forgets every event and the dropped-delivery count.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.dropped = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: u64) -> Emitted {
        Emitted::new("s", "message", RawValue::from_string(format!("{{\"n\":{n}}}")).unwrap())
    }

    fn delivered(url: &str, dropped: bool) -> DeliveryRecord {
        DeliveryRecord { url: url.into(), attempts: 1, last_status: Some(200), delivered: !dropped, dropped }
    }

    #[test]
    fn the_log_keeps_its_bound_and_records_by_sequence_number() {
        let mut log = EventLog::new(3);
        for n in 1..=5 {
            assert_eq!(log.push(event(n)), n);
        }
        let kept: Vec<u64> = log.list(None, None).iter().map(|e| e.seq).collect();
        assert_eq!((kept, log.emitted()), (vec![3, 4, 5], 5));
        log.record(4, delivered("http://a", false));
        log.record(4, delivered("http://a", false));
        log.record(5, delivered("http://b", true));
        log.record(2, delivered("http://a", true)); // evicted: only counted
        log.record(9, delivered("http://a", false)); // never emitted: ignored
        let list = log.list(None, None);
        assert_eq!(list.iter().map(|e| e.deliveries.len()).collect::<Vec<_>>(), [0, 1, 1]);
        assert!(list[2].deliveries[0].dropped);
        assert_eq!(log.dropped_deliveries(), 2);
        assert_eq!(list[1].body()["n"], 4);
    }
}
