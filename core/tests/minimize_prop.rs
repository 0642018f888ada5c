//! Minimization, proved with the evaluator: on random declarations, the emitted policy (inline,
//! or its managed policies together) and the declarations rendered as a policy as written decide
//! every sampled request identically.
//!
//! Requests come from the declared actions and resources, from catalog actions near the
//! boundary (same service and a shared name prefix, the actions behind every wildcard of the
//! minimized policy and those just outside it), from resources just inside and just outside
//! each pattern, with no condition context and with matching and non-matching ones. Some cases
//! carry a long statement that pushes the policy over the inline limit, so collapsing to
//! wildcards and splitting into managed policies are exercised too.
//!
//! The checker can fail: `a_wrong_collapse_is_caught` feeds it a minimizer that collapses to
//! `s3:GetObject*` with one `GetObject…` action missing from the declarations.
//!
//! Cases: 256 by default (`PROPTEST_CASES` overrides), from a fixed seed so that every run sees
//! the same declarations.

#[path = "assemble_support.rs"]
mod support;

use lambda_iam_core::assemble::{
    Assembled, FunctionDef, INLINE_POLICY_LIMIT, MANAGED_POLICY_LIMIT, Provenance, assemble,
    check_invariants, expand_wildcard,
};
use lambda_iam_core::catalog;
use lambda_iam_core::decl::{ConditionSpec, Effect, StatementSpec};
use lambda_iam_core::eval::{
    Context, Outcome, Policy, PolicyKind, Request, RequestPrincipal, evaluate,
};
use lambda_iam_core::policy::{OneOrMany, PolicyDocument, Statement, policy_size, render};
use lambda_iam_core::vars::Vars;
use proptest::prelude::*;
use proptest::sample::subsequence;
use proptest::test_runner::{FileFailurePersistence, RngSeed};
use std::collections::{BTreeMap, BTreeSet};
use support::*;

const ACCOUNT: &str = "123456789012";
const REGION: &str = "eu-west-1";

/// Declared actions: overlapping names within a service (`GetObject`, `GetObjectAcl`, …).
const S3_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:GetObjectAcl",
    "s3:GetObjectTagging",
    "s3:GetObjectVersion",
    "s3:PutObject",
    "s3:PutObjectAcl",
    "s3:DeleteObject",
];
const S3_RESOURCES: &[&str] = &[
    "arn:aws:s3:::docs/report.pdf",
    "arn:aws:s3:::docs/*",
    "arn:aws:s3:::docs/r*",
    "arn:aws:s3:::docs/report.???",
    "arn:${Partition}:s3:::media/*",
    "arn:aws:s3:::media/img/*",
    "*",
];
const DYNAMODB_ACTIONS: &[&str] = &[
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
];
const DYNAMODB_RESOURCES: &[&str] = &[
    "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders",
    "arn:aws:dynamodb:${Region}:${Account}:table/*",
    "arn:aws:dynamodb:*:123456789012:table/Orders",
    "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/index/*",
];

fn vars() -> Vars {
    Vars::from_pairs([("Account", ACCOUNT), ("Region", REGION)]).unwrap()
}

fn resolve(text: &str) -> String {
    text.replace("${Partition}", "aws")
        .replace("${Region}", REGION)
        .replace("${Account}", ACCOUNT)
}

fn conditions() -> impl Strategy<Value = Vec<ConditionSpec>> {
    let vpc = |values: &[&str]| ConditionSpec {
        operator: "StringEquals".into(),
        key: "aws:SourceVpc".into(),
        values: strings(values),
    };
    prop_oneof![
        4 => Just(vec![]),
        1 => Just(vec![vpc(&["vpc-1"])]),
        1 => Just(vec![vpc(&["vpc-1", "vpc-2"])]),
    ]
}

