//! `privilege-escalation-combo` (security): actions that together form a published privilege-escalation method.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "privilege-escalation-combo",
    severity: LintSeverity::Security,
    summary: "actions that together form a published privilege-escalation method",
    explain: "## What it finds

A set of actions, anywhere in the document (wildcards expanded), that together make one of the known escalation paths: `iam:PassRole` with `lambda:CreateFunction` and `lambda:InvokeFunction`, with `ec2:RunInstances`, with `glue:CreateDevEndpoint`, with `cloudformation:CreateStack`, with `datapipeline:CreatePipeline`, ...; or `iam:UpdateAssumeRolePolicy` with `sts:AssumeRole`.

## Why it matters

Each action may look harmless alone; together they let the principal run code as a more privileged role.

## Example

```json
[{\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"*\"}, {\"Effect\": \"Allow\", \"Action\": [\"lambda:CreateFunction\", \"lambda:InvokeFunction\"], \"Resource\": \"*\"}]
```

## How to fix

Drop one action of the combination, or scope `iam:PassRole` to roles no more privileged than the principal (and suppress with the reason).
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    const PASS: &str = r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/r"}"#;
    const LAMBDA: &str = r#"{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}"#;

    #[test]
    fn fires_on_a_combination_across_statements() {
        fires(
            &format!("{PASS}, {LAMBDA}"),
            "privilege-escalation-combo",
            "Statement[0]",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}, {"Effect": "Allow", "Action": "ec2:Run*", "Resource": "*"}"#,
            "privilege-escalation-combo",
            "Statement[0]",
        );
    }

    #[test]
    fn silent_when_a_part_is_missing_or_denied() {
        silent(PASS, "privilege-escalation-combo");
        silent(
            &format!(
                r#"{PASS}, {LAMBDA}, {{"Effect": "Deny", "Action": "lambda:CreateFunction", "Resource": "*"}}"#
            ),
            "privilege-escalation-combo",
        );
    }

    #[test]
    fn silent_when_pass_role_is_scoped_to_a_role_and_a_service() {
        silent(
            r#"{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"},
               {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/fn-role",
                "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}"#,
            "privilege-escalation-combo",
        );
        // Without the service condition, the combination is back.
        fires(
            r#"{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"},
               {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/fn-role"}"#,
            "privilege-escalation-combo",
            "Statement[1]",
        );
    }

    #[test]
    fn all_actions_is_reported_alone() {
        let all = findings(&policy(
            r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
        ));
        assert!(all.iter().any(|(_, c)| *c == "all-actions"), "{all:?}");
        assert!(
            !all.iter().any(|(_, c)| *c == "privilege-escalation-combo"),
            "{all:?}"
        );
    }
}
