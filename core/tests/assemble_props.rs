//! Properties of assembly on random declarations: merging and minimizing are exact (no action ×
//! resource pair gained, none lost unless a covering one stays), the output does not depend on
//! declaration order, the invariant holds.

#[path = "assemble_support.rs"]
mod support;

use lambda_iam_core::assemble::{
    Assembled, FunctionDef, Provenance, assemble, canonical_action, check_invariants,
};
use lambda_iam_core::decl::{ConditionSpec, Effect, StatementSpec};
use lambda_iam_core::policy::render;
use lambda_iam_core::vars::Vars;
use proptest::prelude::*;
use proptest::sample::subsequence;
use std::collections::{BTreeMap, BTreeSet};
use support::*;

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:getobject",
    "s3:PutObject",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "sqs:SendMessage",
];
const RESOURCES: &[&str] = &[
    "arn:aws:s3:::a/*",
    "arn:aws:s3:::b/*",
    "arn:${Partition}:s3:::c/*",
    "arn:${Partition}:dynamodb:${Region}:${Account}:table/T",
    "*",
];

fn condition() -> impl Strategy<Value = Vec<ConditionSpec>> {
    let c = |values: &[&str]| ConditionSpec {
        operator: "StringEquals".into(),
        key: "aws:SourceVpc".into(),
        values: strings(values),
    };
    prop_oneof![
        3 => Just(vec![]),
        1 => Just(vec![c(&["vpc-1"])]),
        1 => Just(vec![c(&["vpc-2", "vpc-1"])]),
        1 => Just(vec![c(&["vpc-1", "vpc-2", "vpc-1"])]),
    ]
}

fn statement() -> impl Strategy<Value = StatementSpec> {
    (
        prop_oneof![4 => Just(Effect::Allow), 1 => Just(Effect::Deny)],
        subsequence(ACTIONS, 1..=3).prop_shuffle(),
        subsequence(RESOURCES, 1..=3).prop_shuffle(),
        condition(),
    )
        .prop_map(|(effect, actions, resources, conditions)| StatementSpec {
            effect,
            actions: strings(&actions),
            resources: strings(&resources),
            conditions,
            reason: None,
        })
}

/// Statements made of arbitrary text, placeholders and wildcards included.
fn arbitrary_statement() -> impl Strategy<Value = StatementSpec> {
    let text = "[a-zA-Z0-9:*?${}/ -]{0,12}";
    let condition = (
        "(String|Arn)(Equals|Like)",
        "(aws|s3):[a-zA-Z]{1,3}",
        prop::collection::vec(text, 0..3),
    )
        .prop_map(|(operator, key, values)| ConditionSpec {
            operator,
            key,
            values,
        });
    (
        prop_oneof![Just(Effect::Allow), Just(Effect::Deny)],
        prop::collection::vec(text, 0..3),
        prop::collection::vec(text, 0..3),
        prop::collection::vec(condition, 0..3),
        prop::option::of("[a-z]{1,5}"),
    )
        .prop_map(
            |(effect, actions, resources, conditions, reason)| StatementSpec {
                effect,
                actions,
                resources,
                conditions,
                reason,
            },
        )
}

/// The declarations, and the same declarations in another order.
fn declarations() -> impl Strategy<Value = (Vec<StatementSpec>, Vec<StatementSpec>)> {
    prop::collection::vec(statement(), 0..10)
        .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
}

fn vars() -> Vars {
    Vars::from_pairs([("Account", "123456789012"), ("Region", "eu-west-1")]).unwrap()
}

fn resolve(resource: &str) -> String {
    resource
        .replace("${Partition}", "aws")
        .replace("${Region}", "eu-west-1")
        .replace("${Account}", "123456789012")
}

type Guarded = (Effect, String, String, String);

fn conditions_key(map: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>) -> String {
    format!("{map:?}")
}

/// Every (effect, conditions, action, resource) the declarations grant or deny.
fn declared_pairs(specs: &[StatementSpec]) -> BTreeSet<Guarded> {
    let mut out = BTreeSet::new();
    for s in specs {
        let mut conditions: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for c in &s.conditions {
            conditions
                .entry(c.operator.clone())
                .or_default()
                .entry(c.key.clone())
                .or_default()
                .extend(c.values.iter().cloned());
        }
        let conditions = conditions_key(conditions);
        for a in &s.actions {
            for r in &s.resources {
                out.insert((
                    s.effect,
                    conditions.clone(),
                    canonical_action(a).to_ascii_lowercase(),
                    resolve(r),
                ));
            }
        }
    }
    out
}

/// Every (effect, conditions, action, resource) the declared statements of the policy hold.
fn policy_pairs(a: &Assembled) -> BTreeSet<Guarded> {
    let mut out = BTreeSet::new();
    for (s, p) in a.policy.statement.iter().zip(&a.provenance) {
        if !matches!(p, Provenance::Declared(_)) {
            continue;
        }
        let conditions = conditions_key(
            s.condition
                .iter()
                .map(|(op, keys)| {
                    (
                        op.clone(),
                        keys.iter()
                            .map(|(k, v)| (k.clone(), v.iter().map(str::to_string).collect()))
                            .collect(),
                    )
                })
                .collect(),
        );
        for action in s.action.iter() {
            for resource in s.resource.as_ref().unwrap().iter() {
                out.insert((
                    s.effect,
                    conditions.clone(),
                    action.to_ascii_lowercase(),
                    resource.to_string(),
                ));
            }
        }
    }
    out
}

