//! Smaller findings of the security review, one promise each: a token
//! named like another's short id cannot stand in for it, a token is only
//! what was minted (no stray Unicode space), a batch closes the store
//! cleanly, a token row pointed at another secret is tampering, and a
//! record that authenticates but does not decode is not.

use serde_json::json;
use tokenctl::crypto;

use crate::support::env::TestEnv;
use crate::support::tokens::{
    assert_active, assert_reason, assert_reason_stdin, data_key_from_session, kid_of, mint,
    mint_json, names, record, unlock,
};

#[test]
fn a_token_named_like_another_tokens_short_id_cannot_be_revoked_in_its_place() {
    let env = TestEnv::init();
    let real = mint_json(&env, "real", &[]);
    let real_id = real["id"].as_str().unwrap();
    let short = &real_id[..8];
    let decoy = mint_json(&env, short, &[]);
    let decoy_id = decoy["id"].as_str().unwrap();

    let run = env.tk(&["token", "revoke", short, "--yes"]).run().expect(5);
    assert_eq!(
        run.stderr().lines().next().unwrap(),
        format!(
            "tokenctl: '{short}' is ambiguous: it names token {decoy_id} and starts the id of token 'real' ({real_id})"
        )
    );
    assert_eq!(run.stdout(), "");
    assert_active(&env, real["token"].as_str().unwrap(), &[]);
    assert_active(&env, decoy["token"].as_str().unwrap(), &[]);

    env.tk(&["token", "revoke", real_id, "--yes"]).run().ok();
    assert_reason(&env, real["token"].as_str().unwrap(), &[], "revoked");
    assert_active(&env, decoy["token"].as_str().unwrap(), &[]);
    assert_eq!(record(&env, short)["status"], "active");
}

#[test]
fn a_token_followed_by_a_no_break_space_is_malformed() {
    let env = TestEnv::init();
    let token = mint(&env, "t", &[]);
    let nbsp = format!("{token}\u{a0}");
    assert_reason_stdin(&env, format!("{nbsp}\n"), "malformed");
    assert_reason(&env, &nbsp, &[], "malformed");
    let run = env
        .tk(&["token", "verify", "--batch", "-"])
        .stdin(format!("{nbsp}\n{token}\n"))
        .run()
        .expect(1);
    assert_eq!(
        run.stdout().lines().next().unwrap(),
        json!({"active": false, "reason": "malformed"}).to_string()
    );
    // ASCII white space around a token is still trimmed.
    env.tk(&["token", "verify"])
        .stdin(format!(" \t{token}\r\n"))
        .run()
        .ok();
}

#[test]
fn a_batch_that_succeeds_leaves_no_wal_or_shm_behind() {
    let env = TestEnv::init();
    env.tk(&["token", "create", "--batch", "-"])
        .stdin(names(50, "w"))
        .run()
        .ok();
    let [wal, shm] = tokenctl::store::companion_paths(&env.store);
    assert!(!wal.exists(), "{} is left behind", wal.display());
    assert!(!shm.exists(), "{} is left behind", shm.display());
}

#[test]
fn a_token_row_pointed_at_another_secret_is_tampering_not_a_bad_signature() {
    let env = TestEnv::init();
    env.tk(&["secret", "add", "other", "--generate"]).run().ok();
    let token = mint(&env, "t", &[]);
    env.sqlite()
        .execute("UPDATE tokens SET secret_kid = ?1", [kid_of(&env, "other")])
        .unwrap();
    env.tk(&["token", "verify", &token])
        .run()
        .expect(4)
        .stderr_has("tampered");
    env.tk(&["token", "verify", "--json", &token])
        .run()
        .expect(4);
    env.tk(&["store", "check"]).run().expect(4);
}

#[test]
fn a_record_that_authenticates_but_does_not_decode_is_unreadable_not_tampered() {
    let env = TestEnv::init();
    let t = mint_json(&env, "t", &[]);
    let id = t["id"].as_str().unwrap();
    // Only the data key can seal a record that authenticates: recover it
    // through a session, as a holder of both a session key and the file can.
    let session = unlock(&env, &[]);
    let key = data_key_from_session(&env, &session);
    let conn = env.sqlite();
    let (store_id, version): (Vec<u8>, i64) = conn
        .query_row(
            "SELECT (SELECT store_id FROM header), version FROM tokens WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let sealed = crypto::seal(
        &key,
        br#"{"not": "a token record"}"#,
        &crypto::row_aad(&store_id, "tokens", id, version),
    );
    conn.execute(
        "UPDATE tokens SET sealed = ?1 WHERE id = ?2",
        rusqlite::params![sealed, id],
    )
    .unwrap();
    drop(conn);
    for args in [&["token", "list"][..], &["store", "check"]] {
        let run = env.tk(args).run().expect(4).stderr_has(&format!(
            "tokens row {id} authenticates but this tokenctl cannot decode it"
        ));
        assert!(
            !run.stderr().contains("tampered"),
            "{args:?}: {}",
            run.stderr()
        );
    }
}
