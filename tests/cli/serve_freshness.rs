//! No answer of `serve` reflects a state older than the last change
//! committed before the request: revocations, clients added and removed,
//! tokens minted after it started, in one server or two; and each token's
//! last introspection is recorded, at most once a minute.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::env::TestEnv;
use crate::support::http::{get, introspect};
use crate::support::serve::{add_client, client_secret, Server};
use crate::support::tokens::{list, mint, now, record, utc, wait_past};

/// The body of an introspection of `token`, which must be a 200.
#[track_caller]
fn answer(server: &Server, secret: &str, token: &str) -> Value {
    let r = introspect(server.addr, "api", secret, token);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

crate::on_every_store! {
    fn a_revocation_is_seen_by_the_very_next_introspection(env: TestEnv) {
        let mut env = env;
        env.init_store().ok();
        let secret = add_client(&mut env, "api");
        let token = mint(&env, "t", &[]);
        let server = Server::start(&env).expect_clean_exit();
        server.forbid(&token);
        assert_eq!(answer(&server, &secret, &token)["active"], true);
        env.tk(&["token", "revoke", "t", "--yes"]).run().ok();
        assert_eq!(answer(&server, &secret, &token), json!({"active": false}));
        let lines = server.access_log_of(2);
        assert_eq!(lines[1]["result"], "revoked");
    }
}

crate::on_every_store! {
    fn under_load_no_request_started_after_the_revoke_returned_is_answered_active(env: TestEnv) {
        let mut env = env;
        env.init_store().ok();
        let secret = add_client(&mut env, "api");
        let token = mint(&env, "hot", &[]);
        let server = Server::start(&env).expect_clean_exit();
        server.forbid(&token);
        let addr = server.addr;
        let threads = 3;
        let enough = 20;
        let done = AtomicBool::new(false);
        let before = AtomicUsize::new(0);
        let after = AtomicUsize::new(0);
        let revoke_started: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        let revoked: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        // Each request: when it started, when it ended, whether it said active.
        let seen: Vec<Vec<(Instant, Instant, bool)>> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut mine = Vec::new();
                        while !done.load(Ordering::SeqCst) {
                            let start = Instant::now();
                            let r = introspect(addr, "api", &secret, &token);
                            let end = Instant::now();
                            assert_eq!(r.status, 200);
                            let active = r.json()["active"] == true;
                            mine.push((start, end, active));
                            if revoked.get().is_some_and(|at| start > *at) {
                                after.fetch_add(1, Ordering::SeqCst);
                            } else {
                                before.fetch_add(1, Ordering::SeqCst);
                            }
                        }
                        mine
                    })
                })
                .collect();
            let until = |counter: &AtomicUsize| {
                let end = Instant::now() + Duration::from_secs(30);
                while counter.load(Ordering::SeqCst) < threads * enough && Instant::now() < end {
                    std::thread::sleep(Duration::from_millis(5));
                }
            };
            until(&before);
            revoke_started.set(Instant::now()).unwrap();
            env.tk(&["token", "revoke", "hot", "--yes"]).run().ok();
            revoked.set(Instant::now()).unwrap();
            until(&after);
            done.store(true, Ordering::SeqCst);
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let (revoke_started, revoked) = (*revoke_started.get().unwrap(), *revoked.get().unwrap());
        let all: Vec<&(Instant, Instant, bool)> = seen.iter().flatten().collect();
        let stale = all
            .iter()
            .filter(|(start, _, active)| *start > revoked && *active)
            .count();
        let later = all.iter().filter(|(start, _, _)| *start > revoked).count();
        let earlier_inactive = all
            .iter()
            .filter(|(_, end, active)| *end < revoke_started && !*active)
            .count();
        assert!(
            later >= threads * enough,
            "only {later} requests after the revoke"
        );
        assert_eq!(earlier_inactive, 0, "inactive before the revoke began");
        assert_eq!(
            stale, 0,
            "{stale} of {later} requests after the revoke said active"
        );
    }
}

