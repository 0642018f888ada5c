//! Conditions: operator, key, applicability, value types; contradictions and redundancy.

use super::super::model::{Cond, Doc, Stmt};
use super::super::{
    Out, condition_value_type, inapplicable_condition_key, operator_key_mismatch,
    redundant_condition, set_operator_on_single_valued_key, string_operator_on_arn_key,
    string_operator_on_typed_key, unknown_condition_key, unknown_operator, unsatisfiable_condition,
};
use crate::catalog::{ConditionType, OperatorFamily, SetQualifier};
use crate::condition::{self, StatementActions};
use crate::lookup;

pub(super) fn check(doc: &Doc<'_>, out: &mut Out) {
    for st in &doc.statements {
        if st.conditions.is_empty() {
            continue;
        }
        let actions = statement_actions(st);
        for c in &st.conditions {
            one(c, actions.as_ref(), out);
        }
        contradictions(st, out);
    }
}

/// The statement's actions for key applicability; `None` when it cannot be judged
/// (`NotAction`, an unknown action, or no actions).
fn statement_actions(st: &Stmt<'_>) -> Option<StatementActions> {
    let element = st.action.as_ref().filter(|e| !e.not)?;
    if element.items.is_empty() || element.items.iter().any(|a| a.resolved.is_err()) {
        return None;
    }
    Some(StatementActions {
        actions: element
            .items
            .iter()
            .filter_map(|a| {
                a.resolved
                    .as_ref()
                    .ok()
                    .map(|r| (a.item.text.to_string(), r.clone()))
            })
            .collect(),
    })
}

fn one(c: &Cond<'_>, actions: Option<&StatementActions>, out: &mut Out) {
    if c.operator.is_none() {
        let text = c.operator_text;
        let help = match condition::suggest_operator(text) {
            Some(s) if s == "Null" && text.to_ascii_lowercase().ends_with("ifexists") => {
                "`Null` has no `IfExists` form: write `Null`".to_string()
            }
            Some(s) => format!("did you mean `{s}`?"),
            None => "operators are `StringEquals`, `StringLike`, `ArnLike`, `NumericLessThan`, \
                     `DateGreaterThan`, `Bool`, `IpAddress`, `Null` and their relatives, with an \
                     optional `IfExists` suffix and `ForAnyValue:`/`ForAllValues:` prefix"
                .to_string(),
        };
        out.push(
            &unknown_operator::LINT,
            c.operator_path.clone(),
            format!("unknown condition operator `{text}`"),
        )
        .help(help);
    }
    match &c.key {
        // A few actions list keys of another service's prefix that the catalog does not list
        // under that service (`iotjobsdata:*` lists `iot:JobId`): known through the action.
        Err(_) if listed_by_action(c.key_text, actions) => {}
        Err(suggestions) => {
            let help = lookup::did_you_mean(suggestions).unwrap_or_else(|| {
                "a key is global (`aws:SourceArn`, `aws:PrincipalTag/team`) or one of the \
                 service's own (`s3:prefix`), as the Service Authorization Reference lists them"
                    .to_string()
            });
            out.push(
                &unknown_condition_key::LINT,
                c.key_path.clone(),
                format!("unknown condition key `{}`", c.key_text),
            )
            .help(help);
        }
        Ok(key) => {
            let if_exists = c.operator.is_some_and(|op| op.if_exists);
            if let Some(actions) = actions
                && let Some((written, any_applies)) =
                    condition::inapplicable_to(key, if_exists, actions)
            {
                let mut help = Vec::new();
                if let Some(users) = condition::actions_with_key(key.name) {
                    help.push(users);
                }
                help.push(if !if_exists && any_applies {
                    format!(
                        "move `{written}` to a statement without this condition, or use `{}IfExists`",
                        c.operator_text
                    )
                } else {
                    "remove the condition, or move it to a statement of those actions".to_string()
                });
                out.push(
                    &inapplicable_condition_key::LINT,
                    c.key_path.clone(),
                    format!(
                        "condition key `{}` does not apply to `{written}`",
                        c.key_text
                    ),
                )
                .help(help.join("; "));
            }
            if let Some(op) = c.operator
                && !condition::key_fits(op.base.family, key)
            {
                let ty = key.ty.element();
                out.push(
                    &operator_key_mismatch::LINT,
                    c.operator_path.clone(),
                    format!(
                        "`{}` compares {}, but `{}` is of type {}",
                        c.operator_text,
                        condition::family_plural(op.base.family),
                        c.key_text,
                        key.ty.as_str()
                    ),
                )
                .help(format!(
                    "compare {} with {}",
                    condition::type_article(ty),
                    condition::operators_for(ty)
                ));
            }
            if let Some(op) = c.operator {
                typed_key(c, &op, key, out);
            }
        }
    }
    let Some(op) = c.operator else { return };
    for (path, value) in &c.values {
        if value.contains("${") {
            continue;
        }
        if let Err(help) = condition::value_fits(op.base.family, value) {
            out.push(
                &condition_value_type::LINT,
                path.clone(),
                format!(
                    "`{value}` is not {}, as `{}` needs",
                    condition::family_article(op.base.family),
                    c.operator_text
                ),
            )
            .help(help);
        }
    }
    // Duplicate values.
    for (i, (path, value)) in c.values.iter().enumerate() {
        if c.values[..i].iter().any(|(_, v)| v == value) {
            out.push(
                &redundant_condition::LINT,
                path.clone(),
                format!("`{value}` is listed twice for `{}`", c.key_text),
            )
            .help("remove the duplicate");
        }
    }
}

