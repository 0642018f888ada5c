//! `condition-value-type` (error): a condition value of the wrong type for its operator.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "condition-value-type",
    severity: LintSeverity::Error,
    summary: "a condition value of the wrong type for its operator",
    explain: "## What it finds

A value that the operator cannot read: not `true`/`false` for `Bool` and `Null`, not an address or CIDR for `IpAddress`, not a number for `Numeric*`, not a date for `Date*`, not an ARN for `Arn*`, not base64 for `BinaryEquals`.

## Why it matters

That value never matches; the condition silently means something else.

## Example

```json
{\"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.300/8\"}}}
```

## How to fix

Write the value in the operator's type, as the help shows.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_values_of_the_wrong_type() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "10.0.0.300/8"]}}}"#,
            "condition-value-type",
            "Statement[0].Condition.IpAddress.aws:SourceIp[1]",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}"#,
            "condition-value-type",
            "Statement[0].Condition.Bool.aws:SecureTransport",
        );
    }

    #[test]
    fn silent_on_well_typed_values() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "Bool": {"aws:SecureTransport": true}}}"#,
            "condition-value-type",
        );
    }
}
