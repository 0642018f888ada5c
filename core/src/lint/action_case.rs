//! `action-case` (suggestion): an action not spelled as IAM spells it.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "action-case",
    severity: LintSeverity::Suggestion,
    summary: "an action not spelled as IAM spells it",
    explain: "## What it finds

An action that matches a catalog action only when letter case is ignored (`s3:getobject`).

## Why it matters

IAM matches actions ignoring case, so the policy means the same (hence a suggestion: AWS's own generated\ndocuments write `SNS:Publish`), but every other tool, review and search compares text: write the\ncanonical spelling.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"S3:getObject\", \"Resource\": \"arn:aws:s3:::my-bucket/*\"}
```

## How to fix

Write the spelling the help gives (`s3:GetObject`).
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_other_letter_case() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:getobject", "Resource": "arn:aws:s3:::b/*"}"#,
            "action-case",
            "Statement[0].Action",
        );
        fires(
            r#"{"Effect": "Deny", "Action": "S3:Get*", "Resource": "*"}"#,
            "action-case",
            "Statement[0].Action",
        );
    }

    #[test]
    fn silent_on_canonical_spelling() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "action-case",
        );
    }

    #[test]
    fn a_case_difference_is_a_suggestion() {
        // AWS's default SNS topic policy writes `SNS:Publish`: `--deny warnings` must pass it.
        let all = all(&policy(
            r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "SNS:Publish", "Resource": "arn:aws:sns:us-east-1:111122223333:t", "Condition": {"StringEquals": {"AWS:SourceOwner": "111122223333"}}}"#,
        ));
        let f = all
            .iter()
            .find(|f| f.lint.code == "action-case")
            .expect("action-case");
        assert_eq!(f.lint.severity, super::super::LintSeverity::Suggestion);
    }
}
