//! How `serve` starts and stops: SIGTERM drains what is in flight and exits
//! 0; a taken port is exit 4 with a hint; no passphrase and no terminal is
//! exit 3 at once; the default address is loopback; the access log has
//! exactly its nine keys.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::env::TestEnv;
use crate::support::http::{
    basic, connect, form, get, introspect, read_response, request_head, FORM,
};
use crate::support::serve::{add_client, Server};
use crate::support::tokens::{assert_keys, mint, utc};

/// Until connecting to `addr` is refused: the server has stopped accepting.
#[track_caller]
fn until_refused(addr: SocketAddr) {
    let end = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(addr).is_ok() {
        assert!(Instant::now() < end, "{addr} still accepts connections");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits_0() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let token = mint(&env, "t", &[]);
    let server = Server::start(&env);
    server.forbid(&token);
    let auth = basic("api", &secret);
    let body = form(&[("token", &token)]);
    let length = body.len().to_string();
    let head = request_head(
        "POST",
        "/introspect",
        &[
            ("Authorization", &auth),
            FORM,
            ("Expect", "100-continue"),
            ("Content-Length", &length),
        ],
    );
    let mut stream = connect(server.addr);
    stream.write_all(head.as_bytes()).unwrap();
    // 100 Continue: the handler is reading the body, so the request is in flight.
    let go_on = read_response(&mut stream).unwrap();
    assert_eq!(go_on.status, 100);

    server.terminate();
    until_refused(server.addr);
    stream.write_all(body.as_bytes()).unwrap();
    let r = read_response(&mut stream).unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["active"], true);

    let stopped = server.wait();
    assert_eq!(stopped.code, 0, "{}", stopped.log);
    let lines = stopped.access_log();
    assert_eq!(lines.len(), 1, "{}", stopped.log);
    assert_eq!(lines[0]["result"], "active");
    assert!(stopped.log.ends_with("Stopped.\n"), "{}", stopped.log);
}

#[test]
fn sigint_stops_it_as_sigterm_does_with_exit_0() {
    let env = TestEnv::init();
    let server = Server::start(&env);
    assert_eq!(get(server.addr, "/healthz").status, 200);
    server.interrupt();
    let stopped = server.wait();
    assert_eq!(stopped.code, 0, "{}", stopped.log);
    assert!(stopped.log.ends_with("Stopped.\n"), "{}", stopped.log);
}

#[test]
fn sigterm_right_after_the_address_is_printed_still_exits_0() {
    let env = TestEnv::init();
    for _ in 0..3 {
        let server = Server::start(&env);
        server.terminate_now();
        let stopped = server.wait();
        assert_eq!(stopped.code, 0, "killed by the signal:\n{}", stopped.log);
    }
}

#[test]
fn a_port_in_use_is_exit_4_with_a_hint() {
    let env = TestEnv::init();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let run = env.tk(&["serve", "--listen", &addr]).run().expect(4);
    let in_use = std::io::Error::from_raw_os_error(libc::EADDRINUSE);
    assert_eq!(
        run.stderr(),
        format!(
            "tokenctl: cannot listen on {addr}: {in_use}\n\
             hint: is another server listening there? pass --listen ADDR:PORT\n"
        )
    );
    assert_eq!(run.stdout(), "");
}

#[test]
fn without_a_passphrase_source_or_a_terminal_serve_is_exit_3_at_once() {
    let env = TestEnv::init();
    let started = Instant::now();
    let run = env
        .tk(&["serve", "--listen", "127.0.0.1:0"])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .run()
        .expect(3);
    assert_eq!(
        run.stderr(),
        "tokenctl: no passphrase available and no terminal to ask on\n\
         hint: pass --passphrase-file PATH, or set TOKENCTL_PASSPHRASE_FILE or TOKENCTL_PASSPHRASE\n"
    );
    assert_eq!(run.stdout(), "");
    // It did not wait for anything (a serve that got going would still run).
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn the_default_address_is_loopback_port_8787() {
    let env = TestEnv::init();
    let help = env.tk(&["serve", "--help"]).run().ok().stdout();
    let listen: Vec<&str> = help
        .lines()
        .skip_while(|l| l.trim() != "--listen <ADDR:PORT>")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('-'))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        listen,
        [
            "Address and port to listen on (loopback unless you say otherwise)",
            "[default: 127.0.0.1:8787]"
        ],
        "{help}"
    );
    // And so it binds, when that port is free here (never anything but loopback).
    if TcpListener::bind("127.0.0.1:8787").is_err() {
        eprintln!("127.0.0.1:8787 is taken here: only the help text was checked");
        return;
    }
    let server = Server::start_args(&env, &["serve", "--json"]);
    assert_eq!(server.addr, "127.0.0.1:8787".parse().unwrap());
    assert_eq!(server.url, "http://127.0.0.1:8787");
    assert_eq!(get(server.addr, "/healthz").status, 200);
}

#[test]
fn the_access_log_has_exactly_nine_keys_one_line_per_request() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let token = mint(&env, "t", &[]);
    let id = crate::support::tokens::record(&env, "t")["id"].clone();
    let server = Server::start(&env);
    server.forbid(&token);
    let started = crate::support::tokens::now();
    introspect(server.addr, "api", &secret, &token);
    introspect(server.addr, "api", &secret, "garbage");
    introspect(server.addr, "api", "wrong", &token);
    get(server.addr, "/.well-known/jwks.json");
    get(server.addr, "/nowhere?token=x");
    let url = server.url.clone();
    let stopped = server.stop();
    assert_eq!(stopped.code, 0);
    let lines = stopped.access_log();
    let seen: Vec<Value> = lines
        .iter()
        .map(|l| {
            assert_keys(
                l,
                &[
                    "time",
                    "method",
                    "path",
                    "status",
                    "duration_ms",
                    "remote",
                    "client",
                    "result",
                    "token_id",
                ],
            );
            let at = utc(&l["time"]);
            assert!(at >= started && at <= crate::support::tokens::now(), "{l}");
            assert!(l["duration_ms"].as_f64().is_some_and(|d| d >= 0.0), "{l}");
            let remote: SocketAddr = l["remote"].as_str().unwrap().parse().unwrap();
            assert!(remote.ip().is_loopback(), "{l}");
            json!([
                l["method"],
                l["path"],
                l["status"],
                l["client"],
                l["result"],
                l["token_id"]
            ])
        })
        .collect();
    assert_eq!(
        seen,
        [
            json!(["POST", "/introspect", 200, "api", "active", id]),
            json!(["POST", "/introspect", 200, "api", "malformed", null]),
            json!(["POST", "/introspect", 401, "api", null, null]),
            json!(["GET", "/.well-known/jwks.json", 200, null, null, null]),
            json!(["GET", "/nowhere", 404, null, null, null]),
        ]
    );
    // Around the access log, only the two notes.
    let other: Vec<&str> = stopped
        .log
        .lines()
        .filter(|l| !l.starts_with('{'))
        .collect();
    assert_eq!(other, [format!("Serving on {url}").as_str(), "Stopped."]);
}

#[test]
fn quiet_turns_the_access_log_off() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let token = mint(&env, "t", &[]);
    let server = Server::start_with(&env, &["-q"]);
    server.forbid(&token);
    assert_eq!(introspect(server.addr, "api", &secret, &token).status, 200);
    assert_eq!(get(server.addr, "/healthz").status, 200);
    let stopped = server.stop();
    assert_eq!((stopped.code, stopped.log.as_str()), (0, ""));
}
