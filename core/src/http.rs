//! The one request executor: URL, headers, timeout, retries and status → [`Error`].
//!
//! Layer: transport; it may import the catalogue (`ops`, `routes`) and everything below it.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

use crate::error::{Error, Result};
use crate::ids::check_session;
use crate::observe::{Counters, Event, EventKind, Sink, Stats};
use crate::routes::{Method, Operation, Retry};

/// When and how often safe requests are repeated.
///
/// Only routes marked [`Retry::Safe`] are retried, and only after rate-overlimit, a 5xx
/// (except 501), a timeout or a connection error. The wait before retry `n` (0-based) is
/// `min(max_delay, base_delay · 2ⁿ)` scaled by a random factor in `[0.5, 1.0)`, or the
/// server's `Retry-After` when that is longer.
///
/// ```
/// use std::time::Duration;
/// use waha_groups::RetryPolicy;
/// let policy = RetryPolicy::default().max_retries(5).base_delay(Duration::from_millis(100));
/// assert_eq!(policy.get_max_retries(), 5);
/// assert_eq!(RetryPolicy::disabled().get_max_retries(), 0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No automatic retries at all.
    pub fn disabled() -> Self {
        RetryPolicy { max_retries: 0, ..Self::default() }
    }
    /// Retries after the first attempt (default 3).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }
    /// First backoff step (default 250 ms).
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }
    /// Longest computed backoff (default 8 s).
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }
    /// A `Retry-After` longer than this ends the retries and returns the error (default 60 s).
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }
    /// Configured number of retries.
    pub fn get_max_retries(&self) -> u32 {
        self.max_retries
    }

    fn backoff(&self, retry: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX));
        exp.min(self.max_delay).mul_f64(0.5 + fastrand::f64() / 2.0)
    }
}

/// The API key; kept out of every `Debug` and `Display`.
#[derive(Clone)]
pub(crate) struct ApiKey(HeaderValue);

impl ApiKey {
    pub(crate) fn new(key: &str) -> Result<Self> {
        let mut value = HeaderValue::from_str(key)
            .map_err(|_| Error::invalid("API key contains characters that cannot be sent in a header"))?;
        value.set_sensitive(true);
        Ok(ApiKey(value))
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

/// A request: the operation, its path values, query and JSON body (serialised once).
pub(crate) struct Call<'a> {
    pub op: Operation,
    pub session: Option<&'a str>,
    pub params: &'a [&'a str],
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Vec<u8>>,
}

impl<'a> Call<'a> {
    pub(crate) fn new(op: Operation) -> Self {
        Call { op, session: None, params: &[], query: Vec::new(), body: None }
    }
    pub(crate) fn session(mut self, session: &'a str) -> Self {
        self.session = Some(session);
        self
    }
    pub(crate) fn params(mut self, params: &'a [&'a str]) -> Self {
        self.params = params;
        self
    }
    pub(crate) fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name, value.to_string()));
        self
    }
    /// The JSON body (the wire types in `model::wire` always serialise).
    pub(crate) fn body<B: serde::Serialize>(mut self, body: &B) -> Self {
        self.body = Some(serde_json::to_vec(body).expect("wire bodies serialise"));
        self
    }
}

/// A successful answer.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub text: String,
    status: u16,
    request_id: Option<String>,
}

pub(crate) struct Http {
    client: reqwest::Client,
    base: String,
    api_key: Option<ApiKey>,
    retry: RetryPolicy,
    sink: Sink,
    counters: Counters,
}

impl fmt::Debug for Http {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Http").field("base", &self.base).field("retry", &self.retry).field("sink", &self.sink).finish()
    }
}

impl Http {
    pub(crate) fn new(
        client: reqwest::Client,
        base: String,
        api_key: Option<ApiKey>,
        retry: RetryPolicy,
        sink: Sink,
    ) -> Self {
        Http { client, base, api_key, retry, sink, counters: Counters::default() }
    }

    /// What this client did so far.
    pub(crate) fn stats(&self) -> Stats {
        self.counters.snapshot()
    }

    /// Sends an event of a job run over this client to its sink.
    pub(crate) fn emit(&self, event: Event) {
        self.sink.emit(event);
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base
    }

    /// Sends `call` and decodes the 2xx answer as `O`'s output.
    pub(crate) async fn run<O: crate::ops::Op>(&self, call: Call<'_>, requested: &[String]) -> Result<O::Output> {
        let reply = self.execute(call).await?;
        O::decode(crate::ops::Answer { text: &reply.text, requested })
    }

