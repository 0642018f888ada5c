//! The safety invariant of an assembled policy, checked against the declarations it came from.
//!
//! [`check_invariants`] knows nothing of the variable values used: it reads each declared
//! template with its placeholders as "any text" (`${FunctionName}` as the function's name),
//! which is exactly the freedom resolution has. Within that freedom it checks that the policy
//! grants no pair the declarations did not ask for and loses none they did.

use super::baseline::{
    self, LOG_GROUP_ACTIONS, LOG_STREAM_ACTIONS, LOGS_ARN_PREFIX, VPC_ACTIONS, default_log_group,
};
use super::cover;
use super::{Assembled, FunctionDef, Provenance};
use crate::catalog;
use crate::decl::{ConditionSpec, Effect, StatementSpec};
use crate::diag::Code;
use crate::policy::{OneOrMany, Statement};
use crate::template::{self, Segment};
use std::collections::{BTreeMap, BTreeSet};

/// One broken invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Violation {
    pub code: Code,
    pub message: String,
}

/// Every way `assembled` breaks the safety invariant for `def`; empty when it holds:
///
/// - no `Allow` statement has the action `"*"`; a wildcard action (`s3:Get*`) appears only as a
///   declaration wrote it, with a `reason`;
/// - every action × resource pair of a declared statement (under its conditions) was declared
///   by one statement of the same effect with those conditions, and every declared pair is in
///   the policy (nothing widened, nothing lost);
/// - `"Resource": "*"` appears only on actions that support no resource-level permissions, on
///   the VPC statement, or where a declaration wrote `"*"` for that action;
/// - the logs baseline is exactly the two documented statements on the function's log group;
///   the VPC statement is present exactly when `def.vpc`, with exactly AWS's action set;
/// - provenance has one entry per statement; Sids are present, alphanumeric and unique.
pub fn check_invariants(assembled: &Assembled, def: &FunctionDef) -> Vec<String> {
    violations(assembled, def)
        .into_iter()
        .map(|v| v.message)
        .collect()
}

