//! The seeded generator of (policy, request) pairs for the differential test.

use lambda_iam_core::eval::{Context, ContextValue, PolicyKind, Request, RequestPrincipal};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const SEED: u64 = 0x1a3_2026;
pub(crate) const PAIRS: usize = 12_000;
pub(crate) const ACCOUNT: &str = "111122223333";

/// splitmix64: small, seeded, the same on every machine.
pub(crate) struct Rng(pub(crate) u64);

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

pub(crate) struct Pair {
    pub(crate) id: usize,
    pub(crate) policies: Vec<(PolicyKind, Value)>,
    pub(crate) principal: String,
    pub(crate) action: String,
    pub(crate) resource: String,
    pub(crate) context: Vec<(String, ContextValue)>,
    /// Operators, qualifiers and features used (for the coverage test).
    pub(crate) features: BTreeSet<String>,
}

impl Pair {
    pub(crate) fn to_json(&self) -> Value {
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

    pub(crate) fn request(&self) -> Request {
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

pub(crate) const ACTIONS: &[(&str, &str)] = &[
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

pub(crate) const ACTION_PATTERNS: &[&str] = &[
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

pub(crate) const RESOURCE_PATTERNS: &[&str] = &[
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

pub(crate) const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:user/bob",
    "arn:aws:sts::111122223333:assumed-role/Deployer/session-1",
];

/// Condition-key families: keys (first spelling as the request uses it), policy values,
/// request values.
pub(crate) struct Family {
    pub(crate) operators: &'static [&'static str],
    pub(crate) keys: &'static [&'static str],
    pub(crate) multi_keys: &'static [&'static str],
    pub(crate) policy_values: &'static [&'static str],
    pub(crate) request_values: &'static [&'static str],
}

pub(crate) const STRING: Family = Family {
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

pub(crate) const NUMERIC: Family = Family {
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

pub(crate) const DATE: Family = Family {
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

pub(crate) const BOOL: Family = Family {
    operators: &["Bool"],
    keys: &["aws:SecureTransport", "aws:MultiFactorAuthPresent"],
    multi_keys: &[],
    policy_values: &["true", "false", "TRUE"],
    request_values: &["true", "false", "True", "yes"],
};

pub(crate) const BINARY: Family = Family {
    operators: &["BinaryEquals"],
    keys: &["test:BinaryKey"],
    multi_keys: &[],
    policy_values: &["QmluYXJ5", "aGk=", "aGVsbG8="],
    request_values: &["QmluYXJ5", "aGk=", "aGVsbG8=", "b3RoZXI="],
};

pub(crate) const IP: Family = Family {
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

pub(crate) const ARN: Family = Family {
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

pub(crate) const NULL: Family = Family {
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

pub(crate) const FAMILIES: &[&Family] =
    &[&STRING, &NUMERIC, &DATE, &BOOL, &BINARY, &IP, &ARN, &NULL];

/// Every key any family uses, with the family that fills its request value.
pub(crate) fn all_keys() -> Vec<(&'static str, &'static Family, bool)> {
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
pub(crate) fn recase(rng: &mut Rng, key: &str) -> String {
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
pub(crate) fn has_null_variable(value: &str, ctx: &BTreeMap<String, ContextValue>) -> bool {
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

pub(crate) fn is_epoch(v: &str) -> bool {
    !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn is_iso(v: &str) -> bool {
    v.len() >= 10 && v.as_bytes()[4] == b'-'
}

/// One condition: (operator text, key as written, values, value as JSON).
pub(crate) fn gen_condition(
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

pub(crate) fn gen_context(rng: &mut Rng) -> BTreeMap<String, ContextValue> {
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

pub(crate) fn strings_value(rng: &mut Rng, items: Vec<&str>) -> Value {
    if items.len() == 1 && rng.chance(50) {
        json!(items[0])
    } else {
        json!(items)
    }
}

pub(crate) fn gen_statement(
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
pub(crate) fn gen_resource_policy_condition(
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

pub(crate) fn gen_pair(rng: &mut Rng, id: usize) -> Pair {
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

/// Global keys with well-typed values, for pairs the oracle validates.
pub(crate) fn gen_global_context(rng: &mut Rng, principal: &str) -> BTreeMap<String, ContextValue> {
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
pub(crate) fn gen_trust_pair(rng: &mut Rng, mut pair: Pair) -> Pair {
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
pub(crate) fn spell_context(
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

pub(crate) fn generate() -> Vec<Pair> {
    let mut rng = Rng(SEED);
    (0..PAIRS).map(|id| gen_pair(&mut rng, id)).collect()
}
