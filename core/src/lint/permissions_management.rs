//! `permissions-management` (warning): an `Allow` of a Permissions-management action.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "permissions-management",
    severity: LintSeverity::Warning,
    summary: "an `Allow` of a Permissions-management action",
    explain: "## What it finds

An `Allow` of an action whose access level in the Service Authorization Reference is Permissions management (policies, grants, ACLs, roles), on named resources.

## Why it matters

These actions change who may do what; an application rarely needs them.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:PutBucketPolicy\", \"Resource\": \"arn:aws:s3:::my-bucket\"}
```

## How to fix

Remove the action unless managing permissions is the function's job; then suppress with the reason.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_named_resources() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::b"}"#,
            "permissions-management",
            "Statement[0].Action",
        );
    }

    #[test]
    fn silent_on_other_levels_and_denies() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "permissions-management",
        );
        silent(
            r#"{"Effect": "Deny", "Action": "s3:PutBucketPolicy", "Resource": "*"}"#,
            "permissions-management",
        );
    }
}
