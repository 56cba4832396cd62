//! The store's policy: per token type, the longest lifetime a token may
//! have and whether it must name an audience. `token create` refuses what
//! breaks it; `verify` and `serve` treat such a token as inactive.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::TokenType;

/// What every token of one type must keep to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// The type it applies to.
    pub token_type: TokenType,
    /// The longest lifetime (expiry minus creation), in seconds.
    pub max_ttl: u64,
    /// Whether the token must carry an `aud`.
    #[serde(default)]
    pub require_audience: bool,
}

/// The rule for `token_type`, if the policy has one.
pub fn rule_for(rules: &[Rule], token_type: TokenType) -> Option<&Rule> {
    rules.iter().find(|r| r.token_type == token_type)
}

/// A duration in the units the user wrote them in: `2h`, `90m`, `30d`.
pub fn human(secs: u64) -> String {
    const UNITS: [(u64, &str); 4] = [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")];
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut left = secs;
    for (size, unit) in UNITS {
        if left >= size {
            out.push_str(&format!("{}{unit}", left / size));
            left %= size;
        }
    }
    out
}

/// Why a token of `token_type`, made at `created` to expire at `expires`
/// (never: `None`) with `audiences`, breaks the policy; `None` when it keeps to it.
pub fn breach(
    rules: &[Rule],
    token_type: TokenType,
    created: DateTime<Utc>,
    expires: Option<DateTime<Utc>>,
    has_audience: bool,
) -> Option<String> {
    let rule = rule_for(rules, token_type)?;
    let limit = human(rule.max_ttl);
    match expires {
        None => {
            return Some(format!(
                "{token_type} tokens must expire within {limit} (policy)"
            ))
        }
        Some(exp) => {
            let lifetime = (exp - created).num_seconds();
            if lifetime > i64::try_from(rule.max_ttl).unwrap_or(i64::MAX) {
                return Some(format!(
                    "{token_type} tokens may live at most {limit} (policy); this one would live {}",
                    human(lifetime.unsigned_abs())
                ));
            }
        }
    }
    if rule.require_audience && !has_audience {
        return Some(format!(
            "{token_type} tokens must name an audience (policy: --require audience)"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn lifetimes_over_the_limit_and_missing_audiences_break_it() {
        let rules = [Rule {
            token_type: TokenType::Development,
            max_ttl: 7200,
            require_audience: true,
        }];
        let t = Utc::now();
        let dev = TokenType::Development;
        assert_eq!(
            breach(&rules, dev, t, Some(t + Duration::hours(2)), true),
            None
        );
        assert_eq!(
            breach(&rules, dev, t, Some(t + Duration::hours(3)), true).as_deref(),
            Some("development tokens may live at most 2h (policy); this one would live 3h")
        );
        assert!(breach(&rules, dev, t, None, true).is_some());
        assert!(breach(&rules, dev, t, Some(t + Duration::hours(1)), false).is_some());
        assert_eq!(breach(&rules, TokenType::Production, t, None, false), None);
        assert_eq!(human(5400), "1h30m");
        assert_eq!(human(86_400 * 30), "30d");
    }
}
