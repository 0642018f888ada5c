//! Normalising, de-duplicating, merging and ordering declared statements.
//!
//! # Merging never creates a grant
//!
//! Read a statement without conditions as the set of pairs `actions × resources` it allows (or
//! denies), and one with conditions `C` as the same set, each pair guarded by `C`. A policy is
//! the union of its statements' guarded pairs. Two rewrites are applied, until neither changes
//! anything:
//!
//! 1. statements with equal `(effect, C, R)` become one with the union of their actions:
//!    `(A₁ × R) ∪ … ∪ (Aₙ × R) = (A₁ ∪ … ∪ Aₙ) × R`;
//! 2. statements with equal `(effect, C, A)` become one with the union of their resources:
//!    `(A × R₁) ∪ … ∪ (A × Rₙ) = A × (R₁ ∪ … ∪ Rₙ)`.
//!
//! Both are equalities of sets of guarded pairs, so the policy after merging allows and denies
//! exactly what the declarations do: no pair appears that no statement had, and none is lost.
//! Merging statements whose conditions merely overlap, or whose actions and resources both
//! differ, would not be an equality (`(A₁ × R₁) ∪ (A₂ × R₂) ⊊ (A₁ ∪ A₂) × (R₁ ∪ R₂)`), so it is
//! never done. Exact duplicates are the special case of rule 1 where the action sets are equal.
//! Each round that changes anything removes a statement, so the loop ends; the result depends
//! only on the set of guarded pairs grouped by the input statements, not on their order,
//! because both rules group by keys in a `BTreeMap` and the unions are sorted.
//!
//! A property test in `tests/assemble_props.rs` checks the equality on random inputs.

use super::{Finding, SourcedStatement};
use crate::catalog;
use crate::decl::{ConditionSpec, Effect};
use crate::diag::{Code, Severity};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// operator → key → sorted, de-duplicated values.
pub(crate) type Conditions = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// A resolved, normalised statement on its way into the policy.
#[derive(Clone, Debug)]
pub(crate) struct Norm {
    pub effect: Effect,
    /// Sorted by [`action_order`], de-duplicated case-insensitively.
    pub actions: Vec<String>,
    /// Sorted, de-duplicated.
    pub resources: Vec<String>,
    pub conditions: Conditions,
    /// The declarations merged into this statement.
    pub sources: Vec<SourcedStatement>,
}

/// The canonical spelling of an action when the catalog knows it (`s3:getobject` →
/// `s3:GetObject`); wildcards and unknown names stay as written.
pub fn canonical_action(action: &str) -> String {
    if action.contains(['*', '?']) {
        return action.to_string();
    }
    match catalog::action(action) {
        Some((service, found)) => format!("{}:{}", service.prefix, found.name),
        None => action.to_string(),
    }
}

/// The canonical spelling of a condition key when the catalog knows it; for a pattern key
/// (`aws:PrincipalTag/team`) the head is canonicalised and the tag name kept as written.
pub(crate) fn canonical_condition_key(key: &str) -> String {
    let Some((prefix, _)) = key.split_once(':') else {
        return key.to_string();
    };
    let found = if prefix.eq_ignore_ascii_case("aws") {
        catalog::global_condition_key(key)
    } else {
        catalog::service(prefix).and_then(|s| s.condition_key(key))
    };
    let Some(found) = found else {
        return key.to_string();
    };
    if found.name.eq_ignore_ascii_case(key) {
        return found.name.to_string();
    }
    match (found.name.split_once('/'), key.split_once('/')) {
        (Some((head, _)), Some((written_head, tail)))
            if head.eq_ignore_ascii_case(written_head) =>
        {
            format!("{head}/{tail}")
        }
        _ => key.to_string(),
    }
}

/// Actions sort case-insensitively (IAM matches them so), ties by bytes.
pub(crate) fn action_order(a: &str, b: &str) -> Ordering {
    catalog::cmp_ignore_case(a, b).then_with(|| a.cmp(b))
}

/// Sorts and de-duplicates actions; of two spellings that differ only in case, the first in
/// [`action_order`] stays.
pub(crate) fn sort_actions(actions: &mut Vec<String>) {
    actions.sort_by(|a, b| action_order(a, b));
    actions.dedup_by(|later, earlier| later.eq_ignore_ascii_case(earlier));
}

fn sort_strings(values: &mut Vec<String>) {
    values.sort();
    values.dedup();
}

