//! The oracle's reading of a pair: each documented divergence rewritten into the input that
//! makes our evaluator do what iam-simulate does there.

use super::generate::{DATE, Pair, has_null_variable, is_epoch, is_iso};
use lambda_iam_core::eval::ContextValue;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Documented divergences a pair may carry (the README explains each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Divergence {
    /// A `Date*` condition compares an epoch value with an ISO 8601 value.
    EpochVersusIso,
    /// `ForAnyValue:...IfExists` on a missing key.
    SetIfExistsMissing,
    /// `NotIpAddress` with a bare address of one family against an address of the other.
    BareIpOtherFamily,
    /// `0.0.0.0/0` in an `IpAddress` / `NotIpAddress` condition.
    Ipv4ZeroPrefix,
    /// A negated operator with a policy value whose variable has no value.
    NullVariableNegated,
    /// A `NotResource` entry whose variable has no value.
    NullVariableNotResource,
    /// `${*}`, `${?}` or `${$}` in a value of an operator without wildcards.
    EscapeWithoutWildcards,
}

impl Divergence {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Divergence::EpochVersusIso => "epoch-vs-iso-date",
            Divergence::SetIfExistsMissing => "set-operator-ifexists-missing-key",
            Divergence::BareIpOtherFamily => "bare-ip-other-family",
            Divergence::Ipv4ZeroPrefix => "ipv4-zero-prefix",
            Divergence::NullVariableNegated => "null-variable-negated-operator",
            Divergence::NullVariableNotResource => "null-variable-notresource",
            Divergence::EscapeWithoutWildcards => "escape-without-wildcards",
        }
    }
}

/// Whether the partition, service, region and account of an ARN pattern match those of `arn`.
pub(crate) fn same_arn_prefix(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    p.len() == 6
        && a.len() == 6
        && (1..5).all(|i| lambda_iam_core::eval::action_matches(p[i], a[i]))
}

/// The first five fields of an ARN pattern and `*` for the resource part.
pub(crate) fn arn_prefix_wildcard(pattern: &str) -> String {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    if p.len() < 6 {
        return pattern.to_string();
    }
    format!("{}:*", p[..5].join(":"))
}

/// The days-since-epoch → civil date conversion (proleptic Gregorian).
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// An instant in milliseconds as ISO 8601 (`1970-01-20T17:21:07.200Z`).
pub(crate) fn iso_from_millis(ms: i64) -> String {
    let (days, rest) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, rest) = (rest / 3_600_000, rest % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    let (sec, milli) = (rest / 1000, rest % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{sec:02}.{milli:03}Z")
}

/// Epoch seconds read as the oracle reads them: the same number, but as milliseconds.
pub(crate) fn epoch_as_oracle(v: &str) -> String {
    if is_epoch(v) {
        iso_from_millis(v.parse().unwrap_or(0))
    } else {
        v.to_string()
    }
}

pub(crate) fn scalars(raw: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match raw {
        Value::Array(items) => items.iter().map(one).collect(),
        other => vec![one(other)],
    }
}

/// `${*}`, `${?}`, `${$}` written so that our evaluator keeps them as the literal text the
/// oracle keeps: `${$}{*}`.
pub(crate) fn literal_escapes(v: &str) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("${*}") || tail.starts_with("${?}") || tail.starts_with("${$}") {
            out.push_str("${$}");
            out.push_str(&tail[1..4]);
            rest = &tail[4..];
        } else {
            out.push_str("${");
            rest = &tail[2..];
        }
    }
    out.push_str(rest);
    out
}

