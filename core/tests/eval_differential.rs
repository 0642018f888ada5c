//! Differential test of `core::eval` against `@cloud-copilot/iam-simulate`.
//!
//! A seeded generator builds ≥10,000 (policy, request) pairs covering every condition operator,
//! both set qualifiers, `IfExists`, missing and empty keys, `NotAction` / `NotResource`,
//! wildcards, policy variables and resource-policy principals. The oracle (an external Node
//! script, `tests/differential/oracle.cjs`, run against an npm install in a scratch directory)
//! decides each pair; this test compares. A disagreement is *explained* only when the pair
//! carries a documented divergence (see `tests/differential/README.md`); any other fails.
//!
//! How the oracle is found, first match wins:
//! - `IAM_SIMULATE_DECISIONS=FILE`: the oracle's decisions, already computed for these pairs;
//! - `IAM_SIMULATE_DIR=DIR`: a directory with `node_modules/@cloud-copilot/iam-simulate`; the
//!   test runs `node` on the script itself;
//! - otherwise the test prints why it skips and passes.
//!
//! `IAM_DIFF_PAIRS_OUT=FILE` writes the generated pairs (JSON lines) to FILE as well.

use lambda_iam_core::catalog::OPERATORS;
use lambda_iam_core::eval::{
    Context, ContextValue, Outcome, Policy, PolicyKind, Request, RequestPrincipal, evaluate,
};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SEED: u64 = 0x1a3_2026;
const PAIRS: usize = 12_000;
const ACCOUNT: &str = "111122223333";

/// splitmix64: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Documented divergences a pair may carry (the README explains each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Divergence {
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
    fn name(self) -> &'static str {
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

struct Pair {
    id: usize,
    policies: Vec<(PolicyKind, Value)>,
    principal: String,
    action: String,
    resource: String,
    context: Vec<(String, ContextValue)>,
    /// Operators, qualifiers and features used (for the coverage test).
    features: BTreeSet<String>,
}

impl Pair {
    fn to_json(&self) -> Value {
        let context: serde_json::Map<String, Value> = self
            .context
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    ContextValue::Single(s) => json!(s),
                    ContextValue::Multi(list) => json!(list),
                };
                (k.clone(), v)
            })
            .collect();
        json!({
            "id": self.id,
            "policies": self.policies.iter().map(|(kind, p)| json!({
                "kind": match kind {
                    PolicyKind::Identity => "identity",
                    PolicyKind::Resource => "resource",
                    PolicyKind::Trust => "trust",
                },
                "policy": p,
            })).collect::<Vec<_>>(),
            "request": {
                "principal": self.principal,
                "action": self.action,
                "resource": self.resource,
                "account": ACCOUNT,
                "context": context,
            },
        })
    }

    fn request(&self) -> Request {
        let principal = if self.principal.starts_with("arn:") {
            RequestPrincipal::Aws(self.principal.clone())
        } else {
            RequestPrincipal::Service(self.principal.clone())
        };
        let mut ctx = Context::new();
        for (k, v) in &self.context {
            ctx.insert(k.clone(), v.clone());
        }
        Request::new(principal, self.action.clone(), self.resource.clone()).with_context(ctx)
    }
}

// ---- pools -------------------------------------------------------------------------------

const ACTIONS: &[(&str, &str)] = &[
    ("s3:GetObject", "arn:aws:s3:::bucket-a/home/alice/doc.txt"),
    ("s3:GetObject", "arn:aws:s3:::bucket-b/x:y/z"),
    ("s3:PutObject", "arn:aws:s3:::bucket-a/home/bob/notes"),
    ("s3:PutObject", "arn:aws:s3:::bucket-a/home/team-a/plan"),
    ("s3:ListBucket", "arn:aws:s3:::bucket-a"),
    (
        "dynamodb:GetItem",
        "arn:aws:dynamodb:us-east-1:111122223333:table/Orders",
    ),
    (
        "dynamodb:PutItem",
        "arn:aws:dynamodb:eu-west-1:111122223333:table/Users",
    ),
    (
        "sqs:SendMessage",
        "arn:aws:sqs:eu-west-1:111122223333:queue-1",
    ),
    (
        "iam:PassRole",
        "arn:aws:iam::111122223333:role/app/Deployer",
    ),
    (
        "lambda:InvokeFunction",
        "arn:aws:lambda:us-east-1:111122223333:function:f1",
    ),
    (
        "lambda:InvokeFunction",
        "arn:aws:lambda:us-east-1:111122223333:function:f1:prod",
    ),
    (
        "ec2:DescribeInstances",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc",
    ),
];

const ACTION_PATTERNS: &[&str] = &[
    "*",
    "s3:*",
    "s3:Get*",
    "S3:getobject",
    "s3:?utObject",
    "s3:List*",
    "dynamodb:*Item",
    "dynamodb:GetItem",
    "sqs:Send*",
    "iam:PassRole",
    "iam:Pass*",
    "lambda:Invoke*",
    "LAMBDA:INVOKEFUNCTION",
    "ec2:Describe*",
    "ec2:*",
];

