//! `operator-key-mismatch` (error): a condition operator that does not fit the key's type.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "operator-key-mismatch",
    severity: LintSeverity::Error,
    summary: "a condition operator that does not fit the key's type",
    explain: "## What it finds

An operator family that cannot compare the key's type: `NumericLessThan` on a string key, `Bool` on a date, `IpAddress` on an ARN.

## Why it matters

IAM evaluates the comparison as false for every request, so the statement does not do what it says.

## Example

```json
{\"Condition\": {\"NumericLessThan\": {\"aws:SourceArn\": \"5\"}}}
```

## How to fix

Use an operator of the key's type, as the help lists.
",
};
