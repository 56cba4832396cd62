//! `serve` against hostile or clumsy clients: slow ones do not hold up
//! others, a connection without its headers after 10 s is closed, the
//! connection cap makes the next one wait (not fail), and repeated failed
//! logins from one address are answered more and more slowly.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::env::TestEnv;
use crate::support::http::{
    basic, connect, get, introspect, read_response, request_bytes, request_head, FORM,
};
use crate::support::serve::{access_lines, add_client, samples, Server};
use crate::support::tokens::mint;

/// Whether the server has closed `stream`: a read within `within` returns
/// end of file (or a reset), after at most an HTTP error response.
fn closed_within(stream: &mut TcpStream, within: Duration) -> Result<Duration, String> {
    let started = Instant::now();
    stream.set_read_timeout(Some(within)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) => return Err(format!("still open after {:?}: {e}", started.elapsed())),
        }
    }
    let text = String::from_utf8_lossy(&got);
    if got.is_empty() || text.starts_with("HTTP/1.1 408") || text.starts_with("HTTP/1.1 400") {
        Ok(started.elapsed())
    } else {
        Err(format!("answered {text:?}"))
    }
}

#[test]
fn slow_clients_do_not_hold_up_another_client() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let token = mint(&env, "t", &[]);
    let server = Server::start(&env).expect_clean_exit();
    server.forbid(&token);
    let head = request_bytes("GET", "/healthz", &[], b"");
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        // Two send their request a byte every half second; two send nothing.
        let drips: Vec<_> = (0..2)
            .map(|_| {
                let mut stream = connect(server.addr);
                let (head, stop) = (&head, &stop);
                s.spawn(move || {
                    let mut sent = 0;
                    while !stop.load(Ordering::SeqCst) && sent < head.len() - 1 {
                        stream
                            .write_all(&head[sent..=sent])
                            .expect("still connected");
                        sent += 1;
                        std::thread::sleep(Duration::from_millis(500));
                    }
                    (stream, sent)
                })
            })
            .collect();
        let mut silent: Vec<TcpStream> = (0..2).map(|_| connect(server.addr)).collect();
        std::thread::sleep(Duration::from_millis(1200));

        // Meanwhile another client is served, several times over.
        for _ in 0..3 {
            assert_eq!(get(server.addr, "/healthz").status, 200);
            let r = introspect(server.addr, "api", &secret, &token);
            assert_eq!(r.json()["active"], true);
        }

        // The slow ones were connected all along, and still are.
        stop.store(true, Ordering::SeqCst);
        for drip in drips {
            let (mut stream, sent) = drip.join().unwrap();
            assert!(sent >= 2, "only {sent} bytes went out");
            stream.set_nonblocking(true).unwrap();
            let e = stream.read(&mut [0u8; 16]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::WouldBlock, "{e}");
        }
        for stream in &mut silent {
            stream.set_nonblocking(true).unwrap();
            let e = stream.read(&mut [0u8; 16]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::WouldBlock, "{e}");
        }
    });
}

/// A request whose head arrived but whose body never does.
fn stalled_body(server: &Server, auth: &str) -> TcpStream {
    let head = request_head(
        "POST",
        "/introspect",
        &[("Authorization", auth), FORM, ("Content-Length", "100")],
    );
    let mut stream = connect(server.addr);
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(b"token=").unwrap();
    stream
}

