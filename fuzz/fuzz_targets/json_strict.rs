//! Strict JSON (duplicate keys refused at any depth). Never panics, and
//! whatever it accepts, serde_json reads the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokenctl::token::json;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = json::parse_strict(data) {
        let plain: serde_json::Value =
            serde_json::from_slice(data).expect("strict accepted what serde_json refuses");
        assert_eq!(value, plain, "strict and serde_json read different values");
    }
    let _ = json::parse_object(data);
});
