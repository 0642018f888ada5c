//! `action-case` (error): an action not spelled as IAM spells it.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "action-case",
    severity: LintSeverity::Error,
    summary: "an action not spelled as IAM spells it",
    explain: "## What it finds

An action that matches a catalog action only when letter case is ignored (`s3:getobject`).

## Why it matters

IAM matches actions ignoring case, so it works, but every other tool, review and search compares text: write the canonical spelling.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"S3:getObject\", \"Resource\": \"arn:aws:s3:::my-bucket/*\"}
```

## How to fix

Write the spelling the help gives (`s3:GetObject`).
",
};
