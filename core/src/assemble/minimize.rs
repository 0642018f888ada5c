//! Minimization: the smallest deterministic policy that grants exactly the declared access.
//!
//! After merging (`merge.rs`), three rewrites remove text without changing any decision IAM
//! makes. Each keeps the set of requests a statement applies to, or hands it to a statement
//! that already applies to it:
//!
//! 1. **Redundant entries.** In one statement, a resource matched in full by another of its
//!    resources (`arn:aws:s3:::b/x` next to `arn:aws:s3:::b/*`) goes, and so does an action
//!    another of its actions covers (`s3:GetObject` next to a declared `s3:Get*`). The
//!    statement applies to `A × R` under its conditions; removing an element covered by a
//!    remaining one leaves `A × R` unchanged.
//! 2. **Covered statements.** A statement `S` goes when another statement `T` of the same
//!    effect applies to every request `S` does: every action of `S` is matched by an action
//!    pattern of `T`, every resource of `S` by a resource pattern of `T` (IAM's wildcard rules:
//!    `*`, `?`, ARNs field by field and case-sensitive, see `cover.rs`), and `T` has no
//!    conditions or exactly `S`'s. Dropping `S` then changes no decision: whenever `S` would
//!    have matched, `T` matches. Of two statements that cover each other, the later in policy
//!    order stays. The declarations of `S` move to `T`, so `cargo iam explain` still traces
//!    them.
//! 3. **Collapse to a wildcard** (only when needed, see below). The concrete actions of one
//!    service in an `Allow` statement are replaced by `service:Prefix*` when the catalog proves
//!    the wildcard matches exactly actions of that list: every catalog action whose name
//!    starts with `Prefix` (letter case ignored, as IAM matches actions) is in the list. For each
//!    action the shortest such prefix finds the largest group (which makes the groups
//!    disjoint); the wildcard is then spelled with the longest prefix the group shares
//!    (`s3:GetObject*`, not the `s3:GetO*` that matches the same actions today), so fewer
//!    future actions fall under it. A wildcard that would stand for one action is not used.
//!
//! Merging runs again after each rewrite until nothing changes. Every step works on sorted
//! data and keys, so the same declarations, in any order, give the same bytes.
//!
//! # Why collapsing is off unless the policy is too large
//!
//! A wildcard matches the actions AWS adds *later* too. `s3:GetObject*` equal to today's list
//! of five actions will also grant the sixth `GetObject…` action AWS ships next year: the
//! grant widens over time without anyone changing the code, which is what least privilege is
//! meant to prevent. So the emitted policy keeps explicit action lists by default, and
//! [`collapse`] runs only when the policy would otherwise exceed the 10,240-character inline
//! limit (before splitting into managed policies is considered). Every collapse is listed in
//! [`super::Assembled::collapsed`], shown by `cargo iam emit` (a warning) and `cargo iam
//! explain`, and the invariant checker accepts a wildcard the declarations did not write only
//! when every catalog action it matches was declared on those resources.

use super::cover::{action_covers, resource_covers};
use super::merge::{self, Norm};
use crate::catalog;
use crate::decl::Effect;

/// Rewrites 1 and 2 with merging, until the policy stops changing.
pub(crate) fn minimize(statements: Vec<Norm>) -> Vec<Norm> {
    let mut statements = merge::merge(statements);
    loop {
        let before = fingerprint(&statements);
        for s in &mut statements {
            drop_redundant_entries(s);
        }
        statements = drop_covered(statements);
        statements = merge::merge(statements);
        if fingerprint(&statements) == before {
            return statements;
        }
    }
}

/// What a pass may change: statement count and entry counts (each rewrite only removes).
fn fingerprint(statements: &[Norm]) -> (usize, usize) {
    (
        statements.len(),
        statements
            .iter()
            .map(|s| s.actions.len() + s.resources.len())
            .sum(),
    )
}

/// Keeps the first of each group of entries that cover one another, drops any entry covered by
/// a kept one (`list` is sorted, so the result is deterministic).
fn keep_uncovered(list: &mut Vec<String>, covers: impl Fn(&str, &str) -> bool) {
    // Only an entry with a wildcard covers another (the list has no duplicates): skip the
    // pairwise test for lists without one, the common case.
    let wild: Vec<bool> = list.iter().map(|e| e.contains(['*', '?'])).collect();
    if !wild.contains(&true) {
        return;
    }
    let mut kept: Vec<usize> = Vec::with_capacity(list.len());
    let items = std::mem::take(list);
    for (i, item) in items.iter().enumerate() {
        let covered_by_kept = kept.iter().any(|&k| wild[k] && covers(&items[k], item));
        // Covered by a later entry that is not itself covered back: that one will stay.
        let covered_by_later = (i + 1..items.len())
            .any(|j| wild[j] && covers(&items[j], item) && !(wild[i] && covers(item, &items[j])));
        if !covered_by_kept && !covered_by_later {
            kept.push(i);
        }
    }
    *list = kept.into_iter().map(|k| items[k].clone()).collect();
}

fn drop_redundant_entries(s: &mut Norm) {
    keep_uncovered(&mut s.resources, resource_covers);
    keep_uncovered(&mut s.actions, action_covers);
}

/// Whether `t` applies to every request `s` applies to.
pub(crate) fn covers(t: &Norm, s: &Norm) -> bool {
    t.effect == s.effect
        && (t.conditions.is_empty() || t.conditions == s.conditions)
        && s.actions
            .iter()
            .all(|a| t.actions.iter().any(|b| action_covers(b, a)))
        && s.resources
            .iter()
            .all(|r| t.resources.iter().any(|p| resource_covers(p, r)))
}

