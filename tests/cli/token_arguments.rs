//! A token pasted where a name or id is expected is refused (exit 2)
//! without being echoed, and the hint says how to pass it instead.

use crate::support::env::TestEnv;
use crate::support::tokens::{assert_active, mint};

/// Whether `text` holds any 8 characters in a row of `token` past its
/// well-known start (`eyJ`, `tkd_`).
fn holds_a_piece_of(text: &str, token: &str) -> bool {
    let body: Vec<char> = token.chars().skip(4).collect();
    body.windows(8)
        .any(|w| text.contains(&w.iter().collect::<String>()))
}

const LOOKS_LIKE: &str =
    "tokenctl: that argument looks like a token, not a token name or id; it is not shown here\n";

#[test]
fn a_token_given_to_revoke_or_show_is_exit_2_and_never_echoed() {
    let env = TestEnv::init();
    let jwt = mint(&env, "pasted", &[]);
    let opaque = mint(&env, "pasted-opaque", &["--format", "opaque"]);
    for token in [&jwt, &opaque] {
        let revoke = env
            .tk(&["token", "revoke", token, "--yes"])
            .run()
            .expect(2)
            .stderr();
        assert_eq!(
            revoke,
            format!("{LOOKS_LIKE}hint: pass the token on stdin instead: `... | tokenctl token revoke --token -`\n")
        );
        let show = env.tk(&["token", "show", token]).run().expect(2).stderr();
        assert_eq!(
            show,
            format!("{LOOKS_LIKE}hint: pass the token on stdin instead: `... | tokenctl token inspect -`\n")
        );
        for stderr in [&revoke, &show] {
            assert!(!holds_a_piece_of(stderr, token), "{stderr}");
        }
        assert_active(&env, token, &[]);
    }
    // Among other names, one token still refuses them all.
    let run = env
        .tk(&["token", "revoke", "pasted-opaque", &jwt, "--yes"])
        .run()
        .expect(2);
    assert!(!holds_a_piece_of(&run.stderr(), &jwt), "{}", run.stderr());
    assert_active(&env, &opaque, &[]);
}
