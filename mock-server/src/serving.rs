//! Keeps the mock listening: wiremock's accept loop ends for good on its first accept error
//! (`EMFILE` when descriptors run out, say) and the process then refuses every connection.
//! The world lives in our [`Shared`] state, not in wiremock, so a watchdog notices a closed
//! port and serves the same address again with a fresh wiremock server.

use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::Mutex;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use crate::router::{Router, Shared};

/// How often the watchdog checks that the port still accepts connections.
const CHECK_EVERY: Duration = Duration::from_millis(250);

/// The wiremock server currently serving, replaced when its accept loop has died.
pub(crate) struct Serving {
    server: Mutex<MockServer>,
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

async fn serve(listener: TcpListener, shared: Arc<Shared>) -> MockServer {
    // Our own bounded journal replaces wiremock's unbounded recording.
    let server = MockServer::builder().listener(listener).disable_request_recording().start().await;
    Mock::given(any()).respond_with(Router(shared)).mount(&server).await;
    server
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
