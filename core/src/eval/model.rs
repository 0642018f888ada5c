//! The policy model the evaluator works on, parsed from JSON text or converted from the emitted
//! [`crate::policy::PolicyDocument`].

use crate::catalog::{OperatorFamily, ParsedOperator, operator, operator_ignore_case};
use crate::decl::Effect;
use serde_json::Value;
use std::fmt;

/// A policy ready for evaluation.
#[derive(Clone, Debug)]
pub struct Policy {
    /// `Version`, if written (`2012-10-17` or `2008-10-17`).
    pub version: Option<String>,
    /// `Id`, if written.
    pub id: Option<String>,
    pub statements: Vec<Statement>,
}

/// One statement.
#[derive(Clone, Debug)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    /// `Principal` / `NotPrincipal`; `None` when neither is written (identity policies).
    pub principal: Option<Negatable<PrincipalSpec>>,
    /// `Action` / `NotAction`.
    pub action: Negatable<Vec<String>>,
    /// `Resource` / `NotResource`; `None` when neither is written (trust policies).
    pub resource: Option<Negatable<Vec<String>>>,
    /// Every operator/key pair of the `Condition` block; all must hold (logical AND).
    pub conditions: Vec<Condition>,
}

/// An element and its `Not` twin (`Action` / `NotAction`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Negatable<T> {
    Is(T),
    Not(T),
}

/// The value of `Principal`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalSpec {
    /// `"*"`: everyone, anonymous included.
    Any,
    /// `{"AWS": .., "Service": .., ..}`: each entry a kind and its values.
    Map(Vec<(PrincipalKind, Vec<String>)>),
}

/// The kinds of principal a policy can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrincipalKind {
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

impl PrincipalKind {
    /// The key as written in a policy (`AWS`, `Service`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::Aws => "AWS",
            PrincipalKind::Service => "Service",
            PrincipalKind::Federated => "Federated",
            PrincipalKind::CanonicalUser => "CanonicalUser",
        }
    }

    fn parse(text: &str) -> Option<PrincipalKind> {
        Some(match text {
            "AWS" => PrincipalKind::Aws,
            "Service" => PrincipalKind::Service,
            "Federated" => PrincipalKind::Federated,
            "CanonicalUser" => PrincipalKind::CanonicalUser,
            _ => return None,
        })
    }
}

/// One operator applied to one key: `"StringEquals": {"aws:username": ["a", "b"]}`.
#[derive(Clone, Debug)]
pub struct Condition {
    /// The operator as written (`ForAnyValue:StringLikeIfExists`).
    pub operator_text: String,
    pub operator: ParsedOperator,
    /// The key as written; compared case-insensitively.
    pub key: String,
    /// The values, as text (JSON booleans and numbers in their JSON spelling); any one may
    /// match (logical OR).
    pub values: Vec<String>,
}

/// A policy that does not parse: where (a JSON path such as `Statement[1].Condition`) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    pub path: String,
    pub message: String,
    pub help: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for PolicyError {}

fn err(path: &str, message: impl Into<String>, help: impl Into<String>) -> PolicyError {
    PolicyError {
        path: path.to_string(),
        message: message.into(),
        help: help.into(),
    }
}

/// The JSON type of a value, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

