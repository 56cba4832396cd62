//! A store on PostgreSQL: the URL and how the password is found, a server
//! that is not there, a database that holds a store or none, edits made
//! with the database administrator's rights, and `store copy` between a
//! file and a database. The stories every store shares run on both kinds
//! (see `on_every_store!`); these are what only a database has, or what
//! crosses from one kind to the other.

use std::os::unix::fs::PermissionsExt;

use serde_json::Value;

use crate::support::env::{Backend, TestEnv};
use crate::support::postgres::{self, ROLE_PASSWORD};
use crate::support::tokens::{list, mint};

/// A scratch environment on PostgreSQL, or `None` where it cannot run.
fn on_postgres() -> Option<TestEnv> {
    TestEnv::on(Backend::Postgres)
}

#[test]
fn a_password_in_the_store_url_is_a_usage_error_and_nothing_connects() {
    let env = TestEnv::new();
    for url in [
        "postgres://tokenctl:hunter2@127.0.0.1:1/tokens",
        "postgresql://tokenctl:@db.example.com/tokens",
    ] {
        env.tk(&["--store", url, "store", "info"]).run().expect(2).stderr_is(
            "tokenctl: refusing a password inside the store URL (it would be kept in shell history and shown in process lists)\n\
             hint: set PGPASSWORD, or keep the password in PGPASSFILE or ~/.pgpass (mode 0600)\n",
        );
    }
    env.tk(&[
        "--store",
        "postgres://u@h/db?sslmode=sometimes",
        "store",
        "info",
    ])
    .run()
    .expect(2)
    .stderr_has("tokenctl: invalid store URL: ");
}

#[test]
fn a_server_that_is_not_there_is_exit_4_with_a_hint_not_a_hang() {
    let env = TestEnv::new();
    // A port nothing listens on: connection refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://tokenctl@127.0.0.1:{port}/tokens");
    // (A hang would end in the invocation's own timeout, failing the test.)
    let run = env.tk(&["--store", &url, "token", "list"]).run().expect(4);
    let stderr = run.stderr();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with(&format!(
            "tokenctl: cannot connect to the database server at 127.0.0.1:{port}: "
        )),
        "{stderr}"
    );
    assert_eq!(
        lines[1],
        "hint: check that the server is running, the host, port and user in the store URL, and PGPASSWORD or ~/.pgpass"
    );
}

#[test]
fn init_twice_in_one_database_is_exit_5_and_a_database_without_a_store_is_exit_4() {
    let Some(env) = on_postgres() else { return };
    let url = env.location().into_string().unwrap();
    env.tk(&["token", "list"]).run().expect(4).stderr_is(&format!(
        "tokenctl: no store in the database {url}\nhint: run `tokenctl init` to create one, or pass --store PATH\n"
    ));
    env.init_store().ok();
    let info = env.tk(&["store", "info", "--json"]).run().ok().json();
    assert_eq!(info["path"], url.as_str());
    assert_eq!(info["format_version"], tokenctl::store::current_version());
    assert!(
        info["server"].as_str().unwrap().starts_with("PostgreSQL "),
        "{info}"
    );
    env.init_store().expect(5).stderr_is(&format!(
        "tokenctl: a store already exists in the database {url}\n\
         hint: tokenctl init never overwrites a store; name another database in --store\n"
    ));
    // The first store is untouched.
    env.tk(&["store", "check"]).run().ok();
}

