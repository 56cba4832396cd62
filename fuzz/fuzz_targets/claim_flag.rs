//! The `--claim KEY=VALUE | KEY:=JSON | KEY=@FILE | KEY:=@FILE` parser.
//! Never panics; what it accepts has a non-empty, unreserved key that the
//! argument starts with.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokenctl::token::claims;

fuzz_target!(|data: &[u8]| {
    let Ok(arg) = std::str::from_utf8(data) else {
        return;
    };
    // Files come from the input itself, so @FILE forms are exercised too.
    let read = |p: &std::path::Path| -> Result<Vec<u8>, String> {
        match p.to_str() {
            Some(s) if s.starts_with('!') => Err("unreadable".into()),
            Some(s) => Ok(s.as_bytes().to_vec()),
            None => Err("not UTF-8".into()),
        }
    };
    if let Ok((key, _value)) = claims::parse_claim(arg, &read) {
        assert!(!key.is_empty());
        assert!(arg.starts_with(&key));
        assert!(claims::check_not_reserved(&key).is_ok());
    }
    let _ = claims::collect(None, &[arg.to_string()], &read);
});
