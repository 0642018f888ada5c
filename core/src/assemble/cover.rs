//! When one IAM pattern matches everything another does: the test behind dropping covered
//! statements (`minimize.rs`) and behind the invariant checker's "nothing lost" direction.
//!
//! Patterns use IAM's wildcards: `*` any run of characters, `?` exactly one. [`includes`]
//! decides `L(sub) ⊆ L(sup)` *soundly*: when it says yes, every string `sub` matches, `sup`
//! matches too. It may say no where inclusion holds through a different split of the
//! wildcards (`sub = "?*"`, `sup = "*?"`: both mean "one character or more"). A missed
//! inclusion only keeps a statement that
//! could have gone, never drops one that could not.
//!
//! The rule: read `sub` as a word over letters plus the symbols `*` and `?`. `sup` must match
//! that word where a `*` of `sub` is absorbed only by a `*` of `sup`, and a `?` of `sub` by a
//! `?` or `*` of `sup`. Any string of `sub` then matches `sup` by putting the text each
//! wildcard of `sub` stands for inside the wildcard of `sup` that absorbed it.
//!
//! ARNs are compared as IAM matches them (`eval`): partition, service, region and account
//! field by field (a wildcard never reaches into the next field), then the resource part as a
//! whole, letter case significant. Actions ignore letter case.

/// One token of the covered side. `Any` is a `${Name}` placeholder in a declared template: some
/// text chosen at resolution (used by the invariant checker only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Lit(char),
    Star,
    Quest,
    Any,
}

/// Tokens of a resolved pattern (`*` and `?` are wildcards).
pub(crate) fn tokens(pattern: &str) -> Vec<Tok> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Tok::Star,
            '?' => Tok::Quest,
            c => Tok::Lit(c),
        })
        .collect()
}

/// Whether every string matched by `sub` (with `Any` read as "there is a choice of text") is
/// matched by `sup` (whose tokens are never `Any`); `ignore_case` for actions.
pub(crate) fn includes_tokens(sub: &[Tok], sup: &[Tok], ignore_case: bool) -> bool {
    let (n, m) = (sub.len(), sup.len());
    // memo[i][j]: sub[i..] ⊆ sup[j..]
    let mut memo = vec![None::<bool>; (n + 1) * (m + 1)];
    fn go(
        i: usize,
        j: usize,
        sub: &[Tok],
        sup: &[Tok],
        ic: bool,
        memo: &mut Vec<Option<bool>>,
    ) -> bool {
        let idx = i * (sup.len() + 1) + j;
        if let Some(v) = memo[idx] {
            return v;
        }
        let v = match (sub.get(i), sup.get(j)) {
            (None, None) => true,
            // `Any` may stand for the empty text, or for text `sup` matches token by token.
            (Some(Tok::Any), _) => (j..=sup.len()).any(|k| go(i + 1, k, sub, sup, ic, memo)),
            (None, Some(Tok::Star)) => go(i, j + 1, sub, sup, ic, memo),
            (None, Some(_)) => false,
            (Some(_), None) => false,
            (Some(_), Some(Tok::Star)) => {
                go(i, j + 1, sub, sup, ic, memo) || go(i + 1, j, sub, sup, ic, memo)
            }
            (Some(Tok::Lit(_) | Tok::Quest), Some(Tok::Quest)) => {
                go(i + 1, j + 1, sub, sup, ic, memo)
            }
            (Some(Tok::Lit(a)), Some(Tok::Lit(b))) => {
                let same = if ic {
                    a.eq_ignore_ascii_case(b)
                } else {
                    a == b
                };
                same && go(i + 1, j + 1, sub, sup, ic, memo)
            }
            _ => false,
        };
        memo[idx] = Some(v);
        v
    }
    go(0, 0, sub, sup, ignore_case, &mut memo)
}

/// `L(sub) ⊆ L(sup)` for two plain wildcard patterns.
pub(crate) fn includes(sub: &str, sup: &str, ignore_case: bool) -> bool {
    if !sup.contains(['*', '?']) {
        // A literal matches only itself.
        return if ignore_case {
            sub.eq_ignore_ascii_case(sup)
        } else {
            sub == sup
        };
    }
    sub == sup || includes_tokens(&tokens(sub), &tokens(sup), ignore_case)
}

