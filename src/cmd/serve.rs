//! `tokenctl serve`

use super::Ctx;
use crate::cli::ServeArgs;
use crate::error::{Error, Result};
use crate::serve::{self, ServeError};
use crate::ui;

pub(super) fn run(ctx: &Ctx, args: &ServeArgs) -> Result<()> {
    if let Some(url) = &args.public_url {
        if !(url.starts_with("http://") || url.starts_with("https://"))
            || url.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(Error::usage(format!(
                "--public-url {} is not an http:// or https:// URL",
                ui::clean(url)
            )));
        }
    }
    let tls = args.tls_cert.clone().zip(args.tls_key.clone());
    let unlocked = ctx.unlock("`tokenctl serve`")?;
    let config = serve::Config {
        listen: args.listen,
        tls,
        max_connections: args.max_connections as usize,
        public_url: args.public_url.clone(),
        access_log: !ctx.global.quiet,
    };
    let json = ctx.global.json;
    let result = serve::run(unlocked, config, |started| {
        if json {
            let _ = ui::print_json(&serde_json::json!({
                "listen": started.addr.to_string(),
                "url": started.url,
            }));
        }
        ctx.notes.say(format!("Serving on {}", started.url));
    });
    match result {
        Ok(()) => {
            ctx.notes.say("Stopped.");
            Ok(())
        }
        Err(ServeError::Store(e)) => Err(e.into()),
        Err(ServeError::Tls(why)) => Err(Error::usage(why)),
        Err(e @ ServeError::Bind { .. }) => Err(Error::store(e.to_string())
            .with_hint("is another server listening there? pass --listen ADDR:PORT")),
        Err(e) => Err(Error::store(e.to_string())),
    }
}
