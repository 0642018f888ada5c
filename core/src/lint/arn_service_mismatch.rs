//! `arn-service-mismatch` (error): an ARN of another service than the statement's actions.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "arn-service-mismatch",
    severity: LintSeverity::Error,
    summary: "an ARN of another service than the statement's actions",
    explain: "## What it finds

An ARN whose service field is not the service of any resource type the statement's actions act on (`dynamodb:GetItem` on an `s3` ARN).

## Why it matters

The ARN can never match what the actions touch, so it grants nothing and the intended resource stays unreachable.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"dynamodb:GetItem\", \"Resource\": \"arn:aws:s3:::my-table\"}
```

## How to fix

Use the ARN format of the resource type, as the help shows.
",
};