/// Operators that IAM accepts on the key but that are not meant for it: a `String` operator on a
/// numeric, date, boolean or ARN key, and a set qualifier on a single-valued key.
fn typed_key(
    c: &Cond<'_>,
    op: &crate::catalog::ParsedOperator,
    key: &crate::catalog::ConditionKey,
    out: &mut Out,
) {
    let ty = key.ty.element();
    if op.base.family == OperatorFamily::String {
        if matches!(
            ty,
            ConditionType::Numeric | ConditionType::Date | ConditionType::Bool
        ) {
            out.push(
                &string_operator_on_typed_key::LINT,
                c.operator_path.clone(),
                format!(
                    "`{}` compares `{}` as text, but it is of type {}",
                    c.operator_text,
                    c.key_text,
                    key.ty.as_str()
                ),
            )
            .help(format!(
                "compare {} with {}",
                condition::type_article(ty),
                condition::operators_for(ty)
            ));
        } else if ty == ConditionType::Arn {
            let arn = if op.base.name.contains("Like") {
                "ArnLike"
            } else {
                "ArnEquals"
            };
            let arn = if op.base.negated {
                arn.replacen("Arn", "ArnNot", 1)
            } else {
                arn.to_string()
            };
            out.push(
                &string_operator_on_arn_key::LINT,
                c.operator_path.clone(),
                format!(
                    "`{}` compares the ARN `{}` as text",
                    c.operator_text, c.key_text
                ),
            )
            .help(format!("use `{arn}`, the operator family for ARNs"));
        }
    }
    if let Some(set) = op.set
        && !key.ty.is_multivalued()
    {
        let (qualifier, why) = match set {
            SetQualifier::ForAllValues => (
                "ForAllValues:",
                " (it also makes the condition true when the key is missing)",
            ),
            SetQualifier::ForAnyValue => ("ForAnyValue:", ""),
        };
        out.push(
            &set_operator_on_single_valued_key::LINT,
            c.operator_path.clone(),
            format!(
                "`{qualifier}` is for multivalued keys, but `{}` has one value per request",
                c.key_text
            ),
        )
        .help(format!(
            "drop `{qualifier}`{why}: several values in a plain operator already mean any of them"
        ));
    }
}

/// Whether one of the statement's actions lists the key itself.
fn listed_by_action(key: &str, actions: Option<&StatementActions>) -> bool {
    actions.is_some_and(|actions| {
        actions.actions.iter().any(|(_, target)| {
            target
                .actions()
                .iter()
                .any(|(_, a)| a.condition_keys.iter().any(|k| k.eq_ignore_ascii_case(key)))
        })
    })
}

/// A plain operator: no set qualifier, no `IfExists`.
fn plain(c: &Cond<'_>) -> bool {
    c.operator
        .is_some_and(|op| op.set.is_none() && !op.if_exists)
}

/// An operator that is false when the key is missing (so it requires the key).
pub(super) fn requires_key(c: &Cond<'_>) -> bool {
    c.operator.is_some_and(|op| {
        !op.if_exists
            && !op.base.negated
            && op.base.family != OperatorFamily::Null
            && op.set != Some(SetQualifier::ForAllValues)
    })
}

fn is_named(c: &Cond<'_>, name: &str) -> bool {
    plain(c) && c.operator.is_some_and(|op| op.base.name == name)
}

