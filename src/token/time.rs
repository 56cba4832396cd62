//! Durations, expiry times and how times read to a person.
//!
//! `1y` and `1mo` are calendar spans: the same date and time a year or a
//! month later, clamped to the last day of a shorter month (a year after
//! 2028-02-29 is 2029-02-28). `w`, `d`, `h`, `m` and `s` are exact.

use chrono::{DateTime, Months, NaiveDate, TimeZone, Utc};

/// A span as a user writes it: calendar months (a year is twelve) and
/// an exact length in milliseconds, applied in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    months: u32,
    millis: i64,
}

const UNITS: &[(&[&str], Unit)] = &[
    (&["y", "yr", "yrs", "year", "years"], Unit::Months(12)),
    (&["mo", "mon", "month", "months"], Unit::Months(1)),
    (&["w", "week", "weeks"], Unit::Millis(7 * 86_400_000)),
    (&["d", "day", "days"], Unit::Millis(86_400_000)),
    (
        &["h", "hr", "hrs", "hour", "hours"],
        Unit::Millis(3_600_000),
    ),
    (
        &["m", "min", "mins", "minute", "minutes"],
        Unit::Millis(60_000),
    ),
    (
        &["s", "sec", "secs", "second", "seconds"],
        Unit::Millis(1_000),
    ),
    (
        &["ms", "msec", "millisecond", "milliseconds"],
        Unit::Millis(1),
    ),
];

#[derive(Debug, Clone, Copy)]
enum Unit {
    Months(u32),
    Millis(i64),
}

/// Parse a span such as `90m`, `30d`, `1h30m`, `1y` or `2 weeks`.
pub fn parse_span(s: &str) -> Result<Span, String> {
    let bad = || {
        format!(
            "invalid duration '{}' (try 90m, 30d, 1h30m, 1mo, 1y)",
            s.escape_debug()
        )
    };
    let mut span = Span::default();
    let mut rest = s.trim();
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return Err(bad());
        }
        let n: i64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = rest[digits..].trim_start();
        let letters = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let word = rest[..letters].to_ascii_lowercase();
        rest = rest[letters..].trim_start();
        let unit = UNITS
            .iter()
            .find(|(names, _)| names.contains(&word.as_str()))
            .map(|(_, u)| *u)
            .ok_or_else(bad)?;
        match unit {
            Unit::Months(k) => {
                let add = u32::try_from(n)
                    .ok()
                    .and_then(|n| n.checked_mul(k))
                    .ok_or_else(|| format!("duration '{s}' is too long"))?;
                span.months = span
                    .months
                    .checked_add(add)
                    .ok_or_else(|| format!("duration '{s}' is too long"))?;
            }
            Unit::Millis(k) => {
                span.millis = n
                    .checked_mul(k)
                    .and_then(|v| span.millis.checked_add(v))
                    .ok_or_else(|| format!("duration '{s}' is too long"))?;
            }
        }
    }
    Ok(span)
}

impl Span {
    /// The time this span after `t`; `None` past chrono's range.
    pub fn after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        t.checked_add_months(Months::new(self.months))?
            .checked_add_signed(chrono::Duration::milliseconds(self.millis))
    }

    /// The span as an exact length; calendar months and years have none.
    pub fn exact(&self) -> Result<chrono::Duration, String> {
        if self.months > 0 {
            return Err(
                "months and years are calendar spans; give this one in w, d, h, m or s".into(),
            );
        }
        Ok(chrono::Duration::milliseconds(self.millis))
    }
}

/// Parse an exact duration: `30s`, `2m`, `1h30m`, `7d`, `500ms` (no months or years).
pub fn parse_duration(s: &str) -> Result<chrono::Duration, String> {
    parse_span(s)
        .map_err(|_| {
            format!(
                "invalid duration '{}' (try 30s, 15m, 1h30m, 2d)",
                s.escape_debug()
            )
        })?
        .exact()
}

/// Parse an absolute time: RFC 3339, or a date meaning midnight UTC.
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0)?).into()
}

