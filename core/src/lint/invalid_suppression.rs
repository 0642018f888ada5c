//! `invalid-suppression` (error): a suppression without a reason.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "invalid-suppression",
    severity: LintSeverity::Error,
    summary: "a suppression without a reason",
    explain: "## What it finds

A suppression of a lint whose reason is empty, or that names no known lint.

## Why it matters

A suppression is a decision someone has to be able to review later; without a reason it hides a finding silently, so it is ignored and the finding stays.

## Example

```json
a suppression of `star-resource` with reason `\"\"`
```

## How to fix

Say why the finding does not apply, in the suppression's reason.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    use super::super::{LintOptions, Suppression, lint_policy};

    fn lint_with(suppression: Suppression) -> Vec<(String, &'static str)> {
        let doc: serde_json::Value = serde_json::from_str(&policy(
            r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}"#,
        ))
        .unwrap();
        let options = LintOptions {
            policy_type: None,
            suppressions: vec![suppression],
        };
        lint_policy(&doc, &options)
            .into_iter()
            .map(|f| (f.path.to_string(), f.lint.code))
            .collect()
    }

    #[test]
    fn fires_on_an_empty_reason_and_keeps_the_finding() {
        let all = lint_with(Suppression {
            code: "star-resource".into(),
            statement: Some(0),
            reason: " ".into(),
        });
        assert!(
            all.contains(&("Statement[0]".to_string(), "invalid-suppression")),
            "{all:?}"
        );
        assert!(all.iter().any(|(_, c)| *c == "star-resource"), "{all:?}");
        let all = lint_with(Suppression {
            code: "star-resourse".into(),
            statement: None,
            reason: "x".into(),
        });
        assert!(
            all.contains(&(String::new(), "invalid-suppression")),
            "{all:?}"
        );
    }

    #[test]
    fn a_reason_silences_the_finding_in_its_statement_or_document() {
        let all = lint_with(Suppression {
            code: "star-resource".into(),
            statement: Some(0),
            reason: "table list is dynamic".into(),
        });
        assert!(
            !all.iter()
                .any(|(_, c)| *c == "star-resource" || *c == "invalid-suppression"),
            "{all:?}"
        );
        let all = lint_with(Suppression {
            code: "star-resource".into(),
            statement: None,
            reason: "r".into(),
        });
        assert!(!all.iter().any(|(_, c)| *c == "star-resource"), "{all:?}");
        let all = lint_with(Suppression {
            code: "star-resource".into(),
            statement: Some(1),
            reason: "r".into(),
        });
        assert!(
            all.iter().any(|(_, c)| *c == "star-resource"),
            "another statement's suppression: {all:?}"
        );
    }
}
