//! Properties of the evaluator over generated policies and requests.

use lambda_iam_core::eval::{
    Context, Outcome, Policy, PolicyKind, Request, RequestPrincipal, action_matches, evaluate,
};
use proptest::prelude::*;
use serde_json::{Value, json};

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "sqs:SendMessage",
    "iam:PassRole",
];
const ACTION_PATTERNS: &[&str] = &[
    "*",
    "s3:*",
    "s3:Get*",
    "S3:putobject",
    "sqs:*",
    "iam:Pass?ole",
];
const RESOURCES: &[&str] = &[
    "arn:aws:s3:::b/home/alice/k",
    "arn:aws:s3:::b",
    "arn:aws:sqs:eu-west-1:111122223333:q",
    "arn:aws:iam::111122223333:role/r",
];
const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b",
    "arn:aws:s3:::b/home/${aws:username}/*",
    "arn:aws:sqs:*:*:q",
    "arn:aws:iam::111122223333:role/*",
];
const CONDITIONS: &[(&str, &str, &str)] = &[
    ("StringEquals", "aws:username", "alice"),
    ("StringNotEquals", "aws:username", "bob"),
    ("StringLikeIfExists", "aws:PrincipalTag/team", "t*"),
    ("ForAllValues:StringEquals", "aws:TagKeys", "env"),
    ("ForAnyValue:StringLike", "aws:TagKeys", "e*"),
    ("NumericLessThan", "s3:max-keys", "10"),
    ("IpAddress", "aws:SourceIp", "10.0.0.0/8"),
    ("Null", "aws:PrincipalTag/team", "true"),
    ("Bool", "aws:SecureTransport", "true"),
];

fn statement() -> impl Strategy<Value = Value> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::sample::subsequence(ACTION_PATTERNS, 1..3),
        any::<bool>(),
        prop::sample::subsequence(RESOURCE_PATTERNS, 1..3),
        prop::sample::subsequence(CONDITIONS, 0..3),
    )
        .prop_map(
            |(deny, not_action, actions, not_resource, resources, conds)| {
                let mut st = serde_json::Map::new();
                st.insert("Effect".into(), json!(if deny { "Deny" } else { "Allow" }));
                st.insert(
                    (if not_action { "NotAction" } else { "Action" }).into(),
                    json!(actions),
                );
                st.insert(
                    (if not_resource {
                        "NotResource"
                    } else {
                        "Resource"
                    })
                    .into(),
                    json!(resources),
                );
                if !conds.is_empty() {
                    let mut block = serde_json::Map::new();
                    for (op, key, value) in conds {
                        block.insert(op.to_string(), json!({ key: value }));
                    }
                    st.insert("Condition".into(), Value::Object(block));
                }
                Value::Object(st)
            },
        )
}

fn request() -> impl Strategy<Value = Request> {
    (
        prop::sample::select(ACTIONS),
        prop::sample::select(RESOURCES),
        prop::option::of(prop::sample::select(&["alice", "bob"][..])),
        prop::option::of(prop::sample::select(&["team-a", "ops"][..])),
        prop::option::of(prop::collection::vec(
            prop::sample::select(&["env", "owner"][..]),
            0..3,
        )),
        prop::sample::select(&["5", "50"][..]),
        prop::sample::select(&["10.1.1.1", "192.0.2.1"][..]),
    )
        .prop_map(|(action, resource, user, team, tags, keys, ip)| {
            let mut ctx = Context::new()
                .with("s3:max-keys", keys)
                .with("aws:SourceIp", ip)
                .with("aws:SecureTransport", "true");
            if let Some(u) = user {
                ctx = ctx.with("aws:username", u);
            }
            if let Some(t) = team {
                ctx = ctx.with("aws:PrincipalTag/team", t);
            }
            if let Some(tags) = tags {
                ctx = ctx.with_multi("aws:TagKeys", tags);
            }
            Request::new(
                RequestPrincipal::Aws("arn:aws:iam::111122223333:user/u".into()),
                action,
                resource,
            )
            .with_context(ctx)
        })
}

fn parse(statements: &[Value]) -> Policy {
    Policy::from_json(&json!({"Version": "2012-10-17", "Statement": statements})).unwrap()
}