const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::bucket-a/*",
    "arn:aws:s3:::bucket-?/*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::bucket-a",
    "arn:aws:s3:::Bucket-a/*",
    "arn:aws:s3:::bucket-a/home/${aws:username}/*",
    "arn:aws:s3:::bucket-a/home/${aws:username, 'alice'}/*",
    "arn:aws:s3:::bucket-a/home/${aws:PrincipalTag/team}/*",
    "arn:aws:s3:::bucket-b/x:y/*",
    "arn:aws:s3:::bucket-b/*/z",
    "arn:aws:dynamodb:*:111122223333:table/*",
    "arn:aws:dynamodb:us-east-?:*:table/Ord*",
    "arn:aws:dynamodb:*:*:table/users",
    "arn:aws:sqs:*:*:queue-*",
    "arn:aws:sqs:eu-west-1:111122223333:queue-1",
    "arn:aws:iam::111122223333:role/*",
    "arn:aws:iam::111122223333:role/app/*",
    "arn:aws:lambda:*:*:function:f1*",
    "arn:aws:lambda:*:*:function:f1",
    "arn:aws:*:*:111122223333:*",
];

const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:user/bob",
    "arn:aws:sts::111122223333:assumed-role/Deployer/session-1",
];

/// Condition-key families: keys (first spelling as the request uses it), policy values,
/// request values.
struct Family {
    operators: &'static [&'static str],
    keys: &'static [&'static str],
    multi_keys: &'static [&'static str],
    policy_values: &'static [&'static str],
    request_values: &'static [&'static str],
}

const STRING: Family = Family {
    operators: &[
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
    ],
    keys: &["aws:username", "aws:PrincipalTag/team", "s3:prefix"],
    multi_keys: &["aws:TagKeys", "aws:CalledVia"],
    policy_values: &[
        "alice",
        "bob",
        "Alice",
        "team-a",
        "team-?",
        "al*",
        "*ob",
        "home/*",
        "home/alice/",
        "${aws:username}",
        "home/${aws:username}/",
        "${aws:PrincipalTag/team}",
        "${aws:PrincipalTag/team, 'team-a'}",
        "${aws:username, 'nobody'}",
        "a${*}",
        "env",
        "cost-center",
        "Env",
    ],
    request_values: &[
        "alice",
        "bob",
        "ALICE",
        "team-a",
        "team-b",
        "home/alice/",
        "a*",
        "env",
        "cost-center",
        "nobody",
    ],
};

const NUMERIC: Family = Family {
    operators: &[
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
    ],
    keys: &["s3:max-keys", "aws:MultiFactorAuthAge"],
    multi_keys: &[],
    policy_values: &["0", "5", "10", "2.5", "-3", "3600"],
    request_values: &["0", "5", "10", "2.5", "-3", "7", "3600", "many"],
};

const DATE: Family = Family {
    operators: &[
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
    ],
    keys: &["aws:CurrentTime", "aws:TokenIssueTime"],
    multi_keys: &[],
    policy_values: &[
        "2024-01-01T00:00:00Z",
        "2024-03-01",
        "2024-06-15T12:30:00Z",
        "1704067200",
        "2023-12-31T23:59:59Z",
    ],
    request_values: &[
        "2024-01-01T00:00:00Z",
        "2024-06-15T12:30:00Z",
        "2023-12-31",
        "2024-03-01T00:00:00Z",
        "1704067200",
        "1718454600",
        "soon",
    ],
};

const BOOL: Family = Family {
    operators: &["Bool"],
    keys: &["aws:SecureTransport", "aws:MultiFactorAuthPresent"],
    multi_keys: &[],
    policy_values: &["true", "false", "TRUE"],
    request_values: &["true", "false", "True", "yes"],
};

const BINARY: Family = Family {
    operators: &["BinaryEquals"],
    keys: &["test:BinaryKey"],
    multi_keys: &[],
    policy_values: &["QmluYXJ5", "aGk=", "aGVsbG8="],
    request_values: &["QmluYXJ5", "aGk=", "aGVsbG8=", "b3RoZXI="],
};

const IP: Family = Family {
    operators: &["IpAddress", "NotIpAddress"],
    keys: &["aws:SourceIp"],
    multi_keys: &[],
    policy_values: &[
        "10.0.0.0/8",
        "10.0.0.0/24",
        "192.168.1.1/32",
        "192.168.1.1",
        "0.0.0.0/0",
        "2001:db8::/32",
        "::/0",
    ],
    request_values: &[
        "10.0.0.5",
        "10.1.2.3",
        "192.168.1.1",
        "192.168.1.2",
        "2001:db8::1",
        "2001:db9::1",
        "not-an-ip",
    ],
};

