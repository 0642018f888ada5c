//! `redundant-condition` (suggestion): a condition that adds nothing.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "redundant-condition",
    severity: LintSeverity::Suggestion,
    summary: "a condition that adds nothing",
    explain: "## What it finds

A value listed twice for one key, or `Null: false` on a key that another operator of the block already requires to be present.

## Why it matters

It changes nothing but makes the policy longer (policies have a size limit) and harder to review.

## Example

```json
{\"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/team\": [\"web\", \"web\"]}}}
```

## How to fix

Remove the duplicate value or the redundant `Null`.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_duplicate_values_and_needless_null() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["web", "web"]}}}"#,
            "redundant-condition",
            "Statement[0].Condition.StringEquals.aws:PrincipalTag/team[1]",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Null": {"aws:PrincipalTag/team": "false"}, "StringEquals": {"aws:PrincipalTag/team": "web"}}}"#,
            "redundant-condition",
            "Statement[0].Condition.Null.aws:PrincipalTag/team",
        );
    }

    #[test]
    fn silent_on_distinct_values() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["web", "ops"]}}}"#,
            "redundant-condition",
        );
        // `ForAllValues:` holds without the key, so `Null: false` does add something.
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Null": {"aws:TagKeys": "false"}, "ForAllValues:StringEquals": {"aws:TagKeys": "team"}}}"#,
            "redundant-condition",
        );
    }
}
