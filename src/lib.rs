//! tokenctl: mint, list, revoke, inspect and verify signed tokens from a
//! local, encrypted SQLite store.
//!
//! The binary is a thin shell over [`cmd::run`]; tests and generators reuse
//! the modules here.

pub mod cli;
pub mod cmd;
pub mod crypto;
pub mod docs;
pub mod error;
pub mod par;
pub mod secret;
pub mod store;
pub mod sys;
pub mod token;
pub mod ui;
