//! `unknown-service` (error): an action of a service prefix IAM does not know.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unknown-service",
    severity: LintSeverity::Error,
    summary: "an action of a service prefix IAM does not know",
    explain: "## What it finds

An action whose service prefix is not in the IAM catalog (`s4:GetObject`), or whose prefix holds a wildcard (`s3*:GetObject`).

## Why it matters

IAM accepts the policy but the action grants nothing: the statement silently does not do what it says.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s4:GetObject\", \"Resource\": \"arn:aws:s3:::my-bucket/*\"}
```

## How to fix

Use the service prefix the Service Authorization Reference lists (`s3`, `dynamodb`, `logs`); the help names the closest.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_unknown_prefix_and_wildcard_prefix() {
        fires(
            r#"{"Effect": "Allow", "Action": "s4:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "unknown-service",
            "Statement[0].Action",
        );
        fires(
            r#"{"Effect": "Deny", "Action": ["s3:GetObject", "s3*:GetObject"], "Resource": "*"}"#,
            "unknown-service",
            "Statement[0].Action[1]",
        );
    }

    #[test]
    fn silent_on_known_services() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "unknown-service",
        );
    }
}
