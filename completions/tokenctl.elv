
use builtin;
use str;

set edit:completion:arg-completer[tokenctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tokenctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tokenctl'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a new store with a generated secret named `default`'
            cand secret 'Add, list, rotate, publish and remove signing secrets'
            cand store 'Show, check and re-key the store'
            cand token 'Create, list, revoke, inspect and verify tokens'
            cand unlock 'Take the passphrase once and print a session key for TOKENCTL_SESSION'
            cand lock 'End every unlock session of the store at once (no passphrase needed)'
            cand jwks 'Print the JWKS of every public key that verifies this store''s tokens'
            cand serve 'Answer RFC 7662 introspection and publish the JWKS over HTTP'
            cand client 'Add, list and remove the clients that may call `serve`'
            cand member 'Add, list and remove the members who unlock with passphrases of their own'
            cand key 'Create, list and revoke scoped access keys for scripts and CI'
            cand policy 'Set, show and unset what every token of a type must keep to'
            cand audit 'List the audit log of every change, newest first, or verify its chain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;init'= {
            cand --issuer 'Set the `iss` claim of every token this store mints'
            cand -a 'Algorithm of the `default` secret'
            cand --algorithm 'Algorithm of the `default` secret'
            cand --kdf-memory 'Argon2id memory in MiB (19 to 4096)'
            cand --kdf-iterations 'Argon2id passes (2 to 20)'
            cand --kdf-parallelism 'Argon2id lanes (1 to 64)'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --no-default-secret 'Do not create the `default` secret'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;secret'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a signing secret from one source: --generate, a file, a variable, stdin or a prompt'
            cand list 'List secrets: name, algorithm, key id, default, active tokens (never a value)'
            cand remove 'Remove a secret; refused while it signs active tokens unless --revoke-tokens'
            cand public 'Print the public key of an asymmetric secret''s signing version (PEM or JWK)'
            cand rotate 'Add a new key version that signs from now on; older versions keep verifying'
            cand retire 'End an older key version at once, revoking the tokens it signed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;secret;add'= {
            cand -a 'Signing algorithm'
            cand --algorithm 'Signing algorithm'
            cand --from-file 'Read the value from PATH'
            cand --from-env 'Read the value from the environment variable VAR'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --generate 'Generate a random key of the algorithm''s full strength (RSA: 3072 bits)'
            cand --base64 'The input is base64 (standard or URL-safe); decode it first (HMAC keys only)'
            cand --default 'Make it the store''s default secret'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;secret;list'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;secret;remove'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --revoke-tokens 'Revoke its active tokens (reason "secret removed") in the same transaction'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;secret;public'= {
            cand --format 'Output format'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;secret;rotate'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;secret;retire'= {
            cand --kid 'Key id of the older version to retire (see `secret list`)'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;secret;help'= {
            cand add 'Add a signing secret from one source: --generate, a file, a variable, stdin or a prompt'
            cand list 'List secrets: name, algorithm, key id, default, active tokens (never a value)'
            cand remove 'Remove a secret; refused while it signs active tokens unless --revoke-tokens'
            cand public 'Print the public key of an asymmetric secret''s signing version (PEM or JWK)'
            cand rotate 'Add a new key version that signs from now on; older versions keep verifying'
            cand retire 'End an older key version at once, revoking the tokens it signed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;secret;help;add'= {
        }
        &'tokenctl;secret;help;list'= {
        }
        &'tokenctl;secret;help;remove'= {
        }
        &'tokenctl;secret;help;public'= {
        }
        &'tokenctl;secret;help;rotate'= {
        }
        &'tokenctl;secret;help;retire'= {
        }
        &'tokenctl;secret;help;help'= {
        }
        &'tokenctl;store'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand info 'Show the store''s path, format, KDF parameters and counts (no passphrase needed)'
            cand check 'Authenticate every record and run SQLite''s integrity check (exit 4 listing problems)'
            cand passwd 'Change the passphrase by re-wrapping the data key with a new salt, atomically'
            cand rekey 'Replace the data key itself and re-seal every record under it (after a leak)'
            cand copy 'Copy the whole store into an empty file or database (SQLite to PostgreSQL or back)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;store;info'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;store;check'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --accept-rollback 'After a deliberate restore from a backup: accept the store''s audit chain as this machine''s record of it, though this machine saw it further'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;store;passwd'= {
            cand --new-passphrase-file 'Read the new passphrase from PATH (else TOKENCTL_NEW_PASSPHRASE, else a prompt)'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;store;rekey'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;store;copy'= {
            cand --to 'Where to: a new store file, or postgres://USER@HOST[:PORT]/DB without a store'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;store;help'= {
            cand info 'Show the store''s path, format, KDF parameters and counts (no passphrase needed)'
            cand check 'Authenticate every record and run SQLite''s integrity check (exit 4 listing problems)'
            cand passwd 'Change the passphrase by re-wrapping the data key with a new salt, atomically'
            cand rekey 'Replace the data key itself and re-seal every record under it (after a leak)'
            cand copy 'Copy the whole store into an empty file or database (SQLite to PostgreSQL or back)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;store;help;info'= {
        }
        &'tokenctl;store;help;check'= {
        }
        &'tokenctl;store;help;passwd'= {
        }
        &'tokenctl;store;help;rekey'= {
        }
        &'tokenctl;store;help;copy'= {
        }
        &'tokenctl;store;help;help'= {
        }
        &'tokenctl;token'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Mint a token and show it exactly once (only its SHA-256 is stored)'
            cand list 'List tokens, newest first (default: active and expired)'
            cand show 'Show one token''s whole record: claims, times, status and who made it'
            cand revoke 'Revoke tokens at once; they fail `verify` in every process afterwards'
            cand inspect 'Decode a token and show its header, claims, times, signature check and record'
            cand verify 'Check that a token is active (exit 0) or say why not (exit 1)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;token;create'= {
            cand --name 'Name, unique among active tokens'
            cand --batch 'Mint one token per JSON Lines object in FILE (- for stdin); print one JSON object per line'
            cand --type 'Token type'
            cand --expiry 'Expiry: a duration (90m, 30d, 1h30m, 1y), never, an RFC 3339 time, or a date (midnight UTC) [default: 1h, or the access key''s --ttl]'
            cand --not-before 'Not valid before WHEN (sets `nbf`): an RFC 3339 time, a date, or a duration from now'
            cand --secret 'Signing secret [default: the store''s default secret]'
            cand --format 'Token format'
            cand --subject '`sub` claim (an end user''s distinct id)'
            cand --audience '`aud` claim; repeatable'
            cand --role '`role` claim'
            cand --origin 'Allowed origin (claim `origins`); repeatable'
            cand --claim 'Custom claim: KEY=VALUE (string), KEY:=JSON (typed), KEY=@FILE, KEY:=@FILE; repeatable'
            cand --claims-file 'A JSON object of custom claims from PATH, or - for stdin'
            cand --clear-after 'With --copy: clear the clipboard after DUR, or never [default: 45s]'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --replace 'Revoke the active token of that name in the same transaction (one-step rotation)'
            cand --copy 'Copy the token to the clipboard instead of printing it'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;token;list'= {
            cand --type 'Only tokens of this type'
            cand --status 'Only tokens with this status [default: active and expired]'
            cand --secret 'Only tokens signed by this secret'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;token;show'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;token;revoke'= {
            cand --token 'Revoke by the token itself; - reads it from stdin (preferred: keeps it off the command line)'
            cand --secret 'With --all: tokens signed by this secret'
            cand --type 'With --all: tokens of this type'
            cand --created-by 'With --all: tokens created by this actor'
            cand --reason 'Reason to record'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --all 'Revoke every active token the filters select (at least one of --secret, --type, --created-by)'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;token;inspect'= {
            cand --jwks 'Verify with the keys of a JWKS file (the key picked by `kid`), without a store'
            cand --key 'Verify with a public key file (PEM, DER or JWK), without a store'
            cand --hmac-key 'Verify with an HMAC key file (its bytes, one trailing newline dropped), without a store'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --no-store 'Decode only: do not open the store'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;token;verify'= {
            cand --batch 'Verify one token per line of FILE (- for stdin); print one JSON object per line'
            cand --type 'Require this token type'
            cand --origin 'Require this origin to be allowed (when the token lists origins)'
            cand --audience 'Require this audience in `aud`'
            cand --leeway 'Clock skew allowed on exp and nbf: a duration such as 30s or 2m'
            cand --jwks 'Verify with the keys of a JWKS file (the key picked by `kid`), without a store'
            cand --key 'Verify with a public key file (PEM, DER or JWK), without a store'
            cand --hmac-key 'Verify with an HMAC key file (its bytes, one trailing newline dropped), without a store'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --no-store 'Do not open the store: check the signature with --jwks, --key or --hmac-key only'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;token;help'= {
            cand create 'Mint a token and show it exactly once (only its SHA-256 is stored)'
            cand list 'List tokens, newest first (default: active and expired)'
            cand show 'Show one token''s whole record: claims, times, status and who made it'
            cand revoke 'Revoke tokens at once; they fail `verify` in every process afterwards'
            cand inspect 'Decode a token and show its header, claims, times, signature check and record'
            cand verify 'Check that a token is active (exit 0) or say why not (exit 1)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;token;help;create'= {
        }
        &'tokenctl;token;help;list'= {
        }
        &'tokenctl;token;help;show'= {
        }
        &'tokenctl;token;help;revoke'= {
        }
        &'tokenctl;token;help;inspect'= {
        }
        &'tokenctl;token;help;verify'= {
        }
        &'tokenctl;token;help;help'= {
        }
        &'tokenctl;unlock'= {
            cand --ttl 'How long the session lasts: a duration up to 24h, such as 15m, 2h or 1h30m'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --export 'Print `export TOKENCTL_SESSION=...` even when stdout is not a terminal, for `eval "$(tokenctl unlock --export)"`'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;lock'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;jwks'= {
            cand --out 'Write the JWKS to FILE (atomically, mode 0644) instead of stdout'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;serve'= {
            cand --listen 'Address and port to listen on (loopback unless you say otherwise)'
            cand --tls-cert 'PEM certificate chain for HTTPS (with --tls-key)'
            cand --tls-key 'PEM private key for HTTPS (with --tls-cert)'
            cand --max-connections 'At most N connections at once; more wait to be accepted'
            cand --public-url 'The URL services reach this server at, for the metadata document [default: from --listen]'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;client'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a client and print its secret once (tkc_...)'
            cand list 'List the clients (never a secret)'
            cand remove 'Remove a client; it is refused from its next request on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;client;add'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;client;list'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;client;remove'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;client;help'= {
            cand add 'Add a client and print its secret once (tkc_...)'
            cand list 'List the clients (never a secret)'
            cand remove 'Remove a client; it is refused from its next request on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;client;help;add'= {
        }
        &'tokenctl;client;help;list'= {
        }
        &'tokenctl;client;help;remove'= {
        }
        &'tokenctl;client;help;help'= {
        }
        &'tokenctl;member'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a member with a passphrase of their own'
            cand list 'List the members (never a passphrase)'
            cand remove 'Remove a member; their passphrase unlocks nothing from then on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;member;add'= {
            cand --new-passphrase-file 'Read the new member''s passphrase from PATH (else TOKENCTL_NEW_PASSPHRASE, else a prompt)'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;member;list'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;member;remove'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;member;help'= {
            cand add 'Add a member with a passphrase of their own'
            cand list 'List the members (never a passphrase)'
            cand remove 'Remove a member; their passphrase unlocks nothing from then on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;member;help;add'= {
        }
        &'tokenctl;member;help;list'= {
        }
        &'tokenctl;member;help;remove'= {
        }
        &'tokenctl;member;help;help'= {
        }
        &'tokenctl;key'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create an access key and print it once (tka_...)'
            cand list 'List the access keys (never a key)'
            cand revoke 'Revoke an access key at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;key;create'= {
            cand --allow 'What the key may do: mint'
            cand --type 'Token type it may mint, repeatable [default: development]'
            cand --secret 'Secret it may sign with, repeatable [default: the store''s default secret]'
            cand --max-ttl 'The longest lifetime of a token it mints, such as 2h or 7d'
            cand --ttl 'The lifetime of a token it mints without --expiry [default: 1h, or --max-ttl if shorter]'
            cand --expiry 'When the key itself stops working: a duration, a date, or never'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;key;list'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;key;revoke'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;key;help'= {
            cand create 'Create an access key and print it once (tka_...)'
            cand list 'List the access keys (never a key)'
            cand revoke 'Revoke an access key at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;key;help;create'= {
        }
        &'tokenctl;key;help;list'= {
        }
        &'tokenctl;key;help;revoke'= {
        }
        &'tokenctl;key;help;help'= {
        }
        &'tokenctl;policy'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand set 'Set the rule for one token type'
            cand show 'Show the rules'
            cand unset 'Remove the rule for one token type'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;policy;set'= {
            cand --type 'The token type the rule is for: development or production'
            cand --max-ttl 'The longest lifetime a token of that type may have, such as 2h or 30d'
            cand --require 'What every such token must carry: audience'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;policy;show'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;policy;unset'= {
            cand --type 'The token type whose rule goes'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;policy;help'= {
            cand set 'Set the rule for one token type'
            cand show 'Show the rules'
            cand unset 'Remove the rule for one token type'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;policy;help;set'= {
        }
        &'tokenctl;policy;help;show'= {
        }
        &'tokenctl;policy;help;unset'= {
        }
        &'tokenctl;policy;help;help'= {
        }
        &'tokenctl;audit'= {
            cand --since 'Only events at or after WHEN: an RFC 3339 time, a date, or a duration ago (1h, 7d)'
            cand --actor 'Only events by this member, access key (key:NAME) or TOKENCTL_ACTOR label'
            cand --action 'Only events of this action (token.create), or of a group (token)'
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Walk the whole chain: exit 0, or exit 4 naming the first bad event'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;audit;verify'= {
            cand --store 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]'
            cand --passphrase-file 'Read the passphrase from PATH (one trailing newline is stripped)'
            cand --member 'Unlock as member NAME, when the store has several'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-color 'Never use colour (also NO_COLOR)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tokenctl;audit;help'= {
            cand verify 'Walk the whole chain: exit 0, or exit 4 naming the first bad event'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;audit;help;verify'= {
        }
        &'tokenctl;audit;help;help'= {
        }
        &'tokenctl;help'= {
            cand init 'Create a new store with a generated secret named `default`'
            cand secret 'Add, list, rotate, publish and remove signing secrets'
            cand store 'Show, check and re-key the store'
            cand token 'Create, list, revoke, inspect and verify tokens'
            cand unlock 'Take the passphrase once and print a session key for TOKENCTL_SESSION'
            cand lock 'End every unlock session of the store at once (no passphrase needed)'
            cand jwks 'Print the JWKS of every public key that verifies this store''s tokens'
            cand serve 'Answer RFC 7662 introspection and publish the JWKS over HTTP'
            cand client 'Add, list and remove the clients that may call `serve`'
            cand member 'Add, list and remove the members who unlock with passphrases of their own'
            cand key 'Create, list and revoke scoped access keys for scripts and CI'
            cand policy 'Set, show and unset what every token of a type must keep to'
            cand audit 'List the audit log of every change, newest first, or verify its chain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokenctl;help;init'= {
        }
        &'tokenctl;help;secret'= {
            cand add 'Add a signing secret from one source: --generate, a file, a variable, stdin or a prompt'
            cand list 'List secrets: name, algorithm, key id, default, active tokens (never a value)'
            cand remove 'Remove a secret; refused while it signs active tokens unless --revoke-tokens'
            cand public 'Print the public key of an asymmetric secret''s signing version (PEM or JWK)'
            cand rotate 'Add a new key version that signs from now on; older versions keep verifying'
            cand retire 'End an older key version at once, revoking the tokens it signed'
        }
        &'tokenctl;help;secret;add'= {
        }
        &'tokenctl;help;secret;list'= {
        }
        &'tokenctl;help;secret;remove'= {
        }
        &'tokenctl;help;secret;public'= {
        }
        &'tokenctl;help;secret;rotate'= {
        }
        &'tokenctl;help;secret;retire'= {
        }
        &'tokenctl;help;store'= {
            cand info 'Show the store''s path, format, KDF parameters and counts (no passphrase needed)'
            cand check 'Authenticate every record and run SQLite''s integrity check (exit 4 listing problems)'
            cand passwd 'Change the passphrase by re-wrapping the data key with a new salt, atomically'
            cand rekey 'Replace the data key itself and re-seal every record under it (after a leak)'
            cand copy 'Copy the whole store into an empty file or database (SQLite to PostgreSQL or back)'
        }
        &'tokenctl;help;store;info'= {
        }
        &'tokenctl;help;store;check'= {
        }
        &'tokenctl;help;store;passwd'= {
        }
        &'tokenctl;help;store;rekey'= {
        }
        &'tokenctl;help;store;copy'= {
        }
        &'tokenctl;help;token'= {
            cand create 'Mint a token and show it exactly once (only its SHA-256 is stored)'
            cand list 'List tokens, newest first (default: active and expired)'
            cand show 'Show one token''s whole record: claims, times, status and who made it'
            cand revoke 'Revoke tokens at once; they fail `verify` in every process afterwards'
            cand inspect 'Decode a token and show its header, claims, times, signature check and record'
            cand verify 'Check that a token is active (exit 0) or say why not (exit 1)'
        }
        &'tokenctl;help;token;create'= {
        }
        &'tokenctl;help;token;list'= {
        }
        &'tokenctl;help;token;show'= {
        }
        &'tokenctl;help;token;revoke'= {
        }
        &'tokenctl;help;token;inspect'= {
        }
        &'tokenctl;help;token;verify'= {
        }
        &'tokenctl;help;unlock'= {
        }
        &'tokenctl;help;lock'= {
        }
        &'tokenctl;help;jwks'= {
        }
        &'tokenctl;help;serve'= {
        }
        &'tokenctl;help;client'= {
            cand add 'Add a client and print its secret once (tkc_...)'
            cand list 'List the clients (never a secret)'
            cand remove 'Remove a client; it is refused from its next request on'
        }
        &'tokenctl;help;client;add'= {
        }
        &'tokenctl;help;client;list'= {
        }
        &'tokenctl;help;client;remove'= {
        }
        &'tokenctl;help;member'= {
            cand add 'Add a member with a passphrase of their own'
            cand list 'List the members (never a passphrase)'
            cand remove 'Remove a member; their passphrase unlocks nothing from then on'
        }
        &'tokenctl;help;member;add'= {
        }
        &'tokenctl;help;member;list'= {
        }
        &'tokenctl;help;member;remove'= {
        }
        &'tokenctl;help;key'= {
            cand create 'Create an access key and print it once (tka_...)'
            cand list 'List the access keys (never a key)'
            cand revoke 'Revoke an access key at once'
        }
        &'tokenctl;help;key;create'= {
        }
        &'tokenctl;help;key;list'= {
        }
        &'tokenctl;help;key;revoke'= {
        }
        &'tokenctl;help;policy'= {
            cand set 'Set the rule for one token type'
            cand show 'Show the rules'
            cand unset 'Remove the rule for one token type'
        }
        &'tokenctl;help;policy;set'= {
        }
        &'tokenctl;help;policy;show'= {
        }
        &'tokenctl;help;policy;unset'= {
        }
        &'tokenctl;help;audit'= {
            cand verify 'Walk the whole chain: exit 0, or exit 4 naming the first bad event'
        }
        &'tokenctl;help;audit;verify'= {
        }
        &'tokenctl;help;help'= {
        }
    ]
    $completions[$command]
}
