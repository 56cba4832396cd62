//! The command-line definition: clap types only, no I/O.
//!
//! The doc comment on each field is its `--help`, its man page entry and its
//! completion description.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, Parser, Subcommand};

/// `--type`: the token types and their short aliases.
fn token_types() -> PossibleValuesParser {
    PossibleValuesParser::new([
        PossibleValue::new("development")
            .alias("dev")
            .help("for development and CI (alias dev)"),
        PossibleValue::new("production")
            .alias("prod")
            .help("for production (alias prod)"),
    ])
}

/// `--format`: the token formats.
fn formats() -> PossibleValuesParser {
    PossibleValuesParser::new([
        PossibleValue::new("jwt").help("a signed JSON Web Token"),
        PossibleValue::new("opaque").help("a random tkp_/tkd_ token with a checksum"),
    ])
}

/// `--status` of `token list`.
fn statuses() -> PossibleValuesParser {
    PossibleValuesParser::new(["active", "expired", "revoked", "undelivered", "all"])
}

/// `--algorithm`: the signing algorithms.
fn algorithms() -> PossibleValuesParser {
    PossibleValuesParser::new(crate::secret::Algorithm::ALL.map(|a| a.as_str()))
}

/// Mint, list, revoke, inspect and verify signed tokens from a local encrypted store.
#[derive(Debug, Parser)]
#[command(
    name = "tokenctl",
    version,
    propagate_version = true,
    max_term_width = 100,
    long_about = about::TOP,
    after_help = ex::TOP
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
    /// Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]
    #[arg(
        long,
        global = true,
        env = "TOKENCTL_STORE",
        hide_env_values = true,
        value_name = "PATH|URL"
    )]
    pub store: Option<PathBuf>,

    /// Read the passphrase from PATH (one trailing newline is stripped)
    #[arg(long, global = true, value_name = "PATH")]
    pub passphrase_file: Option<PathBuf>,

    /// Unlock as member NAME, when the store has several
    #[arg(long, global = true, env = "TOKENCTL_MEMBER", value_name = "NAME")]
    pub member: Option<String>,

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
// Parsed once per run: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new store with a generated secret named `default`
    #[command(long_about = about::INIT, after_help = ex::INIT)]
    Init(InitArgs),

    /// Add, list, rotate, publish and remove signing secrets
    #[command(subcommand, long_about = about::SECRET, after_help = ex::SECRET)]
    Secret(SecretCommand),

    /// Show, check and re-key the store
    #[command(subcommand, long_about = about::STORE, after_help = ex::STORE)]
    Store(StoreCommand),

    /// Create, list, revoke, inspect and verify tokens
    #[command(subcommand, long_about = about::TOKEN, after_help = ex::TOKEN)]
    Token(TokenCommand),

    /// Take the passphrase once and print a session key for TOKENCTL_SESSION
    #[command(long_about = about::UNLOCK, after_help = ex::UNLOCK)]
    Unlock(UnlockArgs),

    /// End every unlock session of the store at once (no passphrase needed)
    #[command(long_about = about::LOCK, after_help = ex::LOCK)]
    Lock,

    /// Print the JWKS of every public key that verifies this store's tokens
    #[command(long_about = about::JWKS, after_help = ex::JWKS)]
    Jwks(JwksArgs),

    /// Answer RFC 7662 introspection and publish the JWKS over HTTP
    #[command(long_about = about::SERVE, after_help = ex::SERVE)]
    Serve(ServeArgs),

    /// Add, list and remove the clients that may call `serve`
    #[command(subcommand, long_about = about::CLIENT, after_help = ex::CLIENT)]
    Client(ClientCommand),

    /// Add, list and remove the members who unlock with passphrases of their own
    #[command(subcommand, long_about = about::MEMBER, after_help = ex::MEMBER)]
    Member(MemberCommand),

    /// Create, list and revoke scoped access keys for scripts and CI
    #[command(subcommand, long_about = about::KEY, after_help = ex::KEY)]
    Key(KeyCommand),

    /// Set, show and unset what every token of a type must keep to
    #[command(subcommand, long_about = about::POLICY, after_help = ex::POLICY)]
    Policy(PolicyCommand),

    /// List the audit log of every change, newest first, or verify its chain
    #[command(long_about = about::AUDIT, after_help = ex::AUDIT, args_conflicts_with_subcommands = true)]
    Audit(AuditArgs),
}

/// `tokenctl audit`
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// `verify`, or none to list
    #[command(subcommand)]
    pub command: Option<AuditCommand>,
    /// Only events at or after WHEN: an RFC 3339 time, a date, or a duration ago (1h, 7d)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only events by this member, access key (key:NAME) or TOKENCTL_ACTOR label
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,
    /// Only events of this action (token.create), or of a group (token)
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,
}

/// `tokenctl audit ...`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the whole chain: exit 0, or exit 4 naming the first bad event
    #[command(long_about = about::AUDIT_VERIFY, after_help = ex::AUDIT_VERIFY)]
    Verify,
}

/// `tokenctl member ...`
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member with a passphrase of their own
    #[command(long_about = about::MEMBER_ADD, after_help = ex::MEMBER_ADD)]
    Add(MemberAddArgs),
    /// List the members (never a passphrase)
    #[command(alias = "ls", long_about = about::MEMBER_LIST, after_help = ex::MEMBER_LIST)]
    List,
    /// Remove a member; their passphrase unlocks nothing from then on
    #[command(alias = "rm", long_about = about::MEMBER_REMOVE, after_help = ex::MEMBER_REMOVE)]
    Remove(MemberRemoveArgs),
}

/// `tokenctl member add`
#[derive(Debug, Args)]
pub struct MemberAddArgs {
    /// Name of the member: [A-Za-z0-9][A-Za-z0-9._-]{0,63}
    pub name: String,

    /// Read the new member's passphrase from PATH (else TOKENCTL_NEW_PASSPHRASE, else a prompt)
    #[arg(long, value_name = "PATH")]
    pub new_passphrase_file: Option<PathBuf>,
}

/// `tokenctl member remove`
#[derive(Debug, Args)]
pub struct MemberRemoveArgs {
    /// Name of the member
    pub name: String,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `tokenctl key ...`
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create an access key and print it once (tka_...)
    #[command(long_about = about::KEY_CREATE, after_help = ex::KEY_CREATE)]
    Create(KeyCreateArgs),
    /// List the access keys (never a key)
    #[command(alias = "ls", long_about = about::KEY_LIST, after_help = ex::KEY_LIST)]
    List,
    /// Revoke an access key at once
    #[command(long_about = about::KEY_REVOKE, after_help = ex::KEY_REVOKE)]
    Revoke(KeyRevokeArgs),
}

/// `tokenctl key create`
#[derive(Debug, Args)]
pub struct KeyCreateArgs {
    /// Name of the key: [A-Za-z0-9][A-Za-z0-9._-]{0,63}; never reused
    pub name: String,

    /// What the key may do: mint
    #[arg(long, value_name = "WHAT", required = true)]
    pub allow: Vec<String>,

    /// Token type it may mint, repeatable [default: development]
    #[arg(long = "type", value_name = "TYPE")]
    pub token_type: Vec<String>,

    /// Secret it may sign with, repeatable [default: the store's default secret]
    #[arg(long, value_name = "NAME")]
    pub secret: Vec<String>,

    /// The longest lifetime of a token it mints, such as 2h or 7d
    #[arg(long, value_name = "DUR")]
    pub max_ttl: Option<String>,

    /// The lifetime of a token it mints without --expiry [default: 1h, or --max-ttl if shorter]
    #[arg(long, value_name = "DUR")]
    pub ttl: Option<String>,

    /// When the key itself stops working: a duration, a date, or never
    #[arg(long, value_name = "WHEN", default_value = "90d")]
    pub expiry: String,
}

