//! `duplicate-statement` (warning): a statement identical to an earlier one.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "duplicate-statement",
    severity: LintSeverity::Warning,
    summary: "a statement identical to an earlier one",
    explain: "## What it finds

A statement that, `Sid` aside, has the same effect, principal, actions, resources and conditions as an earlier statement (lists compared as sets).

## Why it matters

It adds nothing, costs policy size, and usually means a copy that was meant to be edited.

## Example

```json
[{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\"}, {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\"}]
```

## How to fix

Remove the later statement.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_the_repeat() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "Again", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::b/*"]}"#,
            "duplicate-statement",
            "Statement[1]",
        );
    }

    #[test]
    fn silent_on_different_statements() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::c/*"}"#,
            "duplicate-statement",
        );
    }

    #[test]
    fn names_statements_one_based() {
        let s = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#;
        let all = all(&policy(&format!("{s}, {s}")));
        let f = all
            .iter()
            .find(|f| f.lint.code == "duplicate-statement")
            .expect("duplicate");
        assert_eq!(f.message, "statement 2 repeats statement 1");
    }
}
