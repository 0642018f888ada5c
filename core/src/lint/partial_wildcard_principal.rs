//! `partial-wildcard-principal` (error): a wildcard inside a principal's ARN or name.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "partial-wildcard-principal",
    severity: LintSeverity::Error,
    summary: "a wildcard inside a principal's ARN or name",
    explain: "## What it finds

A principal such as `{\"AWS\": \"arn:aws:iam::*:role/deployer\"}`: a `*` or `?` that is not the
whole value.

## Why it matters

IAM matches principals exactly: a wildcard cannot stand for part of a principal's ARN or name
(only `\"*\"` alone, meaning everyone). IAM rejects the policy as having an invalid principal.

## Example

```json
{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::*:role/deployer\"}, \"Action\": \"sts:AssumeRole\"}
```

## How to fix

Name the principals one by one, or use `\"*\"` with a condition such as
`{\"ArnLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::*:role/deployer\"}}`.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_a_wildcard_account() {
        fires(
            r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::*:role/x"]}, "Action": "sts:AssumeRole"}"#,
            "partial-wildcard-principal",
            "Statement[0].Principal.AWS[1]",
        );
    }

    #[test]
    fn silent_on_star_and_named_principals() {
        silent(
            r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}"#,
            "partial-wildcard-principal",
        );
        silent(
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/x", "Service": ["lambda.amazonaws.com"]}, "Action": "sts:AssumeRole"}"#,
            "partial-wildcard-principal",
        );
    }
}
