//! `tokenctl unlock` and `tokenctl lock`

use chrono::{Duration, Utc};
use secrecy::ExposeSecret;
use serde_json::json;
use zeroize::Zeroizing;

use super::deliver::{Delivery, Undo};
use super::Ctx;
use crate::cli::UnlockArgs;
use crate::error::{Error, Result};
use crate::store::Ended;
use crate::token::time::{self, rfc3339};
use crate::ui;

/// The longest session `unlock` starts.
const MAX_TTL: Duration = Duration::hours(24);

fn parse_ttl(s: &str) -> Result<Duration> {
    let ttl = time::parse_duration(s).map_err(|e| Error::usage(format!("--ttl: {e}")))?;
    if ttl < Duration::seconds(1) {
        return Err(Error::usage("--ttl must be at least 1s"));
    }
    if ttl > MAX_TTL {
        return Err(Error::usage(format!(
            "--ttl {s} is longer than the 24h a session may last"
        ))
        .with_hint("run `tokenctl unlock` again when the session ends"));
    }
    Ok(ttl)
}

pub(super) fn unlock(ctx: &Ctx, args: &UnlockArgs) -> Result<()> {
    let ttl = parse_ttl(&args.ttl)?;
    // A session never starts another: the passphrase is required.
    let store = ctx.open_store()?;
    let (mut unlocked, passphrase) = ctx.unlock_with_passphrase(store)?;
    drop(passphrase);
    let now = Utc::now();
    let delivery = Delivery::begin()?;
    let session = delivery.record(|| {
        let session = unlocked.start_session(now + ttl)?;
        // A session key nobody received must not stay usable.
        let key = session.key.clone();
        let undo = Undo::new(
            move || {
                unlocked.end_session(&key)?;
                Ok("the session was ended".to_string())
            },
            "run `tokenctl lock` to end it",
        );
        Ok((session, undo))
    })?;
    let expires = rfc3339(session.expires_at);
    let text = Zeroizing::new(if ctx.global.json {
        let mut s = serde_json::to_string_pretty(&json!({
            "session": session.key.as_str(),
            "expires_at": expires,
        }))
        .map_err(|e| Error::store(e.to_string()))?;
        s.push('\n');
        s
    } else if args.export || ui::stdout_is_terminal() {
        format!("export TOKENCTL_SESSION={}\n", session.key.as_str())
    } else {
        format!("{}\n", session.key.as_str())
    });
    delivery.print(text.as_bytes(), "session key")?;
    delivery.finish();
    ctx.notes.say(format!(
        "Session expires at {expires} ({}); `tokenctl lock` ends it sooner. \
         Anyone holding the key can use the store until then.",
        time::relative(session.expires_at, now)
    ));
    Ok(())
}

pub(super) fn lock(ctx: &Ctx) -> Result<()> {
    // With a session in TOKENCTL_SESSION the log names its member; without
    // one, `lock` still works and is logged as unauthenticated.
    let session = crate::input::env_secret(super::ctx::ENV_SESSION);
    let by_session = session.and_then(|s| {
        let mut u = ctx
            .open_store()
            .ok()?
            .unlock_session(s.expose_secret())
            .ok()?;
        u.set_label(ctx.label());
        Some(u)
    });
    let ended = match by_session {
        Some(mut u) => u.lock()?,
        None => ctx.open_store()?.lock()?,
    };
    if ctx.global.json {
        ui::print_json(&json!({ "ended": ended.sessions }))?;
    }
    ctx.notes.say(match ended.sessions {
        0 => "No sessions were open.".to_string(),
        1 => "Ended 1 session.".to_string(),
        n => format!("Ended {n} sessions."),
    });
    warn_unwiped(ctx, &ended);
    Ok(())
}

/// Say so when ended sessions may still be readable in the -wal.
pub(super) fn warn_unwiped(ctx: &Ctx, ended: &Ended) {
    if ended.sessions > 0 && !ended.wiped {
        ctx.notes.warn(
            "another process is reading the store, so its -wal file may still hold the ended \
             sessions' sealed keys; run `tokenctl lock` again when it has finished",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_bounds() {
        assert_eq!(parse_ttl("15m").unwrap(), Duration::minutes(15));
        assert_eq!(parse_ttl("24h").unwrap(), Duration::hours(24));
        assert_eq!(parse_ttl("24h1s").unwrap_err().exit_code(), 2);
        assert_eq!(parse_ttl("0s").unwrap_err().exit_code(), 2);
        assert_eq!(parse_ttl("soon").unwrap_err().exit_code(), 2);
    }
}
