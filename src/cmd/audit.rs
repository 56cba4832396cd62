//! `tokenctl audit` and `tokenctl audit verify`

use chrono::Utc;
use serde_json::json;

use super::Ctx;
use crate::cli::{AuditArgs, AuditCommand};
use crate::error::{Error, Result};
use crate::store::audit_filter::Filter;
use crate::token::time;
use crate::ui::{self, table};

pub(super) fn run(ctx: &Ctx, args: &AuditArgs) -> Result<()> {
    match args.command {
        Some(AuditCommand::Verify) => verify(ctx),
        None => list(ctx, args),
    }
}

fn list(ctx: &Ctx, args: &AuditArgs) -> Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|s| time::parse_since(s, Utc::now()))
        .transpose()
        .map_err(|e| Error::usage(format!("--since: {e}")))?;
    let filter = Filter {
        since,
        actor: args.actor.clone(),
        action: args.action.clone(),
    };
    let unlocked = ctx.unlock("`tokenctl audit`")?;
    let events = unlocked.audit_events(&filter)?;
    if ctx.global.json {
        let out: Vec<_> = events
            .iter()
            .map(|e| {
                let ids: Vec<&str> = e.tokens.iter().map(|(id, _)| id.as_str()).collect();
                json!({
                    "seq": e.seq,
                    "time": e.time,
                    "actor": e.actor,
                    "label": e.label,
                    "action": e.action,
                    "target": e.target,
                    "outcome": e.outcome,
                    "tokens": ids,
                })
            })
            .collect();
        return ui::print_json(&out);
    }
    if events.is_empty() {
        ctx.notes.say("No audit events match.");
        return Ok(());
    }
    let mut t = table::new(&["#", "Time", "Actor", "Action", "Target", "Outcome"]);
    for e in &events {
        let actor = match &e.label {
            Some(l) => format!("{} ({l})", e.actor),
            None => e.actor.clone(),
        };
        table::add_row(
            &mut t,
            vec![
                e.seq.to_string(),
                e.time.clone(),
                actor,
                e.action.clone(),
                e.target.clone(),
                e.outcome.clone(),
            ],
        );
    }
    ui::print_stdout(&table::render(&t))
}

fn verify(ctx: &Ctx) -> Result<()> {
    let unlocked = ctx.unlock("`tokenctl audit verify`")?;
    let walked = unlocked.audit_verify()?;
    if ctx.global.json {
        ui::print_json(&json!({
            "ok": walked.problem.is_none(),
            "events": walked.events,
            "problem": walked.problem,
        }))?;
    }
    match walked.problem {
        None => {
            ctx.notes.say(format!(
                "Audit log is whole: {} events, each sealed and chained to the one before.",
                walked.events
            ));
            Ok(())
        }
        Some(p) => Err(Error::from(crate::store::StoreError::AuditBroken(p))),
    }
}
