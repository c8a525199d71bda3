//! WhatsApp's limits, simulated: the group size cap and the rate of member changes per session.
//! Off unless set ([`Limits::default`] has neither), so worlds without them behave as before.
//!
//! The rate limit is a token bucket per session account, counted in members (a request adding
//! 20 members takes 20 tokens) and driven by the world's clock: with the system clock it is
//! real time; with a fixed clock it refills only as that clock moves (each change moves it one
//! step, `POST /__mock/clock` sets it), so a test decides exactly when tokens come back.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// WhatsApp's size cap for a group, admins included (the core's figure).
pub const WHATSAPP_GROUP_SIZE_CAP: u32 = waha_groups::model::WHATSAPP_GROUP_SIZE_CAP as u32;

/// The per-member code an add into a full group answers (the core's figure).
pub const GROUP_FULL_CODE: u16 = waha_groups::model::GROUP_FULL_CODE as u16;

/// The limits of a world (`GET`/`PUT /__mock/limits`, `--limits`, `MockWaha::set_limits`).
///
/// ```
/// use waha_mock::state::Limits;
/// let limits: Limits = "cap=1024,rate=600,burst=20".parse().unwrap();
/// assert_eq!(limits.group_size_cap, Some(1024));
/// assert_eq!(limits.member_rate.map(|r| (r.per_minute, r.burst)), Some((600.0, 20)));
/// assert_eq!("".parse::<Limits>().unwrap(), Limits::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest group, admins included: each member an add would put beyond it answers the
    /// per-member code 419 and is not added. WhatsApp's is 1024.
    pub group_size_cap: Option<u32>,
    /// Member changes (add, remove, promote, demote) per session account; a request over it
    /// answers WAHA's 500 `rate-overlimit` and changes nothing.
    pub member_rate: Option<MemberRate>,
}

/// A token bucket: `per_minute` members come back each minute, up to `burst`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRate {
    /// Members per minute.
    pub per_minute: f64,
    /// Bucket size: how many members may go at once after a pause.
    pub burst: u32,
}

impl Limits {
    /// Every limit on, as WhatsApp has it: the cap of 1024 and `rate` members per minute.
    pub fn whatsapp(per_minute: f64, burst: u32) -> Limits {
        Limits { group_size_cap: Some(WHATSAPP_GROUP_SIZE_CAP), member_rate: Some(MemberRate { per_minute, burst }) }
    }

    /// Checks the values: a rate must be positive and finite, a burst and a cap at least 1.
    pub fn validate(&self) -> Result<(), String> {
        if self.group_size_cap == Some(0) {
            return Err("group_size_cap must be at least 1".into());
        }
        if let Some(r) = self.member_rate {
            if !(r.per_minute.is_finite() && r.per_minute > 0.0) {
                return Err(format!("member_rate.per_minute must be a positive number, got {}", r.per_minute));
            }
            if r.burst == 0 {
                return Err("member_rate.burst must be at least 1".into());
            }
        }
        Ok(())
    }
}

/// `cap=N,rate=N,burst=N` (any subset; `rate` alone takes `burst` = 20; empty or `off`: none).
impl FromStr for Limits {
    type Err = String;
    fn from_str(s: &str) -> Result<Limits, String> {
        let mut limits = Limits::default();
        let (mut rate, mut burst) = (None, None);
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty() && *p != "off") {
            let (key, value) = part.split_once('=').ok_or_else(|| format!("limit {part:?} is not key=value"))?;
            let number =
                |what: &str| value.trim().parse::<f64>().map_err(|_| format!("{what} must be a number, got {value:?}"));
            match key.trim() {
                "cap" => limits.group_size_cap = Some(number("cap")? as u32),
                "rate" => rate = Some(number("rate")?),
                "burst" => burst = Some(number("burst")? as u32),
                other => return Err(format!("unknown limit {other:?}; known: cap, rate, burst")),
            }
        }
        match (rate, burst) {
            (Some(per_minute), burst) => {
                limits.member_rate = Some(MemberRate { per_minute, burst: burst.unwrap_or(20) })
            }
            (None, Some(_)) => return Err("burst needs a rate".into()),
            (None, None) => {}
        }
        limits.validate()?;
        Ok(limits)
    }
}

