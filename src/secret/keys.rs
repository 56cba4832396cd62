//! Private and public keys of the asymmetric algorithms.
//!
//! A private key is kept (sealed, like every secret) as PKCS#8 DER, in the
//! one canonical form this module writes, whatever PEM it was imported
//! from. The public half is always derived from it, never stored apart, so
//! a public key edited in the file cannot reach a JWKS.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use pkcs8::der::pem::LineEnding;
use pkcs8::der::Decode;
use pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{json, Map, Value};
use thiserror::Error;
use zeroize::Zeroizing;

use super::{Algorithm, KeyType, SecretValue};

/// RSA keys shorter than this are refused.
pub const MIN_RSA_BITS: usize = 2048;
/// RSA keys `--generate` makes.
pub const GENERATED_RSA_BITS: usize = 3072;
/// RSA keys longer than this are refused (the `rsa` crate's own ceiling).
pub const MAX_RSA_BITS: usize = 4096;

/// Why a key was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    /// Encrypted PEM (a passphrase-protected key).
    #[error(
        "the key is encrypted; decrypt it first (e.g. `openssl pkey -in key.pem -out plain.pem`)"
    )]
    Encrypted,
    /// A public key or certificate where a private key is needed.
    #[error(
        "this is a public key (or a certificate) alone; a signing secret needs the private key"
    )]
    PublicOnly,
    /// A private key where a public key is needed.
    #[error("this is a private key; give the public key")]
    PrivateGiven,
    /// A key of another type than the algorithm signs with.
    #[error("the key is {found}, but {alg} signs with {expected}")]
    WrongType {
        /// The algorithm asked for.
        alg: Algorithm,
        /// The key type it needs.
        expected: &'static str,
        /// What the key is.
        found: &'static str,
    },
    /// An RSA key outside the accepted sizes.
    #[error("the RSA key has {bits} bits; tokenctl accepts {MIN_RSA_BITS} to {MAX_RSA_BITS}")]
    RsaSize {
        /// Its size.
        bits: usize,
    },
    /// Not a key tokenctl can read.
    #[error("not a key: {0}")]
    Unreadable(String),
}

fn type_name(t: KeyType) -> &'static str {
    match t {
        KeyType::Hmac => "an HMAC key",
        KeyType::Ed25519 => "an Ed25519 key",
        KeyType::P256 => "a P-256 key",
        KeyType::P384 => "a P-384 key",
        KeyType::Rsa => "an RSA key",
    }
}

fn unreadable(what: impl std::fmt::Display) -> KeyError {
    KeyError::Unreadable(what.to_string())
}

/// A fresh private key of `t`, as PKCS#8 DER.
pub(super) fn generate(t: KeyType) -> SecretValue {
    let der = match t {
        KeyType::Ed25519 => {
            let seed = Zeroizing::new(crate::crypto::random_array::<32>());
            ed25519_dalek::SigningKey::from_bytes(&seed).to_pkcs8_der()
        }
        KeyType::P256 => random_scalar(|b| p256::SecretKey::from_slice(b).ok(), 32).to_pkcs8_der(),
        KeyType::P384 => random_scalar(|b| p384::SecretKey::from_slice(b).ok(), 48).to_pkcs8_der(),
        KeyType::Rsa => rsa::RsaPrivateKey::new(&mut rand_core::OsRng, GENERATED_RSA_BITS)
            .map_err(|_| pkcs8::Error::KeyMalformed)
            .and_then(|k| k.to_pkcs8_der()),
        KeyType::Hmac => return SecretValue::generate(Algorithm::HS256),
    };
    // Encoding a key this module just made cannot fail.
    let der = der.map(|d| d.as_bytes().to_vec()).unwrap_or_default();
    SecretValue::new(Zeroizing::new(der))
}

