//! `covered-statement` (suggestion): a statement another statement already covers.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "covered-statement",
    severity: LintSeverity::Suggestion,
    summary: "a statement another statement already covers",
    explain: "## What it finds

A statement whose every action and resource another statement of the same effect and principal already grants (wildcards compared exactly), with no conditions or the same conditions.

## Why it matters

It is dead weight: removing it changes no decision.

## Example

```json
[{\"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"arn:aws:s3:::b/*\"}, {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/x\"}]
```

## How to fix

Remove the covered statement.
",
};
