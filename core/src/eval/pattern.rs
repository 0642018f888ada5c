//! Wildcards (`*`, `?`) and policy variables (`${aws:username}`, `${key, 'default'}`, the
//! escapes `${*}` `${?}` `${$}`), shared by actions, resources and condition values.

use super::request::{Context, ContextValue};

/// One element of a compiled pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A character that must be there (also a `*` or `?` that came from an escape or from a
    /// variable's value: those are never wildcards).
    Ch(char),
    /// `*`: any run of characters, empty included.
    Star,
    /// `?`: exactly one character.
    One,
}

/// Resolves the policy variables of `text` and, when `wildcards`, turns `*` and `?` into
/// wildcards. `None` when a variable has no value (its key is missing or multivalued) and no
/// default: the value then matches nothing.
pub(crate) fn compile(text: &str, ctx: &Context, wildcards: bool) -> Option<Vec<Tok>> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '$'
            && rest[1..].starts_with('{')
            && let Some(end) = rest[2..].find('}')
        {
            let inner = &rest[2..2 + end];
            out.extend(resolve_variable(inner, ctx)?.chars().map(Tok::Ch));
            rest = &rest[2 + end + 1..];
            continue;
        }
        out.push(match c {
            '*' if wildcards => Tok::Star,
            '?' if wildcards => Tok::One,
            other => Tok::Ch(other),
        });
        rest = &rest[c.len_utf8()..];
    }
    Some(out)
}

/// The text of `text` with its policy variables resolved (no wildcards).
pub(crate) fn resolve(text: &str, ctx: &Context) -> Option<String> {
    if !text.contains("${") {
        return Some(text.to_string());
    }
    compile(text, ctx, false).map(|toks| {
        toks.into_iter()
            .map(|t| match t {
                Tok::Ch(c) => c,
                Tok::Star => '*',
                Tok::One => '?',
            })
            .collect()
    })
}

/// The value of `${inner}`: an escape, a single-valued context key, or the default.
fn resolve_variable(inner: &str, ctx: &Context) -> Option<String> {
    match inner {
        "*" | "?" | "$" => return Some(inner.to_string()),
        _ => {}
    }
    let (name, default) = match inner.split_once(", ") {
        Some((name, default))
            if default.trim().len() >= 2
                && default.trim().starts_with('\'')
                && default.trim().ends_with('\'') =>
        {
            let d = default.trim();
            (name.trim(), Some(d[1..d.len() - 1].replace("''", "'")))
        }
        _ => (inner.trim(), None),
    };
    match ctx.get(name) {
        Some(ContextValue::Single(v)) => Some(v.clone()),
        // A multivalued key cannot be a policy variable; a missing one has no value.
        _ => default,
    }
}

fn fold(c: char, ignore_case: bool) -> char {
    if ignore_case {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    }
}

/// Whether `text` matches `pattern` as a whole.
pub(crate) fn matches(pattern: &[Tok], text: &str, ignore_case: bool) -> bool {
    let text: Vec<char> = text.chars().map(|c| fold(c, ignore_case)).collect();
    let (mut p, mut t) = (0, 0);
    // The last `*` seen and the text position it was tried at: backtrack there on mismatch.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Tok::Star) => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some(Tok::One) => {
                p += 1;
                t += 1;
                continue;
            }
            Some(Tok::Ch(c)) if fold(*c, ignore_case) == text[t] => {
                p += 1;
                t += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                p = sp + 1;
                t = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|tok| *tok == Tok::Star)
}

/// `pattern` (with `*` and `?`, no variables) against `text`.
pub(crate) fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let toks: Vec<Tok> = pattern
        .chars()
        .map(|c| match c {
            '*' => Tok::Star,
            '?' => Tok::One,
            other => Tok::Ch(other),
        })
        .collect();
    matches(&toks, text, ignore_case)
}

