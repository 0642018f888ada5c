//! `missing-principal` (error): a statement of a trust or resource policy has no `Principal`.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "missing-principal",
    severity: LintSeverity::Error,
    summary: "a statement of a trust or resource policy has no `Principal`",
    explain: "## What it finds

A statement of a trust policy or resource-based policy without `Principal` or `NotPrincipal`.

## Why it matters

Such a policy must say who it lets in; AWS rejects the statement.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}
```

## How to fix

Add `Principal`, as in `{\"Service\": \"lambda.amazonaws.com\"}`.
",
};

#[cfg(test)]
mod tests {
    use super::super::PolicyType;
    use super::super::testutil::*;

    #[test]
    fn fires_in_a_trust_policy_without_principal() {
        let all = findings_as(
            &policy(r#"{"Effect": "Allow", "Action": "sts:AssumeRole"}"#),
            PolicyType::Trust,
        );
        assert!(
            all.contains(&("Statement[0]".to_string(), "missing-principal")),
            "{all:?}"
        );
    }

    #[test]
    fn silent_in_identity_policies() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "missing-principal",
        );
    }
}
