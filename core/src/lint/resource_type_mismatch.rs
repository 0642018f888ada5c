//! `resource-type-mismatch` (error): a resource no action of the statement acts on, or an action no resource applies to.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "resource-type-mismatch",
    severity: LintSeverity::Error,
    summary: "a resource no action of the statement acts on, or an action no resource applies to",
    explain: "## What it finds

An ARN that matches none of the resource types of any action in its statement (`s3:GetObject` on a bucket ARN: objects are `bucket/*`), or an action none of whose resource types is matched by any of the statement's resources.

## Why it matters

IAM accepts it, but that part of the statement is dead: the request the code makes is denied.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::my-bucket\"}
```

## How to fix

Use an ARN of a resource type the action acts on; the help gives a corrected ARN when it can.
",
};
