//! `allow-not-action` (security): `Allow` with `NotAction`.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "allow-not-action",
    severity: LintSeverity::Security,
    summary: "`Allow` with `NotAction`",
    explain: "## What it finds

An `Allow` statement written with `NotAction`.

## Why it matters

It allows every action except those listed, including every action AWS adds in the future.

## Example

```json
{\"Effect\": \"Allow\", \"NotAction\": \"iam:*\", \"Resource\": \"*\"}
```

## How to fix

List the allowed actions with `Action`. (`Deny` with `NotAction` is a common, safe pattern and is not reported.)
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_allow() {
        fires(
            r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#,
            "allow-not-action",
            "Statement[0].NotAction",
        );
    }

    #[test]
    fn silent_on_deny_and_action() {
        silent(
            r#"{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}"#,
            "allow-not-action",
        );
        silent(
            r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}"#,
            "allow-not-action",
        );
    }
}