fn drop_covered(statements: Vec<Norm>) -> Vec<Norm> {
    let n = statements.len();
    let mut gone = vec![false; n];
    let mut heir: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let by = (0..n).rev().find(|&j| {
            j != i && !gone[j] && covers(&statements[j], &statements[i]) && {
                // Mutual cover: the later one stays.
                j > i || !covers(&statements[i], &statements[j])
            }
        });
        if let Some(j) = by {
            gone[i] = true;
            heir[i] = Some(j);
        }
    }
    let mut statements: Vec<Option<Norm>> = statements.into_iter().map(Some).collect();
    for i in 0..n {
        let Some(mut j) = heir[i] else { continue };
        // The heir may itself have gone to a later heir; follow the chain.
        while let Some(next) = heir[j] {
            j = next;
        }
        if let Some(dropped) = statements[i].take()
            && let Some(into) = statements[j].as_mut()
        {
            into.sources.extend(dropped.sources);
        }
    }
    statements.into_iter().flatten().collect()
}

/// Rewrite 3 on every `Allow` statement; `true` when anything changed.
pub(crate) fn collapse(statements: &mut [Norm]) -> bool {
    let mut changed = false;
    for s in statements.iter_mut().filter(|s| s.effect == Effect::Allow) {
        let collapsed = collapse_actions(&s.actions);
        if collapsed != s.actions {
            s.actions = collapsed;
            merge::sort_actions(&mut s.actions);
            changed = true;
        }
    }
    changed
}

/// The list with each group of concrete actions replaced by the exact wildcard for it.
pub(crate) fn collapse_actions(actions: &[String]) -> Vec<String> {
    let lower: std::collections::BTreeSet<String> =
        actions.iter().map(|a| a.to_ascii_lowercase()).collect();
    let mut out = Vec::with_capacity(actions.len());
    for action in actions {
        let Some((service, found)) = (!action.contains(['*', '?']))
            .then(|| catalog::action(action))
            .flatten()
        else {
            out.push(action.clone());
            continue;
        };
        let declared =
            |name: &str| lower.contains(&format!("{}:{name}", service.prefix).to_ascii_lowercase());
        let wildcard = (0..=found.name.len())
            .filter(|&len| found.name.is_char_boundary(len))
            .find_map(|len| {
                let prefix = &found.name[..len];
                let matching: Vec<&str> = service
                    .actions
                    .iter()
                    .map(|a| a.name)
                    .filter(|n| starts_with_ignore_case(n, prefix))
                    .collect();
                matching
                    .iter()
                    .all(|n| declared(n))
                    .then_some((prefix, matching.len()))
            });
        match wildcard {
            Some((prefix, count)) if count >= 2 => {
                // The longest prefix the group shares matches the same actions today and fewer
                // of those AWS may add later (`s3:GetObject*`, not `s3:GetO*`).
                let prefix = common_prefix(service, prefix);
                let w = format!("{}:{prefix}*", service.prefix);
                if !out.contains(&w) {
                    out.push(w);
                }
            }
            _ => out.push(action.clone()),
        }
    }
    out
}

/// The longest common prefix (letter case ignored) of the service's actions starting with
/// `prefix`, spelled as the first of them.
fn common_prefix(service: &catalog::Service, prefix: &str) -> String {
    let mut group = service
        .actions
        .iter()
        .map(|a| a.name)
        .filter(|n| starts_with_ignore_case(n, prefix));
    let Some(first) = group.next() else {
        return prefix.to_string();
    };
    let mut len = first.len();
    for name in group {
        len = first
            .bytes()
            .zip(name.bytes())
            .take(len)
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count();
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_string()
}

fn starts_with_ignore_case(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.is_char_boundary(prefix.len())
        && name[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The catalog actions a wildcard action matches (`s3:GetObject*` → `s3:GetObject`,
/// `s3:GetObjectAcl`, …), in catalog order; empty for an unknown service.
pub fn expand_wildcard(pattern: &str) -> Vec<String> {
    let Some((prefix, _)) = pattern.split_once(':') else {
        return Vec::new();
    };
    let Some(service) = catalog::service(prefix) else {
        return Vec::new();
    };
    service
        .actions
        .iter()
        .map(|a| format!("{}:{}", service.prefix, a.name))
        .filter(|a| crate::eval::action_matches(pattern, a))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn collapses_only_exact_groups() {
        let all = expand_wildcard("s3:GetObject*");
        assert!(all.len() >= 3, "{all:?}");
        let mut list = all.clone();
        list.push("s3:PutObject".into());
        let out = collapse_actions(&list);
        // the longest shared prefix, not the shortest that is exact today (`s3:GetO*`)
        assert!(out.contains(&"s3:GetObject*".to_string()), "{out:?}");
        assert!(out.contains(&"s3:PutObject".to_string()), "{out:?}");
        // one missing: no wildcard that would cover it
        let mut short = all.clone();
        let missing = short.remove(1);
        let out = collapse_actions(&short);
        for w in out.iter().filter(|a| a.contains('*')) {
            assert!(
                !crate::eval::action_matches(w, &missing),
                "`{w}` grants the undeclared `{missing}`"
            );
        }
        // one action alone stays as written
        assert_eq!(collapse_actions(&v(&["s3:GetObject"])), ["s3:GetObject"]);
        // unknown and wildcard actions stay
        assert_eq!(
            collapse_actions(&v(&["s3:Get*", "nope:Nope"])),
            ["s3:Get*", "nope:Nope"]
        );
    }

    #[test]
    fn a_wildcard_expands_in_the_catalog() {
        let get = expand_wildcard("s3:getobject*");
        assert!(get.contains(&"s3:GetObject".to_string()));
        assert!(get.iter().all(|a| a.starts_with("s3:GetObject")));
        assert!(expand_wildcard("nope:*").is_empty());
    }
}
