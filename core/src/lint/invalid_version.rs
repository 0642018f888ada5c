//! `invalid-version` (error): `Version` is not a policy language version.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "invalid-version",
    severity: LintSeverity::Error,
    summary: "`Version` is not a policy language version",
    explain: "## What it finds

A `Version` other than `\"2012-10-17\"` or `\"2008-10-17\"` (often a date the author picked, or a number).

## Why it matters

IAM rejects the policy.

## Example

```json
{\"Version\": \"2024-01-01\", \"Statement\": []}
```

## How to fix

Write `\"Version\": \"2012-10-17\"`: it is the version of the policy language, not of your policy.
",
};
