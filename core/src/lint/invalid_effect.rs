//! `invalid-effect` (error): `Effect` is missing or not `Allow`/`Deny`.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "invalid-effect",
    severity: LintSeverity::Error,
    summary: "`Effect` is missing or not `Allow`/`Deny`",
    explain: "## What it finds

A statement without `Effect`, or with a value other than `Allow` or `Deny` (the words are case-sensitive).

## Why it matters

IAM rejects the policy.

## Example

```json
{\"Effect\": \"allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::my-bucket/*\"}
```

## How to fix

Write `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_missing_or_misspelt_effect() {
        fires(
            r#"{"Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "invalid-effect",
            "Statement[0].Effect",
        );
        fires(
            r#"{"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "invalid-effect",
            "Statement[0]",
        );
    }

    #[test]
    fn silent_on_allow_and_deny() {
        silent(
            r#"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "invalid-effect",
        );
    }
}
