//! `wildcard-action` (warning): an `Allow` of a wildcard action (`s3:Get*`).

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "wildcard-action",
    severity: LintSeverity::Warning,
    summary: "an `Allow` of a wildcard action (`s3:Get*`)",
    explain: "## What it finds

An `Allow` statement whose `Action` holds a wildcard pattern such as `s3:Get*` or `s3:*`.

## Why it matters

A pattern grants every action it matches today and every action AWS adds later that matches it; least privilege names the actions the code calls.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"arn:aws:s3:::my-bucket/*\"}
```

## How to fix

List the actions you need (`s3:GetObject`). Denying with a wildcard is fine and not reported.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_allowed_patterns() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}"#,
            "wildcard-action",
            "Statement[0].Action",
        );
    }

    #[test]
    fn silent_on_denied_patterns_and_names() {
        silent(
            r#"{"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}"#,
            "wildcard-action",
        );
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "wildcard-action",
        );
    }
}
