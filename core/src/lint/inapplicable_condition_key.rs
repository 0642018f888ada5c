//! `inapplicable-condition-key` (error): a condition key that does not apply to the statement's actions.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "inapplicable-condition-key",
    severity: LintSeverity::Error,
    summary: "a condition key that does not apply to the statement's actions",
    explain: "## What it finds

A service condition key (or a tag key a service lists) that applies to none of the statement's actions, nor to their resource types.

## Why it matters

The key is absent from those requests, so the condition is always false (the action is denied) or, negated, always true (no restriction).

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\", \"Condition\": {\"StringEquals\": {\"s3:prefix\": \"home/\"}}}
```

## How to fix

Move the action to a statement without the condition, use the `...IfExists` form, or pick a key the action supports.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_a_service_key_the_action_does_not_support() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:prefix": "home/"}}}"#,
            "inapplicable-condition-key",
            "Statement[0].Condition.StringEquals.s3:prefix",
        );
    }

    #[test]
    fn silent_on_supported_and_global_keys() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}"#,
            "inapplicable-condition-key",
        );
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#,
            "inapplicable-condition-key",
        );
    }

    #[test]
    fn tag_session_with_assume_role_sees_the_external_id() {
        silent(
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"sts:ExternalId": "unique-id"}}}"#,
            "inapplicable-condition-key",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"sts:ExternalId": "unique-id"}}}"#,
            "inapplicable-condition-key",
            "Statement[0].Condition.StringEquals.sts:ExternalId",
        );
    }
}
