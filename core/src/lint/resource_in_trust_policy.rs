//! `resource-in-trust-policy` (error): `Resource` or `NotResource` in a role's trust policy.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "resource-in-trust-policy",
    severity: LintSeverity::Error,
    summary: "`Resource` or `NotResource` in a role's trust policy",
    explain: "## What it finds

A statement of a trust policy (the policy that says who may assume a role) with `Resource` or
`NotResource`.

## Why it matters

A trust policy is attached to the role it is about, so it names no resource: IAM rejects the
document (\"prohibited field Resource\") and the role cannot be created or updated.

## Example

```json
{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"}
```

## How to fix

Remove `Resource` from the statement.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_a_resource_in_a_trust_policy() {
        fires(
            r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}"#,
            "resource-in-trust-policy",
            "Statement[0].Resource",
        );
        // And it is still read as a trust policy: no escalation findings about `"*"`.
        let all = findings(&policy(
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Resource": "*"}"#,
        ));
        assert!(
            all.iter().all(|(_, c)| *c == "resource-in-trust-policy"),
            "{all:?}"
        );
    }

    #[test]
    fn fires_with_an_explicit_trust_type() {
        // Actions other than `sts:` make `auto` read a resource policy; `--policy-type trust`
        // still names the prohibited field.
        let doc = policy(
            r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole", "s3:GetObject"], "NotResource": "arn:aws:s3:::b/*"}"#,
        );
        let all = findings_as(&doc, super::super::PolicyType::Trust);
        assert!(
            all.iter()
                .any(|(p, c)| p == "Statement[0].NotResource" && *c == "resource-in-trust-policy"),
            "{all:?}"
        );
        let all = findings_as(&doc, super::super::PolicyType::Resource);
        assert!(
            !all.iter().any(|(_, c)| *c == "resource-in-trust-policy"),
            "{all:?}"
        );
    }

    #[test]
    fn silent_without_resource() {
        silent(
            r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
            "resource-in-trust-policy",
        );
    }
}