/// A random scalar that `make` accepts (non-zero and below the order).
fn random_scalar<K>(make: impl Fn(&[u8]) -> Option<K>, len: usize) -> K {
    loop {
        let mut bytes = Zeroizing::new(vec![0u8; len]);
        crate::crypto::fill_random(&mut bytes);
        if let Some(k) = make(&bytes) {
            return k;
        }
    }
}

/// The key type of a PKCS#8 private key, from its algorithm identifier.
fn pkcs8_type(der: &[u8]) -> Result<KeyType, KeyError> {
    let info = pkcs8::PrivateKeyInfo::from_der(der).map_err(unreadable)?;
    spki_type(info.algorithm.oid, info.algorithm.parameters_oid().ok())
}

fn spki_type(
    oid: pkcs8::ObjectIdentifier,
    curve: Option<pkcs8::ObjectIdentifier>,
) -> Result<KeyType, KeyError> {
    const ED25519: pkcs8::ObjectIdentifier = pkcs8::ObjectIdentifier::new_unwrap("1.3.101.112");
    const EC: pkcs8::ObjectIdentifier = pkcs8::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
    const RSA: pkcs8::ObjectIdentifier =
        pkcs8::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
    const P256: pkcs8::ObjectIdentifier =
        pkcs8::ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
    const P384: pkcs8::ObjectIdentifier = pkcs8::ObjectIdentifier::new_unwrap("1.3.132.0.34");
    match (oid, curve) {
        (o, _) if o == ED25519 => Ok(KeyType::Ed25519),
        (o, _) if o == RSA => Ok(KeyType::Rsa),
        (o, Some(c)) if o == EC && c == P256 => Ok(KeyType::P256),
        (o, Some(c)) if o == EC && c == P384 => Ok(KeyType::P384),
        (o, _) if o == EC => Err(unreadable(
            "an elliptic-curve key on a curve other than P-256 or P-384",
        )),
        _ => Err(unreadable(format!(
            "a key of an unsupported type (OID {oid})"
        ))),
    }
}

fn check_type(alg: Algorithm, found: KeyType) -> Result<(), KeyError> {
    if found == alg.key_type() {
        return Ok(());
    }
    Err(KeyError::WrongType {
        alg,
        expected: type_name(alg.key_type()),
        found: type_name(found),
    })
}

fn check_rsa_size(bits: usize) -> Result<(), KeyError> {
    if (MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) {
        Ok(())
    } else {
        Err(KeyError::RsaSize { bits })
    }
}

/// Which kind of key a PEM file is read for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Private,
    Public,
}

/// The label of a PEM block: `X` of `-----BEGIN X-----`.
fn pem_label(block: &str) -> &str {
    block["-----BEGIN ".len()..]
        .split("-----")
        .next()
        .unwrap_or_default()
}

fn is_private_label(label: &str) -> bool {
    label.ends_with("PRIVATE KEY")
}

fn is_public_label(label: &str) -> bool {
    label.ends_with("PUBLIC KEY")
}

/// The key block of PEM text: its label, its DER, and the other key blocks
/// beside it.
struct Pem<'a> {
    label: String,
    der: Zeroizing<Vec<u8>>,
    beside: Vec<&'a str>,
}

