//! Every key the attribute grammar accepts, in one place: the parser matches against these
//! constants, and the same lists produce "expected one of" and "did you mean" (as
//! `serde_derive/src/internals/symbol.rs` does for serde's attributes).

/// `allow(..)`: an Allow statement.
pub const ALLOW: &str = "allow";
/// `deny(..)`: a Deny statement.
pub const DENY: &str = "deny";
/// `uses(path, ..)`: take on the permissions of `#[requires]` helpers.
pub const USES: &str = "uses";
/// `function = ".."`: the Lambda function's name (handler only).
pub const FUNCTION: &str = "function";
/// `vpc`: the function runs in a VPC (handler only).
pub const VPC: &str = "vpc";
/// `log_group = ".."`: a custom log group (handler only).
pub const LOG_GROUP: &str = "log_group";

/// `tracing`: active X-Ray tracing (handler only).
pub const TRACING: &str = crate::deploy::TRACING;
/// `trigger(..)`: a service or URL that invokes the function (handler only).
pub const TRIGGER: &str = crate::deploy::TRIGGER;
/// `event_source(..)`: a queue or stream Lambda polls for the function (handler only).
pub const EVENT_SOURCE: &str = crate::deploy::EVENT_SOURCE;
/// `on_failure(..)`: where failed asynchronous invocations go (handler only).
pub const ON_FAILURE: &str = crate::deploy::ON_FAILURE;
/// `kms(..)`: a KMS key the function's data is encrypted with (handler only).
pub const KMS: &str = crate::deploy::KMS;

/// `actions = ..` inside a statement (keyed form).
pub const ACTIONS: &str = "actions";
/// `resources = ..` inside a statement (keyed form).
pub const RESOURCES: &str = "resources";
/// `condition(OPERATOR, KEY, VALUE)` inside a statement.
pub const CONDITION: &str = "condition";
/// `reason = ".."` inside a statement.
pub const REASON: &str = "reason";

/// The items of an attribute, in the order the docs list them.
pub const ITEMS: &[&str] = &[
    ALLOW,
    DENY,
    USES,
    FUNCTION,
    VPC,
    LOG_GROUP,
    TRACING,
    TRIGGER,
    EVENT_SOURCE,
    ON_FAILURE,
    KMS,
];
/// The items only `#[handler]` accepts.
pub const HANDLER_ONLY: &[&str] = &[
    FUNCTION,
    VPC,
    LOG_GROUP,
    TRACING,
    TRIGGER,
    EVENT_SOURCE,
    ON_FAILURE,
    KMS,
];
/// The keyed arguments of `allow(..)` / `deny(..)`.
pub const STATEMENT_KEYS: &[&str] = &[ACTIONS, RESOURCES, CONDITION, REASON];

/// "`a`, `b` or `c`"-style list: "`allow`, `deny`, `uses`, `function`, `vpc`, `log_group`".
pub fn expected_one_of(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The key `written` was probably meant to be: a case-insensitive match first, then the closest
/// key within an edit distance of a third of its length (at least 1).
pub fn suggest<'k>(written: &str, keys: &[&'k str]) -> Option<&'k str> {
    if let Some(key) = keys.iter().find(|k| k.eq_ignore_ascii_case(written)) {
        return Some(key);
    }
    let limit = (written.chars().count() / 3).max(1);
    keys.iter()
        .map(|k| (edit_distance(&written.to_ascii_lowercase(), k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The one edit distance of the crate (optimal string alignment, ASCII case ignored).
pub use crate::lookup::edit_distance;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keys_in_backticks() {
        assert_eq!(
            expected_one_of(ITEMS),
            "`allow`, `deny`, `uses`, `function`, `vpc`, `log_group`, `tracing`, `trigger`, \
             `event_source`, `on_failure`, `kms`"
        );
    }

    #[test]
    fn suggests_case_insensitive_matches_first() {
        assert_eq!(suggest("Allow", ITEMS), Some("allow"));
        assert_eq!(suggest("LOG_GROUP", ITEMS), Some("log_group"));
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(suggest("alow", ITEMS), Some("allow"));
        assert_eq!(suggest("dney", ITEMS), Some("deny"));
        assert_eq!(suggest("loggroup", ITEMS), Some("log_group"));
        assert_eq!(suggest("functoin", ITEMS), Some("function"));
        assert_eq!(suggest("resource", STATEMENT_KEYS), Some("resources"));
        assert_eq!(suggest("permit", ITEMS), None);
        assert_eq!(suggest("x", ITEMS), None);
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("abc", "acb"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
