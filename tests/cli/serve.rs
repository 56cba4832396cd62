//! `tokenctl serve` over real HTTP: introspection answers as `token verify`
//! does for an active token and `{"active":false}` alone for any other
//! (why goes to the log), client authentication, bad requests, the JWKS,
//! the metadata document, health and metrics.

use std::io::Write;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use crate::support::env::TestEnv;
use crate::support::http::{
    basic, connect, form, get, introspect, read_response, request, request_bytes, FORM,
};
use crate::support::serve::{add_client, moved, samples, Server};
use crate::support::tokens::{
    add_known_secret, create_into, mint, mint_json, raw_parts, record, sign, wait_past,
};

/// One token of the mixed set, and the reason `token verify` gives for it
/// (`None`: active).
struct Case {
    what: &'static str,
    token: String,
    reason: Option<&'static str>,
    /// The token's record id, when the store has one the verdict rests on.
    id: Option<String>,
}

fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

/// A JWT that `token create` recorded but could not print (stdout closed,
/// exit 6): rebuilt from a delivered token of the same secret, with the
/// record's id and times, and signed with the secret's known bytes.
fn undelivered_jwt(env: &TestEnv, secret: &str, key: &[u8], name: &str) -> String {
    let template = mint(env, &format!("{name}-template"), &["--secret", secret]);
    let args = ["token", "create", "--name", name, "--secret", secret];
    let (code, stderr) = create_into(env, &args, closed_pipe());
    assert_eq!(code, 6, "{stderr}");
    let rec = record(env, name);
    assert_eq!(rec["status"], "undelivered");
    let (header, payload) = raw_parts(&template);
    let mut claims: serde_json::Map<String, Value> = serde_json::from_str(&payload).unwrap();
    let time = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    claims.insert("jti".into(), rec["id"].clone());
    claims.insert("iat".into(), json!(time(&rec["created_at"]).timestamp()));
    claims.insert("exp".into(), json!(time(&rec["expires_at"]).timestamp()));
    let token = sign(
        "HS256",
        key,
        &header,
        &serde_json::to_string(&claims).unwrap(),
    );
    let verdict = env
        .tk(&["token", "verify", "--json", &token])
        .run()
        .expect(1)
        .json();
    assert_eq!(verdict, json!({"active": false, "reason": "undelivered"}));
    token
}

/// Every kind of token `serve` must judge: active ones of four algorithms
/// and both formats, and one for every way of not being active.
fn mixed_set(env: &TestEnv) -> Vec<Case> {
    let key = add_known_secret(env, "known", "HS256");
    add_known_secret(env, "wide", "HS512");
    env.tk(&["secret", "add", "ed", "--generate", "--algorithm", "EdDSA"])
        .run()
        .ok();
    let id = |name: &str| Some(record(env, name)["id"].as_str().unwrap().to_string());
    let expired = mint_json(env, "expired", &["--expiry", "1s"]);
    let active = mint(
        env,
        "active",
        &[
            "--secret",
            "known",
            "--subject",
            "alice",
            "--claim",
            "plan=pro",
        ],
    );
    let revoked = mint(env, "revoked", &[]);
    let opaque = mint(env, "opaque", &["--format", "opaque"]);
    let opaque_revoked = mint(env, "opaque-revoked", &["--format", "opaque"]);
    env.tk(&["token", "revoke", "revoked", "opaque-revoked", "--yes"])
        .run()
        .ok();
    let undelivered = undelivered_jwt(env, "known", &key, "undelivered");
    let (header, payload) = raw_parts(&active);
    let forged = sign(
        "HS256",
        b"another-key-that-this-store-never-held-0123456789",
        &header,
        &payload,
    );
    let jti = record(env, "active")["id"].as_str().unwrap().to_string();
    let never = sign(
        "HS256",
        &key,
        &header,
        &payload.replace(&jti, "00000000000000000000000000000000"),
    );
    let eddsa = mint(env, "eddsa", &["--secret", "ed", "--role", "reader"]);
    let hs512 = mint(env, "hs512", &["--secret", "wide"]);
    wait_past(&expired["expires_at"]);
    vec![
        Case {
            what: "active",
            token: active,
            reason: None,
            id: id("active"),
        },
        Case {
            what: "revoked",
            token: revoked,
            reason: Some("revoked"),
            id: id("revoked"),
        },
        Case {
            what: "expired",
            token: expired["token"].as_str().unwrap().to_string(),
            reason: Some("expired"),
            id: id("expired"),
        },
        Case {
            what: "undelivered",
            token: undelivered,
            reason: Some("undelivered"),
            id: id("undelivered"),
        },
        Case {
            what: "forged",
            token: forged,
            reason: Some("bad_signature"),
            id: None,
        },
        Case {
            what: "unknown",
            token: never,
            reason: Some("unknown"),
            id: None,
        },
        Case {
            what: "malformed",
            token: "malformed-CANARY-not-a-token".into(),
            reason: Some("malformed"),
            id: None,
        },
        Case {
            what: "opaque active",
            token: opaque,
            reason: None,
            id: id("opaque"),
        },
        Case {
            what: "opaque revoked",
            token: opaque_revoked,
            reason: Some("revoked"),
            id: id("opaque-revoked"),
        },
        Case {
            what: "EdDSA active",
            token: eddsa,
            reason: None,
            id: id("eddsa"),
        },
        Case {
            what: "HS512 active",
            token: hs512,
            reason: None,
            id: id("hs512"),
        },
    ]
}

