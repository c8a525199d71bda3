//! Keeps the mock listening and its memory flat, working around two limits of wiremock 0.6.5
//! through its public API:
//!
//! * Its accept loop ends for good on its first accept error (`EMFILE` when descriptors run
//!   out, say) and the process then refuses every connection. The world lives in our
//!   [`Shared`] state, not in wiremock, so a watchdog notices a closed port and serves the same
//!   address again with a fresh wiremock server.
//! * Every mounted mock keeps a clone of each request it matches (`MountedMock::matches` pushes
//!   it, whatever `disable_request_recording` says), so one catch-all mock grows without end.
//!   `MockGuard::drop` only deactivates a mock; `MockServer::reset` is the one call that frees
//!   them. So [`CatchAll`] replaces itself — `reset` then `register` — after
//!   [`ROTATE_AFTER_REQUESTS`] requests or [`ROTATE_AFTER_BYTES`] of bodies. It does so from a
//!   task spawned on wiremock's own server thread: that runtime is single-threaded and never
//!   holds wiremock's state lock across an await, so nothing runs between the two calls and no
//!   request can see the empty server (wiremock would answer it a bare 404).

use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::Mutex;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::pipeline::Router;
use crate::shared::Shared;

/// Requests the catch-all mock answers before it is replaced (wiremock keeps each one).
pub(crate) const ROTATE_AFTER_REQUESTS: u64 = 1024;
/// Request-body bytes it answers before it is replaced.
pub(crate) const ROTATE_AFTER_BYTES: u64 = 8 << 20;

/// How often the watchdog checks that the port still accepts connections.
const CHECK_EVERY: Duration = Duration::from_millis(250);

/// The wiremock server currently serving, replaced when its accept loop has died.
pub(crate) struct Serving {
    server: Mutex<Arc<MockServer>>,
    addr: SocketAddr,
}

impl Serving {
    /// Serves `shared` on `listener` and starts the watchdog on the caller's runtime.
    pub(crate) async fn start(listener: TcpListener, shared: Arc<Shared>) -> std::io::Result<Arc<Serving>> {
        let addr = listener.local_addr()?;
        let serving = Arc::new(Serving { server: Mutex::new(serve(listener, shared.clone()).await), addr });
        tokio::spawn(watch(Arc::downgrade(&serving), shared));
        Ok(serving)
    }

    /// The address clients connect to (the same across recoveries).
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }
}

async fn serve(listener: TcpListener, shared: Arc<Shared>) -> Arc<MockServer> {
    // Our own bounded journal replaces wiremock's unbounded recording.
    let server = Arc::new(MockServer::builder().listener(listener).disable_request_recording().start().await);
    let catch_all = CatchAll(Arc::new(Rotation {
        router: Router(shared),
        server: Arc::downgrade(&server),
        requests: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
        rotating: AtomicBool::new(false),
    }));
    server.register(catch_all.mock()).await;
    server
}

/// The one mock every request matches: it answers through the [`Router`] and replaces itself
/// before wiremock's copy of its requests grows past the bounds (see the module docs).
#[derive(Clone)]
struct CatchAll(Arc<Rotation>);

struct Rotation {
    router: Router,
    server: Weak<MockServer>,
    requests: AtomicU64,
    bytes: AtomicU64,
    rotating: AtomicBool,
}

impl CatchAll {
    fn mock(&self) -> Mock {
        Mock::given(any()).respond_with(self.clone())
    }

    /// Counts a request; past a bound, schedules the replacement (once).
    fn count(&self, body_len: usize) {
        let r = &self.0;
        let requests = r.requests.fetch_add(1, Ordering::Relaxed) + 1;
        let bytes = r.bytes.fetch_add(body_len as u64, Ordering::Relaxed) + body_len as u64;
        let due = requests >= ROTATE_AFTER_REQUESTS || bytes >= ROTATE_AFTER_BYTES;
        if !due || r.rotating.swap(true, Ordering::AcqRel) {
            return;
        }
        let this = self.clone();
        // `respond` runs on wiremock's server thread, so this task runs there too.
        tokio::spawn(async move {
            if let Some(server) = this.0.server.upgrade() {
                server.reset().await;
                server.register(this.mock()).await;
            }
            this.0.requests.store(0, Ordering::Relaxed);
            this.0.bytes.store(0, Ordering::Relaxed);
            this.0.rotating.store(false, Ordering::Release);
        });
    }
}

impl Respond for CatchAll {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.count(request.body.len());
        self.0.router.respond(request)
    }
}

/// Ends when the mock is dropped. A refused connection means the listener is gone: bind the
/// same address again (retried while descriptors are still short) and serve it.
async fn watch(serving: Weak<Serving>, shared: Arc<Shared>) {
    loop {
        tokio::time::sleep(CHECK_EVERY).await;
        let Some(serving) = serving.upgrade() else { return };
        let refused = matches!(
            tokio::net::TcpStream::connect(serving.addr).await,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused
        );
        if !refused {
            continue;
        }
        if let Ok(listener) = TcpListener::bind(serving.addr) {
            let fresh = serve(listener, shared.clone()).await;
            *serving.server.lock().await = fresh;
            eprintln!(
                "waha-mock: the listener on {} had stopped accepting (out of descriptors?); serving again",
                serving.addr
            );
        }
    }
}
