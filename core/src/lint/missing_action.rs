//! `missing-action` (error): a statement has neither `Action` nor `NotAction`.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "missing-action",
    severity: LintSeverity::Error,
    summary: "a statement has neither `Action` nor `NotAction`",
    explain: "## What it finds

A statement that names no actions.

## Why it matters

IAM rejects the policy: a statement must say which actions it is about.

## Example

```json
{\"Effect\": \"Allow\", \"Resource\": \"arn:aws:s3:::my-bucket/*\"}
```

## How to fix

Add `Action` with the actions the statement allows or denies.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_without_action() {
        fires(
            r#"{"Effect": "Allow", "Resource": "arn:aws:s3:::b/*"}"#,
            "missing-action",
            "Statement[0]",
        );
    }

    #[test]
    fn silent_with_not_action() {
        silent(
            r#"{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"}"#,
            "missing-action",
        );
    }
}
