//! `missing-resource` (error): a statement of an identity or resource policy has no `Resource`.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "missing-resource",
    severity: LintSeverity::Error,
    summary: "a statement of an identity or resource policy has no `Resource`",
    explain: "## What it finds

A statement of an identity policy or resource-based policy without `Resource` or `NotResource`.

Resource-based policies of Amazon ECR (`ecr:`/`ecr-public:` actions only) are the exception: their
documented form has no `Resource` (a repository policy applies to its repository).

## Why it matters

IAM rejects identity policies whose statements name no resource; only trust policies leave it out.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"}
```

## How to fix

Add `Resource` with the ARNs the actions act on (or `\"*\"` for actions that support no resource-level permissions).
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_in_identity_policies() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject"}"#,
            "missing-resource",
            "Statement[0]",
        );
    }

    #[test]
    fn silent_in_an_ecr_repository_policy() {
        // AWS's documented repository policy form: `Principal`, no `Resource`.
        silent(
            r#"{"Sid": "AllowPull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}"#,
            "missing-resource",
        );
        silent(
            r#"{"Sid": "AllowPull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}"#,
            "principal-in-identity-policy",
        );
    }

    #[test]
    fn fires_in_other_resource_policies() {
        fires(
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject"}"#,
            "missing-resource",
            "Statement[0]",
        );
    }

    #[test]
    fn silent_in_trust_policies() {
        silent(
            r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
            "missing-resource",
        );
    }
}
