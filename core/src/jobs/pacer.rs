//! Pacing member changes under a rate limit nobody publishes.
//!
//! A token bucket (members per second, `burst` members at once) spaces the requests. WhatsApp's
//! limit is learnt from its refusals, the way adaptive clients do (AWS SDK adaptive retry,
//! octokit's throttling): a `rate-overlimit` takes the rate under half and marks the rate
//! that was refused; a rate that then holds for a few batches in a row is marked good, and the
//! pacer tries the middle of good and refused — at most [`MAX_PROBES`] more refusals — until the
//! two are within 10 % and it stays at the good one. Each refusal also waits: `Retry-After` when
//! WAHA sends one, else exponential backoff with 0–20 % jitter.
//!
//! Pure state: every method takes the time, so it is tested without sleeping.
//!
//! Layer: jobs (a leaf of `jobs`); it imports nothing of this crate.

use std::time::{Duration, Instant};

/// Refusals the pacer risks after the first one while it looks for the limit.
pub const MAX_PROBES: u32 = 3;

/// Successful batches in a row before a rate counts as good (after a pause the first batch
/// always passes: the server's bucket refilled).
const CONFIRM: u32 = 3;

/// Good and refused rates this close (ratio) end the search.
const CLOSE_ENOUGH: f64 = 1.1;

/// The slowest the pacer goes: one member a minute.
const FLOOR: f64 = 1.0 / 60.0;

/// A token-bucket pacer whose rate adapts to refusals.
#[derive(Debug, Clone)]
pub struct Pacer {
    rate: f64,
    burst: f64,
    tokens: f64,
    at: Instant,
    good: Option<f64>,
    refused: Option<f64>,
    probes_left: u32,
    streak: u32,
    refusals_in_a_row: u32,
    not_before: Option<Instant>,
    backoff_base: Duration,
    backoff_max: Duration,
    rng: fastrand::Rng,
}

