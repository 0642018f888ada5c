//! Rules that look at a whole statement or the whole attribute: duplicates, an `allow` that a
//! `deny` cancels, and the names given to `function` and `log_group`.

use crate::decl::{Attr, ConditionSpec, Effect, Spanned, StatementDecl};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::template::{self, Segment};
use std::collections::BTreeSet;

/// Duplicates inside one statement: an action, a resource or a condition given twice.
pub fn statement(decl: &StatementDecl, diags: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for action in &decl.actions {
        if !seen.insert(action.value.to_ascii_lowercase()) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateItem,
                    action.span,
                    format!("`{}` is already in this statement", action.value),
                )
                .with_help("remove the repeated action"),
            );
        }
    }
    let mut seen = BTreeSet::new();
    for resource in &decl.resources {
        if !seen.insert(resource.value.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateItem,
                    resource.span,
                    format!("`{}` is already in this statement", resource.value),
                )
                .with_help("remove the repeated resource"),
            );
        }
    }
    let mut seen = BTreeSet::new();
    for condition in &decl.conditions {
        if !seen.insert(normalised_condition(condition.to_spec())) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateItem,
                    condition.span,
                    "this condition repeats an earlier one of the statement",
                )
                .with_help("remove the repeated `condition(..)`"),
            );
        }
    }
}

/// A statement's permission without spans, order or letter case of actions: two statements with
/// the same key grant (or deny) the same thing.
type StatementKey = (
    Effect,
    BTreeSet<String>,
    BTreeSet<String>,
    BTreeSet<ConditionSpec>,
);

fn key(decl: &StatementDecl) -> StatementKey {
    (
        decl.effect.value,
        decl.actions
            .iter()
            .map(|a| a.value.to_ascii_lowercase())
            .collect(),
        decl.resources.iter().map(|r| r.value.clone()).collect(),
        decl.conditions
            .iter()
            .map(|c| normalised_condition(c.to_spec()))
            .collect(),
    )
}

fn normalised_condition(mut c: ConditionSpec) -> ConditionSpec {
    c.values.sort();
    c.values.dedup();
    c
}

/// Across the statements of one attribute: a statement that repeats an earlier one, and an
/// `allow` whose action and resource a `deny` with the same conditions cancels.
pub fn attribute(attr: &Attr, diags: &mut Diagnostics) {
    let mut seen: Vec<StatementKey> = Vec::new();
    for decl in &attr.statements {
        let k = key(decl);
        if seen.contains(&k) {
            let name = decl.effect.value.as_str().to_ascii_lowercase();
            diags.push(
                Diagnostic::error(
                    Code::DuplicateItem,
                    decl.effect.span,
                    format!("this `{name}(..)` repeats an earlier statement"),
                )
                .with_help("remove one of the two"),
            );
        } else {
            seen.push(k);
        }
    }
    for (i, later) in attr.statements.iter().enumerate() {
        for earlier in &attr.statements[..i] {
            if later.effect.value == earlier.effect.value {
                continue;
            }
            let (lk, ek) = (key(later), key(earlier));
            if lk.3 != ek.3 {
                continue;
            }
            let Some(action) = later
                .actions
                .iter()
                .find(|a| ek.1.contains(&a.value.to_ascii_lowercase()))
            else {
                continue;
            };
            let Some(resource) = later.resources.iter().find(|r| ek.2.contains(&r.value)) else {
                continue;
            };
            diags.push(
                Diagnostic::error(
                    Code::ConflictingItem,
                    action.span,
                    format!(
                        "`{}` on `{}` is both allowed and denied",
                        action.value, resource.value
                    ),
                )
                .with_help(
                    "a deny overrides every allow: remove the action from one of the two \
                     statements, or narrow the deny with a `condition(..)`",
                ),
            );
        }
    }
}

/// A Lambda function name: 1 to 64 letters, digits, `-` and `_`.
pub fn function_name(name: &Spanned<String>, diags: &mut Diagnostics) {
    let value = &name.value;
    let valid_chars = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let problem = if value.is_empty() {
        Some("the function name is empty".to_string())
    } else if value.chars().count() > 64 {
        Some(format!(
            "`{value}` is longer than the 64 characters of a Lambda function name"
        ))
    } else if !valid_chars {
        Some(format!("`{value}` is not a valid Lambda function name"))
    } else {
        None
    };
    if let Some(message) = problem {
        let mut help =
            "a Lambda function name has 1 to 64 letters, digits, `-` and `_`".to_string();
        if value.contains("${") {
            help.push_str("; placeholders are not supported in `function`");
        }
        diags
            .push(Diagnostic::error(Code::InvalidFunctionName, name.span, message).with_help(help));
    }
}

/// A CloudWatch Logs group name: 1 to 512 characters of `A-Za-z0-9_/.#-`, where `${Name}`
/// placeholders may stand for parts of it.
pub fn log_group_name(name: &Spanned<String>, diags: &mut Diagnostics) {
    let value = &name.value;
    let segments = match template::parse(value) {
        Ok(segments) => segments,
        Err(e) => {
            diags.push(
                Diagnostic::error(Code::MalformedPlaceholder, name.span, e.message)
                    .with_help(e.help),
            );
            return;
        }
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_/.#-".contains(c);
    let bad = segments.iter().find_map(|s| match s {
        Segment::Literal(text) => text.chars().find(|c| !allowed(*c)).map(|c| match c {
            ' ' => "a space".to_string(),
            c if c.is_whitespace() || c.is_control() => format!("the character {c:?}"),
            c => format!("`{c}`"),
        }),
        Segment::PolicyVariable(var) => Some(format!("the policy variable `{var}`")),
        Segment::Placeholder(_) => None,
    });
    let message = if value.is_empty() {
        Some("the log group name is empty".to_string())
    } else if value.chars().count() > 512 {
        Some("the log group name is longer than 512 characters".to_string())
    } else {
        bad.map(|what| format!("`{value}` is not a valid log group name: it contains {what}"))
    };
    if let Some(message) = message {
        diags.push(
            Diagnostic::error(Code::InvalidFunctionName, name.span, message).with_help(
                "a log group name has 1 to 512 letters, digits and `_`, `/`, `.`, `#`, `-`; \
                 `${Name}` placeholders may stand for parts of it",
            ),
        );
    }
}
