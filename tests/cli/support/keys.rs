//! Asymmetric keys as a test handles them: a store with a generated key of
//! every asymmetric algorithm, private keys made by openssl, the private
//! material a key must never show, JWKS entries, verification through
//! jwt-simple (an implementation independent of tokenctl's), and tokens
//! and keys built by hand.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jwt_simple::prelude::{
    ECDSAP256PublicKeyLike, ECDSAP384PublicKeyLike, ES256PublicKey, ES384PublicKey,
    Ed25519PublicKey, EdDSAPublicKeyLike, JWTClaims, PS256PublicKey, RS256PublicKey,
    RSAPublicKeyLike,
};
use serde_json::{Map, Value};

use crate::support::env::TestEnv;
use crate::support::store::install;
use crate::support::system::skip;
use crate::support::tokens::b64;

/// Every algorithm with a public half.
pub const ASYMMETRIC: [&str; 5] = ["EdDSA", "ES256", "ES384", "RS256", "PS256"];

/// The secret of `alg` in [`generated_store`]: its name in lower case.
pub fn name_of(alg: &str) -> String {
    alg.to_lowercase()
}

// ------------------------------------------------- a store of every kind

/// A fresh copy of one store, made once per test run: the HS256 `default`
/// and a generated secret of every asymmetric algorithm, named by
/// [`name_of`] (RSA key generation is the slow part, so it happens once).
pub fn generated_store() -> TestEnv {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = TEMPLATE.get_or_init(|| {
        let env = TestEnv::init();
        for alg in ASYMMETRIC {
            env.tk(&["secret", "add", &name_of(alg), "--generate", "-a", alg])
                .run()
                .ok();
        }
        env.store_bytes()
    });
    let env = TestEnv::new();
    install(&env, bytes);
    env
}

// ---------------------------------------------------------------- JWKS

/// `tokenctl jwks`: exit 0, a JSON object with exactly `keys`.
#[track_caller]
pub fn jwks(env: &TestEnv) -> Value {
    let jwks = env.tk(&["jwks"]).run().ok().json();
    crate::support::tokens::assert_keys(&jwks, &["keys"]);
    jwks
}

/// The key ids of a JWKS, in its order.
pub fn kids(jwks: &Value) -> Vec<String> {
    jwks["keys"]
        .as_array()
        .expect("a JWKS has a keys list")
        .iter()
        .map(|k| k["kid"].as_str().expect("every JWK has a kid").to_string())
        .collect()
}

/// The one entry of a JWKS with key id `kid`.
#[track_caller]
pub fn jwk_of(jwks: &Value, kid: &str) -> Value {
    let found: Vec<&Value> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["kid"] == kid)
        .collect();
    assert_eq!(found.len(), 1, "expected one key {kid} in {jwks}");
    found[0].clone()
}

/// `tokenctl jwks --out FILE` written into the scratch directory; returns its path.
#[track_caller]
pub fn jwks_file(env: &TestEnv, name: &str) -> String {
    let path = env.path(name);
    let p = path.to_str().unwrap().to_string();
    env.tk(&["jwks", "--out", &p]).run().ok();
    p
}

/// The token's `kid` header.
#[track_caller]
pub fn kid_in(token: &str) -> String {
    let (header, _) = crate::support::tokens::parts(token);
    header["kid"].as_str().expect("a kid header").to_string()
}

// ------------------------------------------------------------ jwt-simple

fn member(jwk: &Value, name: &str) -> Vec<u8> {
    let text = jwk[name]
        .as_str()
        .unwrap_or_else(|| panic!("the JWK has no {name}: {jwk}"));
    URL_SAFE_NO_PAD
        .decode(text)
        .unwrap_or_else(|e| panic!("the JWK's {name} is not base64url ({e}): {jwk}"))
}

/// Verify `token` with jwt-simple for `alg`, with only the key built from
/// the public members of `jwk` (OKP from `x`; EC from `x` and `y` as the
/// uncompressed point `0x04 || x || y`; RSA from `n` and `e`). Returns the
/// claims jwt-simple read, as JSON.
pub fn jwt_simple_verify(alg: &str, jwk: &Value, token: &str) -> Result<Value, String> {
    let point = || {
        let mut p = vec![4u8];
        p.extend(member(jwk, "x"));
        p.extend(member(jwk, "y"));
        p
    };
    let e = |e: jwt_simple::Error| e.to_string();
    type Claims = JWTClaims<Map<String, Value>>;
    let claims: Claims = match (alg, jwk["kty"].as_str(), jwk["crv"].as_str()) {
        ("EdDSA", Some("OKP"), Some("Ed25519")) => Ed25519PublicKey::from_bytes(&member(jwk, "x"))
            .map_err(e)?
            .verify_token(token, None)
            .map_err(e)?,
        ("ES256", Some("EC"), Some("P-256")) => ES256PublicKey::from_bytes(&point())
            .map_err(e)?
            .verify_token(token, None)
            .map_err(e)?,
        ("ES384", Some("EC"), Some("P-384")) => ES384PublicKey::from_bytes(&point())
            .map_err(e)?
            .verify_token(token, None)
            .map_err(e)?,
        ("RS256", Some("RSA"), None) => {
            RS256PublicKey::from_components(&member(jwk, "n"), &member(jwk, "e"))
                .map_err(e)?
                .verify_token(token, None)
                .map_err(e)?
        }
        ("PS256", Some("RSA"), None) => {
            PS256PublicKey::from_components(&member(jwk, "n"), &member(jwk, "e"))
                .map_err(e)?
                .verify_token(token, None)
                .map_err(e)?
        }
        (alg, kty, crv) => panic!("no {alg} key in a JWK of kty {kty:?}, crv {crv:?}: {jwk}"),
    };
    serde_json::to_value(claims).map_err(|e| e.to_string())
}