impl Policy {
    /// Parses a policy document from JSON text.
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            err(
                "",
                format!("the policy is not valid JSON: {e}"),
                "a policy is a JSON object with `Version` and `Statement`",
            )
        })?;
        Policy::from_json(&value)
    }

    /// Parses a policy document from a JSON value.
    pub fn from_json(value: &Value) -> Result<Policy, PolicyError> {
        let Value::Object(map) = value else {
            return Err(err(
                "",
                format!("a policy must be a JSON object, found {}", kind(value)),
                "write `{\"Version\": \"2012-10-17\", \"Statement\": [..]}`",
            ));
        };
        for key in map.keys() {
            if !matches!(key.as_str(), "Version" | "Id" | "Statement") {
                return Err(err(
                    key,
                    format!("unknown policy element `{key}`"),
                    "a policy has `Version`, `Id` and `Statement` only (names are case-sensitive)",
                ));
            }
        }
        let version = match map.get("Version") {
            None => None,
            Some(Value::String(v)) if v == "2012-10-17" || v == "2008-10-17" => Some(v.clone()),
            Some(other) => {
                return Err(err(
                    "Version",
                    format!("unsupported `Version` {other}"),
                    "use `\"2012-10-17\"`",
                ));
            }
        };
        let id = match map.get("Id") {
            None => None,
            Some(Value::String(v)) => Some(v.clone()),
            Some(other) => {
                return Err(err(
                    "Id",
                    format!("`Id` must be a string, found {}", kind(other)),
                    "write `\"Id\": \"my-policy\"` or drop it",
                ));
            }
        };
        let statements = match map.get("Statement") {
            None => {
                return Err(err(
                    "Statement",
                    "the policy has no `Statement`",
                    "add `\"Statement\": [{\"Effect\": \"Allow\", ..}]`",
                ));
            }
            Some(Value::Object(_)) => vec![parse_statement(&map["Statement"], "Statement")?],
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, s)| parse_statement(s, &format!("Statement[{i}]")))
                .collect::<Result<_, _>>()?,
            Some(other) => {
                return Err(err(
                    "Statement",
                    format!(
                        "`Statement` must be an object or an array, found {}",
                        kind(other)
                    ),
                    "write `\"Statement\": [{..}, {..}]`",
                ));
            }
        };
        Ok(Policy {
            version,
            id,
            statements,
        })
    }

    /// The evaluator's view of an emitted policy document (no JSON round trip). Operators the
    /// catalog does not know are skipped by the emitter's validation upstream; here they make
    /// the statement's condition unsatisfiable, which is what IAM does with an operator it
    /// rejects at evaluation time (the statement never applies).
    pub fn from_document(doc: &crate::policy::PolicyDocument) -> Result<Policy, PolicyError> {
        let mut statements = Vec::with_capacity(doc.statement.len());
        for (i, s) in doc.statement.iter().enumerate() {
            let path = format!("Statement[{i}]");
            let principal = match &s.principal {
                None => None,
                Some(map) => {
                    let mut entries = Vec::new();
                    for (k, v) in map {
                        if k == "*" {
                            entries.clear();
                            break;
                        }
                        let kind = PrincipalKind::parse(k).ok_or_else(|| {
                            err(
                                &format!("{path}.Principal"),
                                format!("unknown principal kind `{k}`"),
                                "use `AWS`, `Service`, `Federated` or `CanonicalUser`",
                            )
                        })?;
                        entries.push((kind, v.iter().map(str::to_string).collect()));
                    }
                    Some(Negatable::Is(if entries.is_empty() {
                        PrincipalSpec::Any
                    } else {
                        PrincipalSpec::Map(entries)
                    }))
                }
            };
            let mut conditions = Vec::new();
            for (op, keys) in &s.condition {
                let parsed = parse_operator(op, &format!("{path}.Condition"))?;
                for (key, values) in keys {
                    conditions.push(Condition {
                        operator_text: op.clone(),
                        operator: parsed,
                        key: key.clone(),
                        values: values.iter().map(str::to_string).collect(),
                    });
                }
            }
            statements.push(Statement {
                sid: s.sid.clone(),
                effect: s.effect,
                principal,
                action: Negatable::Is(s.action.iter().map(str::to_string).collect()),
                resource: s
                    .resource
                    .as_ref()
                    .map(|r| Negatable::Is(r.iter().map(str::to_string).collect())),
                conditions,
            });
        }
        Ok(Policy {
            version: Some(doc.version.to_string()),
            id: None,
            statements,
        })
    }
}

