//! `star-resource` (warning): `"*"` resource on an action that supports ARNs.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "star-resource",
    severity: LintSeverity::Warning,
    summary: "`\"*\"` resource on an action that supports ARNs",
    explain: "## What it finds

`\"Resource\": \"*\"` in an `Allow` statement whose actions support resource-level permissions (and none of them writes).

## Why it matters

The action reaches every resource of its type in the account instead of the ones the code uses.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"dynamodb:GetItem\", \"Resource\": \"*\"}
```

## How to fix

Name the resources (`arn:aws:dynamodb:us-east-1:111122223333:table/MyTable`).
",
};
