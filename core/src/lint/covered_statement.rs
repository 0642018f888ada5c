//! `covered-statement` (suggestion): a statement another statement already covers.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "covered-statement",
    severity: LintSeverity::Suggestion,
    summary: "a statement another statement already covers",
    explain: "## What it finds

A statement whose every action and resource another statement of the same effect and principal already grants (wildcards compared exactly), with no conditions or the same conditions.

## Why it matters

It is dead weight: removing it changes no decision.

## Example

```json
[{\"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"arn:aws:s3:::b/*\"}, {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/x\"}]
```

## How to fix

Remove the covered statement.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_a_statement_inside_another() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x"}"#,
            "covered-statement",
            "Statement[1]",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject*", "Resource": "arn:aws:s3:::b/k/*"}, {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}"#,
            "covered-statement",
            "Statement[0]",
        );
    }

    #[test]
    fn silent_when_not_exactly_covered() {
        // The covering statement has a condition the other lacks.
        silent(
            r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x"}"#,
            "covered-statement",
        );
        // `?` matches one character, not the `*` of the other pattern: `s3:Get*bject` is not
        // inside `s3:Get?bject` (the reverse holds).
        let all = findings(&policy(
            r#"{"Effect": "Allow", "Action": "s3:Get?bject", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:Get*bject", "Resource": "*"}"#,
        ));
        assert!(
            !all.contains(&("Statement[1]".to_string(), "covered-statement")),
            "{all:?}"
        );
        assert!(
            all.contains(&("Statement[0]".to_string(), "covered-statement")),
            "{all:?}"
        );
        // Another effect.
        silent(
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x"}"#,
            "covered-statement",
        );
    }

    #[test]
    fn names_statements_one_based_or_by_sid_and_words_deny() {
        let all = all(&policy(
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"},
               {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}"#,
        ));
        let f = all
            .iter()
            .find(|f| f.lint.code == "covered-statement")
            .expect("covered");
        assert_eq!(
            f.message,
            "statement 1 already denies everything statement 2 `NoDelete` does"
        );
        assert_eq!(f.related[0].0.to_string(), "Statement[0]");
    }
}
