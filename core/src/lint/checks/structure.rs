//! The shape of the document: objects, elements, `Version`, `Effect`, required elements.

use super::super::model::{Doc, Stmt};
use super::super::{
    JsonPath, Out, PolicyType, conflicting_elements, invalid_effect, invalid_version,
    malformed_element, missing_action, missing_principal, missing_resource, missing_version,
    not_an_object, partial_wildcard_principal, principal_in_identity_policy,
    resource_in_trust_policy, unknown_element,
};
use serde_json::{Map, Value};

const TOP_KEYS: &[&str] = &["Version", "Id", "Statement"];
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
const PRINCIPAL_KINDS: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];

pub(super) fn check(doc: &Doc<'_>, out: &mut Out) {
    let Some(root) = doc.root_map() else {
        out.push(
            &not_an_object::LINT,
            JsonPath::root(),
            format!("a policy must be a JSON object, found {}", kind(doc.root)),
        )
        .help("write `{\"Version\": \"2012-10-17\", \"Statement\": [..]}`");
        return;
    };
    unknown_keys(root, &JsonPath::root(), TOP_KEYS, "policy", out);
    match root.get("Version") {
        None => {
            out.push(
                &missing_version::LINT,
                JsonPath::root(),
                "the policy has no `Version`",
            )
            .help("add `\"Version\": \"2012-10-17\"`; without it policy variables are plain text");
        }
        Some(Value::String(v)) if v == "2012-10-17" || v == "2008-10-17" => {}
        Some(other) => {
            out.push(
                &invalid_version::LINT,
                JsonPath::root().key("Version"),
                format!("`Version` {other} is not a policy language version"),
            )
            .help("write `\"Version\": \"2012-10-17\"`");
        }
    }
    if let Some(id) = root.get("Id")
        && !id.is_string()
    {
        out.push(
            &malformed_element::LINT,
            JsonPath::root().key("Id"),
            format!("`Id` must be a string, found {}", kind(id)),
        )
        .help("write `\"Id\": \"my-policy\"` or remove it");
    }
    match root.get("Statement") {
        None => {
            out.push(
                &malformed_element::LINT,
                JsonPath::root(),
                "the policy has no `Statement`",
            )
            .help("add `\"Statement\": [{\"Effect\": \"Allow\", ..}]`");
        }
        Some(Value::Array(items)) if items.is_empty() => {
            out.push(
                &malformed_element::LINT,
                JsonPath::root().key("Statement"),
                "`Statement` is empty",
            )
            .help("add a statement, or remove the policy");
        }
        Some(Value::Array(_) | Value::Object(_)) => {}
        Some(other) => {
            out.push(
                &malformed_element::LINT,
                JsonPath::root().key("Statement"),
                format!(
                    "`Statement` must be an object or an array, found {}",
                    kind(other)
                ),
            )
            .help("write `\"Statement\": [{..}, {..}]`");
        }
    }
    for st in &doc.statements {
        statement(doc, st, out);
    }
}

