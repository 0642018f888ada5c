//! `unknown-operator` (error): a condition operator IAM does not know.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unknown-operator",
    severity: LintSeverity::Error,
    summary: "a condition operator IAM does not know",
    explain: "## What it finds

A condition operator that is not one of IAM's (`StringEqual`, `stringequals`, `NullIfExists`). Operator names are case-sensitive.

## Why it matters

IAM rejects the policy.

## Example

```json
{\"Condition\": {\"StringEqual\": {\"aws:PrincipalTag/team\": \"web\"}}}
```

## How to fix

Use the operator the help suggests.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_unknown_operators() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEqual": {"aws:PrincipalTag/team": "web"}}}"#,
            "unknown-operator",
            "Statement[0].Condition.StringEqual",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"NullIfExists": {"aws:PrincipalTag/team": "true"}}}"#,
            "unknown-operator",
            "Statement[0].Condition.NullIfExists",
        );
    }

    #[test]
    fn silent_on_known_operators() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:PrincipalTag/team": "web*"}}}"#,
            "unknown-operator",
        );
    }
}