/// Whether action pattern `sup` (`s3:Get*`, `s3:GetObject`) matches every action `sub` does.
pub(crate) fn action_covers(sup: &str, sub: &str) -> bool {
    includes(sub, sup, true)
}

/// The five fixed fields of an ARN and its resource part, when it has them.
pub(crate) fn arn_fields(arn: &str) -> Option<Vec<&str>> {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    (fields.len() == 6 && fields[0] == "arn").then_some(fields)
}

/// Whether resource pattern `sup` matches every resource `sub` does, as IAM matches
/// resources. Patterns with a policy variable (`${aws:username}`) cover and are covered only
/// by themselves (and by `"*"`): their value is known only per request.
pub(crate) fn resource_covers(sup: &str, sub: &str) -> bool {
    if sup == "*" || sup == sub {
        return true;
    }
    if sub == "*" || sup.contains("${") || sub.contains("${") {
        return false;
    }
    match (arn_fields(sup), arn_fields(sub)) {
        (Some(p), Some(r)) => p.iter().zip(&r).all(|(p, r)| includes(r, p, false)),
        (None, None) => includes(sub, sup, false),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_inclusion() {
        assert!(includes("abc", "a*", false));
        assert!(includes("a*", "a*", false));
        assert!(includes("ab*", "a*", false));
        assert!(!includes("a*", "ab*", false));
        assert!(includes("a?c", "a*", false));
        assert!(includes("a?c", "a?c", false));
        assert!(!includes("a*c", "a?c", false));
        assert!(!includes("abc", "abd", false));
        assert!(!includes("ABC", "abc", false));
        assert!(includes("ABC", "abc", true));
        assert!(includes("x/*/y", "x/*", false));
        assert!(includes("", "*", false));
        assert!(!includes("a", "", false));
    }

    #[test]
    fn resources_match_field_by_field() {
        let bucket = "arn:aws:s3:::b/*";
        assert!(resource_covers(bucket, "arn:aws:s3:::b/x"));
        assert!(resource_covers(bucket, "arn:aws:s3:::b/x/*"));
        assert!(!resource_covers(bucket, "arn:aws:s3:::b"));
        assert!(!resource_covers(bucket, "arn:aws:s3:::B/x"));
        assert!(resource_covers("*", bucket));
        assert!(!resource_covers(bucket, "*"));
        // a wildcard in the region never spans the account
        assert!(!resource_covers(
            "arn:aws:dynamodb:*:table/T",
            "arn:aws:dynamodb:eu-west-1:1:table/T"
        ));
        assert!(resource_covers(
            "arn:aws:dynamodb:*:*:table/*",
            "arn:aws:dynamodb:eu-west-1:1:table/T"
        ));
        assert!(!resource_covers("arn:aws:s3:::*", "other"));
        // policy variables only cover themselves
        assert!(!resource_covers(bucket, "arn:aws:s3:::b/${aws:username}"));
        assert!(resource_covers(
            "arn:aws:s3:::b/${aws:username}",
            "arn:aws:s3:::b/${aws:username}"
        ));
    }

    #[test]
    fn actions_ignore_case() {
        assert!(action_covers("s3:Get*", "s3:getobject"));
        assert!(action_covers("s3:*", "s3:Get*"));
        assert!(!action_covers("s3:Get*", "s3:*"));
        assert!(!action_covers("s3:GetObject", "s3:GetObjectAcl"));
    }

    #[test]
    fn placeholders_choose_text() {
        let mut sub = tokens("arn:");
        sub.push(Tok::Any);
        sub.extend(tokens(":s3:::b/x"));
        assert!(includes_tokens(&sub, &tokens("arn:aws:s3:::b/*"), false));
        assert!(!includes_tokens(&sub, &tokens("arn:aws:s3:::c/x"), false));
        // the placeholder may take text up to a wildcard (field splitting is the caller's)
        assert!(includes_tokens(&sub, &tokens("arn:aws:s3:::c/*"), false));
    }
}