/// `token verify --json TOKEN`, in a process of its own.
fn verify_json(env: &TestEnv, token: &str) -> Value {
    let run = env.tk(&["token", "verify", "--json", token]).run();
    assert!(matches!(run.code(), 0 | 1), "{}", run.stderr());
    run.json()
}

// ----------------------------------------------------------- introspection

#[test]
fn introspection_answers_as_token_verify_when_active_and_active_false_alone_otherwise() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let cases = mixed_set(&env);
    let server = Server::start(&env);
    for c in &cases {
        server.forbid(&c.token);
    }
    for c in &cases {
        let r = introspect(server.addr, "api", &secret, &c.token);
        assert_eq!(r.status, 200, "{}: {}", c.what, r.text());
        assert_eq!(r.header("content-type"), Some("application/json"));
        match c.reason {
            None => assert_eq!(r.json(), verify_json(&env, &c.token), "{}", c.what),
            Some(_) => assert_eq!(r.text(), r#"{"active":false}"#, "{}", c.what),
        }
    }
    let stopped = server.stop();
    assert_eq!(stopped.code, 0, "{}", stopped.log);
    // The log says why, and which record, never the token (canaries).
    let logged: Vec<(Value, Value, Value)> = stopped
        .access_log()
        .iter()
        .map(|l| {
            (
                l["client"].clone(),
                l["result"].clone(),
                l["token_id"].clone(),
            )
        })
        .collect();
    let expected: Vec<(Value, Value, Value)> = cases
        .iter()
        .map(|c| {
            (
                json!("api"),
                json!(c.reason.unwrap_or("active")),
                json!(c.id),
            )
        })
        .collect();
    assert_eq!(logged, expected);
}

#[test]
fn introspection_without_good_client_credentials_is_401_with_a_basic_challenge() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let other = add_client(&mut env, "other");
    let token = mint(&env, "t", &[]);
    let server = Server::start(&env);
    server.forbid(&token);
    let body = form(&[("token", &token)]);
    let attempts: [(&str, Option<String>); 7] = [
        ("no credentials", None),
        ("another client's secret", Some(basic("api", &other))),
        ("a wrong secret", Some(basic("api", &format!("{secret}x")))),
        ("an unknown client", Some(basic("nobody", &secret))),
        ("not Basic", Some(format!("Bearer {secret}"))),
        ("not base64", Some("Basic %%%not-base64%%%".into())),
        (
            "no colon",
            Some(format!("Basic {}", STANDARD.encode(&secret))),
        ),
    ];
    for (what, auth) in &attempts {
        let mut headers = vec![FORM];
        if let Some(a) = auth {
            headers.push(("Authorization", a));
        }
        let r = request(
            server.addr,
            "POST",
            "/introspect",
            &headers,
            body.as_bytes(),
        );
        assert_eq!(r.status, 401, "{what}: {}", r.text());
        assert_eq!(
            r.header("www-authenticate"),
            Some(r#"Basic realm="tokenctl""#),
            "{what}"
        );
        assert_eq!(r.json(), json!({"error": "invalid_client"}), "{what}");
    }
    // The right pair still works.
    let r = introspect(server.addr, "api", &secret, &token);
    assert_eq!(r.json()["active"], true);
    let stopped = server.stop();
    let lines = stopped.access_log();
    assert_eq!(lines.len(), attempts.len() + 1);
    for l in &lines[..attempts.len()] {
        assert_eq!(
            (l["status"].clone(), l["result"].clone()),
            (json!(401), Value::Null)
        );
        assert_eq!(l["token_id"], Value::Null);
    }
}

