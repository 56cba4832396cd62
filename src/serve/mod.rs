//! `tokenctl serve`: RFC 7662 introspection and the JWKS over HTTP, on
//! tokio, hyper (through axum) and rustls.
//!
//! The store is unlocked once, before this starts; every worker has a
//! connection of its own. Every introspection reads the token's row, and
//! the small caches are rebuilt as soon as any process commits (see
//! `state`), so no answer reflects a state older than the last commit
//! before the request. Limits: a 64 KiB body, headers within 10 s, a cap
//! on connections, a slower answer to repeated failed logins.

mod http;
mod log;
mod metrics;
mod state;
mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use thiserror::Error;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

pub use http::MAX_BODY;

use crate::store::{StoreError, Unlocked};

/// Headers must arrive within this long.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A whole request must be answered within this long.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// In-flight requests may take this long to finish after SIGTERM.
const DRAIN: Duration = Duration::from_secs(10);
/// Pending last uses are written this often.
const USAGE_FLUSH: Duration = Duration::from_secs(5);

/// How `serve` runs.
pub struct Config {
    /// Where to listen.
    pub listen: SocketAddr,
    /// A PEM certificate chain and key, for HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// At most this many connections at once.
    pub max_connections: usize,
    /// The base URL the metadata names (default: from `listen`).
    pub public_url: Option<String>,
    /// Whether to write the access log on stderr.
    pub access_log: bool,
}

/// Why `serve` could not run.
#[derive(Debug, Error)]
pub enum ServeError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The certificate or key could not be used.
    #[error("{0}")]
    Tls(String),
    /// The runtime could not start.
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// What `run` reports once it has bound its address.
pub struct Started {
    /// The address it listens on (with the port chosen, for port 0).
    pub addr: SocketAddr,
    /// The base URL it names itself by.
    pub url: String,
}

/// Serve until SIGTERM or SIGINT, then finish what is in flight and return.
/// `started` is told the bound address once the server accepts connections.
pub fn run(
    store: Unlocked,
    config: Config,
    started: impl FnOnce(&Started),
) -> Result<(), ServeError> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .max_blocking_threads(4)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let tls = match &config.tls {
        Some((cert, key)) => Some(tls::acceptor(cert, key).map_err(ServeError::Tls)?),
        None => None,
    };
    // One handle per worker, and one for the writer of last uses.
    let mut handles = vec![store];
    for _ in 0..workers {
        handles.push(handles[0].try_clone()?);
    }
    runtime.block_on(async move {
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| ServeError::Bind {
                    addr: config.listen,
                    source,
                })?;
        let addr = listener.local_addr().map_err(|source| ServeError::Bind {
            addr: config.listen,
            source,
        })?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("{scheme}://{addr}"));
        let state = Arc::new(state::State::new(handles, url.clone()));
        let (log, writer) = if config.access_log {
            let (log, writer) = log::AccessLog::start().map_err(ServeError::Runtime)?;
            (log, Some(writer))
        } else {
            (log::AccessLog::off(), None)
        };
        let app = http::App {
            state: Arc::clone(&state),
            metrics: Arc::new(metrics::Metrics::default()),
            log,
        };
        // The handlers are in place before anyone is told the address, so
        // a SIGTERM from then on drains instead of killing.
        let stop = stop_signal().map_err(ServeError::Runtime)?;
        started(&Started { addr, url });
        serve(listener, app, tls, config.max_connections, stop).await;
        // Whatever was used and not yet written, and the last log lines.
        let _ = state.flush_usage().await;
        if let Some(writer) = writer {
            writer.stop();
        }
        Ok(())
    })
}

async fn serve(
    listener: TcpListener,
    app: http::App,
    tls: Option<tokio_rustls::TlsAcceptor>,
    max_connections: usize,
    stop: impl std::future::Future<Output = ()>,
) {
    let router = http::router(app.clone());
    let slots = Arc::new(Semaphore::new(max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let flusher = {
        let state = Arc::clone(&app.state);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(USAGE_FLUSH);
            loop {
                every.tick().await;
                let _ = state.flush_usage().await;
            }
        })
    };
    tokio::pin!(stop);
    loop {
        let slot = tokio::select! {
            _ = &mut stop => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // A failed accept (too many open files, say) is retried.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service =
            TowerToHyperService::new(router.clone().layer(axum::Extension(http::Remote(peer))));
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT);
        match &tls {
            None => {
                let conn = builder.serve_connection(TokioIo::new(stream), service);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                    drop(slot);
                });
            }
            Some(acceptor) => {
                let acceptor = acceptor.clone();
                let watcher = graceful.watcher();
                tokio::spawn(async move {
                    let Ok(Ok(stream)) =
                        tokio::time::timeout(HEADER_TIMEOUT, acceptor.accept(stream)).await
                    else {
                        return;
                    };
                    let conn = builder.serve_connection(TokioIo::new(stream), service);
                    let _ = watcher.watch(conn).await;
                    drop(slot);
                });
            }
        }
    }
    drop(listener);
    flusher.abort();
    let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
}

/// Install the SIGTERM and SIGINT handlers now; the future resolves at
/// the first of either.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
    })
}