/// One statement of one service; now and then the whole `s3:GetObject*` family (so that a
/// collapse is exact), or all of it but one action (so that it is not).
fn statement() -> impl Strategy<Value = StatementSpec> {
    let family = expand_wildcard("s3:GetObject*");
    let s3_actions = prop_oneof![
        4 => subsequence(S3_ACTIONS, 1..=3).prop_map(|v| strings(&v)),
        1 => Just(family.clone()),
        1 => (0..family.len()).prop_map(move |skip| {
            let mut v = family.clone();
            v.remove(skip);
            v
        }),
    ];
    let s3 = (
        s3_actions,
        subsequence(S3_RESOURCES, 1..=2).prop_map(|v| strings(&v)),
    );
    let dynamodb = (
        subsequence(DYNAMODB_ACTIONS, 1..=3).prop_map(|v| strings(&v)),
        subsequence(DYNAMODB_RESOURCES, 1..=2).prop_map(|v| strings(&v)),
    );
    (
        prop_oneof![5 => Just(Effect::Allow), 1 => Just(Effect::Deny)],
        prop_oneof![s3, dynamodb],
        conditions(),
    )
        .prop_map(|(effect, (actions, resources), conditions)| StatementSpec {
            effect,
            actions,
            resources,
            conditions,
            reason: None,
        })
}

/// A statement long enough (about 11,000 characters) to push any policy over the inline limit.
fn long_statement() -> StatementSpec {
    let queues: Vec<String> = (0..200)
        .map(|i| format!("arn:aws:sqs:{REGION}:{ACCOUNT}:orders-queue-number-{i:04}"))
        .collect();
    StatementSpec {
        effect: Effect::Allow,
        actions: strings(&["sqs:SendMessage", "sqs:GetQueueUrl"]),
        resources: queues,
        conditions: Vec::new(),
        reason: None,
    }
}

/// Declarations (with duplicates: the same statement may be drawn twice, and one is repeated
/// on purpose), the same in another order, and whether the long statement is in.
fn declarations() -> impl Strategy<Value = (Vec<StatementSpec>, Vec<StatementSpec>)> {
    (
        prop::collection::vec(statement(), 1..8),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(mut v, long)| {
            if v.len() > 2 {
                v.push(v[1].clone());
            }
            if long {
                v.push(long_statement());
            }
            v
        })
        .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
}

/// The declarations as a policy, exactly as written (resolved, one statement each), plus the
/// baseline statements of the assembled policy: what minimization must not change.
fn as_written(def: &FunctionDef, assembled: &Assembled) -> PolicyDocument {
    let mut statements: Vec<Statement> = assembled
        .policy
        .statement
        .iter()
        .zip(&assembled.provenance)
        .filter(|(_, p)| !matches!(p, Provenance::Declared(_)))
        .map(|(s, _)| s.clone())
        .collect();
    for s in &def.statements {
        let mut condition: BTreeMap<String, BTreeMap<String, OneOrMany>> = BTreeMap::new();
        for c in &s.spec.conditions {
            condition.entry(c.operator.clone()).or_default().insert(
                c.key.clone(),
                OneOrMany::from_vec(c.values.iter().map(|v| resolve(v)).collect()),
            );
        }
        statements.push(Statement {
            sid: None,
            effect: s.spec.effect,
            principal: None,
            action: OneOrMany::from_vec(s.spec.actions.clone()),
            resource: Some(OneOrMany::from_vec(
                s.spec.resources.iter().map(|r| resolve(r)).collect(),
            )),
            condition,
        });
    }
    PolicyDocument::new(statements)
}

/// What the role holds: the inline policy, or all managed policies.
fn emitted(a: &Assembled) -> Vec<PolicyDocument> {
    if a.managed.is_empty() {
        vec![a.policy.clone()]
    } else {
        a.managed.iter().map(|p| p.document.clone()).collect()
    }
}

