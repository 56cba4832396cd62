//! What every request of `serve` shares: store handles, each with its
//! caches (clients, the issuer, verifiers, the JWKS, the tokens already
//! examined) kept fresh through SQLite's `data_version`, the last-use
//! coalescer and the failed-login tracker.
//!
//! Freshness: every request first asks its handle's connection for
//! `data_version`, which changes as soon as any connection of any process
//! has committed; the handle's caches are then dropped and rebuilt before
//! the request goes on. Whatever the request reads after that is at least
//! as new as the version it saw, so a cache can only ever hold what a
//! state at least that new said, and it is dropped at the next commit. No
//! answer reflects a state older than the last commit before the request
//! began. Caches belong to one handle, and so to one connection whose
//! view only moves forward: a slow request on one handle can never put
//! what an older state said into the caches another request reads.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use crate::store::{StoreError, Unlocked};
use crate::verify::{Examination, Verifiers};

/// A store handle with the `data_version` it last saw and its caches of
/// that snapshot.
pub struct Handle {
    /// The unlocked store, on a connection of its own.
    pub store: Unlocked,
    seen: Option<i64>,
    caches: Option<Caches>,
}

/// At most this many examinations are kept per handle; past it they are
/// dropped and gathered again.
const MAX_EXAMINED: usize = 16 * 1024;

/// The caches rebuilt whenever the store changes.
pub struct Caches {
    /// Client name to the SHA-256 of its secret.
    pub clients: HashMap<String, [u8; 32]>,
    /// The store's `iss`.
    pub issuer: Option<String>,
    /// What a token must keep to beyond being active: the store's policy.
    pub constraints: Arc<crate::verify::Constraints>,
    /// Signature verifiers by key id, made on first use.
    pub verifiers: Verifiers,
    /// The JWKS, made on first use.
    pub jwks: Mutex<Option<Arc<Jwks>>>,
    /// What examining each token found (its record and claims, or why it
    /// is not one of this store's), by the SHA-256 of the token: nothing
    /// of that changes until a commit. The time rules are applied to it
    /// on every request.
    examined: Mutex<HashMap<[u8; 32], Arc<Examination>>>,
}

impl Caches {
    /// The examination of the token whose SHA-256 is `hash`, if kept.
    pub fn examined(&self, hash: &[u8; 32]) -> Option<Arc<Examination>> {
        self.examined
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(hash)
            .cloned()
    }

    /// Keep `ex`, the examination of the token whose SHA-256 is `hash`.
    pub fn keep_examined(&self, hash: [u8; 32], ex: Arc<Examination>) {
        let mut kept = self.examined.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() >= MAX_EXAMINED {
            kept.clear();
        }
        kept.insert(hash, ex);
    }
}

/// The JWKS as served.
pub struct Jwks {
    /// The JSON body, shared by every response without a copy.
    pub body: axum::body::Bytes,
    /// Its entity tag (quoted).
    pub etag: String,
    /// Until when it may be served without being made again: a JWKS that
    /// keeps an older key drops it when that key's last token expires,
    /// which no commit announces.
    pub until: Option<Instant>,
}

impl Jwks {
    /// How long a JWKS with an older key in it is served before it is made
    /// again.
    pub const RECHECK: Duration = Duration::from_secs(1);

    /// Whether it may still be served.
    pub fn fresh(&self) -> bool {
        self.until.is_none_or(|u| Instant::now() < u)
    }
}

/// Store handles, handed out one per request.
pub struct Pool {
    handles: Mutex<Vec<Handle>>,
    free: Semaphore,
    /// Whether every store access is a round trip to a database server
    /// (PostgreSQL), which runs off the async workers.
    remote: bool,
}

/// Everything the handlers share.
pub struct State {
    pool: Pool,
    usage: Mutex<HashMap<String, Usage>>,
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
    /// The base URL the metadata document names.
    pub public_url: String,
    /// The SHA-256 of every token this process has answered revoked.
    revoked: Mutex<std::collections::HashSet<[u8; 32]>>,
}

#[derive(Default)]
struct Usage {
    written: Option<Instant>,
    pending: Option<String>,
}

/// A token's last use is written at most this often.
const USAGE_EVERY: Duration = Duration::from_secs(60);
/// Failed logins from one address are counted over this window.
const FAILURE_WINDOW: Duration = Duration::from_secs(60);

impl State {
    /// Shared state over `handles` (one per concurrent store access).
    pub fn new(handles: Vec<Unlocked>, public_url: String) -> State {
        let n = handles.len();
        let remote = handles
            .first()
            .is_some_and(|h| h.store().location().kind() == crate::store::Kind::Postgres);
        State {
            pool: Pool {
                handles: Mutex::new(
                    handles
                        .into_iter()
                        .map(|store| Handle {
                            store,
                            seen: None,
                            caches: None,
                        })
                        .collect(),
                ),
                free: Semaphore::new(n),
                remote,
            },
            usage: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
            public_url,
            revoked: Mutex::new(std::collections::HashSet::new()),
        }
    }

    /// Remember that the token whose SHA-256 is `hash` was answered revoked.
    pub fn remember_revoked(&self, hash: [u8; 32]) {
        self.revoked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(hash);
    }

