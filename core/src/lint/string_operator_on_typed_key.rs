//! `string-operator-on-typed-key` (warning): a `String*` operator on a numeric, date or boolean key.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "string-operator-on-typed-key",
    severity: LintSeverity::Warning,
    summary: "a `String` operator on a numeric, date or boolean key",
    explain: "## What it finds

A `String` operator (`StringEquals`, `StringLike`, ...) on a key the Service Authorization Reference types as `Numeric`, `Date` or `Bool`.

## Why it matters

IAM compares the request's value as text: `\"5\"` does not equal `\"05\"`, a date written in another form never matches, and no range can be expressed. It works only for the exact text AWS sends, which is almost always a mistake for the typed operator.

## Example

```json
{\"Condition\": {\"StringEquals\": {\"s3:signatureage\": \"600000\"}}}
```

## How to fix

Use an operator of the key's type, as the help lists (`NumericLessThan`, `DateGreaterThan`, `Bool`).
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_string_operators_for_typed_keys() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:signatureage": "600000"}}}"#,
            "string-operator-on-typed-key",
            "Statement[0].Condition.StringEquals",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringLike": {"aws:CurrentTime": "2026-*"}}}"#,
            "string-operator-on-typed-key",
            "Statement[0].Condition.StringLike",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SecureTransport": "true"}}}"#,
            "string-operator-on-typed-key",
            "Statement[0].Condition.StringEquals",
        );
    }

    #[test]
    fn silent_on_string_keys_and_typed_operators() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a"}, "NumericLessThan": {"s3:signatureage": "600000"}, "Bool": {"aws:SecureTransport": "true"}}}"#,
            "string-operator-on-typed-key",
        );
        // `Null` tests presence on any key type.
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Null": {"s3:signatureage": "false"}}}"#,
            "string-operator-on-typed-key",
        );
    }
}
