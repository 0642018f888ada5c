//! `sensitive-action-broad-resource` (security): a data-exfiltration or credential-exposure action on broad resources.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "sensitive-action-broad-resource",
    severity: LintSeverity::Security,
    summary: "a data-exfiltration or credential-exposure action on broad resources",
    explain: "## What it finds

An `Allow` of an action that reads data or credentials out of AWS (`s3:GetObject`, `secretsmanager:GetSecretValue`, `ssm:GetParameter`, `kms:Decrypt`, `sts:AssumeRole`, `ecr:GetAuthorizationToken`, ...) on `\"*\"`, on `NotResource`, or on an ARN whose wildcards stand for every resource of the type.

## Why it matters

These are the actions an attacker uses first: every secret, object or key of the account is then one call away.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}
```

## How to fix

Name the secrets, buckets, parameters or keys the code reads. For actions without resource-level permissions, suppress with the reason.
",
};
