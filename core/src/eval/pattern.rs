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

/// Resolves the policy variables of `text` against `vars` (with `None`, `${..}` is literal
/// text, as in policies older than `2012-10-17`) and, when `wildcards`, turns `*` and `?` into
/// wildcards. `None` when a variable has no value (its key is missing or multivalued) and no
/// default: the value is then null and matches nothing.
pub(crate) fn compile(text: &str, vars: Option<&Context>, wildcards: bool) -> Option<Vec<Tok>> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '$'
            && rest[1..].starts_with('{')
            && let Some(ctx) = vars
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
#[cfg(test)]
fn resolve(text: &str, vars: Option<&Context>) -> Option<String> {
    if vars.is_none() || !text.contains("${") {
        return Some(text.to_string());
    }
    compile(text, vars, false).map(|toks| {
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
    glob(pattern, None, true, text, ignore_case).unwrap_or(false)
}

/// `pattern` (its variables resolved against `vars`; `*` and `?` wildcards when `wildcards`)
/// against the whole of `text`. `None` when a variable has no value.
pub(crate) fn glob(
    pattern: &str,
    vars: Option<&Context>,
    wildcards: bool,
    text: &str,
    ignore_case: bool,
) -> Option<bool> {
    let plain = vars.is_none() || !pattern.contains("${");
    if plain && pattern.is_ascii() && text.is_ascii() {
        // The common case, without allocating: ASCII bytes.
        let (p, t) = (pattern.as_bytes(), text.as_bytes());
        return Some(if wildcards {
            glob_bytes(p, t, ignore_case)
        } else if ignore_case {
            p.eq_ignore_ascii_case(t)
        } else {
            p == t
        });
    }
    let toks = compile(pattern, vars, wildcards)?;
    Some(matches(&toks, text, ignore_case))
}

/// [`matches`] for ASCII patterns whose `*` and `?` are all wildcards.
fn glob_bytes(pattern: &[u8], text: &[u8], ignore_case: bool) -> bool {
    let eq = |a: u8, b: u8| a == b || (ignore_case && a.eq_ignore_ascii_case(&b));
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some(b'?') => {
                p += 1;
                t += 1;
                continue;
            }
            Some(&c) if eq(c, text[t]) => {
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
    pattern[p..].iter().all(|&b| b == b'*')
}

/// An ARN (or ARN pattern) split into partition, service, region, account and resource.
pub(crate) fn arn_parts(arn: &str) -> Option<[&str; 5]> {
    let mut it = arn.splitn(6, ':');
    if it.next()? != "arn" {
        return None;
    }
    Some([it.next()?, it.next()?, it.next()?, it.next()?, it.next()?])
}

/// Like [`arn_parts`] for a pattern: a `:` inside `${..}` (`${aws:username}`) separates no
/// fields.
fn pattern_parts(pattern: &str) -> Option<[&str; 5]> {
    let mut cuts = Vec::with_capacity(5);
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i < bytes.len() && cuts.len() < 5 {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                if let Some(end) = pattern[i..].find('}') {
                    i += end;
                }
            }
            b':' => cuts.push(i),
            _ => {}
        }
        i += 1;
    }
    if cuts.len() < 5 || &pattern[..cuts[0]] != "arn" {
        return None;
    }
    Some([
        &pattern[cuts[0] + 1..cuts[1]],
        &pattern[cuts[1] + 1..cuts[2]],
        &pattern[cuts[2] + 1..cuts[3]],
        &pattern[cuts[3] + 1..cuts[4]],
        &pattern[cuts[4] + 1..],
    ])
}

/// IAM's ARN matching: the first five fields each on their own (a wildcard does not reach
/// across a `:` there), the resource part as a whole (wildcards span `/` and `:`). Variables
/// are resolved in the resource part, and in every field when `all_fields` (ARN condition
/// operators); a field whose variable has no value matches nothing.
pub(crate) fn arn_match(
    pattern: &str,
    arn: &str,
    vars: Option<&Context>,
    all_fields: bool,
) -> bool {
    let (Some(p), Some(a)) = (pattern_parts(pattern), arn_parts(arn)) else {
        return false;
    };
    p.iter().zip(a.iter()).enumerate().all(|(i, (pp, ap))| {
        let field_vars = if all_fields || i == 4 { vars } else { None };
        glob(pp, field_vars, true, ap, false).unwrap_or(false)
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
    fn the_ascii_fast_path_agrees_with_the_general_one() {
        let patterns = ["", "*", "?", "a*b?c", "*a*", "A?*", "é*", "*ü?", "**x"];
        let texts = ["", "a", "abxc", "aXbYc", "xa", "Éclair", "é", "zü!", "xx"];
        for p in patterns {
            for t in texts {
                for ic in [false, true] {
                    let general = matches(&compile(p, None, true).unwrap(), t, ic);
                    assert_eq!(
                        glob(p, None, true, t, ic),
                        Some(general),
                        "{p:?} {t:?} {ic}"
                    );
                }
            }
        }
        assert!(wildcard_match("é*", "ÉCLAIR", true));
        assert!(!wildcard_match("é*", "ÉCLAIR", false));
    }

    #[test]
    fn variables_resolve_and_escape() {
        let ctx = Context::new().with("aws:username", "al*ce");
        let toks = compile("home/${aws:username}/*", Some(&ctx), true).unwrap();
        // The `*` from the value is literal; the trailing one is a wildcard.
        assert!(matches(&toks, "home/al*ce/x", false));
        assert!(!matches(&toks, "home/alice/x", false));
        assert_eq!(resolve("${*}${?}${$}", Some(&ctx)).unwrap(), "*?$");
        let esc = compile("a${*}", Some(&ctx), true).unwrap();
        assert!(matches(&esc, "a*", false));
        assert!(!matches(&esc, "ab", false));
    }

    #[test]
    fn missing_variables_use_the_default_or_fail() {
        let ctx = Context::new().with_multi("aws:TagKeys", ["a"]);
        assert_eq!(resolve("${aws:username}", Some(&ctx)), None);
        assert_eq!(resolve("${aws:TagKeys}", Some(&ctx)), None);
        assert_eq!(
            resolve("${aws:username, 'nobody'}", Some(&ctx)).unwrap(),
            "nobody"
        );
        assert_eq!(
            resolve("${AWS:USERNAME, 'it''s'}", Some(&ctx)).unwrap(),
            "it's"
        );
        let ctx = Context::new().with("AWS:UserName", "bob");
        assert_eq!(resolve("${aws:username, 'x'}", Some(&ctx)).unwrap(), "bob");
        // No closing brace: literal text.
        assert_eq!(
            resolve("${aws:username", Some(&ctx)).unwrap(),
            "${aws:username"
        );
    }

    #[test]
    fn arns_match_field_by_field() {
        let ctx = Context::new();
        assert!(arn_match(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a/b:c",
            Some(&ctx),
            true
        ));
        assert!(!arn_match(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::other/a",
            Some(&ctx),
            true
        ));
        // A star in the region field does not swallow the account field.
        assert!(!arn_match(
            "arn:aws:sqs:*:q",
            "arn:aws:sqs:eu-west-1:111122223333:q",
            Some(&ctx),
            true
        ));
        assert!(arn_match(
            "arn:aws:sqs:*:*:q",
            "arn:aws:sqs:eu-west-1:111122223333:q",
            Some(&ctx),
            true
        ));
        assert!(!arn_match(
            "arn:aws:sqs:*:*:Q",
            "arn:aws:sqs:eu-west-1:111122223333:q",
            Some(&ctx),
            true
        ));
        assert!(!arn_match("arn:aws:s3:::b", "not-an-arn", Some(&ctx), true));
        // Without variables (pre-2012 policies), `${..}` is literal text.
        let ctx = Context::new().with("aws:username", "alice");
        assert_eq!(resolve("${aws:username}", None).unwrap(), "${aws:username}");
        assert!(arn_match(
            "arn:aws:s3:::${aws:username}",
            "arn:aws:s3:::alice",
            Some(&ctx),
            false
        ));
        assert!(!arn_match(
            "arn:aws:s3:::${aws:username}",
            "arn:aws:s3:::alice",
            None,
            false
        ));
        // In a Resource, only the resource part takes variables.
        let acct = Context::new().with("aws:PrincipalAccount", "111122223333");
        let p = "arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q";
        assert!(!arn_match(
            p,
            "arn:aws:sqs:us-east-1:111122223333:q",
            Some(&acct),
            false
        ));
        assert!(arn_match(
            p,
            "arn:aws:sqs:us-east-1:111122223333:q",
            Some(&acct),
            true
        ));
    }
}
