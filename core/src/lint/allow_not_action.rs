//! `allow-not-action` (security): `Allow` with `NotAction`.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "allow-not-action",
    severity: LintSeverity::Security,
    summary: "`Allow` with `NotAction`",
    explain: "## What it finds

An `Allow` statement written with `NotAction`.

## Why it matters

It allows every action except those listed, including every action AWS adds in the future.

## Example

```json
{\"Effect\": \"Allow\", \"NotAction\": \"iam:*\", \"Resource\": \"*\"}
```

## How to fix

List the allowed actions with `Action`. (`Deny` with `NotAction` is a common, safe pattern and is not reported.)
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::{findings, fires, silent};

    #[test]
    fn smoke() {
        println!(
            "{:?}",
            findings(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},{"Effect":"Allow","Action":["s3:GetObject","s3:getobject","s3:Get*","iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":["arn:aws:s3:::b","*"],"Condition":{"StringEquals":{"s3:prefix":"x"},"NumericLessThan":{"s3:max-keys":"5"},"NumericGreaterThan":{"s3:max-keys":"10"}}}]}"#
            )
        );
        fires(
            r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#,
            "allow-not-action",
            "Statement[0].NotAction",
        );
        silent(
            r#"{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}"#,
            "allow-not-action",
        );
        silent(
            r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}"#,
            "allow-not-action",
        );
    }
}