fn statement(doc: &Doc<'_>, st: &Stmt<'_>, out: &mut Out) {
    let Some(map) = st.map else {
        let value = match doc.root.get("Statement") {
            Some(Value::Array(items)) => items.get(st.index),
            other => other,
        };
        out.push(
            &not_an_object::LINT,
            st.path.clone(),
            format!(
                "a statement must be a JSON object, found {}",
                value.map_or("nothing", kind)
            ),
        )
        .help("write `{\"Effect\": \"Allow\", \"Action\": .., \"Resource\": ..}`");
        return;
    };
    unknown_keys(map, &st.path, STATEMENT_KEYS, "statement", out);
    if let Some(sid) = map.get("Sid")
        && !sid.is_string()
    {
        out.push(
            &malformed_element::LINT,
            st.path.clone().key("Sid"),
            format!("`Sid` must be a string, found {}", kind(sid)),
        )
        .help("write `\"Sid\": \"ReadImages\"` or remove it");
    }
    match map.get("Effect") {
        None => {
            out.push(
                &invalid_effect::LINT,
                st.path.clone(),
                "the statement has no `Effect`",
            )
            .help("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`");
        }
        Some(Value::String(e)) if e == "Allow" || e == "Deny" => {}
        Some(other) => {
            let help = match other.as_str() {
                Some(e) if e.eq_ignore_ascii_case("allow") => "write `\"Allow\"`".to_string(),
                Some(e) if e.eq_ignore_ascii_case("deny") => "write `\"Deny\"`".to_string(),
                _ => "write `\"Allow\"` or `\"Deny\"` (case-sensitive)".to_string(),
            };
            out.push(
                &invalid_effect::LINT,
                st.path.clone().key("Effect"),
                format!("`Effect` {other} is neither `Allow` nor `Deny`"),
            )
            .help(help);
        }
    }
    for (name, not_name) in [
        ("Action", "NotAction"),
        ("Resource", "NotResource"),
        ("Principal", "NotPrincipal"),
    ] {
        if map.contains_key(name) && map.contains_key(not_name) {
            out.push(
                &conflicting_elements::LINT,
                st.path.clone().key(not_name),
                format!("the statement has both `{name}` and `{not_name}`"),
            )
            .help("keep one of them; split the statement to say both");
        }
        for key in [name, not_name] {
            if let Some(value) = map.get(key) {
                let path = st.path.clone().key(key);
                if name == "Principal" {
                    principal_shape(value, &path, out);
                } else {
                    string_list(value, &path, key, out);
                }
            }
        }
    }
    if st.action.is_none() {
        out.push(
            &missing_action::LINT,
            st.path.clone(),
            "the statement has neither `Action` nor `NotAction`",
        )
        .help("add `\"Action\": [..]` with the actions the statement is about");
    }
    let has_resource = st.resource.is_some();
    let has_principal = st.principal.is_some();
    match doc.ty {
        PolicyType::Identity => {
            if !has_resource {
                out.push(
                    &missing_resource::LINT,
                    st.path.clone(),
                    "the statement has neither `Resource` nor `NotResource`",
                )
                .help("add `\"Resource\": [..]` (`\"*\"` for actions without resource-level permissions)");
            }
            if let Some((not, _)) = st.principal {
                let key = if not { "NotPrincipal" } else { "Principal" };
                out.push(
                    &principal_in_identity_policy::LINT,
                    st.path.clone().key(key),
                    format!("`{key}` in an identity policy"),
                )
                .help("remove it: an identity policy applies to whoever it is attached to");
            }
        }
        PolicyType::Resource | PolicyType::Trust => {
            // A resource-based policy may leave `Resource` out where the service documents
            // that form (an ECR repository policy: the policy is the repository's).
            if doc.ty == PolicyType::Resource && !has_resource && !resource_optional(st) {
                out.push(
                    &missing_resource::LINT,
                    st.path.clone(),
                    "the statement has neither `Resource` nor `NotResource`",
                )
                .help("add `\"Resource\": [..]` with the ARNs of the resource the policy is attached to");
            }
            if doc.ty == PolicyType::Trust
                && let Some(e) = &st.resource
            {
                let key = if e.not { "NotResource" } else { "Resource" };
                out.push(
                    &resource_in_trust_policy::LINT,
                    st.path.clone().key(key),
                    format!("`{key}` in a trust policy, which IAM rejects"),
                )
                .help(format!(
                    "remove `{key}`: a trust policy is about the role it is attached to"
                ));
            }
            if !has_principal {
                out.push(
                    &missing_principal::LINT,
                    st.path.clone(),
                    "the statement has neither `Principal` nor `NotPrincipal`",
                )
                .help("add `\"Principal\": {..}` naming who the statement is about");
            }
        }
    }
    if let Some(cond) = map.get("Condition") {
        condition_shape(cond, &st.path.clone().key("Condition"), out);
    }
}

