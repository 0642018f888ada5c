//! `any-principal` (security): a trust or resource policy that lets any principal in.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "any-principal",
    severity: LintSeverity::Security,
    summary: "a trust or resource policy that lets any principal in",
    explain: "## What it finds

An `Allow` with `Principal: \"*\"`, `{\"AWS\": \"*\"}` or `NotPrincipal`, without a condition that narrows who may call (`aws:SourceAccount`, `aws:SourceArn`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `sts:ExternalId`, ...).

## Why it matters

In a trust policy anyone in any AWS account can assume the role; in a resource policy anyone can use the resource.

## Example

```json
{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"*\"}, \"Action\": \"sts:AssumeRole\"}
```

## How to fix

Name the principal (`{\"Service\": \"lambda.amazonaws.com\"}`, an account or role ARN), or add a narrowing condition.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_any_principal_in_trust_policies() {
        fires(
            r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#,
            "any-principal",
            "Statement[0].Principal",
        );
        fires(
            r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#,
            "any-principal",
            "Statement[0].Principal",
        );
    }

    #[test]
    fn silent_when_named_or_narrowed() {
        silent(
            r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
            "any-principal",
        );
        silent(
            r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}"#,
            "any-principal",
        );
    }

    #[test]
    fn conditions_that_hold_without_their_key_do_not_narrow() {
        // Both are true for a request that has no such key: anyone is still let in.
        for (op, key) in [
            ("StringEqualsIfExists", "aws:SourceAccount"),
            ("ForAllValues:StringEquals", "aws:PrincipalOrgID"),
        ] {
            fires(
                &format!(
                    r#"{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {{"{op}": {{"{key}": "111122223333"}}}}}}"#
                ),
                "any-principal",
                "Statement[0].Principal",
            );
        }
        silent(
            r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#,
            "any-principal",
        );
    }
}
