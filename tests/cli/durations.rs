//! Durations as people mean them: a year or a month is a calendar span,
//! lengths read rounded to the nearest unit, and flags that need an exact
//! length say so.

use chrono::{DateTime, Datelike, Utc};

use crate::support::env::TestEnv;
use crate::support::text::cells;
use crate::support::tokens::{mint_json, wait_past};

fn at(v: &serde_json::Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// (created_at, expires_at) of a token minted with `--expiry EXPIRY`.
fn created_and_expiry(env: &TestEnv, name: &str, expiry: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    let json = mint_json(env, name, &["--expiry", expiry]);
    (at(&json["created_at"]), at(&json["expires_at"]))
}

fn same_time_of_day(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    a.time() == b.time()
}

#[test]
fn one_year_is_the_same_date_and_time_a_calendar_year_later() {
    let env = TestEnv::init();
    let (created, expires) = created_and_expiry(&env, "yearly", "1y");
    assert_eq!(expires.year(), created.year() + 1, "{created} -> {expires}");
    assert_eq!(expires.month(), created.month(), "{created} -> {expires}");
    let leap_day = (created.month(), created.day()) == (2, 29);
    assert_eq!(
        expires.day(),
        if leap_day { 28 } else { created.day() },
        "{created} -> {expires}"
    );
    assert!(same_time_of_day(created, expires), "{created} -> {expires}");
}

#[test]
fn one_month_is_the_same_time_in_the_next_calendar_month() {
    let env = TestEnv::init();
    let (created, expires) = created_and_expiry(&env, "monthly", "1mo");
    let (year, month) = match created.month() {
        12 => (created.year() + 1, 1),
        m => (created.year(), m + 1),
    };
    assert_eq!(
        (expires.year(), expires.month()),
        (year, month),
        "{created} -> {expires}"
    );
    if created.day() <= 28 {
        assert_eq!(expires.day(), created.day(), "{created} -> {expires}");
    }
    assert!(same_time_of_day(created, expires), "{created} -> {expires}");
}

#[test]
fn a_fresh_token_lists_the_whole_units_it_was_given() {
    let env = TestEnv::init();
    mint_json(&env, "month", &["--expiry", "30d"]);
    let last = mint_json(&env, "hours", &["--expiry", "2h"]);
    wait_past(&last["created_at"]);
    let table = env.tk(&["token", "list"]).run().ok().stdout();
    let expiry_of = |name: &str| -> String {
        table
            .lines()
            .map(cells)
            .find(|c| c[1] == name)
            .unwrap_or_else(|| panic!("no row for {name}:\n{table}"))[4]
            .to_string()
    };
    assert_eq!(expiry_of("month"), "30 days", "{table}");
    assert_eq!(expiry_of("hours"), "2 hours", "{table}");
}

#[test]
fn leeway_and_ttl_refuse_calendar_spans_naming_the_flag() {
    let env = TestEnv::init();
    let calendar = "months and years are calendar spans; give this one in w, d, h, m or s";
    let run = env
        .tk(&["token", "verify", "--leeway", "1y", "anything"])
        .run()
        .expect(2);
    assert_eq!(run.stderr(), format!("tokenctl: --leeway: {calendar}\n"));
    let run = env.tk(&["unlock", "--ttl", "1mo"]).run().expect(2);
    assert_eq!(run.stderr(), format!("tokenctl: --ttl: {calendar}\n"));
    assert_eq!(run.stdout(), "");
}

#[test]
fn a_bad_leeway_or_ttl_suggests_only_units_the_flag_takes() {
    let env = TestEnv::init();
    for args in [
        &["token", "verify", "--leeway", "soon", "anything"][..],
        &["unlock", "--ttl", "soon"],
    ] {
        let stderr = env.tk(args).run().expect(2).stderr();
        assert!(
            !stderr.contains("1mo") && !stderr.contains("1y"),
            "tokenctl {args:?}: {stderr}"
        );
    }
}
