# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tokenctl_global_optspecs
    string join \n store= passphrase-file= member= json q/quiet no-color h/help V/version
end

function __fish_tokenctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tokenctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tokenctl_using_subcommand
    set -l cmd (__fish_tokenctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tokenctl -n "__fish_tokenctl_needs_command" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_needs_command" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_needs_command" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_needs_command" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "init" -d 'Create a new store with a generated secret named `default`'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "secret" -d 'Add, list, rotate, publish and remove signing secrets'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "store" -d 'Show, check and re-key the store'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "token" -d 'Create, list, revoke, inspect and verify tokens'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "unlock" -d 'Take the passphrase once and print a session key for TOKENCTL_SESSION'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "lock" -d 'End every unlock session of the store at once (no passphrase needed)'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "jwks" -d 'Print the JWKS of every public key that verifies this store\'s tokens'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "serve" -d 'Answer RFC 7662 introspection and publish the JWKS over HTTP'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "client" -d 'Add, list and remove the clients that may call `serve`'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "member" -d 'Add, list and remove the members who unlock with passphrases of their own'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "key" -d 'Create, list and revoke scoped access keys for scripts and CI'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "policy" -d 'Set, show and unset what every token of a type must keep to'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "audit" -d 'List the audit log of every change, newest first, or verify its chain'
complete -c tokenctl -n "__fish_tokenctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -l issuer -d 'Set the `iss` claim of every token this store mints' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -s a -l algorithm -d 'Algorithm of the `default` secret' -r -f -a "HS256\t''
HS384\t''
HS512\t''
EdDSA\t''
ES256\t''
ES384\t''
RS256\t''
PS256\t''"
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -l kdf-memory -d 'Argon2id memory in MiB (19 to 4096)' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -l kdf-iterations -d 'Argon2id passes (2 to 20)' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -l kdf-parallelism -d 'Argon2id lanes (1 to 64)' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -l no-default-secret -d 'Do not create the `default` secret'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand init" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -f -a "add" -d 'Add a signing secret from one source: --generate, a file, a variable, stdin or a prompt'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -f -a "list" -d 'List secrets: name, algorithm, key id, default, active tokens (never a value)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -f -a "remove" -d 'Remove a secret; refused while it signs active tokens unless --revoke-tokens'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -f -a "public" -d 'Print the public key of an asymmetric secret\'s signing version (PEM or JWK)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -f -a "rotate" -d 'Add a new key version that signs from now on; older versions keep verifying'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -f -a "retire" -d 'End an older key version at once, revoking the tokens it signed'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and not __fish_seen_subcommand_from add list remove public rotate retire help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -s a -l algorithm -d 'Signing algorithm' -r -f -a "HS256\t''
HS384\t''
HS512\t''
EdDSA\t''
ES256\t''
ES384\t''
RS256\t''
PS256\t''"
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -l from-file -d 'Read the value from PATH' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -l from-env -d 'Read the value from the environment variable VAR' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -l generate -d 'Generate a random key of the algorithm\'s full strength (RSA: 3072 bits)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -l base64 -d 'The input is base64 (standard or URL-safe); decode it first (HMAC keys only)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -l default -d 'Make it the store\'s default secret'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from remove" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from remove" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from remove" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from remove" -l revoke-tokens -d 'Revoke its active tokens (reason "secret removed") in the same transaction'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from remove" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from public" -l format -d 'Output format' -r -f -a "pem\t''
jwk\t''"
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from public" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from public" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from public" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from public" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from public" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from public" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from public" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from public" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from retire" -l kid -d 'Key id of the older version to retire (see `secret list`)' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from retire" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from retire" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from retire" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from retire" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from retire" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from retire" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from retire" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from retire" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from retire" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a signing secret from one source: --generate, a file, a variable, stdin or a prompt'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "list" -d 'List secrets: name, algorithm, key id, default, active tokens (never a value)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a secret; refused while it signs active tokens unless --revoke-tokens'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "public" -d 'Print the public key of an asymmetric secret\'s signing version (PEM or JWK)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Add a new key version that signs from now on; older versions keep verifying'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "retire" -d 'End an older key version at once, revoking the tokens it signed'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -f -a "info" -d 'Show the store\'s path, format, KDF parameters and counts (no passphrase needed)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -f -a "check" -d 'Authenticate every record and run SQLite\'s integrity check (exit 4 listing problems)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -f -a "passwd" -d 'Change the passphrase by re-wrapping the data key with a new salt, atomically'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -f -a "rekey" -d 'Replace the data key itself and re-seal every record under it (after a leak)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -f -a "copy" -d 'Copy the whole store into an empty file or database (SQLite to PostgreSQL or back)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and not __fish_seen_subcommand_from info check passwd rekey copy help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from info" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from info" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from info" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from info" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from info" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from info" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from info" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from check" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from check" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from check" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from check" -l accept-rollback -d 'After a deliberate restore from a backup: accept the store\'s audit chain as this machine\'s record of it, though this machine saw it further'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from check" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from check" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from passwd" -l new-passphrase-file -d 'Read the new passphrase from PATH (else TOKENCTL_NEW_PASSPHRASE, else a prompt)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from passwd" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from passwd" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from passwd" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from passwd" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from passwd" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from passwd" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from passwd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from passwd" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from rekey" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from rekey" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from rekey" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from rekey" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from rekey" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from rekey" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from rekey" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from rekey" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from copy" -l to -d 'Where to: a new store file, or postgres://USER@HOST[:PORT]/DB without a store' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from copy" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from copy" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from copy" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from copy" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from copy" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from copy" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "info" -d 'Show the store\'s path, format, KDF parameters and counts (no passphrase needed)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "check" -d 'Authenticate every record and run SQLite\'s integrity check (exit 4 listing problems)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "passwd" -d 'Change the passphrase by re-wrapping the data key with a new salt, atomically'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "rekey" -d 'Replace the data key itself and re-seal every record under it (after a leak)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "copy" -d 'Copy the whole store into an empty file or database (SQLite to PostgreSQL or back)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -f -a "create" -d 'Mint a token and show it exactly once (only its SHA-256 is stored)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -f -a "list" -d 'List tokens, newest first (default: active and expired)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -f -a "show" -d 'Show one token\'s whole record: claims, times, status and who made it'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -f -a "revoke" -d 'Revoke tokens at once; they fail `verify` in every process afterwards'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -f -a "inspect" -d 'Decode a token and show its header, claims, times, signature check and record'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -f -a "verify" -d 'Check that a token is active (exit 0) or say why not (exit 1)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and not __fish_seen_subcommand_from create list show revoke inspect verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l name -d 'Name, unique among active tokens' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l batch -d 'Mint one token per JSON Lines object in FILE (- for stdin); print one JSON object per line' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l type -d 'Token type' -r -f -a "development\t'for development and CI (alias dev)'
production\t'for production (alias prod)'"
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l expiry -d 'Expiry: a duration (90m, 30d, 1h30m, 1y), never, an RFC 3339 time, or a date (midnight UTC) [default: 1h, or the access key\'s --ttl]' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l not-before -d 'Not valid before WHEN (sets `nbf`): an RFC 3339 time, a date, or a duration from now' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l secret -d 'Signing secret [default: the store\'s default secret]' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l format -d 'Token format' -r -f -a "jwt\t'a signed JSON Web Token'
opaque\t'a random tkp_/tkd_ token with a checksum'"
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l subject -d '`sub` claim (an end user\'s distinct id)' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l audience -d '`aud` claim; repeatable' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l role -d '`role` claim' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l origin -d 'Allowed origin (claim `origins`); repeatable' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l claim -d 'Custom claim: KEY=VALUE (string), KEY:=JSON (typed), KEY=@FILE, KEY:=@FILE; repeatable' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l claims-file -d 'A JSON object of custom claims from PATH, or - for stdin' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l clear-after -d 'With --copy: clear the clipboard after DUR, or never [default: 45s]' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l replace -d 'Revoke the active token of that name in the same transaction (one-step rotation)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l copy -d 'Copy the token to the clipboard instead of printing it'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -l type -d 'Only tokens of this type' -r -f -a "development\t'for development and CI (alias dev)'
production\t'for production (alias prod)'"
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -l status -d 'Only tokens with this status [default: active and expired]' -r -f -a "active\t''
expired\t''
revoked\t''
undelivered\t''
all\t''"
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -l secret -d 'Only tokens signed by this secret' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from show" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from show" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from show" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l token -d 'Revoke by the token itself; - reads it from stdin (preferred: keeps it off the command line)' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l secret -d 'With --all: tokens signed by this secret' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l type -d 'With --all: tokens of this type' -r -f -a "development\t'for development and CI (alias dev)'
production\t'for production (alias prod)'"
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l created-by -d 'With --all: tokens created by this actor' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l reason -d 'Reason to record' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l all -d 'Revoke every active token the filters select (at least one of --secret, --type, --created-by)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -l jwks -d 'Verify with the keys of a JWKS file (the key picked by `kid`), without a store' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -l key -d 'Verify with a public key file (PEM, DER or JWK), without a store' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -l hmac-key -d 'Verify with an HMAC key file (its bytes, one trailing newline dropped), without a store' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -l no-store -d 'Decode only: do not open the store'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l batch -d 'Verify one token per line of FILE (- for stdin); print one JSON object per line' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l type -d 'Require this token type' -r -f -a "development\t'for development and CI (alias dev)'
production\t'for production (alias prod)'"
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l origin -d 'Require this origin to be allowed (when the token lists origins)' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l audience -d 'Require this audience in `aud`' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l leeway -d 'Clock skew allowed on exp and nbf: a duration such as 30s or 2m' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l jwks -d 'Verify with the keys of a JWKS file (the key picked by `kid`), without a store' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l key -d 'Verify with a public key file (PEM, DER or JWK), without a store' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l hmac-key -d 'Verify with an HMAC key file (its bytes, one trailing newline dropped), without a store' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l no-store -d 'Do not open the store: check the signature with --jwks, --key or --hmac-key only'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "create" -d 'Mint a token and show it exactly once (only its SHA-256 is stored)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List tokens, newest first (default: active and expired)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one token\'s whole record: claims, times, status and who made it'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke tokens at once; they fail `verify` in every process afterwards'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Decode a token and show its header, claims, times, signature check and record'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check that a token is active (exit 0) or say why not (exit 1)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand unlock" -l ttl -d 'How long the session lasts: a duration up to 24h, such as 15m, 2h or 1h30m' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand unlock" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand unlock" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand unlock" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand unlock" -l export -d 'Print `export TOKENCTL_SESSION=...` even when stdout is not a terminal, for `eval "$(tokenctl unlock --export)"`'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand unlock" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand unlock" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand unlock" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand unlock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand unlock" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand lock" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand lock" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand lock" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand lock" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand lock" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand lock" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand lock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand lock" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand jwks" -l out -d 'Write the JWKS to FILE (atomically, mode 0644) instead of stdout' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand jwks" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand jwks" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand jwks" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand jwks" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand jwks" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand jwks" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand jwks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand jwks" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -l listen -d 'Address and port to listen on (loopback unless you say otherwise)' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -l tls-cert -d 'PEM certificate chain for HTTPS (with --tls-key)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -l tls-key -d 'PEM private key for HTTPS (with --tls-cert)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -l max-connections -d 'At most N connections at once; more wait to be accepted' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -l public-url -d 'The URL services reach this server at, for the metadata document [default: from --listen]' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand serve" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -f -a "add" -d 'Add a client and print its secret once (tkc_...)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -f -a "list" -d 'List the clients (never a secret)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -f -a "remove" -d 'Remove a client; it is refused from its next request on'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and not __fish_seen_subcommand_from add list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from add" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from add" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from add" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from add" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from list" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from list" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from remove" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from remove" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from remove" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from remove" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a client and print its secret once (tkc_...)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the clients (never a secret)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a client; it is refused from its next request on'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -f -a "add" -d 'Add a member with a passphrase of their own'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -f -a "list" -d 'List the members (never a passphrase)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -f -a "remove" -d 'Remove a member; their passphrase unlocks nothing from then on'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and not __fish_seen_subcommand_from add list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from add" -l new-passphrase-file -d 'Read the new member\'s passphrase from PATH (else TOKENCTL_NEW_PASSPHRASE, else a prompt)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from add" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from add" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from add" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from add" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from list" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from list" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from remove" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from remove" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from remove" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from remove" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a member with a passphrase of their own'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the members (never a passphrase)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a member; their passphrase unlocks nothing from then on'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -f -a "create" -d 'Create an access key and print it once (tka_...)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -f -a "list" -d 'List the access keys (never a key)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -f -a "revoke" -d 'Revoke an access key at once'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and not __fish_seen_subcommand_from create list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l allow -d 'What the key may do: mint' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l type -d 'Token type it may mint, repeatable [default: development]' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l secret -d 'Secret it may sign with, repeatable [default: the store\'s default secret]' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l max-ttl -d 'The longest lifetime of a token it mints, such as 2h or 7d' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l ttl -d 'The lifetime of a token it mints without --expiry [default: 1h, or --max-ttl if shorter]' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l expiry -d 'When the key itself stops working: a duration, a date, or never' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from list" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from list" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an access key and print it once (tka_...)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the access keys (never a key)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke an access key at once'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -f -a "set" -d 'Set the rule for one token type'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -f -a "show" -d 'Show the rules'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -f -a "unset" -d 'Remove the rule for one token type'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and not __fish_seen_subcommand_from set show unset help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l type -d 'The token type the rule is for: development or production' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l max-ttl -d 'The longest lifetime a token of that type may have, such as 2h or 30d' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l require -d 'What every such token must carry: audience' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from unset" -l type -d 'The token type whose rule goes' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from unset" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from unset" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from unset" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from unset" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from unset" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from unset" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set the rule for one token type'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the rules'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove the rule for one token type'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l since -d 'Only events at or after WHEN: an RFC 3339 time, a date, or a duration ago (1h, 7d)' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l actor -d 'Only events by this member, access key (key:NAME) or TOKENCTL_ACTOR label' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l action -d 'Only events of this action (token.create), or of a group (token)' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "verify" -d 'Walk the whole chain: exit 0, or exit 4 naming the first bad event'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l store -d 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l passphrase-file -d 'Read the passphrase from PATH (one trailing newline is stripped)' -r -F
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l member -d 'Unlock as member NAME, when the store has several' -r
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print machine-readable JSON on stdout'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-color -d 'Never use colour (also NO_COLOR)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Walk the whole chain: exit 0, or exit 4 naming the first bad event'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "init" -d 'Create a new store with a generated secret named `default`'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "secret" -d 'Add, list, rotate, publish and remove signing secrets'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "store" -d 'Show, check and re-key the store'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "token" -d 'Create, list, revoke, inspect and verify tokens'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "unlock" -d 'Take the passphrase once and print a session key for TOKENCTL_SESSION'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "lock" -d 'End every unlock session of the store at once (no passphrase needed)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "jwks" -d 'Print the JWKS of every public key that verifies this store\'s tokens'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "serve" -d 'Answer RFC 7662 introspection and publish the JWKS over HTTP'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "client" -d 'Add, list and remove the clients that may call `serve`'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "member" -d 'Add, list and remove the members who unlock with passphrases of their own'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "key" -d 'Create, list and revoke scoped access keys for scripts and CI'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "policy" -d 'Set, show and unset what every token of a type must keep to'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "audit" -d 'List the audit log of every change, newest first, or verify its chain'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and not __fish_seen_subcommand_from init secret store token unlock lock jwks serve client member key policy audit help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "add" -d 'Add a signing secret from one source: --generate, a file, a variable, stdin or a prompt'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "list" -d 'List secrets: name, algorithm, key id, default, active tokens (never a value)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "remove" -d 'Remove a secret; refused while it signs active tokens unless --revoke-tokens'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "public" -d 'Print the public key of an asymmetric secret\'s signing version (PEM or JWK)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "rotate" -d 'Add a new key version that signs from now on; older versions keep verifying'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "retire" -d 'End an older key version at once, revoking the tokens it signed'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "info" -d 'Show the store\'s path, format, KDF parameters and counts (no passphrase needed)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "check" -d 'Authenticate every record and run SQLite\'s integrity check (exit 4 listing problems)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "passwd" -d 'Change the passphrase by re-wrapping the data key with a new salt, atomically'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "rekey" -d 'Replace the data key itself and re-seal every record under it (after a leak)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "copy" -d 'Copy the whole store into an empty file or database (SQLite to PostgreSQL or back)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "create" -d 'Mint a token and show it exactly once (only its SHA-256 is stored)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "list" -d 'List tokens, newest first (default: active and expired)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "show" -d 'Show one token\'s whole record: claims, times, status and who made it'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke tokens at once; they fail `verify` in every process afterwards'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "inspect" -d 'Decode a token and show its header, claims, times, signature check and record'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "verify" -d 'Check that a token is active (exit 0) or say why not (exit 1)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from client" -f -a "add" -d 'Add a client and print its secret once (tkc_...)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from client" -f -a "list" -d 'List the clients (never a secret)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from client" -f -a "remove" -d 'Remove a client; it is refused from its next request on'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "add" -d 'Add a member with a passphrase of their own'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "list" -d 'List the members (never a passphrase)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "remove" -d 'Remove a member; their passphrase unlocks nothing from then on'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "create" -d 'Create an access key and print it once (tka_...)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "list" -d 'List the access keys (never a key)'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "revoke" -d 'Revoke an access key at once'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "set" -d 'Set the rule for one token type'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Show the rules'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "unset" -d 'Remove the rule for one token type'
complete -c tokenctl -n "__fish_tokenctl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Walk the whole chain: exit 0, or exit 4 naming the first bad event'