fn def(specs: Vec<StatementSpec>) -> FunctionDef {
    let mut def = function("prop-fn", specs);
    def.vpc = true;
    def
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn merging_neither_gains_nor_loses_a_pair((specs, _) in declarations()) {
        let mut findings = Vec::new();
        let a = assemble(&def(specs.clone()), &vars(), &mut findings).expect("assembles");
        prop_assert!(findings.is_empty(), "{:?}", findings);
        // Minimization only drops what another pair covers: nothing gained, and every declared
        // pair is in the policy or under a covering one (here only `"*"` covers another
        // resource, and a statement without conditions one with them).
        let got = policy_pairs(&a);
        let declared = declared_pairs(&specs);
        prop_assert!(got.is_subset(&declared), "gained: {:?}", got.difference(&declared).collect::<Vec<_>>());
        for (effect, conditions, action, resource) in &declared {
            let unconditioned = conditions_key(BTreeMap::new());
            let found = got.iter().any(|(e, c, a, r)| {
                e == effect && a == action
                    && (c == conditions || *c == unconditioned)
                    && (r == resource || r == "*")
            });
            prop_assert!(found, "lost: {:?} {} {} {}\n{}", effect, conditions, action, resource, render(&a.policy));
        }
        // and it does merge: no two declared statements share (effect, conditions, resources)
        // or (effect, conditions, actions)
        let declared: Vec<_> = a.policy.statement.iter().zip(&a.provenance)
            .filter(|(_, p)| matches!(p, Provenance::Declared(_))).map(|(s, _)| s).collect();
        for (i, x) in declared.iter().enumerate() {
            for y in &declared[i + 1..] {
                let same_cond = x.effect == y.effect && x.condition == y.condition;
                prop_assert!(!(same_cond && x.resource == y.resource), "{}", render(&a.policy));
                prop_assert!(!(same_cond && x.action == y.action), "{}", render(&a.policy));
            }
        }
    }

    #[test]
    fn declaration_order_changes_no_byte((specs, shuffled) in declarations()) {
        let a = assemble(&def(specs), &vars(), &mut Vec::new()).expect("assembles");
        let b = assemble(&def(shuffled), &vars(), &mut Vec::new()).expect("assembles");
        prop_assert_eq!(render(&a.policy), render(&b.policy));
        prop_assert_eq!(a.provenance.len(), b.provenance.len());
        // the same declarations stand behind each statement (origins differ with the order)
        let specs_of = |x: &Assembled| -> Vec<Vec<StatementSpec>> {
            x.sources.iter().map(|s| {
                let mut v: Vec<_> = s.iter().map(|s| s.spec.clone()).collect();
                v.sort();
                v
            }).collect()
        };
        prop_assert_eq!(specs_of(&a), specs_of(&b));
    }

    #[test]
    fn the_invariant_holds((specs, _) in declarations()) {
        let d = def(specs);
        let a = assemble(&d, &vars(), &mut Vec::new()).expect("assembles");
        prop_assert_eq!(check_invariants(&a, &d), Vec::<String>::new());
        for s in &a.policy.statement {
            prop_assert!(!(s.effect == Effect::Allow && s.action.contains("*")));
        }
    }

    #[test]
    fn an_unrelated_statement_moves_no_sid(
        (specs, _) in declarations(),
        at in 0usize..10,
        effect in prop_oneof![Just(Effect::Allow), Just(Effect::Deny)],
    ) {
        // Its action and resource appear nowhere else, so it merges with nothing.
        let extra = spec(effect, &["kms:Decrypt"], &["arn:aws:kms:eu-west-1:123456789012:key/k"]);
        let mut more = specs.clone();
        more.insert(at.min(more.len()), extra);
        let a = assemble(&def(specs), &vars(), &mut Vec::new()).expect("assembles");
        let b = assemble(&def(more), &vars(), &mut Vec::new()).expect("assembles");
        let kept: Vec<_> =
            b.policy.statement.iter().filter(|s| !s.action.contains("kms:Decrypt")).cloned().collect();
        prop_assert_eq!(kept, a.policy.statement.clone());
    }

    #[test]
    fn any_input_gives_a_checked_policy_or_findings(
        specs in prop::collection::vec(arbitrary_statement(), 0..6),
        log_group in prop::option::of("[a-zA-Z0-9/_${}*: -]{0,16}"),
        strict in any::<bool>(),
    ) {
        let mut d = def(specs);
        d.log_group = log_group;
        let mut findings = Vec::new();
        let vars = vars().with_strict(strict);
        match assemble(&d, &vars, &mut findings) {
            Some(a) => prop_assert_eq!(check_invariants(&a, &d), Vec::<String>::new()),
            None => prop_assert!(
                findings.iter().any(|f| f.severity == lambda_iam_core::diag::Severity::Error),
                "no policy and no error"
            ),
        }
    }
}