/// `tokenctl key revoke`
#[derive(Debug, Args)]
pub struct KeyRevokeArgs {
    /// Name of the key
    pub name: String,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `tokenctl policy ...`
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Set the rule for one token type
    #[command(long_about = about::POLICY_SET, after_help = ex::POLICY_SET)]
    Set(PolicySetArgs),
    /// Show the rules
    #[command(long_about = about::POLICY_SHOW, after_help = ex::POLICY_SHOW)]
    Show,
    /// Remove the rule for one token type
    #[command(long_about = about::POLICY_UNSET, after_help = ex::POLICY_UNSET)]
    Unset(PolicyUnsetArgs),
}

/// `tokenctl policy set`
#[derive(Debug, Args)]
pub struct PolicySetArgs {
    /// The token type the rule is for: development or production
    #[arg(long = "type", value_name = "TYPE")]
    pub token_type: String,

    /// The longest lifetime a token of that type may have, such as 2h or 30d
    #[arg(long, value_name = "DUR")]
    pub max_ttl: String,

    /// What every such token must carry: audience
    #[arg(long, value_name = "WHAT")]
    pub require: Vec<String>,
}

/// `tokenctl policy unset`
#[derive(Debug, Args)]
pub struct PolicyUnsetArgs {
    /// The token type whose rule goes
    #[arg(long = "type", value_name = "TYPE")]
    pub token_type: String,
}

/// `tokenctl serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (loopback unless you say otherwise)
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8787")]
    pub listen: std::net::SocketAddr,

    /// PEM certificate chain for HTTPS (with --tls-key)
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key for HTTPS (with --tls-cert)
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// At most N connections at once; more wait to be accepted
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,

    /// The URL services reach this server at, for the metadata document [default: from --listen]
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
}

/// `tokenctl client ...`
#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Add a client and print its secret once (tkc_...)
    #[command(long_about = about::CLIENT_ADD, after_help = ex::CLIENT_ADD)]
    Add(ClientNameArgs),
    /// List the clients (never a secret)
    #[command(alias = "ls", long_about = about::CLIENT_LIST, after_help = ex::CLIENT_LIST)]
    List,
    /// Remove a client; it is refused from its next request on
    #[command(alias = "rm", long_about = about::CLIENT_REMOVE, after_help = ex::CLIENT_REMOVE)]
    Remove(ClientRemoveArgs),
}

/// `tokenctl client add`
#[derive(Debug, Args)]
pub struct ClientNameArgs {
    /// Name of the client: [A-Za-z0-9][A-Za-z0-9._-]{0,63}; its HTTP Basic user name
    pub name: String,
}

/// `tokenctl client remove`
#[derive(Debug, Args)]
pub struct ClientRemoveArgs {
    /// Name of the client
    pub name: String,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `tokenctl unlock`
#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// How long the session lasts: a duration up to 24h, such as 15m, 2h or 1h30m
    #[arg(long, value_name = "DUR", default_value = "15m")]
    pub ttl: String,

    /// Print `export TOKENCTL_SESSION=...` even when stdout is not a terminal, for `eval "$(tokenctl unlock --export)"`
    #[arg(long, conflicts_with = "json")]
    pub export: bool,
}

/// The first argument that starts the clipboard holder instead of the CLI.
pub const HOLD_COMMAND: &str = "__clipboard-hold";

/// `tokenctl __clipboard-hold`: the detached process that owns the clipboard
/// selection after `token create --copy`. The token arrives on stdin, never
/// on the command line. It is parsed apart from [`Cli`], so it appears in
/// no help, completion or man page.
#[derive(Debug, Parser)]
#[command(name = "tokenctl __clipboard-hold")]
pub struct ClipboardHoldArgs {
    /// Clear the clipboard after DUR, or never
    #[arg(long, value_name = "DUR|never")]
    pub clear_after: String,
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

    /// Algorithm of the `default` secret
    #[arg(
        long,
        short = 'a',
        value_name = "ALG",
        default_value = "HS256",
        value_parser = algorithms(),
        ignore_case = true,
        conflicts_with = "no_default_secret"
    )]
    pub algorithm: String,

    /// Argon2id memory in MiB (19 to 4096)
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub kdf_memory: u32,

    /// Argon2id passes (2 to 20)
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub kdf_iterations: u32,

    /// Argon2id lanes (1 to 64)
    #[arg(long, value_name = "P", default_value_t = 4)]
    pub kdf_parallelism: u32,
}

/// `tokenctl secret ...`
#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Add a signing secret from one source: --generate, a file, a variable, stdin or a prompt
    #[command(long_about = about::SECRET_ADD, after_help = ex::SECRET_ADD)]
    Add(SecretAddArgs),
    /// List secrets: name, algorithm, key id, default, active tokens (never a value)
    #[command(alias = "ls", long_about = about::SECRET_LIST, after_help = ex::SECRET_LIST)]
    List,
    /// Remove a secret; refused while it signs active tokens unless --revoke-tokens
    #[command(alias = "rm", long_about = about::SECRET_REMOVE, after_help = ex::SECRET_REMOVE)]
    Remove(SecretRemoveArgs),
    /// Print the public key of an asymmetric secret's signing version (PEM or JWK)
    #[command(long_about = about::SECRET_PUBLIC, after_help = ex::SECRET_PUBLIC)]
    Public(SecretPublicArgs),
    /// Add a new key version that signs from now on; older versions keep verifying
    #[command(long_about = about::SECRET_ROTATE, after_help = ex::SECRET_ROTATE)]
    Rotate(SecretRotateArgs),
    /// End an older key version at once, revoking the tokens it signed
    #[command(long_about = about::SECRET_RETIRE, after_help = ex::SECRET_RETIRE)]
    Retire(SecretRetireArgs),
}

/// `tokenctl secret public`
#[derive(Debug, Args)]
pub struct SecretPublicArgs {
    /// Name of the secret
    pub name: String,

    /// Output format
    #[arg(long, value_name = "FMT", default_value = "pem", value_parser = ["pem", "jwk"])]
    pub format: String,
}

/// `tokenctl secret rotate`
#[derive(Debug, Args)]
pub struct SecretRotateArgs {
    /// Name of the secret
    pub name: String,
}

/// `tokenctl secret retire`
#[derive(Debug, Args)]
pub struct SecretRetireArgs {
    /// Name of the secret
    pub name: String,

    /// Key id of the older version to retire (see `secret list`)
    #[arg(long, value_name = "KID", required = true)]
    pub kid: String,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `tokenctl jwks`
#[derive(Debug, Args)]
pub struct JwksArgs {
    /// Write the JWKS to FILE (atomically, mode 0644) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Where `token verify` and `token inspect` find the key without a store.
#[derive(Debug, Clone, Args)]
pub struct KeySourceArgs {
    /// Verify with the keys of a JWKS file (the key picked by `kid`), without a store
    #[arg(long, value_name = "FILE", conflicts_with_all = ["key", "hmac_key"])]
    pub jwks: Option<PathBuf>,

    /// Verify with a public key file (PEM, DER or JWK), without a store
    #[arg(long, value_name = "FILE", conflicts_with = "hmac_key")]
    pub key: Option<PathBuf>,

    /// Verify with an HMAC key file (its bytes, one trailing newline dropped), without a store
    #[arg(long, value_name = "FILE")]
    pub hmac_key: Option<PathBuf>,
}

/// `tokenctl secret add`
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("source").multiple(false))]
pub struct SecretAddArgs {
    /// Name of the secret: [A-Za-z0-9][A-Za-z0-9._-]{0,63}
    pub name: String,

