//! `unscoped-pass-role` (security): `iam:PassRole` on every role, or to any service.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unscoped-pass-role",
    severity: LintSeverity::Security,
    summary: "`iam:PassRole` on every role, or to any service",
    explain: "## What it finds

An `Allow` of `iam:PassRole` (named or through a wildcard) on `\"*\"` or a wildcard for every role, or without an `iam:PassedToService` condition.

## Why it matters

Passing any role to any service is the first half of most escalation paths: the service then acts with the passed role's permissions.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"*\"}
```

## How to fix

Name the roles (`arn:aws:iam::111122223333:role/my-function-role`) and add `\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"lambda.amazonaws.com\"}}`.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_every_role_or_any_service() {
        fires(
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#,
            "unscoped-pass-role",
            "Statement[0].Action",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/r"}"#,
            "unscoped-pass-role",
            "Statement[0].Action",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "iam:Pass*", "Resource": "arn:aws:iam::123456789012:role/*"}"#,
            "unscoped-pass-role",
            "Statement[0].Action",
        );
    }

    #[test]
    fn silent_when_scoped() {
        silent(
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/r", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}"#,
            "unscoped-pass-role",
        );
    }
}
