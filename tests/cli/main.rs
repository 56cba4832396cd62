//! Integration tests: the real `tokenctl` binary against real SQLite files.

mod batch;
mod clipboard;
mod durations;
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
mod secret;
mod session;
mod store;
mod support;
mod tamper;
mod token;
mod token_delivery;
mod token_inspect;
mod token_revoke;
mod token_tamper;
mod token_verify;
