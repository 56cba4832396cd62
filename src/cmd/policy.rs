//! `tokenctl policy set | show | unset`

use super::Ctx;
use crate::cli::{PolicyCommand, PolicySetArgs, PolicyUnsetArgs};
use crate::error::{Error, Result};
use crate::token::policy::{human, Rule};
use crate::token::TokenType;
use crate::ui::{self, table};

pub(super) fn run(ctx: &Ctx, cmd: PolicyCommand) -> Result<()> {
    match cmd {
        PolicyCommand::Set(args) => set(ctx, &args),
        PolicyCommand::Show => show(ctx),
        PolicyCommand::Unset(args) => unset(ctx, &args),
    }
}

fn set(ctx: &Ctx, args: &PolicySetArgs) -> Result<()> {
    let token_type: TokenType = args.token_type.parse().map_err(Error::usage)?;
    let max_ttl = super::key::seconds("--max-ttl", &args.max_ttl)?;
    let mut require_audience = false;
    for what in &args.require {
        match what.as_str() {
            "audience" | "aud" => require_audience = true,
            other => {
                return Err(Error::usage(format!(
                    "--require {}: only audience can be required",
                    other.escape_debug()
                )))
            }
        }
    }
    let mut unlocked = ctx.unlock("`tokenctl policy set`")?;
    let rule = Rule {
        token_type,
        max_ttl,
        require_audience,
    };
    unlocked.set_policy(Some(rule.clone()), token_type)?;
    if ctx.global.json {
        ui::print_json(&rule)?;
    }
    ctx.notes.say(format!("Policy: {}", describe(&rule)));
    Ok(())
}

fn describe(r: &Rule) -> String {
    format!(
        "{} tokens live at most {}{}",
        r.token_type,
        human(r.max_ttl),
        if r.require_audience {
            " and name an audience"
        } else {
            ""
        }
    )
}

fn show(ctx: &Ctx) -> Result<()> {
    let unlocked = ctx.unlock_tokens()?;
    let rules = unlocked.config()?.policy;
    if ctx.global.json {
        return ui::print_json(&rules);
    }
    if rules.is_empty() {
        ctx.notes
            .say("No policy. Set one with `tokenctl policy set --type TYPE --max-ttl DUR`.");
        return Ok(());
    }
    let mut t = table::new(&["Type", "Max TTL", "Requires"]);
    for r in &rules {
        table::add_row(
            &mut t,
            vec![
                r.token_type.to_string(),
                human(r.max_ttl),
                if r.require_audience { "audience" } else { "-" }.into(),
            ],
        );
    }
    ui::print_stdout(&table::render(&t))
}

fn unset(ctx: &Ctx, args: &PolicyUnsetArgs) -> Result<()> {
    let token_type: TokenType = args.token_type.parse().map_err(Error::usage)?;
    let mut unlocked = ctx.unlock("`tokenctl policy unset`")?;
    let removed = unlocked.set_policy(None, token_type)?;
    ctx.notes.say(if removed {
        format!("Removed the policy for {token_type} tokens")
    } else {
        format!("There was no policy for {token_type} tokens")
    });
    Ok(())
}
