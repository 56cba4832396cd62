//! The schema is authenticated like the rows: whoever can write the file
//! but lacks the passphrase may plant a trigger, a view, an index, a table
//! or a column, or edit a table's definition. Every command then refuses
//! the store with exit 4 and changes nothing; once the schema is tokenctl's
//! own again, everything works.

use rusqlite::types::Value as SqlValue;

use crate::support::env::{Run, TestEnv};
use crate::support::store::install;
use crate::support::system::{scale, Rng};
use crate::support::tokens::{assert_active, assert_reason, mint};

const TABLES: [&str; 5] = ["header", "config", "secrets", "tokens", "sessions"];

/// Puts a revoked token back as it was, sealed record and all.
const UNDO_REVOCATION: &str = "CREATE TRIGGER t AFTER UPDATE OF status ON tokens
    WHEN OLD.status = 'active' AND NEW.status <> 'active'
    BEGIN UPDATE tokens SET status = OLD.status, version = OLD.version, sealed = OLD.sealed
          WHERE id = NEW.id; END;";

/// Puts an ended session back.
const UNDO_LOCK: &str = "CREATE TRIGGER s AFTER DELETE ON sessions
    BEGIN INSERT INTO sessions VALUES (OLD.id, OLD.created_at, OLD.expires_at, OLD.wrapped); END;";

/// Silently skips the removal of a secret.
const KEEP_SECRETS: &str =
    "CREATE TRIGGER k BEFORE DELETE ON secrets BEGIN SELECT RAISE(IGNORE); END;";

/// The schema, every row of every table and the file's marks, as an
/// attacker reading the file sees them.
fn snapshot(env: &TestEnv) -> Vec<String> {
    let conn = env.sqlite();
    let mut out: Vec<String> = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{:?}",
                (0..4)
                    .map(|i| r.get::<_, SqlValue>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for pragma in ["user_version", "application_id"] {
        let v: i64 = conn
            .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
            .unwrap();
        out.push(format!("{pragma} = {v}"));
    }
    for table in TABLES {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells = (0..n)
                    .map(|i| r.get::<_, SqlValue>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(format!("{table}: {cells:?}"))
            })
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap();
        out.extend(rows);
    }
    out
}

/// `args` is exit 4 naming the schema, prints nothing on stdout and
/// changes nothing in the file.
#[track_caller]
fn refused(env: &TestEnv, args: &[&str], why: &str) -> Run {
    let before = snapshot(env);
    let run = env.tk(args).run().expect(4).stderr_has(why);
    assert_eq!(run.stdout(), "", "{args:?}");
    assert_eq!(snapshot(env), before, "{args:?} changed the store");
    run
}

/// The store's own commands that report on it refuse it too.
#[track_caller]
fn check_and_info_refuse(env: &TestEnv, why: &str) {
    refused(env, &["store", "check"], why);
    refused(env, &["store", "info"], why);
}

#[test]
fn a_planted_trigger_cannot_undo_a_revocation() {
    let env = TestEnv::init();
    let token = mint(&env, "victim", &[]);
    env.sqlite().execute_batch(UNDO_REVOCATION).unwrap();
    let why = "unexpected trigger 't'";
    refused(&env, &["token", "revoke", "victim", "--yes"], why).stderr_has("tampered");
    refused(&env, &["token", "verify", &token], why);
    check_and_info_refuse(&env, why);

    env.sqlite().execute_batch("DROP TRIGGER t").unwrap();
    assert_active(&env, &token, &[]);
    env.tk(&["token", "revoke", "victim", "--yes"]).run().ok();
    assert_reason(&env, &token, &[], "revoked");
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn a_planted_trigger_cannot_keep_a_session_alive_through_lock() {
    let env = TestEnv::init();
    let session = env.tk(&["unlock"]).run().ok().stdout();
    let session = session.trim();
    env.sqlite().execute_batch(UNDO_LOCK).unwrap();
    let why = "unexpected trigger 's'";
    refused(&env, &["lock"], why);
    check_and_info_refuse(&env, why);

    env.sqlite().execute_batch("DROP TRIGGER s").unwrap();
    env.tk(&["lock"]).run().ok().stderr_has("Ended 1 session.");
    env.tk(&["token", "list"])
        .env_remove("TOKENCTL_PASSPHRASE_FILE")
        .env("TOKENCTL_SESSION", session)
        .run()
        .expect(3);
}

#[test]
fn planted_triggers_cannot_keep_a_secret_or_its_tokens_through_secret_remove() {
    for (trigger, name) in [(KEEP_SECRETS, "k"), (UNDO_REVOCATION, "t")] {
        let env = TestEnv::init();
        env.tk(&["secret", "add", "doomed", "--generate"])
            .run()
            .ok();
        let token = mint(&env, "signed", &["--secret", "doomed"]);
        env.sqlite().execute_batch(trigger).unwrap();
        let why = format!("unexpected trigger '{name}'");
        refused(
            &env,
            &["secret", "remove", "doomed", "--revoke-tokens", "--yes"],
            &why,
        );
        check_and_info_refuse(&env, &why);

        env.sqlite()
            .execute_batch(&format!("DROP TRIGGER {name}"))
            .unwrap();
        assert_active(&env, &token, &[]);
        env.tk(&["secret", "remove", "doomed", "--revoke-tokens", "--yes"])
            .run()
            .ok();
        assert_reason(&env, &token, &[], "revoked");
        env.tk(&["store", "check"]).run().ok();
    }
}

// ------------------------------------------------------- random tampering

/// A store with a row in every table (two secrets, an active and a revoked
/// token, a session), checkpointed into the one file.
struct Base {
    bytes: Vec<u8>,
    token: String,
}

fn base_store() -> Base {
    let env = TestEnv::init();
    env.tk(&["secret", "add", "second", "--generate"])
        .run()
        .ok();
    let token = mint(&env, "kept", &[]);
    mint(&env, "gone", &["--secret", "second"]);
    env.tk(&["token", "revoke", "gone", "--yes"]).run().ok();
    env.tk(&["unlock"]).run().ok();
    env.sqlite()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    Base {
        bytes: env.store_bytes(),
        token,
    }
}

/// A column of `table` to index.
fn column_of(table: &str) -> &'static str {
    match table {
        "header" => "format",
        "config" => "version",
        "secrets" => "algorithm",
        _ => "created_at",
    }
}

