//! What the test modules share.

pub mod docs;
pub mod text;
