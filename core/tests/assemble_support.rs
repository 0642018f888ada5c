//! Builders shared by the assembly tests.
#![allow(dead_code)]

use lambda_iam_core::assemble::{
    Assembled, Finding, FunctionDef, Origin, SourcedStatement, assemble,
};
use lambda_iam_core::decl::{ConditionSpec, Effect, StatementSpec};
use lambda_iam_core::diag::Severity;
use lambda_iam_core::vars::Vars;

pub fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

pub fn spec(effect: Effect, actions: &[&str], resources: &[&str]) -> StatementSpec {
    StatementSpec {
        effect,
        actions: strings(actions),
        resources: strings(resources),
        conditions: Vec::new(),
        reason: None,
    }
}

pub fn allow(actions: &[&str], resources: &[&str]) -> StatementSpec {
    spec(Effect::Allow, actions, resources)
}

pub fn deny(actions: &[&str], resources: &[&str]) -> StatementSpec {
    spec(Effect::Deny, actions, resources)
}

pub fn with_condition(
    mut s: StatementSpec,
    operator: &str,
    key: &str,
    values: &[&str],
) -> StatementSpec {
    s.conditions.push(ConditionSpec {
        operator: operator.into(),
        key: key.into(),
        values: strings(values),
    });
    s
}

pub fn with_reason(mut s: StatementSpec, reason: &str) -> StatementSpec {
    s.reason = Some(reason.into());
    s
}

pub fn origin(line: usize, item: &str) -> Origin {
    Origin {
        file: "src/main.rs".into(),
        line,
        column: 1,
        item: item.into(),
    }
}

pub fn sourced(spec: StatementSpec, origin: Option<Origin>) -> SourcedStatement {
    SourcedStatement { spec, origin }
}

pub fn function(name: &str, specs: Vec<StatementSpec>) -> FunctionDef {
    FunctionDef {
        name: name.into(),
        log_group: None,
        vpc: false,
        statements: specs
            .into_iter()
            .enumerate()
            .map(|(i, s)| sourced(s, Some(origin(10 + i, "handler app::handler"))))
            .collect(),
    }
}

pub fn errors(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// `Account` and `Region` set.
pub fn vars() -> Vars {
    Vars::from_pairs([("Account", "123456789012"), ("Region", "eu-west-1")]).unwrap()
}

pub fn ok(def: &FunctionDef, vars: &Vars) -> Assembled {
    let mut findings = Vec::new();
    let out = assemble(def, vars, &mut findings);
    assert!(findings.is_empty(), "unexpected findings: {findings:#?}");
    out.expect("assembles")
}

pub fn sids(a: &Assembled) -> Vec<&str> {
    a.policy
        .statement
        .iter()
        .map(|s| s.sid.as_deref().unwrap())
        .collect()
}

pub fn image_processor() -> FunctionDef {
    function(
        "image-processor",
        vec![
            allow(
                &["s3:GetObject"],
                &["arn:${Partition}:s3:::my-source-images/*"],
            ),
            allow(
                &["s3:PutObject"],
                &["arn:${Partition}:s3:::my-resized-images/*"],
            ),
            allow(
                &["dynamodb:PutItem"],
                &["arn:${Partition}:dynamodb:${Region}:${Account}:table/ImageMetadataTable"],
            ),
        ],
    )
}