#[test]
fn after_10_s_without_headers_a_connection_is_closed_and_without_a_body_answered_408() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let server = Server::start(&env).expect_clean_exit();
    // Three at once: one sends nothing, one half a head, one a head and
    // never its body.
    let mut silent = connect(server.addr);
    let mut partial = connect(server.addr);
    partial
        .write_all(b"POST /introspect HTTP/1.1\r\nHost: 127")
        .unwrap();
    let mut stalled = stalled_body(&server, &basic("api", &secret));
    let started = Instant::now();
    let left = || {
        Duration::from_secs(30)
            .saturating_sub(started.elapsed())
            .max(Duration::from_millis(1))
    };
    let waited = closed_within(&mut silent, left()).unwrap();
    closed_within(&mut partial, left()).unwrap();
    // Closed by the header timeout, not by anything sooner.
    assert!(waited >= Duration::from_secs(5), "closed after {waited:?}");
    stalled.set_read_timeout(Some(left())).unwrap();
    let r = read_response(&mut stalled).unwrap();
    assert_eq!(r.status, 408, "{}", r.text());
    closed_within(&mut stalled, left()).unwrap();
    // And the server is as good as before.
    assert_eq!(get(server.addr, "/healthz").status, 200);
}

#[test]
fn a_request_answered_408_is_logged_and_counted() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let server = Server::start(&env);
    let mut stream = stalled_body(&server, &basic("api", &secret));
    assert_eq!(read_response(&mut stream).unwrap().status, 408);
    let page = get(server.addr, "/metrics").text();
    assert_eq!(
        samples(&page).get(r#"tokenctl_http_requests_total{endpoint="introspect",status="408"}"#),
        Some(&1.0),
        "{page}"
    );
    let stopped = server.stop();
    let statuses: Vec<u64> = stopped
        .access_log()
        .iter()
        .map(|l| l["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [408, 200], "{}", stopped.log);
}

#[test]
fn with_max_connections_2_a_third_connection_waits_until_one_closes() {
    let env = TestEnv::init();
    let run = env
        .tk(&["serve", "--listen", "127.0.0.1:0", "--max-connections", "0"])
        .run()
        .expect(2);
    assert!(
        run.stderr()
            .starts_with("tokenctl: invalid value '0' for '--max-connections <N>'"),
        "{}",
        run.stderr()
    );
    let server = Server::start_with(&env, &["--max-connections", "2"]).expect_clean_exit();
    let ask = request_bytes("GET", "/healthz", &[], b"");
    // Two connections, each served once and then left open and idle.
    let mut held: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut stream = connect(server.addr);
            stream.write_all(&ask).unwrap();
            assert_eq!(read_response(&mut stream).unwrap().status, 200);
            stream
        })
        .collect();
    // A third is let in by the kernel, but not served...
    let mut third = connect(server.addr);
    third.write_all(&ask).unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(1500)))
        .unwrap();
    let e = third.read(&mut [0u8; 1]).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{e}"
    );
    // ...until one of the two goes away.
    drop(held.pop());
    third
        .set_read_timeout(Some(crate::support::http::PATIENCE))
        .unwrap();
    let r = read_response(&mut third).unwrap();
    assert_eq!((r.status, r.json()), (200, json!({"status": "ok"})));
    // The one still held is still served.
    held[0].write_all(&ask).unwrap();
    assert_eq!(read_response(&mut held[0]).unwrap().status, 200);
}

#[test]
fn repeated_failed_logins_from_one_address_are_answered_more_slowly() {
    let mut env = TestEnv::init();
    let secret = add_client(&mut env, "api");
    let token = mint(&env, "t", &[]);
    let server = Server::start(&env).expect_clean_exit();
    server.forbid(&token);
    let took: Vec<Duration> = (0..10)
        .map(|_| {
            let started = Instant::now();
            let r = introspect(server.addr, "api", "tkc_wrong", &token);
            assert_eq!(r.status, 401);
            started.elapsed()
        })
        .collect();
    assert!(
        took[9] >= took[0] + Duration::from_millis(50),
        "the 10th failed login took {:?}, the 1st {:?}",
        took[9],
        took[0]
    );
    // The right secret is still let in, from the same address.
    assert_eq!(
        introspect(server.addr, "api", &secret, &token).json()["active"],
        true
    );
    let stopped = server.stop();
    let statuses: Vec<u64> = access_lines(&stopped.log)
        .iter()
        .map(|l| l["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [vec![401; 10], vec![200]].concat());
}
