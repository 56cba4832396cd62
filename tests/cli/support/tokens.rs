//! Tokens and sessions as a test handles them: minting, listing and
//! verifying through the binary, signing and forging tokens independently
//! of tokenctl, the times and keys a record carries, batch input, and
//! session keys.

use std::collections::BTreeSet;
use std::process::Stdio;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jwt_simple::prelude::{HS256Key, HS384Key, HS512Key, MACLike};
use serde_json::{json, Value};
use tokenctl::crypto::{self, Key};

use crate::support::env::{raw_cmd, Run, TestEnv};

// --------------------------------------------------- create, list, verify

/// `token create --name NAME EXTRA...`: exit 0, stdout is the token and one
/// newline, nothing else. Returns the token.
#[track_caller]
pub fn mint(env: &TestEnv, name: &str, extra: &[&str]) -> String {
    let mut args = vec!["token", "create", "--name", name];
    args.extend_from_slice(extra);
    let out = env.tk(&args).run().ok().stdout();
    let token = out
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("stdout does not end in a newline: {out:?}"));
    assert!(
        !token.is_empty() && !token.contains(|c: char| c.is_whitespace()),
        "stdout is not just a token and a newline: {out:?}"
    );
    token.to_string()
}

/// `token create --json --name NAME EXTRA...`: the printed object.
#[track_caller]
pub fn mint_json(env: &TestEnv, name: &str, extra: &[&str]) -> Value {
    let mut args = vec!["token", "create", "--json", "--name", name];
    args.extend_from_slice(extra);
    env.tk(&args).run().ok().json()
}

/// `token list --json EXTRA...` as a vector of records.
#[track_caller]
pub fn list(env: &TestEnv, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["token", "list", "--json"];
    args.extend_from_slice(extra);
    env.tk(&args)
        .run()
        .ok()
        .json()
        .as_array()
        .expect("token list --json is an array")
        .clone()
}

/// The names in `token list --json EXTRA...`, in order.
#[track_caller]
pub fn listed_names(env: &TestEnv, extra: &[&str]) -> Vec<String> {
    list(env, extra)
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect()
}

/// The secrets' names in `secret list --json`, in order.
pub fn secret_names(env: &TestEnv) -> Vec<String> {
    env.tk(&["secret", "list", "--json"])
        .run()
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

/// The one record named `name` in `token list --status all --json`.
#[track_caller]
pub fn record(env: &TestEnv, name: &str) -> Value {
    let all = list(env, &["--status", "all"]);
    let found: Vec<&Value> = all.iter().filter(|t| t["name"] == name).collect();
    assert_eq!(found.len(), 1, "expected one record named {name}: {all:?}");
    found[0].clone()
}

/// `token verify TOKEN EXTRA...` (the token as an argument).
pub fn verify(env: &TestEnv, token: &str, extra: &[&str]) -> Run {
    let mut args = vec!["token", "verify", token];
    args.extend_from_slice(extra);
    env.tk(&args).run()
}

/// The token verifies (exit 0) and `--json` says active; returns that JSON.
#[track_caller]
pub fn assert_active(env: &TestEnv, token: &str, extra: &[&str]) -> Value {
    verify(env, token, extra).ok();
    let mut args = vec!["token", "verify", "--json", token];
    args.extend_from_slice(extra);
    let json = env.tk(&args).run().ok().json();
    assert_eq!(json["active"], true, "{json}");
    json
}

/// The token does not verify: exit 1, `(REASON)` on stderr, and `--json`
/// prints exactly `{"active":false,"reason":REASON}`.
#[track_caller]
pub fn assert_reason(env: &TestEnv, token: &str, extra: &[&str], reason: &str) {
    verify(env, token, extra)
        .expect(1)
        .stderr_has(&format!("({reason})"));
    let mut args = vec!["token", "verify", "--json", token];
    args.extend_from_slice(extra);
    let json = env.tk(&args).run().expect(1).json();
    assert_eq!(json, json!({"active": false, "reason": reason}));
}

/// Like `assert_reason`, with the token on standard input.
#[track_caller]
pub fn assert_reason_stdin(env: &TestEnv, token: impl Into<Vec<u8>>, reason: &str) {
    let token = token.into();
    env.tk(&["token", "verify"])
        .stdin(token.clone())
        .run()
        .expect(1)
        .stderr_has(&format!("({reason})"));
    let json = env
        .tk(&["token", "verify", "--json", "-"])
        .stdin(token)
        .run()
        .expect(1)
        .json();
    assert_eq!(json, json!({"active": false, "reason": reason}));
}

// ---------------------------------------------------------------- secrets

/// Add a secret whose bytes the test knows (64 printable bytes: long enough
/// for every HMAC algorithm). Returns the bytes.
pub fn add_known_secret(env: &TestEnv, name: &str, alg: &str) -> Vec<u8> {
    let key: String = format!("known-{name}-{alg}-0123456789")
        .chars()
        .cycle()
        .take(64)
        .collect();
    env.tk(&[
        "secret",
        "add",
        name,
        "-a",
        alg,
        "--from-env",
        "TK_TEST_KEY",
    ])
    .env("TK_TEST_KEY", &key)
    .run()
    .ok();
    key.into_bytes()
}

/// The key id of the secret `name`, from `secret list --json`.
#[track_caller]
pub fn kid_of(env: &TestEnv, name: &str) -> String {
    secret_field(env, name, "kid").as_str().unwrap().to_string()
}

/// One field of the secret `name` in `secret list --json`.
#[track_caller]
pub fn secret_field(env: &TestEnv, name: &str, field: &str) -> Value {
    let list = env.tk(&["secret", "list", "--json"]).run().ok().json();
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no secret {name} in {list}"))[field]
        .clone()
}

// ------------------------------------------------------ JWTs made by hand

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The decoded header and payload of a compact JWT, as raw JSON text.
#[track_caller]
pub fn raw_parts(token: &str) -> (String, String) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "not a compact JWT: {token}");
    let dec = |s: &str| {
        String::from_utf8(
            URL_SAFE_NO_PAD
                .decode(s)
                .unwrap_or_else(|e| panic!("bad base64url {s:?}: {e}")),
        )
        .unwrap()
    };
    (dec(parts[0]), dec(parts[1]))
}

