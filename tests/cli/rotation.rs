//! Key versions: `secret rotate` adds a version that signs from then on
//! while the older ones keep verifying their tokens (and stay in the JWKS
//! only while they have active ones); `secret retire` ends an older
//! version at once.

use serde_json::{json, Value};

use crate::support::env::TestEnv;
use crate::support::keys::{jwk_of, jwks, jwks_file, jwt_simple_verify, kid_in, kids};
use crate::support::text::table;
use crate::support::tokens::{
    assert_active, assert_reason, kid_of, mint, mint_json, record, secret_field, wait_past,
};

/// `secret rotate NAME --json`: exit 0; returns (new kid, previous kid).
#[track_caller]
fn rotate(env: &TestEnv, name: &str) -> (String, String) {
    let out = env
        .tk(&["secret", "rotate", name, "--json"])
        .run()
        .ok()
        .json();
    let kid = out["kid"].as_str().unwrap().to_string();
    let previous = out["previous_kid"].as_str().unwrap().to_string();
    assert_eq!(
        out,
        json!({"name": name, "kid": kid, "previous_kid": previous})
    );
    assert_ne!(kid, previous);
    (kid, previous)
}

/// A store with a generated `signing` secret of `alg`.
fn store_with(alg: &str) -> TestEnv {
    let env = TestEnv::init();
    env.tk(&["secret", "add", "signing", "--generate", "-a", alg])
        .run()
        .ok();
    env
}

/// The kids the JWKS lists for `kids_of_interest`, in order.
fn listed(env: &TestEnv, of_interest: &[&str]) -> Vec<String> {
    kids(&jwks(env))
        .into_iter()
        .filter(|k| of_interest.contains(&k.as_str()))
        .collect()
}

#[test]
fn tokens_minted_before_a_rotation_keep_verifying_and_new_ones_carry_the_new_kid() {
    for alg in ["EdDSA", "ES256"] {
        let env = store_with(alg);
        let first = kid_of(&env, "signing");
        let before = mint(&env, "before", &["--secret", "signing", "--subject", "a"]);
        assert_eq!(kid_in(&before), first);
        let run = env.tk(&["secret", "rotate", "signing"]).run().ok();
        let second = kid_of(&env, "signing");
        assert_ne!(second, first);
        assert_eq!(
            run.stderr(),
            format!(
                "Rotated secret 'signing': key id {second} signs from now on; {first} keeps verifying the tokens it signed\n"
            )
        );
        assert_eq!(run.stdout(), "");
        let after = mint(&env, "after", &["--secret", "signing", "--subject", "b"]);
        assert_eq!(kid_in(&after), second);
        // With the store, both verify.
        assert_eq!(assert_active(&env, &before, &[])["sub"], "a");
        assert_eq!(assert_active(&env, &after, &[])["sub"], "b");
        // Offline, with a JWKS printed after the rotation, both verify too.
        let file = jwks_file(&env, "jwks.json");
        for token in [&before, &after] {
            env.tk(&["token", "verify", "--jwks", &file, token])
                .run()
                .ok();
        }
        let printed = jwks(&env);
        for token in [&before, &after] {
            jwt_simple_verify(alg, &jwk_of(&printed, &kid_in(token)), token).unwrap();
        }
        // `secret public` is the version that signs.
        let public = env
            .tk(&["secret", "public", "signing", "--format", "jwk"])
            .run()
            .ok()
            .json();
        assert_eq!(public["kid"], second);
        assert_eq!(public, jwk_of(&printed, &second));
    }
}

fn s(v: &Value) -> String {
    v.as_str().unwrap().to_string()
}