    /// Sends `call`, retrying when its route allows, and returns the 2xx answer, inside a
    /// `tracing` span `waha_groups.call` (operation, session).
    pub(crate) async fn execute(&self, call: Call<'_>) -> Result<Reply> {
        use tracing::Instrument;
        let span = tracing::debug_span!(target: "waha_groups", "waha_groups.call", operation = call.op.method_name(), session = call.session);
        self.attempts(call).instrument(span).await
    }

    async fn attempts(&self, call: Call<'_>) -> Result<Reply> {
        let route = call.op.route();
        let mut values: Vec<&str> = Vec::with_capacity(call.params.len() + 1);
        if let Some(session) = call.session {
            check_session(session)?;
            values.push(session);
        }
        values.extend_from_slice(call.params);
        let url = format!("{}{}", self.base, route.render(&values));
        let max_retries = if route.retry == Retry::Safe { self.retry.max_retries } else { 0 };
        let invite_route = matches!(call.op, Operation::JoinGroup | Operation::JoinInfo);
        let group_id = route.params().zip(&values).find(|(name, _)| *name == "id").map(|(_, v)| (*v).to_owned());
        let event = |kind, attempt: u32, started: std::time::Instant| Event {
            session: call.session.map(str::to_owned),
            group_id: group_id.clone(),
            attempt: attempt + 1,
            duration_ms: Some(started.elapsed().as_secs_f64() * 1000.0),
            ..Event::new(kind, call.op.method_name())
        };
        self.counters.call();

        let mut attempt = 0;
        loop {
            let started = std::time::Instant::now();
            let result = self.send_once(route.method, &url, &call).await;
            let err = match result {
                Ok(reply) => {
                    let request_id = reply.request_id.clone();
                    self.sink.emit(Event {
                        status: Some(reply.status),
                        request_id,
                        ..event(EventKind::Call, attempt, started)
                    });
                    return Ok(reply);
                }
                Err(err) if invite_route => err.into_invite_error(),
                Err(err) => err,
            };
            self.counters.attempt_failed(&err);
            self.sink.emit(event(EventKind::Failed, attempt, started).failure(&err));
            let mut wait = self.retry.backoff(attempt);
            let retry_after = err.retry_after();
            let too_long = retry_after.is_some_and(|r| r > self.retry.max_retry_after);
            if attempt >= max_retries || !err.is_transient() || err.status() == Some(501) || too_long {
                self.counters.error(&err);
                return Err(err);
            }
            wait = wait.max(retry_after.unwrap_or_default());
            self.counters.retry();
            self.sink.emit(event(EventKind::Retry, attempt, started).failure(&err).wait(wait));
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn send_once(&self, method: Method, url: &str, call: &Call<'_>) -> Result<Reply> {
        let method = match method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static("application/json, text/plain, */*"));
        if let Some(key) = &self.api_key {
            headers.insert("X-Api-Key", key.0.clone());
        }
        let mut request = self.client.request(method, url).headers(headers);
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        if let Some(body) = &call.body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.clone());
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let retry_after = response.headers().get(RETRY_AFTER).and_then(parse_retry_after);
        let request_id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let text = response.text().await?;
        if (200..300).contains(&status) {
            return Ok(Reply { text, status, request_id });
        }
        Err(Error::from_response(status, &text, call.session).with_retry_after(retry_after))
    }
}

/// `Retry-After` as delta-seconds or an HTTP date.
fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(std::time::SystemTime::now()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default().base_delay(Duration::from_millis(100)).max_delay(Duration::from_secs(1));
        for _ in 0..50 {
            let d0 = p.backoff(0);
            assert!(d0 >= Duration::from_millis(50) && d0 < Duration::from_millis(100), "{d0:?}");
            let d3 = p.backoff(3);
            assert!(d3 >= Duration::from_millis(400) && d3 < Duration::from_millis(800), "{d3:?}");
            let d40 = p.backoff(40);
            assert!(d40 >= Duration::from_millis(500) && d40 < Duration::from_secs(1), "{d40:?}");
        }
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after(&HeaderValue::from_static("7")), Some(Duration::from_secs(7)));
        let past = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(parse_retry_after(&past), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(&HeaderValue::from_static("soon")), None);
    }

    #[test]
    fn api_key_is_never_printed() {
        let key = ApiKey::new("super-secret-key").unwrap();
        assert!(!format!("{key:?}").contains("super-secret"));
        assert!(ApiKey::new("bad\nkey").is_err());
    }
}