/// The label and DER of the one key block of PEM text read for `want`,
/// and the other key blocks beside it (a private key's public half, as
/// some tools write the pair into one file). Text around the blocks
/// (comments, a byte-order mark) is ignored, as openssl ignores it; so is
/// the EC PARAMETERS block `openssl ecparam -genkey` writes before the key,
/// and a certificate beside a private key. Two keys of the kind wanted,
/// or a private key where a public one is wanted, are refused; legacy
/// encrypted PEM (`Proc-Type: 4,ENCRYPTED`) is refused as encrypted.
fn pem(text: &[u8], want: Want) -> Result<Pem<'_>, KeyError> {
    let text = std::str::from_utf8(text).map_err(|_| unreadable("the input is not PEM text"))?;
    if text.contains("Proc-Type: 4,ENCRYPTED") {
        return Err(KeyError::Encrypted);
    }
    let blocks = pem_blocks(text);
    if blocks.is_empty() {
        return Err(unreadable("the input is not PEM (no BEGIN/END block)"));
    }
    let of_kind = |wanted: fn(&str) -> bool| -> Vec<&str> {
        blocks
            .iter()
            .copied()
            .filter(|b| wanted(pem_label(b)))
            .collect()
    };
    let private = of_kind(is_private_label);
    let public = of_kind(is_public_label);
    let (chosen, beside) = match want {
        Want::Private => (private, public),
        Want::Public if !private.is_empty() => return Err(KeyError::PrivateGiven),
        Want::Public => (public, Vec::new()),
    };
    let block = match chosen.as_slice() {
        [one] => *one,
        [] if blocks.len() == 1 => blocks[0],
        [] => {
            return Err(unreadable(match want {
                Want::Private => "the input holds no private key among its PEM blocks",
                Want::Public => "the input holds no public key among its PEM blocks",
            }))
        }
        _ => return Err(unreadable("the input holds several keys; give one key")),
    };
    let (label, der) = pkcs8::der::pem::decode_vec(block.as_bytes())
        .map_err(|e| unreadable(format!("the input is not PEM ({e})")))?;
    Ok(Pem {
        label: label.to_string(),
        der: Zeroizing::new(der),
        beside,
    })
}

/// The `-----BEGIN ...-----` to `-----END ...-----` blocks of `text`.
fn pem_blocks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let from = &rest[start..];
        let Some(end) = from.find("-----END ") else {
            break;
        };
        let after = &from[end + "-----END ".len()..];
        let Some(close) = after.find("-----") else {
            break;
        };
        let len = end + "-----END ".len() + close + "-----".len();
        out.push(&from[..len]);
        rest = &from[len..];
    }
    out
}

/// Import a private key for `alg` from PEM: PKCS#8 (`PRIVATE KEY`), SEC1
/// (`EC PRIVATE KEY`) or PKCS#1 (`RSA PRIVATE KEY`). Returns it as PKCS#8
/// DER. Encrypted keys, public keys, keys of another type and RSA keys
/// under 2048 bits are refused.
pub fn import_private(alg: Algorithm, text: &[u8]) -> Result<SecretValue, KeyError> {
    let Pem { label, der, beside } = pem(text, Want::Private)?;
    let pkcs8: Zeroizing<Vec<u8>> = match label.as_str() {
        "ENCRYPTED PRIVATE KEY" => return Err(KeyError::Encrypted),
        "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" | "EC PUBLIC KEY" => {
            return Err(KeyError::PublicOnly)
        }
        "PRIVATE KEY" => der,
        "EC PRIVATE KEY" => {
            let doc = match alg.key_type() {
                KeyType::P384 => p384::SecretKey::from_sec1_der(&der)
                    .map_err(|_| sec1_mismatch(alg, &der))?
                    .to_pkcs8_der(),
                _ => p256::SecretKey::from_sec1_der(&der)
                    .map_err(|_| sec1_mismatch(alg, &der))?
                    .to_pkcs8_der(),
            };
            check_type(alg, alg.key_type())?;
            Zeroizing::new(doc.map_err(unreadable)?.as_bytes().to_vec())
        }
        "RSA PRIVATE KEY" => {
            let key = rsa::RsaPrivateKey::from_pkcs1_der(&der).map_err(unreadable)?;
            Zeroizing::new(key.to_pkcs8_der().map_err(unreadable)?.as_bytes().to_vec())
        }
        other => {
            return Err(unreadable(format!(
                "PEM of type '{}', not a private key",
                other.escape_debug()
            )))
        }
    };
    check_type(alg, pkcs8_type(&pkcs8)?)?;
    let key = canonical(alg.key_type(), &pkcs8)?;
    // A public key written beside the private one must be its own half.
    if let [public] = beside.as_slice() {
        let given = PublicKey::from_pem(public.as_bytes())?;
        if given != PublicKey::of_private(alg, &key)? {
            return Err(unreadable(
                "the public key in the input is not the private key's",
            ));
        }
    } else if beside.len() > 1 {
        return Err(unreadable("the input holds several public keys"));
    }
    Ok(key)
}