/// An ARN (or ARN pattern) split into partition, service, region, account and resource.
pub(crate) fn arn_parts(arn: &str) -> Option<[&str; 5]> {
    let mut it = arn.splitn(6, ':');
    if it.next()? != "arn" {
        return None;
    }
    Some([it.next()?, it.next()?, it.next()?, it.next()?, it.next()?])
}

/// IAM's ARN matching: the first five fields each on their own (a wildcard does not reach
/// across a `:` there), the resource part as a whole (wildcards span `/` and `:`). Variables
/// are resolved in every field; `None` parts of the pattern that cannot resolve match nothing.
pub(crate) fn arn_match(pattern: &str, arn: &str, ctx: &Context) -> bool {
    let (Some(p), Some(a)) = (arn_parts(pattern), arn_parts(arn)) else {
        return false;
    };
    p.iter()
        .zip(a.iter())
        .all(|(pp, ap)| match compile(pp, ctx, true) {
            Some(toks) => matches(&toks, ap, false),
            None => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_and_question_mark() {
        assert!(wildcard_match("s3:Get*", "s3:GetObject", false));
        assert!(wildcard_match("*", "", false));
        assert!(wildcard_match("a*b*c", "aXXbYYc", false));
        assert!(!wildcard_match("a*b*c", "aXXbYY", false));
        assert!(wildcard_match("a?c", "abc", false));
        assert!(!wildcard_match("a?c", "ac", false));
        assert!(wildcard_match("S3:get*", "s3:GetObject", true));
        assert!(!wildcard_match("S3:get*", "s3:GetObject", false));
        assert!(wildcard_match("*a*a*a", "aaaaaa", false));
        assert!(!wildcard_match("*a*a*b", "aaaaaa", false));
    }

    #[test]
    fn variables_resolve_and_escape() {
        let ctx = Context::new().with("aws:username", "al*ce");
        let toks = compile("home/${aws:username}/*", &ctx, true).unwrap();
        // The `*` from the value is literal; the trailing one is a wildcard.
        assert!(matches(&toks, "home/al*ce/x", false));
        assert!(!matches(&toks, "home/alice/x", false));
        assert_eq!(resolve("${*}${?}${$}", &ctx).unwrap(), "*?$");
        let esc = compile("a${*}", &ctx, true).unwrap();
        assert!(matches(&esc, "a*", false));
        assert!(!matches(&esc, "ab", false));
    }

    #[test]
    fn missing_variables_use_the_default_or_fail() {
        let ctx = Context::new().with_multi("aws:TagKeys", ["a"]);
        assert_eq!(resolve("${aws:username}", &ctx), None);
        assert_eq!(resolve("${aws:TagKeys}", &ctx), None);
        assert_eq!(
            resolve("${aws:username, 'nobody'}", &ctx).unwrap(),
            "nobody"
        );
        assert_eq!(resolve("${AWS:USERNAME, 'it''s'}", &ctx).unwrap(), "it's");
        let ctx = Context::new().with("AWS:UserName", "bob");
        assert_eq!(resolve("${aws:username, 'x'}", &ctx).unwrap(), "bob");
        // No closing brace: literal text.
        assert_eq!(resolve("${aws:username", &ctx).unwrap(), "${aws:username");
    }

    #[test]
    fn arns_match_field_by_field() {
        let ctx = Context::new();
        assert!(arn_match(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a/b:c",
            &ctx
        ));
        assert!(!arn_match(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::other/a",
            &ctx
        ));
        // A star in the region field does not swallow the account field.
        assert!(!arn_match(
            "arn:aws:sqs:*:q",
            "arn:aws:sqs:eu-west-1:111122223333:q",
            &ctx
        ));
        assert!(arn_match(
            "arn:aws:sqs:*:*:q",
            "arn:aws:sqs:eu-west-1:111122223333:q",
            &ctx
        ));
        assert!(!arn_match(
            "arn:aws:sqs:*:*:Q",
            "arn:aws:sqs:eu-west-1:111122223333:q",
            &ctx
        ));
        assert!(!arn_match("arn:aws:s3:::b", "not-an-arn", &ctx));
    }
}
