//! `privilege-escalation` (security): an `Allow` of an action that can escalate privileges.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "privilege-escalation",
    severity: LintSeverity::Security,
    summary: "an `Allow` of an action that can escalate privileges",
    explain: "## What it finds

An `Allow` of an action from the published privilege-escalation methods (`iam:CreatePolicyVersion`, `iam:AttachRolePolicy`, `iam:CreateAccessKey`, `lambda:UpdateFunctionCode`, ...), by name or through a wildcard. `iam:PassRole` has a lint of its own.

## Why it matters

Whoever holds it can give themselves, or a principal they control, more permissions than the policy grants.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"iam:AttachRolePolicy\", \"Resource\": \"*\"}
```

## How to fix

Remove the action, or scope it to resources that cannot lead back to the principal and suppress the finding with the reason.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_escalation_actions_and_wildcards() {
        fires(
            r#"{"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "*"}"#,
            "privilege-escalation",
            "Statement[0].Action",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}"#,
            "privilege-escalation",
            "Statement[0].Action",
        );
    }

    #[test]
    fn silent_on_reads_denies_and_pass_role() {
        silent(
            r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}"#,
            "privilege-escalation",
        );
        silent(
            r#"{"Effect": "Deny", "Action": "iam:AttachRolePolicy", "Resource": "*"}"#,
            "privilege-escalation",
        );
        silent(
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#,
            "privilege-escalation",
        );
    }

    #[test]
    fn silent_on_named_resources_and_pass_role_partners() {
        for statement in [
            // One named role to assume; one task definition to run.
            r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/reader"}"#,
            r#"{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "arn:aws:ecs:us-east-1:111122223333:task-definition/batch:3"}"#,
            // AWS's self-service policy: each user manages their own keys.
            r#"{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111122223333:user/${aws:username}"}"#,
            r#"{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::*:user/${aws:username}"}"#,
            // Escalate only with `iam:PassRole`, which these policies do not grant.
            r#"{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"}"#,
        ] {
            silent(statement, "privilege-escalation");
        }
    }

    #[test]
    fn fires_on_broad_resources() {
        fires(
            r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/*"}"#,
            "privilege-escalation",
            "Statement[0].Action",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111122223333:user/*"}"#,
            "privilege-escalation",
            "Statement[0].Action",
        );
    }
}
