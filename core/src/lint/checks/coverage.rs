//! Duplicate statements, and statements another statement covers, decided with the
//! evaluator's own wildcard matching.

use super::super::model::{Doc, Stmt};
use super::super::{Out, covered_statement, duplicate_statement};
use crate::eval::{arn_match, wildcard_match};
use serde_json::Value;

/// The parts of a statement that decide what it grants.
struct Shape<'a> {
    allow: bool,
    principal: Option<(bool, &'a Value)>,
    not_action: bool,
    actions: Vec<&'a str>,
    /// `None`: no `Resource` (trust policies).
    not_resource: Option<bool>,
    resources: Vec<&'a str>,
    condition: Option<&'a Value>,
}

fn shape<'a>(st: &'a Stmt<'a>) -> Option<Shape<'a>> {
    let map = st.map?;
    let effect = st.effect?;
    let action = st.action.as_ref()?;
    // Elements with entries the model skipped (non-strings) are not compared.
    let complete = |key: &str, n: usize| match map.get(key) {
        Some(Value::Array(items)) => items.len() == n,
        Some(Value::String(_)) => n == 1,
        Some(_) => false,
        None => true,
    };
    let akey = if action.not { "NotAction" } else { "Action" };
    if !complete(akey, action.items.len()) || action.items.is_empty() {
        return None;
    }
    if let Some(r) = &st.resource {
        let rkey = if r.not { "NotResource" } else { "Resource" };
        if !complete(rkey, r.items.len()) || r.items.is_empty() {
            return None;
        }
    }
    let mut actions: Vec<&str> = action.items.iter().map(|a| a.item.text).collect();
    actions.sort_by_key(|a| a.to_ascii_lowercase());
    actions.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let mut resources: Vec<&str> = st
        .resource
        .iter()
        .flat_map(|e| e.items.iter().map(|r| r.item.text))
        .collect();
    resources.sort_unstable();
    resources.dedup();
    Some(Shape {
        allow: effect == crate::decl::Effect::Allow,
        principal: st.principal,
        not_action: action.not,
        actions,
        not_resource: st.resource.as_ref().map(|e| e.not),
        resources,
        condition: map.get("Condition"),
    })
}

fn same(a: &Shape<'_>, b: &Shape<'_>) -> bool {
    a.allow == b.allow
        && a.principal == b.principal
        && a.not_action == b.not_action
        && a.actions.len() == b.actions.len()
        && a.actions
            .iter()
            .zip(&b.actions)
            .all(|(x, y)| x.eq_ignore_ascii_case(y))
        && a.not_resource == b.not_resource
        && a.resources == b.resources
        && a.condition == b.condition
}

/// Whether pattern `outer` matches every string pattern `inner` matches: `inner` read as
/// literal text is matched by `outer`, and `outer` has no `?` (which could consume one of
/// `inner`'s wildcards as a single character). Sound, not complete.
fn action_covers(outer: &str, inner: &str) -> bool {
    outer == "*"
        || outer.eq_ignore_ascii_case(inner)
        || (!outer.contains('?') && wildcard_match(outer, inner, true))
}

fn resource_covers(outer: &str, inner: &str) -> bool {
    if outer == "*" || outer == inner {
        return true;
    }
    if outer.contains('?') || outer.contains("${") || inner.contains("${") {
        return false;
    }
    arn_match(outer, inner, None, false)
}

/// Whether `b` grants (or denies) everything `a` does, under the same or weaker conditions.
fn covers(b: &Shape<'_>, a: &Shape<'_>) -> bool {
    if a.allow != b.allow || a.principal != b.principal || a.not_action || b.not_action {
        return false;
    }
    if b.condition.is_some() && b.condition != a.condition {
        return false;
    }
    match (a.not_resource, b.not_resource) {
        (None, None) => {}
        (Some(false), Some(false)) => {
            if !a
                .resources
                .iter()
                .all(|r| b.resources.iter().any(|q| resource_covers(q, r)))
            {
                return false;
            }
        }
        _ => return false,
    }
    a.actions
        .iter()
        .all(|p| b.actions.iter().any(|q| action_covers(q, p)))
}

/// How messages name a statement: 1-based, with its `Sid` when it has one (`statement 2
/// `ReadImages``), as `cargo iam check` names the statements of a generated policy.
pub(crate) fn statement_name(st: &Stmt<'_>) -> String {
    let sid = st
        .map
        .and_then(|m| m.get("Sid"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(|s| format!(" `{s}`"))
        .unwrap_or_default();
    format!("statement {}{sid}", st.index + 1)
}

pub(super) fn check(doc: &Doc<'_>, out: &mut Out) {
    let shapes: Vec<Option<Shape<'_>>> = doc.statements.iter().map(shape).collect();
    for (i, a) in shapes.iter().enumerate() {
        let Some(a) = a else { continue };
        let st = &doc.statements[i];
        if let Some(j) = (0..i).find(|&j| shapes[j].as_ref().is_some_and(|b| same(a, b))) {
            out.push(
                &duplicate_statement::LINT,
                st.path.clone(),
                format!(
                    "{} repeats {}",
                    statement_name(st),
                    statement_name(&doc.statements[j])
                ),
            )
            .help("remove this statement")
            .related(doc.statements[j].path.clone(), "the same statement");
            continue;
        }
        let by = shapes.iter().enumerate().find(|(j, b)| {
            *j != i
                && b.as_ref()
                    .is_some_and(|b| !same(a, b) && covers(b, a) && (*j < i || !covers(a, b)))
        });
        if let Some((j, _)) = by {
            let verb = if a.allow { "grants" } else { "denies" };
            out.push(
                &covered_statement::LINT,
                st.path.clone(),
                format!(
                    "{} already {verb} everything {} does",
                    statement_name(&doc.statements[j]),
                    statement_name(st)
                ),
            )
            .help("remove this statement")
            .related(doc.statements[j].path.clone(), "the covering statement");
        }
    }
}
