//! The document as the lints see it: every element found leniently (a malformed element is left
//! out here and reported by the structure lints), each string with its JSON path, actions
//! resolved against the catalog, resources parsed, condition operators and keys looked up.
//! Built once per [`super::lint_policy`] call; every lint reads it.

use super::{JsonPath, PolicyType};
use crate::arn::{self, Resource};
use crate::catalog::{self, ConditionKey, ParsedOperator};
use crate::condition::{self, KeyLookup};
use crate::decl::Effect;
use crate::lookup::{self, ActionRef, LookupError};
use serde_json::{Map, Value};

/// A string of the document and where it is.
#[derive(Debug)]
pub(crate) struct Item<'a> {
    pub path: JsonPath,
    pub text: &'a str,
}

/// An element with a `Not` twin (`Action`/`NotAction`, ...), as written.
#[derive(Debug)]
pub(crate) struct Element<T> {
    /// `NotAction`, `NotResource`, `NotPrincipal`.
    pub not: bool,
    /// The path of the element itself (`Statement[0].Action`).
    pub path: JsonPath,
    pub items: Vec<T>,
}

#[derive(Debug)]
pub(crate) struct ActionItem<'a> {
    pub item: Item<'a>,
    pub resolved: Result<ActionRef, LookupError>,
}

impl ActionItem<'_> {
    /// The catalog actions it covers (none for `*` or an unknown action).
    pub fn covered(&self) -> Vec<(&'static catalog::Service, &'static catalog::Action)> {
        self.resolved
            .as_ref()
            .map(ActionRef::actions)
            .unwrap_or_default()
    }

    /// The action as IAM spells it, or as written for a pattern.
    pub fn name(&self) -> String {
        match &self.resolved {
            Ok(ActionRef::One { canonical, .. }) => canonical.clone(),
            _ => self.item.text.to_string(),
        }
    }

    /// Whether it grants `canonical` (`iam:PassRole`), by IAM's wildcard matching.
    pub fn grants(&self, canonical: &str) -> bool {
        match &self.resolved {
            Ok(ActionRef::One { canonical: own, .. }) => own.eq_ignore_ascii_case(canonical),
            Ok(ActionRef::All) => true,
            Ok(ActionRef::Wildcard { service, .. }) => {
                // The pattern's service must be the name's before the pattern can match.
                canonical.len() > service.prefix.len()
                    && canonical.as_bytes()[service.prefix.len()] == b':'
                    && canonical[..service.prefix.len()].eq_ignore_ascii_case(service.prefix)
                    && lookup::wildcard_matches(self.item.text, canonical)
            }
            Err(_) => false,
        }
    }
}

#[derive(Debug)]
pub(crate) struct ResourceItem<'a> {
    pub item: Item<'a>,
    pub parsed: Result<Resource, arn::ParseError>,
}

/// One operator/key pair of a `Condition` block.
#[derive(Debug)]
pub(crate) struct Cond<'a> {
    pub operator_text: &'a str,
    pub operator_path: JsonPath,
    pub operator: Option<ParsedOperator>,
    pub key_text: &'a str,
    pub key_path: JsonPath,
    pub key: Result<&'static ConditionKey, Vec<String>>,
    /// Each value as text (JSON booleans and numbers in their JSON spelling).
    pub values: Vec<(JsonPath, String)>,
}

#[derive(Debug)]
pub(crate) struct Stmt<'a> {
    pub index: usize,
    pub path: JsonPath,
    /// `None` when the statement is not a JSON object.
    pub map: Option<&'a Map<String, Value>>,
    /// `None` when missing or not `Allow`/`Deny`.
    pub effect: Option<Effect>,
    pub action: Option<Element<ActionItem<'a>>>,
    pub resource: Option<Element<ResourceItem<'a>>>,
    /// `Principal` or `NotPrincipal`, as written.
    pub principal: Option<(bool, &'a Value)>,
    pub conditions: Vec<Cond<'a>>,
}

