//! `resource-level-unsupported` (error): an ARN for an action that supports no resource-level permissions.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "resource-level-unsupported",
    severity: LintSeverity::Error,
    summary: "an ARN for an action that supports no resource-level permissions",
    explain: "## What it finds

An action that supports no resource-level permissions (such as `sts:GetCallerIdentity` or `ec2:DescribeInstances`) with only ARNs as resources.

## Why it matters

IAM authorizes such actions against `\"*\"` only, so an ARN never matches and the action is denied.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"ec2:DescribeInstances\", \"Resource\": \"arn:aws:ec2:us-east-1:111122223333:instance/i-0abc\"}
```

## How to fix

Give the action a statement of its own with `\"Resource\": \"*\"`.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_an_arn_for_an_action_without_resource_types() {
        fires(
            r#"{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "arn:aws:ec2:us-east-1:123456789012:instance/i-1"}"#,
            "resource-level-unsupported",
            "Statement[0].Resource",
        );
        fires(
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", "sts:GetCallerIdentity"], "Resource": "arn:aws:s3:::b/*"}"#,
            "resource-level-unsupported",
            "Statement[0].Action[1]",
        );
    }

    #[test]
    fn silent_on_star() {
        silent(
            r#"{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}"#,
            "resource-level-unsupported",
        );
    }

    #[test]
    fn an_all_wildcard_arn_of_the_service_is_fine() {
        // AWS's S3 user guide example.
        silent(
            r#"{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": "arn:aws:s3:::*"}"#,
            "resource-level-unsupported",
        );
        fires(
            r#"{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": "arn:aws:s3:::my-bucket"}"#,
            "resource-level-unsupported",
            "Statement[0].Resource",
        );
    }
}