#[test]
fn the_password_comes_from_pgpassword_or_a_private_pgpass_file() {
    let Some(env) = on_postgres() else { return };
    let db = env.pg.as_ref().unwrap();
    let port = db.port();
    let tcp = db.tcp_url(&format!(
        "sslmode=verify-full&sslrootcert={}",
        db.ca().display()
    ));
    let mut env = env;
    env.canaries.push(ROLE_PASSWORD.into());
    let run = |env: &TestEnv, vars: &[(&str, &str)]| {
        let mut inv = env
            .tk(&["--store", &tcp, "token", "list"])
            .env_remove("PGPASSWORD")
            .env_remove("PGPASSFILE");
        for (k, v) in vars {
            inv = inv.env(k, v);
        }
        inv.run()
    };
    // No password anywhere: the server refuses the login.
    env.init_store().ok();
    run(&env, &[]).expect(4).stderr_has(&format!(
        "cannot connect to the database server at localhost:{port}: "
    ));
    let wrong = run(&env, &[("PGPASSWORD", "not-it")]).expect(4);
    assert!(
        wrong.stderr().contains("password authentication failed"),
        "{}",
        wrong.stderr()
    );
    run(&env, &[("PGPASSWORD", ROLE_PASSWORD)]).ok();
    // ~/.pgpass (HOME is the scratch directory), only when others cannot read it.
    let pgpass = env.file(
        ".pgpass",
        format!("localhost:{port}:*:tokenctl:{ROLE_PASSWORD}\n"),
    );
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    run(&env, &[]).expect(4);
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    run(&env, &[]).ok();
    // PGPASSFILE names another file.
    let other = env.file("elsewhere", format!("*:*:*:*:{ROLE_PASSWORD}\n"));
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::remove_file(&pgpass).unwrap();
    run(&env, &[("PGPASSFILE", other.to_str().unwrap())]).ok();
}

/// Over TCP the test server takes only TLS: the certificate is checked
/// against `sslrootcert` (or the system's roots), and with `verify-full`
/// (and `require`, `prefer`) for the host name too.
#[test]
fn tls_to_the_server_is_verified_as_sslmode_asks() {
    let Some(env) = on_postgres() else { return };
    env.init_store().ok();
    let db = env.pg.as_ref().unwrap();
    let ca = db.ca().display().to_string();
    let run = |url: String| {
        env.tk(&["--store", &url, "token", "list"])
            .env("PGPASSWORD", ROLE_PASSWORD)
            .run()
    };
    for mode in ["verify-full", "require", "prefer"] {
        run(db.tcp_url(&format!("sslmode={mode}&sslrootcert={ca}"))).ok();
    }
    // The chain ends in no root this machine trusts.
    let untrusted = run(db.tcp_url("sslmode=verify-full")).expect(4).stderr();
    assert!(untrusted.contains("UnknownIssuer"), "{untrusted}");
    // The certificate is for localhost, not for 127.0.0.1: only verify-ca,
    // which checks the chain alone, accepts it under that name.
    let port = db.port();
    let by_ip = |mode: &str| {
        format!(
            "postgres://tokenctl@127.0.0.1:{port}/{}?sslmode={mode}&sslrootcert={ca}",
            db.name
        )
    };
    let wrong_name = run(by_ip("verify-full")).expect(4).stderr();
    assert!(
        wrong_name.contains("certificate not valid for name \"127.0.0.1\""),
        "{wrong_name}"
    );
    assert!(
        wrong_name.ends_with(
            "\nhint: the server's certificate must verify: name its CA with sslrootcert=PATH in the store URL\n"
        ),
        "{wrong_name}"
    );
    run(by_ip("verify-ca")).ok();
    // Without TLS the server refuses the login.
    let plain = run(db.tcp_url("sslmode=disable")).expect(4).stderr();
    assert!(plain.contains("no encryption"), "{plain}");
}

crate::on_every_store! {
    /// A token row edited by whoever can write the store but has no
    /// passphrase: the file's owner with `sqlite3`, the database
    /// administrator with `psql` (here, the same statements through a
    /// superuser connection). Each edit is exit 4 from the next command
    /// that reads the row.
    fn rows_edited_without_the_passphrase_are_exit_4(env: TestEnv) {
        env.init_store().ok();
        let revoked = mint(&env, "revoked", &[]);
        mint(&env, "other", &[]);
        env.tk(&["token", "revoke", "revoked", "--yes"]).run().ok();
        // Un-revoking by its status column.
        assert_eq!(
            env.attack("UPDATE tokens SET status = 'active' WHERE name = 'revoked'"),
            1
        );
        env.tk(&["token", "verify", &revoked])
            .run()
            .expect(4)
            .stderr_has("tokenctl: store is corrupt or was tampered with: token row ");
        env.tk(&["store", "check"]).run().expect(4);
        env.attack("UPDATE tokens SET status = 'revoked' WHERE name = 'revoked'");
        env.tk(&["store", "check"]).run().ok();
        // One row's sealed record put in another's place.
        env.attack(
            "UPDATE tokens SET sealed = (SELECT sealed FROM tokens WHERE name = 'other')
             WHERE name = 'revoked'",
        );
        env.tk(&["token", "show", "revoked"])
            .run()
            .expect(4)
            .stderr_has("failed authentication");
        env.tk(&["store", "check"]).run().expect(4);
    }
}

