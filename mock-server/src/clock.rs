//! Deterministic ids and an injectable clock.
//!
//! Group ids, invite codes, lids and event ids all come from one seeded generator whose
//! state lives in the world (so an exported world continues the same sequence), and times
//! come from either the system clock or a fixed clock that moves one second per change.

use serde::{Deserialize, Serialize};

/// Crockford base32, lower-case, as WAHA's `evt_` ULIDs.
const ULID_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const CODE_ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// How time moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Clock {
    /// Real time.
    System,
    /// Starts at `now_ms` and moves `step_ms` on every change.
    Fixed {
        /// Current time, Unix ms.
        now_ms: i64,
        /// Advance per change.
        step_ms: i64,
    },
}

/// The id generator and clock of a world.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ids {
    /// Generator state (continues across export/import).
    pub rng_state: u64,
    /// The clock.
    pub clock: Clock,
}

fn system_now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

impl Ids {
    /// A generator seeded with `seed`; `now_ms = 0` means the system clock.
    pub fn new(seed: u64, now_ms: i64) -> Ids {
        let clock = if now_ms > 0 { Clock::Fixed { now_ms, step_ms: 1000 } } else { Clock::System };
        Ids { rng_state: fastrand::Rng::with_seed(seed).get_seed(), clock }
    }

    fn draw<T>(&mut self, f: impl FnOnce(&mut fastrand::Rng) -> T) -> T {
        let mut rng = fastrand::Rng::with_seed(self.rng_state);
        let out = f(&mut rng);
        self.rng_state = rng.get_seed();
        out
    }

    /// Current time, Unix ms.
    pub fn now_ms(&self) -> i64 {
        match self.clock {
            Clock::System => system_now_ms(),
            Clock::Fixed { now_ms, .. } => now_ms,
        }
    }

    /// Moves a fixed clock one step and returns the new time.
    pub fn tick(&mut self) -> i64 {
        if let Clock::Fixed { now_ms, step_ms } = &mut self.clock {
            *now_ms += *step_ms;
        }
        self.now_ms()
    }

    /// Sets a fixed clock to `now_ms` (switching from the system clock if needed).
    pub fn set_now(&mut self, now_ms: i64) {
        let step_ms = match self.clock {
            Clock::Fixed { step_ms, .. } => step_ms,
            Clock::System => 1000,
        };
        self.clock = Clock::Fixed { now_ms, step_ms };
    }

    /// A new-style group id `120363…@g.us` (18 digits).
    pub fn group_id(&mut self) -> String {
        let n = self.draw(|r| r.u64(100_000_000_000..1_000_000_000_000));
        format!("120363{n}@g.us")
    }

    /// A 22-character invite code.
    pub fn invite_code(&mut self) -> String {
        self.draw(|r| (0..22).map(|_| CODE_ALPHABET[r.usize(..CODE_ALPHABET.len())] as char).collect())
    }

    /// A 15-digit linked id `…@lid`.
    pub fn lid(&mut self) -> String {
        let n = self.draw(|r| r.u64(100_000_000_000_000..1_000_000_000_000_000));
        format!("{n}@lid")
    }

    /// `evt_` + lower-case ULID (48-bit ms time + 80 random bits).
    pub fn event_id(&mut self) -> String {
        let time = self.now_ms().max(0) as u128 & ((1 << 48) - 1);
        let random = self.draw(|r| r.u128(..)) & ((1 << 80) - 1);
        let value = (time << 80) | random;
        let ulid: String = (0..26).rev().map(|i| ULID_ALPHABET[((value >> (i * 5)) & 31) as usize] as char).collect();
        format!("evt_{ulid}")
    }

    /// A delivery id for `X-Webhook-Request-Id` (WAHA uses `uniqid()`: hex).
    pub fn request_id(&mut self) -> String {
        let n = self.draw(|r| r.u64(..));
        format!("{n:016x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_ids() {
        let mut a = Ids::new(7, 1_740_000_000_000);
        let mut b = Ids::new(7, 1_740_000_000_000);
        for _ in 0..5 {
            assert_eq!(a.group_id(), b.group_id());
            assert_eq!(a.invite_code(), b.invite_code());
            assert_eq!(a.event_id(), b.event_id());
        }
        assert_ne!(Ids::new(8, 1).group_id(), Ids::new(7, 1).group_id());
    }

    #[test]
    fn shapes() {
        let mut ids = Ids::new(1, 1_740_000_000_000);
        let g = ids.group_id();
        assert!(g.starts_with("120363") && g.ends_with("@g.us") && g.len() == 18 + 5, "{g}");
        waha_groups::GroupId::parse(&g).unwrap();
        let code = ids.invite_code();
        assert_eq!(code.len(), 22);
        waha_groups::InviteCode::parse(&code).unwrap();
        let evt = ids.event_id();
        assert_eq!(evt.len(), 30, "{evt}");
        assert!(evt[4..].starts_with("01j"), "time prefix of 2025: {evt}");
        assert!(waha_groups::ContactId::parse(&ids.lid()).unwrap().is_lid());
    }

    #[test]
    fn fixed_clock_ticks() {
        let mut ids = Ids::new(1, 1000);
        assert_eq!(ids.now_ms(), 1000);
        assert_eq!(ids.tick(), 2000);
        ids.set_now(5);
        assert_eq!(ids.now_ms(), 5);
        assert!(Ids::new(1, 0).now_ms() > 1_700_000_000_000);
    }
}