pub(crate) fn violations(assembled: &Assembled, def: &FunctionDef) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut fail = |code: Code, message: String| out.push(Violation { code, message });
    let statements = &assembled.policy.statement;
    if assembled.provenance.len() != statements.len() {
        fail(
            Code::Syntax,
            format!(
                "{} statements but {} provenance entries",
                statements.len(),
                assembled.provenance.len()
            ),
        );
        return out;
    }
    let mut sids = BTreeSet::new();
    for (i, statement) in statements.iter().enumerate() {
        match &statement.sid {
            None => fail(Code::Syntax, format!("statement {i} has no Sid")),
            Some(sid) if sid.is_empty() || !sid.chars().all(|c| c.is_ascii_alphanumeric()) => {
                fail(Code::Syntax, format!("Sid `{sid}` is not alphanumeric"))
            }
            Some(sid) if !sids.insert(sid.as_str()) => {
                fail(Code::Syntax, format!("Sid `{sid}` is not unique"))
            }
            Some(_) => {}
        }
        if statement.principal.is_some() {
            fail(
                Code::Syntax,
                format!("statement {i} of an identity policy has a Principal"),
            );
        }
        if statement.action.is_empty()
            || statement.resource.as_ref().is_none_or(OneOrMany::is_empty)
        {
            fail(
                Code::Syntax,
                format!("statement {i} has no action or no resource"),
            );
        }
        if statement.effect == Effect::Allow && statement.action.contains("*") {
            fail(
                Code::WildcardAction,
                format!("statement {i} allows the action `*`"),
            );
        }
    }

    // The baseline.
    let logs: Vec<&Statement> = pick(assembled, |p| matches!(p, Provenance::LogsBaseline));
    let group = def
        .log_group
        .clone()
        .unwrap_or_else(|| default_log_group(&def.name));
    let expected = [
        (
            LOG_GROUP_ACTIONS,
            baseline::log_group_arn(LOGS_ARN_PREFIX, &group),
        ),
        (
            LOG_STREAM_ACTIONS,
            baseline::log_streams_arn(LOGS_ARN_PREFIX, &group),
        ),
    ];
    let logs_ok = logs.len() == 2
        && logs.iter().zip(&expected).all(|(s, (actions, arn))| {
            s.effect == Effect::Allow
                && s.condition.is_empty()
                && s.action.as_slice() == *actions
                && s.resource.as_ref().is_some_and(|r| {
                    r.len() == 1 && template_matches(arn, &r.as_slice()[0], &def.name)
                })
        });
    if !logs_ok {
        fail(
            Code::BroadResource,
            format!("the logs baseline is not the two statements on log group `{group}`"),
        );
    }
    let vpc: Vec<&Statement> = pick(assembled, |p| matches!(p, Provenance::Vpc));
    let vpc_ok = if def.vpc {
        vpc.len() == 1
            && vpc[0].effect == Effect::Allow
            && vpc[0].condition.is_empty()
            && vpc[0].action.as_slice() == VPC_ACTIONS
            && vpc[0].resource == Some(OneOrMany::One("*".into()))
    } else {
        vpc.is_empty()
    };
    if !vpc_ok {
        fail(
            Code::StarResource,
            "the VPC statement does not match `vpc` or AWS's set".to_string(),
        );
    }

    // Declared statements: nothing widened.
    let specs: Vec<&StatementSpec> = def.statements.iter().map(|s| &s.spec).collect();
    for (statement, provenance) in statements.iter().zip(&assembled.provenance) {
        if !matches!(provenance, Provenance::Declared(_)) {
            continue;
        }
        let sid = statement.sid.as_deref().unwrap_or("?");
        let resources = statement
            .resource
            .as_ref()
            .map(OneOrMany::as_slice)
            .unwrap_or_default();
        for action in statement.action.iter() {
            let declaring = |concrete: &str, exact: bool| -> Vec<&StatementSpec> {
                specs
                    .iter()
                    .copied()
                    .filter(|s| {
                        s.effect == statement.effect
                            && s.actions.iter().any(|a| {
                                if exact {
                                    a.eq_ignore_ascii_case(concrete)
                                } else {
                                    cover::action_covers(a, concrete)
                                }
                            })
                            && conditions_match(&s.conditions, &statement.condition, &def.name)
                    })
                    .collect()
            };
            let written = declaring(action, true);
            let wildcard = action.contains(['*', '?']);
            // A wildcard no declaration wrote is a collapse: it must stand for declared actions
            // only, every catalog action it matches (see `minimize.rs`).
            let concrete: Vec<String> = if wildcard && written.is_empty() {
                let expanded = super::minimize::expand_wildcard(action);
                if expanded.is_empty() || statement.effect != Effect::Allow {
                    fail(
                        Code::WildcardAction,
                        format!("`{sid}`: wildcard action `{action}` was not declared"),
                    );
                    continue;
                }
                expanded
            } else {
                if wildcard
                    && statement.effect == Effect::Allow
                    && !written.iter().any(|s| s.reason.is_some())
                {
                    fail(
                        Code::WildcardAction,
                        format!(
                            "`{sid}`: wildcard action `{action}` was not declared with a reason"
                        ),
                    );
                }
                vec![action.to_string()]
            };
            for action in &concrete {
                let declaring = if concrete.len() == 1 && !written.is_empty() {
                    written.clone()
                } else {
                    declaring(action, false)
                };
                for resource in resources {
                    let covered = declaring.iter().any(|s| {
                        s.resources.iter().any(|t| t == resource)
                            || s.resources
                                .iter()
                                .any(|t| template_matches(t, resource, &def.name))
                    });
                    if !covered {
                        fail(
                            Code::BroadResource,
                            format!(
                                "`{sid}`: `{action}` on `{resource}` was not declared (with these conditions)"
                            ),
                        );
                    }
                    if resource == "*" && !supports_no_resource_level(action) {
                        let written = declaring
                            .iter()
                            .any(|s| s.resources.iter().any(|r| r == "*"));
                        if !written {
                            fail(
                                Code::StarResource,
                                format!(
                                    "`{sid}`: `{action}` on `\"*\"` although the action supports resource ARNs"
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    // Declared statements: nothing lost.
    let declared: Vec<&Statement> = pick(assembled, |p| matches!(p, Provenance::Declared(_)));
    for spec in specs {
        for action in &spec.actions {
            for resource in &spec.resources {
                // Granted by a statement of the same effect whose patterns cover the pair, with
                // the same conditions or none (a covered statement may have been dropped).
                let found = declared.iter().any(|s| {
                    s.effect == spec.effect
                        && s.action.iter().any(|a| cover::action_covers(a, action))
                        && s.resource.as_ref().is_some_and(|r| {
                            r.iter().any(|r| r == resource)
                                || r.iter().any(|r| template_covered(resource, r, &def.name))
                        })
                        && (s.condition.is_empty()
                            || conditions_match(&spec.conditions, &s.condition, &def.name))
                });
                if !found {
                    fail(
                        Code::Syntax,
                        format!(
                            "declared `{action}` on `{resource}` ({:?}) is missing from the policy",
                            spec.effect
                        ),
                    );
                }
            }
        }
    }

    // Managed policies: each within the limit, together exactly the policy's statements.
    if !assembled.managed.is_empty() {
        check_managed(assembled, &mut fail);
    } else if assembled.size > super::INLINE_POLICY_LIMIT {
        fail(
            Code::PolicyTooLarge,
            format!(
                "the policy is {} characters and was not split",
                assembled.size
            ),
        );
    }
    out
}

/// Each part at most [`MANAGED_POLICY_LIMIT`](super::MANAGED_POLICY_LIMIT) characters; the
/// pieces of statement `i`, in order, have its effect and conditions and together exactly its
/// action × resource pairs; no statement is missing; Sids unique across all parts.
fn check_managed(assembled: &Assembled, fail: &mut impl FnMut(Code, String)) {
    let statements = &assembled.policy.statement;
    let mut pairs: Vec<BTreeSet<(String, String)>> = vec![BTreeSet::new(); statements.len()];
    let mut sids = BTreeSet::new();
    let mut last = 0;
    for (n, part) in assembled.managed.iter().enumerate() {
        let size = crate::policy::policy_size(&part.document);
        if size > super::MANAGED_POLICY_LIMIT
            || size != part.size
            || part.document.statement.is_empty()
        {
            fail(
                Code::PolicyTooLarge,
                format!("managed policy {} is {size} characters (or empty)", n + 1),
            );
        }
        if part.statements.len() != part.document.statement.len() {
            fail(
                Code::Syntax,
                format!("managed policy {} has a bad statement map", n + 1),
            );
            return;
        }
        for (piece, &i) in part.document.statement.iter().zip(&part.statements) {
            let Some(whole) = statements.get(i) else {
                fail(
                    Code::Syntax,
                    format!("managed policy {} names statement {i}", n + 1),
                );
                return;
            };
            if i < last {
                fail(
                    Code::Syntax,
                    "managed policies reorder statements".to_string(),
                );
            }
            last = i;
            if let Some(sid) = &piece.sid
                && !sids.insert(sid.clone())
            {
                fail(
                    Code::Syntax,
                    format!("Sid `{sid}` is not unique across managed policies"),
                );
            }
            if piece.effect != whole.effect
                || piece.condition != whole.condition
                || piece.principal.is_some()
            {
                fail(
                    Code::Syntax,
                    format!(
                        "a piece of `{}` changed its effect or conditions",
                        whole.sid.as_deref().unwrap_or("?")
                    ),
                );
            }
            for a in piece.action.iter() {
                for r in piece.resource.iter().flat_map(OneOrMany::iter) {
                    pairs[i].insert((a.to_string(), r.to_string()));
                }
            }
        }
    }
    for (i, whole) in statements.iter().enumerate() {
        let expected: BTreeSet<(String, String)> = whole
            .action
            .iter()
            .flat_map(|a| {
                whole
                    .resource
                    .iter()
                    .flat_map(OneOrMany::iter)
                    .map(move |r| (a.to_string(), r.to_string()))
            })
            .collect();
        if pairs[i] != expected {
            fail(
                Code::Syntax,
                format!(
                    "the managed policies do not hold exactly the pairs of `{}`",
                    whole.sid.as_deref().unwrap_or("?")
                ),
            );
        }
    }
}

fn pick(assembled: &Assembled, f: impl Fn(&Provenance) -> bool) -> Vec<&Statement> {
    assembled
        .policy
        .statement
        .iter()
        .zip(&assembled.provenance)
        .filter(|(_, p)| f(p))
        .map(|(s, _)| s)
        .collect()
}

/// An action the catalog knows that takes no resource ARN (`ec2:DescribeSubnets`).
fn supports_no_resource_level(action: &str) -> bool {
    catalog::action(action).is_some_and(|(_, a)| a.resource_types.is_empty())
}

/// Whether the declared conditions and the rendered ones have the same operator/key pairs,
/// every rendered value matches a declared value template, and every declared value is there.
fn conditions_match(
    declared: &[ConditionSpec],
    rendered: &BTreeMap<String, BTreeMap<String, OneOrMany>>,
    function: &str,
) -> bool {
    let declared_pairs: BTreeSet<(&str, String)> = declared
        .iter()
        .map(|c| (c.operator.as_str(), c.key.to_ascii_lowercase()))
        .collect();
    let rendered_pairs: BTreeSet<(&str, String)> = rendered
        .iter()
        .flat_map(|(op, keys)| {
            keys.keys()
                .map(move |k| (op.as_str(), k.to_ascii_lowercase()))
        })
        .collect();
    if declared_pairs != rendered_pairs {
        return false;
    }
    let values_of = |op: &str, key: &str| -> Vec<&str> {
        rendered
            .get(op)
            .into_iter()
            .flat_map(|keys| keys.iter())
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .flat_map(|(_, v)| v.iter())
            .collect()
    };
    for c in declared {
        let values = values_of(&c.operator, &c.key);
        if !c
            .values
            .iter()
            .all(|t| values.iter().any(|v| template_matches(t, v, function)))
        {
            return false;
        }
    }
    rendered.iter().all(|(op, keys)| {
        keys.iter().all(|(key, values)| {
            values.iter().all(|v| {
                declared.iter().any(|c| {
                    c.operator == *op
                        && c.key.eq_ignore_ascii_case(key)
                        && c.values.iter().any(|t| template_matches(t, v, function))
                })
            })
        })
    })
}

/// Whether `value` can be what `template` resolves to: literal text and policy variables as
/// written, `${FunctionName}` as `function`, any other placeholder as any text.
pub(crate) fn template_matches(template: &str, value: &str, function: &str) -> bool {
    if !template.contains('$') {
        return template == value;
    }
    let Ok(segments) = template::parse(template) else {
        return template == value;
    };
    let mut pieces: Vec<Option<&str>> = Vec::new();
    for segment in &segments {
        match segment {
            Segment::Literal(text) | Segment::PolicyVariable(text) => pieces.push(Some(text)),
            Segment::Placeholder("FunctionName") => pieces.push(Some(function)),
            // adjacent placeholders match like one: keeps the matcher linear in practice
            Segment::Placeholder(_) if pieces.last() == Some(&None) => {}
            Segment::Placeholder(_) => pieces.push(None),
        }
    }
    glob(&pieces, value)
}

/// Whether some resolution of `template` (placeholders as any text, `${FunctionName}` as
/// `function`) is matched in full by the resource pattern `pattern`: the declared resource is
/// still granted when a covering pattern replaced it. ARNs are compared field by field.
pub(crate) fn template_covered(template: &str, pattern: &str, function: &str) -> bool {
    if template_matches(template, pattern, function) {
        return true;
    }
    if !pattern.contains(['*', '?']) {
        // A literal pattern covers only its own text: `template_matches` has decided.
        return false;
    }
    let fields = |text: &str| -> Vec<String> {
        let parts: Vec<&str> = text.splitn(6, ':').collect();
        if parts.len() == 6 && parts[0] == "arn" {
            parts.into_iter().map(str::to_string).collect()
        } else {
            vec![text.to_string()]
        }
    };
    let (t, p) = (fields(template), fields(pattern));
    if pattern == "*" {
        return true;
    }
    if t.len() != p.len() {
        return false;
    }
    t.iter().zip(&p).all(|(t, p)| {
        cover::includes_tokens(&template_tokens(t, function), &cover::tokens(p), false)
    })
}

/// A declared template as cover tokens: literal text (with its own `*`/`?` wildcards) and
/// policy variables as written, `${FunctionName}` as the name, other placeholders as any text.
fn template_tokens(template: &str, function: &str) -> Vec<cover::Tok> {
    let Ok(segments) = template::parse(template) else {
        return cover::tokens(template);
    };
    let mut out = Vec::new();
    for segment in &segments {
        match segment {
            Segment::Literal(text) | Segment::PolicyVariable(text) => {
                out.extend(cover::tokens(text))
            }
            Segment::Placeholder("FunctionName") => out.extend(cover::tokens(function)),
            Segment::Placeholder(_) => out.push(cover::Tok::Any),
        }
    }
    out
}

/// Matches pieces (`Some(literal)`, `None` = any text) against the whole of `value`.
fn glob(pieces: &[Option<&str>], value: &str) -> bool {
    match pieces.split_first() {
        None => value.is_empty(),
        Some((Some(literal), rest)) => value
            .strip_prefix(literal)
            .is_some_and(|tail| glob(rest, tail)),
        Some((None, rest)) => (0..=value.len())
            .filter(|&i| value.is_char_boundary(i))
            .any(|i| glob(rest, &value[i..])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_their_resolutions() {
        let t = "arn:${Partition}:s3:::${Bucket}/${FunctionName}/*";
        assert!(template_matches(
            t,
            "arn:aws:s3:::images/resize/*",
            "resize"
        ));
        assert!(template_matches(
            t,
            "arn:aws-cn:s3:::a:b/resize/*",
            "resize"
        ));
        assert!(!template_matches(
            t,
            "arn:aws:s3:::images/other/*",
            "resize"
        ));
        assert!(!template_matches(t, "*", "resize"));
        assert!(template_matches(
            "${aws:username}/x",
            "${aws:username}/x",
            "f"
        ));
        assert!(!template_matches("home/${aws:username}", "home/bob", "f"));
        assert!(template_matches("*", "*", "f"));
        assert!(!template_matches("arn:aws:s3:::b", "*", "f"));
        assert!(template_matches("${A}${B}-${C}", "x-y-z", "f"));
        assert!(!template_matches("${A}${B}-${C}", "xyz", "f"));
    }
}
