//! Assembly of a function's policy: exact JSON, merging, variables, Sids.

#[path = "assemble_support.rs"]
mod support;

use lambda_iam_core::assemble::{
    Assembled, Provenance, assemble, check_invariants, policy_size, trust_policy,
};
use lambda_iam_core::decl::Effect;
use lambda_iam_core::diag::{Code, Severity};
use lambda_iam_core::policy::{OneOrMany, render};
use lambda_iam_core::vars::Vars;
use support::*;

#[test]
fn image_processor_policy_is_exact() {
    let a = ok(&image_processor(), &vars());
    let expected = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "LambdaLogGroup",
      "Effect": "Allow",
      "Action": "logs:CreateLogGroup",
      "Resource": "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/image-processor:*"
    },
    {
      "Sid": "LambdaLogStreams",
      "Effect": "Allow",
      "Action": [
        "logs:CreateLogStream",
        "logs:PutLogEvents"
      ],
      "Resource": "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/image-processor:log-stream:*"
    },
    {
      "Sid": "AllowDynamodbPutItem",
      "Effect": "Allow",
      "Action": "dynamodb:PutItem",
      "Resource": "arn:aws:dynamodb:eu-west-1:123456789012:table/ImageMetadataTable"
    },
    {
      "Sid": "AllowS3GetObject",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::my-source-images/*"
    },
    {
      "Sid": "AllowS3PutObject",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::my-resized-images/*"
    }
  ]
}
"#;
    assert_eq!(render(&a.policy), expected);
    assert_eq!(a.log_group, "/aws/lambda/image-processor");
    assert_eq!(a.size, policy_size(&a.policy));
    assert_eq!(a.provenance.len(), 5);
    assert_eq!(a.provenance[0], Provenance::LogsBaseline);
    assert_eq!(
        a.provenance[2],
        Provenance::Declared(vec![Some(origin(12, "handler app::handler"))])
    );
    assert!(a.sources[0].is_empty());
    assert_eq!(a.sources[3][0].spec.actions, ["s3:GetObject"]);
    assert!(check_invariants(&a, &image_processor()).is_empty());
}

#[test]
fn trust_policy_is_exact() {
    let expected = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "LambdaAssumeRole",
      "Effect": "Allow",
      "Principal": {
        "Service": "lambda.amazonaws.com"
      },
      "Action": "sts:AssumeRole"
    }
  ]
}
"#;
    assert_eq!(render(&trust_policy()), expected);
    assert_eq!(ok(&image_processor(), &vars()).trust, trust_policy());
}

#[test]
fn same_resources_merge_actions() {
    let def = function(
        "f",
        vec![
            allow(&["s3:PutObject"], &["arn:aws:s3:::b/*"]),
            allow(&["s3:GetObject"], &["arn:aws:s3:::b/*"]),
            allow(&["s3:DeleteObject"], &["arn:aws:s3:::b/*"]),
        ],
    );
    let a = ok(&def, &vars());
    assert_eq!(a.policy.statement.len(), 3);
    let s = &a.policy.statement[2];
    assert_eq!(
        s.action,
        OneOrMany::Many(strings(&[
            "s3:DeleteObject",
            "s3:GetObject",
            "s3:PutObject"
        ]))
    );
    assert_eq!(s.sid.as_deref(), Some("AllowS3DeleteObjectAnd2More"));
    let Provenance::Declared(origins) = &a.provenance[2] else {
        panic!()
    };
    assert_eq!(origins.len(), 3);
    assert_eq!(a.sources[2].len(), 3);
}

#[test]
fn same_actions_merge_resources() {
    let def = function(
        "f",
        vec![
            allow(
                &["dynamodb:PutItem", "dynamodb:Query"],
                &["arn:aws:dynamodb:eu-west-1:1:table/B"],
            ),
            allow(
                &["dynamodb:Query", "dynamodb:PutItem"],
                &["arn:aws:dynamodb:eu-west-1:1:table/A"],
            ),
        ],
    );
    let a = ok(&def, &vars());
    assert_eq!(a.policy.statement.len(), 3);
    let s = &a.policy.statement[2];
    assert_eq!(s.sid.as_deref(), Some("AllowDynamodbPutItemAndQuery"));
    assert_eq!(
        s.resource,
        Some(OneOrMany::Many(strings(&[
            "arn:aws:dynamodb:eu-west-1:1:table/A",
            "arn:aws:dynamodb:eu-west-1:1:table/B"
        ])))
    );
}

#[test]
fn merging_repeats_until_nothing_changes() {
    // a1 on r1, a1 on r2, a2 on r1+r2: rule 2 joins the first two into a1 on r1+r2, after
    // which rule 1 joins it with the third.
    let def = function(
        "f",
        vec![
            allow(&["s3:GetObject"], &["arn:aws:s3:::b/1"]),
            allow(&["s3:GetObject"], &["arn:aws:s3:::b/2"]),
            allow(&["s3:PutObject"], &["arn:aws:s3:::b/1", "arn:aws:s3:::b/2"]),
        ],
    );
    let a = ok(&def, &vars());
    assert_eq!(a.policy.statement.len(), 3);
    assert_eq!(a.policy.statement[2].action.len(), 2);
    assert_eq!(a.policy.statement[2].resource.as_ref().unwrap().len(), 2);
}

#[test]
fn different_actions_and_resources_stay_apart() {
    // Merging these would allow s3:GetObject on b/2, which nobody declared.
    let def = function(
        "f",
        vec![
            allow(&["s3:GetObject"], &["arn:aws:s3:::b/1"]),
            allow(&["s3:PutObject"], &["arn:aws:s3:::b/2"]),
        ],
    );
    let a = ok(&def, &vars());
    assert_eq!(sids(&a)[2..], ["AllowS3GetObject", "AllowS3PutObject"]);
    assert_eq!(
        a.policy.statement[2].resource,
        Some(OneOrMany::One("arn:aws:s3:::b/1".into()))
    );
}

#[test]
fn duplicates_from_handler_and_helper_become_one() {
    let mut def = function(
        "f",
        vec![allow(&["sqs:SendMessage"], &["arn:aws:sqs:eu-west-1:1:q"])],
    );
    def.statements.push(sourced(
        allow(
            &["sqs:SendMessage", "sqs:SendMessage"],
            &["arn:aws:sqs:eu-west-1:1:q", "arn:aws:sqs:eu-west-1:1:q"],
        ),
        Some(origin(40, "requires app::queue::send")),
    ));
    let a = ok(&def, &vars());
    assert_eq!(a.policy.statement.len(), 3);
    assert_eq!(
        a.policy.statement[2].action,
        OneOrMany::One("sqs:SendMessage".into())
    );
    assert_eq!(
        a.policy.statement[2].resource,
        Some(OneOrMany::One("arn:aws:sqs:eu-west-1:1:q".into()))
    );
    assert_eq!(
        a.provenance[2],
        Provenance::Declared(vec![
            Some(origin(10, "handler app::handler")),
            Some(origin(40, "requires app::queue::send"))
        ])
    );
}

#[test]
fn conditions_merge_only_when_equal() {
    let base = || allow(&["s3:GetObject"], &["arn:aws:s3:::b/*"]);
    let def = function(
        "f",
        vec![
            with_condition(base(), "StringEquals", "aws:SourceVpc", &["vpc-1", "vpc-2"]),
            with_condition(
                allow(&["s3:PutObject"], &["arn:aws:s3:::b/*"]),
                "StringEquals",
                "aws:SourceVpc",
                &["vpc-2", "vpc-1", "vpc-1"],
            ),
            with_condition(base(), "StringEquals", "aws:SourceVpc", &["vpc-3"]),
            // on another bucket: an unconditioned `base()` would cover (and drop) the vpc-3
            // statement, see `tests/minimize.rs`
            allow(&["s3:GetObject"], &["arn:aws:s3:::other/*"]),
        ],
    );
    let a = ok(&def, &vars());
    let declared = &a.policy.statement[2..];
    assert_eq!(declared.len(), 3, "{}", render(&a.policy));
    // equal conditions (values in another order, repeated): merged into one statement
    let merged = declared
        .iter()
        .find(|s| s.action.len() == 2)
        .expect("merged statement");
    assert_eq!(
        merged.condition["StringEquals"]["aws:SourceVpc"],
        OneOrMany::Many(strings(&["vpc-1", "vpc-2"]))
    );
    // different conditions, and no condition at all: kept apart
    assert!(declared.iter().any(|s| s.condition.is_empty()));
    assert!(declared.iter().any(|s| {
        s.condition
            .get("StringEquals")
            .is_some_and(|k| k["aws:SourceVpc"] == OneOrMany::One("vpc-3".into()))
    }));
    let json = render(&a.policy);
    assert!(json.contains("\"Condition\": {\n        \"StringEquals\": {\n          \"aws:SourceVpc\": \"vpc-3\"\n"), "{json}");
    // same Sid base, made unique in policy order
    assert_eq!(
        sids(&a)[2..],
        [
            "AllowS3GetObject",
            "AllowS3GetObject2",
            "AllowS3GetObjectAndPutObject"
        ]
    );
    assert!(check_invariants(&a, &def).is_empty());
}

#[test]
fn one_key_given_twice_with_different_values_is_an_error() {
    let s = with_condition(
        allow(&["s3:GetObject"], &["arn:aws:s3:::b/*"]),
        "StringEquals",
        "aws:SourceVpc",
        &["a"],
    );
    let s = with_condition(s, "StringEquals", "aws:SourceVpc", &["b"]);
    let mut findings = Vec::new();
    assert!(assemble(&function("f", vec![s]), &vars(), &mut findings).is_none());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, Code::ConflictingItem);
    assert!(
        findings[0]
            .message
            .contains("`StringEquals` on `aws:SourceVpc` twice"),
        "{:?}",
        findings[0]
    );
    assert_eq!(findings[0].origin, Some(origin(10, "handler app::handler")));
}

#[test]
fn vpc_adds_the_eni_statement() {
    let mut def = image_processor();
    def.vpc = true;
    let a = ok(&def, &vars());
    assert_eq!(
        sids(&a)[..3],
        [
            "LambdaLogGroup",
            "LambdaLogStreams",
            "LambdaVpcNetworkInterfaces"
        ]
    );
    assert_eq!(a.provenance[2], Provenance::Vpc);
    let json = render(&a.policy);
    let expected = r#"    {
      "Sid": "LambdaVpcNetworkInterfaces",
      "Effect": "Allow",
      "Action": [
        "ec2:AssignPrivateIpAddresses",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:UnassignPrivateIpAddresses"
      ],
      "Resource": "*"
    },
"#;
    assert!(json.contains(expected), "{json}");
    assert!(check_invariants(&a, &def).is_empty());
    // without `vpc`, no EC2 at all
    assert!(!render(&ok(&image_processor(), &vars()).policy).contains("ec2:"));
}

#[test]
fn custom_log_group_is_resolved_and_used() {
    let mut def = image_processor();
    def.log_group = Some("/shared/${Stage}/${FunctionName}".into());
    let mut vars = vars();
    vars.try_insert("Stage", "prod").unwrap();
    let a = ok(&def, &vars);
    assert_eq!(a.log_group, "/shared/prod/image-processor");
    assert_eq!(
        a.policy.statement[0].resource,
        Some(OneOrMany::One(
            "arn:aws:logs:eu-west-1:123456789012:log-group:/shared/prod/image-processor:*".into()
        ))
    );
    assert_eq!(
        a.policy.statement[1].resource,
        Some(OneOrMany::One(
            "arn:aws:logs:eu-west-1:123456789012:log-group:/shared/prod/image-processor:log-stream:*".into()
        ))
    );
    assert!(check_invariants(&a, &def).is_empty());
}

#[test]
fn invalid_log_group_is_an_error() {
    let mut def = image_processor();
    def.log_group = Some("my group".into());
    let mut findings = Vec::new();
    assert!(assemble(&def, &vars(), &mut findings).is_none());
    assert_eq!(findings[0].code, Code::InvalidFunctionName);
    assert!(findings[0].message.contains("`my group`"));
}

#[test]
fn unresolved_builtins_become_star_with_a_warning() {
    let mut findings = Vec::new();
    let a = assemble(&image_processor(), &Vars::new(), &mut findings).unwrap();
    let codes: Vec<_> = findings.iter().map(|f| (f.severity, f.code)).collect();
    assert_eq!(
        codes,
        [
            (Severity::Warning, Code::UnresolvedBuiltin),
            (Severity::Warning, Code::UnresolvedBuiltin)
        ]
    );
    // Both point at the declaration that used them first (the DynamoDB table).
    assert!(
        findings[0].message.contains("`${Region}`"),
        "{:?}",
        findings[0]
    );
    assert!(
        findings[1].message.contains("`${Account}`"),
        "{:?}",
        findings[1]
    );
    assert_eq!(findings[0].origin, Some(origin(12, "handler app::handler")));
    assert!(
        findings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("--var Region=")
    );
    assert!(
        findings[1]
            .help
            .as_deref()
            .unwrap()
            .contains("[package.metadata.lambda-iam.vars] Account = ")
    );
    let json = render(&a.policy);
    assert!(
        json.contains("\"arn:aws:logs:*:*:log-group:/aws/lambda/image-processor:*\""),
        "{json}"
    );
    assert!(
        json.contains("\"arn:aws:dynamodb:*:*:table/ImageMetadataTable\""),
        "{json}"
    );
    assert!(check_invariants(&a, &image_processor()).is_empty());
}

#[test]
fn unresolved_builtin_in_the_baseline_only_has_no_origin() {
    let def = function("f", vec![allow(&["s3:GetObject"], &["arn:aws:s3:::b/*"])]);
    let mut findings = Vec::new();
    let vars = Vars::from_pairs([("Region", "us-east-1")]).unwrap();
    assert!(assemble(&def, &vars, &mut findings).is_some());
    assert_eq!(findings.len(), 1);
    assert!(
        findings[0]
            .message
            .contains("`${Account}` has no value for function `f`")
    );
    assert_eq!(findings[0].origin, None);
}

#[test]
fn unresolved_builtins_are_errors_when_strict() {
    let mut findings = Vec::new();
    let strict = Vars::new().with_strict(true);
    assert!(assemble(&image_processor(), &strict, &mut findings).is_none());
    assert_eq!(findings.len(), 2);
    assert!(
        findings
            .iter()
            .all(|f| f.severity == Severity::Error && f.code == Code::UnresolvedBuiltin)
    );
    // strict with everything set is fine
    assert!(
        assemble(
            &image_processor(),
            &vars().with_strict(true),
            &mut Vec::new()
        )
        .is_some()
    );
}

#[test]
fn unresolved_user_variable_is_an_error_naming_it_and_its_origin() {
    let mut def = image_processor();
    def.statements.push(sourced(
        allow(
            &["sqs:SendMessage"],
            &["arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"],
        ),
        Some(origin(77, "requires app::notify::send")),
    ));
    let mut findings = Vec::new();
    assert!(assemble(&def, &vars(), &mut findings).is_none());
    let errors = errors(&findings);
    assert_eq!(errors.len(), 1, "{findings:#?}");
    let e = errors[0];
    assert_eq!(e.code, Code::UnresolvedVariable);
    assert!(e.message.contains("`${QueueName}`"), "{}", e.message);
    assert!(
        e.message.contains("`requires app::notify::send`"),
        "{}",
        e.message
    );
    assert_eq!(e.origin, Some(origin(77, "requires app::notify::send")));
    let help = e.help.as_deref().unwrap();
    assert!(
        help.contains("QueueName = \"..\"") && help.contains("--var QueueName=.."),
        "{help}"
    );
    // with the value, it resolves
    let mut vars = vars();
    vars.try_insert("QueueName", "thumbnails").unwrap();
    let a = ok(&def, &vars);
    assert!(render(&a.policy).contains("\"arn:aws:sqs:eu-west-1:123456789012:thumbnails\""));
}

#[test]
fn a_builtin_spelled_in_lowercase_gets_a_suggestion() {
    let def = function(
        "f",
        vec![allow(&["sqs:SendMessage"], &["arn:aws:sqs:${region}:1:q"])],
    );
    let mut findings = Vec::new();
    assert!(assemble(&def, &vars(), &mut findings).is_none());
    assert!(
        findings[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean the built-in `${Region}`?")
    );
}

#[test]
fn condition_values_are_resolved() {
    let s = with_condition(
        allow(&["s3:GetObject"], &["arn:aws:s3:::b/*"]),
        "StringEquals",
        "aws:ResourceAccount",
        &["${Account}"],
    );
    let a = ok(&function("f", vec![s]), &vars());
    assert_eq!(
        a.policy.statement[2].condition["StringEquals"]["aws:ResourceAccount"],
        OneOrMany::One("123456789012".into())
    );
}

#[test]
fn policy_variables_pass_through() {
    let s = with_condition(
        allow(
            &["s3:GetObject"],
            &["arn:${Partition}:s3:::home/${aws:username}/*"],
        ),
        "StringEquals",
        "s3:ExistingObjectTag/team",
        &["${aws:PrincipalTag/team}"],
    );
    let def = function("f", vec![s]);
    let a = ok(&def, &vars());
    let json = render(&a.policy);
    assert!(
        json.contains("\"Resource\": \"arn:aws:s3:::home/${aws:username}/*\""),
        "{json}"
    );
    assert!(json.contains("\"${aws:PrincipalTag/team}\""), "{json}");
    assert!(check_invariants(&a, &def).is_empty());
}

#[test]
fn deny_follows_allow_with_its_own_prefix() {
    let def = function(
        "f",
        vec![
            deny(&["s3:DeleteObject"], &["arn:aws:s3:::b/*"]),
            allow(&["s3:PutObject"], &["arn:aws:s3:::b/*"]),
            allow(
                &["dynamodb:GetItem"],
                &["arn:aws:dynamodb:eu-west-1:1:table/T"],
            ),
        ],
    );
    let a = ok(&def, &vars());
    assert_eq!(
        sids(&a),
        [
            "LambdaLogGroup",
            "LambdaLogStreams",
            "AllowDynamodbGetItem",
            "AllowS3PutObject",
            "DenyS3DeleteObject"
        ]
    );
    assert_eq!(a.policy.statement[4].effect, Effect::Deny);
    assert!(render(&a.policy).contains("\"Effect\": \"Deny\""));
}

#[test]
fn sids_do_not_change_when_an_unrelated_statement_comes_or_goes() {
    let base = vec![
        allow(&["s3:GetObject"], &["arn:aws:s3:::a/*"]),
        with_condition(
            allow(&["s3:GetObject"], &["arn:aws:s3:::b/*"]),
            "Bool",
            "aws:SecureTransport",
            &["true"],
        ),
        allow(
            &["dynamodb:PutItem", "dynamodb:Query"],
            &["arn:aws:dynamodb:eu-west-1:1:table/T"],
        ),
        deny(&["s3:DeleteObject"], &["arn:aws:s3:::a/*"]),
    ];
    let before = ok(&function("f", base.clone()), &vars());
    let sid_of = |a: &Assembled, action: &str, resource: &str| -> String {
        a.policy
            .statement
            .iter()
            .find(|s| s.action.contains(action) && s.resource.as_ref().unwrap().contains(resource))
            .and_then(|s| s.sid.clone())
            .unwrap()
    };
    let keys = [
        ("s3:GetObject", "arn:aws:s3:::a/*"),
        ("s3:GetObject", "arn:aws:s3:::b/*"),
        ("dynamodb:Query", "arn:aws:dynamodb:eu-west-1:1:table/T"),
        ("s3:DeleteObject", "arn:aws:s3:::a/*"),
    ];
    let expected: Vec<String> = keys.iter().map(|(a, r)| sid_of(&before, a, r)).collect();
    assert_eq!(
        expected,
        [
            "AllowS3GetObject",
            "AllowS3GetObject2",
            "AllowDynamodbPutItemAndQuery",
            "DenyS3DeleteObject"
        ]
    );
    for extra in [
        allow(&["sqs:SendMessage"], &["arn:aws:sqs:eu-west-1:1:q"]),
        allow(&["a4b:AnyAction"], &["*"]),
        deny(&["sqs:DeleteQueue"], &["arn:aws:sqs:eu-west-1:1:q"]),
        allow(&["kms:Decrypt"], &["arn:aws:kms:eu-west-1:1:key/k"]),
    ] {
        let mut more = base.clone();
        more.insert(1, extra);
        let after = ok(&function("f", more), &vars());
        let got: Vec<String> = keys.iter().map(|(a, r)| sid_of(&after, a, r)).collect();
        assert_eq!(got, expected);
    }
    // removing one leaves the others as they were
    let mut fewer = base.clone();
    fewer.remove(2);
    let after = ok(&function("f", fewer), &vars());
    assert_eq!(
        sid_of(&after, "s3:DeleteObject", "arn:aws:s3:::a/*"),
        "DenyS3DeleteObject"
    );
    assert_eq!(
        sid_of(&after, "s3:GetObject", "arn:aws:s3:::b/*"),
        "AllowS3GetObject2"
    );
}

#[test]
fn reordering_declarations_changes_no_byte() {
    let mut specs = image_processor().statements;
    let a = ok(&image_processor(), &vars());
    specs.reverse();
    let mut def = image_processor();
    def.statements = specs;
    let b = ok(&def, &vars());
    assert_eq!(render(&a.policy), render(&b.policy));
}

#[test]
fn star_action_is_never_allowed() {
    let def = function("f", vec![with_reason(allow(&["*"], &["*"]), "admin")]);
    let mut findings = Vec::new();
    assert!(assemble(&def, &vars(), &mut findings).is_none());
    assert_eq!(findings[0].code, Code::WildcardAction);
    assert!(findings[0].message.contains("allows the action `*`"));
    // Deny `*` narrows: it is kept as written.
    let def = function("f", vec![deny(&["*"], &["arn:aws:s3:::secret/*"])]);
    let a = ok(&def, &vars());
    assert_eq!(a.policy.statement[2].action, OneOrMany::One("*".into()));
    assert_eq!(a.policy.statement[2].sid.as_deref(), Some("DenyAll"));
}

#[test]
fn wildcard_actions_need_a_reason_and_stay_as_written() {
    let bare = function("f", vec![allow(&["s3:Get*"], &["arn:aws:s3:::b/*"])]);
    let mut findings = Vec::new();
    assert!(assemble(&bare, &vars(), &mut findings).is_none());
    assert_eq!(findings[0].code, Code::WildcardAction);
    assert!(findings[0].help.as_deref().unwrap().contains("reason"));

    let reasoned = function(
        "f",
        vec![with_reason(
            allow(&["s3:get*"], &["arn:aws:s3:::b/*"]),
            "reads everything",
        )],
    );
    let a = ok(&reasoned, &vars());
    assert_eq!(
        a.policy.statement[2].action,
        OneOrMany::One("s3:get*".into())
    );
    assert!(
        !render(&a.policy).contains("reads everything"),
        "reason stays out of the JSON"
    );
    assert_eq!(
        a.sources[2][0].spec.reason.as_deref(),
        Some("reads everything")
    );
    assert!(check_invariants(&a, &reasoned).is_empty());
}

#[test]
fn declared_star_resource_passes_through_as_written() {
    let def = function(
        "f",
        vec![with_reason(
            allow(&["s3:ListAllMyBuckets"], &["*"]),
            "lists buckets",
        )],
    );
    let a = ok(&def, &vars());
    assert_eq!(
        a.policy.statement[2].resource,
        Some(OneOrMany::One("*".into()))
    );
    assert!(check_invariants(&a, &def).is_empty());
}

#[test]
fn empty_statements_are_errors() {
    let def = function(
        "f",
        vec![
            allow(&["s3:GetObject"], &[]),
            allow(&[], &["arn:aws:s3:::b/*"]),
        ],
    );
    let mut findings = Vec::new();
    assert!(assemble(&def, &vars(), &mut findings).is_none());
    assert_eq!(findings.len(), 2);
    assert!(findings[0].message.contains("names no resource"));
    assert!(findings[1].message.contains("names no action"));
}

#[test]
fn malformed_template_is_an_error_with_origin() {
    let def = function(
        "f",
        vec![allow(&["s3:GetObject"], &["arn:${Partition:s3:::b/*"])],
    );
    let mut findings = Vec::new();
    assert!(assemble(&def, &vars(), &mut findings).is_none());
    assert_eq!(findings[0].code, Code::MalformedPlaceholder);
    assert!(findings[0].origin.is_some());
}

#[test]
fn a_missing_builtin_in_a_condition_value_is_an_error_not_a_star() {
    // Under `StringEquals` a `*` is compared literally: the statement would never match, and
    // under a negated operator in a deny it would disable the guard. So no fallback here.
    let def = function(
        "reader",
        vec![with_condition(
            allow(&["s3:GetObject"], &["arn:${Partition}:s3:::b/*"]),
            "StringEquals",
            "aws:ResourceAccount",
            &["${Account}"],
        )],
    );
    let mut findings = Vec::new();
    assert!(assemble(&def, &Vars::new(), &mut findings).is_none());
    let errors = errors(&findings);
    assert_eq!(errors.len(), 1, "{findings:?}");
    assert_eq!(errors[0].code, Code::UnresolvedBuiltin);
    assert!(errors[0].message.contains("`${Account}` has no value"));
    // With the value set, the same declaration assembles and the value is in the condition.
    let a = ok(&def, &vars());
    assert!(render(&a.policy).contains("\"aws:ResourceAccount\": \"123456789012\""));
}

#[test]
fn a_log_group_never_holds_a_wildcard() {
    // From a missing built-in (the `*` fallback) ...
    let mut def = image_processor();
    def.log_group = Some("/aws/lambda/${Region}-x".into());
    let mut findings = Vec::new();
    assert!(assemble(&def, &Vars::new(), &mut findings).is_none());
    assert!(
        errors(&findings)
            .iter()
            .any(|f| f.code == Code::InvalidFunctionName),
        "{findings:?}"
    );
    // ... and a variable cannot carry one in either.
    let mut vars = vars();
    assert!(vars.try_insert("Group", "/aws/lambda/*").is_err());
    assert!(vars.try_insert("Bucket", "images-?").is_err());
    assert!(
        vars.try_insert("Region", "*").is_ok(),
        "built-ins may be `*` explicitly"
    );
}
