//! `invalid-suppression` (error): a suppression without a reason.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "invalid-suppression",
    severity: LintSeverity::Error,
    summary: "a suppression without a reason",
    explain: "## What it finds

A suppression of a lint whose reason is empty, or that names no known lint.

## Why it matters

A suppression is a decision someone has to be able to review later; without a reason it hides a finding silently, so it is ignored and the finding stays.

## Example

```json
a suppression of `star-resource` with reason `\"\"`
```

## How to fix

Say why the finding does not apply, in the suppression's reason.
",
};
