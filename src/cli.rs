//! The command-line definition: clap types only, no I/O.
//!
//! The doc comment on each field is its `--help`, its man page entry and its
//! completion description.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Mint, list, revoke, inspect and verify signed tokens from a local encrypted store.
#[derive(Debug, Parser)]
#[command(
    name = "tokenctl",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Store file [default: $XDG_DATA_HOME/tokenctl/store.db]
    #[arg(long, global = true, env = "TOKENCTL_STORE", value_name = "PATH")]
    pub store: Option<PathBuf>,

    /// Read the passphrase from PATH (one trailing newline is stripped)
    #[arg(long, global = true, value_name = "PATH")]
    pub passphrase_file: Option<PathBuf>,

    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,

    /// Print nothing on stderr but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Never use colour (also NO_COLOR)
    #[arg(long, global = true)]
    pub no_color: bool,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new store with a generated HS256 secret named `default`
    Init(InitArgs),

    /// Add, list and remove signing secrets
    #[command(subcommand)]
    Secret(SecretCommand),

    /// Show, check and re-key the store
    #[command(subcommand)]
    Store(StoreCommand),
}

/// `tokenctl init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Set the `iss` claim of every token this store mints
    #[arg(long, value_name = "ISS")]
    pub issuer: Option<String>,

    /// Do not create the `default` secret
    #[arg(long)]
    pub no_default_secret: bool,

    /// Argon2id memory in MiB (at least 19)
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub kdf_memory: u32,

    /// Argon2id passes (at least 2)
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub kdf_iterations: u32,

    /// Argon2id lanes
    #[arg(long, value_name = "P", default_value_t = 4)]
    pub kdf_parallelism: u32,
}

/// `tokenctl secret ...`
#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Add a signing secret
    Add(SecretAddArgs),
    /// List secrets (never their values)
    #[command(alias = "ls")]
    List,
    /// Remove a secret
    #[command(alias = "rm")]
    Remove(SecretRemoveArgs),
}

/// `tokenctl secret add`
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("source").multiple(false))]
pub struct SecretAddArgs {
    /// Name of the secret: [A-Za-z0-9][A-Za-z0-9._-]{0,63}
    pub name: String,

    /// Signing algorithm: HS256, HS384 or HS512
    #[arg(long, short = 'a', value_name = "ALG", default_value = "HS256")]
    pub algorithm: String,

    /// Generate a random key of the algorithm's full strength
    #[arg(long, group = "source")]
    pub generate: bool,

    /// Read the value from PATH
    #[arg(long, value_name = "PATH", group = "source")]
    pub from_file: Option<PathBuf>,

    /// Read the value from the environment variable VAR
    #[arg(long, value_name = "VAR", group = "source")]
    pub from_env: Option<String>,

    /// The input is base64 (standard or URL-safe); decode it first
    #[arg(long, conflicts_with = "generate")]
    pub base64: bool,

    /// Make it the store's default secret
    #[arg(long)]
    pub default: bool,
}

/// `tokenctl secret remove`
#[derive(Debug, Args)]
pub struct SecretRemoveArgs {
    /// Name of the secret
    pub name: String,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `tokenctl store ...`
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Show the store's path, format, KDF parameters and counts (no unlock)
    Info,
    /// Authenticate every record and run SQLite's integrity check
    Check,
    /// Change the passphrase (re-wraps the data key atomically)
    Passwd(PasswdArgs),
}

/// `tokenctl store passwd`
#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// Read the new passphrase from PATH (else TOKENCTL_NEW_PASSPHRASE, else a prompt)
    #[arg(long, value_name = "PATH")]
    pub new_passphrase_file: Option<PathBuf>,
}
