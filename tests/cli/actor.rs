//! Who did it: without TOKENCTL_ACTOR, USER and LOGNAME the records name
//! the account from the password database, never a bare uid.

use std::process::Command;

use crate::support::tokens::{record, secret_field};

fn account_name() -> String {
    let out = Command::new("id").arg("-un").output().expect("run id -un");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

crate::on_every_store! {
    fn without_user_logname_or_actor_the_account_name_is_recorded(env: TestEnv) {
        let anonymous = |args: &[&str]| {
            env.tk(args)
                .env_remove("TOKENCTL_ACTOR")
                .env_remove("USER")
                .env_remove("LOGNAME")
                .run()
                .ok()
        };
        // Without --member, the store's one member is named after the account.
        anonymous(&["init", "--kdf-memory", "19", "--kdf-iterations", "2", "--kdf-parallelism", "1"]);
        let me = account_name();
        assert!(!me.is_empty() && !me.starts_with("uid:"), "{me}");
        anonymous(&["secret", "add", "mine", "--generate"]);
        anonymous(&["token", "create", "--name", "mine"]);
        anonymous(&["token", "revoke", "mine", "--yes"]);
        assert_eq!(secret_field(&env, "mine", "created_by"), me.as_str());
        let rec = record(&env, "mine");
        assert_eq!(rec["created_by"], me.as_str());
        assert_eq!(rec["revoked_by"], me.as_str());
    }
}
