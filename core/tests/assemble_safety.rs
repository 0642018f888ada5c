//! Assembly's safety invariant and its checker, the size limit, and catalog-backed spelling.

#[path = "assemble_support.rs"]
mod support;

use lambda_iam_core::assemble::{
    Assembled, FunctionDef, INLINE_POLICY_LIMIT, Provenance, assemble, check_invariants,
    policy_size,
};
use lambda_iam_core::decl::Effect;
use lambda_iam_core::diag::{Code, Severity};
use lambda_iam_core::policy::{OneOrMany, render};
use support::*;

// ---- the invariant checker on hand-made bad policies ----

fn good() -> (Assembled, FunctionDef) {
    let def = function(
        "f",
        vec![
            allow(&["s3:GetObject"], &["arn:${Partition}:s3:::src/*"]),
            with_condition(
                allow(&["s3:PutObject"], &["arn:${Partition}:s3:::dst/*"]),
                "StringEquals",
                "s3:x-amz-acl",
                &["private"],
            ),
        ],
    );
    (ok(&def, &vars()), def)
}

fn broken(edit: impl FnOnce(&mut Assembled)) -> Vec<String> {
    let (mut a, def) = good();
    assert!(check_invariants(&a, &def).is_empty());
    edit(&mut a);
    check_invariants(&a, &def)
}

#[test]
fn checker_catches_a_star_action() {
    let v =
        broken(|a| a.policy.statement[2].action = OneOrMany::Many(strings(&["*", "s3:GetObject"])));
    assert!(
        v.iter().any(|m| m.contains("allows the action `*`")),
        "{v:?}"
    );
}

#[test]
fn checker_catches_a_widened_resource() {
    let v =
        broken(|a| a.policy.statement[2].resource = Some(OneOrMany::One("arn:aws:s3:::*".into())));
    assert!(
        v.iter()
            .any(|m| m.contains("`s3:GetObject` on `arn:aws:s3:::*` was not declared")),
        "{v:?}"
    );
    let v = broken(|a| a.policy.statement[2].resource = Some(OneOrMany::One("*".into())));
    assert!(
        v.iter().any(|m| m.contains("supports resource ARNs")),
        "{v:?}"
    );
}

#[test]
fn checker_catches_a_cross_product_merge() {
    // GetObject on src and PutObject on dst merged into one statement would grant GetObject on dst.
    let v = broken(|a| {
        let put = a.policy.statement.remove(3);
        a.provenance.remove(3);
        let s = &mut a.policy.statement[2];
        s.action = OneOrMany::Many(strings(&["s3:GetObject", "s3:PutObject"]));
        s.resource = Some(OneOrMany::Many(strings(&[
            "arn:aws:s3:::dst/*",
            "arn:aws:s3:::src/*",
        ])));
        s.condition = put.condition;
    });
    assert!(v.iter().any(|m| m.contains("was not declared")), "{v:?}");
}

#[test]
fn checker_catches_a_dropped_condition_and_a_lost_statement() {
    let v = broken(|a| a.policy.statement[3].condition.clear());
    assert!(
        v.iter()
            .any(|m| m.contains("`s3:PutObject` on `arn:aws:s3:::dst/*` was not declared")),
        "{v:?}"
    );
    let v = broken(|a| {
        a.policy.statement.pop();
        a.provenance.pop();
    });
    assert!(
        v.iter().any(|m| m.contains("missing from the policy")),
        "{v:?}"
    );
}

#[test]
fn checker_catches_a_bad_baseline_vpc_and_sids() {
    let v = broken(|a| {
        a.policy.statement[1].resource = Some(OneOrMany::One("arn:aws:logs:*:*:*".into()))
    });
    assert!(v.iter().any(|m| m.contains("logs baseline")), "{v:?}");
    let v = broken(|a| {
        a.policy.statement.push(lambda_iam_core::policy::Statement {
            sid: Some("LambdaVpcNetworkInterfaces".into()),
            effect: Effect::Allow,
            principal: None,
            action: OneOrMany::One("ec2:*".into()),
            resource: Some(OneOrMany::One("*".into())),
            condition: Default::default(),
        });
        a.provenance.push(Provenance::Vpc);
    });
    assert!(v.iter().any(|m| m.contains("VPC statement")), "{v:?}");
    let v = broken(|a| a.policy.statement[3].sid = Some("AllowS3GetObject".into()));
    assert!(v.iter().any(|m| m.contains("not unique")), "{v:?}");
    let v = broken(|a| a.policy.statement[3].sid = Some("Allow-Put".into()));
    assert!(v.iter().any(|m| m.contains("not alphanumeric")), "{v:?}");
    let v = broken(|a| {
        a.provenance.pop();
    });
    assert!(v.iter().any(|m| m.contains("provenance")), "{v:?}");
}