#[test]
fn a_row_copied_from_another_store_is_exit_4() {
    let Some(a) = on_postgres() else { return };
    let Some(b) = on_postgres() else { return };
    a.init_store().ok();
    b.init_store().ok();
    let token = mint(&b, "foreign", &[]);
    // The row, every column, from b's database into a's.
    let row =
        b.pg.as_ref()
            .unwrap()
            .admin()
            .query_one(
                "SELECT id, id_key, name, status, secret_kid, token_hash, hash_key, created_at,
                    expires_at, version, sealed FROM tokens WHERE name = 'foreign'",
                &[],
            )
            .unwrap();
    let cols: Vec<String> = (0..row.len())
        .map(|i| match row.columns()[i].type_().name() {
            "bytea" => format!("'\\x{}'::bytea", hex::encode(row.get::<_, Vec<u8>>(i))),
            "int8" => row.get::<_, i64>(i).to_string(),
            _ => match row.get::<_, Option<String>>(i) {
                Some(s) => format!("'{s}'"),
                None => "NULL".into(),
            },
        })
        .collect();
    a.attack(&format!(
        "INSERT INTO tokens (id, id_key, name, status, secret_kid, token_hash, hash_key,
                             created_at, expires_at, version, sealed) VALUES ({})",
        cols.join(", ")
    ));
    a.tk(&["token", "show", "foreign"])
        .run()
        .expect(4)
        .stderr_has("failed authentication");
    a.tk(&["store", "check"]).run().expect(4);
    // Its token, signed by b's secret, is unknown to a in any case.
    a.tk(&["token", "verify", &token]).run().expect(4);
}

#[test]
fn a_trigger_or_a_changed_table_makes_every_command_refuse_the_store() {
    let Some(env) = on_postgres() else { return };
    env.init_store().ok();
    mint(&env, "t", &[]);
    env.tk(&["token", "list"]).run().ok();
    // A trigger that would quietly undo every revocation.
    env.attack(
        "CREATE FUNCTION unrevoke() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN NEW.status := OLD.status; NEW.sealed := OLD.sealed; NEW.version := OLD.version; RETURN NEW; END $$;
         CREATE TRIGGER unrevoke BEFORE UPDATE ON tokens FOR EACH ROW EXECUTE FUNCTION unrevoke();",
    );
    let refused = "tokenctl: store is corrupt or was tampered with: its tables have triggers, rules or row security, or are not plain tables\n\
                   hint: restore the store from a backup; `tokenctl store check` lists what is wrong\n";
    env.tk(&["token", "revoke", "t", "--yes"])
        .run()
        .expect(4)
        .stderr_is(refused);
    env.tk(&["store", "info"])
        .run()
        .expect(4)
        .stderr_is(refused);
    env.attack("DROP TRIGGER unrevoke ON tokens");
    env.tk(&["token", "list"]).run().ok();
    // A column that is not what the schema makes.
    env.attack("ALTER TABLE tokens ADD COLUMN note TEXT");
    env.tk(&["token", "list"]).run().expect(4).stderr_has(
        "tokenctl: store is corrupt or was tampered with: its schema is not what format 11 makes",
    );
}

/// A `serve` whose connections to the database are ended (a restart, a
/// failover, an administrator) answers the next request on a new one.
#[test]
fn serve_reconnects_when_the_database_ends_its_connections() {
    use crate::support::http::introspect;
    use crate::support::serve::{add_client, Server};
    let Some(mut env) = on_postgres() else { return };
    env.init_store().ok();
    let secret = add_client(&mut env, "api");
    let token = mint(&env, "t", &[]);
    let server = Server::start(&env).expect_clean_exit();
    server.forbid(&token);
    let active = |server: &Server| {
        let r = introspect(server.addr, "api", &secret, &token);
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["active"].clone()
    };
    assert_eq!(active(&server), true);
    let ended = env
        .pg
        .as_ref()
        .unwrap()
        .admin()
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get::<_, i64>(0);
    assert!(ended > 0);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(active(&server), true);
    env.tk(&["token", "revoke", "t", "--yes"]).run().ok();
    assert_eq!(active(&server), false);
}

