//! `wildcard-matches-nothing` (error): a wildcard action that matches no action.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "wildcard-matches-nothing",
    severity: LintSeverity::Error,
    summary: "a wildcard action that matches no action",
    explain: "## What it finds

A wildcard action (`s3:Gte*`) that matches no action of its service.

## Why it matters

It grants nothing; usually a typo in the pattern.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:Gte*\", \"Resource\": \"arn:aws:s3:::my-bucket/*\"}
```

## How to fix

Correct the pattern, or name the actions.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_a_pattern_without_actions() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:Gte*", "Resource": "*"}"#,
            "wildcard-matches-nothing",
            "Statement[0].Action",
        );
    }

    #[test]
    fn silent_on_a_pattern_with_actions() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}"#,
            "wildcard-matches-nothing",
        );
    }
}
