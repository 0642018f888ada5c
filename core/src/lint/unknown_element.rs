//! `unknown-element` (error): an element IAM does not know.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unknown-element",
    severity: LintSeverity::Error,
    summary: "an element IAM does not know",
    explain: "## What it finds

A top-level element other than `Version`, `Id` and `Statement`, or a statement element other than `Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource` and `Condition`. Names are case-sensitive.

## Why it matters

IAM rejects the policy; a misspelt `Resources` or `condition` usually means the author believes a restriction is in force that is not there.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resources\": \"arn:aws:s3:::my-bucket/*\"}
```

## How to fix

Spell the element as IAM does (`Resource`, `Condition`), or remove it.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_misspelt_elements() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resources": "arn:aws:s3:::b/*"}"#,
            "unknown-element",
            "Statement[0].Resources",
        );
        let all = findings(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}], "statement": []}"#,
        );
        assert!(
            all.contains(&("statement".to_string(), "unknown-element")),
            "{all:?}"
        );
    }

    #[test]
    fn silent_on_known_elements() {
        silent(
            r#"{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#,
            "unknown-element",
        );
    }
}