    /// Signing algorithm
    #[arg(
        long,
        short = 'a',
        value_name = "ALG",
        default_value = "HS256",
        value_parser = algorithms(),
        ignore_case = true
    )]
    pub algorithm: String,

    /// Generate a random key of the algorithm's full strength (RSA: 3072 bits)
    #[arg(long, group = "source")]
    pub generate: bool,

    /// Read the value from PATH
    #[arg(long, value_name = "PATH", group = "source")]
    pub from_file: Option<PathBuf>,

    /// Read the value from the environment variable VAR
    #[arg(long, value_name = "VAR", group = "source")]
    pub from_env: Option<String>,

    /// The input is base64 (standard or URL-safe); decode it first (HMAC keys only)
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

    /// Revoke its active tokens (reason "secret removed") in the same transaction
    #[arg(long)]
    pub revoke_tokens: bool,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `tokenctl store ...`
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Show the store's path, format, KDF parameters and counts (no passphrase needed)
    #[command(long_about = about::STORE_INFO, after_help = ex::STORE_INFO)]
    Info,
    /// Authenticate every record and run SQLite's integrity check (exit 4 listing problems)
    #[command(long_about = about::STORE_CHECK, after_help = ex::STORE_CHECK)]
    Check(CheckArgs),
    /// Change the passphrase by re-wrapping the data key with a new salt, atomically
    #[command(long_about = about::STORE_PASSWD, after_help = ex::STORE_PASSWD)]
    Passwd(PasswdArgs),
    /// Replace the data key itself and re-seal every record under it (after a leak)
    #[command(long_about = about::STORE_REKEY, after_help = ex::STORE_REKEY)]
    Rekey,
    /// Copy the whole store into an empty file or database (SQLite to PostgreSQL or back)
    #[command(long_about = about::STORE_COPY, after_help = ex::STORE_COPY)]
    Copy(CopyArgs),
}

/// `tokenctl store check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// After a deliberate restore from a backup: accept the store's audit
    /// chain as this machine's record of it, though this machine saw it further
    #[arg(long)]
    pub accept_rollback: bool,
}

/// `tokenctl store copy`
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// Where to: a new store file, or postgres://USER@HOST[:PORT]/DB without a store
    #[arg(long, value_name = "PATH|URL")]
    pub to: std::ffi::OsString,
}

/// `tokenctl store passwd`
#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// Read the new passphrase from PATH (else TOKENCTL_NEW_PASSPHRASE, else a prompt)
    #[arg(long, value_name = "PATH")]
    pub new_passphrase_file: Option<PathBuf>,
}

/// `tokenctl token ...`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Mint a token and show it exactly once (only its SHA-256 is stored)
    #[command(long_about = about::TOKEN_CREATE, after_help = ex::TOKEN_CREATE)]
    Create(TokenCreateArgs),
    /// List tokens, newest first (default: active and expired)
    #[command(alias = "ls", long_about = about::TOKEN_LIST, after_help = ex::TOKEN_LIST)]
    List(TokenListArgs),
    /// Show one token's whole record: claims, times, status and who made it
    #[command(long_about = about::TOKEN_SHOW, after_help = ex::TOKEN_SHOW)]
    Show(TokenShowArgs),
    /// Revoke tokens at once; they fail `verify` in every process afterwards
    #[command(long_about = about::TOKEN_REVOKE, after_help = ex::TOKEN_REVOKE)]
    Revoke(TokenRevokeArgs),
    /// Decode a token and show its header, claims, times, signature check and record
    #[command(long_about = about::TOKEN_INSPECT, after_help = ex::TOKEN_INSPECT)]
    Inspect(TokenInspectArgs),
    /// Check that a token is active (exit 0) or say why not (exit 1)
    #[command(long_about = about::TOKEN_VERIFY, after_help = ex::TOKEN_VERIFY)]
    Verify(TokenVerifyArgs),
}

/// `tokenctl token create`
#[derive(Debug, Args)]
pub struct TokenCreateArgs {
    /// Name, unique among active tokens
    #[arg(long, value_name = "NAME", required_unless_present = "batch")]
    pub name: Option<String>,

    /// Mint one token per JSON Lines object in FILE (- for stdin); print one JSON object per line
    #[arg(
        long,
        value_name = "FILE|-",
        conflicts_with_all = ["name", "subject", "audience", "role", "origin", "claim", "claims_file", "copy", "clear_after"]
    )]
    pub batch: Option<PathBuf>,

    /// Revoke the active token of that name in the same transaction (one-step rotation)
    #[arg(long)]
    pub replace: bool,

    /// Token type
    #[arg(
        long = "type",
        value_name = "TYPE",
        default_value = "development",
        value_parser = token_types(),
        ignore_case = true
    )]
    pub token_type: String,

    /// Expiry: a duration (90m, 30d, 1h30m, 1y), never, an RFC 3339 time, or a date (midnight UTC) [default: 1h, or the access key's --ttl]
    #[arg(long, value_name = "WHEN")]
    pub expiry: Option<String>,

    /// Not valid before WHEN (sets `nbf`): an RFC 3339 time, a date, or a duration from now
    #[arg(long, value_name = "WHEN")]
    pub not_before: Option<String>,

    /// Signing secret [default: the store's default secret]
    #[arg(long, value_name = "NAME")]
    pub secret: Option<String>,

    /// Token format
    #[arg(
        long,
        value_name = "FMT",
        default_value = "jwt",
        value_parser = formats(),
        ignore_case = true
    )]
    pub format: String,

    /// `sub` claim (an end user's distinct id)
    #[arg(long, value_name = "SUB")]
    pub subject: Option<String>,

    /// `aud` claim; repeatable
    #[arg(long, value_name = "AUD")]
    pub audience: Vec<String>,

    /// `role` claim
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,

    /// Allowed origin (claim `origins`); repeatable
    #[arg(long, value_name = "URL")]
    pub origin: Vec<String>,

    /// Custom claim: KEY=VALUE (string), KEY:=JSON (typed), KEY=@FILE, KEY:=@FILE; repeatable
    #[arg(long, value_name = "KEY=VALUE")]
    pub claim: Vec<String>,

    /// A JSON object of custom claims from PATH, or - for stdin
    #[arg(long, value_name = "PATH|-")]
    pub claims_file: Option<PathBuf>,

    /// Copy the token to the clipboard instead of printing it
    #[arg(long)]
    pub copy: bool,

    /// With --copy: clear the clipboard after DUR, or never [default: 45s]
    #[arg(long, value_name = "DUR|never")]
    pub clear_after: Option<String>,
}

/// `tokenctl token list`
#[derive(Debug, Args)]
pub struct TokenListArgs {
    /// Only tokens of this type
    #[arg(long = "type", value_name = "TYPE", value_parser = token_types(), ignore_case = true)]
    pub token_type: Option<String>,

    /// Only tokens with this status [default: active and expired]
    #[arg(long, value_name = "STATUS", value_parser = statuses())]
    pub status: Option<String>,

    /// Only tokens signed by this secret
    #[arg(long, value_name = "NAME")]
    pub secret: Option<String>,
}

/// `tokenctl token revoke`
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).multiple(true).args(["targets", "token", "all"]))]
pub struct TokenRevokeArgs {
    /// Token names, ids, or unique id prefixes of at least 6 characters
    #[arg(value_name = "NAME|ID", conflicts_with_all = ["token", "all"])]
    pub targets: Vec<String>,

    /// Revoke by the token itself; - reads it from stdin (preferred: keeps it off the command line)
    #[arg(long, value_name = "VALUE|-", conflicts_with = "all")]
    pub token: Option<String>,

    /// Revoke every active token the filters select (at least one of --secret, --type, --created-by)
    #[arg(long)]
    pub all: bool,

    /// With --all: tokens signed by this secret
    #[arg(long, value_name = "NAME", requires = "all")]
    pub secret: Option<String>,

    /// With --all: tokens of this type
    #[arg(long = "type", value_name = "TYPE", requires = "all", value_parser = token_types(), ignore_case = true)]
    pub token_type: Option<String>,

    /// With --all: tokens created by this actor
    #[arg(long, value_name = "ACTOR", requires = "all")]
    pub created_by: Option<String>,

    /// Reason to record
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `tokenctl token show`
#[derive(Debug, Args)]
pub struct TokenShowArgs {
    /// Token name, id, or unique id prefix of at least 6 characters
    #[arg(value_name = "NAME|ID")]
    pub target: String,
}

/// `tokenctl token inspect`
#[derive(Debug, Args)]
pub struct TokenInspectArgs {
    /// The token, or - (or nothing) to read it from stdin
    #[arg(value_name = "TOKEN|-")]
    pub token: Option<String>,

