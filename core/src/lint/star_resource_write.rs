//! `star-resource-write` (security): `"*"` resource on a write or permissions-management action that supports ARNs.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "star-resource-write",
    severity: LintSeverity::Security,
    summary: "`\"*\"` resource on a write or permissions-management action that supports ARNs",
    explain: "## What it finds

`\"Resource\": \"*\"` in an `Allow` statement with an action of access level Write or Permissions management that supports resource-level permissions.

## Why it matters

Changing or deleting every resource of a type is how one compromised function becomes an account-wide incident.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:PutObject\", \"Resource\": \"*\"}
```

## How to fix

Name the resources (`arn:aws:s3:::my-bucket/*`).
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_star_for_a_write_action() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}"#,
            "star-resource-write",
            "Statement[0].Resource",
        );
    }

    #[test]
    fn silent_on_reads_and_named_resources() {
        silent(
            r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}"#,
            "star-resource-write",
        );
        silent(
            r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "star-resource-write",
        );
    }

    #[test]
    fn an_all_wildcard_arn_is_a_star_resource_warning() {
        // Every log group of every account and region, but of one service: `star-resource`.
        silent(
            r#"{"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:PutLogEvents"], "Resource": "arn:aws:logs:*:*:*"}"#,
            "star-resource-write",
        );
        fires(
            r#"{"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:PutLogEvents"], "Resource": "arn:aws:logs:*:*:*"}"#,
            "star-resource",
            "Statement[0].Resource",
        );
        silent(
            r#"{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:*"}"#,
            "star-resource",
        );
    }

    #[test]
    fn silent_in_resource_and_trust_policies() {
        silent(
            r#"{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish", "Resource": "*"}"#,
            "star-resource-write",
        );
    }
}