impl Stmt<'_> {
    pub fn is_allow(&self) -> bool {
        self.effect == Some(Effect::Allow)
    }

    /// The statement's actions (not `NotAction`), empty otherwise.
    pub fn actions(&self) -> &[ActionItem<'_>] {
        match &self.action {
            Some(e) if !e.not => &e.items,
            _ => &[],
        }
    }

    /// The statement's resources (not `NotResource`), empty otherwise.
    pub fn resources(&self) -> &[ResourceItem<'_>] {
        match &self.resource {
            Some(e) if !e.not => &e.items,
            _ => &[],
        }
    }

    /// Whether the statement grants (or denies) `canonical`: its `Action` matches it, or its
    /// `NotAction` does not.
    pub fn covers_action(&self, canonical: &str) -> bool {
        match &self.action {
            Some(e) if e.not => !e
                .items
                .iter()
                .any(|a| lookup::wildcard_matches(a.item.text, canonical)),
            Some(e) => e.items.iter().any(|a| a.grants(canonical)),
            None => false,
        }
    }

    /// Whether the resources are broad: `NotResource`, `"*"`, or an ARN whose wildcards stand
    /// for every resource of a type the statement's actions act on. In a resource-based policy
    /// (a KMS key policy, a secret's policy) a literal `"*"` means "the resource this policy is
    /// attached to", not every resource.
    pub fn has_broad_resource_in(&self, ty: PolicyType) -> bool {
        match &self.resource {
            Some(e) if e.not => true,
            Some(e) => e.items.iter().any(|r| {
                !(ty == PolicyType::Resource && matches!(r.parsed, Ok(Resource::Star)))
                    && self.is_broad(r)
            }),
            None => false,
        }
    }

    pub fn is_broad(&self, resource: &ResourceItem<'_>) -> bool {
        match &resource.parsed {
            Ok(Resource::Star) => true,
            Ok(Resource::Arn(a)) => {
                let text = resource.item.text;
                // Breadth needs a wildcard (or a variable standing for any value). The variables
                // naming the requesting principal (`${aws:username}`, `${aws:userid}`) narrow to
                // that principal's own resources: AWS's self-service policies use them.
                // (A `*` account beside them, as in AWS's `arn:aws:iam::*:user/${aws:username}`,
                // still names only the caller's own user.)
                let bind = |t: &str| {
                    PRINCIPAL_VARIABLES
                        .iter()
                        .fold(t.to_string(), |t, v| t.replace(v, "x"))
                };
                let unbound = bind(text);
                if !(unbound.contains('*') || unbound.contains('?') || unbound.contains("${")) {
                    return false;
                }
                let resource = bind(&a.resource);
                if resource != a.resource
                    && !resource.contains(['*', '?'])
                    && !resource.contains("${")
                {
                    return false;
                }
                a.resource == "*"
                    || self.actions().iter().any(|act| {
                        action_formats(act).iter().any(|(_, formats)| {
                            formats.iter().any(|f| {
                                arn::match_format(a, f).is_ok() && arn::breadth(a, f).is_some()
                            })
                        })
                    })
            }
            Err(_) => false,
        }
    }

    /// The value of the first condition on `key` under an operator for which `pred` holds.
    pub fn has_condition(&self, key: &str, pred: impl Fn(&Cond<'_>) -> bool) -> bool {
        self.conditions
            .iter()
            .any(|c| c.key_text.eq_ignore_ascii_case(key) && pred(c))
    }
}

/// Policy variables that stand for the requesting principal itself.
const PRINCIPAL_VARIABLES: &[&str] = &["${aws:username}", "${aws:userid}"];

#[derive(Debug)]

pub(crate) struct Doc<'a> {
    pub root: &'a Value,
    pub ty: PolicyType,
    pub statements: Vec<Stmt<'a>>,
}

impl<'a> Doc<'a> {
    pub fn build(root: &'a Value, ty: Option<PolicyType>) -> Doc<'a> {
        let mut statements = Vec::new();
        if let Some(Value::Object(map)) = Some(root) {
            match map.get("Statement") {
                Some(s @ Value::Object(_)) => {
                    statements.push(statement(0, s));
                }
                Some(Value::Array(items)) => {
                    statements.extend(items.iter().enumerate().map(|(i, s)| statement(i, s)));
                }
                _ => {}
            }
        }
        let ty = ty.unwrap_or_else(|| detect(&statements));
        Doc {
            root,
            ty,
            statements,
        }
    }

    pub fn root_map(&self) -> Option<&'a Map<String, Value>> {
        self.root.as_object()
    }
}