// ---- size ----

#[test]
fn size_counts_compact_characters() {
    let a = ok(&image_processor(), &vars());
    let compact = serde_json::to_string(&a.policy).unwrap();
    assert_eq!(policy_size(&a.policy), compact.chars().count());
    assert!(policy_size(&a.policy) < render(&a.policy).len());
    // whitespace inside strings counts; multi-byte characters count once
    let def = function(
        "f",
        vec![allow(&["s3:GetObject"], &["arn:aws:s3:::b/a é/*"])],
    );
    let b = ok(&def, &vars());
    let compact = serde_json::to_string(&b.policy).unwrap();
    assert_eq!(policy_size(&b.policy), compact.len() - 1);
}

#[test]
fn a_policy_over_the_inline_limit_gets_a_warning() {
    let specs: Vec<_> = (0..120)
        .map(|i| {
            allow(
                &["dynamodb:GetItem"],
                &[&*format!(
                    "arn:aws:dynamodb:eu-west-1:123456789012:table/Table{i:03}WithAFairlyLongName"
                )],
            )
        })
        .collect();
    // one statement per table would merge into one: give each its own condition to keep them apart
    let specs: Vec<_> = specs
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            with_condition(
                s,
                "StringEquals",
                "aws:SourceVpc",
                &[&*format!("vpc-{i:03}")],
            )
        })
        .collect();
    let def = function("big", specs);
    let mut findings = Vec::new();
    let a = assemble(&def, &vars(), &mut findings).expect("a warning does not stop assembly");
    assert!(a.size > INLINE_POLICY_LIMIT, "{}", a.size);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        (findings[0].severity, findings[0].code),
        (Severity::Warning, Code::PolicyTooLarge)
    );
    assert!(
        findings[0]
            .message
            .contains(&format!("{} characters", a.size))
    );
    assert!(
        findings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("managed policies")
    );
    // a tenth of it stays under the limit
    let small = function(
        "small",
        def.statements[..10]
            .iter()
            .map(|s| s.spec.clone())
            .collect(),
    );
    assert!(ok(&small, &vars()).size <= INLINE_POLICY_LIMIT);
}

// ---- catalog-backed normalisation ----

#[test]
fn actions_take_the_catalog_spelling_and_then_merge() {
    let def = function(
        "f",
        vec![
            allow(&["S3:getobject"], &["arn:aws:s3:::b/*"]),
            allow(&["s3:GetObject"], &["arn:aws:s3:::b/*"]),
            allow(
                &["dynamodb:putitem"],
                &["arn:aws:dynamodb:eu-west-1:1:table/T"],
            ),
        ],
    );
    let a = ok(&def, &vars());
    assert_eq!(
        a.policy.statement[2].action,
        OneOrMany::One("dynamodb:PutItem".into())
    );
    assert_eq!(
        a.policy.statement[3].action,
        OneOrMany::One("s3:GetObject".into())
    );
    assert_eq!(a.policy.statement.len(), 4);
    assert!(check_invariants(&a, &def).is_empty());
}

#[test]
fn condition_keys_take_the_catalog_spelling() {
    let s = with_condition(
        allow(&["s3:GetObject"], &["arn:aws:s3:::b/*"]),
        "StringEquals",
        "aws:principaltag/Team",
        &["x"],
    );
    let s = with_condition(s, "StringEquals", "aws:sourcevpc", &["vpc-1"]);
    let a = ok(&function("f", vec![s]), &vars());
    let keys: Vec<&String> = a.policy.statement[2].condition["StringEquals"]
        .keys()
        .collect();
    assert_eq!(keys, ["aws:PrincipalTag/Team", "aws:SourceVpc"]);
}

#[test]
fn star_resource_on_actions_without_resource_level_permissions_passes() {
    let def = function(
        "f",
        vec![allow(
            &["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            &["*"],
        )],
    );
    let a = ok(&def, &vars());
    assert!(check_invariants(&a, &def).is_empty());
    // the catalog agrees that these take no ARN
    for action in ["xray:PutTraceSegments", "ec2:DescribeNetworkInterfaces"] {
        let (_, found) = lambda_iam_core::catalog::action(action).expect("in the catalog");
        assert!(found.resource_types.is_empty(), "{action}");
    }
}