/// What a SEC1 key that does not parse as `alg`'s curve is.
fn sec1_mismatch(alg: Algorithm, der: &[u8]) -> KeyError {
    let other = match alg.key_type() {
        KeyType::P384 => p256::SecretKey::from_sec1_der(der)
            .ok()
            .map(|_| KeyType::P256),
        _ => p384::SecretKey::from_sec1_der(der)
            .ok()
            .map(|_| KeyType::P384),
    };
    match other {
        Some(found) => KeyError::WrongType {
            alg,
            expected: type_name(alg.key_type()),
            found: type_name(found),
        },
        None if !alg.key_type().eq(&KeyType::P256) && !alg.key_type().eq(&KeyType::P384) => {
            KeyError::WrongType {
                alg,
                expected: type_name(alg.key_type()),
                found: "an elliptic-curve key",
            }
        }
        None => unreadable("an EC private key that does not parse"),
    }
}

/// Parse `der` as a private key of `t` and encode it again the one way
/// this module does, checking it on the way (an RSA key's size and primes).
fn canonical(t: KeyType, der: &[u8]) -> Result<SecretValue, KeyError> {
    let doc = match t {
        KeyType::Ed25519 => ed25519_dalek::SigningKey::from_pkcs8_der(der)
            .map_err(unreadable)?
            .to_pkcs8_der(),
        KeyType::P256 => p256::SecretKey::from_pkcs8_der(der)
            .map_err(unreadable)?
            .to_pkcs8_der(),
        KeyType::P384 => p384::SecretKey::from_pkcs8_der(der)
            .map_err(unreadable)?
            .to_pkcs8_der(),
        KeyType::Rsa => {
            let key = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(unreadable)?;
            check_rsa_size(key.size() * 8)?;
            key.validate().map_err(unreadable)?;
            key.to_pkcs8_der()
        }
        KeyType::Hmac => return Err(unreadable("an HMAC key has no PEM form")),
    };
    Ok(SecretValue::new(Zeroizing::new(
        doc.map_err(unreadable)?.as_bytes().to_vec(),
    )))
}

/// A public key of one of the asymmetric algorithms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// Ed25519: the 32-byte point.
    Ed25519([u8; 32]),
    /// P-256: the uncompressed SEC1 point.
    P256(Vec<u8>),
    /// P-384: the uncompressed SEC1 point.
    P384(Vec<u8>),
    /// RSA: modulus and exponent, big-endian.
    Rsa {
        /// The modulus.
        n: Vec<u8>,
        /// The public exponent.
        e: Vec<u8>,
    },
}

impl PublicKey {
    /// The public half of a private key of `alg` kept as PKCS#8 DER.
    pub fn of_private(alg: Algorithm, private: &SecretValue) -> Result<PublicKey, KeyError> {
        let der = private.expose_secret();
        Ok(match alg.key_type() {
            KeyType::Ed25519 => PublicKey::Ed25519(
                ed25519_dalek::SigningKey::from_pkcs8_der(der)
                    .map_err(unreadable)?
                    .verifying_key()
                    .to_bytes(),
            ),
            KeyType::P256 => PublicKey::P256(
                p256::SecretKey::from_pkcs8_der(der)
                    .map_err(unreadable)?
                    .public_key()
                    .to_sec1_bytes()
                    .to_vec(),
            ),
            KeyType::P384 => PublicKey::P384(
                p384::SecretKey::from_pkcs8_der(der)
                    .map_err(unreadable)?
                    .public_key()
                    .to_sec1_bytes()
                    .to_vec(),
            ),
            KeyType::Rsa => {
                let key = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(unreadable)?;
                PublicKey::Rsa {
                    n: key.n().to_bytes_be(),
                    e: key.e().to_bytes_be(),
                }
            }
            KeyType::Hmac => return Err(unreadable("an HMAC secret has no public half")),
        })
    }