/// Principal + `sts:AssumeRole*` + no `Resource` → trust; Principal + Resource → resource;
/// anything else → identity.
fn detect(statements: &[Stmt<'_>]) -> PolicyType {
    let principal = statements.iter().any(|s| s.principal.is_some());
    if !principal {
        return PolicyType::Identity;
    }
    // A trust policy is about `sts:` actions only (`AssumeRole*`, `TagSession`,
    // `SetSourceIdentity`); a `Resource` in it is a mistake the trust checks name.
    let names = || {
        statements
            .iter()
            .filter_map(|s| s.action.as_ref())
            .flat_map(|e| e.items.iter().map(|a| a.item.text))
    };
    let assume = names().any(|t| {
        t.get(..14)
            .is_some_and(|p| p.eq_ignore_ascii_case("sts:AssumeRole"))
    });
    let only_sts = names().all(|t| t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sts:")));
    if assume && only_sts {
        PolicyType::Trust
    } else {
        // A `Principal` outside a trust policy: a resource-based policy, with or without
        // `Resource` (an ECR repository policy leaves it out).
        PolicyType::Resource
    }
}

fn statement(index: usize, value: &Value) -> Stmt<'_> {
    let path = JsonPath::root().key("Statement").index(index);
    let map = value.as_object();
    let mut st = Stmt {
        index,
        path: path.clone(),
        map,
        effect: None,
        action: None,
        resource: None,
        principal: None,
        conditions: Vec::new(),
    };
    let Some(map) = map else {
        return st;
    };
    st.effect = match map.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Some(Effect::Allow),
        Some("Deny") => Some(Effect::Deny),
        _ => None,
    };
    st.action = element(map, &path, "Action", "NotAction").map(|(not, p, items)| Element {
        not,
        path: p,
        items: items
            .into_iter()
            .map(|item| ActionItem {
                resolved: lookup::resolve_action(item.text),
                item,
            })
            .collect(),
    });
    st.resource = element(map, &path, "Resource", "NotResource").map(|(not, p, items)| Element {
        not,
        path: p,
        items: items
            .into_iter()
            .map(|item| ResourceItem {
                parsed: arn::parse_resource(item.text),
                item,
            })
            .collect(),
    });
    st.principal = match (map.get("Principal"), map.get("NotPrincipal")) {
        (Some(p), _) => Some((false, p)),
        (None, Some(p)) => Some((true, p)),
        _ => None,
    };
    if let Some(Value::Object(block)) = map.get("Condition") {
        let cpath = path.key("Condition");
        for (op_text, keys) in block {
            let Value::Object(keys) = keys else { continue };
            let operator_path = cpath.clone().key(op_text.as_str());
            let operator = catalog::operator(op_text);
            for (key_text, raw) in keys {
                let key_path = operator_path.clone().key(key_text.as_str());
                let key = match condition::find_key(key_text) {
                    KeyLookup::Found(k) => Ok(k),
                    KeyLookup::Unknown(s) => Err(s),
                };
                let values = match raw {
                    Value::Array(vs) => vs
                        .iter()
                        .enumerate()
                        .filter_map(|(j, v)| scalar(v).map(|t| (key_path.clone().index(j), t)))
                        .collect(),
                    v => scalar(v)
                        .map(|t| (key_path.clone(), t))
                        .into_iter()
                        .collect(),
                };
                st.conditions.push(Cond {
                    operator_text: op_text,
                    operator_path: operator_path.clone(),
                    operator,
                    key_text,
                    key_path,
                    key,
                    values,
                });
            }
        }
    }
    st
}

/// A condition value as text, if it is a scalar IAM accepts.
pub(crate) fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The element `name` (or else `not_name`) as a list of strings with paths; non-strings are
/// skipped (the structure lints report them).
fn element<'a>(
    map: &'a Map<String, Value>,
    path: &JsonPath,
    name: &'static str,
    not_name: &'static str,
) -> Option<(bool, JsonPath, Vec<Item<'a>>)> {
    let (not, key, value) = match (map.get(name), map.get(not_name)) {
        (Some(v), _) => (false, name, v),
        (None, Some(v)) => (true, not_name, v),
        _ => return None,
    };
    let epath = path.clone().key(key);
    let items = match value {
        Value::String(s) => vec![Item {
            path: epath.clone(),
            text: s,
        }],
        Value::Array(vs) => vs
            .iter()
            .enumerate()
            .filter_map(|(j, v)| {
                v.as_str().map(|text| Item {
                    path: epath.clone().index(j),
                    text,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((not, epath, items))
}

/// The parsed ARN formats of a catalog resource type, built once for the whole catalog.
pub(crate) fn rt_formats(rt: &'static catalog::ResourceType) -> &'static [arn::Format<'static>] {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static CACHE: OnceLock<HashMap<usize, Vec<arn::Format<'static>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        catalog::services()
            .iter()
            .flat_map(|s| s.resource_types.iter())
            .map(|rt| {
                (
                    rt as *const catalog::ResourceType as usize,
                    arn::formats(rt).collect(),
                )
            })
            .collect()
    });
    cache
        .get(&(rt as *const catalog::ResourceType as usize))
        .map_or(&[], Vec::as_slice)
}

/// The resource types (with formats) an action item acts on, unique by name, in catalog order.
pub(crate) fn action_formats(
    a: &ActionItem<'_>,
) -> Vec<(&'static str, &'static [arn::Format<'static>])> {
    let mut types: Vec<(&'static str, &'static [arn::Format<'static>])> = Vec::new();
    for (service, action) in a.covered() {
        for (_, rt) in service.resource_types_of(action) {
            if types.iter().any(|(n, _)| *n == rt.name) {
                continue;
            }
            let formats = rt_formats(rt);
            if !formats.is_empty() {
                types.push((rt.name, formats));
            }
        }
    }
    types
}
