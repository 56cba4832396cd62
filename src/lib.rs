//! tokenctl: mint, list, revoke, inspect and verify signed tokens from a
//! local, encrypted SQLite store.
//!
//! The binary is a thin shell over [`cmd::run`]; tests, benches, fuzz
//! targets and the generators of completions and man pages reuse the
//! modules here. The domain (`token`, `mint`, `verify`, `store`, `crypto`)
//! never prints or prompts; `cmd` decides what the user sees.

pub mod cli;
pub mod clipboard;
pub mod cmd;
pub mod crypto;
pub mod error;
pub mod input;
pub mod mint;
pub mod par;
pub mod secret;
pub mod serve;
pub mod store;
pub mod sys;
pub mod token;
pub mod ui;
pub mod verify;
