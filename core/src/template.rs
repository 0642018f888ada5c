//! `${Name}` templates in resources, log groups and condition values.
//!
//! - `${Partition}`, `${Region}`, `${Account}`, `${FunctionName}` are built in
//!   ([`BUILTINS`]); any other `${Name}` is a user variable (`[package.metadata.lambda-iam.vars]`).
//! - A placeholder with a colon (`${aws:username}`, `${aws:PrincipalTag/team}`) is an IAM policy
//!   variable, and so are IAM's escapes `${*}`, `${?}`, `${$}`: they pass through untouched.
//! - A `$` not followed by `{` is an ordinary character.

use std::fmt;

/// The placeholders every template may use without declaring them.
pub const BUILTINS: &[&str] = &["Partition", "Region", "Account", "FunctionName"];

/// One piece of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text as written.
    Literal(&'a str),
    /// `${Name}`: a built-in or user variable, resolved by `cargo iam`.
    Placeholder(&'a str),
    /// `${aws:username}`, `${*}`: an IAM policy variable, kept verbatim (the whole `${..}`).
    PolicyVariable(&'a str),
}

/// A template that does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset of the offending `${` in the template.
    pub offset: usize,
    pub message: String,
    pub help: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Whether `name` is a built-in placeholder.
pub fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

/// Splits a template into its segments.
pub fn parse(template: &str) -> Result<Vec<Segment<'_>>, TemplateError> {
    let mut segments = Vec::new();
    let mut rest = template;
    let mut offset = 0;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            segments.push(Segment::Literal(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(TemplateError {
                offset: offset + start,
                message: format!("unclosed placeholder in `{template}`"),
                help: "close it with `}`, as in `${Account}`".into(),
            });
        };
        let inner = &after[..end];
        let whole = &rest[start..start + 2 + end + 1];
        if inner.contains("${") {
            return Err(TemplateError {
                offset: offset + start,
                message: format!("unclosed placeholder in `{template}`"),
                help: "close it with `}`, as in `${Account}`".into(),
            });
        }
        if matches!(inner, "*" | "?" | "$") || (inner.contains(':') && is_policy_variable(inner)) {
            segments.push(Segment::PolicyVariable(whole));
        } else if is_identifier(inner) {
            segments.push(Segment::Placeholder(inner));
        } else {
            let message = if inner.is_empty() {
                format!("empty placeholder `${{}}` in `{template}`")
            } else {
                format!("malformed placeholder `{whole}` in `{template}`")
            };
            return Err(TemplateError {
                offset: offset + start,
                message,
                help: "a placeholder is `${Name}` with letters, digits and `_` (built in: \
                       `${Partition}`, `${Region}`, `${Account}`, `${FunctionName}`); a policy \
                       variable has a colon, as in `${aws:username}`"
                    .into(),
            });
        }
        let consumed = start + 2 + end + 1;
        rest = &rest[consumed..];
        offset += consumed;
    }
    if !rest.is_empty() {
        segments.push(Segment::Literal(rest));
    }
    Ok(segments)
}

/// The placeholders (not policy variables) of a template, in order, with repeats.
pub fn placeholders(template: &str) -> Result<Vec<&str>, TemplateError> {
    Ok(parse(template)?
        .into_iter()
        .filter_map(|s| match s {
            Segment::Placeholder(name) => Some(name),
            _ => None,
        })
        .collect())
}

/// Replaces every placeholder with `lookup(name)`; policy variables stay as written. Returns the
/// name of the first placeholder `lookup` has no value for.
pub fn substitute<'t>(
    template: &'t str,
    mut lookup: impl FnMut(&str) -> Option<String>,
) -> Result<String, Unresolved<'t>> {
    let segments = parse(template).map_err(Unresolved::Malformed)?;
    let mut out = String::with_capacity(template.len());
    for segment in segments {
        match segment {
            Segment::Literal(text) | Segment::PolicyVariable(text) => out.push_str(text),
            Segment::Placeholder(name) => match lookup(name) {
                Some(value) => out.push_str(&value),
                None => return Err(Unresolved::Missing(name)),
            },
        }
    }
    Ok(out)
}

/// Why [`substitute`] failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved<'t> {
    Missing(&'t str),
    Malformed(TemplateError),
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `service:Key` or `service:Key/sub`, as IAM policy variables are written, optionally with a
/// default value: `aws:username, 'anonymous'` (IAM's `${key, 'default'}` form).
fn is_policy_variable(s: &str) -> bool {
    if let Some((key, default)) = s.split_once(',') {
        let default = default.trim();
        let quoted = default.len() >= 2 && default.starts_with('\'') && default.ends_with('\'');
        return quoted
            && !default[1..default.len() - 1].contains('\'')
            && is_policy_key(key.trim_end());
    }
    is_policy_key(s)
}

fn is_policy_key(s: &str) -> bool {
    let Some((service, key)) = s.split_once(':') else {
        return false;
    };
    !service.is_empty()
        && service
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !key.is_empty()
        && !key.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_placeholders_and_policy_variables() {
        let segs = parse("arn:${Partition}:s3:::b/${aws:username}/${Key}*").unwrap();
        assert_eq!(
            segs,
            vec![
                Segment::Literal("arn:"),
                Segment::Placeholder("Partition"),
                Segment::Literal(":s3:::b/"),
                Segment::PolicyVariable("${aws:username}"),
                Segment::Literal("/"),
                Segment::Placeholder("Key"),
                Segment::Literal("*"),
            ]
        );
    }

    #[test]
    fn escapes_are_policy_variables() {
        assert_eq!(parse("a${*}b").unwrap()[1], Segment::PolicyVariable("${*}"));
        assert_eq!(parse("${$}").unwrap()[0], Segment::PolicyVariable("${$}"));
    }

    #[test]
    fn rejects_malformed_placeholders() {
        assert!(
            parse("arn:${Partition")
                .unwrap_err()
                .message
                .contains("unclosed")
        );
        assert!(parse("x${}").unwrap_err().message.contains("empty"));
        assert!(
            parse("${my-var}")
                .unwrap_err()
                .message
                .contains("malformed")
        );
        assert!(parse("${a${b}}").is_err());
        assert_eq!(parse("ab${").unwrap_err().offset, 2);
    }

    #[test]
    fn policy_variables_may_have_a_default_value() {
        assert_eq!(
            parse("home/${aws:username, 'anonymous'}/*").unwrap()[1],
            Segment::PolicyVariable("${aws:username, 'anonymous'}")
        );
        assert!(
            parse("${aws:username, anonymous}").is_err(),
            "the default must be quoted"
        );
        assert!(
            parse("${Name, 'x'}").is_err(),
            "user placeholders have no defaults"
        );
    }

    #[test]
    fn a_lone_dollar_is_literal() {
        assert_eq!(parse("a$b").unwrap(), vec![Segment::Literal("a$b")]);
    }

    #[test]
    fn substitutes_and_reports_the_missing_name() {
        let out = substitute("arn:${Partition}:x:${Region}:${aws:userid}", |n| {
            (n == "Partition")
                .then(|| "aws".to_string())
                .or((n == "Region").then(|| "eu-west-1".into()))
        });
        assert_eq!(out.unwrap(), "arn:aws:x:eu-west-1:${aws:userid}");
        assert_eq!(
            substitute("${Nope}", |_| None),
            Err(Unresolved::Missing("Nope"))
        );
    }
}
