//! `all-actions` (security): an `Allow` of every action (`*`).

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "all-actions",
    severity: LintSeverity::Security,
    summary: "an `Allow` of every action (`*`)",
    explain: "## What it finds

An `Allow` statement with the action `*`.

## Why it matters

It grants every action of every service: administrator access on whatever the resources cover.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}
```

## How to fix

Name the actions the principal needs.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_allow_star() {
        fires(
            r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
            "all-actions",
            "Statement[0].Action",
        );
    }

    #[test]
    fn silent_on_deny_star() {
        silent(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#,
            "all-actions",
        );
    }
}