/// Concrete resources inside a pattern, and just outside it.
fn around(pattern: &str) -> Vec<String> {
    if pattern == "*" {
        return vec![
            "arn:aws:s3:::docs/report.pdf".into(),
            format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/Other"),
        ];
    }
    let inside = pattern.replace('*', "x/y").replace('?', "q");
    let short = pattern.replace('*', "").replace('?', "q");
    let mut out = vec![
        inside.clone(),
        short.clone(),
        // just outside: one character more or less, another case, another account
        format!("{inside}-"),
        inside[..inside.len() - 1].to_string(),
        inside.to_uppercase(),
        inside.replace(ACCOUNT, "210987654321"),
        inside.replace("docs", "docs2"),
    ];
    if let Some(cut) = inside.rfind('/') {
        out.push(inside[..cut].to_string());
    }
    out.sort();
    out.dedup();
    out
}

/// Catalog actions that share `len` leading characters with `action`'s name, in its service.
fn neighbours(action: &str, len: usize) -> Vec<String> {
    let Some((prefix, name)) = action.split_once(':') else {
        return Vec::new();
    };
    let Some(service) = catalog::service(prefix) else {
        return Vec::new();
    };
    let head: String = name.chars().take(len).collect();
    service
        .actions
        .iter()
        .filter(|a| a.name.len() >= head.len() && a.name[..head.len()].eq_ignore_ascii_case(&head))
        .map(|a| format!("{}:{}", service.prefix, a.name))
        .collect()
}

/// The requests both policies must decide alike.
fn requests(documents: &[&PolicyDocument]) -> Vec<Request> {
    let mut actions = BTreeSet::new();
    let mut resources = BTreeSet::new();
    for doc in documents {
        for s in &doc.statement {
            for a in s.action.iter() {
                if a.contains(['*', '?']) {
                    // every action behind the wildcard, and those just outside it
                    actions.extend(expand_wildcard(a));
                    let stem = a.trim_end_matches(['*', '?']);
                    let name_len = stem.split_once(':').map_or(0, |(_, n)| n.len());
                    actions.extend(neighbours(stem, name_len.saturating_sub(1)));
                } else {
                    actions.insert(a.to_string());
                    // same service, sharing a prefix: `GetObject` → `GetObjectAttributes`, …
                    let len = a.split_once(':').map_or(0, |(_, n)| n.len());
                    actions.extend(neighbours(a, len.min(8)));
                }
            }
            let list = s.resource.as_ref().map(|r| r.as_slice().to_vec());
            for r in list.into_iter().flatten() {
                // two queues of the long statement stand for all 200 of them
                if r.contains("orders-queue-number-")
                    && !r.ends_with("0000")
                    && !r.ends_with("0199")
                {
                    continue;
                }
                resources.extend(around(&r));
                resources.insert(r);
            }
        }
    }
    // Condition context matters only where a statement has a condition.
    let conditional = documents
        .iter()
        .any(|d| d.statement.iter().any(|s| !s.condition.is_empty()));
    let contexts = if conditional {
        vec![
            Context::new(),
            Context::new().with("aws:SourceVpc", "vpc-1"),
            Context::new().with("aws:SourceVpc", "vpc-3"),
        ]
    } else {
        vec![Context::new()]
    };
    let principal = RequestPrincipal::Aws(format!("arn:aws:iam::{ACCOUNT}:role/f"));
    let mut out = Vec::new();
    for a in &actions {
        for r in &resources {
            for c in &contexts {
                out.push(
                    Request::new(principal.clone(), a.as_str(), r.as_str()).with_context(c.clone()),
                );
            }
        }
    }
    out
}

fn identity(policies: &[Policy]) -> Vec<(PolicyKind, &Policy)> {
    policies.iter().map(|p| (PolicyKind::Identity, p)).collect()
}

