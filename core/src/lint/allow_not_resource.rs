//! `allow-not-resource` (security): `Allow` with `NotResource`.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "allow-not-resource",
    severity: LintSeverity::Security,
    summary: "`Allow` with `NotResource`",
    explain: "## What it finds

An `Allow` statement written with `NotResource`.

## Why it matters

It allows the actions on every resource except those listed, including resources created later.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"NotResource\": \"arn:aws:s3:::secret/*\"}
```

## How to fix

List the allowed resources with `Resource`.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_allow() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}"#,
            "allow-not-resource",
            "Statement[0].NotResource",
        );
    }

    #[test]
    fn silent_on_deny() {
        silent(
            r#"{"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::public/*"}"#,
            "allow-not-resource",
        );
    }
}
