//! `serve --tls-cert --tls-key`: introspection over HTTPS (checked by curl
//! against the certificate), no plain HTTP on that port, and a key that is
//! missing or does not fit the certificate is exit 2 in one line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::env::TestEnv;
use crate::support::http::{connect, read_response, request_bytes};
use crate::support::serve::{add_client, Server};
use crate::support::system::skip;
use crate::support::tokens::mint;

/// A self-signed P-256 certificate for 127.0.0.1 and its key, made by
/// openssl in `dir` as `NAME.crt` and `NAME.key`; `None` without openssl.
fn self_signed(dir: &Path, name: &str) -> Option<(PathBuf, PathBuf)> {
    let (cert, key) = (
        dir.join(format!("{name}.crt")),
        dir.join(format!("{name}.key")),
    );
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "1", "-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    made.success().then_some((cert, key))
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn https_answers_introspection_and_plain_http_on_that_port_gets_nothing() {
    if !have("curl") {
        return skip("curl is not installed");
    }
    let mut env = TestEnv::init();
    let Some((cert, key)) = self_signed(env.dir.path(), "server") else {
        return skip("openssl cannot make a certificate here");
    };
    let secret = add_client(&mut env, "api");
    let token = mint(&env, "t", &[]);
    let server = Server::start_with(
        &env,
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    server.forbid(&token);
    let port = server.addr.port();
    assert_eq!(server.url, format!("https://127.0.0.1:{port}"));

    // curl reads the credentials and the form from a config file, so
    // neither is on its command line.
    let config = env.file(
        "curl.conf",
        format!(
            "silent\nshow-error\nuser = \"api:{secret}\"\ndata = \"token={token}\"\n\
             write-out = \"\\n%{{http_code}}\"\n"
        ),
    );
    let out = Command::new("curl")
        .arg("--config")
        .arg(&config)
        .arg("--cacert")
        .arg(&cert)
        .arg(format!("{}/introspect", server.url))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (body, status) = stdout.rsplit_once('\n').unwrap();
    assert_eq!(status, "200");
    let verified = env
        .tk(&["token", "verify", "--json", &token])
        .run()
        .ok()
        .json();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(body).unwrap(),
        verified
    );

    // Plain HTTP to the TLS port: no HTTP answer at all.
    let mut stream = connect(server.addr);
    stream
        .write_all(&request_bytes("GET", "/healthz", &[], b""))
        .unwrap();
    assert!(
        read_response(&mut stream).is_err(),
        "plain HTTP was answered"
    );
    // And the server goes on serving HTTPS.
    let health = Command::new("curl")
        .args(["--silent", "--show-error", "--cacert"])
        .arg(&cert)
        .arg(format!("{}/healthz", server.url))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&health.stdout),
        r#"{"status":"ok"}"#
    );
    let stopped = server.stop();
    assert_eq!(stopped.code, 0, "{}", stopped.log);
}

#[test]
fn a_missing_or_mismatched_tls_key_is_exit_2_in_one_line() {
    let env = TestEnv::init();
    let (Some((cert, _)), Some((_, other_key))) = (
        self_signed(env.dir.path(), "one"),
        self_signed(env.dir.path(), "two"),
    ) else {
        return skip("openssl cannot make a certificate here");
    };
    let missing = env.path("missing.key");
    let tls = |key: &Path| {
        env.tk(&[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ])
        .run()
        .expect(2)
    };
    // The wording after the colon is the TLS library's: only the start of
    // the line and that it is one line are pinned.
    let one_line = |run: &crate::support::env::Run, start: &str| {
        let err = run.stderr();
        assert!(
            err.starts_with(start) && err.ends_with('\n') && err.lines().count() == 1,
            "{err:?}"
        );
        assert_eq!(run.stdout(), "");
        err
    };
    let err = one_line(
        &tls(&missing),
        &format!("tokenctl: cannot read the TLS key {}: ", missing.display()),
    );
    let enoent = std::io::Error::from_raw_os_error(libc::ENOENT).to_string();
    assert!(err.contains(&enoent), "{err:?}");
    one_line(
        &tls(&other_key),
        "tokenctl: the TLS certificate and key do not fit together: ",
    );
    // A certificate in place of the key holds no key at all.
    one_line(
        &tls(&cert),
        &format!("tokenctl: cannot read the TLS key {}: ", cert.display()),
    );
}