fn parse_statement(value: &Value, path: &str) -> Result<Statement, PolicyError> {
    let Value::Object(map) = value else {
        return Err(err(
            path,
            format!("a statement must be an object, found {}", kind(value)),
            "write `{\"Effect\": \"Allow\", \"Action\": .., \"Resource\": ..}`",
        ));
    };
    for key in map.keys() {
        if !STATEMENT_KEYS.contains(&key.as_str()) {
            return Err(err(
                &format!("{path}.{key}"),
                format!("unknown statement element `{key}`"),
                format!(
                    "a statement has {} (names are case-sensitive)",
                    STATEMENT_KEYS
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    let sid = match map.get("Sid") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            return Err(err(
                &format!("{path}.Sid"),
                format!("`Sid` must be a string, found {}", kind(other)),
                "write `\"Sid\": \"ReadBucket\"`",
            ));
        }
    };
    let effect = match map.get("Effect") {
        Some(Value::String(e)) if e == "Allow" => Effect::Allow,
        Some(Value::String(e)) if e == "Deny" => Effect::Deny,
        Some(other) => {
            return Err(err(
                &format!("{path}.Effect"),
                format!("`Effect` must be `Allow` or `Deny`, found {other}"),
                "write `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"` (case-sensitive)",
            ));
        }
        None => {
            return Err(err(
                path,
                "the statement has no `Effect`",
                "add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`",
            ));
        }
    };
    let principal = match pair(map, "Principal", "NotPrincipal", path)? {
        None => None,
        Some((negated, name, v)) => {
            let spec = parse_principal(v, &format!("{path}.{name}"))?;
            Some(if negated {
                Negatable::Not(spec)
            } else {
                Negatable::Is(spec)
            })
        }
    };
    let action = match pair(map, "Action", "NotAction", path)? {
        None => {
            return Err(err(
                path,
                "the statement has neither `Action` nor `NotAction`",
                "add `\"Action\": \"service:Action\"`",
            ));
        }
        Some((negated, name, v)) => {
            let list = strings(v, &format!("{path}.{name}"))?;
            for (i, a) in list.iter().enumerate() {
                if a != "*" && !a.contains(':') {
                    return Err(err(
                        &format!("{path}.{name}[{i}]"),
                        format!("action `{a}` has no service prefix"),
                        "write actions as `service:Action`, as in `s3:GetObject`, or `*`",
                    ));
                }
            }
            if negated {
                Negatable::Not(list)
            } else {
                Negatable::Is(list)
            }
        }
    };
    let resource = match pair(map, "Resource", "NotResource", path)? {
        None => None,
        Some((negated, name, v)) => {
            let list = strings(v, &format!("{path}.{name}"))?;
            Some(if negated {
                Negatable::Not(list)
            } else {
                Negatable::Is(list)
            })
        }
    };
    let conditions = match map.get("Condition") {
        None => Vec::new(),
        Some(v) => parse_conditions(v, &format!("{path}.Condition"))?,
    };
    Ok(Statement {
        sid,
        effect,
        principal,
        action,
        resource,
        conditions,
    })
}

/// The one of `name` / `not_name` that is present; both is an error.
fn pair<'v>(
    map: &'v serde_json::Map<String, Value>,
    name: &'static str,
    not_name: &'static str,
    path: &str,
) -> Result<Option<(bool, &'static str, &'v Value)>, PolicyError> {
    match (map.get(name), map.get(not_name)) {
        (Some(_), Some(_)) => Err(err(
            path,
            format!("the statement has both `{name}` and `{not_name}`"),
            format!("keep one of `{name}` and `{not_name}`"),
        )),
        (Some(v), None) => Ok(Some((false, name, v))),
        (None, Some(v)) => Ok(Some((true, not_name, v))),
        (None, None) => Ok(None),
    }
}

/// A string or a non-empty array of strings.
fn strings(value: &Value, path: &str) -> Result<Vec<String>, PolicyError> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(err(
                    &format!("{path}[{i}]"),
                    format!("expected a string, found {}", kind(other)),
                    "write each element as a JSON string",
                )),
            })
            .collect(),
        Value::Array(_) => Err(err(
            path,
            "the list is empty",
            "write at least one value, or drop the element",
        )),
        other => Err(err(
            path,
            format!(
                "expected a string or an array of strings, found {}",
                kind(other)
            ),
            "write `\"value\"` or `[\"value\", ..]`",
        )),
    }
}

fn parse_principal(value: &Value, path: &str) -> Result<PrincipalSpec, PolicyError> {
    match value {
        Value::String(s) if s == "*" => Ok(PrincipalSpec::Any),
        Value::Object(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (k, v) in map {
                let kind = PrincipalKind::parse(k).ok_or_else(|| {
                    err(
                        &format!("{path}.{k}"),
                        format!("unknown principal kind `{k}`"),
                        "use `AWS`, `Service`, `Federated` or `CanonicalUser` (case-sensitive)",
                    )
                })?;
                entries.push((kind, strings(v, &format!("{path}.{k}"))?));
            }
            if entries.is_empty() {
                return Err(err(
                    path,
                    "the principal map is empty",
                    "name at least one principal, as in `{\"AWS\": \"arn:aws:iam::111122223333:root\"}`",
                ));
            }
            Ok(PrincipalSpec::Map(entries))
        }
        Value::String(s) => Err(err(
            path,
            format!("a principal string must be `*`, found `{s}`"),
            format!("write `{{\"AWS\": \"{s}\"}}` to name an AWS principal"),
        )),
        other => Err(err(
            path,
            format!(
                "a principal must be `\"*\"` or an object, found {}",
                kind(other)
            ),
            "write `{\"AWS\": \"arn:aws:iam::111122223333:root\"}` or `{\"Service\": \"lambda.amazonaws.com\"}`",
        )),
    }
}