fn contradictions(st: &Stmt<'_>, out: &mut Out) {
    let conds = &st.conditions;
    for (i, c) in conds.iter().enumerate() {
        let same_key = |d: &&Cond<'_>| d.key_text.eq_ignore_ascii_case(c.key_text);
        let others: Vec<&Cond<'_>> = conds
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, d)| d)
            .filter(same_key)
            .collect();
        if others.is_empty() {
            continue;
        }
        // `Null` against an operator that needs the key present.
        if is_named(c, "Null") && !c.values.is_empty() {
            let all_true = c.values.iter().all(|(_, v)| v.eq_ignore_ascii_case("true"));
            let all_false = c
                .values
                .iter()
                .all(|(_, v)| v.eq_ignore_ascii_case("false"));
            if let Some(d) = others.iter().find(|d| requires_key(d)) {
                if all_true {
                    out.push(
                        &unsatisfiable_condition::LINT,
                        c.key_path.clone(),
                        format!(
                            "`Null` requires `{}` to be absent, but `{}` requires it present",
                            c.key_text, d.operator_text
                        ),
                    )
                    .help("remove one of the two conditions")
                    .related(d.key_path.clone(), "the condition that needs the key");
                } else if all_false {
                    out.push(
                        &redundant_condition::LINT,
                        c.key_path.clone(),
                        format!(
                            "`Null: false` on `{}` adds nothing: `{}` already requires the key",
                            c.key_text, d.operator_text
                        ),
                    )
                    .help("remove the `Null` condition")
                    .related(d.key_path.clone(), "the condition that needs the key");
                }
            }
        }
        // `...Equals` against `...NotEquals` with every value excluded.
        for (eq, ne, fold) in [
            ("StringEquals", "StringNotEquals", false),
            ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", true),
        ] {
            if !is_named(c, eq) {
                continue;
            }
            for d in others.iter().filter(|d| is_named(d, ne)) {
                let excluded = |v: &str| {
                    d.values.iter().any(|(_, n)| {
                        if fold {
                            n.eq_ignore_ascii_case(v)
                        } else {
                            n == v
                        }
                    })
                };
                if !c.values.is_empty() && c.values.iter().all(|(_, v)| excluded(v)) {
                    out.push(
                        &unsatisfiable_condition::LINT,
                        c.key_path.clone(),
                        format!(
                            "`{eq}` and `{ne}` on `{}` exclude every value the first allows",
                            c.key_text
                        ),
                    )
                    .help("remove the values from one of the two conditions")
                    .related(d.key_path.clone(), "the excluding condition");
                }
            }
        }
    }
    bounds(st, out, "Numeric", |v| {
        v.trim().parse::<f64>().ok().filter(|x| x.is_finite())
    });
    bounds(st, out, "Date", |v| {
        crate::eval::parse_date(v).map(|ms| ms as f64)
    });
}

/// Numeric or date bounds on one key that leave no value.
fn bounds(st: &Stmt<'_>, out: &mut Out, family: &str, parse: impl Fn(&str) -> Option<f64>) {
    let lt = format!("{family}LessThan");
    let le = format!("{family}LessThanEquals");
    let gt = format!("{family}GreaterThan");
    let ge = format!("{family}GreaterThanEquals");
    let eq = format!("{family}Equals");
    let mut seen: Vec<String> = Vec::new();
    for c in &st.conditions {
        let key = c.key_text.to_ascii_lowercase();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let group: Vec<&Cond<'_>> = st
            .conditions
            .iter()
            .filter(|d| d.key_text.eq_ignore_ascii_case(c.key_text) && plain(d))
            .collect();
        // (value, strict)
        let mut upper: Option<(f64, bool)> = None;
        let mut lower: Option<(f64, bool)> = None;
        let mut equals: Option<Vec<f64>> = None;
        let mut last = None;
        for d in &group {
            let name = d.operator.map_or("", |op| op.base.name);
            let values: Option<Vec<f64>> = d.values.iter().map(|(_, v)| parse(v)).collect();
            let Some(values) = values.filter(|v| !v.is_empty()) else {
                continue;
            };
            let max = values.iter().copied().fold(f64::MIN, f64::max);
            let min = values.iter().copied().fold(f64::MAX, f64::min);
            if name == lt || name == le {
                // Values are ORed: the loosest bound holds.
                let b = (max, name == lt);
                upper = Some(match upper {
                    Some(u) if u.0 < b.0 || (u.0 == b.0 && u.1) => u,
                    _ => b,
                });
                last = Some(*d);
            } else if name == gt || name == ge {
                let b = (min, name == gt);
                lower = Some(match lower {
                    Some(l) if l.0 > b.0 || (l.0 == b.0 && l.1) => l,
                    _ => b,
                });
                last = Some(*d);
            } else if name == eq {
                equals = Some(values);
                last = Some(*d);
            }
        }
        let fits = |x: f64| {
            upper.is_none_or(|(u, s)| if s { x < u } else { x <= u })
                && lower.is_none_or(|(l, s)| if s { x > l } else { x >= l })
        };
        let empty = match (&equals, upper, lower) {
            (Some(vs), _, _) if upper.is_some() || lower.is_some() => !vs.iter().any(|&x| fits(x)),
            (_, Some((u, us)), Some((l, ls))) => l > u || (l == u && (us || ls)),
            _ => false,
        };
        if empty && let Some(d) = last {
            out.push(
                &unsatisfiable_condition::LINT,
                d.key_path.clone(),
                format!(
                    "the `{family}*` conditions on `{}` leave no value",
                    d.key_text
                ),
            )
            .help("fix the bounds: the operators of a condition block must all hold at once");
        }
    }
}