/// The decoded header and payload of a compact JWT.
#[track_caller]
pub fn parts(token: &str) -> (Value, Value) {
    let (h, p) = raw_parts(token);
    (
        serde_json::from_str(&h).unwrap(),
        serde_json::from_str(&p).unwrap(),
    )
}

/// A compact JWT with exactly this header and payload text, HMAC-signed with
/// `key` under `alg` (HS256/384/512), computed independently of tokenctl.
pub fn sign(alg: &str, key: &[u8], header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let tag = match alg {
        "HS256" => HS256Key::from_bytes(key).authentication_tag(input.as_bytes()),
        "HS384" => HS384Key::from_bytes(key).authentication_tag(input.as_bytes()),
        "HS512" => HS512Key::from_bytes(key).authentication_tag(input.as_bytes()),
        other => panic!("no HMAC for {other}"),
    };
    format!("{input}.{}", b64(&tag))
}

// ------------------------------------------------------------------ times

/// Mint `names` in order, each in a later second than the one before, so
/// their creation times order them.
pub fn seconds_apart(env: &TestEnv, names: &[&str]) {
    for name in names {
        mint(env, name, &[]);
        // The second the mint returned in is no earlier than the one it
        // recorded; the next mint starts in a later one.
        let minted = now();
        while now() <= minted {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Parse a `YYYY-MM-DDTHH:MM:SSZ` time, asserting exactly that shape.
#[track_caller]
pub fn utc(v: &Value) -> i64 {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("not a time string: {v}"));
    let b = s.as_bytes();
    let shape_ok = b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    assert!(shape_ok, "not YYYY-MM-DDTHH:MM:SSZ: {s:?}");
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .timestamp()
}

/// Wait until the clock is past `t`, a whole second: a length left is then
/// a little under a whole unit, and shows whether it is rounded or cut off.
pub fn wait_past(t: &serde_json::Value) {
    let t = chrono::DateTime::parse_from_rfc3339(t.as_str().unwrap())
        .unwrap()
        .timestamp();
    while now() <= t {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

// -------------------------------------------------------------- JSON keys

/// The sorted keys of a JSON object.
#[track_caller]
pub fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

#[track_caller]
pub fn assert_keys(v: &Value, expected: &[&str]) {
    let want: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
    assert_eq!(keys(v), want, "{v}");
}

/// The keys of `token create --json`.
pub const CREATE_KEYS: &[&str] = &[
    "id",
    "name",
    "type",
    "format",
    "token",
    "secret",
    "subject",
    "created_at",
    "created_by",
    "expires_at",
];

/// The keys of a record in `token list --json` (`last_used_at`: when
/// `serve` last introspected it, null until then).
pub const RECORD_KEYS: &[&str] = &[
    "id",
    "name",
    "type",
    "format",
    "status",
    "secret",
    "subject",
    "created_at",
    "created_by",
    "expires_at",
    "revoked_at",
    "revoked_by",
    "revoke_reason",
    "last_used_at",
];

// ---------------------------------------------------------- opaque tokens

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// CRC-32 (IEEE), written out so the check does not share code with tokenctl.
fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// Six base62 digits, most significant first, zero-padded.
fn base62_6(mut n: u32) -> String {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(out.to_vec()).unwrap()
}

/// A well-formed opaque token with a valid checksum that nobody minted.
pub fn forge_opaque(prefix: &str, body30: &str) -> String {
    assert_eq!(body30.len(), 30);
    format!("{prefix}{body30}{}", base62_6(crc32(body30.as_bytes())))
}

/// Assert `token` is a well-formed opaque token with `prefix` and a correct checksum.
#[track_caller]
pub fn assert_opaque_shape(token: &str, prefix: &str) {
    let rest = token
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{token:?} lacks prefix {prefix}"));
    assert_eq!(rest.len(), 36, "{token:?}");
    assert!(rest.bytes().all(|c| BASE62.contains(&c)), "{token:?}");
    let (body, check) = rest.split_at(30);
    assert_eq!(
        check,
        base62_6(crc32(body.as_bytes())),
        "bad checksum in {token}"
    );
}

// ----------------------------------------------------- batch and delivery

/// `n` batch lines, each only a name: PREFIX0, PREFIX1, ...
pub fn names(n: usize, prefix: &str) -> String {
    (0..n)
        .map(|i| format!("{}\n", json!({"name": format!("{prefix}{i}")})))
        .collect()
}

/// Run `tokenctl ARGS` with stdout going to `out`; returns (exit code, stderr).
pub fn create_into(env: &TestEnv, args: &[&str], out: impl Into<Stdio>) -> (i32, String) {
    let output = raw_cmd(env, args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    env.assert_no_leak(&output.stderr, "stderr", &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code().unwrap_or(-1), stderr)
}

// --------------------------------------------------------------- sessions

/// `unlock EXTRA...` without a terminal: stdout is the bare key and a newline.
#[track_caller]
pub fn unlock(env: &TestEnv, extra: &[&str]) -> String {
    let mut args = vec!["unlock"];
    args.extend_from_slice(extra);
    let run = env.tk(&args).run().ok();
    let out = run.stdout();
    let key = out.strip_suffix('\n').expect("one line");
    assert!(
        key.starts_with("tks_") && !key.contains(char::is_whitespace),
        "{out:?}"
    );
    assert!(run.stderr().contains("expires at"), "{}", run.stderr());
    key.to_string()
}

/// Run `tokenctl ARGS` with only the session to unlock: no passphrase source at all.
pub fn with_session(env: &TestEnv, session: &str, args: &[&str]) -> Run {
    env.tk(args)
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .env("TOKENCTL_SESSION", session)
        .run()
}

/// The data key a session key reveals in a copy of the store: the session
/// row's `wrapped` is the data key sealed under the session key, bound to
/// the store id, the session id and the expiry (src/store/session.rs).
pub fn data_key_from_session(copy: &TestEnv, session: &str) -> Key {
    let raw = URL_SAFE_NO_PAD
        .decode(session.strip_prefix("tks_").unwrap())
        .unwrap();
    let (id, key) = raw.split_at(16);
    let conn = copy.sqlite();
    let store_id: Vec<u8> = conn
        .query_row("SELECT store_id FROM header", [], |r| r.get(0))
        .unwrap();
    let (expires_at, wrapped, member): (i64, Vec<u8>, String) = conn
        .query_row(
            "SELECT expires_at, wrapped, member FROM sessions WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let mut aad = b"tokenctl/session/v2\0".to_vec();
    aad.extend_from_slice(&store_id);
    aad.extend_from_slice(id);
    aad.extend_from_slice(&expires_at.to_be_bytes());
    aad.extend_from_slice(member.as_bytes());
    let plain = crypto::open(&Key::from_slice(key).unwrap(), &wrapped, &aad)
        .expect("the session key opens its row");
    // The data key, then the member's wrapping key.
    Key::from_slice(&plain[..32]).unwrap()
}
