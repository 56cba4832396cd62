//! What the test modules share.

pub mod docs;
pub mod env;
pub mod http;
pub mod keys;
pub mod pty;
pub mod serve;
pub mod shell;
pub mod store;
pub mod system;
pub mod text;
pub mod tokens;
