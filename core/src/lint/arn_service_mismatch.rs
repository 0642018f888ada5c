//! `arn-service-mismatch` (error): an ARN of another service than the statement's actions.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "arn-service-mismatch",
    severity: LintSeverity::Error,
    summary: "an ARN of another service than the statement's actions",
    explain: "## What it finds

An ARN whose service field is not the service of any resource type the statement's actions act on (`dynamodb:GetItem` on an `s3` ARN).

## Why it matters

The ARN can never match what the actions touch, so it grants nothing and the intended resource stays unreachable.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"dynamodb:GetItem\", \"Resource\": \"arn:aws:s3:::my-table\"}
```

## How to fix

Use the ARN format of the resource type, as the help shows.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_another_service() {
        fires(
            r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:s3:::t"}"#,
            "arn-service-mismatch",
            "Statement[0].Resource",
        );
    }

    #[test]
    fn silent_on_the_right_service() {
        silent(
            r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/t"}"#,
            "arn-service-mismatch",
        );
    }
}
