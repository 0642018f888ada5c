//! `operator-key-mismatch` (error): a condition operator that does not fit the key's type.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "operator-key-mismatch",
    severity: LintSeverity::Error,
    summary: "a condition operator that does not fit the key's type",
    explain: "## What it finds

An operator family that cannot compare the key's type: `NumericLessThan` on a string key, `Bool` on a date, `IpAddress` on an ARN.

## Why it matters

IAM evaluates the comparison as false for every request, so the statement does not do what it says.

## Example

```json
{\"Condition\": {\"NumericLessThan\": {\"aws:SourceArn\": \"5\"}}}
```

## How to fix

Use an operator of the key's type, as the help lists.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_numeric_operator_for_an_arn_key() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"NumericLessThan": {"aws:SourceArn": "5"}}}"#,
            "operator-key-mismatch",
            "Statement[0].Condition.NumericLessThan",
        );
    }

    #[test]
    fn silent_on_fitting_operators() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:t"}}}"#,
            "operator-key-mismatch",
        );
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}}}"#,
            "operator-key-mismatch",
        );
    }

    #[test]
    fn epoch_time_takes_numeric_operators() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"NumericLessThan": {"aws:EpochTime": "1767225600"}}}"#,
            "operator-key-mismatch",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"NumericLessThan": {"aws:CurrentTime": "1767225600"}}}"#,
            "operator-key-mismatch",
            "Statement[0].Condition.NumericLessThan",
        );
    }
}