    /// The key type.
    pub fn key_type(&self) -> KeyType {
        match self {
            PublicKey::Ed25519(_) => KeyType::Ed25519,
            PublicKey::P256(_) => KeyType::P256,
            PublicKey::P384(_) => KeyType::P384,
            PublicKey::Rsa { .. } => KeyType::Rsa,
        }
    }

    /// Whether `alg` signs with this kind of key.
    pub fn fits(&self, alg: Algorithm) -> bool {
        alg.key_type() == self.key_type()
    }

    /// SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn to_pem(&self) -> Result<String, KeyError> {
        let pem = match self {
            PublicKey::Ed25519(x) => ed25519_dalek::VerifyingKey::from_bytes(x)
                .map_err(unreadable)?
                .to_public_key_pem(LineEnding::LF),
            PublicKey::P256(p) => p256::PublicKey::from_sec1_bytes(p)
                .map_err(unreadable)?
                .to_public_key_pem(LineEnding::LF),
            PublicKey::P384(p) => p384::PublicKey::from_sec1_bytes(p)
                .map_err(unreadable)?
                .to_public_key_pem(LineEnding::LF),
            PublicKey::Rsa { n, e } => rsa_public(n, e)?.to_public_key_pem(LineEnding::LF),
        };
        pem.map_err(unreadable)
    }

    /// The JWK (RFC 7517) of this key for `alg`, named `kid`: public members only.
    pub fn to_jwk(&self, alg: Algorithm, kid: &str) -> Value {
        let b64 = |b: &[u8]| URL_SAFE_NO_PAD.encode(b);
        let mut jwk = match self {
            PublicKey::Ed25519(x) => json!({"kty": "OKP", "crv": "Ed25519", "x": b64(x)}),
            PublicKey::P256(p) | PublicKey::P384(p) => {
                let crv = if matches!(self, PublicKey::P256(_)) {
                    "P-256"
                } else {
                    "P-384"
                };
                let half = (p.len() - 1) / 2;
                json!({"kty": "EC", "crv": crv, "x": b64(&p[1..1 + half]), "y": b64(&p[1 + half..])})
            }
            PublicKey::Rsa { n, e } => json!({"kty": "RSA", "n": b64(n), "e": b64(e)}),
        };
        if let Some(m) = jwk.as_object_mut() {
            m.insert("kid".into(), Value::from(kid));
            m.insert("alg".into(), Value::from(alg.as_str()));
            m.insert("use".into(), Value::from("sig"));
        }
        jwk
    }

    /// Read a public key from PEM: SubjectPublicKeyInfo (`PUBLIC KEY`) or
    /// PKCS#1 (`RSA PUBLIC KEY`).
    pub fn from_pem(text: &[u8]) -> Result<PublicKey, KeyError> {
        let Pem { label, der, .. } = pem(text, Want::Public)?;
        match label.as_str() {
            "PUBLIC KEY" => PublicKey::from_spki_der(&der),
            "RSA PUBLIC KEY" => rsa_pkcs1_public(&der),
            other => Err(unreadable(format!(
                "PEM of type '{}', not a public key",
                other.escape_debug()
            ))),
        }
    }

    /// Read a public key from DER: SubjectPublicKeyInfo or PKCS#1. A DER
    /// private key is refused as one.
    pub fn from_der(der: &[u8]) -> Result<PublicKey, KeyError> {
        if pkcs8::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
            return PublicKey::from_spki_der(der);
        }
        if rsa::pkcs1::RsaPublicKey::from_der(der).is_ok() {
            return rsa_pkcs1_public(der);
        }
        if pkcs8::PrivateKeyInfo::from_der(der).is_ok()
            || rsa::pkcs1::RsaPrivateKey::from_der(der).is_ok()
            || sec1::EcPrivateKey::from_der(der).is_ok()
        {
            return Err(KeyError::PrivateGiven);
        }
        Err(unreadable(
            "the input is not a DER public key (SubjectPublicKeyInfo or PKCS#1)",
        ))
    }

    /// Read a SubjectPublicKeyInfo.
    fn from_spki_der(der: &[u8]) -> Result<PublicKey, KeyError> {
        let spki = pkcs8::SubjectPublicKeyInfoRef::from_der(der).map_err(unreadable)?;
        match spki_type(spki.algorithm.oid, spki.algorithm.parameters_oid().ok())? {
            KeyType::Ed25519 => Ok(PublicKey::Ed25519(
                ed25519_dalek::VerifyingKey::from_public_key_der(der)
                    .map_err(unreadable)?
                    .to_bytes(),
            )),
            KeyType::P256 => Ok(PublicKey::P256(
                p256::PublicKey::from_public_key_der(der)
                    .map_err(unreadable)?
                    .to_sec1_bytes()
                    .to_vec(),
            )),
            KeyType::P384 => Ok(PublicKey::P384(
                p384::PublicKey::from_public_key_der(der)
                    .map_err(unreadable)?
                    .to_sec1_bytes()
                    .to_vec(),
            )),
            KeyType::Rsa => rsa_pkcs1_public(
                spki.subject_public_key
                    .as_bytes()
                    .ok_or_else(|| unreadable("an RSA key whose bit string is not whole bytes"))?,
            ),
            KeyType::Hmac => Err(unreadable("not a public key")),
        }
    }

    /// Read one JWK: its `kid`, its `alg` (if it names one) and its key. A
    /// JWK with any private member (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`,
    /// `k`) is refused whole; so are symmetric (`oct`) keys.
    pub fn from_jwk(
        jwk: &Map<String, Value>,
    ) -> Result<(Option<String>, Option<Algorithm>, PublicKey), KeyError> {
        const PRIVATE: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
        if let Some(m) = PRIVATE.iter().find(|m| jwk.contains_key(**m)) {
            return Err(unreadable(format!(
                "a JWK with the private member '{m}'; give public keys only"
            )));
        }
        let text = |name: &str| -> Result<&str, KeyError> {
            jwk.get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| unreadable(format!("a JWK without '{name}'")))
        };
        let bytes = |name: &str| -> Result<Vec<u8>, KeyError> {
            URL_SAFE_NO_PAD
                .decode(text(name)?)
                .map_err(|_| unreadable(format!("a JWK whose '{name}' is not base64url")))
        };
        let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_string);
        let alg = match jwk.get("alg") {
            None => None,
            Some(a) => Some(
                a.as_str()
                    .and_then(|a| a.parse::<Algorithm>().ok())
                    .ok_or_else(|| unreadable("a JWK with an unsupported 'alg'"))?,
            ),
        };
        let key = match (text("kty")?, jwk.get("crv").and_then(Value::as_str)) {
            ("OKP", Some("Ed25519")) => {
                let x: [u8; 32] = bytes("x")?
                    .try_into()
                    .map_err(|_| unreadable("an Ed25519 JWK whose 'x' is not 32 bytes"))?;
                ed25519_dalek::VerifyingKey::from_bytes(&x).map_err(unreadable)?;
                PublicKey::Ed25519(x)
            }
            ("EC", Some(crv @ ("P-256" | "P-384"))) => {
                let mut point = vec![4u8];
                point.extend(bytes("x")?);
                point.extend(bytes("y")?);
                if crv == "P-256" {
                    p256::PublicKey::from_sec1_bytes(&point).map_err(unreadable)?;
                    PublicKey::P256(point)
                } else {
                    p384::PublicKey::from_sec1_bytes(&point).map_err(unreadable)?;
                    PublicKey::P384(point)
                }
            }
            ("RSA", _) => rsa_parts(rsa_public(&bytes("n")?, &bytes("e")?)?)?,
            ("oct", _) => {
                return Err(unreadable(
                    "a symmetric (oct) JWK; a JWKS holds public keys",
                ))
            }
            (kty, crv) => {
                return Err(unreadable(format!(
                    "a JWK of an unsupported type ({}{})",
                    kty.escape_debug(),
                    crv.map(|c| format!(", {}", c.escape_debug()))
                        .unwrap_or_default()
                )))
            }
        };
        if let Some(a) = alg {
            if !key.fits(a) {
                return Err(unreadable(format!(
                    "a JWK whose 'alg' {a} does not fit its key type"
                )));
            }
        }
        Ok((kid, alg, key))
    }

    /// The key as jsonwebtoken verifies with it.
    pub fn decoding_key(&self) -> jsonwebtoken::DecodingKey {
        match self {
            PublicKey::Ed25519(x) => jsonwebtoken::DecodingKey::from_ed_der(x),
            PublicKey::P256(p) | PublicKey::P384(p) => jsonwebtoken::DecodingKey::from_ec_der(p),
            PublicKey::Rsa { n, e } => jsonwebtoken::DecodingKey::from_rsa_raw_components(n, e),
        }
    }
}