    /// Whether the token whose SHA-256 is `hash` was answered revoked before.
    pub fn was_revoked(&self, hash: &[u8; 32]) -> bool {
        self.revoked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(hash)
    }

    /// Run `work` with a store handle whose caches are current. Reads of a
    /// store file are index lookups of microseconds, so they run on the
    /// calling worker; pass `blocking` for a write, which may wait for the
    /// disk. On a database server every access waits for the network.
    pub async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        blocking: bool,
        work: impl FnOnce(&mut Unlocked, &Caches) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let permit = self
            .pool
            .free
            .acquire()
            .await
            .map_err(|_| StoreError::Io("the server is stopping".into()))?;
        let state = Arc::clone(self);
        let run = move || {
            let mut handle = state
                .pool
                .handles
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop()
                .ok_or_else(|| StoreError::Io("no store handle is free".into()))?;
            let result = fresh_or_reconnect(&mut handle).and_then(|()| run_on(&mut handle, work));
            state
                .pool
                .handles
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(handle);
            result
        };
        let result = if blocking || self.pool.remote {
            tokio::task::spawn_blocking(run)
                .await
                .map_err(|_| StoreError::Io("a store task failed".into()))?
        } else {
            run()
        };
        drop(permit);
        result
    }

    /// Whether the store answers (for `/healthz`).
    pub async fn healthy(self: &Arc<Self>) -> bool {
        self.with_store(false, |store, _| store.data_version().map(|_| ()))
            .await
            .is_ok()
    }

    /// Note that token `id` was introspected at `at`: written later, at
    /// most once a minute per token.
    pub fn used(&self, id: &str, at: chrono::DateTime<chrono::Utc>) {
        let mut usage = self.usage.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = match usage.get_mut(id) {
            Some(e) => e,
            None => usage.entry(id.to_string()).or_default(),
        };
        // The first use since the last write is the one written: last uses
        // are kept to the minute anyway.
        if entry.pending.is_none() && entry.written.is_none_or(|w| w.elapsed() >= USAGE_EVERY) {
            entry.pending = Some(crate::token::time::rfc3339(at));
        }
    }

    /// Write the pending last uses, in one transaction.
    pub async fn flush_usage(self: &Arc<Self>) -> Result<(), StoreError> {
        let pending: Vec<(String, String)> = {
            let mut usage = self.usage.lock().unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            usage
                .iter_mut()
                .filter_map(|(id, u)| {
                    let at = u.pending.take()?;
                    u.written = Some(now);
                    Some((id.clone(), at))
                })
                .collect()
        };
        if pending.is_empty() {
            return Ok(());
        }
        self.with_store(true, move |store, _| store.record_usage(&pending))
            .await
    }

    /// A failed client authentication from `ip`; returns how long to wait
    /// before answering (nothing for the first few).
    pub fn failed_login(&self, ip: IpAddr) -> Duration {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if failures.len() > 10_000 {
            failures.retain(|_, (_, since)| since.elapsed() < FAILURE_WINDOW);
        }
        let entry = failures.entry(ip).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= FAILURE_WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
        match entry.0 {
            0..=3 => Duration::ZERO,
            n => Duration::from_millis(100u64 << (n - 4).min(5)).min(Duration::from_secs(3)),
        }
    }
}

/// Drop `handle`'s caches if anything was committed since it last looked,
/// and build them again from the snapshot it reads now.
fn fresh(handle: &mut Handle) -> Result<(), StoreError> {
    let version = handle.store.data_version()?;
    if handle.seen != Some(version) || handle.caches.is_none() {
        // Until they are built again, nothing of the old ones is used.
        handle.caches = None;
        handle.seen = None;
        // A store put back to an older copy is not served from.
        handle.store.check_rollback()?;
        let config = handle.store.config()?;
        handle.caches = Some(Caches {
            clients: handle.store.client_secrets()?,
            issuer: config.issuer,
            constraints: Arc::new(crate::verify::Constraints {
                policy: config.policy,
                ..Default::default()
            }),
            verifiers: Verifiers::default(),
            jwks: Mutex::new(None),
            examined: Mutex::new(HashMap::new()),
        });
        handle.seen = Some(version);
    }
    Ok(())
}

/// [`fresh`], and when the connection to a database server was lost (the
/// server restarted, a failover, an administrator ended it), once more on
/// a new connection, before any work runs on it.
fn fresh_or_reconnect(handle: &mut Handle) -> Result<(), StoreError> {
    match fresh(handle) {
        Err(StoreError::ConnectionLost) => {
            handle.store = handle.store.try_clone()?;
            handle.seen = None;
            handle.caches = None;
            fresh(handle)
        }
        other => other,
    }
}

/// Run `work` with `handle`'s store and its caches (built by `fresh`).
fn run_on<T>(
    handle: &mut Handle,
    work: impl FnOnce(&mut Unlocked, &Caches) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let Handle { store, caches, .. } = handle;
    let caches = caches
        .as_ref()
        .ok_or_else(|| StoreError::Io("the caches were not built".into()))?;
    work(store, caches)
}
