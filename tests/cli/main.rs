//! Integration tests: the real `tokenctl` binary against real SQLite files.

mod batch;
mod clipboard;
mod env;
mod generated;
mod init;
mod secret;
mod session;
mod store;
mod tamper;
mod token;
mod token_delivery;
mod token_inspect;
mod token_revoke;
mod token_tamper;
mod token_verify;