crate::on_every_store! {
    fn a_removed_client_is_refused_and_an_added_one_accepted_at_once(env: TestEnv) {
        let mut env = env;
        env.init_store().ok();
        let secret = add_client(&mut env, "api");
        let doomed = add_client(&mut env, "doomed");
        let token = mint(&env, "t", &[]);
        let server = Server::start(&env).expect_clean_exit();
        server.forbid(&token);
        assert_eq!(
            introspect(server.addr, "doomed", &doomed, &token).status,
            200
        );

        env.tk(&["client", "remove", "doomed", "--yes"]).run().ok();
        let r = introspect(server.addr, "doomed", &doomed, &token);
        assert_eq!(r.status, 401, "{}", r.text());
        // Added again under the same name: the new secret, never the old one.
        let reborn = client_secret(&env, "doomed");
        server.forbid(&reborn);
        assert_eq!(
            introspect(server.addr, "doomed", &doomed, &token).status,
            401
        );
        assert_eq!(
            introspect(server.addr, "doomed", &reborn, &token).status,
            200
        );

        let late = client_secret(&env, "late");
        server.forbid(&late);
        let r = introspect(server.addr, "late", &late, &token);
        assert_eq!((r.status, r.json()["active"].clone()), (200, json!(true)));
        // The others are untouched.
        assert_eq!(answer(&server, &secret, &token)["active"], true);
    }
}

crate::on_every_store! {
    fn a_token_minted_after_start_is_active_at_once_even_with_a_new_secret(env: TestEnv) {
        let mut env = env;
        env.init_store().ok();
        let secret = add_client(&mut env, "api");
        let server = Server::start(&env).expect_clean_exit();
        let token = mint(&env, "late", &["--subject", "bob"]);
        server.forbid(&token);
        let single = env
            .tk(&["token", "verify", "--json", &token])
            .run()
            .ok()
            .json();
        assert_eq!(answer(&server, &secret, &token), single);

        env.tk(&[
            "secret",
            "add",
            "fresh",
            "--generate",
            "--algorithm",
            "EdDSA",
        ])
        .run()
        .ok();
        let signed = mint(&env, "fresh-one", &["--secret", "fresh"]);
        server.forbid(&signed);
        let single = env
            .tk(&["token", "verify", "--json", &signed])
            .run()
            .ok()
            .json();
        assert_eq!(answer(&server, &secret, &signed), single);
    }
}

crate::on_every_store! {
    fn two_servers_on_one_store_both_see_a_revocation_on_their_next_request(env: TestEnv) {
        let mut env = env;
        env.init_store().ok();
        let secret = add_client(&mut env, "api");
        let token = mint(&env, "shared", &[]);
        let one = Server::start(&env).expect_clean_exit();
        let two = Server::start(&env).expect_clean_exit();
        for server in [&one, &two] {
            server.forbid(&token);
            assert_eq!(answer(server, &secret, &token)["active"], true);
        }
        env.tk(&["token", "revoke", "shared", "--yes"]).run().ok();
        for server in [&one, &two] {
            assert_eq!(answer(server, &secret, &token), json!({"active": false}));
        }
    }
}

crate::on_every_store! {
    fn after_a_rekey_a_running_serve_fails_closed_until_it_is_restarted(env: TestEnv) {
        let mut env = env;
        env.init_store().ok();
        let secret = add_client(&mut env, "api");
        let token = mint(&env, "t", &[]);
        let server = Server::start(&env).expect_clean_exit();
        server.forbid(&token);
        assert_eq!(answer(&server, &secret, &token)["active"], true);
        // Its data key opens nothing in the store any more: no answer from it.
        env.tk(&["store", "rekey"]).run().ok();
        let r = introspect(server.addr, "api", &secret, &token);
        assert_eq!(
            (r.status, r.json()),
            (503, json!({"error": "temporarily_unavailable"}))
        );
        let health = get(server.addr, "/healthz");
        assert_eq!(
            (health.status, health.json()),
            (503, json!({"status": "unavailable"}))
        );
        assert_eq!(get(server.addr, "/.well-known/jwks.json").status, 503);
        drop(server);
        let again = Server::start(&env).expect_clean_exit();
        again.forbid(&token);
        assert_eq!(answer(&again, &secret, &token)["active"], true);
    }
}