fn unknown_keys(
    map: &Map<String, Value>,
    path: &JsonPath,
    known: &[&str],
    what: &str,
    out: &mut Out,
) {
    for key in map.keys() {
        if known.contains(&key.as_str()) {
            continue;
        }
        let help = match known.iter().find(|k| {
            k.eq_ignore_ascii_case(key)
                || k.eq_ignore_ascii_case(key.strip_suffix('s').unwrap_or(key))
        }) {
            Some(k) => format!("did you mean `{k}`? element names are case-sensitive"),
            None => format!(
                "a {what} has {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push(
            &unknown_element::LINT,
            path.clone().key(key.as_str()),
            format!("unknown {what} element `{key}`"),
        )
        .help(help);
    }
}

fn string_list(value: &Value, path: &JsonPath, key: &str, out: &mut Out) {
    match value {
        Value::String(_) => {}
        Value::Array(items) if items.is_empty() => {
            out.push(
                &malformed_element::LINT,
                path.clone(),
                format!("`{key}` is empty"),
            )
            .help(format!("list at least one entry, or remove `{key}`"));
        }
        Value::Array(items) => {
            for (j, item) in items.iter().enumerate() {
                if !item.is_string() {
                    out.push(
                        &malformed_element::LINT,
                        path.clone().index(j),
                        format!("an entry of `{key}` must be a string, found {}", kind(item)),
                    )
                    .help("write the entry as a string");
                }
            }
        }
        other => {
            out.push(
                &malformed_element::LINT,
                path.clone(),
                format!(
                    "`{key}` must be a string or a list of strings, found {}",
                    kind(other)
                ),
            )
            .help("write a string, or a list of strings");
        }
    }
}

fn principal_shape(value: &Value, path: &JsonPath, out: &mut Out) {
    match value {
        Value::String(s) if s == "*" => {}
        Value::Object(map) => {
            if map.is_empty() {
                out.push(
                    &malformed_element::LINT,
                    path.clone(),
                    "the principal is empty",
                )
                .help("name a principal, as in `{\"Service\": \"lambda.amazonaws.com\"}`");
            }
            for (kind_name, v) in map {
                let p = path.clone().key(kind_name.as_str());
                if !PRINCIPAL_KINDS.contains(&kind_name.as_str()) {
                    out.push(
                        &malformed_element::LINT,
                        p,
                        format!("unknown principal kind `{kind_name}`"),
                    )
                    .help("a principal is `AWS`, `Service`, `Federated` or `CanonicalUser`");
                    continue;
                }
                string_list(v, &p, kind_name, out);
                partial_wildcards(v, &p, out);
            }
        }
        other => {
            out.push(
                &malformed_element::LINT,
                path.clone(),
                format!(
                    "a principal must be `\"*\"` or an object, found {}",
                    kind(other)
                ),
            )
            .help(
                "write `{\"AWS\": \"arn:aws:iam::111122223333:root\"}`, `{\"Service\": ..}`, ...",
            );
        }
    }
}

/// Services whose resource-based policies are documented without `Resource`: Amazon ECR's
/// repository policies (private and public) apply to the repository they are set on.
const RESOURCE_OPTIONAL: &[&str] = &["ecr", "ecr-public"];

/// Whether every action of the statement belongs to a service of [`RESOURCE_OPTIONAL`].
fn resource_optional(st: &Stmt<'_>) -> bool {
    let actions = st.actions();
    !actions.is_empty()
        && actions.iter().all(|a| {
            a.item.text.split_once(':').is_some_and(|(prefix, _)| {
                RESOURCE_OPTIONAL
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(prefix))
            })
        })
}

/// A `*` or `?` inside a principal (`arn:aws:iam::*:role/x`): IAM matches principals exactly.
fn partial_wildcards(value: &Value, path: &JsonPath, out: &mut Out) {
    let items: Vec<(JsonPath, &str)> = match value {
        Value::String(s) => vec![(path.clone(), s.as_str())],
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_str().map(|s| (path.clone().index(i), s)))
            .collect(),
        _ => Vec::new(),
    };
    for (p, text) in items {
        if text != "*" && text.contains(['*', '?']) {
            out.push(
                &partial_wildcard_principal::LINT,
                p,
                format!("`{text}`: a wildcard cannot match part of a principal"),
            )
            .help("name each principal, or use `\"*\"` with an `ArnLike` condition on `aws:PrincipalArn`");
        }
    }
}

fn condition_shape(value: &Value, path: &JsonPath, out: &mut Out) {
    let Value::Object(ops) = value else {
        out.push(
            &malformed_element::LINT,
            path.clone(),
            format!("`Condition` must be an object, found {}", kind(value)),
        )
        .help("write `{\"StringEquals\": {\"aws:SourceAccount\": \"111122223333\"}}`");
        return;
    };
    for (op, keys) in ops {
        let p = path.clone().key(op.as_str());
        let Value::Object(keys) = keys else {
            out.push(
                &malformed_element::LINT,
                p,
                format!("the keys of `{op}` must be an object, found {}", kind(keys)),
            )
            .help(format!("write `\"{op}\": {{\"KEY\": \"VALUE\"}}`"));
            continue;
        };
        for (key, v) in keys {
            let kp = p.clone().key(key.as_str());
            match v {
                Value::String(_) | Value::Bool(_) | Value::Number(_) => {}
                Value::Array(items) if items.is_empty() => {
                    out.push(
                        &malformed_element::LINT,
                        kp,
                        format!("no values for `{key}`"),
                    )
                    .help("list at least one value");
                }
                Value::Array(items) => {
                    for (j, item) in items.iter().enumerate() {
                        if !matches!(item, Value::String(_) | Value::Bool(_) | Value::Number(_)) {
                            out.push(
                                &malformed_element::LINT,
                                kp.clone().index(j),
                                format!("a condition value must be a string, number or boolean, found {}", kind(item)),
                            )
                            .help("write the value as a string");
                        }
                    }
                }
                other => {
                    out.push(
                        &malformed_element::LINT,
                        kp,
                        format!(
                            "the value of `{key}` must be a string or a list, found {}",
                            kind(other)
                        ),
                    )
                    .help("write a string, or a list of strings");
                }
            }
        }
    }
}

/// The JSON type of a value, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