const ARN: Family = Family {
    operators: &["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"],
    keys: &["aws:SourceArn", "aws:PrincipalArn"],
    multi_keys: &[],
    policy_values: &[
        "arn:aws:lambda:*:111122223333:function:*",
        "arn:aws:s3:::bucket-*",
        "arn:aws:iam::*:role/r?",
        "arn:aws:*:*:*:*",
        "arn:aws:iam::111122223333:user/${aws:username}",
        "arn:aws:lambda:us-east-1:111122223333:function:f1",
        "arn:aws:s3:::bucket-a",
    ],
    request_values: &[
        "arn:aws:lambda:us-east-1:111122223333:function:f1",
        "arn:aws:s3:::bucket-a",
        "arn:aws:iam::111122223333:role/r1",
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:iam::444455556666:role/r22",
        "not-an-arn",
    ],
};

const NULL: Family = Family {
    operators: &["Null"],
    keys: &[
        "aws:username",
        "aws:TokenIssueTime",
        "aws:SourceIp",
        "aws:TagKeys",
    ],
    multi_keys: &[],
    policy_values: &["true", "false"],
    request_values: &[],
};

const FAMILIES: &[&Family] = &[&STRING, &NUMERIC, &DATE, &BOOL, &BINARY, &IP, &ARN, &NULL];

/// Every key any family uses, with the family that fills its request value.
fn all_keys() -> Vec<(&'static str, &'static Family, bool)> {
    let mut out = Vec::new();
    for f in FAMILIES {
        if std::ptr::eq(*f, &NULL) {
            continue;
        }
        for k in f.keys {
            out.push((*k, *f, false));
        }
        for k in f.multi_keys {
            out.push((*k, *f, true));
        }
    }
    out
}

