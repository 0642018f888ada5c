//! `malformed-arn` (error): a resource that is not an ARN.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "malformed-arn",
    severity: LintSeverity::Error,
    summary: "a resource that is not an ARN",
    explain: "## What it finds

A `Resource` entry that is neither `\"*\"` nor a well-formed ARN: fewer than six colon-separated fields, an unknown partition, a missing service, an account that is not 12 digits, an empty resource part, a malformed `${..}`.

## Why it matters

The statement never matches that resource; IAM rejects some of these outright.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:my-bucket/*\"}
```

## How to fix

Write `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, as in `arn:aws:s3:::my-bucket/*`.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_broken_arns() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:b/*"}"#,
            "malformed-arn",
            "Statement[0].Resource",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "s3://b/*"]}"#,
            "malformed-arn",
            "Statement[0].Resource[1]",
        );
    }

    #[test]
    fn silent_on_arns_and_policy_variables() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}"#,
            "malformed-arn",
        );
    }
}
