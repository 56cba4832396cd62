//! What the test modules share.

pub mod docs;
pub mod pty;
pub mod text;