/// One edit of `table`'s part of the schema, chosen by `rng`: what it is,
/// and the SQL that makes it.
fn tampering(rng: &mut Rng, table: &str) -> (String, String) {
    let index = match table {
        "tokens" => Some(("tokens_name", "tokens (name)")),
        "sessions" => Some(("sessions_expiry", "sessions (expires_at, id)")),
        _ => None,
    };
    loop {
        let sql = match rng.below(8) {
            0 => {
                let when = ["BEFORE", "AFTER"][rng.below(2)];
                let what = ["INSERT", "UPDATE", "DELETE"][rng.below(3)];
                format!(
                    "CREATE TRIGGER planted {when} {what} ON {table} BEGIN SELECT RAISE(IGNORE); END;"
                )
            }
            1 => format!("CREATE VIEW planted AS SELECT * FROM {table};"),
            2 => format!("CREATE INDEX planted ON {table} ({});", column_of(table)),
            3 => format!("CREATE TABLE planted_{table} (x);"),
            4 => match index {
                Some((name, _)) => format!("DROP INDEX {name};"),
                None => continue,
            },
            5 => format!("ALTER TABLE {table} ADD COLUMN planted TEXT;"),
            6 => match index {
                Some((name, on)) => format!("DROP INDEX {name}; CREATE INDEX {name} ON {on};"),
                None => continue,
            },
            _ => {
                let edit = [
                    "replace(sql, ' NOT NULL', ' NOT NULL DEFAULT 0')",
                    "replace(sql, '(', '(  ')",
                    "sql || ' '",
                ][rng.below(3)];
                format!(
                    "PRAGMA writable_schema = ON;
                     UPDATE sqlite_schema SET sql = {edit} WHERE type = 'table' AND name = '{table}';
                     PRAGMA writable_schema = OFF;"
                )
            }
        };
        return (sql.split_whitespace().collect::<Vec<_>>().join(" "), sql);
    }
}

/// Apply `sql` as an attacker with their own connection, bumping the schema
/// version so that every connection reads the edited schema.
fn tamper(env: &TestEnv, sql: &str) {
    let conn = env.sqlite();
    conn.execute_batch(sql).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA schema_version", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA writable_schema = ON; PRAGMA schema_version = {}; PRAGMA writable_schema = OFF;",
        v + 1
    ))
    .unwrap();
}

#[test]
fn any_schema_tampering_is_refused_by_every_command_and_changes_nothing() {
    let base = base_store();
    let mut rng = Rng::new("schema tampering");
    let commands: [&[&str]; 9] = [
        &["token", "verify", &base.token],
        &["token", "list"],
        &["token", "revoke", "kept", "--yes"],
        &["secret", "list"],
        &["store", "info"],
        &["store", "check"],
        &["lock"],
        &["unlock"],
        &["token", "create", "--name", "fresh"],
    ];
    for round in 0..scale(6, 40) {
        for table in TABLES {
            let env = TestEnv::new();
            install(&env, &base.bytes);
            let (what, sql) = tampering(&mut rng, table);
            tamper(&env, &sql);
            let args = commands[rng.below(commands.len())];
            let before = snapshot(&env);
            let run = env.tk(args).run();
            assert_eq!(
                run.code(),
                4,
                "round {round}: after `{what}`, {args:?} exited {}:\n{}",
                run.code(),
                run.stderr()
            );
            assert!(
                run.stderr().contains("schema"),
                "round {round}: `{what}`, {args:?}: {}",
                run.stderr()
            );
            assert_eq!(run.stdout(), "", "round {round}: `{what}`, {args:?}");
            assert_eq!(
                snapshot(&env),
                before,
                "round {round}: after `{what}`, {args:?} changed the store"
            );
        }
    }
}