#[test]
fn a_missing_token_is_400_a_huge_body_413_another_path_404_and_get_405() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let token = mint(&env, "t", &[]);
    let server = Server::start(&env);
    server.forbid(&token);
    let auth = basic("api", &secret);
    let post = |headers: &[(&str, &str)], body: &str| {
        let mut all = vec![("Authorization", auth.as_str())];
        all.extend_from_slice(headers);
        request(server.addr, "POST", "/introspect", &all, body.as_bytes())
    };
    let json_body = json!({ "token": token }).to_string();
    for (what, headers, body) in [
        ("no body", vec![FORM], ""),
        ("no token field", vec![FORM], "token_type_hint=access_token"),
        ("an empty token", vec![FORM], "token="),
        (
            "JSON",
            vec![("Content-Type", "application/json")],
            json_body.as_str(),
        ),
        ("no content type", vec![], json_body.as_str()),
    ] {
        let r = post(&headers, body);
        assert_eq!(
            (r.status, r.text()),
            (400, r#"{"error":"invalid_request"}"#.into()),
            "{what}"
        );
    }

    // 1 MB: the body is written by a thread while the answer is read.
    let mut stream = connect(server.addr);
    let body = format!("token={}", "a".repeat(1 << 20));
    let head = request_bytes(
        "POST",
        "/introspect",
        &[("Authorization", &auth), FORM],
        b"",
    );
    let head = String::from_utf8(head).unwrap().replace(
        "Content-Length: 0",
        &format!("Content-Length: {}", body.len()),
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let feeding = std::thread::spawn(move || {
        let _ = writer.write_all(body.as_bytes());
    });
    let r = read_response(&mut stream).unwrap();
    assert_eq!(r.status, 413, "{}", r.text());
    drop(stream);
    feeding.join().unwrap();

    for path in ["/", "/introspect/", "/.well-known/jwks", "/token"] {
        let r = get(server.addr, path);
        assert_eq!(
            (r.status, r.json()),
            (404, json!({"error": "not_found"})),
            "{path}"
        );
    }
    let r = request(
        server.addr,
        "GET",
        "/introspect",
        &[("Authorization", &auth)],
        b"",
    );
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("POST"));

    let stopped = server.stop();
    let statuses: Vec<u64> = stopped
        .access_log()
        .iter()
        .map(|l| l["status"].as_u64().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [400, 400, 400, 400, 400, 413, 404, 404, 404, 404, 405]
    );
}

#[test]
fn the_form_content_type_is_recognised_in_any_case() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let token = mint(&env, "t", &[]);
    let server = Server::start(&env);
    server.forbid(&token);
    let auth = basic("api", &secret);
    let r = request(
        server.addr,
        "POST",
        "/introspect",
        &[
            ("Authorization", &auth),
            ("Content-Type", "Application/X-WWW-Form-URLEncoded"),
        ],
        form(&[("token", &token)]).as_bytes(),
    );
    assert_eq!(
        (r.status, r.json()["active"].clone()),
        (200, json!(true)),
        "{}",
        r.text()
    );
}

#[test]
fn a_credential_sent_as_the_basic_user_name_is_not_logged() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let token = mint(&env, "t", &[]);
    let server = Server::start(&env);
    server.forbid(&token);
    let swapped = request(
        server.addr,
        "POST",
        "/introspect",
        &[("Authorization", &basic(&secret, "api")), FORM],
        form(&[("token", &token)]).as_bytes(),
    );
    assert_eq!(swapped.status, 401);
    let as_user = request(
        server.addr,
        "POST",
        "/introspect",
        &[("Authorization", &basic(&token, "")), FORM],
        form(&[("token", &token)]).as_bytes(),
    );
    assert_eq!(as_user.status, 401);
    // The leak check of the server's stderr fails here.
    let stopped = server.stop();
    assert_eq!(stopped.code, 0);
}