#[test]
fn secret_list_shows_every_version_newest_first_the_older_marked_previous() {
    let env = store_with("EdDSA");
    let default_kid = kid_of(&env, "default");
    mint(&env, "old-1", &["--secret", "signing"]);
    mint(&env, "old-2", &["--secret", "signing"]);
    let (new, old) = rotate(&env, "signing");
    mint(&env, "new-1", &["--secret", "signing"]);

    let list = env.tk(&["secret", "list", "--json"]).run().ok().json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    assert!(list[0].get("versions").is_none(), "{}", list[0]);
    let signing = &list[1];
    let versions = signing["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "{signing}");
    let (v_new, v_old) = (&versions[0], &versions[1]);
    assert_eq!(
        *v_new,
        json!({"kid": new, "current": true, "active_tokens": 1, "created_by": "tester", "created_at": v_new["created_at"]})
    );
    assert_eq!(
        *v_old,
        json!({"kid": old, "current": false, "active_tokens": 2, "created_by": "tester", "created_at": v_old["created_at"]})
    );
    assert_eq!(signing["kid"], new);
    assert_eq!(signing["active_tokens"], 3);
    assert_eq!(signing["default"], false);
    // The secret was added when its first version was.
    assert_eq!(signing["created_at"], v_old["created_at"]);

    let date = |v: &Value| s(v)[..10].to_string();
    let header = [
        "NAME",
        "ALGORITHM",
        "KEY ID",
        "DEFAULT",
        "ACTIVE TOKENS",
        "CREATED BY",
        "CREATED",
    ];
    let row = |cells: [String; 7]| cells.to_vec();
    let expected = table(&[
        header.map(String::from).to_vec(),
        row([
            "default".into(),
            "HS256".into(),
            default_kid,
            "yes".into(),
            "0".into(),
            "tester".into(),
            date(&list[0]["created_at"]),
        ]),
        row([
            "signing".into(),
            "EdDSA".into(),
            new.clone(),
            "no".into(),
            "1".into(),
            "tester".into(),
            date(&v_new["created_at"]),
        ]),
        row([
            "signing".into(),
            "EdDSA".into(),
            format!("{old} (previous)"),
            "no".into(),
            "2".into(),
            "tester".into(),
            date(&v_old["created_at"]),
        ]),
    ]);
    assert_eq!(env.tk(&["secret", "list"]).run().ok().stdout(), expected);
}

#[test]
fn the_jwks_keeps_an_older_kid_only_while_a_token_it_signed_is_active() {
    let env = store_with("EdDSA");
    env.tk(&["secret", "add", "idle", "--generate", "-a", "ES256"])
        .run()
        .ok();
    mint(&env, "old", &["--secret", "signing"]);
    let (new, old) = rotate(&env, "signing");
    // A version that signed nothing leaves the JWKS at once.
    let (idle_new, idle_old) = rotate(&env, "idle");
    let all = [
        new.as_str(),
        old.as_str(),
        idle_new.as_str(),
        idle_old.as_str(),
    ];
    assert_eq!(
        listed(&env, &all),
        [idle_new.clone(), new.clone(), old.clone()]
    );
    // Once its last token is revoked, the old version drops out.
    env.tk(&["token", "revoke", "old", "--yes"]).run().ok();
    assert_eq!(listed(&env, &all), [idle_new, new]);
}

#[test]
fn the_jwks_drops_an_older_kid_once_its_last_token_expires() {
    let env = store_with("EdDSA");
    let brief = mint_json(&env, "brief", &["--secret", "signing", "--expiry", "2s"]);
    let (new, old) = rotate(&env, "signing");
    let of_interest = [new.as_str(), old.as_str()];
    assert_eq!(listed(&env, &of_interest), [new.clone(), old.clone()]);
    wait_past(&brief["expires_at"]);
    assert_eq!(listed(&env, &of_interest), [new]);
    assert_reason(&env, brief["token"].as_str().unwrap(), &[], "expired");
}

#[test]
fn retiring_an_older_version_revokes_its_tokens_at_once_and_drops_it_from_the_jwks() {
    let env = store_with("EdDSA");
    let t1 = mint(&env, "old-1", &["--secret", "signing"]);
    let t2 = mint(&env, "old-2", &["--secret", "signing"]);
    let (new, old) = rotate(&env, "signing");
    let t3 = mint(&env, "new-1", &["--secret", "signing"]);
    let before = jwks_file(&env, "before.json");
    assert!(kids(&jwks(&env)).contains(&old));

    let run = env
        .tk(&[
            "secret", "retire", "signing", "--kid", &old, "--yes", "--json",
        ])
        .run()
        .ok();
    assert_eq!(
        run.json(),
        json!({"name": "signing", "kid": old, "revoked": 2})
    );
    assert_eq!(
        run.stderr(),
        format!(
            "Retired key id {old} of secret 'signing'; revoked 2 tokens it signed (reason \"key retired\")\n"
        )
    );
    for (name, token) in [("old-1", &t1), ("old-2", &t2)] {
        assert_reason(&env, token, &[], "revoked");
        let rec = record(&env, name);
        assert_eq!(rec["status"], "revoked");
        assert_eq!(rec["revoke_reason"], "key retired");
        assert_eq!(rec["revoked_by"], "tester");
    }
    assert_active(&env, &t3, &[]);
    let after = jwks(&env);
    assert!(!kids(&after).contains(&old), "{after}");
    assert!(kids(&after).contains(&new), "{after}");
    assert!(secret_field(&env, "signing", "versions").is_null());
    // Offline: a JWKS from before still has the key; one from after does not.
    env.tk(&["token", "verify", "--jwks", &before, &t1])
        .run()
        .ok();
    let now = jwks_file(&env, "after.json");
    let out = env
        .tk(&["token", "verify", "--json", "--jwks", &now, &t1])
        .run()
        .expect(1)
        .json();
    assert_eq!(
        out,
        json!({"active": false, "reason": "unknown", "store": false})
    );
    // It is gone: retiring it again is exit 5.
    env.tk(&["secret", "retire", "signing", "--kid", &old, "--yes"])
        .run()
        .expect(5)
        .stderr_has(&format!(
            "tokenctl: secret 'signing' has no version with key id '{old}'"
        ));
}

#[test]
fn retire_refuses_the_signing_version_an_unknown_kid_and_a_missing_yes() {
    let env = store_with("EdDSA");
    let token = mint(&env, "old", &["--secret", "signing"]);
    let (new, old) = rotate(&env, "signing");
    env.tk(&["secret", "retire", "signing", "--kid", &new, "--yes"])
        .run()
        .expect(5)
        .stderr_has(&format!(
            "tokenctl: key id {new} is the version of secret 'signing' that signs; it cannot be retired\n"
        ))
        .stderr_has("hint: rotate it first");
    for kid in ["ffffffffffffffff", "", &kid_of(&env, "default")] {
        env.tk(&["secret", "retire", "signing", "--kid", kid, "--yes"])
            .run()
            .expect(5)
            .stderr_has(&format!(
                "tokenctl: secret 'signing' has no version with key id '{kid}'"
            ));
    }
    env.tk(&["secret", "retire", "nosuch", "--kid", &old, "--yes"])
        .run()
        .expect(5)
        .stderr_has("tokenctl: no secret named 'nosuch'");
    // No terminal and no --yes: nothing is asked, nothing is done.
    env.tk(&["secret", "retire", "signing", "--kid", &old])
        .run()
        .expect(2)
        .stderr_has("tokenctl: refusing to continue without confirmation");
    env.tk(&["secret", "retire", "signing"])
        .run()
        .expect(2)
        .stderr_has("--kid <KID>");
    assert_active(&env, &token, &[]);
    let versions = secret_field(&env, "signing", "versions");
    assert_eq!(versions.as_array().unwrap().len(), 2, "{versions}");
    assert!(kids(&jwks(&env)).contains(&old));
}

#[test]
fn rotating_the_default_secret_keeps_it_the_default() {
    let env = TestEnv::new();
    env.init_store_with(&["--algorithm", "EdDSA"]).ok();
    env.tk(&["secret", "add", "other", "--generate", "-a", "ES256"])
        .run()
        .ok();
    let (new, old) = rotate(&env, "default");
    assert_eq!(secret_field(&env, "default", "default"), true);
    assert_eq!(secret_field(&env, "default", "kid"), new);
    let token = mint(&env, "svc", &[]);
    assert_eq!(kid_in(&token), new);
    // Rotating another secret leaves the default where it is.
    rotate(&env, "other");
    assert_eq!(secret_field(&env, "other", "default"), false);
    assert_eq!(kid_in(&mint(&env, "svc-2", &[])), new);
    let table = env.tk(&["secret", "list"]).run().ok().stdout();
    let row = |kid: &str| {
        table
            .lines()
            .find(|l| l.contains(kid))
            .unwrap_or_else(|| panic!("no row for {kid}:\n{table}"))
            .to_string()
    };
    assert!(row(&new).contains("  yes  "), "{table}");
    assert!(
        row(&format!("{old} (previous)")).contains("  no  "),
        "{table}"
    );
}

crate::on_every_store! {
    fn hmac_secrets_rotate_too(env: TestEnv) {
        env.init_store().ok();
        let before = mint(&env, "before", &[]);
        let (new, old) = rotate(&env, "default");
        assert_eq!(kid_in(&before), old);
        let after = mint(&env, "after", &[]);
        assert_eq!(kid_in(&after), new);
        assert_eq!(crate::support::tokens::parts(&after).0["alg"], "HS256");
        assert_active(&env, &before, &[]);
        assert_active(&env, &after, &[]);
        assert_eq!(secret_field(&env, "default", "default"), true);
        // HMAC versions never reach a JWKS.
        assert_eq!(jwks(&env), json!({"keys": []}));
        env.tk(&["secret", "rotate", "nosuch"])
            .run()
            .expect(5)
            .stderr_has("tokenctl: no secret named 'nosuch'");
    }
}