/// Every request the two sets of identity policies decide differently, described.
fn disagreements(original: &[PolicyDocument], minimized: &[PolicyDocument]) -> Vec<String> {
    let parse = |docs: &[PolicyDocument]| -> Vec<Policy> {
        docs.iter()
            .map(|d| Policy::from_document(d).expect("emitted documents parse"))
            .collect()
    };
    let (o, m) = (parse(original), parse(minimized));
    let (o, m) = (identity(&o), identity(&m));
    let docs: Vec<&PolicyDocument> = original.iter().chain(minimized).collect();
    let mut out = Vec::new();
    for request in requests(&docs) {
        let before: Outcome = evaluate(&o, &request).outcome;
        let after: Outcome = evaluate(&m, &request).outcome;
        if before != after {
            out.push(format!(
                "{} on {} with {:?}: {before:?} as written, {after:?} minimized",
                request.action,
                request.resource,
                request.context.iter().collect::<Vec<_>>()
            ));
        }
    }
    out
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(0x6c61_6d62_6461),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn minimized_and_written_decide_alike((specs, _) in declarations()) {
        let def = function("orders", specs);
        let mut findings = Vec::new();
        let a = assemble(&def, &vars(), &mut findings).expect("assembles");
        prop_assert!(findings.iter().all(|f| f.severity != lambda_iam_core::diag::Severity::Error), "{:?}", findings);
        prop_assert_eq!(check_invariants(&a, &def), Vec::<String>::new());
        let written = as_written(&def, &a);
        let wrong = disagreements(std::slice::from_ref(&written), &emitted(&a));
        prop_assert!(wrong.is_empty(), "{} disagreements, first: {}\n{}", wrong.len(), wrong[0], render(&a.policy));
        // never more statements than declared, and within the limits that apply
        let declared = a.provenance.iter().filter(|p| matches!(p, Provenance::Declared(_))).count();
        prop_assert!(declared <= def.statements.len());
        if a.managed.is_empty() {
            prop_assert!(a.size <= INLINE_POLICY_LIMIT);
        } else {
            prop_assert!(a.size > INLINE_POLICY_LIMIT);
            prop_assert!(a.managed.iter().all(|p| policy_size(&p.document) <= MANAGED_POLICY_LIMIT));
        }
        // collapses happen only over the inline limit: with every wildcard spelled out again,
        // the policy is over it
        if !a.collapsed.is_empty() {
            let mut explicit = a.policy.clone();
            for c in &a.collapsed {
                let s = &mut explicit.statement[c.statement];
                let mut actions: Vec<String> = s.action.iter()
                    .filter(|x| *x != c.wildcard).map(str::to_string).collect();
                actions.extend(c.actions.iter().cloned());
                s.action = OneOrMany::from_vec(actions);
            }
            prop_assert!(policy_size(&explicit) > INLINE_POLICY_LIMIT, "{}", policy_size(&explicit));
        }
        // and a policy as written under the limit (with room for Sids) is never touched by them
        if policy_size(&written) + 50 * written.statement.len() <= INLINE_POLICY_LIMIT {
            prop_assert!(a.collapsed.is_empty(), "{:?}", a.collapsed);
        }
    }

    #[test]
    fn same_bytes_twice_and_in_any_order((specs, shuffled) in declarations()) {
        let files = |specs: Vec<StatementSpec>| -> Vec<String> {
            let a = assemble(&function("orders", specs), &vars(), &mut Vec::new()).expect("assembles");
            emitted(&a).iter().map(render).collect()
        };
        let first = files(specs.clone());
        prop_assert_eq!(&first, &files(specs));
        prop_assert_eq!(&first, &files(shuffled));
    }
}

/// The "minimized" policy a wrong minimizer would emit: `s3:GetObject*` for a list that lacks
/// one of the actions it matches.
#[test]
fn a_wrong_collapse_is_caught() {
    let mut family = expand_wildcard("s3:GetObject*");
    assert!(family.len() >= 3, "{family:?}");
    let missing = family.remove(1);
    let def = function(
        "orders",
        vec![allow(
            &family.iter().map(String::as_str).collect::<Vec<_>>(),
            &["arn:aws:s3:::docs/*"],
        )],
    );
    let a = ok(&def, &vars());
    assert!(
        a.collapsed.is_empty(),
        "the right minimizer does not collapse"
    );
    let written = as_written(&def, &a);
    assert!(disagreements(std::slice::from_ref(&written), &emitted(&a)).is_empty());

    let mut wrong = a.clone();
    let last = wrong.policy.statement.len() - 1;
    wrong.policy.statement[last].action = OneOrMany::One("s3:GetObject*".into());
    let found = disagreements(&[written], &[wrong.policy.clone()]);
    assert!(
        found
            .iter()
            .any(|d| d.starts_with(&format!("{missing} on "))),
        "the evaluator check misses the undeclared `{missing}`: {found:?}"
    );
    // and the invariant checker refuses it too
    let violations = check_invariants(&wrong, &def);
    assert!(
        violations.iter().any(|v| v.contains(&missing)),
        "{violations:?}"
    );
}