// ------------------------------------------------------------- one engine

#[test]
fn serve_token_verify_and_verify_batch_give_one_verdict_for_every_token() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let cases = mixed_set(&env);
    let server = Server::start(&env);
    for c in &cases {
        server.forbid(&c.token);
    }
    let lines: String = cases.iter().map(|c| format!("{}\n", c.token)).collect();
    let batch_run = env
        .tk(&["token", "verify", "--batch", "-"])
        .stdin(lines)
        .run()
        .expect(1);
    let batch: Vec<Value> = batch_run
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(batch.len(), cases.len(), "{}", batch_run.stdout());
    for (c, from_batch) in cases.iter().zip(&batch) {
        let served = introspect(server.addr, "api", &secret, &c.token).json();
        let single = verify_json(&env, &c.token);
        let active = c.reason.is_none();
        assert_eq!(served["active"], active, "serve, {}", c.what);
        assert_eq!(single["active"], active, "token verify, {}", c.what);
        assert_eq!(from_batch["active"], active, "--batch, {}", c.what);
        if active {
            assert_eq!(served, single, "{}", c.what);
            assert_eq!(*from_batch, single, "{}", c.what);
        } else {
            assert_eq!(served, json!({"active": false}), "{}", c.what);
            assert_eq!(single["reason"], json!(c.reason), "{}", c.what);
            assert_eq!(from_batch["reason"], json!(c.reason), "{}", c.what);
        }
    }
    let stopped = server.stop();
    let results: Vec<Value> = stopped
        .access_log()
        .iter()
        .map(|l| l["result"].clone())
        .collect();
    let reasons: Vec<Value> = cases
        .iter()
        .map(|c| json!(c.reason.unwrap_or("active")))
        .collect();
    assert_eq!(results, reasons);
}

// ------------------------------------------------------------ JWKS, metadata

