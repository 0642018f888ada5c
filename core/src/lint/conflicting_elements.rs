//! `conflicting-elements` (error): an element and its `Not` twin in one statement.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "conflicting-elements",
    severity: LintSeverity::Error,
    summary: "an element and its `Not` twin in one statement",
    explain: "## What it finds

`Action` with `NotAction`, `Resource` with `NotResource`, or `Principal` with `NotPrincipal` in the same statement.

## Why it matters

IAM rejects the statement: each pair is one element written two ways.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"NotAction\": \"s3:DeleteObject\", \"Resource\": \"*\"}
```

## How to fix

Keep one of the two; split the statement if you need both meanings.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_both_twins() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:DeleteObject", "Resource": "*"}"#,
            "conflicting-elements",
            "Statement[0].NotAction",
        );
    }

    #[test]
    fn silent_on_one_of_them() {
        silent(
            r#"{"Effect": "Deny", "NotAction": "s3:DeleteObject", "Resource": "*"}"#,
            "conflicting-elements",
        );
    }
}