// --------------------------------------------------------------- openssl

/// Whether openssl runs here; when it does not, the test is skipped (and
/// fails under CI=true).
#[track_caller]
pub fn have_openssl() -> bool {
    let found = openssl_runs();
    if !found {
        skip("openssl is needed to make and read keys");
    }
    found
}

fn openssl_runs() -> bool {
    static FOUND: OnceLock<bool> = OnceLock::new();
    *FOUND.get_or_init(|| {
        Command::new("openssl")
            .arg("version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// `openssl ARGS` with `input` on stdin: what it printed, or why it failed.
pub fn try_openssl(args: &[&str], input: &[u8]) -> Result<Vec<u8>, String> {
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run openssl: {e}"))?;
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// `openssl ARGS` with `input` on stdin; it must succeed.
#[track_caller]
pub fn openssl(args: &[&str], input: &[u8]) -> Vec<u8> {
    try_openssl(args, input).unwrap_or_else(|e| panic!("openssl {args:?} failed: {e}"))
}

/// `openssl ARGS` printing text.
#[track_caller]
pub fn openssl_text(args: &[&str], input: &[u8]) -> String {
    String::from_utf8(openssl(args, input)).unwrap()
}

/// Private keys made once by openssl, as the PEM it printed.
pub struct Pems {
    /// `genpkey -algorithm ed25519` (PKCS#8).
    pub ed25519: String,
    /// `genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256` (PKCS#8).
    pub p256: String,
    /// `ecparam -name prime256v1 -genkey -noout` (SEC1).
    pub p256_sec1: String,
    /// `ecparam -name secp384r1 -genkey -noout` (SEC1).
    pub p384_sec1: String,
    /// `genrsa 2048`: PKCS#8 from OpenSSL 3, PKCS#1 before.
    pub rsa: String,
    /// A traditional (PKCS#1, `RSA PRIVATE KEY`) 2048-bit RSA key.
    pub rsa_pkcs1: String,
}

/// The keys of [`Pems`], or `None` (skipped) without openssl.
#[track_caller]
pub fn pems() -> Option<&'static Pems> {
    static PEMS: OnceLock<Pems> = OnceLock::new();
    if !have_openssl() {
        return None;
    }
    Some(PEMS.get_or_init(|| {
        let text = |args: &[&str]| openssl_text(args, b"");
        // `genpkey -traditional` is newer than some openssl 3 releases
        // (3.0 refuses it); `genrsa -traditional` makes the same PKCS#1 key.
        let rsa_pkcs1 = try_openssl(
            &[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-traditional",
            ],
            b"",
        )
        .or_else(|_| try_openssl(&["genrsa", "-traditional", "2048"], b""))
        .or_else(|_| try_openssl(&["genrsa", "2048"], b""))
        .map(|b| String::from_utf8(b).unwrap())
        .unwrap_or_else(|e| panic!("openssl makes no PKCS#1 RSA key: {e}"));
        assert!(
            rsa_pkcs1.starts_with("-----BEGIN RSA PRIVATE KEY-----"),
            "{rsa_pkcs1}"
        );
        Pems {
            ed25519: text(&["genpkey", "-algorithm", "ed25519"]),
            p256: text(&[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
            ]),
            p256_sec1: text(&["ecparam", "-name", "prime256v1", "-genkey", "-noout"]),
            p384_sec1: text(&["ecparam", "-name", "secp384r1", "-genkey", "-noout"]),
            rsa: text(&["genrsa", "2048"]),
            rsa_pkcs1,
        }
    }))
}

/// The public key of a private PEM, as openssl derives it (SPKI PEM).
pub fn openssl_public(private_pem: &str) -> String {
    openssl_text(&["pkey", "-pubout"], private_pem.as_bytes())
}

// ------------------------------------------------------ private material

/// The DER inside a PEM (its body lines, base64-decoded).
#[track_caller]
pub fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && !l.contains(':') && !l.trim().is_empty())
        .collect();
    STANDARD
        .decode(body.trim())
        .unwrap_or_else(|e| panic!("not PEM ({e}): {pem}"))
}

/// The first PEM block of `text` (jwt-simple's Ed25519 key pair PEM is the
/// private key's block followed by the public key's).
pub fn first_pem_block(text: &str) -> String {
    let end = text.find("-----END ").expect("a PEM block");
    let close = end + text[end..].find("-----\n").expect("a closed END line") + 6;
    text[..close].to_string()
}

/// PEM text of `der` under `label`, wrapped at 64 columns as openssl does.
pub fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The secret numbers in openssl's `-text` dump of a private key: the
/// Ed25519 seed or EC scalar (`priv`), RSA's private exponent and primes.
fn private_numbers(private_pem: &str) -> Vec<Vec<u8>> {
    let dump = openssl_text(&["pkey", "-text", "-noout"], private_pem.as_bytes());
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let wanted = ["priv:", "privateExponent:", "prime1:", "prime2:"];
    for line in dump.lines().chain(std::iter::once("end:")) {
        let is_hex = line.starts_with("    ")
            && line
                .trim()
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':');
        if is_hex {
            if let Some(h) = current.as_mut() {
                h.push_str(&line.trim().replace(':', ""));
            }
            continue;
        }
        if let Some(h) = current.take() {
            let bytes = hex::decode(h).unwrap();
            let start = bytes.iter().position(|b| *b != 0).unwrap_or(0);
            out.push(bytes[start..].to_vec());
        }
        if wanted.contains(&line.trim()) {
            current = Some(String::new());
        }
    }
    let expected = if dump.contains("privateExponent:") {
        3
    } else {
        1
    };
    assert_eq!(out.len(), expected, "private numbers in {dump}");
    assert!(out.iter().all(|n| n.len() >= 28), "{dump}");
    out
}

/// Make the private key `pem` a canary of `env`: its DER (as given, and as
/// PKCS#8), its base64 and hex, the PEM's first body line, and (with
/// openssl) its secret numbers in raw, hex and base64 form must never
/// appear in any output of any run, nor in the store's files.
pub fn guard(env: &mut TestEnv, pem: &str) {
    let mut material = vec![pem_der(pem)];
    if openssl_runs() {
        material.push(openssl(
            &["pkcs8", "-topk8", "-nocrypt", "-outform", "DER"],
            pem.as_bytes(),
        ));
        material.extend(private_numbers(pem));
    }
    let first_line = pem
        .lines()
        .find(|l| !l.starts_with("-----") && !l.contains(':'))
        .unwrap();
    env.canaries.push(first_line.to_string());
    for m in material {
        env.canaries.push(STANDARD.encode(&m));
        env.canaries.push(URL_SAFE_NO_PAD.encode(&m));
        env.canaries.push(hex::encode(&m));
        env.byte_canaries.push(m);
    }
}

// ------------------------------------------------------ tokens by hand

/// `token` with its header replaced by `edit` of it, payload and signature kept.
pub fn relabel(token: &str, edit: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut parts = token.splitn(3, '.');
    let (h, p, s) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let mut header: Map<String, Value> =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).unwrap()).unwrap();
    edit(&mut header);
    format!(
        "{}.{p}.{s}",
        b64(Value::Object(header).to_string().as_bytes())
    )
}

