//! Integration tests: the real `tokenctl` binary against real SQLite files.

mod batch;
mod clipboard;
mod env;
mod generated;
mod hardening_concurrency;
mod hardening_corruption;
mod hardening_crash;
mod hardening_faults;
mod hardening_fuzz;
mod hardening_hostile;
mod hardening_leaks;
mod hardening_permissions;
mod hardening_support;
mod init;
mod schema_tamper;
mod secret;
mod session;
mod signals;
mod store;
mod tamper;
mod token;
mod token_delivery;
mod token_inspect;
mod token_revoke;
mod token_tamper;
mod token_verify;