    /// Decode only: do not open the store
    #[arg(long)]
    pub no_store: bool,

    #[command(flatten)]
    pub keys: KeySourceArgs,
}

/// `tokenctl token verify`
#[derive(Debug, Args)]
pub struct TokenVerifyArgs {
    /// The token, or - (or nothing) to read it from stdin
    #[arg(value_name = "TOKEN|-")]
    pub token: Option<String>,

    /// Verify one token per line of FILE (- for stdin); print one JSON object per line
    #[arg(long, value_name = "FILE|-", conflicts_with = "token")]
    pub batch: Option<PathBuf>,

    /// Require this token type
    #[arg(long = "type", value_name = "TYPE", value_parser = token_types(), ignore_case = true)]
    pub token_type: Option<String>,

    /// Require this origin to be allowed (when the token lists origins)
    #[arg(long, value_name = "URL")]
    pub origin: Option<String>,

    /// Require this audience in `aud`
    #[arg(long, value_name = "AUD")]
    pub audience: Option<String>,

    /// Clock skew allowed on exp and nbf: a duration such as 30s or 2m
    #[arg(long, value_name = "DUR", default_value = "0s")]
    pub leeway: String,

    /// Do not open the store: check the signature with --jwks, --key or --hmac-key only
    #[arg(long)]
    pub no_store: bool,

    #[command(flatten)]
    pub keys: KeySourceArgs,
}

/// What each command does, at length: `--help` and the man pages'
/// DESCRIPTION. A line that starts with two spaces is a term and its
/// meaning, set as a list in the man pages.
pub mod about {
    /// `tokenctl`
    pub const TOP: &str =
        "Keeps signing secrets in an encrypted store (an SQLite file) and mints, lists,
shows, revokes, inspects and verifies tokens signed with them: JWTs, or opaque
API tokens with a checksum. A token is shown exactly once and recorded by its
SHA-256 only; a revocation holds for every process at once.

The store is unlocked by a session key in TOKENCTL_SESSION (see unlock), else
a passphrase from --passphrase-file, TOKENCTL_PASSPHRASE_FILE or
TOKENCTL_PASSPHRASE, else a prompt on the terminal. Prompts and confirmations
are asked on the controlling terminal, so they work with stdin and stdout
redirected; without a terminal a command that would ask fails at once (exit 2
without --yes, exit 3 without a passphrase).";
    /// `tokenctl init`
    pub const INIT: &str =
        "Creates the store (file mode 0600 in a directory of mode 0700, both made
before SQLite opens the file) and a generated secret named default (HS256,
or --algorithm), unless --no-default-secret. The passphrase is asked twice on a terminal, or
read from --passphrase-file or the environment; an empty one is refused.
Nothing that already exists at the store path is ever touched.";
    /// `tokenctl secret`
    pub const SECRET: &str =
        "Signing secrets are sealed in the store; no command ever prints a secret's
value. Each has a random key id (kid) that names it in the tokens it signs.";
    /// `tokenctl secret add`
    pub const SECRET_ADD: &str =
        "Adds a signing secret from exactly one source: --generate (a random key of
the algorithm's full strength), --from-file, --from-env, standard input when
it is not a terminal, else (HMAC only) a hidden prompt asked twice. One
trailing newline is stripped from file and stdin input; --base64 decodes the
input first. An HMAC key shorter than its hash (32, 48 or 64 bytes for
HS256, HS384, HS512; RFC 7518 section 3.2) is refused. The first secret of a
store, or one added with --default, becomes the default for token create.

The algorithms:
  HS256, HS384, HS512  HMAC with a shared key; services cannot verify alone
  EdDSA                Ed25519; recommended
  ES256, ES384         ECDSA on P-256, P-384
  RS256, PS256         RSA (3072 bits generated, 2048 to 4096 imported)
An asymmetric key is generated, or imported as a PEM private key: PKCS#8
(PRIVATE KEY), SEC1 (EC PRIVATE KEY) or PKCS#1 (RSA PRIVATE KEY). An
encrypted PEM, a public key alone, a key of another type than the algorithm
and an RSA key under 2048 bits are refused (exit 2).";
    /// `tokenctl secret list`
    pub const SECRET_LIST: &str =
        "Lists every secret: name, algorithm, key id, whether it is the default, how
many active tokens it signs, who added it and when. Never a value. A rotated
secret has a row per version, newest first; the older ones are marked
(previous). --json adds `versions` for rotated secrets.";
    /// `tokenctl secret remove`
    pub const SECRET_REMOVE: &str =
        "Removes a secret. While it signs active tokens this is refused, unless
--revoke-tokens, which revokes them (reason \"secret removed\") in the same
transaction. Asks for confirmation on a terminal; needs --yes without one.";
    /// `tokenctl secret public`
    pub const SECRET_PUBLIC: &str =
        "Prints the public key of an asymmetric secret's signing version, as a
SubjectPublicKeyInfo PEM (openssl reads it) or, with --format jwk, as a JWK.
It is derived from the sealed private key, so the store is unlocked. An HMAC
secret has no public half: exit 2.";
    /// `tokenctl secret rotate`
    pub const SECRET_ROTATE: &str =
        "Adds a new key version (a new kid, a newly generated key of the same
algorithm) under the same name and makes it the one that signs, in one
transaction; if the secret was the default, it stays the default. Earlier
versions keep verifying the tokens they signed and stay in the JWKS while
any of those tokens is active, then drop out by themselves.";
    /// `tokenctl secret retire`
    pub const SECRET_RETIRE: &str =
        "Ends one earlier version of a secret at once: its remaining active tokens
are revoked with reason \"key retired\" and the version is deleted, in one
transaction, so it leaves the JWKS. The version that signs cannot be
retired; rotate first. Asks for confirmation on a terminal; needs --yes
without one.";
    /// `tokenctl store`
    pub const STORE: &str = "Looks after the store itself: info describes it without unlocking it,
check authenticates every record and runs SQLite's integrity check, passwd
changes the passphrase, rekey replaces the data key after a leak, and copy
moves it between a file and a PostgreSQL database. A store is one SQLite
file (mode 0600, in a directory of mode 0700) with its -wal and -shm beside
it, whose three files are backed up together or not at all; or, for a team,
tables in a PostgreSQL database (--store postgres://USER@HOST/DB).";
    /// `tokenctl store info`
    pub const STORE_INFO: &str =
        "Shows the store's path, format version, store id, KDF parameters and the
number of secrets and tokens, without unlocking it.";
    /// `tokenctl store check`
    pub const STORE_CHECK: &str =
        "Unlocks the store, authenticates every record, checks that every plain
column agrees with its sealed record and runs SQLite's integrity check
(which also finds a damaged index). It walks the audit log's chain (as
audit verify does) and compares every row the log records with the store:
a token, secret, member, access key or client row put back to an older
copy of itself is reported. Exit 0 when all is sound, else exit 4 listing
each problem.

Each machine records how far it has seen each store's audit log; a store
put back to an older copy is refused by every command (exit 4, store
rolled back). After a deliberate restore from a backup, --accept-rollback
records the store's log as this machine's position again.";
    /// `tokenctl audit`
    pub const AUDIT: &str =
        "Lists the audit log, newest first: when, who (the member or access key that
unlocked the store, with the TOKENCTL_ACTOR label), what, on what, and how
it ended. Every change to the store (init, secrets, tokens minted, not
delivered and revoked, members, access keys, clients, policy, passphrase
changes, sessions) appends one event in the same transaction as the change.
Each event is sealed and commits to the hash of the one before; the chain's
length and last hash are sealed in the store's config. No secret, token or
passphrase is ever in an event. `lock`, which needs no passphrase, is
logged as unauthenticated by the next change.";
    /// `tokenctl audit verify`
    pub const AUDIT_VERIFY: &str =
        "Walks the whole audit log: every event must authenticate, sit at its own