/// A compact JWT with exactly this header and payload, signed with the
/// Ed25519 private key `pkcs8_pem` (ed25519-dalek, not tokenctl).
pub fn sign_ed25519(pkcs8_pem: &str, header: &Value, payload: &Value) -> String {
    use ed25519_dalek::pkcs8::DecodePrivateKey;
    use ed25519_dalek::Signer;
    let key = ed25519_dalek::SigningKey::from_pkcs8_pem(pkcs8_pem).expect("an Ed25519 PEM");
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let sig = key.sign(input.as_bytes()).to_bytes();
    format!("{input}.{}", b64(&sig))
}

// ------------------------------------------------------------ DER by hand

fn der_len(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|b| *b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}

fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(der_len(value.len()));
    out.extend_from_slice(value);
    out
}

fn der_uint(big_endian: &[u8]) -> Vec<u8> {
    let mut v = big_endian.to_vec();
    if v[0] & 0x80 != 0 {
        v.insert(0, 0);
    }
    tlv(0x02, &v)
}

/// An RSA public key with modulus `n` and exponent `e`: PKCS#1
/// `RSAPublicKey` DER, and the SubjectPublicKeyInfo DER around it.
pub fn rsa_public_der(n: &[u8], e: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let pkcs1 = tlv(0x30, &[der_uint(n), der_uint(e)].concat());
    // AlgorithmIdentifier { rsaEncryption, NULL }
    let alg = tlv(
        0x30,
        &[hex::decode("06092a864886f70d010101").unwrap(), vec![5, 0]].concat(),
    );
    let bits = tlv(0x03, &[vec![0u8], pkcs1.clone()].concat());
    let spki = tlv(0x30, &[alg, bits].concat());
    (pkcs1, spki)
}

/// An odd modulus of exactly `bits` bits (not a product of two primes: no
/// parser can tell from a public key alone).
pub fn big_modulus(bits: usize) -> Vec<u8> {
    let mut n: Vec<u8> = (0..bits / 8)
        .map(|i| (i as u8).wrapping_mul(151).wrapping_add(7))
        .collect();
    n[0] |= 0x80;
    *n.last_mut().unwrap() |= 1;
    n
}