impl Pacer {
    /// A pacer at `per_minute` members a minute, `burst` at once, starting full at `now`.
    pub fn new(per_minute: f64, burst: usize, backoff: (Duration, Duration), seed: u64, now: Instant) -> Pacer {
        let burst = burst.max(1) as f64;
        Pacer {
            rate: (per_minute / 60.0).max(FLOOR),
            burst,
            tokens: burst,
            at: now,
            good: None,
            refused: None,
            probes_left: MAX_PROBES,
            streak: 0,
            refusals_in_a_row: 0,
            not_before: None,
            backoff_base: backoff.0,
            backoff_max: backoff.1.max(backoff.0),
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// The current rate, members per minute.
    pub fn per_minute(&self) -> f64 {
        self.rate * 60.0
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        self.at = self.at.max(now);
    }

    /// Takes `members` tokens and says how long to wait before sending them (zero: now). The
    /// bucket may go into debt so a batch larger than the burst still goes, later.
    pub fn reserve(&mut self, members: usize, now: Instant) -> Duration {
        self.refill(now);
        let need = members as f64;
        let short = (need.min(self.burst) - self.tokens).max(0.0);
        let backoff = self.not_before.map_or(Duration::ZERO, |t| t.saturating_duration_since(now));
        let wait = Duration::from_secs_f64(short / self.rate).max(backoff);
        // The bucket as it will be when the batch goes: a later rate change applies from then.
        self.tokens = (self.tokens + wait.as_secs_f64() * self.rate).min(self.burst) - need;
        self.at = now + wait;
        wait
    }

    /// A batch went through.
    pub fn on_success(&mut self) {
        self.refusals_in_a_row = 0;
        self.streak += 1;
        // A new rate is trusted after CONFIRM batches; back at the known good rate after a failed
        // probe, one batch is enough before trying the next one.
        let at_good = self.good.is_some_and(|good| good >= self.rate);
        if self.streak < if at_good { 1 } else { CONFIRM } {
            return;
        }
        self.streak = 0;
        self.good = Some(self.good.map_or(self.rate, |g| g.max(self.rate)));
        if let (Some(good), Some(refused)) = (self.good, self.refused)
            && self.probes_left > 0
            && refused / good > CLOSE_ENOUGH
        {
            self.rate = (good + refused) / 2.0;
        }
    }

    /// WhatsApp answered `rate-overlimit` at `now`; `retry_after` when WAHA said how long.
    /// Returns how long the pacer now waits.
    pub fn on_refusal(&mut self, retry_after: Option<Duration>, now: Instant) -> Duration {
        if self.good.is_some_and(|good| good < self.rate) {
            self.probes_left = self.probes_left.saturating_sub(1);
        }
        self.refused = Some(self.refused.map_or(self.rate, |r| r.min(self.rate)));
        self.rate = match self.good {
            // A probe above the good rate failed: back to the good rate.
            Some(good) if good < self.rate => good,
            // The good rate itself failed (the limit moved): a little below it, confirmed anew.
            Some(_) => {
                self.good = None;
                self.rate * 0.9
            }
            // Under half, so a limit of exactly half the refused rate is not hit on the edge.
            None => self.rate * 0.45,
        }
        .max(FLOOR);
        self.back_off(retry_after, now)
    }

    /// A request failed for another reason (its outcome unknown): waits as after a refusal,
    /// without taking it as a sign of the rate limit.
    pub fn back_off(&mut self, retry_after: Option<Duration>, now: Instant) -> Duration {
        self.streak = 0;
        self.refusals_in_a_row += 1;
        let exponent = self.refusals_in_a_row.saturating_sub(1).min(16);
        let backoff = self.backoff_base.saturating_mul(1 << exponent).min(self.backoff_max);
        let jittered = backoff.mul_f64(1.0 + self.rng.f64() * 0.2);
        let wait = retry_after.map_or(jittered, |r| r.max(jittered));
        // Our bucket starts empty: the next batch waits for the backoff and for its own tokens
        // at the new rate (a short backoff alone would meet the server's bucket still empty).
        self.tokens = 0.0;
        self.at = now;
        self.not_before = Some(now + wait);
        wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BACKOFF: (Duration, Duration) = (Duration::from_millis(100), Duration::from_secs(10));

    #[test]
    fn the_bucket_spaces_batches() {
        let t0 = Instant::now();
        let mut p = Pacer::new(600.0, 20, BACKOFF, 1, t0);
        assert_eq!(p.reserve(20, t0), Duration::ZERO, "starts full");
        assert_eq!(p.reserve(20, t0), Duration::from_secs(2), "20 more at 10/s");
        let later = t0 + Duration::from_secs(10);
        assert!(p.reserve(10, later) < Duration::from_millis(1));
    }

    #[test]
    fn refusals_back_off_exponentially_with_jitter_and_honour_retry_after() {
        let t0 = Instant::now();
        let mut p = Pacer::new(600.0, 10, BACKOFF, 7, t0);
        let first = p.on_refusal(None, t0);
        let second = p.on_refusal(None, t0);
        assert!(first >= Duration::from_millis(100) && first <= Duration::from_millis(120), "{first:?}");
        assert!(second >= Duration::from_millis(200) && second <= Duration::from_millis(240), "{second:?}");
        assert!(p.reserve(1, t0) >= second, "nothing goes before the backoff ends");
        assert_eq!(p.on_refusal(Some(Duration::from_secs(30)), t0), Duration::from_secs(30));
        p.on_success();
        assert!(p.on_refusal(None, t0) <= Duration::from_millis(120), "a success resets the backoff");
    }

    /// The pacer against a simulated server bucket: it finds the limit with at most
    /// MAX_PROBES refusals after the first and then keeps at least 90 % of it.
    #[test]
    fn the_rate_settles_near_an_unknown_limit() {
        for limit_per_minute in (3..24).map(|n| f64::from(n) * 50.0) {
            let (server_rate, burst, batch) = (limit_per_minute / 60.0, 20.0, 20usize);
            let t0 = Instant::now();
            let mut p = Pacer::new(1200.0, batch, BACKOFF, 3, t0);
            let (mut now, mut server_tokens, mut server_at) = (t0, burst, t0);
            let mut log = Vec::new();
            for _ in 0..300 {
                now += p.reserve(batch, now);
                let elapsed = now.saturating_duration_since(server_at).as_secs_f64();
                server_tokens = (server_tokens + elapsed * server_rate).min(burst);
                server_at = now;
                let ok = server_tokens + 1e-9 >= batch as f64;
                log.push((now, ok));
                if ok {
                    server_tokens -= batch as f64;
                    p.on_success();
                } else {
                    now += p.on_refusal(None, now);
                }
            }
            let refusals = log.iter().filter(|(_, ok)| !ok).count() as u32;
            // Within twice the limit one refusal finds the way under it; each halving more is one more.
            let descent = (1200.0 / limit_per_minute / 2.2).log2().ceil().max(0.0) as u32;
            assert!((1..=1 + descent + MAX_PROBES).contains(&refusals), "{limit_per_minute}/min: {refusals} refusals");
            let tail = &log[100..];
            let sent = tail.iter().filter(|(_, ok)| *ok).count() * batch;
            let seconds = tail.last().unwrap().0.duration_since(tail[0].0).as_secs_f64();
            let achieved = sent as f64 / seconds / server_rate;
            // Above 1 by at most the burst the server held at the window's start.
            assert!((0.9..=1.02).contains(&achieved), "{limit_per_minute}/min: {achieved:.3} of the limit");
        }
    }
}