position and follow the one before, and the last must be the one the store
recorded. Exit 0 when the chain is whole, else exit 4 naming the first bad
event: edited, deleted, reordered, or missing at the end.";
    /// `tokenctl store passwd`
    pub const STORE_PASSWD: &str =
        "Changes the passphrase by re-wrapping the data key under the new one with a
new salt, in one transaction: after a crash exactly one of the old and new
passphrases works. Every unlock session ends. The data key itself stays the
same; after a leak, run store rekey too.";
    /// `tokenctl store copy`
    pub const STORE_COPY: &str = "Copies every record of the store, as it is sealed, into an empty
destination: a new store file, or a PostgreSQL database that holds no
store. Every record is authenticated first, the destination is written in
one transaction (a failure leaves it empty), and the copy opens with the
same passphrase. Unlock sessions are not copied. A progress bar shows on a
terminal.";
    /// `tokenctl store rekey`
    pub const STORE_REKEY: &str =
        "Replaces the data key itself: a new random key is wrapped under the
passphrase, every secret and token record is re-sealed under it and every
session ends, in one transaction, with a progress bar on a terminal.
Afterwards the old data key opens nothing in the store.

Run it when a passphrase, a session key or a copy of the store may have
leaked. If the passphrase itself leaked, change it too (store passwd).";
    /// `tokenctl token`
    pub const TOKEN: &str =
        "Tokens are JWTs (signed with a secret of the store) or opaque API tokens
(tkp_ for production, tkd_ for development, with a checksum). Every token
has a sealed record; the token itself is shown once and only its SHA-256 is
kept.";
    /// `tokenctl token create`
    pub const TOKEN_CREATE: &str =
        "Mints a token, records it, then prints it on stdout followed by one newline
(or the --json object, or puts it on the clipboard with --copy). The record
is committed before the token leaves the process, and the token leaves it
exactly once.

If the token cannot be written (stdout closed or full, no clipboard), it is
recorded as undelivered, never valid, and the exit is 6. On a terminal you
are asked to confirm that you stored it; anything but y or yes, Ctrl-C, a
hang-up or termination records it as undelivered too. No store lock is
held while you are asked.

Registered claims (iss, sub, aud, exp, nbf, iat, jti) and token_type,
origins, role, active, name and reason cannot be set with --claim; claims
nest at most 32 levels, and a token over 64 KiB is refused.

With --batch, each line of FILE (- for stdin) is a JSON object with any of
these fields, the flags giving defaults:
  name        required; unique among active tokens
  type        development or production
  expiry      as --expiry
  not_before  as --not-before
  format      jwt or opaque
  secret      signing secret
  subject     the sub claim
  audience    a string or a list of strings
  role        the role claim
  origins     a list of allowed origins
  claims      an object of custom claims
Every line is checked before anything is minted; the batch is recorded in
one transaction and printed as JSON Lines, one --json object per line, in
order. If the output fails, every token of the batch is undelivered.";
    /// `tokenctl token list`
    pub const TOKEN_LIST: &str =
        "Lists tokens, newest first: a short unique id, name, type, status, time
