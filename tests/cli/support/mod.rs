//! What the test modules share.

pub mod docs;
pub mod env;
pub mod http;
pub mod keys;
pub mod postgres;
pub mod pty;
pub mod serve;
pub mod shell;
pub mod store;
pub mod system;
pub mod text;
pub mod tokens;

/// Stories that hold for every kind of store: each `fn name(env: TestEnv)`
/// becomes a module `name` with two tests, `sqlite` and `postgres`, each
/// given a scratch environment with no store yet on that backend (the
/// PostgreSQL one skips, with a reason, where no server can run, and fails
/// under `CI=true`).
#[macro_export]
macro_rules! on_every_store {
    ($(#[$attr:meta])* fn $name:ident($env:ident: TestEnv) $body:block $($rest:tt)*) => {
        $(#[$attr])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn story($env: $crate::support::env::TestEnv) $body

            #[test]
            fn sqlite() {
                let env = $crate::support::env::TestEnv::on($crate::support::env::Backend::Sqlite);
                story(env.expect("a scratch directory"));
            }

            #[test]
            fn postgres() {
                if let Some(env) =
                    $crate::support::env::TestEnv::on($crate::support::env::Backend::Postgres)
                {
                    story(env);
                }
            }
        }
        $crate::on_every_store! { $($rest)* }
    };
    () => {};
}
