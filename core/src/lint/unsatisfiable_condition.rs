//! `unsatisfiable-condition` (error): a condition block no request can satisfy.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unsatisfiable-condition",
    severity: LintSeverity::Error,
    summary: "a condition block no request can satisfy",
    explain: "## What it finds

Conditions on one key that contradict each other: `StringEquals` and `StringNotEquals` with the same values, numeric bounds that leave no number (`NumericLessThan 5` and `NumericGreaterThan 10`), `Null: true` together with an operator that needs the key present.

## Why it matters

The statement can never apply: an `Allow` grants nothing, a `Deny` protects nothing.

## Example

```json
{\"Condition\": {\"NumericLessThan\": {\"s3:max-keys\": \"5\"}, \"NumericGreaterThan\": {\"s3:max-keys\": \"10\"}}}
```

## How to fix

Fix the values; the conditions of a block are all required at once (AND).
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_contradictions() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "5"}, "NumericGreaterThan": {"aws:MultiFactorAuthAge": "10"}}}"#,
            "unsatisfiable-condition",
            "Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "web"}, "StringNotEquals": {"aws:PrincipalTag/team": ["web", "ops"]}}}"#,
            "unsatisfiable-condition",
            "Statement[0].Condition.StringEquals.aws:PrincipalTag/team",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Null": {"aws:PrincipalTag/team": "true"}, "StringLike": {"aws:PrincipalTag/team": "w*"}}}"#,
            "unsatisfiable-condition",
            "Statement[0].Condition.Null.aws:PrincipalTag/team",
        );
    }

    #[test]
    fn silent_when_some_request_satisfies_it() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "10"}, "NumericGreaterThan": {"aws:MultiFactorAuthAge": "5"}}}"#,
            "unsatisfiable-condition",
        );
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["web", "ops"]}, "StringNotEquals": {"aws:PrincipalTag/team": "web"}}}"#,
            "unsatisfiable-condition",
        );
        // A negated operator holds when the key is missing.
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Null": {"aws:PrincipalTag/team": "true"}, "StringNotEquals": {"aws:PrincipalTag/team": "w"}}}"#,
            "unsatisfiable-condition",
        );
    }
}
