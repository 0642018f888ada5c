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
