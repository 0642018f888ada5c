//! `star-resource-write` (security): `"*"` resource on a write or permissions-management action that supports ARNs.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "star-resource-write",
    severity: LintSeverity::Security,
    summary: "`\"*\"` resource on a write or permissions-management action that supports ARNs",
    explain: "## What it finds

`\"Resource\": \"*\"` in an `Allow` statement with an action of access level Write or Permissions management that supports resource-level permissions.

## Why it matters

Changing or deleting every resource of a type is how one compromised function becomes an account-wide incident.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:PutObject\", \"Resource\": \"*\"}
```

## How to fix

Name the resources (`arn:aws:s3:::my-bucket/*`).
",
};
