//! `missing-version` (warning): the policy has no `Version`.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "missing-version",
    severity: LintSeverity::Warning,
    summary: "the policy has no `Version`",
    explain: "## What it finds

A policy without a `Version` element.

## Why it matters

IAM then reads the policy with the old `2008-10-17` language, in which policy variables such as `${aws:username}` are plain text: a resource written with one never matches what was meant.

## Example

```json
{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"arn:aws:s3:::my-bucket\"}]}
```

## How to fix

Add `\"Version\": \"2012-10-17\"`.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_without_version() {
        let all = findings(
            r#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
        );
        assert!(all.contains(&(String::new(), "missing-version")), "{all:?}");
    }

    #[test]
    fn silent_with_version() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "missing-version",
        );
    }
}