left (rounded to the nearest unit, \"Never\" or \"expired\"), who created
it and when. By default active and expired tokens; --status all shows
every one.";
    /// `tokenctl token show`
    pub const TOKEN_SHOW: &str =
        "Shows one token's whole record: id, name, type, format, status, signing
secret and key id, subject, audience, role, origins, custom claims, who
created it and when, expiry, revocation and when it was last used. The token
is named by its name (the active one, else the newest), its id, or a unique
prefix of its id of at least 6 characters. An argument that looks like a
token is refused unechoed; use token inspect - for a token itself.";
    /// `tokenctl token revoke`
    pub const TOKEN_REVOKE: &str =
        "Revokes tokens at once: one or more names or ids, the token itself with
--token (- reads it from stdin), or every active token a filter selects with
--all. All are revoked in one transaction or none are: an unknown or
ambiguous name is exit 5 and nothing is revoked. A name that also starts
another token's id is ambiguous. Asks for confirmation on a terminal,
naming the tokens; needs --yes without one. Revoking a revoked token says
when it was revoked and exits 0. After exit 0 the tokens fail verify in
every process.";
    /// `tokenctl token inspect`
    pub const TOKEN_INSPECT: &str =
        "Decodes a JWT (any JWT, also one this store did not mint) and shows its
header, its claims with iat, nbf and exp as UTC times, and whether its
signature was verified. When the store exists it is unlocked and the
token's record is shown too; --no-store only decodes, and --jwks FILE,
--key FILE or --hmac-key FILE check the signature with those keys instead.
An opaque token's checksum is checked offline. Everything a token carries
is shown with control characters escaped, so no token can forge a line of
this output.";
    /// `tokenctl token verify`
    pub const TOKEN_VERIFY: &str =
        "Exit 0 when the token is active: minted by this store, signed with the
algorithm of its secret, not expired, not before its nbf, not revoked,
delivered, and matching every constraint given (--type, --origin,
--audience). Otherwise exit 1, with the reason on stderr, or in --json as
{\"active\":false,\"reason\":R} with R one of:
  malformed           not a token at all
  unknown             this store never minted it
  bad_signature       the signature or algorithm does not match its secret
  expired             past its expiry
  not_yet_valid       before its nbf
  revoked             revoked
  undelivered         it never reached its user
  wrong_type          not of the --type asked for
  origin_not_allowed  --origin is not among its origins
  audience_mismatch   --audience is not in its aud
  policy              its lifetime or audience breaks the store's policy
An active token's --json is its claims plus active, name and token_type
(RFC 7662's shape). With --batch, one token per line in, one --json object
per line out, in order; exit 0 only when all are active.

Without a store (--jwks FILE, a JWKS whose key is picked by the token's kid;
--key FILE, one public key as PEM, DER or a JWK; or --hmac-key FILE, the
bytes of an HMAC key), only the signature, the times and the constraints
are checked: the algorithm is pinned by the key, never taken from the
token, and nothing is known of revocation or delivery. A public key is
never taken for an HMAC key, and --hmac-key refuses a file that reads as
one. --json then says \"store\": false.";
    /// `tokenctl unlock`
    pub const UNLOCK: &str =
        "Takes the passphrase once and prints a session key: on a terminal, or with
--export, as an export TOKENCTL_SESSION=... line for eval; otherwise the
bare key. Any command run with TOKENCTL_SESSION set opens the store without
the passphrase or the KDF until the session expires (--ttl, at most 24h) or
tokenctl lock ends it. While it lives, the key is a bearer secret: anyone
holding it and the store file can use the store.";
    /// `tokenctl lock`
    pub const LOCK: &str =
        "Ends every unlock session of the store at once and wipes their sealed keys
from the store file and its -wal. Needs no passphrase.";
    /// `tokenctl jwks`
    pub const JWKS: &str = "Prints a JWKS (RFC 7517): one JWK per asymmetric key version that still
verifies (each secret's signing version, and older versions while any token
they signed is active) with kty, crv or n and e, x and y, kid, alg and use.
Never a private member, never an HMAC key. Every key is derived from its
authenticated private key, so the store is unlocked. --out writes the file
atomically (a temporary file renamed over it) with mode 0644, so a web server
can publish it.";
    /// `tokenctl serve`
    pub const SERVE: &str =
        "Runs an HTTP service for the services that receive this store's tokens. The
store is unlocked once at start (a session, a passphrase file or the
environment; a prompt only on a terminal) and its key is kept in memory
until the service stops. Endpoints:
  POST /introspect  RFC 7662, HTTP Basic with a client from tokenctl client add
  GET /.well-known/jwks.json  the JWKS of tokenctl jwks, with ETag and Cache-Control
  GET /.well-known/oauth-authorization-server  RFC 8414 metadata
  GET /healthz  200 while the store answers, 503 when it does not
  GET /metrics  OpenMetrics text format (Prometheus scrapes it)

An introspection answers exactly as token verify --json does for an active
token, and {\"active\":false} alone for any other (why goes to the log and
the metrics). A missing token is 400, missing or wrong client credentials
401. No answer reflects a state older than the last change committed before
the request: a revocation is seen by the next request of every running
serve. Each token's last introspection is recorded (at most once a minute)
for token show and token list --json.

Limits: a body over 64 KiB is 413; headers must arrive within 10 s and a
request be answered within 10 s; at most --max-connections at once; repeated
failed logins from one address are answered more and more slowly. One JSON
line per request on stderr (time, method, path, status, duration, remote,
client, result, token id; never a token or a credential); -q turns it off.
SIGTERM or SIGINT: stop accepting, finish what is in flight, exit 0.";
    /// `tokenctl client`
    pub const CLIENT: &str =
        "The clients that may call serve's introspection endpoint, each with a secret
of its own, sent as HTTP Basic (the client's name and its secret).";
    /// `tokenctl client add`
    pub const CLIENT_ADD: &str =
        "Adds a client and prints its secret (tkc_ and 43 random characters) on
stdout, once: only its SHA-256 is kept, sealed in the store. With --json,
{\"name\", \"secret\", \"created_at\"}.";
    /// `tokenctl client list`
    pub const CLIENT_LIST: &str = "Lists the clients: name, who added it and when. Never a secret.";
    /// `tokenctl client remove`
    pub const CLIENT_REMOVE: &str =
        "Removes a client: every running serve refuses it from its next request on.
Asks for confirmation on a terminal; needs --yes without one.";
    /// `tokenctl member`
    pub const MEMBER: &str =
        "Each member unlocks the store with a passphrase of their own: a slot holding
the store's keys sealed under that passphrase (Argon2id). --member NAME (or
TOKENCTL_MEMBER) picks the slot when there are several; without it, the slot
named after the OS user is tried. Records name the member who made them.";
    /// `tokenctl member add`
    pub const MEMBER_ADD: &str =
        "Adds a member whose passphrase is asked twice on a terminal, or read from
--new-passphrase-file or TOKENCTL_NEW_PASSPHRASE. Only a member may add one.";
    /// `tokenctl member list`
    pub const MEMBER_LIST: &str =
        "Lists the members: their names, who added each of them and when. Never a passphrase.";
    /// `tokenctl member remove`
    pub const MEMBER_REMOVE: &str =
        "Removes a member: their slot and sessions are deleted at once, so their
passphrase unlocks nothing. The last member cannot be removed. Asks for
confirmation on a terminal; needs --yes without one.";
    /// `tokenctl key`
    pub const KEY: &str =
        "Access keys for scripts and CI. With TOKENCTL_KEY set, tokenctl unlocks with
the key and can only mint tokens of its types, with its secrets, within its
--max-ttl, and list, show, verify and revoke the tokens it minted. Anything
else is exit 7. The key's slot holds only the keys of the secrets in its
scope: no other secret can be decrypted with it.";
    /// `tokenctl key create`
    pub const KEY_CREATE: &str =
        "Creates an access key and prints it (tka_ and 64 characters) on stdout, once;
the store keeps only a slot sealed under it. With --json, {\"name\", \"key\",
\"scope\", \"expires_at\"}.";
    /// `tokenctl key list`
    pub const KEY_LIST: &str =
        "Lists the access keys: name, scope, expiry, last use, who created them, and
whether they were revoked. Never a key.";
    /// `tokenctl key revoke`
    pub const KEY_REVOKE: &str =
        "Revokes an access key at once: its slot is deleted, so it unlocks nothing
from the next command on. The name stays taken.";
    /// `tokenctl policy`
    pub const POLICY: &str =
        "Rules every token of a type must keep to: the longest lifetime, and whether it
must name an audience. token create refuses a token that breaks one (exit 7);
token verify and serve treat such a token, even one minted before the rule,
as inactive with reason policy. Only members change the policy.";
    /// `tokenctl policy set`
    pub const POLICY_SET: &str =
        "Sets the rule for one token type, replacing the one it had: the longest
lifetime a token may have (--max-ttl) and, with --require audience, that it
names an audience. Tokens minted before it that break it verify as inactive.";
    /// `tokenctl policy show`
    pub const POLICY_SHOW: &str =
        "Shows the rule of each token type: its longest lifetime and what it requires.
With --json, an array of {\"token_type\", \"max_ttl\", \"require_audience\"}.";
    /// `tokenctl policy unset`
    pub const POLICY_UNSET: &str =
        "Removes the rule for one token type: its tokens are no longer limited, and
those it made inactive verify as active again.";
}

/// What each command's exit codes mean: the man pages' EXIT STATUS.
pub mod exits {
    const USAGE: (u8, &str) = (2, "usage: a bad flag or value");
    const UNLOCK: (u8, &str) = (
        3,
        "could not unlock: wrong passphrase or session, or none available without a terminal",
    );
    const STORE: (u8, &str) = (
        4,
        "store problem: missing, corrupt, tampered, newer format, busy past the timeout, or an I/O error",
    );
    const CANCELLED: (u8, &str) = (130, "declined or cancelled at a prompt (Ctrl-C)");
    const NOT_MEMBER: (u8, &str) = (
        7,
        "not allowed: an access key unlocked the store; only members may",
    );

    /// The exit codes of the command whose man page is `page` (`tokenctl-token-verify`).
    pub fn of(page: &str) -> Vec<(u8, &'static str)> {
        let mut codes = own(page);
        // What an access key may not do, or the policy forbids, is exit 7.
        let seven = match page {
            "tokenctl-token-create" => Some((
                7,
                "not allowed: the access key's scope or the store's policy forbids the token; nothing was minted",
            )),
            "tokenctl-token-list" | "tokenctl-token-show" | "tokenctl-token-revoke"
            | "tokenctl-token-verify" => Some((
                7,
                "not allowed: an access key unlocked the store and did not mint that token",
            )),
            "tokenctl-secret-add" | "tokenctl-secret-list" | "tokenctl-secret-public"
            | "tokenctl-secret-remove" | "tokenctl-secret-retire" | "tokenctl-secret-rotate"
            | "tokenctl-client-add" | "tokenctl-client-list" | "tokenctl-client-remove"
            | "tokenctl-jwks" | "tokenctl-serve" | "tokenctl-store-check"
            | "tokenctl-store-copy" | "tokenctl-token-inspect" => Some(NOT_MEMBER),
            _ => None,
        };
        if let Some(seven) = seven {
            let at = codes.iter().position(|c| c.0 > 7).unwrap_or(codes.len());
            codes.insert(at, seven);
        }
        codes
    }

    fn own(page: &str) -> Vec<(u8, &'static str)> {
        let ok = |what: &'static str| (0, what);
        match page {
            "tokenctl-init" => vec![
                ok("the store was created"),
                (2, "usage: a bad flag, KDF parameters under the floor, an empty passphrase"),
                (3, "no passphrase available and no terminal to ask on"),
                (4, "the store cannot be created (an I/O error, or a directory others can write)"),
                (5, "something already exists at the store path; it was not touched"),
            ],
            "tokenctl-secret-add" => vec![
                ok("the secret was added"),
                (2, "usage: a bad name or algorithm, a weak key, no or several value sources"),
                UNLOCK,
                STORE,
                (5, "a secret of that name exists"),
            ],
            "tokenctl-secret-list" => vec![ok("the secrets were listed"), USAGE, UNLOCK, STORE],
            "tokenctl-secret-public" => vec![
                ok("the public key was printed"),
                (2, "usage, or an HMAC secret (it has no public half)"),
                UNLOCK,
                STORE,
                (5, "no such secret"),
            ],
            "tokenctl-secret-rotate" => vec![
                ok("a new version signs from now on"),
                USAGE,
                UNLOCK,
                STORE,
                (5, "no such secret"),
            ],
            "tokenctl-secret-retire" => vec![
                ok("the version was retired and its tokens revoked"),
                (2, "usage, or no --yes without a terminal"),
                UNLOCK,
                STORE,
                (5, "no such secret or version, or it is the version that signs"),
                CANCELLED,
            ],
            "tokenctl-serve" => vec![
                ok("stopped by SIGTERM or SIGINT after finishing what was in flight"),
                (2, "usage: a bad flag, or an unusable --tls-cert or --tls-key"),
                UNLOCK,
                (4, "store problem, or the address cannot be bound"),
            ],
            "tokenctl-client-add" => vec![
                ok("the client was added and its secret printed"),
                USAGE,
                UNLOCK,
                STORE,
                (5, "a client of that name exists"),
                (6, "the secret could not be written; the client was removed"),
            ],
            "tokenctl-client-list" => vec![ok("the clients were listed"), USAGE, UNLOCK, STORE],
            "tokenctl-member-add" => vec![
                ok("the member was added"),
                (2, "usage: a bad name, an empty passphrase, or none without a terminal"),
                UNLOCK,
                STORE,
                (5, "a member of that name exists"),
                NOT_MEMBER,
            ],
            "tokenctl-member-list" => vec![ok("the members were listed"), USAGE, UNLOCK, STORE, NOT_MEMBER],
            "tokenctl-member-remove" => vec![
                ok("the member was removed"),
                (2, "usage, or no --yes without a terminal"),
                UNLOCK,
                STORE,
                (5, "no such member, or the last one"),
                NOT_MEMBER,
                CANCELLED,
            ],
            "tokenctl-key-create" => vec![
                ok("the key was created and printed"),
                (2, "usage: a bad name, scope, duration or expiry"),
                UNLOCK,
                STORE,
                (5, "a key of that name exists, or no such secret"),
                (6, "the key could not be written; it was revoked"),
                NOT_MEMBER,
            ],
            "tokenctl-key-list" => vec![ok("the keys were listed"), USAGE, UNLOCK, STORE, NOT_MEMBER],
            "tokenctl-key-revoke" => vec![
                ok("the key was revoked"),
                (2, "usage, or no --yes without a terminal"),
                UNLOCK,
                STORE,
                (5, "no such key"),
                NOT_MEMBER,
                CANCELLED,
            ],
            "tokenctl-policy-set" | "tokenctl-policy-unset" => vec![
                ok("the policy was changed"),
                (2, "usage: a bad type, duration or requirement"),
                UNLOCK,
                STORE,
                NOT_MEMBER,
            ],
            "tokenctl-policy-show" => vec![ok("the policy was shown"), USAGE, UNLOCK, STORE],
            "tokenctl-client-remove" => vec![
                ok("the client was removed"),
                (2, "usage, or no --yes without a terminal"),
                UNLOCK,
                STORE,
                (5, "no such client"),
                CANCELLED,
            ],
            "tokenctl-jwks" => vec![
                ok("the JWKS was printed or written"),
                USAGE,
                UNLOCK,
                (4, "store problem, or --out cannot be written"),
            ],
            "tokenctl-secret-remove" => vec![
                ok("the secret was removed"),
                (2, "usage, or no --yes without a terminal"),
                UNLOCK,
                STORE,
                (5, "no such secret, or it signs active tokens and --revoke-tokens was not given"),
                CANCELLED,
            ],
            "tokenctl-store-info" => vec![ok("the store was described"), USAGE, STORE],
            "tokenctl-store-check" => vec![
                ok("every record authenticated, the audit log is whole and SQLite's integrity check passed"),
                USAGE,
                UNLOCK,
                (4, "the store has problems (a row put back, a store rolled back), each listed on stderr"),
            ],
            "tokenctl-audit" => vec![
                ok("the events were listed"),
                (2, "usage: a bad --since"),
                UNLOCK,
                (4, "store problem, or the audit log does not verify (the first bad event is named)"),
                NOT_MEMBER,
            ],
            "tokenctl-audit-verify" => vec![
                ok("the chain is whole"),
                USAGE,
                UNLOCK,
                (4, "store problem, or the first bad event: edited, deleted, reordered, or missing at the end"),
                NOT_MEMBER,
            ],
            "tokenctl-store-passwd" => vec![
                ok("the passphrase was changed"),
                (2, "usage: an empty new passphrase"),
                UNLOCK,
                STORE,
                CANCELLED,
            ],
            "tokenctl-store-rekey" => vec![
                ok("every record was re-sealed under a new data key"),
                USAGE,
                UNLOCK,
                STORE,
            ],
            "tokenctl-store-copy" => vec![
                ok("every record was copied and the copy committed"),
                (2, "usage: a bad flag, or a destination URL that is invalid or holds a password"),
                UNLOCK,
                (4, "store problem: a record that does not authenticate (nothing was copied), an unreachable server, or an I/O error"),
                (5, "the destination is not empty: an existing file, or a database that holds a store"),
            ],
            "tokenctl-token-create" => vec![
                ok("the token was recorded and delivered"),
                (2, "usage: a bad flag, expiry, claim or batch line, or a token over 64 KiB; nothing was minted"),
                UNLOCK,
                STORE,
                (5, "the name is held by an active token (without --replace), or no such secret"),
                (6, "delivery failed: the token was recorded as undelivered (with --copy and no clipboard, none was minted)"),
                (130, "not confirmed at the terminal, or interrupted: the token was recorded as undelivered"),
                (129, "hung up on (SIGHUP): the token was recorded as undelivered"),
                (143, "terminated (SIGTERM): the token was recorded as undelivered"),
            ],
            "tokenctl-token-list" => vec![
                ok("the tokens were listed"),
                USAGE,
                UNLOCK,
                STORE,
                (5, "no such secret (--secret)"),
            ],
            "tokenctl-token-show" => vec![
                ok("the record was shown"),
                (2, "usage, or the argument looks like a token"),
                UNLOCK,
                STORE,
                (5, "no such token, or the name or id prefix is ambiguous"),
            ],
            "tokenctl-token-revoke" => vec![
                ok("the tokens are revoked (now, or they were before)"),
                (2, "usage, --all without a filter, an argument that looks like a token, or no --yes without a terminal"),
                UNLOCK,
                STORE,
                (5, "no such token, or a name or id prefix is ambiguous; nothing was revoked"),
                CANCELLED,
            ],
            "tokenctl-token-inspect" => vec![
                ok("the token was decoded"),
                (1, "the input is not a token"),
                (2, "usage: a bad flag, an argument that is not UTF-8, or an unreadable --jwks, --key or --hmac-key"),
                UNLOCK,
                STORE,
            ],
            "tokenctl-token-verify" => vec![
                ok("the token is active (with --batch: every token is)"),
                (1, "the token is not active; the reason is on stderr or in --json"),
                (2, "usage: a bad flag, or an unreadable --jwks, --key or --hmac-key"),
                UNLOCK,
                STORE,
            ],
            "tokenctl-unlock" => vec![
                ok("the session key was printed"),
                (2, "usage: a bad --ttl"),
                UNLOCK,
                STORE,
                (6, "the session key could not be written; the session was ended"),
                (130, "interrupted: the session was ended"),
            ],
            "tokenctl-lock" => vec![ok("every session has ended"), USAGE, STORE],
            _ => crate::error::EXIT_CODES.to_vec(),
        }
    }
}

/// Examples shown after `--help` and in the man pages' EXAMPLES sections.
pub mod ex {
    /// `tokenctl`
    pub const TOP: &str = "Examples:
  tokenctl init
  TOKEN=$(tokenctl token create --name ci-deploy --expiry 2h)
  tokenctl token verify \"$TOKEN\" && echo active";
    /// `tokenctl unlock`
    pub const UNLOCK: &str = "Examples:
  eval \"$(tokenctl unlock --export --ttl 1h)\"
  tokenctl token create --name ci-deploy --expiry 2h
  tokenctl lock";
    /// `tokenctl lock`
    pub const LOCK: &str = "Examples:
  tokenctl lock
  unset TOKENCTL_SESSION";
    /// `tokenctl init`
    pub const INIT: &str = "Examples:
  tokenctl init
  tokenctl init --issuer https://auth.example.com --kdf-memory 256
  TOKENCTL_PASSPHRASE_FILE=/run/secrets/tokenctl tokenctl init --no-default-secret";
    /// `tokenctl secret`
    pub const SECRET: &str = "Examples:
  tokenctl secret add ci --generate --algorithm HS512
  tokenctl secret list";
    /// `tokenctl secret add`
    pub const SECRET_ADD: &str = "Examples:
  tokenctl secret add signing --generate --algorithm EdDSA --default
  tokenctl secret add ci --generate --algorithm HS512
  openssl rand 32 | tokenctl secret add legacy --default
  tokenctl secret add imported --from-file key.b64 --base64
  openssl genpkey -algorithm ed25519 | tokenctl secret add partner -a EdDSA";
    /// `tokenctl secret public`
    pub const SECRET_PUBLIC: &str = "Examples:
  tokenctl secret public signing > signing.pub.pem
  tokenctl secret public signing --format jwk";
    /// `tokenctl secret rotate`
    pub const SECRET_ROTATE: &str = "Examples:
  tokenctl secret rotate signing
  tokenctl secret list";
    /// `tokenctl secret retire`
    pub const SECRET_RETIRE: &str = "Examples:
  tokenctl secret retire signing --kid 2b76f4577d9b912b --yes";
    /// `tokenctl jwks`
    pub const JWKS: &str = "Examples:
  tokenctl jwks
  tokenctl jwks --out /var/www/.well-known/jwks.json";
    /// `tokenctl serve`
    pub const SERVE: &str = "Examples:
  tokenctl serve
  tokenctl serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem
  curl -u api:$SECRET -d token=$TOKEN http://127.0.0.1:8787/introspect";
    /// `tokenctl client`
    pub const CLIENT: &str = "Examples:
  tokenctl client add api
  tokenctl client list";
    /// `tokenctl client add`
    pub const CLIENT_ADD: &str = "Examples:
  SECRET=$(tokenctl client add api)";
    /// `tokenctl client list`
    pub const CLIENT_LIST: &str = "Examples:
  tokenctl client list --json";
    /// `tokenctl member`
    pub const MEMBER: &str = "Examples:
  tokenctl member add bob
  tokenctl --member bob token list";
    /// `tokenctl member add`
    pub const MEMBER_ADD: &str = "Examples:
  tokenctl member add bob
  tokenctl member add ci-admin --new-passphrase-file pass.txt";
    /// `tokenctl member list`
    pub const MEMBER_LIST: &str = "Examples:
  tokenctl member list --json";
    /// `tokenctl member remove`
    pub const MEMBER_REMOVE: &str = "Examples:
  tokenctl member remove bob --yes";
    /// `tokenctl key`
    pub const KEY: &str = "Examples:
  tokenctl key create ci --allow mint --type development --max-ttl 2h
  TOKENCTL_KEY=tka_... tokenctl token create --name job-42 --expiry 1h";
    /// `tokenctl key create`
    pub const KEY_CREATE: &str = "Examples:
  tokenctl key create ci --allow mint --type development --secret dev --max-ttl 2h
  tokenctl key create nightly --allow mint --expiry 30d --json";
    /// `tokenctl key list`
    pub const KEY_LIST: &str = "Examples:
  tokenctl key list --json";
    /// `tokenctl key revoke`
    pub const KEY_REVOKE: &str = "Examples:
  tokenctl key revoke ci --yes";
    /// `tokenctl policy`
    pub const POLICY: &str = "Examples:
  tokenctl policy set --type development --max-ttl 2h
  tokenctl policy show";
    /// `tokenctl policy set`
    pub const POLICY_SET: &str = "Examples:
  tokenctl policy set --type production --max-ttl 30d --require audience";
    /// `tokenctl policy show`
    pub const POLICY_SHOW: &str = "Examples:
  tokenctl policy show --json";
    /// `tokenctl policy unset`
    pub const POLICY_UNSET: &str = "Examples:
  tokenctl policy unset --type production";
    /// `tokenctl client remove`
    pub const CLIENT_REMOVE: &str = "Examples:
  tokenctl client remove api --yes";
    /// `tokenctl secret list`
    pub const SECRET_LIST: &str = "Examples:
  tokenctl secret list
  tokenctl secret list --json | jq -r '.[].name'";
    /// `tokenctl secret remove`
    pub const SECRET_REMOVE: &str = "Examples:
  tokenctl secret remove old-key
  tokenctl secret remove old-key --revoke-tokens --yes";
    /// `tokenctl store`
    pub const STORE: &str = "Examples:
  tokenctl store info
  tokenctl store check";
    /// `tokenctl store info`
    pub const STORE_INFO: &str = "Examples:
  tokenctl store info
  tokenctl --store ./team.db store info --json";
    /// `tokenctl store check`
    pub const STORE_CHECK: &str = "Examples:
  tokenctl store check
  tokenctl store check --json
  tokenctl store check --accept-rollback";
    /// `tokenctl audit`
    pub const AUDIT: &str = "Examples:
  tokenctl audit
  tokenctl audit --since 1d --action token.revoke
  tokenctl audit --actor key:ci --json";
    /// `tokenctl audit verify`
    pub const AUDIT_VERIFY: &str = "Examples:
  tokenctl audit verify";
    /// `tokenctl store passwd`
    pub const STORE_PASSWD: &str = "Examples:
  tokenctl store passwd
  tokenctl store passwd --passphrase-file old.txt --new-passphrase-file new.txt";
    /// `tokenctl store copy`
    pub const STORE_COPY: &str = "Examples:
  tokenctl store copy --to postgres://tokenctl@db.example.com/tokens?sslmode=verify-full
  tokenctl --store postgres://tokenctl@db.example.com/tokens store copy --to ./backup.db";
    /// `tokenctl store rekey`
    pub const STORE_REKEY: &str = "Examples:
  tokenctl store rekey
  tokenctl store passwd && tokenctl store rekey";
    /// `tokenctl token`
    pub const TOKEN: &str = "Examples:
  tokenctl token create --name ci-deploy --expiry 2h
  tokenctl token list
  tokenctl token revoke ci-deploy";
    /// `tokenctl token create`
    pub const TOKEN_CREATE: &str = "Examples:
  tokenctl token create --name ci-deploy --expiry 2h
  tokenctl token create --name web --type prod --expiry 30d --origin https://app.example.com --claim plan=pro
  tokenctl token create --name svc --format opaque --expiry never --json
  printf '%s\\n' '{\"name\":\"u1\",\"subject\":\"user-1\"}' | tokenctl token create --batch - --expiry 15m";
    /// `tokenctl token list`
    pub const TOKEN_LIST: &str = "Examples:
  tokenctl token list
  tokenctl token list --status all --type production
  tokenctl token list --json | jq -r '.[] | select(.status == \"active\") | .name'";
    /// `tokenctl token show`
    pub const TOKEN_SHOW: &str = "Examples:
  tokenctl token show ci-deploy
  tokenctl token show 3edec0f9 --json | jq .claims";
    /// `tokenctl token revoke`
    pub const TOKEN_REVOKE: &str = "Examples:
  tokenctl token revoke ci-deploy
  tokenctl token revoke 3edec0f9 --reason 'leaked in a build log' --yes
  tokenctl token revoke preview-1 preview-2 preview-3
  tokenctl token revoke --all --secret old-key --reason rotated
  printf '%s' \"$TOKEN\" | tokenctl token revoke --token - --yes";
    /// `tokenctl token inspect`
    pub const TOKEN_INSPECT: &str = "Examples:
  tokenctl token inspect \"$TOKEN\"
  printf '%s' \"$TOKEN\" | tokenctl token inspect --no-store --json";
    /// `tokenctl token verify`
    pub const TOKEN_VERIFY: &str = "Examples:
  tokenctl token verify \"$TOKEN\" --type production --audience api
  tokenctl token verify --jwks jwks.json \"$TOKEN\"
  printf '%s' \"$TOKEN\" | tokenctl token verify --json
  tokenctl token verify --batch tokens.txt --type production > results.jsonl";
}
