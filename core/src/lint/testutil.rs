//! Helpers for the lints' unit tests.

use super::{LintOptions, lint_policy};
use serde_json::Value;

/// `(path, code)` of every finding for a policy.
pub(crate) fn findings(policy: &str) -> Vec<(String, &'static str)> {
    let value: Value = serde_json::from_str(policy).expect("test policy is JSON");
    lint_policy(&value, &LintOptions::default())
        .into_iter()
        .map(|f| (f.path.to_string(), f.lint.code))
        .collect()
}

/// A `2012-10-17` policy around the statements (a JSON array's inside, or one object).
pub(crate) fn policy(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

/// Asserts that `code` is reported at `path` for the statements.
#[track_caller]
pub(crate) fn fires(statements: &str, code: &str, path: &str) {
    let all = findings(&policy(statements));
    assert!(
        all.iter().any(|(p, c)| p == path && *c == code),
        "expected `{code}` at `{path}`, got {all:?}"
    );
}

/// Asserts that `code` is not reported for the statements.
#[track_caller]
pub(crate) fn silent(statements: &str, code: &str) {
    let all = findings(&policy(statements));
    assert!(
        !all.iter().any(|(_, c)| *c == code),
        "expected no `{code}`, got {all:?}"
    );
}

/// Every finding for a policy.
pub(crate) fn all(policy: &str) -> Vec<super::LintFinding> {
    let value: Value = serde_json::from_str(policy).expect("test policy is JSON");
    lint_policy(&value, &LintOptions::default())
}

/// `(path, code)` of every finding for a policy linted as `ty`.
pub(crate) fn findings_as(policy: &str, ty: super::PolicyType) -> Vec<(String, &'static str)> {
    let value: Value = serde_json::from_str(policy).expect("test policy is JSON");
    let options = LintOptions {
        policy_type: Some(ty),
        suppressions: Vec::new(),
    };
    lint_policy(&value, &options)
        .into_iter()
        .map(|f| (f.path.to_string(), f.lint.code))
        .collect()
}
