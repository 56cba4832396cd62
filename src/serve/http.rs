//! The endpoints of `serve`, and the access log.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Extension, Request, State as Shared};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::Utc;
use serde_json::{json, Value};

use super::log::{AccessLog, Line};
use super::metrics::Metrics;
use super::state::{Jwks, State};
use crate::store::{secret_hash, StoreError};
use crate::verify::{self, Constraints, Reason};

/// The largest request body accepted (413 beyond).
pub const MAX_BODY: usize = 64 * 1024;

/// What the handlers share.
#[derive(Clone)]
pub struct App {
    /// Store handles and caches.
    pub state: Arc<State>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// Where request lines go.
    pub log: AccessLog,
}

/// The peer of a connection.
#[derive(Clone, Copy)]
pub struct Remote(pub SocketAddr);

/// What a handler tells the access log: never a token or a credential.
#[derive(Clone, Default)]
struct Note {
    client: Option<String>,
    result: Option<String>,
    token_id: Option<String>,
}

/// The routes, with the access log and the metrics around them.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/introspect", post(introspect))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/.well-known/oauth-authorization-server", get(metadata))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY))
        // Inside the access log, so a request cut off is logged and counted.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            super::REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn_with_state(app.clone(), access_log))
        .with_state(app)
}

fn json_response(status: StatusCode, value: &Value) -> Response {
    let mut r = (status, value.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn noted(mut response: Response, note: Note) -> Response {
    response.extensions_mut().insert(note);
    response
}

fn store_unavailable(e: &StoreError) -> Response {
    let mut r = json_response(
        StatusCode::SERVICE_UNAVAILABLE,
        &json!({"error": "temporarily_unavailable"}),
    );
    r.extensions_mut().insert(Note {
        result: Some(format!(
            "store: {}",
            e.to_string().chars().take(200).collect::<String>()
        )),
        ..Note::default()
    });
    r
}

/// `Authorization: Basic base64(name:secret)`, if present and well formed.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, zeroize::Zeroizing<String>)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = zeroize::Zeroizing::new(STANDARD.decode(encoded.trim()).ok()?);
    let text = std::str::from_utf8(&decoded).ok()?;
    let (name, secret) = text.split_once(':')?;
    Some((
        name.to_string(),
        zeroize::Zeroizing::new(secret.to_string()),
    ))
}

/// Whether a Content-Type is the form media type, in any case (RFC 9110
/// 8.3.1), with or without parameters.
fn is_form(value: &str) -> bool {
    value.split(';').next().is_some_and(|t| {
        t.trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    })
}

fn unauthorized(note: Note) -> Response {
    let mut r = json_response(
        StatusCode::UNAUTHORIZED,
        &json!({"error": "invalid_client"}),
    );
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"tokenctl\""),
    );
    noted(r, note)
}

enum Outcome {
    Unauthorized,
    NoToken,
    Verdict(Arc<verify::Examination>, Arc<Constraints>),
}

/// `POST /introspect` (RFC 7662): HTTP Basic client authentication, then
/// the same verdict `token verify` gives. An inactive token is answered
/// `{"active":false}` only; why goes to the log and the metrics.
async fn introspect(
    Shared(app): Shared<App>,
    Extension(remote): Extension<Remote>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some((client, secret)) = basic_credentials(&headers) else {
        let wait = app.state.failed_login(remote.0.ip());
        tokio::time::sleep(wait).await;
        return unauthorized(Note::default());
    };
    let form_ok = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(is_form);
    let token: Option<String> = form_ok
        .then(|| serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body).ok())
        .flatten()
        .and_then(|fields| {
            fields
                .into_iter()
                .find(|(k, _)| k == "token")
                .map(|(_, v)| v)
        })
        .filter(|t| !t.is_empty());
    let token_hash = token
        .as_deref()
        .map(|t| crate::crypto::sha256(t.as_bytes()));
    let asked = app
        .state
        .with_store(false, move |store, caches| {
            // The user name is logged only when it is a client's name: a
            // caller that sends its secret or a token there must not have
            // it written to the log.
            let Some(expected) = caches.clients.get(&client) else {
                return Ok((None, Outcome::Unauthorized));
            };
            let name = Some(client.clone());
            if !crate::crypto::ct_eq(expected, &secret_hash(&secret)) {
                return Ok((name, Outcome::Unauthorized));
            }
            let Some(token) = token else {
                return Ok((name, Outcome::NoToken));
            };
            let hash = crate::crypto::sha256(token.as_bytes());
            if let Some(ex) = caches.examined(&hash) {
                return Ok((name, Outcome::Verdict(ex, Arc::clone(&caches.constraints))));
            }
            let ex = match crate::input::token_text(token.as_bytes()) {
                Err(why) => Err((Reason::Malformed, why)),
                Ok(text) => verify::examine_many_with(
                    store,
                    caches.issuer.as_deref(),
                    &[text],
                    &caches.verifiers,
                )?
                .pop()
                .unwrap_or(Err((Reason::Unknown, "no answer".into()))),
            };
            let ex = Arc::new(ex);
            caches.keep_examined(hash, Arc::clone(&ex));
            Ok((name, Outcome::Verdict(ex, Arc::clone(&caches.constraints))))
        })
        .await;
    let (client, outcome) = match asked {
        Err(e) => return store_unavailable(&e),
        Ok(answer) => answer,
    };
    let note = Note {
        client,
        ..Note::default()
    };
    let (ex, constraints) = match outcome {
        Outcome::Unauthorized => {
            let wait = app.state.failed_login(remote.0.ip());
            tokio::time::sleep(wait).await;
            return unauthorized(note);
        }
        Outcome::NoToken => {
            return noted(
                json_response(
                    StatusCode::BAD_REQUEST,
                    &json!({"error": "invalid_request"}),
                ),
                Note {
                    result: Some("invalid_request".into()),
                    ..note
                },
            );
        }
        Outcome::Verdict(ex, constraints) => (ex, constraints),
    };
    let now = Utc::now();
    let token_id = ex
        .as_ref()
        .as_ref()
        .ok()
        .and_then(|e| e.record.as_ref())
        .map(|r| r.id.clone());
    let mut verdict = verify::verdict_of(&ex, now, &constraints);
    // A revocation this process has answered stays: no later state of the
    // store (an older copy put back) makes the token active again here.
    if let Some(hash) = token_hash {
        match &verdict {
            Err((Reason::Revoked, _)) => app.state.remember_revoked(hash),
            Ok(()) if app.state.was_revoked(&hash) => {
                verdict = Err((Reason::Revoked, "revoked earlier".into()));
            }
            _ => {}
        }
    }
    let result = match &verdict {
        Ok(()) => "active",
        Err((reason, _)) => reason.as_str(),
    };
    app.metrics.introspection(result);
    if let Some(id) = &token_id {
        app.state.used(id, now);
    }
    let body = match &verdict {
        Ok(()) => verify::verdict_json(&ex),
        Err(_) => json!({"active": false}),
    };
    noted(
        json_response(StatusCode::OK, &body),
        Note {
            result: Some(result.to_string()),
            token_id,
            ..note
        },
    )
}