impl fmt::Display for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(cap) = self.group_size_cap {
            parts.push(format!("cap={cap}"));
        }
        if let Some(r) = self.member_rate {
            parts.push(format!("rate={},burst={}", r.per_minute, r.burst));
        }
        if parts.is_empty() { f.write_str("off") } else { f.write_str(&parts.join(",")) }
    }
}

/// The buckets of the sessions' accounts (derived state, not exported with the world). One per
/// account that changed members, so at most one per session.
#[derive(Debug, Clone, Default)]
pub(crate) struct Buckets(HashMap<String, Bucket>);

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at_ms: i64,
}

impl Buckets {
    /// Takes `members` tokens from `account`'s bucket at `now_ms`, or says no (nothing taken).
    /// A request larger than the burst goes when the bucket is full and leaves it in debt, so a
    /// batch bigger than the burst is slowed, never refused forever.
    pub(crate) fn take(&mut self, rate: MemberRate, account: &str, members: usize, now_ms: i64) -> bool {
        let burst = f64::from(rate.burst);
        let bucket = self.0.entry(account.to_owned()).or_insert(Bucket { tokens: burst, at_ms: now_ms });
        let elapsed = (now_ms - bucket.at_ms).max(0) as f64;
        bucket.tokens = (bucket.tokens + elapsed * rate.per_minute / 60_000.0).min(burst);
        bucket.at_ms = bucket.at_ms.max(now_ms);
        let need = members as f64;
        // A tiny tolerance: refills are floating point and a request that arrives exactly on time should pass.
        if bucket.tokens + 1e-9 < need.min(burst) {
            return false;
        }
        bucket.tokens -= need;
        true
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}

/// Derived state: two worlds are equal whatever their buckets hold.
impl PartialEq for Buckets {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: MemberRate = MemberRate { per_minute: 600.0, burst: 20 };

    #[test]
    fn the_bucket_refills_with_the_clock() {
        let mut b = Buckets::default();
        assert!(b.take(RATE, "a", 20, 0), "a full bucket lets a burst through");
        assert!(!b.take(RATE, "a", 1, 0), "then it is empty");
        assert!(!b.take(RATE, "a", 20, 1_000), "10 back after a second: 20 do not fit");
        assert!(b.take(RATE, "a", 10, 1_000));
        assert!(b.take(RATE, "b", 20, 1_000), "each account has its own bucket");
        assert!(b.take(RATE, "a", 20, 3_000));
        // Larger than the burst: goes when full, then the debt is paid back before the next.
        assert!(b.take(RATE, "c", 50, 0));
        assert!(!b.take(RATE, "c", 1, 3_000), "the debt of 30 members takes 3 s at 10/s");
        assert!(b.take(RATE, "c", 1, 3_200));
    }

    #[test]
    fn limits_parse_and_name_their_problems() {
        assert_eq!("rate=60".parse::<Limits>().unwrap().member_rate, Some(MemberRate { per_minute: 60.0, burst: 20 }));
        assert_eq!("off".parse::<Limits>().unwrap(), Limits::default());
        for (text, needle) in [
            ("cap", "not key=value"),
            ("speed=3", "unknown limit \"speed\""),
            ("rate=x", "rate must be a number"),
            ("burst=3", "burst needs a rate"),
            ("rate=0", "positive"),
            ("cap=0", "at least 1"),
        ] {
            let err = text.parse::<Limits>().unwrap_err();
            assert!(err.contains(needle), "{text}: {err}");
        }
        let l = Limits::whatsapp(600.0, 20);
        assert_eq!(l.to_string().parse::<Limits>().unwrap(), l);
        assert_eq!(Limits::default().to_string(), "off");
    }
}
