//! `set-operator-on-single-valued-key` (warning): `ForAllValues:`/`ForAnyValue:` on a key with one
//! value.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "set-operator-on-single-valued-key",
    severity: LintSeverity::Warning,
    summary: "`ForAllValues:`/`ForAnyValue:` on a single-valued key",
    explain: "## What it finds

A set qualifier (`ForAllValues:`, `ForAnyValue:`) on a key that carries one value per request. Multivalued keys are the catalog's `ArrayOf...` types (`aws:TagKeys`, `aws:CalledVia`, `aws:PrincipalServiceNamesList`).

## Why it matters

AWS documents the set qualifiers for multivalued keys only. `ForAllValues:` is also true when the key is missing from the request, so the condition lets through requests that do not carry the key at all.

## Example

```json
{\"Condition\": {\"ForAllValues:StringEquals\": {\"aws:RequestedRegion\": \"eu-west-1\"}}}
```

## How to fix

Drop the qualifier (`StringEquals`); several values in a plain operator already mean any of them.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_set_qualifiers_for_single_valued_keys() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ForAllValues:StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}"#,
            "set-operator-on-single-valued-key",
            "Statement[0].Condition.ForAllValues:StringEquals",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalTag/team": "a*"}}}"#,
            "set-operator-on-single-valued-key",
            "Statement[0].Condition.ForAnyValue:StringLike",
        );
    }

    #[test]
    fn silent_on_multivalued_keys_and_plain_operators() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": "team"}, "ForAnyValue:StringEquals": {"aws:CalledVia": "athena.amazonaws.com", "aws:PrincipalServiceNamesList": "ec2.amazonaws.com"}}}"#,
            "set-operator-on-single-valued-key",
        );
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}"#,
            "set-operator-on-single-valued-key",
        );
    }
}