/// One condition as the oracle evaluates it: (operator, values), rewritten for each documented
/// divergence that applies.
pub(crate) fn oracle_condition(
    op: &str,
    key: &str,
    raw: &Value,
    ctx: &BTreeMap<String, ContextValue>,
    applied: &mut BTreeSet<Divergence>,
) -> (String, Vec<String>) {
    let (set, rest) = if let Some(r) = op.strip_prefix("ForAnyValue:") {
        ("ForAnyValue:", r)
    } else if let Some(r) = op.strip_prefix("ForAllValues:") {
        ("ForAllValues:", r)
    } else {
        ("", op)
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(b) => (b, true),
        None => (rest, false),
    };
    let mut values = scalars(raw);
    let present = ctx.get(&key.to_ascii_lowercase());
    let mut op = op.to_string();
    if set == "ForAnyValue:" && if_exists && present.is_none() {
        applied.insert(Divergence::SetIfExistsMissing);
        op = format!("{set}{base}");
    }
    if let Some(v) = present {
        if base.starts_with("ArnNot") {
            // The oracle compares the fields in order and stops at the first that differs:
            // a variable with no value in the resource part counts only when the first four
            // fields match, and then fails the value (as if it matched: negated, false).
            for x in &mut values {
                if has_null_variable(x, ctx) {
                    if v.values().iter().any(|r| same_arn_prefix(x, r)) {
                        applied.insert(Divergence::NullVariableNegated);
                    }
                    *x = arn_prefix_wildcard(x);
                }
            }
        } else if base.contains("Not")
            && values.iter().any(|x| has_null_variable(x, ctx))
            && !(set == "ForAllValues:" && v.values().is_empty())
        {
            // The oracle fails the whole condition: `Null: true` on a present key is false.
            applied.insert(Divergence::NullVariableNegated);
            return ("Null".into(), vec!["true".into()]);
        }
        if base.ends_with("IpAddress") && values.iter().any(|x| x == "0.0.0.0/0") {
            applied.insert(Divergence::Ipv4ZeroPrefix);
            for x in &mut values {
                if x == "0.0.0.0/0" {
                    *x = "0.0.0.0/32".into();
                }
            }
        }
        if base == "NotIpAddress" {
            let req_v4 = v.values().iter().any(|x| x.contains('.'));
            let req_v6 = v.values().iter().any(|x| x.contains(':'));
            let mut extra = Vec::new();
            for x in &values {
                if !x.contains('/') && x.contains('.') {
                    extra.push("::/0".to_string());
                    if req_v6 {
                        applied.insert(Divergence::BareIpOtherFamily);
                    }
                }
                if !x.contains('/') && x.contains(':') {
                    extra.push("0.0.0.0/0".to_string());
                    if req_v4 {
                        applied.insert(Divergence::BareIpOtherFamily);
                    }
                }
            }
            values.extend(extra);
        }
        if base.starts_with("String") && !base.contains("Like") {
            for x in &mut values {
                let lit = literal_escapes(x);
                if lit != *x {
                    applied.insert(Divergence::EscapeWithoutWildcards);
                    *x = lit;
                }
            }
        }
        if base.starts_with("Date") {
            let req_epoch = v.values().iter().any(|x| is_epoch(x));
            let req_iso = v.values().iter().any(|x| is_iso(x));
            let pol_epoch = values.iter().any(|x| is_epoch(x));
            let pol_iso = values.iter().any(|x| is_iso(x));
            if (req_epoch && pol_iso) || (req_iso && pol_epoch) {
                applied.insert(Divergence::EpochVersusIso);
            }
        }
    }
    if base.starts_with("Date") {
        values = values.iter().map(|x| epoch_as_oracle(x)).collect();
    }
    (op, values)
}

/// The pair rewritten so that our evaluator does what the oracle does on each documented
/// divergence, and the divergences that were rewritten. A disagreement is explained when the
/// rewritten pair decides as the oracle does.
pub(crate) fn oracle_view(pair: &Pair) -> (Pair, BTreeSet<Divergence>) {
    let ctx: BTreeMap<String, ContextValue> = pair
        .context
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    let mut applied = BTreeSet::new();
    let mut policies = Vec::new();
    for (kind, doc) in &pair.policies {
        let statements = match &doc["Statement"] {
            Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        let mut kept = Vec::new();
        for mut st in statements {
            if let Some(list) = st.get("NotResource").cloned() {
                // The oracle fails an entry whose variable has no value once the first four
                // fields match the request's resource; a failed entry fails the statement, as
                // an entry that matches does under NotResource.
                let entries: Vec<String> = scalars(&list)
                    .into_iter()
                    .map(|r| {
                        if !has_null_variable(&r, &ctx) {
                            return r;
                        }
                        if same_arn_prefix(&r, &pair.resource) {
                            applied.insert(Divergence::NullVariableNotResource);
                        }
                        arn_prefix_wildcard(&r)
                    })
                    .collect();
                st["NotResource"] = json!(entries);
            }
            if let Some(Value::Object(block)) = st.get("Condition").cloned() {
                let mut out: serde_json::Map<String, Value> = serde_json::Map::new();
                for (op, keys) in block {
                    let Value::Object(keys) = keys else { continue };
                    for (key, raw) in keys {
                        let (op, values) = oracle_condition(&op, &key, &raw, &ctx, &mut applied);
                        let Value::Object(slot) = out
                            .entry(op)
                            .or_insert_with(|| Value::Object(Default::default()))
                        else {
                            continue;
                        };
                        // Keys are case-insensitive: a second spelling keeps both conditions.
                        let Some(name) = [
                            key.clone(),
                            key.to_ascii_uppercase(),
                            key.to_ascii_lowercase(),
                        ]
                        .into_iter()
                        .find(|n| !slot.contains_key(n)) else {
                            continue;
                        };
                        slot.insert(name, json!(values));
                    }
                }
                st["Condition"] = Value::Object(out);
            }
            kept.push(st);
        }
        policies.push((*kind, json!({"Version": "2012-10-17", "Statement": kept})));
    }
    let context = pair
        .context
        .iter()
        .map(|(k, v)| {
            let v = if DATE.keys.iter().any(|d| d.eq_ignore_ascii_case(k)) {
                match v {
                    ContextValue::Single(x) => ContextValue::Single(epoch_as_oracle(x)),
                    ContextValue::Multi(xs) => {
                        ContextValue::Multi(xs.iter().map(|x| epoch_as_oracle(x)).collect())
                    }
                }
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect();
    let view = Pair {
        id: pair.id,
        policies,
        principal: pair.principal.clone(),
        action: pair.action.clone(),
        resource: pair.resource.clone(),
        context,
        features: BTreeSet::new(),
    };
    (view, applied)
}