/// `GET /.well-known/jwks.json`: the JWKS of `tokenctl jwks`, with an ETag.
async fn jwks(Shared(app): Shared<App>, headers: HeaderMap) -> Response {
    let built = app
        .state
        .with_store(false, |store, caches| {
            let mut cached = caches
                .jwks
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(j) = cached.as_ref().filter(|j| j.fresh()) {
                return Ok(Arc::clone(j));
            }
            let published = store.published_keys(None)?;
            let until = published
                .iter()
                .any(|k| !k.current)
                .then(|| std::time::Instant::now() + Jwks::RECHECK);
            let keys: Vec<Value> = published
                .iter()
                .map(|k| k.key.to_jwk(k.algorithm, &k.kid))
                .collect();
            let body = serde_json::to_vec(&json!({ "keys": keys }))
                .map_err(|_| StoreError::Unencodable("jwks"))?;
            let etag = format!("\"{}\"", hex::encode(&crate::crypto::sha256(&body)[..16]));
            let made = Arc::new(Jwks {
                body: body.into(),
                etag,
                until,
            });
            *cached = Some(Arc::clone(&made));
            Ok(made)
        })
        .await;
    let built = match built {
        Ok(b) => b,
        Err(e) => return store_unavailable(&e),
    };
    let (body, etag) = (&built.body, &built.etag);
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut r = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Response::new(Body::from(body.clone()));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    if let Ok(v) = HeaderValue::from_str(etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    r
}

/// `GET /.well-known/oauth-authorization-server` (RFC 8414).
async fn metadata(Shared(app): Shared<App>) -> Response {
    let issuer = app
        .state
        .with_store(false, |_, caches| Ok(caches.issuer.clone()))
        .await;
    let issuer = match issuer {
        Ok(i) => i,
        Err(e) => return store_unavailable(&e),
    };
    let base = app.state.public_url.trim_end_matches('/');
    let body = json!({
        "issuer": issuer.unwrap_or_else(|| base.to_string()),
        "jwks_uri": format!("{base}/.well-known/jwks.json"),
        "introspection_endpoint": format!("{base}/introspect"),
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic"],
    });
    let mut r = json_response(StatusCode::OK, &body);
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    r
}

/// `GET /healthz`: 200 while the store answers, else 503.
async fn healthz(Shared(app): Shared<App>) -> Response {
    if app.state.healthy().await {
        json_response(StatusCode::OK, &json!({"status": "ok"}))
    } else {
        json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({"status": "unavailable"}),
        )
    }
}

/// `GET /metrics`: the OpenMetrics text format Prometheus scrapes.
async fn metrics(Shared(app): Shared<App>) -> Response {
    let mut r = app.metrics.render().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    r
}

async fn not_found() -> Response {
    json_response(StatusCode::NOT_FOUND, &json!({"error": "not_found"}))
}

/// The endpoint a path belongs to, for the metrics (never the raw path: it
/// comes from the client).
fn endpoint(method: &Method, path: &str) -> &'static str {
    match (method.as_str(), path) {
        ("POST", "/introspect") => "introspect",
        ("GET", "/.well-known/jwks.json") => "jwks",
        ("GET", "/.well-known/oauth-authorization-server") => "metadata",
        ("GET", "/healthz") => "healthz",
        ("GET", "/metrics") => "metrics",
        _ => "other",
    }
}

/// One JSON line per request on stderr (time, method, path, status,
/// duration, client, result, token id), and the metrics.
async fn access_log(
    Shared(app): Shared<App>,
    Extension(remote): Extension<Remote>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path: String = request
        .uri()
        .path()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    app.metrics
        .request(endpoint(&method, &path), status, seconds);
    if app.log.on() {
        let note = response.extensions().get::<Note>();
        let time = crate::token::time::rfc3339(Utc::now());
        let remote = remote.0.to_string();
        app.log.write(&Line {
            time: &time,
            method: method.as_str(),
            path: &path,
            status,
            duration_ms: (seconds * 1_000_000.0).round() / 1000.0,
            remote: &remote,
            client: note.and_then(|n| n.client.as_deref()),
            result: note.and_then(|n| n.result.as_deref()),
            token_id: note.and_then(|n| n.token_id.as_deref()),
        });
    }
    response
}