fn rsa_public(n: &[u8], e: &[u8]) -> Result<rsa::RsaPublicKey, KeyError> {
    let n = rsa::BigUint::from_bytes_be(n);
    let bits = n.bits();
    check_rsa_size(bits)?;
    rsa::RsaPublicKey::new(n, rsa::BigUint::from_bytes_be(e)).map_err(unreadable)
}

/// An RSA public key from PKCS#1 DER, its size checked before the key is
/// built (so an oversized key is named as such).
fn rsa_pkcs1_public(der: &[u8]) -> Result<PublicKey, KeyError> {
    let key = rsa::pkcs1::RsaPublicKey::from_der(der).map_err(unreadable)?;
    rsa_parts(rsa_public(
        key.modulus.as_bytes(),
        key.public_exponent.as_bytes(),
    )?)
}

fn rsa_parts(key: rsa::RsaPublicKey) -> Result<PublicKey, KeyError> {
    check_rsa_size(key.size() * 8)?;
    Ok(PublicKey::Rsa {
        n: key.n().to_bytes_be(),
        e: key.e().to_bytes_be(),
    })
}

/// A private key ready to sign many tokens: parsed once, zeroized on drop.
///
/// Private keys sign with the RustCrypto key types directly, which zeroize
/// themselves: jsonwebtoken would parse the key document again for every
/// signature (and derive the public key, half the cost of an Ed25519 or
/// ECDSA signature). HMAC secrets sign through jsonwebtoken.
pub enum SigningKey {
    /// An HMAC secret, as jsonwebtoken holds it.
    Jose(jsonwebtoken::EncodingKey),
    Ed25519(ed25519_dalek::SigningKey),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    /// RS256: PKCS#1 v1.5 with SHA-256, blinded by a random value.
    Rs256(rsa::pkcs1v15::SigningKey<sha2::Sha256>),
    /// PS256: PSS with SHA-256 and a random salt, blinded.
    Ps256(rsa::pss::BlindedSigningKey<sha2::Sha256>),
}

