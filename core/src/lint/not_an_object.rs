//! `not-an-object` (error): the policy or a statement is not a JSON object.

use super::{Lint, LintSeverity};

pub static LINT: Lint = Lint {
    code: "not-an-object",
    severity: LintSeverity::Error,
    summary: "the policy or a statement is not a JSON object",
    explain: "## What it finds

A policy document, or one entry of its `Statement` list, that is not a JSON object.

## Why it matters

IAM rejects the whole policy; nothing else in it can be checked.

## Example

```json
[\"s3:GetObject\"]
```

Correct:

```json
{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::my-bucket/*\"}]}
```

## How to fix

Write the policy as an object with `Version` and `Statement`, and each statement as an object.
",
};

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn fires_on_a_document_or_statement_that_is_not_an_object() {
        assert!(findings(r#"["s3:GetObject"]"#).contains(&(String::new(), "not-an-object")));
        fires(r#""s3:GetObject""#, "not-an-object", "Statement[0]");
    }

    #[test]
    fn silent_on_objects() {
        silent(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            "not-an-object",
        );
    }
}
