//! Expiry and duration parsing, and human-readable relative times.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// Parse a duration such as `90m`, `30d`, `1h30m`, `1y` (humantime syntax).
pub fn parse_duration(s: &str) -> Result<chrono::Duration, String> {
    let d = humantime::parse_duration(s.trim()).map_err(|e| {
        format!(
            "invalid duration '{}': {e} (try 90m, 30d, 1h30m, 1y)",
            s.escape_debug()
        )
    })?;
    chrono::Duration::from_std(d).map_err(|_| format!("duration '{s}' is too long"))
}

/// Parse an absolute time: RFC 3339, or a date meaning midnight UTC.
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0)?).into()
}

/// Parse `--expiry`: `never` (None), a duration from `now`, an RFC 3339 time
/// or a date. A time that is not in the future is an error.
pub fn parse_expiry(s: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    let at = match parse_time(s) {
        Some(t) => t,
        None => {
            let d = parse_duration(s).map_err(|_| {
                format!(
                    "invalid expiry '{}': use never, a duration (1h, 90m, 30d, 1h30m, 1y), an RFC 3339 time or a date",
                    s.escape_debug()
                )
            })?;
            now.checked_add_signed(d)
                .ok_or_else(|| format!("expiry '{s}' is too far away"))?
        }
    };
    if at.timestamp() <= now.timestamp() {
        return Err(format!("expiry {} is not in the future", rfc3339(at)));
    }
    if at.timestamp() > 253_402_300_799 {
        return Err("expiry is after the year 9999".into());
    }
    Ok(Some(at))
}

/// Parse `--not-before`: an RFC 3339 time, a date, or a duration from `now`.
pub fn parse_not_before(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Some(t) = parse_time(s) {
        return Ok(t);
    }
    let d = parse_duration(s).map_err(|_| {
        format!(
            "invalid --not-before '{}': use an RFC 3339 time, a date or a duration from now",
            s.escape_debug()
        )
    })?;
    now.checked_add_signed(d)
        .ok_or_else(|| format!("--not-before '{s}' is too far away"))
}

/// RFC 3339 UTC with whole seconds, as every output writes times.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A Unix timestamp as a UTC time, if in range.
pub fn from_unix(secs: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(secs, 0).single()
}

/// "in 59 minutes", "2 days ago", "now".
pub fn relative(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (t - now).num_seconds();
    if secs == 0 {
        return "now".into();
    }
    let span = approx(secs.unsigned_abs());
    if secs > 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

/// Whole units, largest first: "59 minutes", "2 days", "1 second".
pub fn approx(secs: u64) -> String {
    let (n, unit) = if secs >= 86_400 {
        (secs / 86_400, "day")
    } else if secs >= 3_600 {
        (secs / 3_600, "hour")
    } else if secs >= 60 {
        (secs / 60, "minute")
    } else {
        (secs, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn expiry_forms() {
        let n = now();
        assert_eq!(parse_expiry("never", n), Ok(None));
        assert_eq!(
            parse_expiry("1h", n).unwrap().unwrap() - n,
            chrono::Duration::hours(1)
        );
        assert_eq!(
            parse_expiry("90m", n).unwrap().unwrap() - n,
            chrono::Duration::minutes(90)
        );
        assert_eq!(
            parse_expiry("1h30m", n).unwrap().unwrap() - n,
            chrono::Duration::minutes(90)
        );
        assert_eq!(
            parse_expiry("30d", n).unwrap().unwrap() - n,
            chrono::Duration::days(30)
        );
        assert!(parse_expiry("1y", n).unwrap().unwrap() - n >= chrono::Duration::days(365));
        assert_eq!(
            parse_expiry("2027-03-04", n).unwrap().unwrap(),
            Utc.with_ymd_and_hms(2027, 3, 4, 0, 0, 0).unwrap()
        );
        assert_eq!(
            parse_expiry("2027-03-04T05:06:07+02:00", n)
                .unwrap()
                .unwrap(),
            Utc.with_ymd_and_hms(2027, 3, 4, 3, 6, 7).unwrap()
        );
    }

    #[test]
    fn bad_and_past_expiry() {
        let n = now();
        for bad in [
            "",
            "soon",
            "-1h",
            "0s",
            "2020-01-01",
            "2026-01-01T12:00:00Z",
            "1h x",
            "99999999999y",
        ] {
            assert!(parse_expiry(bad, n).is_err(), "{bad}");
        }
    }

    #[test]
    fn relative_text() {
        let n = now();
        assert_eq!(
            relative(n + chrono::Duration::minutes(59), n),
            "in 59 minutes"
        );
        assert_eq!(relative(n - chrono::Duration::days(2), n), "2 days ago");
        assert_eq!(relative(n + chrono::Duration::seconds(1), n), "in 1 second");
    }
}
