//! `unscoped-oidc-trust` (security): a GitHub Actions OIDC trust without a `:sub` condition.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "unscoped-oidc-trust",
    severity: LintSeverity::Security,
    summary: "a GitHub Actions OIDC trust without a `:sub` condition",
    explain: "## What it finds

A statement that lets `token.actions.githubusercontent.com` federated identities assume the role
(`sts:AssumeRoleWithWebIdentity`) without a condition that requires
`token.actions.githubusercontent.com:sub`.

## Why it matters

Every GitHub Actions workflow of every repository gets tokens from the same provider: the `sub`
claim (`repo:OWNER/REPO:ref:refs/heads/main`, ...) is what says which repository and branch may
assume the role. Without it any GitHub user's workflow can. AWS's guidance for GitHub's OIDC
provider requires a `sub` condition.

## Example

```json
{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\"}
```

## How to fix

Add `{\"StringLike\": {\"token.actions.githubusercontent.com:sub\": \"repo:my-org/my-repo:*\"}}`
(and `StringEquals` on `token.actions.githubusercontent.com:aud` = `sts.amazonaws.com`).
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    const PROVIDER: &str =
        "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";

    #[test]
    fn fires_without_sub() {
        fires(
            &format!(
                r#"{{"Effect": "Allow", "Principal": {{"Federated": "{PROVIDER}"}}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {{"StringEquals": {{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}}}}"#
            ),
            "unscoped-oidc-trust",
            "Statement[0].Principal",
        );
        // `...IfExists` holds for a token without the claim: not a scope.
        fires(
            &format!(
                r#"{{"Effect": "Allow", "Principal": {{"Federated": "{PROVIDER}"}}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {{"StringLikeIfExists": {{"token.actions.githubusercontent.com:sub": "repo:o/r:*"}}}}}}"#
            ),
            "unscoped-oidc-trust",
            "Statement[0].Principal",
        );
    }

    #[test]
    fn silent_with_sub() {
        let statement = format!(
            r#"{{"Effect": "Allow", "Principal": {{"Federated": "{PROVIDER}"}}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {{"StringEquals": {{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}, "StringLike": {{"token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:*"}}}}}}"#
        );
        silent(&statement, "unscoped-oidc-trust");
        // The whole statement is clean: the IdP's keys are known condition keys.
        let all = findings(&policy(&statement));
        assert!(all.is_empty(), "{all:?}");
    }
}
