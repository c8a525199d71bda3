//! [`Client`] and [`ClientBuilder`].
//!
//! Layer: facades (the typed API); it may import `http` and everything below it, never `dynamic`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::groups::Groups;
use crate::http::{ApiKey, Call, Http, RetryPolicy};
use crate::lids::Lids;
use crate::model::{Environment, MeInfo, SessionInfo};
use crate::observe::{Observer, Sink, Stats};
use crate::ops::{self, Op};

/// Default request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A WAHA client. Cheap to clone (one connection pool shared by all clones).
///
/// ```
/// use waha_groups::Client;
/// let client = Client::builder().base_url("http://localhost:3000").api_key("secret").build()?;
/// assert!(!format!("{client:?}").contains("secret"));
/// let groups = client.groups("default");
/// # Ok::<(), waha_groups::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    http: Arc<Http>,
    has_key: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.http.base_url())
            .field("api_key", &if self.has_key { "***" } else { "none" })
            .finish()
    }
}

impl Client {
    /// A builder; `base_url` is required.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Configured from `WAHA_URL` (required) and `WAHA_API_KEY` (optional).
    pub fn from_env() -> Result<Client> {
        let url = std::env::var("WAHA_URL")
            .map_err(|_| Error::invalid("WAHA_URL is not set (e.g. WAHA_URL=http://localhost:3000)"))?;
        let mut builder = Client::builder().base_url(url);
        if let Ok(key) = std::env::var("WAHA_API_KEY") {
            builder = builder.api_key(key);
        }
        builder.build()
    }

    /// The base URL requests go to (without trailing `/`).
    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    /// The groups API of `session`.
    pub fn groups(&self, session: impl Into<String>) -> Groups {
        Groups::new(self.http.clone(), session.into())
    }

    /// The `@lid` ↔ phone-number directory of `session`.
    pub fn lids(&self, session: impl Into<String>) -> Lids {
        Lids::new(self.http.clone(), session.into())
    }

    async fn run<O: Op>(&self, call: Call<'_>) -> Result<O::Output> {
        self.http.run::<O>(call, &[]).await
    }

    /// All sessions (`GET /api/sessions`).
    pub async fn sessions(&self) -> Result<Vec<SessionInfo>> {
        self.run::<ops::ListSessions>(Call::new(ops::ListSessions::OPERATION)).await
    }

    /// One session (`GET /api/sessions/{session}`).
    pub async fn session(&self, name: &str) -> Result<SessionInfo> {
        self.run::<ops::GetSession>(Call::new(ops::GetSession::OPERATION).session(name)).await
    }

    /// The account a session is logged in as; `None` before authentication.
    pub async fn me(&self, session: &str) -> Result<Option<MeInfo>> {
        self.run::<ops::GetMe>(Call::new(ops::GetMe::OPERATION).session(session)).await
    }

    /// Server version and environment (`GET /api/version`).
    pub async fn version(&self) -> Result<Environment> {
        self.run::<ops::Version>(Call::new(ops::Version::OPERATION)).await
    }

    /// What this client (and every handle made from it) did so far: calls, retries,
    /// `rate-overlimit` answers, errors by code.
    pub fn stats(&self) -> Stats {
        self.http.stats()
    }

    /// Liveness check (`GET /ping`); `Ok` when the server answers 2xx.
    pub async fn ping(&self) -> Result<()> {
        self.http.execute(Call::new(ops::Ping::OPERATION)).await.map(drop)
    }
}

/// Builds a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    api_key: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    observer: Option<Arc<dyn Observer>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    /// WAHA's base URL, e.g. `http://localhost:3000` (a path prefix behind a proxy is kept).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }
    /// Value of the `X-Api-Key` header.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }
    /// Whole-request timeout (default 30 s). Always set: a request can never hang forever.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    /// Connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }
    /// Retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::disabled`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
    /// Receives every [`Event`](crate::observe::Event) of the client (calls, failures, retries,
    /// job decisions), besides `tracing`, which always gets them.
    ///
    /// ```
    /// use std::sync::Arc;
    /// struct Print;
    /// impl waha_groups::observe::Observer for Print {
    ///     fn on_event(&self, e: &waha_groups::observe::Event) { eprintln!("{} {}", e.kind.as_str(), e.operation); }
    /// }
    /// let client = waha_groups::Client::builder().base_url("http://localhost:3000").observer(Arc::new(Print)).build()?;
    /// # Ok::<(), waha_groups::Error>(())
    /// ```
    pub fn observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observer = Some(observer);
        self
    }
    /// `User-Agent` header (default `waha-groups/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Validates the settings and builds the client.
    pub fn build(self) -> Result<Client> {
        let raw = self.base_url.ok_or_else(|| Error::invalid("base_url is required"))?;
        // Messages quote the URL without its userinfo or key-like query values.
        let shown = crate::redact::url(&raw);
        let url = url::Url::parse(raw.trim())
            .map_err(|e| Error::invalid(format!("base_url {shown:?} is not a valid URL: {e}")).with_source(e))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::invalid(format!("base_url {shown:?} must be an http:// or https:// URL with a host")));
        }
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
            return Err(Error::invalid(format!(
                "base_url {shown:?} must not contain credentials, a query or a fragment (pass the key with api_key)"
            )));
        }
        let base = url.as_str().trim_end_matches('/').to_owned();
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(Error::invalid("timeout must be greater than zero"));
        }
        let api_key = self.api_key.as_deref().map(ApiKey::new).transpose()?;
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)).min(timeout))
            .user_agent(self.user_agent.unwrap_or_else(|| format!("waha-groups/{}", env!("CARGO_PKG_VERSION"))))
            .build()
            .map_err(|e| Error::invalid(format!("cannot build the HTTP client: {e}")).with_source(e))?;
        let has_key = api_key.is_some();
        let http = Http::new(client, base, api_key, self.retry.unwrap_or_default(), Sink::new(self.observer));
        Ok(Client { http: Arc::new(http), has_key })
    }
}