/// A spelling of `key` with some letters in the other case.
fn recase(rng: &mut Rng, key: &str) -> String {
    if !rng.chance(20) {
        return key.to_string();
    }
    key.chars()
        .map(|c| {
            if rng.chance(50) {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// Whether `value` has a `${key}` whose key is missing or multivalued and has no default.
fn has_null_variable(value: &str, ctx: &BTreeMap<String, ContextValue>) -> bool {
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        let Some(end) = rest[start..].find('}') else {
            return false;
        };
        let inner = &rest[start + 2..start + end];
        rest = &rest[start + end + 1..];
        if matches!(inner, "*" | "?" | "$") || inner.contains(", '") {
            continue;
        }
        match ctx.get(&inner.trim().to_ascii_lowercase()) {
            Some(ContextValue::Single(_)) => {}
            _ => return true,
        }
    }
    false
}

fn is_epoch(v: &str) -> bool {
    !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
}

fn is_iso(v: &str) -> bool {
    v.len() >= 10 && v.as_bytes()[4] == b'-'
}

/// One condition: (operator text, key as written, values, value as JSON).
fn gen_condition(
    rng: &mut Rng,
    pair: &mut Pair,
    context: &BTreeMap<String, ContextValue>,
) -> (String, String, Value) {
    let family = *rng.pick(FAMILIES);
    let base = *rng.pick(family.operators);
    let is_null = base == "Null";
    let set = if is_null {
        ""
    } else {
        match rng.below(10) {
            0..=5 => "",
            6 | 7 => "ForAnyValue:",
            _ => "ForAllValues:",
        }
    };
    let if_exists = !is_null && rng.chance(25);
    let op = format!("{set}{base}{}", if if_exists { "IfExists" } else { "" });
    let use_multi = !family.multi_keys.is_empty() && (!set.is_empty() || rng.chance(20));
    let key = if use_multi {
        *rng.pick(family.multi_keys)
    } else {
        *rng.pick(family.keys)
    };
    let n = 1 + rng.below(3);
    let mut values: Vec<&str> = (0..n).map(|_| *rng.pick(family.policy_values)).collect();
    values.dedup();
    let present = context.get(&key.to_ascii_lowercase());
    pair.features.insert(format!("op:{base}"));
    if !set.is_empty() {
        pair.features.insert(format!("set:{set}"));
    }
    if if_exists {
        pair.features.insert("IfExists".into());
    }
    if present.is_none() {
        pair.features.insert("missing-key".into());
    }
    if values.iter().any(|v| v.contains("${")) {
        pair.features.insert("condition-variable".into());
    }
    // Booleans sometimes as JSON booleans, a single value sometimes as a bare scalar.
    let json_values: Vec<Value> = values
        .iter()
        .map(|v| match *v {
            "true" if base == "Bool" && rng.chance(50) => json!(true),
            "false" if base == "Bool" && rng.chance(50) => json!(false),
            other => json!(other),
        })
        .collect();
    let value = if json_values.len() == 1 && rng.chance(50) {
        json_values.into_iter().next().unwrap_or(Value::Null)
    } else {
        Value::Array(json_values)
    };
    (op, recase(rng, key), value)
}

fn gen_context(rng: &mut Rng) -> BTreeMap<String, ContextValue> {
    let mut ctx = BTreeMap::new();
    for (key, family, multi) in all_keys() {
        if !rng.chance(65) {
            continue;
        }
        let value = if multi {
            let n = rng.below(4);
            ContextValue::Multi(
                (0..n)
                    .map(|_| rng.pick(family.request_values).to_string())
                    .collect(),
            )
        } else if rng.chance(8) {
            // A multivalued value for a key usually single: plain operators must not match.
            ContextValue::Multi(vec![
                rng.pick(family.request_values).to_string(),
                rng.pick(family.request_values).to_string(),
            ])
        } else {
            ContextValue::Single(rng.pick(family.request_values).to_string())
        };
        ctx.insert(key.to_ascii_lowercase(), value);
    }
    ctx
}

fn strings_value(rng: &mut Rng, items: Vec<&str>) -> Value {
    if items.len() == 1 && rng.chance(50) {
        json!(items[0])
    } else {
        json!(items)
    }
}

fn gen_statement(
    rng: &mut Rng,
    pair: &mut Pair,
    ctx: &BTreeMap<String, ContextValue>,
    resource_policy: bool,
) -> Value {
    let mut st = serde_json::Map::new();
    if rng.chance(40) {
        st.insert("Sid".into(), json!(format!("S{}", rng.below(1000))));
    }
    let deny = rng.chance(30);
    st.insert("Effect".into(), json!(if deny { "Deny" } else { "Allow" }));
    if resource_policy {
        let principals: &[Value] = &[
            json!("*"),
            json!({"AWS": "*"}),
            json!({"AWS": ACCOUNT}),
            json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}),
            json!({"AWS": "arn:aws:iam::111122223333:user/alice"}),
            json!({"AWS": ["arn:aws:iam::111122223333:user/bob", "arn:aws:iam::444455556666:root"]}),
            json!({"AWS": "arn:aws:iam::111122223333:role/Deployer"}),
            json!({"Service": "lambda.amazonaws.com"}),
        ];
        let p = rng.pick(principals).clone();
        if deny && rng.chance(25) {
            st.insert("NotPrincipal".into(), p);
            pair.features.insert("NotPrincipal".into());
        } else {
            st.insert("Principal".into(), p);
        }
    }
    let n = 1 + rng.below(3);
    let actions: Vec<&str> = (0..n).map(|_| *rng.pick(ACTION_PATTERNS)).collect();
    let not_action = rng.chance(15);
    if not_action {
        pair.features.insert("NotAction".into());
    }
    let v = strings_value(rng, actions);
    st.insert((if not_action { "NotAction" } else { "Action" }).into(), v);
    let n = 1 + rng.below(3);
    let resources: Vec<&str> = (0..n).map(|_| *rng.pick(RESOURCE_PATTERNS)).collect();
    if resources.iter().any(|r| r.contains("${")) {
        pair.features.insert("resource-variable".into());
    }
    if resources.iter().any(|r| r.contains('*') || r.contains('?')) {
        pair.features.insert("resource-wildcard".into());
    }
    let not_resource = rng.chance(15);
    if not_resource {
        pair.features.insert("NotResource".into());
    }
    let v = strings_value(rng, resources);
    st.insert(
        (if not_resource {
            "NotResource"
        } else {
            "Resource"
        })
        .into(),
        v,
    );
    let conditions = match rng.below(10) {
        0..=2 => 0,
        3..=6 => 1,
        7 | 8 => 2,
        _ => 3,
    };
    if conditions > 0 {
        let mut block: serde_json::Map<String, Value> = serde_json::Map::new();
        for _ in 0..conditions {
            let (op, key, value) = if resource_policy {
                gen_resource_policy_condition(rng, pair, ctx)
            } else {
                gen_condition(rng, pair, ctx)
            };
            let entry = block
                .entry(op)
                .or_insert_with(|| Value::Object(Default::default()));
            if let Value::Object(keys) = entry {
                // Keys differing only in case would be ambiguous JSON for the oracle.
                if !keys.keys().any(|k| k.eq_ignore_ascii_case(&key)) {
                    keys.insert(key, value);
                }
            }
        }
        st.insert("Condition".into(), Value::Object(block));
    }
    Value::Object(st)
}

/// Conditions for resource-policy pairs: global keys with well-typed values only (the oracle
/// validates those requests).
fn gen_resource_policy_condition(
    rng: &mut Rng,
    pair: &mut Pair,
    ctx: &BTreeMap<String, ContextValue>,
) -> (String, String, Value) {
    let choices: &[(&str, &str, &[&str])] = &[
        ("StringEquals", "aws:username", &["alice", "bob"]),
        ("StringLike", "aws:PrincipalTag/team", &["team-*", "other"]),
        ("StringNotEquals", "aws:username", &["bob"]),
        (
            "IpAddress",
            "aws:SourceIp",
            &["10.0.0.0/8", "192.168.1.1/32"],
        ),
        ("NotIpAddress", "aws:SourceIp", &["10.0.0.0/24"]),
        ("Bool", "aws:SecureTransport", &["true", "false"]),
        ("StringEqualsIfExists", "aws:PrincipalTag/team", &["team-a"]),
    ];
    let (op, key, values) = *rng.pick(choices);
    pair.features.insert(format!("rp-op:{op}"));
    if !ctx.contains_key(&key.to_ascii_lowercase()) {
        pair.features.insert("missing-key".into());
    }
    (op.to_string(), key.to_string(), json!(*rng.pick(values)))
}

fn gen_pair(rng: &mut Rng, id: usize) -> Pair {
    let mut pair = Pair {
        id,
        policies: Vec::new(),
        principal: rng.pick(PRINCIPALS).to_string(),
        action: String::new(),
        resource: String::new(),
        context: Vec::new(),
        features: BTreeSet::new(),
    };
    let roll = rng.below(100);
    if (12..18).contains(&roll) {
        return gen_trust_pair(rng, pair);
    }
    let resource_policy = roll < 12;
    let (action, resource) = if resource_policy {
        *rng.pick(&ACTIONS[..4])
    } else {
        *rng.pick(ACTIONS)
    };
    pair.action = action.to_string();
    pair.resource = resource.to_string();
    let ctx = if resource_policy {
        pair.features.insert("resource-policy".into());
        gen_global_context(rng, &pair.principal)
    } else {
        gen_context(rng)
    };
    let identity_policies = if resource_policy {
        rng.below(2)
    } else {
        1 + rng.below(2)
    };
    for _ in 0..identity_policies {
        let n = 1 + rng.below(4);
        let statements: Vec<Value> = (0..n)
            .map(|_| gen_statement(rng, &mut pair, &ctx, resource_policy))
            .collect();
        // Identity policies carry no Principal.
        let statements = statements
            .into_iter()
            .map(|mut s| {
                if let Value::Object(m) = &mut s {
                    m.remove("Principal");
                    m.remove("NotPrincipal");
                }
                s
            })
            .collect::<Vec<_>>();
        let doc = if statements.len() == 1 && rng.chance(30) {
            json!({"Version": "2012-10-17", "Statement": statements[0]})
        } else {
            json!({"Version": "2012-10-17", "Statement": statements})
        };
        pair.policies.push((PolicyKind::Identity, doc));
    }
    if resource_policy {
        let n = 1 + rng.below(3);
        let statements: Vec<Value> = (0..n)
            .map(|_| gen_statement(rng, &mut pair, &ctx, true))
            .collect();
        pair.policies.push((
            PolicyKind::Resource,
            json!({"Version": "2012-10-17", "Statement": statements}),
        ));
    }
    spell_context(rng, &mut pair, ctx, !resource_policy);
    pair
}

/// Whether the partition, service, region and account of an ARN pattern match those of `arn`.
fn same_arn_prefix(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    p.len() == 6
        && a.len() == 6
        && (1..5).all(|i| lambda_iam_core::eval::action_matches(p[i], a[i]))
}

/// The first five fields of an ARN pattern and `*` for the resource part.
fn arn_prefix_wildcard(pattern: &str) -> String {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    if p.len() < 6 {
        return pattern.to_string();
    }
    format!("{}:*", p[..5].join(":"))
}

/// The days-since-epoch → civil date conversion (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
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
fn iso_from_millis(ms: i64) -> String {
    let (days, rest) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, rest) = (rest / 3_600_000, rest % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    let (sec, milli) = (rest / 1000, rest % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{sec:02}.{milli:03}Z")
}

/// Epoch seconds read as the oracle reads them: the same number, but as milliseconds.
fn epoch_as_oracle(v: &str) -> String {
    if is_epoch(v) {
        iso_from_millis(v.parse().unwrap_or(0))
    } else {
        v.to_string()
    }
}

fn scalars(raw: &Value) -> Vec<String> {
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
fn literal_escapes(v: &str) -> String {
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
fn oracle_condition(
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
fn oracle_view(pair: &Pair) -> (Pair, BTreeSet<Divergence>) {
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

/// Global keys with well-typed values, for pairs the oracle validates.
fn gen_global_context(rng: &mut Rng, principal: &str) -> BTreeMap<String, ContextValue> {
    let mut ctx = BTreeMap::new();
    if principal.starts_with("arn:aws:iam::") && rng.chance(75) {
        let user = if principal.ends_with("bob") {
            "bob"
        } else {
            "alice"
        };
        ctx.insert(
            "aws:username".to_string(),
            ContextValue::Single(user.into()),
        );
    }
    if rng.chance(60) {
        let team = if rng.chance(50) { "team-a" } else { "team-b" };
        ctx.insert(
            "aws:principaltag/team".to_string(),
            ContextValue::Single(team.into()),
        );
    }
    let ip = *rng.pick(&["10.0.0.5", "10.1.2.3", "192.168.1.1"]);
    ctx.insert("aws:sourceip".to_string(), ContextValue::Single(ip.into()));
    let tls = if rng.chance(70) { "true" } else { "false" };
    ctx.insert(
        "aws:securetransport".to_string(),
        ContextValue::Single(tls.into()),
    );
    ctx
}

/// A role-assumption pair: a trust policy, maybe an identity policy.
fn gen_trust_pair(rng: &mut Rng, mut pair: Pair) -> Pair {
    if rng.chance(25) {
        pair.principal = "lambda.amazonaws.com".into();
    }
    pair.action = "sts:AssumeRole".into();
    pair.resource = format!("arn:aws:iam::{ACCOUNT}:role/app");
    pair.features.insert("trust-policy".into());
    let ctx = gen_global_context(rng, &pair.principal);
    if pair.principal.starts_with("arn:") && rng.chance(70) {
        let n = 1 + rng.below(2);
        let statements: Vec<Value> = (0..n)
            .map(|_| {
                let effect = if rng.chance(80) { "Allow" } else { "Deny" };
                let action = *rng.pick(&["sts:AssumeRole", "sts:*", "*", "s3:*"]);
                let resource = *rng.pick(&[
                    "*",
                    "arn:aws:iam::111122223333:role/app",
                    "arn:aws:iam::111122223333:role/other",
                ]);
                json!({"Effect": effect, "Action": action, "Resource": resource})
            })
            .collect();
        pair.policies.push((
            PolicyKind::Identity,
            json!({"Version": "2012-10-17", "Statement": statements}),
        ));
    }
    let principals: &[Value] = &[
        json!("*"),
        json!({"AWS": "*"}),
        json!({"AWS": ACCOUNT}),
        json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}),
        json!({"AWS": "arn:aws:iam::111122223333:user/alice"}),
        json!({"AWS": "arn:aws:iam::111122223333:role/Deployer"}),
        json!({"Service": "lambda.amazonaws.com"}),
        json!({"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]}),
    ];
    let n = 1 + rng.below(2);
    let mut statements = Vec::new();
    for _ in 0..n {
        let deny = rng.chance(20);
        let mut st = serde_json::Map::new();
        st.insert("Effect".into(), json!(if deny { "Deny" } else { "Allow" }));
        let p = rng.pick(principals).clone();
        if deny && rng.chance(25) {
            st.insert("NotPrincipal".into(), p);
            pair.features.insert("NotPrincipal".into());
        } else {
            st.insert("Principal".into(), p);
        }
        let action = *rng.pick(&["sts:AssumeRole", "sts:*", "*", "sts:TagSession"]);
        st.insert("Action".into(), json!(action));
        if rng.chance(40) {
            let (op, key, value) = gen_resource_policy_condition(rng, &mut pair, &ctx);
            st.insert("Condition".into(), json!({ op: { key: value } }));
        }
        statements.push(Value::Object(st));
    }
    pair.policies.push((
        PolicyKind::Trust,
        json!({"Version": "2012-10-17", "Statement": statements}),
    ));
    spell_context(rng, &mut pair, ctx, false);
    pair
}

/// Sets the pair's context, keys spelled as requests spell them (with `recase`, sometimes in
/// another letter case).
fn spell_context(
    rng: &mut Rng,
    pair: &mut Pair,
    ctx: BTreeMap<String, ContextValue>,
    recased: bool,
) {
    let spelled: BTreeMap<String, &str> = all_keys()
        .into_iter()
        .map(|(k, _, _)| (k.to_ascii_lowercase(), k))
        .chain([
            ("aws:username".to_string(), "aws:username"),
            ("aws:principaltag/team".to_string(), "aws:PrincipalTag/team"),
            ("aws:sourceip".to_string(), "aws:SourceIp"),
            ("aws:securetransport".to_string(), "aws:SecureTransport"),
        ])
        .collect();
    pair.context = ctx
        .into_iter()
        .map(|(k, v)| {
            let name = spelled.get(&k).map(|s| s.to_string()).unwrap_or(k);
            let name = if recased { recase(rng, &name) } else { name };
            (name, v)
        })
        .collect();
}

fn generate() -> Vec<Pair> {
    let mut rng = Rng(SEED);
    (0..PAIRS).map(|id| gen_pair(&mut rng, id)).collect()
}

fn ours(pair: &Pair) -> Outcome {
    let parsed: Vec<(PolicyKind, Policy)> = pair
        .policies
        .iter()
        .map(|(k, v)| {
            let policy = Policy::from_json(v).unwrap_or_else(|e| {
                panic!("pair {}: generated policy does not parse: {e}", pair.id)
            });
            (*k, policy)
        })
        .collect();
    let refs: Vec<(PolicyKind, &Policy)> = parsed.iter().map(|(k, p)| (*k, p)).collect();
    evaluate(&refs, &pair.request()).outcome
}

/// Which identity statements apply on their own (as `Allow`): `policy.statement:0|1` each.
fn per_statement(pair: &Pair) -> String {
    let mut out = Vec::new();
    for (pi, (kind, v)) in pair.policies.iter().enumerate() {
        if *kind != PolicyKind::Identity {
            continue;
        }
        let statements = match &v["Statement"] {
            Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        for (si, st) in statements.into_iter().enumerate() {
            let mut st = st;
            st["Effect"] = json!("Allow");
            let doc = json!({"Version": "2012-10-17", "Statement": [st]});
            let policy = Policy::from_json(&doc).expect("generated statements parse");
            let applies = evaluate(&[(PolicyKind::Identity, &policy)], &pair.request()).outcome
                == Outcome::Allow;
            out.push(format!("{pi}.{si}:{}", u8::from(applies)));
        }
    }
    out.join(" ")
}

fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Allow => "Allow",
        Outcome::ExplicitDeny => "ExplicitDeny",
        Outcome::ImplicitDeny => "ImplicitDeny",
    }
}

fn write_pairs(pairs: &[Pair], path: &Path) {
    let mut out = String::new();
    for p in pairs {
        out.push_str(&p.to_json().to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core sits in the workspace root")
        .to_path_buf()
}

/// The oracle's decisions by pair id, or why there are none.
fn oracle_decisions(pairs: &[Pair]) -> Result<BTreeMap<usize, Result<String, String>>, String> {
    let file = if let Ok(file) = std::env::var("IAM_SIMULATE_DECISIONS") {
        PathBuf::from(file)
    } else if let Ok(dir) = std::env::var("IAM_SIMULATE_DIR") {
        let modules = Path::new(&dir).join("node_modules");
        if !modules.join("@cloud-copilot/iam-simulate").is_dir() {
            return Err(format!(
                "IAM_SIMULATE_DIR has no node_modules/@cloud-copilot/iam-simulate ({dir})"
            ));
        }
        let scratch = std::env::temp_dir().join(format!("iam-diff-{}", std::process::id()));
        std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
        let input = scratch.join("pairs.jsonl");
        let output = scratch.join("decisions.jsonl");
        write_pairs(pairs, &input);
        let status = std::process::Command::new("node")
            .arg(repo_root().join("tests/differential/oracle.cjs"))
            .arg(&input)
            .arg(&output)
            .env("NODE_PATH", &modules)
            .status()
            .map_err(|e| format!("cannot run `node`: {e}"))?;
        if !status.success() {
            panic!("the oracle script failed: {status}");
        }
        output
    } else {
        return Err(
            "neither IAM_SIMULATE_DECISIONS nor IAM_SIMULATE_DIR is set \
                    (tests/differential/run.sh sets them up)"
                .into(),
        );
    };
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("the oracle writes JSON lines");
        let id = v["id"].as_u64().expect("each decision has an id") as usize;
        let decision = match (v["decision"].as_str(), v["error"].as_str()) {
            (Some(d), _) => Ok(d.to_string()),
            (None, Some(e)) => Err(e.to_string()),
            _ => Err("neither decision nor error".into()),
        };
        out.insert(id, decision);
    }
    Ok(out)
}

#[test]
fn differential_against_iam_simulate() {
    let pairs = generate();
    if let Ok(path) = std::env::var("IAM_DIFF_PAIRS_OUT") {
        write_pairs(&pairs, Path::new(&path));
    }
    let decisions = match oracle_decisions(&pairs) {
        Ok(d) => d,
        Err(reason) => {
            println!("SKIPPED differential test against iam-simulate: {reason}");
            return;
        }
    };
    assert_eq!(
        decisions.len(),
        pairs.len(),
        "the oracle decided {} of {} pairs",
        decisions.len(),
        pairs.len()
    );
    let mut agree = 0;
    let mut explained: BTreeMap<String, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut oracle_errors = Vec::new();
    let mut emulated_agree = 0;
    let mut explained_total = 0;
    let mut rewritten = 0;
    for pair in &pairs {
        let mine = outcome_name(ours(pair));
        let (view, applied) = oracle_view(pair);
        let emulated = outcome_name(ours(&view));
        if !applied.is_empty() {
            rewritten += 1;
        }
        match &decisions[&pair.id] {
            Err(e) => oracle_errors.push(format!("pair {}: {e}", pair.id)),
            Ok(theirs) => {
                if theirs == emulated {
                    emulated_agree += 1;
                } else if std::env::var("IAM_DIFF_DEBUG").is_ok() {
                    println!(
                        "emulation differs on pair {} ({applied:?}): ours {mine}, oracle {theirs}, \
                         emulated {emulated}",
                        pair.id
                    );
                }
                if theirs == mine {
                    agree += 1;
                } else if theirs == emulated && !applied.is_empty() {
                    explained_total += 1;
                    for d in &applied {
                        *explained.entry(d.name().to_string()).or_default() += 1;
                    }
                } else {
                    unexplained.push(format!(
                        "pair {}: ours {mine}, iam-simulate {theirs}, ours on the oracle's reading \
                         {emulated} [{}]\n{}",
                        pair.id,
                        per_statement(pair),
                        serde_json::to_string_pretty(&pair.to_json()).unwrap_or_default()
                    ));
                }
            }
        }
    }
    println!(
        "differential: {} pairs, {agree} agree, {explained_total} explained disagreements \
         (involving, per divergence: {explained:?}), {} unexplained, {} oracle errors",
        pairs.len(),
        unexplained.len(),
        oracle_errors.len()
    );
    println!(
        "differential: {rewritten} pairs touch a documented divergence; with those rewritten to \
         the oracle's reading, ours and the oracle agree on {emulated_agree} of {} pairs",
        pairs.len()
    );
    for u in unexplained.iter().take(100) {
        println!("{}", u.lines().next().unwrap_or_default());
    }
    for e in oracle_errors.iter().take(5) {
        println!("oracle error: {e}");
    }
    if let Ok(path) = std::env::var("IAM_DIFF_DISAGREEMENTS_OUT") {
        let ids: BTreeSet<usize> = unexplained
            .iter()
            .filter_map(|u| u.strip_prefix("pair ")?.split(':').next()?.parse().ok())
            .collect();
        let only: Vec<&Pair> = pairs.iter().filter(|p| ids.contains(&p.id)).collect();
        let mut out = String::new();
        for p in only {
            out.push_str(&p.to_json().to_string());
            out.push('\n');
        }
        std::fs::write(&path, out).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
    assert!(
        oracle_errors.is_empty(),
        "the oracle rejected {} pairs",
        oracle_errors.len()
    );
    assert!(
        unexplained.is_empty(),
        "{} unexplained disagreements; first ones:\n{}",
        unexplained.len(),
        unexplained
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn generator_is_deterministic_and_covers_every_operator() {
    let pairs = generate();
    assert!(pairs.len() >= 10_000);
    let again = generate();
    assert_eq!(pairs[1234].to_json(), again[1234].to_json());
    let features: BTreeSet<&str> = pairs
        .iter()
        .flat_map(|p| p.features.iter().map(String::as_str))
        .collect();
    for op in OPERATORS {
        assert!(
            features.contains(format!("op:{}", op.name).as_str()),
            "no pair uses `{}`",
            op.name
        );
    }
    for f in [
        "set:ForAnyValue:",
        "set:ForAllValues:",
        "IfExists",
        "missing-key",
        "NotAction",
        "NotResource",
        "NotPrincipal",
        "resource-variable",
        "resource-wildcard",
        "condition-variable",
        "resource-policy",
        "trust-policy",
    ] {
        assert!(features.contains(f), "no pair has {f}");
    }
    // Every generated policy parses, and the outcomes are not all the same.
    let outcomes: BTreeSet<&str> = pairs.iter().map(|p| outcome_name(ours(p))).collect();
    assert_eq!(outcomes.len(), 3, "outcomes seen: {outcomes:?}");
}

/// Throughput on the generated pairs (not a benchmark with statistics; run in release:
/// `cargo test --release -p lambda-iam-core --test eval_differential throughput -- --ignored
/// --nocapture`).
#[test]
#[ignore = "timing; run on demand in release mode"]
fn throughput() {
    let pairs = generate();
    let parsed: Vec<(Vec<(PolicyKind, Policy)>, Request)> = pairs
        .iter()
        .map(|p| {
            let policies = p
                .policies
                .iter()
                .map(|(k, v)| (*k, Policy::from_json(v).expect("generated policies parse")))
                .collect();
            (policies, p.request())
        })
        .collect();
    let start = std::time::Instant::now();
    let mut allowed = 0usize;
    for (policies, req) in &parsed {
        let refs: Vec<(PolicyKind, &Policy)> = policies.iter().map(|(k, p)| (*k, p)).collect();
        allowed += usize::from(evaluate(&refs, req).outcome == Outcome::Allow);
    }
    let eval = start.elapsed();
    let texts: Vec<Vec<String>> = pairs
        .iter()
        .map(|p| p.policies.iter().map(|(_, v)| v.to_string()).collect())
        .collect();
    let start = std::time::Instant::now();
    for t in &texts {
        for text in t {
            std::hint::black_box(Policy::parse(text).expect("generated policies parse"));
        }
    }
    let parse = start.elapsed();
    println!(
        "throughput: {} evaluations in {:?} ({:.0}/s, {allowed} allowed); parsing their policies \
         from JSON text: {:?} ({:.0} pairs/s)",
        parsed.len(),
        eval,
        parsed.len() as f64 / eval.as_secs_f64(),
        parse,
        parsed.len() as f64 / parse.as_secs_f64()
    );
}
