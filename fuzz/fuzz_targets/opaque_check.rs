//! Opaque token recognition. Never panics; what it accepts has the shape.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokenctl::token::opaque;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // As given, and behind each prefix, so the body and checksum get fuzzed.
    for candidate in [
        text.to_string(),
        format!("tkd_{text}"),
        format!("tkp_{text}"),
    ] {
        let looks = opaque::looks_opaque(&candidate);
        if opaque::check(&candidate).is_ok() {
            assert!(looks, "accepted without the prefix");
            assert_eq!(candidate.len(), 40, "accepted with the wrong length");
            assert!(candidate[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
        }
    }
});
