//! `unknown-condition-key` (error): a condition key IAM does not know.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unknown-condition-key",
    severity: LintSeverity::Error,
    summary: "a condition key IAM does not know",
    explain: "## What it finds

A condition key that is neither a global key (`aws:SourceArn`) nor a key of the service its prefix names.

## Why it matters

A key that never appears in a request makes a positive condition false (the statement never applies) and a negated one true (the restriction never holds).

## Example

```json
{\"Condition\": {\"StringEquals\": {\"aws:SourceAcount\": \"111122223333\"}}}
```

## How to fix

Use the key the help suggests, or one from the Service Authorization Reference.
",
};