impl SigningKey {
    /// The signing key of `value`, a secret of algorithm `alg`.
    pub fn new(alg: Algorithm, value: &SecretValue) -> Result<SigningKey, KeyError> {
        let der = value.expose_secret();
        Ok(match alg.key_type() {
            KeyType::Hmac => SigningKey::Jose(jsonwebtoken::EncodingKey::from_secret(der)),
            KeyType::Ed25519 => SigningKey::Ed25519(
                ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(unreadable)?,
            ),
            KeyType::P256 => SigningKey::P256(p256::ecdsa::SigningKey::from(
                p256::SecretKey::from_pkcs8_der(der).map_err(unreadable)?,
            )),
            KeyType::P384 => SigningKey::P384(p384::ecdsa::SigningKey::from(
                p384::SecretKey::from_pkcs8_der(der).map_err(unreadable)?,
            )),
            KeyType::Rsa => {
                let key = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(unreadable)?;
                match alg {
                    Algorithm::PS256 => SigningKey::Ps256(rsa::pss::BlindedSigningKey::new(key)),
                    _ => SigningKey::Rs256(rsa::pkcs1v15::SigningKey::new(key)),
                }
            }
        })
    }

    /// The JWS signature of `message` under `alg`, base64url without
    /// padding. `alg` must be the algorithm the key was made for.
    pub fn sign(
        &self,
        alg: jsonwebtoken::Algorithm,
        message: &[u8],
    ) -> Result<String, jsonwebtoken::errors::Error> {
        use p256::ecdsa::signature::{RandomizedSigner as _, SignatureEncoding as _, Signer as _};
        let raw = Zeroizing::new(match self {
            SigningKey::Jose(key) => return jsonwebtoken::crypto::sign(message, key, alg),
            SigningKey::Ed25519(key) => key.sign(message).to_bytes().to_vec(),
            SigningKey::P256(key) => {
                let sig: p256::ecdsa::Signature = key.sign(message);
                sig.to_bytes().to_vec()
            }
            SigningKey::P384(key) => {
                let sig: p384::ecdsa::Signature = key.sign(message);
                sig.to_bytes().to_vec()
            }
            SigningKey::Rs256(key) => key.sign_with_rng(&mut rand_core::OsRng, message).to_vec(),
            SigningKey::Ps256(key) => key.sign_with_rng(&mut rand_core::OsRng, message).to_vec(),
        });
        Ok(URL_SAFE_NO_PAD.encode(&*raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pkcs8::der::EncodePem;

    #[test]
    fn generated_keys_round_trip_through_pem_and_jwk() {
        for alg in [Algorithm::EdDSA, Algorithm::ES256, Algorithm::ES384] {
            let key = SecretValue::generate(alg);
            let public = PublicKey::of_private(alg, &key).unwrap();
            let pem = public.to_pem().unwrap();
            assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{pem}");
            assert_eq!(PublicKey::from_pem(pem.as_bytes()).unwrap(), public);
            let jwk = public.to_jwk(alg, "k1");
            let (kid, jwk_alg, back) = PublicKey::from_jwk(jwk.as_object().unwrap()).unwrap();
            assert_eq!(
                (kid.as_deref(), jwk_alg, back),
                (Some("k1"), Some(alg), public)
            );
            let private_pem = pkcs8::PrivateKeyInfo::from_der(key.expose_secret())
                .unwrap()
                .to_pem(LineEnding::LF)
                .unwrap();
            let again = import_private(alg, private_pem.as_bytes()).unwrap();
            assert_eq!(again.expose_secret(), key.expose_secret());
        }
    }

    #[test]
    fn a_key_of_another_type_is_refused() {
        let ed = SecretValue::generate(Algorithm::EdDSA);
        let pem = pkcs8::PrivateKeyInfo::from_der(ed.expose_secret())
            .unwrap()
            .to_pem(LineEnding::LF)
            .unwrap();
        assert!(matches!(
            import_private(Algorithm::ES256, pem.as_bytes()),
            Err(KeyError::WrongType { .. })
        ));
        let public = PublicKey::of_private(Algorithm::EdDSA, &ed)
            .unwrap()
            .to_pem()
            .unwrap();
        assert_eq!(
            import_private(Algorithm::EdDSA, public.as_bytes()).err(),
            Some(KeyError::PublicOnly)
        );
    }

    #[test]
    fn private_members_are_refused_in_a_jwk() {
        let mut jwk =
            PublicKey::of_private(Algorithm::EdDSA, &SecretValue::generate(Algorithm::EdDSA))
                .unwrap()
                .to_jwk(Algorithm::EdDSA, "k");
        jwk["d"] = Value::from("AAAA");
        assert!(PublicKey::from_jwk(jwk.as_object().unwrap()).is_err());
    }
}
