//! `malformed-element` (error): an element has the wrong JSON shape.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "malformed-element",
    severity: LintSeverity::Error,
    summary: "an element has the wrong JSON shape",
    explain: "## What it finds

An element of the wrong JSON type: no `Statement`, an empty list, a number where a string or a list of strings belongs, a `Condition` that is not an object of operators each mapping keys to values, a `Principal` that is neither `\"*\"` nor an object of `AWS`/`Service`/`Federated`/`CanonicalUser`.

## Why it matters

IAM rejects the policy; the lints that read the element cannot see it.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": 42, \"Resource\": \"*\"}
```

## How to fix

Write strings, or lists of strings, where the element expects them.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_wrong_json_types() {
        fires(
            r#"{"Effect": "Allow", "Action": 42, "Resource": "*"}"#,
            "malformed-element",
            "Statement[0].Action",
        );
        fires(
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", 1], "Resource": "arn:aws:s3:::b/*"}"#,
            "malformed-element",
            "Statement[0].Action[1]",
        );
        fires(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": "true"}}"#,
            "malformed-element",
            "Statement[0].Condition.Bool",
        );
        let all = findings(r#"{"Version": "2012-10-17"}"#);
        assert!(
            all.contains(&(String::new(), "malformed-element")),
            "{all:?}"
        );
    }

    #[test]
    fn silent_on_strings_and_lists() {
        silent(
            r#"{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::b/*"]}"#,
            "malformed-element",
        );
    }
}