/// `text` with its set qualifier, base operator and `IfExists` in their canonical spelling.
fn canonical_spelling(text: &str, base: &str) -> String {
    let (set, rest) = match text.split_once(':') {
        Some((set, rest)) if set.eq_ignore_ascii_case("ForAnyValue") => ("ForAnyValue:", rest),
        Some((set, rest)) if set.eq_ignore_ascii_case("ForAllValues") => ("ForAllValues:", rest),
        _ => ("", text),
    };
    let if_exists = rest.len() > base.len()
        && rest
            .get(base.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case("IfExists"));
    format!("{set}{base}{}", if if_exists { "IfExists" } else { "" })
}

fn parse_operator(text: &str, path: &str) -> Result<ParsedOperator, PolicyError> {
    operator(text).ok_or_else(|| {
        let help = match operator_ignore_case(text) {
            Some("Null") if text.ends_with("IfExists") => {
                "`Null` cannot take `IfExists`: `Null` already tests whether the key exists"
                    .to_string()
            }
            Some(canonical) => format!(
                "operators are case-sensitive: did you mean `{}`?",
                canonical_spelling(text, canonical)
            ),
            None => "use an IAM condition operator such as `StringEquals`, `ArnLike` or \
                     `ForAnyValue:StringLike`"
                .to_string(),
        };
        err(
            &format!("{path}.{text}"),
            format!("unknown condition operator `{text}`"),
            help,
        )
    })
}

fn parse_conditions(value: &Value, path: &str) -> Result<Vec<Condition>, PolicyError> {
    let Value::Object(ops) = value else {
        return Err(err(
            path,
            format!("`Condition` must be an object, found {}", kind(value)),
            "write `\"Condition\": {\"StringEquals\": {\"aws:username\": \"alice\"}}`",
        ));
    };
    let mut out = Vec::new();
    for (op, keys) in ops {
        let op_path = format!("{path}.{op}");
        let parsed = parse_operator(op, path)?;
        let Value::Object(keys) = keys else {
            return Err(err(
                &op_path,
                format!(
                    "the operator `{op}` must map keys to values, found {}",
                    kind(keys)
                ),
                format!("write `\"{op}\": {{\"aws:username\": \"alice\"}}`"),
            ));
        };
        for (key, raw) in keys {
            let key_path = format!("{op_path}.{key}");
            let values = condition_values(raw, &key_path)?;
            if parsed.base.family == OperatorFamily::Null {
                for v in &values {
                    if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") {
                        return Err(err(
                            &key_path,
                            format!("`Null` takes `true` or `false`, found `{v}`"),
                            "write `\"Null\": {\"key\": \"true\"}` (key absent) or `\"false\"` (key present)",
                        ));
                    }
                }
            }
            out.push(Condition {
                operator_text: op.clone(),
                operator: parsed,
                key: key.clone(),
                values,
            });
        }
    }
    Ok(out)
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn condition_values(value: &Value, path: &str) -> Result<Vec<String>, PolicyError> {
    if let Some(one) = scalar(value) {
        return Ok(vec![one]);
    }
    match value {
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                scalar(item).ok_or_else(|| {
                    err(
                        &format!("{path}[{i}]"),
                        format!(
                            "a condition value must be a string, boolean or number, found {}",
                            kind(item)
                        ),
                        "write each value as a JSON string",
                    )
                })
            })
            .collect(),
        Value::Array(_) => Err(err(
            path,
            "the condition has no values",
            "write at least one value",
        )),
        other => Err(err(
            path,
            format!(
                "a condition value must be a string, boolean, number or a list of them, found {}",
                kind(other)
            ),
            "write `\"value\"` or `[\"a\", \"b\"]`",
        )),
    }
}
