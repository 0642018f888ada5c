//! `principal-in-identity-policy` (error): `Principal` in an identity policy.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "principal-in-identity-policy",
    severity: LintSeverity::Error,
    summary: "`Principal` in an identity policy",
    explain: "## What it finds

`Principal` or `NotPrincipal` in a policy that is attached to a user, group or role.

## Why it matters

An identity policy applies to whoever it is attached to; IAM rejects a `Principal` there. The author may have meant a trust or resource policy.

## Example

```json
{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}
```

## How to fix

Remove `Principal`, or lint the document as the trust or resource policy it is.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_when_linted_as_an_identity_policy() {
        // `auto` reads a `Principal` without `Resource` as a resource-based policy (an ECR
        // repository policy has that form); `--policy-type identity` names the mistake.
        let doc = policy(
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        );
        let all = findings_as(&doc, super::super::PolicyType::Identity);
        assert!(
            all.iter()
                .any(|(p, c)| p == "Statement[0].Principal" && *c == "principal-in-identity-policy"),
            "{all:?}"
        );
    }

    #[test]
    fn silent_in_resource_policies() {
        silent(
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "principal-in-identity-policy",
        );
    }
}
