//! `unknown-condition-key` (error): a condition key IAM does not know.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unknown-condition-key",
    severity: LintSeverity::Error,
    summary: "a condition key IAM does not know",
    explain: "## What it finds

A condition key that is neither a global key (`aws:SourceArn`) nor a key of the service its prefix names.

## Why it matters

A key that never appears in a request makes a positive condition false (the statement never applies) and a negated one true (the restriction never holds).

## Example

```json
{\"Condition\": {\"StringEquals\": {\"aws:SourceAcount\": \"111122223333\"}}}
```

## How to fix

Use the key the help suggests, or one from the Service Authorization Reference.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_unknown_keys() {
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceAcount": "123456789012"}}}"#,
            "unknown-condition-key",
            "Statement[0].Condition.StringEquals.aws:SourceAcount",
        );
    }

    #[test]
    fn silent_on_known_keys() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}"#,
            "unknown-condition-key",
        );
    }

    #[test]
    fn identity_provider_and_encryption_context_keys_are_known() {
        for (action, key) in [
            (
                "sts:AssumeRoleWithWebIdentity",
                "token.actions.githubusercontent.com:sub",
            ),
            (
                "sts:AssumeRoleWithWebIdentity",
                "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub",
            ),
            ("sts:AssumeRoleWithSAML", "saml:aud"),
            ("kms:Decrypt", "kms:EncryptionContext:aws:s3:arn"),
        ] {
            silent(
                &format!(
                    r#"{{"Effect": "Allow", "Action": "{action}", "Resource": "*", "Condition": {{"StringEquals": {{"{key}": "x"}}}}}}"#
                ),
                "unknown-condition-key",
            );
        }
        fires(
            r#"{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContex:aws:s3:arn": "x"}}}"#,
            "unknown-condition-key",
            "Statement[0].Condition.StringEquals.kms:EncryptionContex:aws:s3:arn",
        );
    }
}
