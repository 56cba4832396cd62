//! Custom claims from `--claim` flags and `--claims-file`.

use std::path::Path;

use serde_json::{Map, Value};

/// Claims tokenctl sets itself, and the flag that sets each.
const RESERVED: &[(&str, &str)] = &[
    ("iss", "`tokenctl init --issuer`"),
    ("sub", "--subject"),
    ("aud", "--audience"),
    ("exp", "--expiry"),
    ("nbf", "--not-before"),
    ("iat", "nothing: tokenctl sets it to the creation time"),
    ("jti", "nothing: tokenctl sets it to the token id"),
    ("token_type", "--type"),
    ("origins", "--origin"),
    ("role", "--role"),
    (
        "active",
        "nothing: `token verify --json` reports whether the token is active under it",
    ),
    (
        "name",
        "--name: `token verify --json` reports the token's name under it",
    ),
    (
        "reason",
        "nothing: `token verify --json` reports why a token is not active under it",
    ),
];

/// How deeply a claim's value may nest arrays and objects.
pub const MAX_DEPTH: usize = 32;

/// Refuse a claim value nested deeper than [`MAX_DEPTH`] levels: the same
/// limit for `--claim`, `--claims-file` and batch lines.
pub fn check_depth(key: &str, value: &Value) -> Result<(), String> {
    fn depth(v: &Value) -> usize {
        match v {
            Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
            Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }
    let d = depth(value);
    if d > MAX_DEPTH {
        return Err(format!(
            "claim '{}' nests {d} levels deep; claims may nest at most {MAX_DEPTH} levels",
            key.escape_debug()
        ));
    }
    Ok(())
}

/// Refuse a reserved claim name, naming the flag to use instead.
pub fn check_not_reserved(key: &str) -> Result<(), String> {
    match RESERVED.iter().find(|(k, _)| *k == key) {
        Some((k, flag)) => Err(format!("claim '{k}' is reserved; set it with {flag}")),
        None => Ok(()),
    }
}

/// Read a file for `@FILE` forms, with one trailing newline stripped;
/// injected, so that tests need no files.
pub type ReadFile<'a> = dyn Fn(&Path) -> Result<Vec<u8>, String> + 'a;

/// Parse one `--claim`: `k=v`, `k:=json`, `k=@file`, `k:=@file`.
pub fn parse_claim(arg: &str, read: &ReadFile<'_>) -> Result<(String, Value), String> {
    let eq = arg.find('=').ok_or_else(|| {
        format!(
            "--claim '{}' needs KEY=VALUE or KEY:=JSON",
            arg.escape_debug()
        )
    })?;
    let (typed, key) = match arg[..eq].strip_suffix(':') {
        Some(k) => (true, k),
        None => (false, &arg[..eq]),
    };
    let raw = &arg[eq + 1..];
    if key.is_empty() {
        return Err(format!("--claim '{}' has an empty key", arg.escape_debug()));
    }
    check_not_reserved(key)?;
    let from_file = raw.strip_prefix('@');
    let value = match (typed, from_file) {
        (false, None) => Value::String(raw.to_string()),
        (false, Some(path)) => {
            let bytes = read(Path::new(path))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("claim '{key}': {path} is not UTF-8 text"))?;
            Value::String(text)
        }
        (true, None) => super::json::parse_strict(raw.as_bytes())
            .map_err(|e| format!("claim '{key}': invalid JSON: {e}"))?,
        (true, Some(path)) => {
            let bytes = read(Path::new(path))?;
            super::json::parse_strict(&bytes)
                .map_err(|e| format!("claim '{key}': {path} is not valid JSON: {e}"))?
        }
    };
    Ok((key.to_string(), value))
}

/// Merge a claims-file object and `--claim` flags; any duplicate or reserved key is an error.
pub fn collect(
    file: Option<Map<String, Value>>,
    flags: &[String],
    read: &ReadFile<'_>,
) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    if let Some(file) = file {
        for (k, v) in file {
            check_not_reserved(&k)?;
            out.insert(k, v);
        }
    }
    for arg in flags {
        let (k, v) = parse_claim(arg, read)?;
        if out.contains_key(&k) {
            return Err(format!("claim '{k}' is given more than once"));
        }
        out.insert(k, v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn files(p: &Path) -> Result<Vec<u8>, String> {
        match p.to_str() {
            Some("s.txt") => Ok(b"hello".to_vec()),
            Some("j.json") => Ok(br#"{"a":[1,2]}"#.to_vec()),
            _ => Err(format!("cannot read {}", p.display())),
        }
    }

    #[test]
    fn four_forms() {
        assert_eq!(
            parse_claim("plan=pro", &files).unwrap(),
            ("plan".into(), json!("pro"))
        );
        assert_eq!(
            parse_claim("n:=42", &files).unwrap(),
            ("n".into(), json!(42))
        );
        assert_eq!(
            parse_claim("ok:=true", &files).unwrap(),
            ("ok".into(), json!(true))
        );
        assert_eq!(
            parse_claim("s=@s.txt", &files).unwrap(),
            ("s".into(), json!("hello"))
        );
        assert_eq!(
            parse_claim("j:=@j.json", &files).unwrap(),
            ("j".into(), json!({"a":[1,2]}))
        );
        assert_eq!(
            parse_claim("eq=a=b", &files).unwrap(),
            ("eq".into(), json!("a=b"))
        );
        assert_eq!(
            parse_claim("empty=", &files).unwrap(),
            ("empty".into(), json!(""))
        );
        assert_eq!(
            parse_claim("url=https://x?a=1", &files).unwrap().1,
            json!("https://x?a=1")
        );
    }

    #[test]
    fn bad_claims() {
        for bad in [
            "novalue",
            "=v",
            ":=1",
            "n:=nope",
            "n:={\"a\":1,\"a\":2}",
            "f=@missing",
        ] {
            assert!(parse_claim(bad, &files).is_err(), "{bad}");
        }
    }

    #[test]
    fn reserved_names_the_flag() {
        let e = parse_claim("sub=x", &files).unwrap_err();
        assert!(e.contains("--subject"), "{e}");
        let e = parse_claim("aud:=[\"a\"]", &files).unwrap_err();
        assert!(e.contains("--audience"), "{e}");
        let mut file = Map::new();
        file.insert("exp".into(), json!(1));
        assert!(collect(Some(file), &[], &files)
            .unwrap_err()
            .contains("--expiry"));
    }

    #[test]
    fn duplicates_across_sources() {
        let mut file = Map::new();
        file.insert("a".into(), json!(1));
        assert!(collect(Some(file), &["a=2".into()], &files).is_err());
        assert!(collect(None, &["b=1".into(), "b:=2".into()], &files).is_err());
    }
}