/// A wrong cover-drop: removing a conditioned statement whose "cover" has other conditions.
#[test]
fn a_wrong_drop_is_caught() {
    let def = function(
        "orders",
        vec![
            with_condition(
                allow(&["s3:GetObject"], &["arn:aws:s3:::docs/*"]),
                "StringEquals",
                "aws:SourceVpc",
                &["vpc-1"],
            ),
            allow(&["s3:GetObject"], &["arn:aws:s3:::docs/report.pdf"]),
        ],
    );
    let a = ok(&def, &vars());
    let written = as_written(&def, &a);
    assert!(disagreements(std::slice::from_ref(&written), &emitted(&a)).is_empty());
    let mut wrong = a.clone();
    // keep only the conditioned statement, as if it covered the other one
    let keep: Vec<Statement> = wrong
        .policy
        .statement
        .iter()
        .filter(|s| {
            !s.condition.is_empty() || s.sid.as_deref().is_some_and(|s| s.starts_with("Lambda"))
        })
        .cloned()
        .collect();
    wrong.policy.statement = keep;
    let found = disagreements(&[written], &[wrong.policy]);
    assert!(
        found
            .iter()
            .any(|d| d.contains("arn:aws:s3:::docs/report.pdf") && d.contains("[]")),
        "{found:?}"
    );
}

/// What minimization does on a policy shaped like the README's examples: covered statements
/// and entries go, conditions keep theirs apart, explicit lists stay under the limit.
#[test]
fn covered_statements_and_entries_go() {
    let def = function(
        "orders",
        vec![
            allow(
                &["s3:GetObject"],
                &["arn:aws:s3:::docs/*", "arn:aws:s3:::docs/a.txt"],
            ),
            allow(&["s3:GetObject"], &["arn:aws:s3:::docs/report.pdf"]),
            with_condition(
                allow(&["s3:GetObject"], &["arn:aws:s3:::docs/x/*"]),
                "StringEquals",
                "aws:SourceVpc",
                &["vpc-1"],
            ),
            // not covered: another action
            allow(&["s3:PutObject"], &["arn:aws:s3:::docs/out/*"]),
            // a Deny is never covered by an Allow
            deny(&["s3:GetObject"], &["arn:aws:s3:::docs/secret/*"]),
        ],
    );
    let a = ok(&def, &vars());
    let declared: Vec<&Statement> = a.policy.statement[2..].iter().collect();
    assert_eq!(declared.len(), 3, "{}", render(&a.policy));
    assert_eq!(
        declared[0].resource,
        Some(OneOrMany::One("arn:aws:s3:::docs/*".into()))
    );
    assert!(declared.iter().all(|s| s.condition.is_empty()));
    // the dropped declarations are traced to the statement that grants them
    match &a.provenance[2] {
        Provenance::Declared(origins) => assert_eq!(origins.len(), 3, "{origins:?}"),
        other => panic!("{other:?}"),
    }
    assert!(check_invariants(&a, &def).is_empty());
    let written = as_written(&def, &a);
    assert!(disagreements(&[written], &emitted(&a)).is_empty());
}

