//! `star-resource` (warning): `"*"` resource on an action that supports ARNs.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "star-resource",
    severity: LintSeverity::Warning,
    summary: "`\"*\"` resource on an action that supports ARNs",
    explain: "## What it finds

`\"Resource\": \"*\"` in an `Allow` statement whose actions support resource-level permissions (and none of them writes), or an ARN as broad: every field after the service a wildcard (`arn:aws:logs:*:*:*`), or a wildcard region and account with a resource type followed by `*` (`arn:*:cloudtrail:*:*:trail/*`).

## Why it matters

The action reaches every resource of its type in the account instead of the ones the code uses.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"dynamodb:GetItem\", \"Resource\": \"*\"}
```

## How to fix

Name the resources (`arn:aws:dynamodb:us-east-1:111122223333:table/MyTable`).
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_star_for_a_read_action_with_resource_types() {
        fires(
            r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}"#,
            "star-resource",
            "Statement[0].Resource",
        );
    }

    #[test]
    fn silent_where_star_is_the_only_choice_or_denied() {
        silent(
            r#"{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}"#,
            "star-resource",
        );
        silent(
            r#"{"Effect": "Deny", "Action": "dynamodb:GetItem", "Resource": "*"}"#,
            "star-resource",
        );
    }

    #[test]
    fn fires_on_an_arn_of_every_resource_of_a_type() {
        fires(
            r#"{"Effect": "Allow", "Action": "cloudtrail:GetTrailStatus", "Resource": "arn:*:cloudtrail:*:*:trail/*"}"#,
            "star-resource",
            "Statement[0].Resource",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "lambda:GetFunction", "Resource": "arn:aws:lambda:*:*:function:*"}"#,
            "star-resource",
            "Statement[0].Resource",
        );
    }

    #[test]
    fn silent_on_arns_that_name_something() {
        // The bucket is named: only its objects.
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#,
            "star-resource",
        );
        // A region and account are named.
        silent(
            r#"{"Effect": "Allow", "Action": "cloudtrail:GetTrailStatus", "Resource": "arn:aws:cloudtrail:us-east-1:123456789012:trail/*"}"#,
            "star-resource",
        );
        // A name prefix.
        silent(
            r#"{"Effect": "Allow", "Action": "lambda:GetFunction", "Resource": "arn:aws:lambda:*:*:function:app-*"}"#,
            "star-resource",
        );
    }
}
