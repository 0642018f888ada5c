//! `unknown-operator` (error): a condition operator IAM does not know.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unknown-operator",
    severity: LintSeverity::Error,
    summary: "a condition operator IAM does not know",
    explain: "## What it finds

A condition operator that is not one of IAM's (`StringEqual`, `stringequals`, `NullIfExists`). Operator names are case-sensitive.

## Why it matters

IAM rejects the policy.

## Example

```json
{\"Condition\": {\"StringEqual\": {\"aws:PrincipalTag/team\": \"web\"}}}
```

## How to fix

Use the operator the help suggests.
",
};
