//! Integration tests: the real `tokenctl` binary against real SQLite files.

mod env;
mod init;
mod secret;
mod store;
mod tamper;