#[test]
fn the_jwks_is_tokenctl_jwks_with_an_etag_and_follows_a_rotation() {
    let env = TestEnv::init();
    env.tk(&["secret", "add", "ed", "--generate", "--algorithm", "EdDSA"])
        .run()
        .ok();
    let server = Server::start(&env);
    let jwks = || env.tk(&["jwks"]).run().ok().json();
    let first = get(server.addr, "/.well-known/jwks.json");
    assert_eq!(first.status, 200);
    assert_eq!(first.header("content-type"), Some("application/json"));
    assert_eq!(first.json(), jwks());
    assert_eq!(first.json()["keys"].as_array().map(Vec::len), Some(1));
    let etag = first.header("etag").expect("an ETag").to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    let cache = first.header("cache-control").expect("Cache-Control");
    assert!(
        cache.split(',').any(|d| d.trim() == "max-age=300"),
        "{cache}"
    );

    let again = request(
        server.addr,
        "GET",
        "/.well-known/jwks.json",
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(again.status, 304);
    assert_eq!(again.body, b"");
    assert_eq!(again.header("etag"), Some(etag.as_str()));

    env.tk(&["secret", "rotate", "ed"]).run().ok();
    let rotated = request(
        server.addr,
        "GET",
        "/.well-known/jwks.json",
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(rotated.status, 200);
    assert_eq!(rotated.json(), jwks());
    assert_ne!(rotated.json(), first.json());
    let new_etag = rotated.header("etag").expect("an ETag");
    assert_ne!(new_etag, etag);
    let unchanged = request(
        server.addr,
        "GET",
        "/.well-known/jwks.json",
        &[("If-None-Match", new_etag)],
        b"",
    );
    assert_eq!(unchanged.status, 304);
}

#[test]
fn the_metadata_names_the_issuer_set_at_init_else_the_servers_url() {
    let with_issuer = TestEnv::new();
    with_issuer
        .init_store_with(&["--issuer", "https://auth.example.com"])
        .ok();
    let plain = TestEnv::init();
    for (env, issuer) in [
        (&with_issuer, Some("https://auth.example.com")),
        (&plain, None),
    ] {
        let server = Server::start(env);
        let r = get(server.addr, "/.well-known/oauth-authorization-server");
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("application/json"));
        let url = &server.url;
        assert_eq!(
            r.json(),
            json!({
                "issuer": issuer.unwrap_or(url),
                "jwks_uri": format!("{url}/.well-known/jwks.json"),
                "introspection_endpoint": format!("{url}/introspect"),
                "introspection_endpoint_auth_methods_supported": ["client_secret_basic"],
            })
        );
    }
}

#[test]
fn a_public_url_is_the_base_the_metadata_names_and_must_be_http() {
    let env = TestEnv::init();
    let server = Server::start_with(&env, &["--public-url", "https://auth.example.com/"]);
    assert_eq!(server.url, "https://auth.example.com/");
    let r = get(server.addr, "/.well-known/oauth-authorization-server");
    assert_eq!(
        r.json(),
        json!({
            "issuer": "https://auth.example.com",
            "jwks_uri": "https://auth.example.com/.well-known/jwks.json",
            "introspection_endpoint": "https://auth.example.com/introspect",
            "introspection_endpoint_auth_methods_supported": ["client_secret_basic"],
        })
    );
    drop(server);
    for bad in [
        "ftp://auth.example.com",
        "auth.example.com",
        "https://auth example",
    ] {
        let run = env
            .tk(&["serve", "--listen", "127.0.0.1:0", "--public-url", bad])
            .run()
            .expect(2);
        assert_eq!(
            run.stderr(),
            format!("tokenctl: --public-url {bad} is not an http:// or https:// URL\n")
        );
    }
}

// --------------------------------------------------------- health, metrics

#[test]
fn healthz_is_ok_and_the_metrics_count_exactly_the_requests_made() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let active = mint(&env, "active", &[]);
    let revoked = mint(&env, "revoked", &[]);
    env.tk(&["token", "revoke", "revoked", "--yes"]).run().ok();
    let server = Server::start(&env);
    server.forbid(&active);
    server.forbid(&revoked);
    let page = || {
        let r = get(server.addr, "/metrics");
        assert_eq!(r.status, 200);
        // What the body is: OpenMetrics text, ending in "# EOF".
        assert_eq!(
            r.header("content-type"),
            Some("application/openmetrics-text; version=1.0.0; charset=utf-8")
        );
        assert!(r.text().ends_with("# EOF\n"), "{}", r.text());
        samples(&r.text())
    };
    let before = page();

    let health = get(server.addr, "/healthz");
    assert_eq!(
        (health.status, health.json()),
        (200, json!({"status": "ok"}))
    );
    for _ in 0..3 {
        assert_eq!(
            introspect(server.addr, "api", &secret, &active).json()["active"],
            true
        );
    }
    for _ in 0..2 {
        assert_eq!(
            introspect(server.addr, "api", &secret, &revoked).text(),
            r#"{"active":false}"#
        );
    }
    assert_eq!(introspect(server.addr, "api", "wrong", &active).status, 401);
    assert_eq!(get(server.addr, "/nowhere").status, 404);

    let after = page();
    let counters = [
        "tokenctl_http_requests_total",
        "tokenctl_introspections_total",
        "tokenctl_http_request_duration_seconds_count",
    ];
    let expected: std::collections::BTreeMap<String, f64> = [
        // The first page is counted once it has been answered.
        (
            r#"tokenctl_http_requests_total{endpoint="metrics",status="200"}"#,
            1.0,
        ),
        (
            r#"tokenctl_http_requests_total{endpoint="healthz",status="200"}"#,
            1.0,
        ),
        (
            r#"tokenctl_http_requests_total{endpoint="introspect",status="200"}"#,
            5.0,
        ),
        (
            r#"tokenctl_http_requests_total{endpoint="introspect",status="401"}"#,
            1.0,
        ),
        (
            r#"tokenctl_http_requests_total{endpoint="other",status="404"}"#,
            1.0,
        ),
        (r#"tokenctl_introspections_total{result="active"}"#, 3.0),
        (r#"tokenctl_introspections_total{result="revoked"}"#, 2.0),
        ("tokenctl_http_request_duration_seconds_count", 9.0),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(moved(&before, &after, &counters), expected);
}
