//! `string-operator-on-arn-key` (suggestion): a `String*` operator on an ARN key.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "string-operator-on-arn-key",
    severity: LintSeverity::Suggestion,
    summary: "a `String` operator on an ARN key",
    explain: "## What it finds

A `String` operator (`StringEquals`, `StringLike`, ...) on a key of type `ARN`, such as `aws:SourceArn`.

## Why it matters

It works, but the `Arn` operators are the family IAM intends for ARNs: `ArnLike` matches each of the ARN's fields on its own, so a `*` cannot run across a `:` into another field, and the operator says what the value is.

## Example

```json
{\"Condition\": {\"StringLike\": {\"aws:SourceArn\": \"arn:aws:sns:*:111122223333:*\"}}}
```

## How to fix

Use `ArnEquals` for `StringEquals` and `ArnLike` for `StringLike` (and their `Not` forms).
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_string_operators_for_arn_keys() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}}}"#,
            "string-operator-on-arn-key",
            "Statement[0].Condition.StringLike",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}}}"#,
            "string-operator-on-arn-key",
            "Statement[0].Condition.StringEquals",
        );
    }

    #[test]
    fn silent_on_arn_operators_and_string_keys() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}, "StringEquals": {"aws:SourceAccount": "123456789012"}}}"#,
            "string-operator-on-arn-key",
        );
    }
}