/// Over the inline limit: exact collapses first, then managed policies, each checked.
#[test]
fn a_large_policy_collapses_and_splits() {
    let family = expand_wildcard("s3:GetObject*");
    let mut specs = vec![allow(
        &family.iter().map(String::as_str).collect::<Vec<_>>(),
        &["arn:aws:s3:::docs/*"],
    )];
    for i in 0..3 {
        let mut long = long_statement();
        long.actions =
            strings(&[["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"][i]]);
        specs.push(long);
    }
    let def = function("orders", specs);
    let mut findings = Vec::new();
    let a = assemble(&def, &vars(), &mut findings).expect("assembles");
    assert_eq!(check_invariants(&a, &def), Vec::<String>::new());
    assert_eq!(a.collapsed.len(), 1, "{:?}", a.collapsed);
    assert_eq!(a.collapsed[0].wildcard, "s3:GetObject*");
    assert_eq!(a.collapsed[0].actions, family);
    assert!(a.managed.len() >= 2, "{}", a.managed.len());
    assert!(
        findings
            .iter()
            .any(|f| f.message.contains("collapsed to `s3:GetObject*`"))
    );
    assert!(findings.iter().any(|f| {
        f.message
            .contains(&format!("split into {} managed policies", a.managed.len()))
    }));
    let written = as_written(&def, &a);
    assert!(disagreements(&[written], &emitted(&a)).is_empty());
    // the same statements, in the same order, across the parts
    let sids: Vec<&str> = a
        .managed
        .iter()
        .flat_map(|p| p.document.statement.iter())
        .map(|s| s.sid.as_deref().unwrap())
        .collect();
    assert_eq!(sids[..2], ["LambdaLogGroup", "LambdaLogStreams"]);
    let unique: BTreeSet<&&str> = sids.iter().collect();
    assert_eq!(unique.len(), sids.len(), "{sids:?}");
    // under the limit, the same declarations keep the explicit list
    let small = function("orders", vec![def.statements[0].spec.clone()]);
    let s = ok(&small, &vars());
    assert!(s.collapsed.is_empty() && s.managed.is_empty());
    assert!(
        s.policy.statement[2]
            .action
            .iter()
            .all(|a| !a.contains('*'))
    );
}

/// A role takes 10 managed policies by default and 20 at most: more than 10 is a warning that
/// names the quota, more than 20 an error and no policy.
#[test]
fn managed_policy_count_against_the_role_quota() {
    let queues = |n: usize| -> StatementSpec {
        StatementSpec {
            effect: Effect::Allow,
            actions: strings(&["sqs:SendMessage"]),
            resources: (0..n)
                .map(|i| format!("arn:aws:sqs:{REGION}:{ACCOUNT}:order-events-queue-number-{i:05}"))
                .collect(),
            conditions: Vec::new(),
            reason: None,
        }
    };
    let parts = |n: usize| {
        let def = function("orders", vec![queues(n)]);
        let mut findings = Vec::new();
        let a = assemble(&def, &vars(), &mut findings);
        if let Some(a) = &a {
            assert_eq!(check_invariants(a, &def), Vec::<String>::new());
        }
        (a.map(|a| a.managed.len()), findings)
    };
    // about 80 queues a part
    let (n, findings) = parts(500);
    let n = n.expect("assembles");
    assert!((2..=10).contains(&n), "{n}");
    assert!(
        findings.iter().all(|f| !f.message.contains("quota")),
        "{findings:#?}"
    );

    let (n, findings) = parts(1_000);
    let n = n.expect("a warning does not stop assembly");
    assert!((11..=20).contains(&n), "{n}");
    let quota = findings
        .iter()
        .find(|f| f.message.contains("default quota of 10 managed policies"))
        .expect("a quota warning");
    assert_eq!(quota.severity, lambda_iam_core::diag::Severity::Warning);
    assert!(
        quota
            .message
            .contains(&format!("split into {n} managed policies"))
    );

    let (none, findings) = parts(2_000);
    assert_eq!(none, None, "over 20 managed policies: no policy");
    assert!(
        findings
            .iter()
            .any(|f| f.severity == lambda_iam_core::diag::Severity::Error
                && f.message.contains("at most 20 managed policies")),
        "{findings:#?}"
    );
}
