//! `unknown-action` (error): an action the service does not have.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unknown-action",
    severity: LintSeverity::Error,
    summary: "an action the service does not have",
    explain: "## What it finds

An action name that the service does not define (`s3:GetObjects`), or text that is not `service:Action` at all.

## Why it matters

IAM accepts it but it grants nothing, so the code that needed it fails at run time with `AccessDenied`.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjects\", \"Resource\": \"arn:aws:s3:::my-bucket/*\"}
```

## How to fix

Use the action's name as the catalog spells it; the help suggests the closest names.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_unknown_and_malformed_actions() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::b/*"}"#,
            "unknown-action",
            "Statement[0].Action",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "unknown-action",
            "Statement[0].Action",
        );
    }

    #[test]
    fn silent_on_known_actions() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "unknown-action",
        );
    }
}
