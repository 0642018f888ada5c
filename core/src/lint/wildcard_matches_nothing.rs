//! `wildcard-matches-nothing` (error): a wildcard action that matches no action.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "wildcard-matches-nothing",
    severity: LintSeverity::Error,
    summary: "a wildcard action that matches no action",
    explain: "## What it finds

A wildcard action (`s3:Gte*`) that matches no action of its service.

## Why it matters

It grants nothing; usually a typo in the pattern.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:Gte*\", \"Resource\": \"arn:aws:s3:::my-bucket/*\"}
```

## How to fix

Correct the pattern, or name the actions.
",
};