/// Sorted listing of a store, every token, for comparing copies.
fn everything(env: &TestEnv, store: &str) -> (Value, Value) {
    let tokens = env
        .tk(&[
            "--store", store, "token", "list", "--json", "--status", "all",
        ])
        .run()
        .ok()
        .json();
    let secrets = env
        .tk(&["--store", store, "secret", "list", "--json"])
        .run()
        .ok()
        .json();
    (tokens, secrets)
}

#[test]
fn store_copy_from_a_file_to_postgres_and_back_keeps_every_record() {
    let Some(pg) = on_postgres() else { return };
    let env = TestEnv::init();
    let file = env.store.to_str().unwrap().to_string();
    // A store with something of everything: versions, revocations, a batch, clients.
    env.tk(&["secret", "add", "es", "--generate", "-a", "ES256"])
        .run()
        .ok();
    env.tk(&["secret", "rotate", "default"]).run().ok();
    let kept = mint(
        &env,
        "kept",
        &["--type", "production", "--claim", "plan=pro"],
    );
    mint(&env, "gone", &["--secret", "es"]);
    env.tk(&["token", "revoke", "gone", "--yes", "--reason", "left"])
        .run()
        .ok();
    let batch: String = (0..300)
        .map(|i| format!("{{\"name\":\"b{i}\"}}\n"))
        .collect();
    env.tk(&["token", "create", "--batch", "-"])
        .stdin(batch)
        .run()
        .ok();
    env.tk(&["client", "add", "api"]).run().ok();
    let before = everything(&env, &file);

    let url = pg.location().into_string().unwrap();
    let copied = env
        .tk(&["store", "copy", "--to", &url, "--json"])
        .run()
        .ok()
        .json();
    assert_eq!(copied["to"], url.as_str());
    assert!(copied["rows"].as_u64().unwrap() > 300, "{copied}");
    assert_eq!(everything(&env, &url), before);
    env.tk(&["--store", &url, "store", "check"]).run().ok();
    // The copy opens with the same passphrase and verifies the same tokens.
    env.tk(&["--store", &url, "token", "verify", &kept])
        .run()
        .ok();

    let back = env.path("back").join("store.db");
    std::fs::create_dir_all(back.parent().unwrap()).unwrap();
    std::fs::set_permissions(
        back.parent().unwrap(),
        std::fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    let back = back.to_str().unwrap().to_string();
    env.tk(&["--store", &url, "store", "copy", "--to", &back])
        .run()
        .ok();
    assert_eq!(everything(&env, &back), before);
    env.tk(&["--store", &back, "store", "check"]).run().ok();
    // Each copy goes on by itself: new rows after the copied ones.
    env.tk(&["--store", &url, "token", "create", "--name", "after"])
        .run()
        .ok();
    env.tk(&["--store", &back, "token", "create", "--name", "after"])
        .run()
        .ok();
    assert_eq!(list(&env, &["--store", &url])[0]["name"], "after");

    // Never into a destination that holds something.
    env.tk(&["store", "copy", "--to", &url])
        .run()
        .expect(5)
        .stderr_is(&format!(
            "tokenctl: {url} is not empty; a store is copied only into an empty destination\n\
         hint: copy into a new file, or into a database without a store\n"
        ));
    env.tk(&["store", "copy", "--to", &back]).run().expect(5);
}

#[test]
fn a_copy_that_fails_leaves_the_destination_empty() {
    let Some(pg) = on_postgres() else { return };
    let env = TestEnv::init();
    mint(&env, "t", &[]);
    // A record that does not authenticate: nothing is copied.
    env.attack("UPDATE tokens SET status = 'revoked'");
    let url = pg.location().into_string().unwrap();
    env.tk(&["store", "copy", "--to", &url])
        .run()
        .expect(4)
        .stderr_has("(store check lists every problem; nothing was copied)");
    let tables: i64 = pg
        .pg
        .as_ref()
        .unwrap()
        .admin()
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0);
    let file = env.path("copy.db");
    env.tk(&["store", "copy", "--to", file.to_str().unwrap()])
        .run()
        .expect(4);
    assert!(!file.exists());
    // The destination is still usable for a store of its own.
    pg.init_store().ok();
}

#[test]
fn postgres_support_runs_here() {
    // Under CI=true a missing server fails here rather than skipping.
    if postgres::server().is_err() {
        crate::support::system::skip("no PostgreSQL server");
    }
}
