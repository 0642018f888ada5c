//! `resource-type-mismatch` (error): a resource no action of the statement acts on, or an action no resource applies to.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "resource-type-mismatch",
    severity: LintSeverity::Error,
    summary: "a resource no action of the statement acts on, or an action no resource applies to",
    explain: "## What it finds

An ARN that matches none of the resource types of any action in its statement (`s3:GetObject` on a bucket ARN: objects are `bucket/*`), or an action none of whose resource types is matched by any of the statement's resources.

## Why it matters

IAM accepts it, but that part of the statement is dead: the request the code makes is denied.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::my-bucket\"}
```

## How to fix

Use an ARN of a resource type the action acts on; the help gives a corrected ARN when it can.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_a_bucket_for_an_object_action() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b"}"#,
            "resource-type-mismatch",
            "Statement[0].Resource",
        );
        let all = super::super::testutil::all(&policy(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b"}"#,
        ));
        let help = all
            .iter()
            .find(|f| f.lint.code == "resource-type-mismatch")
            .and_then(|f| f.help.clone())
            .unwrap();
        assert!(help.contains("arn:aws:s3:::b/*"), "{help}");
    }

    #[test]
    fn fires_on_an_action_no_resource_applies_to() {
        fires(
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::b"}"#,
            "resource-type-mismatch",
            "Statement[0].Action[0]",
        );
    }

    #[test]
    fn silent_when_every_resource_and_action_meet() {
        silent(
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}"#,
            "resource-type-mismatch",
        );
    }
}
