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

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_secrets_and_objects_everywhere() {
        fires(
            r#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}"#,
            "sensitive-action-broad-resource",
            "Statement[0].Action",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::*/*"}"#,
            "sensitive-action-broad-resource",
            "Statement[0].Action",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}"#,
            "sensitive-action-broad-resource",
            "Statement[0].Action",
        );
    }

    #[test]
    fn silent_on_named_resources() {
        silent(
            r#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}"#,
            "sensitive-action-broad-resource",
        );
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "sensitive-action-broad-resource",
        );
    }

    #[test]
    fn every_listed_action_is_in_the_catalog() {
        for (name, _) in super::super::SENSITIVE_ACTIONS {
            assert!(crate::catalog::action(name).is_some(), "{name}");
        }
        for (names, _) in super::super::ESCALATION_COMBOS {
            for name in *names {
                assert!(crate::catalog::action(name).is_some(), "{name}");
            }
        }
    }

    #[test]
    fn star_in_a_resource_policy_is_the_resource_itself() {
        // A secret's resource policy: `"*"` is this secret.
        silent(
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}"#,
            "sensitive-action-broad-resource",
        );
        // AWS's default key policy: `kms:*` for the account on `"*"` (this key).
        let all = findings(&policy(
            r#"{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}"#,
        ));
        let security: Vec<_> = all
            .iter()
            .filter(|(_, c)| {
                super::super::lint_by_code(c).unwrap().severity
                    == super::super::LintSeverity::Security
            })
            .collect();
        assert!(security.is_empty(), "{all:?}");
        // The same grant in an identity policy reads every secret.
        fires(
            r#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}"#,
            "sensitive-action-broad-resource",
            "Statement[0].Action",
        );
    }
}
