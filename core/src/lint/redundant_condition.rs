//! `redundant-condition` (suggestion): a condition that adds nothing.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "redundant-condition",
    severity: LintSeverity::Suggestion,
    summary: "a condition that adds nothing",
    explain: "## What it finds

A value listed twice for one key, or `Null: false` on a key that another operator of the block already requires to be present.

## Why it matters

It changes nothing but makes the policy longer (policies have a size limit) and harder to review.

## Example

```json
{\"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/team\": [\"web\", \"web\"]}}}
```

## How to fix

Remove the duplicate value or the redundant `Null`.
",
};