/// Normalises one resolved statement. `None` (and an error in `findings`) when it cannot be
/// rendered without changing its meaning.
pub(crate) fn normalise(
    effect: Effect,
    actions: &[String],
    resources: Vec<String>,
    conditions: Vec<ConditionSpec>,
    source: SourcedStatement,
    findings: &mut Vec<Finding>,
) -> Option<Norm> {
    let origin = source.origin.clone();
    let item = super::resolve::describe(origin.as_ref());
    let error = |code: Code, message: String, help: &str| Finding {
        severity: Severity::Error,
        code,
        message,
        help: Some(help.to_string()),
        origin: origin.clone(),
    };
    let mut ok = true;
    if actions.is_empty() {
        findings.push(error(
            Code::Syntax,
            format!("a statement of {item} names no action"),
            "give at least one action, as in `allow(\"s3:GetObject\", ..)`",
        ));
        ok = false;
    }
    if resources.is_empty() {
        findings.push(error(
            Code::Syntax,
            format!("a statement of {item} names no resource"),
            "give at least one resource ARN, or `\"*\"` with `reason` where nothing narrower exists",
        ));
        ok = false;
    }
    if effect == Effect::Allow {
        for action in actions {
            if action == "*" {
                findings.push(error(
                    Code::WildcardAction,
                    format!("{item} allows the action `*`: every action of every AWS service"),
                    "name the actions the function calls, or one service's wildcard such as \
                     `s3:Get*` with `reason = \"..\"`",
                ));
                ok = false;
            } else if action.contains(['*', '?']) && source.spec.reason.is_none() {
                findings.push(error(
                    Code::WildcardAction,
                    format!("wildcard action `{action}` in {item} has no `reason`"),
                    "add `reason = \"...\"` to accept a wildcard, or name the actions",
                ));
                ok = false;
            }
        }
    }
    let mut actions: Vec<String> = actions.iter().map(|a| canonical_action(a)).collect();
    sort_actions(&mut actions);
    let mut resources = resources;
    sort_strings(&mut resources);

    let mut map = Conditions::new();
    for condition in conditions {
        let key = canonical_condition_key(&condition.key);
        let mut values = condition.values;
        sort_strings(&mut values);
        if values.is_empty() {
            findings.push(error(
                Code::Syntax,
                format!("condition `{}` on `{key}` in {item} has no value", condition.operator),
                "give at least one value, as in `condition(\"StringEquals\", \"aws:SourceAccount\", \"123456789012\")`",
            ));
            ok = false;
            continue;
        }
        let keys = map.entry(condition.operator.clone()).or_default();
        let existing = keys.keys().find(|k| k.eq_ignore_ascii_case(&key)).cloned();
        match existing {
            Some(existing) if keys[&existing] == values => {}
            Some(existing) => {
                findings.push(error(
                    Code::ConflictingItem,
                    format!(
                        "{item} gives condition `{}` on `{existing}` twice with different values",
                        condition.operator
                    ),
                    "IAM keeps one entry per operator and key: put all values in one \
                     `condition(..)` (any of them matches), or split the statement",
                ));
                ok = false;
            }
            None => {
                keys.insert(key, values);
            }
        }
    }
    ok.then_some(Norm {
        effect,
        actions,
        resources,
        conditions: map,
        sources: vec![source],
    })
}

/// De-duplicates and merges (see the module docs), then orders: Allow before Deny, each by
/// `(first action, actions, resources, conditions)`.
pub(crate) fn merge(mut statements: Vec<Norm>) -> Vec<Norm> {
    loop {
        let before = statements.len();
        statements = group(
            statements,
            |s| (s.effect, s.conditions.clone(), s.resources.clone()),
            |into, from| {
                into.actions.extend(from.actions);
                sort_actions(&mut into.actions);
            },
        );
        statements = group(
            statements,
            |s| (s.effect, s.conditions.clone(), s.actions.clone()),
            |into, from| {
                into.resources.extend(from.resources);
                sort_strings(&mut into.resources);
            },
        );
        if statements.len() == before {
            break;
        }
    }
    for statement in &mut statements {
        statement
            .sources
            .sort_by(|a, b| (&a.origin, &a.spec).cmp(&(&b.origin, &b.spec)));
        statement.sources.dedup();
    }
    statements.sort_by(order);
    statements
}

/// The order of statements in the policy (within the declared part).
pub(crate) fn order(a: &Norm, b: &Norm) -> Ordering {
    a.effect
        .cmp(&b.effect)
        .then_with(|| cmp_actions(&a.actions, &b.actions))
        .then_with(|| a.resources.cmp(&b.resources))
        .then_with(|| a.conditions.cmp(&b.conditions))
}

fn cmp_actions(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match action_order(x, y) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    a.len().cmp(&b.len())
}

fn group<K: Ord>(
    statements: Vec<Norm>,
    key: impl Fn(&Norm) -> K,
    mut combine: impl FnMut(&mut Norm, Norm),
) -> Vec<Norm> {
    let mut groups: BTreeMap<K, Norm> = BTreeMap::new();
    for statement in statements {
        match groups.entry(key(&statement)) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(statement);
            }
            std::collections::btree_map::Entry::Occupied(mut slot) => {
                let into = slot.get_mut();
                let sources = statement.sources.clone();
                combine(into, statement);
                into.sources.extend(sources);
            }
        }
    }
    groups.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_sort_case_insensitively_and_dedup() {
        let mut a = vec![
            "s3:get*".to_string(),
            "s3:Get*".into(),
            "dynamodb:Query".into(),
            "s3:*".into(),
        ];
        sort_actions(&mut a);
        assert_eq!(a, ["dynamodb:Query", "s3:*", "s3:Get*"]);
    }
}
