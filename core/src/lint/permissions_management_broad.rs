//! `permissions-management-broad` (security): a Permissions-management action on broad resources.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "permissions-management-broad",
    severity: LintSeverity::Security,
    summary: "a Permissions-management action on broad resources",
    explain: "## What it finds

An `Allow` of a Permissions-management action on `\"*\"`, `NotResource` or a wildcard for every resource of the type.

## Why it matters

The principal can rewrite the permissions of every such resource in the account, its own included.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"kms:CreateGrant\", \"Resource\": \"*\"}
```

## How to fix

Name the resources, or remove the action.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_star() {
        fires(
            r#"{"Effect": "Allow", "Action": "kms:CreateGrant", "Resource": "*"}"#,
            "permissions-management-broad",
            "Statement[0].Action",
        );
    }

    #[test]
    fn silent_on_a_named_key() {
        silent(
            r#"{"Effect": "Allow", "Action": "kms:CreateGrant", "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}"#,
            "permissions-management-broad",
        );
    }
}