/// Parse `--expiry`: `never` (None), a span from `now`, an RFC 3339 time
/// or a date. A time that is not in the future is an error.
pub fn parse_expiry(s: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    let at = match parse_time(s) {
        Some(t) => t,
        None => {
            let span = parse_span(s).map_err(|_| {
                format!(
                    "invalid expiry '{}': use never, a duration (1h, 90m, 30d, 1h30m, 1mo, 1y), an RFC 3339 time or a date",
                    s.escape_debug()
                )
            })?;
            span.after(now)
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

/// Parse `--since`: an RFC 3339 time, a date, or a duration before `now`.
pub fn parse_since(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Some(t) = parse_time(s) {
        return Ok(t);
    }
    let span = parse_duration(s).map_err(|_| {
        format!(
            "invalid time '{}': use an RFC 3339 time, a date, or a duration ago (1h, 7d)",
            s.escape_debug()
        )
    })?;
    now.checked_sub_signed(span)
        .ok_or_else(|| format!("'{s}' is too long ago"))
}

/// Parse `--not-before`: an RFC 3339 time, a date, or a span from `now`.
pub fn parse_not_before(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Some(t) = parse_time(s) {
        return Ok(t);
    }
    let span = parse_span(s).map_err(|_| {
        format!(
            "invalid --not-before '{}': use an RFC 3339 time, a date or a duration from now",
            s.escape_debug()
        )
    })?;
    span.after(now)
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

/// A length in the largest unit it reaches, rounded to the nearest whole
/// one: "30 days" (for 29 days and 23 hours), "2 hours", "1 minute".
pub fn approx(secs: u64) -> String {
    const DAY: u64 = 86_400;
    const HOUR: u64 = 3_600;
    let nearest = |unit: u64| (secs + unit / 2) / unit;
    let (n, unit) = if secs >= DAY {
        (nearest(DAY), "day")
    } else if secs >= HOUR {
        match nearest(HOUR) {
            24 => (1, "day"),
            h => (h, "hour"),
        }
    } else if secs >= 60 {
        match nearest(60) {
            60 => (1, "hour"),
            m => (m, "minute"),
        }
    } else {
        (secs, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// An exact length in words: "45 seconds", "1 day", "1 hour 30 minutes".
pub fn human(d: std::time::Duration) -> String {
    let mut secs = d.as_secs();
    if secs == 0 {
        let ms = d.as_millis();
        return format!("{ms} millisecond{}", if ms == 1 { "" } else { "s" });
    }
    let mut parts = Vec::new();
    for (unit, name) in [
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
        (1, "second"),
    ] {
        let n = secs / unit;
        if n > 0 {
            parts.push(format!("{n} {name}{}", if n == 1 { "" } else { "s" }));
            secs %= unit;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn now() -> DateTime<Utc> {
        at(2026, 1, 1)
    }

    #[test]
    fn years_and_months_are_calendar_spans() {
        let exp = |s: &str, from| parse_expiry(s, from).unwrap().unwrap();
        assert_eq!(exp("1y", at(2026, 2, 28)), at(2027, 2, 28));
        assert_eq!(exp("1y", at(2028, 2, 29)), at(2029, 2, 28));
        assert_eq!(exp("1mo", at(2026, 1, 31)), at(2026, 2, 28));
        assert_eq!(exp("1month", at(2026, 3, 15)), at(2026, 4, 15));
        assert_eq!(exp("2years", at(2026, 6, 1)), at(2028, 6, 1));
        assert_eq!(
            exp("1y1d", at(2026, 2, 28)),
            at(2027, 3, 1),
            "months first, then exact days"
        );
    }

    #[test]
    fn exact_units() {
        let n = now();
        let exp = |s: &str| parse_expiry(s, n).unwrap().unwrap() - n;
        assert_eq!(exp("1h"), chrono::Duration::hours(1));
        assert_eq!(exp("90m"), chrono::Duration::minutes(90));
        assert_eq!(exp("1h30m"), chrono::Duration::minutes(90));
        assert_eq!(exp("1h 30m"), chrono::Duration::minutes(90));
        assert_eq!(exp("30d"), chrono::Duration::days(30));
        assert_eq!(exp("2w"), chrono::Duration::days(14));
        assert_eq!(exp("45s"), chrono::Duration::seconds(45));
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
            "1",
            "h",
            "1x",
            "2020-01-01",
            "2026-01-01T12:00:00Z",
            "1h x",
            "99999999999y",
            "9999999999999999999s",
        ] {
            assert!(parse_expiry(bad, n).is_err(), "{bad}");
        }
    }

    #[test]
    fn exact_durations_refuse_calendar_units() {
        assert_eq!(
            parse_duration("15m").unwrap(),
            chrono::Duration::minutes(15)
        );
        assert!(parse_duration("1mo").is_err());
        assert!(parse_duration("1y").is_err());
        assert_eq!(parse_duration("0s").unwrap(), chrono::Duration::zero());
        assert_eq!(
            parse_duration("1500ms").unwrap(),
            chrono::Duration::milliseconds(1500)
        );
    }

    #[test]
    fn lengths_round_to_the_nearest_unit() {
        assert_eq!(approx(30 * 86_400 - 1), "30 days");
        assert_eq!(approx(30 * 86_400 - 13 * 3_600), "29 days");
        assert_eq!(approx(2 * 3_600 - 1), "2 hours");
        assert_eq!(approx(24 * 3_600 - 60), "1 day");
        assert_eq!(approx(59 * 60 + 50), "1 hour");
        assert_eq!(approx(59), "59 seconds");
        assert_eq!(approx(1), "1 second");
        let n = now();
        assert_eq!(
            relative(n + chrono::Duration::minutes(59), n),
            "in 59 minutes"
        );
        assert_eq!(relative(n - chrono::Duration::days(2), n), "2 days ago");
    }

    #[test]
    fn human_wording() {
        use std::time::Duration;
        assert_eq!(human(Duration::from_secs(45)), "45 seconds");
        assert_eq!(human(Duration::from_secs(86_400)), "1 day");
        assert_eq!(human(Duration::from_secs(5_400)), "1 hour 30 minutes");
        assert_eq!(human(Duration::from_millis(1)), "1 millisecond");
    }
}
