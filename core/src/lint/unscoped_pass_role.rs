//! `unscoped-pass-role` (security): `iam:PassRole` on every role, or to any service.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unscoped-pass-role",
    severity: LintSeverity::Security,
    summary: "`iam:PassRole` on every role, or to any service",
    explain: "## What it finds

An `Allow` of `iam:PassRole` (named or through a wildcard) on `\"*\"` or a wildcard for every role, or without an `iam:PassedToService` condition.

## Why it matters

Passing any role to any service is the first half of most escalation paths: the service then acts with the passed role's permissions.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"*\"}
```

## How to fix

Name the roles (`arn:aws:iam::111122223333:role/my-function-role`) and add `\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"lambda.amazonaws.com\"}}`.
",
};
