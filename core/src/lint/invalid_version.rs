//! `invalid-version` (error): `Version` is not a policy language version.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "invalid-version",
    severity: LintSeverity::Error,
    summary: "`Version` is not a policy language version",
    explain: "## What it finds

A `Version` other than `\"2012-10-17\"` or `\"2008-10-17\"` (often a date the author picked, or a number).

## Why it matters

IAM rejects the policy.

## Example

```json
{\"Version\": \"2024-01-01\", \"Statement\": []}
```

## How to fix

Write `\"Version\": \"2012-10-17\"`: it is the version of the policy language, not of your policy.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_a_date_that_is_no_language_version() {
        let all = findings(
            r#"{"Version": "2024-01-01", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
        assert!(
            all.contains(&("Version".to_string(), "invalid-version")),
            "{all:?}"
        );
        let all = findings(
            r#"{"Version": 2012, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
        assert!(
            all.contains(&("Version".to_string(), "invalid-version")),
            "{all:?}"
        );
    }

    #[test]
    fn silent_on_both_versions() {
        let all = findings(
            r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
        assert!(!all.iter().any(|(_, c)| *c == "invalid-version"), "{all:?}");
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "invalid-version",
        );
    }
}