/// Whether one statement, on its own and turned into an Allow, applies to the request.
fn applies(statement: &Value, req: &Request) -> bool {
    let mut st = statement.clone();
    st["Effect"] = json!("Allow");
    let p = parse(&[st]);
    evaluate(&[(PolicyKind::Identity, &p)], req).outcome == Outcome::Allow
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// An explicit deny always wins: the outcome is ExplicitDeny exactly when some Deny
    /// statement applies, whatever the Allows; otherwise Allow exactly when some Allow applies.
    #[test]
    fn an_applicable_deny_always_wins(
        statements in prop::collection::vec(statement(), 1..6),
        req in request(),
    ) {
        let p = parse(&statements);
        let decision = evaluate(&[(PolicyKind::Identity, &p)], &req);
        let deny = statements.iter().any(|s| s["Effect"] == "Deny" && applies(s, &req));
        let allow = statements.iter().any(|s| s["Effect"] == "Allow" && applies(s, &req));
        let expected = if deny {
            Outcome::ExplicitDeny
        } else if allow {
            Outcome::Allow
        } else {
            Outcome::ImplicitDeny
        };
        prop_assert_eq!(decision.outcome, expected);
        for r in &decision.deciding {
            let s = &statements[r.statement];
            prop_assert!(applies(s, &req));
            let want = if decision.outcome == Outcome::ExplicitDeny { "Deny" } else { "Allow" };
            prop_assert_eq!(s["Effect"].as_str(), Some(want));
        }
    }

    /// Adding a Deny of everything to any set of policies denies every request.
    #[test]
    fn a_blanket_deny_denies_everything(
        statements in prop::collection::vec(statement(), 1..6),
        req in request(),
    ) {
        let p = parse(&statements);
        let deny = parse(&[json!({"Effect": "Deny", "Action": "*", "Resource": "*"})]);
        let d = evaluate(&[(PolicyKind::Identity, &p), (PolicyKind::Identity, &deny)], &req);
        prop_assert_eq!(d.outcome, Outcome::ExplicitDeny);
    }

    /// Splitting statements across policies changes nothing.
    #[test]
    fn policy_boundaries_do_not_matter(
        statements in prop::collection::vec(statement(), 2..6),
        split in 1usize..5,
        req in request(),
    ) {
        let split = split.min(statements.len() - 1);
        let whole = parse(&statements);
        let (a, b) = statements.split_at(split);
        let (a, b) = (parse(a), parse(b));
        prop_assert_eq!(
            evaluate(&[(PolicyKind::Identity, &whole)], &req).outcome,
            evaluate(&[(PolicyKind::Identity, &a), (PolicyKind::Identity, &b)], &req).outcome
        );
    }

    /// On a present single value, `StringNotEquals` is the complement of `StringEquals`, and
    /// `ForAllValues:StringEquals` the complement of `ForAnyValue:StringNotEquals` on a
    /// non-empty set.
    #[test]
    fn negations_complement(
        values in prop::collection::vec("[ab]{1,2}", 1..3),
        single in "[ab]{1,2}",
        set in prop::collection::vec("[ab]{1,2}", 1..4),
    ) {
        let one = |op: &str, ctx: Context| {
            let p = parse(&[json!({"Effect": "Allow", "Action": "*", "Resource": "*",
                "Condition": {op: {"k": values}}})]);
            let req = Request::new(RequestPrincipal::Anonymous, "s3:GetObject", "*").with_context(ctx);
            evaluate(&[(PolicyKind::Identity, &p)], &req).outcome == Outcome::Allow
        };
        let s = Context::new().with("k", single.clone());
        prop_assert_eq!(one("StringEquals", s.clone()), !one("StringNotEquals", s.clone()));
        prop_assert_eq!(one("StringEquals", s.clone()), values.contains(&single));
        let m = Context::new().with_multi("k", set.clone());
        prop_assert_eq!(
            one("ForAllValues:StringEquals", m.clone()),
            !one("ForAnyValue:StringNotEquals", m.clone())
        );
        prop_assert_eq!(
            one("ForAllValues:StringEquals", m),
            set.iter().all(|v| values.contains(v))
        );
    }

    /// The wildcard matcher agrees with a plain recursive definition.
    #[test]
    fn wildcards_agree_with_a_reference(pattern in "[ab*?]{0,8}", text in "[ab]{0,8}") {
        fn reference(p: &[u8], t: &[u8]) -> bool {
            match p.split_first() {
                None => t.is_empty(),
                Some((b'*', rest)) => (0..=t.len()).any(|i| reference(rest, &t[i..])),
                Some((b'?', rest)) => !t.is_empty() && reference(rest, &t[1..]),
                Some((c, rest)) => t.first() == Some(c) && reference(rest, &t[1..]),
            }
        }
        let action = format!("s:{text}");
        prop_assert_eq!(
            action_matches(&format!("s:{pattern}"), &action),
            reference(pattern.as_bytes(), text.as_bytes())
        );
    }
}