// --------------------------------------------------------------- last used

/// `token show NAME --json`'s `last_used_at`, once it is set (it is written
/// a few seconds after the request).
#[track_caller]
fn last_used_once_written(env: &TestEnv, name: &str) -> Value {
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        let v =
            env.tk(&["token", "show", name, "--json"]).run().ok().json()["last_used_at"].clone();
        if !v.is_null() {
            return v;
        }
        assert!(
            Instant::now() < end,
            "last_used_at of {name} was never written"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

crate::on_every_store! {
    fn the_last_introspection_is_recorded_for_show_and_list_and_kept_for_a_minute(env: TestEnv) {
        let mut env = env;
        env.init_store().ok();
        let secret = add_client(&mut env, "api");
        let token = mint(&env, "seen", &[]);
        mint(&env, "unseen", &[]);
        assert_eq!(record(&env, "seen")["last_used_at"], Value::Null);
        let server = Server::start(&env).expect_clean_exit();
        server.forbid(&token);

        let asked = now();
        assert_eq!(answer(&server, &secret, &token)["active"], true);
        let used = last_used_once_written(&env, "seen");
        let at = utc(&used);
        assert!(
            at >= asked && at <= now(),
            "{used} is not the time it was asked"
        );

        let text = env.tk(&["token", "show", "seen"]).run().ok().stdout();
        let line = text
            .lines()
            .find(|l| l.starts_with("Last used:"))
            .unwrap_or_else(|| panic!("no Last used line:\n{text}"));
        let shown = line.strip_prefix("Last used:  ").unwrap_or(line);
        assert!(
            shown.starts_with(&format!("{} (", used.as_str().unwrap())) && shown.ends_with(')'),
            "{line:?}"
        );
        let listed: Vec<(Value, Value)> = list(&env, &[])
            .iter()
            .map(|r| (r["name"].clone(), r["last_used_at"].clone()))
            .collect();
        assert_eq!(
            listed,
            [
                (json!("unseen"), Value::Null),
                (json!("seen"), used.clone())
            ]
        );

        // Again, a second later: the record keeps the first time, even once
        // the server has stopped and written whatever was pending.
        wait_past(&used);
        assert_eq!(answer(&server, &secret, &token)["active"], true);
        let stopped = server.stop();
        assert_eq!(stopped.code, 0, "{}", stopped.log);
        assert_eq!(record(&env, "seen")["last_used_at"], used);
        assert_eq!(record(&env, "unseen")["last_used_at"], Value::Null);
    }
}

crate::on_every_store! {
    fn a_revocation_once_answered_stays_though_an_older_row_is_put_back(env: TestEnv) {
        let mut env = env;
        env.init_store().ok();
        let secret = add_client(&mut env, "api");
        let token = mint(&env, "t", &[]);
        let (hex, put_back) = if env.pg.is_some() {
            ("encode(sealed, 'hex')", "decode('{}', 'hex')")
        } else {
            ("hex(sealed)", "X'{}'")
        };
        let old = env
            .peek(&format!("SELECT {hex} FROM tokens WHERE name = 't'"))
            .expect("the token's row");
        let server = Server::start(&env).expect_clean_exit();
        server.forbid(&token);
        env.tk(&["token", "revoke", "t", "--yes"]).run().ok();
        assert_eq!(answer(&server, &secret, &token), json!({"active": false}));
        // The row as it was before the revocation, which still authenticates.
        let sealed = put_back.replace("{}", &old);
        let n = env.attack(&format!(
            "UPDATE tokens SET status = 'active', version = 1, sealed = {sealed} WHERE name = 't'"
        ));
        assert_eq!(n, 1);
        let fresh = env.tk(&["token", "verify", &token]).run();
        assert_eq!(fresh.code(), 0, "the put-back row reads as active to a new process");
        assert_eq!(answer(&server, &secret, &token), json!({"active": false}));
        env.tk(&["store", "check"]).run().expect(4).stderr_has("put back to an older copy");
    }
}
