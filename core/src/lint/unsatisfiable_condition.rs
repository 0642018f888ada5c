//! `unsatisfiable-condition` (error): a condition block no request can satisfy.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unsatisfiable-condition",
    severity: LintSeverity::Error,
    summary: "a condition block no request can satisfy",
    explain: "## What it finds

Conditions on one key that contradict each other: `StringEquals` and `StringNotEquals` with the same values, numeric bounds that leave no number (`NumericLessThan 5` and `NumericGreaterThan 10`), `Null: true` together with an operator that needs the key present.

## Why it matters

The statement can never apply: an `Allow` grants nothing, a `Deny` protects nothing.

## Example

```json
{\"Condition\": {\"NumericLessThan\": {\"s3:max-keys\": \"5\"}, \"NumericGreaterThan\": {\"s3:max-keys\": \"10\"}}}
```

## How to fix

Fix the values; the conditions of a block are all required at once (AND).
",
};
