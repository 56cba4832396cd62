
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tokenctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tokenctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tokenctl' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new store with a generated secret named `default`')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Add, list, rotate, publish and remove signing secrets')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Show, check and re-key the store')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Create, list, revoke, inspect and verify tokens')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Take the passphrase once and print a session key for TOKENCTL_SESSION')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End every unlock session of the store at once (no passphrase needed)')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print the JWKS of every public key that verifies this store''s tokens')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Answer RFC 7662 introspection and publish the JWKS over HTTP')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Add, list and remove the clients that may call `serve`')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'Add, list and remove the members who unlock with passphrases of their own')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Create, list and revoke scoped access keys for scripts and CI')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Set, show and unset what every token of a type must keep to')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'List the audit log of every change, newest first, or verify its chain')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;init' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Set the `iss` claim of every token this store mints')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Algorithm of the `default` secret')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Algorithm of the `default` secret')
            [CompletionResult]::new('--kdf-memory', '--kdf-memory', [CompletionResultType]::ParameterName, 'Argon2id memory in MiB (19 to 4096)')
            [CompletionResult]::new('--kdf-iterations', '--kdf-iterations', [CompletionResultType]::ParameterName, 'Argon2id passes (2 to 20)')
            [CompletionResult]::new('--kdf-parallelism', '--kdf-parallelism', [CompletionResultType]::ParameterName, 'Argon2id lanes (1 to 64)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--no-default-secret', '--no-default-secret', [CompletionResultType]::ParameterName, 'Do not create the `default` secret')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;secret' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a signing secret from one source: --generate, a file, a variable, stdin or a prompt')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secrets: name, algorithm, key id, default, active tokens (never a value)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a secret; refused while it signs active tokens unless --revoke-tokens')
            [CompletionResult]::new('public', 'public', [CompletionResultType]::ParameterValue, 'Print the public key of an asymmetric secret''s signing version (PEM or JWK)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Add a new key version that signs from now on; older versions keep verifying')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'End an older key version at once, revoking the tokens it signed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;secret;add' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Signing algorithm')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Signing algorithm')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from PATH')
            [CompletionResult]::new('--from-env', '--from-env', [CompletionResultType]::ParameterName, 'Read the value from the environment variable VAR')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random key of the algorithm''s full strength (RSA: 3072 bits)')
            [CompletionResult]::new('--base64', '--base64', [CompletionResultType]::ParameterName, 'The input is base64 (standard or URL-safe); decode it first (HMAC keys only)')
            [CompletionResult]::new('--default', '--default', [CompletionResultType]::ParameterName, 'Make it the store''s default secret')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;secret;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;secret;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--revoke-tokens', '--revoke-tokens', [CompletionResultType]::ParameterName, 'Revoke its active tokens (reason "secret removed") in the same transaction')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;secret;public' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;secret;rotate' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;secret;retire' {
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Key id of the older version to retire (see `secret list`)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;secret;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a signing secret from one source: --generate, a file, a variable, stdin or a prompt')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secrets: name, algorithm, key id, default, active tokens (never a value)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a secret; refused while it signs active tokens unless --revoke-tokens')
            [CompletionResult]::new('public', 'public', [CompletionResultType]::ParameterValue, 'Print the public key of an asymmetric secret''s signing version (PEM or JWK)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Add a new key version that signs from now on; older versions keep verifying')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'End an older key version at once, revoking the tokens it signed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;secret;help;add' {
            break
        }
        'tokenctl;secret;help;list' {
            break
        }
        'tokenctl;secret;help;remove' {
            break
        }
        'tokenctl;secret;help;public' {
            break
        }
        'tokenctl;secret;help;rotate' {
            break
        }
        'tokenctl;secret;help;retire' {
            break
        }
        'tokenctl;secret;help;help' {
            break
        }
        'tokenctl;store' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show the store''s path, format, KDF parameters and counts (no passphrase needed)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Authenticate every record and run SQLite''s integrity check (exit 4 listing problems)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the passphrase by re-wrapping the data key with a new salt, atomically')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the data key itself and re-seal every record under it (after a leak)')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store into an empty file or database (SQLite to PostgreSQL or back)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;store;info' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;store;check' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--accept-rollback', '--accept-rollback', [CompletionResultType]::ParameterName, 'After a deliberate restore from a backup: accept the store''s audit chain as this machine''s record of it, though this machine saw it further')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;store;passwd' {
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Read the new passphrase from PATH (else TOKENCTL_NEW_PASSPHRASE, else a prompt)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;store;rekey' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;store;copy' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to: a new store file, or postgres://USER@HOST[:PORT]/DB without a store')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;store;help' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show the store''s path, format, KDF parameters and counts (no passphrase needed)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Authenticate every record and run SQLite''s integrity check (exit 4 listing problems)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the passphrase by re-wrapping the data key with a new salt, atomically')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the data key itself and re-seal every record under it (after a leak)')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store into an empty file or database (SQLite to PostgreSQL or back)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;store;help;info' {
            break
        }
        'tokenctl;store;help;check' {
            break
        }
        'tokenctl;store;help;passwd' {
            break
        }
        'tokenctl;store;help;rekey' {
            break
        }
        'tokenctl;store;help;copy' {
            break
        }
        'tokenctl;store;help;help' {
            break
        }
        'tokenctl;token' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a token and show it exactly once (only its SHA-256 is stored)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tokens, newest first (default: active and expired)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one token''s whole record: claims, times, status and who made it')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke tokens at once; they fail `verify` in every process afterwards')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a token and show its header, claims, times, signature check and record')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that a token is active (exit 0) or say why not (exit 1)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;token;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name, unique among active tokens')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Mint one token per JSON Lines object in FILE (- for stdin); print one JSON object per line')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Token type')
            [CompletionResult]::new('--expiry', '--expiry', [CompletionResultType]::ParameterName, 'Expiry: a duration (90m, 30d, 1h30m, 1y), never, an RFC 3339 time, or a date (midnight UTC) [default: 1h, or the access key''s --ttl]')
            [CompletionResult]::new('--not-before', '--not-before', [CompletionResultType]::ParameterName, 'Not valid before WHEN (sets `nbf`): an RFC 3339 time, a date, or a duration from now')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret [default: the store''s default secret]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Token format')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, '`sub` claim (an end user''s distinct id)')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, '`aud` claim; repeatable')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, '`role` claim')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Allowed origin (claim `origins`); repeatable')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'Custom claim: KEY=VALUE (string), KEY:=JSON (typed), KEY=@FILE, KEY:=@FILE; repeatable')
            [CompletionResult]::new('--claims-file', '--claims-file', [CompletionResultType]::ParameterName, 'A JSON object of custom claims from PATH, or - for stdin')
            [CompletionResult]::new('--clear-after', '--clear-after', [CompletionResultType]::ParameterName, 'With --copy: clear the clipboard after DUR, or never [default: 45s]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Revoke the active token of that name in the same transaction (one-step rotation)')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the token to the clipboard instead of printing it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;token;list' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only tokens of this type')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only tokens with this status [default: active and expired]')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Only tokens signed by this secret')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;token;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;token;revoke' {
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Revoke by the token itself; - reads it from stdin (preferred: keeps it off the command line)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'With --all: tokens signed by this secret')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'With --all: tokens of this type')
            [CompletionResult]::new('--created-by', '--created-by', [CompletionResultType]::ParameterName, 'With --all: tokens created by this actor')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Reason to record')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Revoke every active token the filters select (at least one of --secret, --type, --created-by)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;token;inspect' {
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Verify with the keys of a JWKS file (the key picked by `kid`), without a store')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Verify with a public key file (PEM, DER or JWK), without a store')
            [CompletionResult]::new('--hmac-key', '--hmac-key', [CompletionResultType]::ParameterName, 'Verify with an HMAC key file (its bytes, one trailing newline dropped), without a store')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Decode only: do not open the store')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;token;verify' {
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Verify one token per line of FILE (- for stdin); print one JSON object per line')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Require this token type')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Require this origin to be allowed (when the token lists origins)')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Require this audience in `aud`')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew allowed on exp and nbf: a duration such as 30s or 2m')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Verify with the keys of a JWKS file (the key picked by `kid`), without a store')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Verify with a public key file (PEM, DER or JWK), without a store')
            [CompletionResult]::new('--hmac-key', '--hmac-key', [CompletionResultType]::ParameterName, 'Verify with an HMAC key file (its bytes, one trailing newline dropped), without a store')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Do not open the store: check the signature with --jwks, --key or --hmac-key only')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;token;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a token and show it exactly once (only its SHA-256 is stored)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tokens, newest first (default: active and expired)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one token''s whole record: claims, times, status and who made it')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke tokens at once; they fail `verify` in every process afterwards')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a token and show its header, claims, times, signature check and record')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that a token is active (exit 0) or say why not (exit 1)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;token;help;create' {
            break
        }
        'tokenctl;token;help;list' {
            break
        }
        'tokenctl;token;help;show' {
            break
        }
        'tokenctl;token;help;revoke' {
            break
        }
        'tokenctl;token;help;inspect' {
            break
        }
        'tokenctl;token;help;verify' {
            break
        }
        'tokenctl;token;help;help' {
            break
        }
        'tokenctl;unlock' {
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the session lasts: a duration up to 24h, such as 15m, 2h or 1h30m')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Print `export TOKENCTL_SESSION=...` even when stdout is not a terminal, for `eval "$(tokenctl unlock --export)"`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;lock' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;jwks' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the JWKS to FILE (atomically, mode 0644) instead of stdout')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address and port to listen on (loopback unless you say otherwise)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'PEM certificate chain for HTTPS (with --tls-key)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'PEM private key for HTTPS (with --tls-cert)')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'At most N connections at once; more wait to be accepted')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The URL services reach this server at, for the metadata document [default: from --listen]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;client' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a client and print its secret once (tkc_...)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the clients (never a secret)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a client; it is refused from its next request on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;client;add' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;client;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;client;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;client;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a client and print its secret once (tkc_...)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the clients (never a secret)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a client; it is refused from its next request on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;client;help;add' {
            break
        }
        'tokenctl;client;help;list' {
            break
        }
        'tokenctl;client;help;remove' {
            break
        }
        'tokenctl;client;help;help' {
            break
        }
        'tokenctl;member' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member with a passphrase of their own')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members (never a passphrase)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member; their passphrase unlocks nothing from then on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;member;add' {
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Read the new member''s passphrase from PATH (else TOKENCTL_NEW_PASSPHRASE, else a prompt)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;member;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;member;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;member;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member with a passphrase of their own')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members (never a passphrase)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member; their passphrase unlocks nothing from then on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;member;help;add' {
            break
        }
        'tokenctl;member;help;list' {
            break
        }
        'tokenctl;member;help;remove' {
            break
        }
        'tokenctl;member;help;help' {
            break
        }
        'tokenctl;key' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an access key and print it once (tka_...)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the access keys (never a key)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke an access key at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;key;create' {
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'What the key may do: mint')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Token type it may mint, repeatable [default: development]')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret it may sign with, repeatable [default: the store''s default secret]')
            [CompletionResult]::new('--max-ttl', '--max-ttl', [CompletionResultType]::ParameterName, 'The longest lifetime of a token it mints, such as 2h or 7d')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'The lifetime of a token it mints without --expiry [default: 1h, or --max-ttl if shorter]')
            [CompletionResult]::new('--expiry', '--expiry', [CompletionResultType]::ParameterName, 'When the key itself stops working: a duration, a date, or never')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;key;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;key;revoke' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;key;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an access key and print it once (tka_...)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the access keys (never a key)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke an access key at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;key;help;create' {
            break
        }
        'tokenctl;key;help;list' {
            break
        }
        'tokenctl;key;help;revoke' {
            break
        }
        'tokenctl;key;help;help' {
            break
        }
        'tokenctl;policy' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the rule for one token type')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the rules')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove the rule for one token type')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;policy;set' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The token type the rule is for: development or production')
            [CompletionResult]::new('--max-ttl', '--max-ttl', [CompletionResultType]::ParameterName, 'The longest lifetime a token of that type may have, such as 2h or 30d')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'What every such token must carry: audience')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;policy;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;policy;unset' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The token type whose rule goes')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;policy;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the rule for one token type')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the rules')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove the rule for one token type')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;policy;help;set' {
            break
        }
        'tokenctl;policy;help;show' {
            break
        }
        'tokenctl;policy;help;unset' {
            break
        }
        'tokenctl;policy;help;help' {
            break
        }
        'tokenctl;audit' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after WHEN: an RFC 3339 time, a date, or a duration ago (1h, 7d)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Only events by this member, access key (key:NAME) or TOKENCTL_ACTOR label')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only events of this action (token.create), or of a group (token)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Walk the whole chain: exit 0, or exit 4 naming the first bad event')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;audit;verify' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store file, or postgres://USER@HOST[:PORT]/DB for a team store [default: $XDG_DATA_HOME/tokenctl/store.db]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from PATH (one trailing newline is stripped)')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'Unlock as member NAME, when the store has several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tokenctl;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Walk the whole chain: exit 0, or exit 4 naming the first bad event')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;audit;help;verify' {
            break
        }
        'tokenctl;audit;help;help' {
            break
        }
        'tokenctl;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new store with a generated secret named `default`')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Add, list, rotate, publish and remove signing secrets')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Show, check and re-key the store')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Create, list, revoke, inspect and verify tokens')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Take the passphrase once and print a session key for TOKENCTL_SESSION')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End every unlock session of the store at once (no passphrase needed)')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print the JWKS of every public key that verifies this store''s tokens')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Answer RFC 7662 introspection and publish the JWKS over HTTP')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'Add, list and remove the clients that may call `serve`')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'Add, list and remove the members who unlock with passphrases of their own')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Create, list and revoke scoped access keys for scripts and CI')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Set, show and unset what every token of a type must keep to')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'List the audit log of every change, newest first, or verify its chain')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokenctl;help;init' {
            break
        }
        'tokenctl;help;secret' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a signing secret from one source: --generate, a file, a variable, stdin or a prompt')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secrets: name, algorithm, key id, default, active tokens (never a value)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a secret; refused while it signs active tokens unless --revoke-tokens')
            [CompletionResult]::new('public', 'public', [CompletionResultType]::ParameterValue, 'Print the public key of an asymmetric secret''s signing version (PEM or JWK)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Add a new key version that signs from now on; older versions keep verifying')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'End an older key version at once, revoking the tokens it signed')
            break
        }
        'tokenctl;help;secret;add' {
            break
        }
        'tokenctl;help;secret;list' {
            break
        }
        'tokenctl;help;secret;remove' {
            break
        }
        'tokenctl;help;secret;public' {
            break
        }
        'tokenctl;help;secret;rotate' {
            break
        }
        'tokenctl;help;secret;retire' {
            break
        }
        'tokenctl;help;store' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show the store''s path, format, KDF parameters and counts (no passphrase needed)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Authenticate every record and run SQLite''s integrity check (exit 4 listing problems)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the passphrase by re-wrapping the data key with a new salt, atomically')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the data key itself and re-seal every record under it (after a leak)')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store into an empty file or database (SQLite to PostgreSQL or back)')
            break
        }
        'tokenctl;help;store;info' {
            break
        }
        'tokenctl;help;store;check' {
            break
        }
        'tokenctl;help;store;passwd' {
            break
        }
        'tokenctl;help;store;rekey' {
            break
        }
        'tokenctl;help;store;copy' {
            break
        }
        'tokenctl;help;token' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a token and show it exactly once (only its SHA-256 is stored)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tokens, newest first (default: active and expired)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one token''s whole record: claims, times, status and who made it')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke tokens at once; they fail `verify` in every process afterwards')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a token and show its header, claims, times, signature check and record')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that a token is active (exit 0) or say why not (exit 1)')
            break
        }
        'tokenctl;help;token;create' {
            break
        }
        'tokenctl;help;token;list' {
            break
        }
        'tokenctl;help;token;show' {
            break
        }
        'tokenctl;help;token;revoke' {
            break
        }
        'tokenctl;help;token;inspect' {
            break
        }
        'tokenctl;help;token;verify' {
            break
        }
        'tokenctl;help;unlock' {
            break
        }
        'tokenctl;help;lock' {
            break
        }
        'tokenctl;help;jwks' {
            break
        }
        'tokenctl;help;serve' {
            break
        }
        'tokenctl;help;client' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a client and print its secret once (tkc_...)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the clients (never a secret)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a client; it is refused from its next request on')
            break
        }
        'tokenctl;help;client;add' {
            break
        }
        'tokenctl;help;client;list' {
            break
        }
        'tokenctl;help;client;remove' {
            break
        }
        'tokenctl;help;member' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member with a passphrase of their own')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members (never a passphrase)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member; their passphrase unlocks nothing from then on')
            break
        }
        'tokenctl;help;member;add' {
            break
        }
        'tokenctl;help;member;list' {
            break
        }
        'tokenctl;help;member;remove' {
            break
        }
        'tokenctl;help;key' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an access key and print it once (tka_...)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the access keys (never a key)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke an access key at once')
            break
        }
        'tokenctl;help;key;create' {
            break
        }
        'tokenctl;help;key;list' {
            break
        }
        'tokenctl;help;key;revoke' {
            break
        }
        'tokenctl;help;policy' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the rule for one token type')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the rules')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove the rule for one token type')
            break
        }
        'tokenctl;help;policy;set' {
            break
        }
        'tokenctl;help;policy;show' {
            break
        }
        'tokenctl;help;policy;unset' {
            break
        }
        'tokenctl;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Walk the whole chain: exit 0, or exit 4 naming the first bad event')
            break
        }
        'tokenctl;help;audit;verify' {
            break
        }
        'tokenctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
