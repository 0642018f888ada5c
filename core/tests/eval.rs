//! The evaluator, rule by rule: each test checks both outcomes of one documented IAM rule.

use lambda_iam_core::eval::{
    Context, Outcome, Policy, PolicyError, PolicyKind, Request, RequestPrincipal, evaluate,
};
use serde_json::json;

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";

fn alice() -> RequestPrincipal {
    RequestPrincipal::Aws(ALICE.into())
}

fn policy(statements: serde_json::Value) -> Policy {
    Policy::from_json(&json!({"Version": "2012-10-17", "Statement": statements}))
        .unwrap_or_else(|e| panic!("test policy does not parse: {e}"))
}

fn identity(p: &Policy, action: &str, resource: &str, ctx: Context) -> Outcome {
    let req = Request::new(alice(), action, resource).with_context(ctx);
    evaluate(&[(PolicyKind::Identity, p)], &req).outcome
}

/// An Allow of everything under one condition block.
fn cond(block: serde_json::Value) -> Policy {
    policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": block}]))
}

/// Whether a one-condition Allow applies under this context.
fn holds(block: serde_json::Value, ctx: Context) -> bool {
    identity(&cond(block), "s3:GetObject", "arn:aws:s3:::b/k", ctx) == Outcome::Allow
}

fn ctx() -> Context {
    Context::new()
}

// ---- decision ----------------------------------------------------------------------------

#[test]
fn nothing_matching_is_an_implicit_deny() {
    let p = policy(json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]));
    let req = Request::new(alice(), "s3:PutObject", "arn:aws:s3:::b/k");
    let d = evaluate(&[(PolicyKind::Identity, &p)], &req);
    assert_eq!(d.outcome, Outcome::ImplicitDeny);
    assert!(d.deciding.is_empty());
    assert_eq!(
        evaluate(&[], &req).outcome,
        Outcome::ImplicitDeny,
        "no policy at all"
    );
}

#[test]
fn an_explicit_deny_beats_any_allow_and_names_every_deny() {
    let allow = policy(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]));
    let deny = policy(json!([
        {"Sid": "A", "Effect": "Deny", "Action": "s3:Get*", "Resource": "*"},
        {"Sid": "B", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"},
        {"Sid": "C", "Effect": "Deny", "Action": "*", "Resource": "arn:aws:s3:::b/*"}
    ]));
    let req = Request::new(alice(), "s3:GetObject", "arn:aws:s3:::b/k");
    let d = evaluate(
        &[
            (PolicyKind::Identity, &allow),
            (PolicyKind::Identity, &deny),
        ],
        &req,
    );
    assert_eq!(d.outcome, Outcome::ExplicitDeny);
    let sids: Vec<_> = d.deciding.iter().map(|r| r.sid.as_deref()).collect();
    assert_eq!(sids, [Some("A"), Some("C")]);
    assert!(d.deciding.iter().all(|r| r.policy == 1));
    assert_eq!(d.deciding[1].statement, 2);
}

#[test]
fn an_allow_names_every_granting_statement() {
    let p = policy(json!([
        {"Sid": "One", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "Other", "Effect": "Allow", "Action": "sqs:*", "Resource": "*"},
        {"Sid": "Two", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}
    ]));
    let req = Request::new(alice(), "s3:GetObject", "arn:aws:s3:::b/k");
    let d = evaluate(&[(PolicyKind::Identity, &p)], &req);
    assert_eq!(d.outcome, Outcome::Allow);
    let sids: Vec<_> = d.deciding.iter().map(|r| r.sid.as_deref()).collect();
    assert_eq!(sids, [Some("One"), Some("Two")]);
}

// ---- actions -----------------------------------------------------------------------------

#[test]
fn actions_match_with_wildcards_and_ignore_case() {
    let p = |a: &str| policy(json!([{"Effect": "Allow", "Action": a, "Resource": "*"}]));
    let get = |a: &str, action: &str| identity(&p(a), action, "*", ctx()) == Outcome::Allow;
    assert!(get("s3:GetObject", "s3:GetObject"));
    assert!(get("S3:GETOBJECT", "s3:getobject"));
    assert!(get("s3:Get*", "s3:GetObjectAcl"));
    assert!(get("s3:?etObject", "s3:GetObject"));
    assert!(get("*", "kms:Decrypt"));
    assert!(!get("s3:Get*", "s3:PutObject"));
    assert!(!get("s3:GetObject", "s3:GetObjectAcl"));
    assert!(!get("s3:?etObject", "s3:GGetObject"));
    assert!(!get("s3:*", "s3express:CreateSession"));
}

#[test]
fn not_action_matches_every_other_action() {
    let p =
        policy(json!([{"Effect": "Allow", "NotAction": ["iam:*", "s3:Delete*"], "Resource": "*"}]));
    assert_eq!(identity(&p, "s3:GetObject", "*", ctx()), Outcome::Allow);
    assert_eq!(
        identity(&p, "IAM:CreateUser", "*", ctx()),
        Outcome::ImplicitDeny
    );
    assert_eq!(
        identity(&p, "s3:DeleteObject", "*", ctx()),
        Outcome::ImplicitDeny
    );
}

// ---- resources ---------------------------------------------------------------------------

#[test]
fn resources_match_field_by_field_and_case_sensitively() {
    let p = |r: &str| policy(json!([{"Effect": "Allow", "Action": "*", "Resource": r}]));
    let on = |r: &str, arn: &str| identity(&p(r), "x:Y", arn, ctx()) == Outcome::Allow;
    assert!(on("*", "arn:aws:s3:::b/k"));
    assert!(on("arn:aws:s3:::b/*", "arn:aws:s3:::b/dir/k:v"));
    assert!(on("arn:aws:s3:::b?/*", "arn:aws:s3:::b1/k"));
    assert!(
        !on("arn:aws:s3:::b/*", "arn:aws:s3:::B/k"),
        "case-sensitive"
    );
    assert!(!on("arn:aws:s3:::b/*", "arn:aws:s3:::bucket/k"));
    assert!(on(
        "arn:aws:sqs:*:111122223333:q-*",
        "arn:aws:sqs:eu-west-1:111122223333:q-1"
    ));
    assert!(!on(
        "arn:aws:sqs:*:111122223333:q-*",
        "arn:aws:sqs:eu-west-1:444455556666:q-1"
    ));
    // A wildcard in the region field cannot cover the account field too.
    assert!(!on(
        "arn:aws:sqs:*:q-1",
        "arn:aws:sqs:eu-west-1:111122223333:q-1"
    ));
    assert!(on(
        "arn:aws:lambda:*:*:function:f1*",
        "arn:aws:lambda:us-east-1:111122223333:function:f1:prod"
    ));
}

#[test]
fn not_resource_matches_every_other_resource() {
    let p = policy(
        json!([{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::public/*"}]),
    );
    let allow = policy(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]));
    let both = |arn: &str| {
        let req = Request::new(alice(), "s3:GetObject", arn);
        evaluate(
            &[(PolicyKind::Identity, &allow), (PolicyKind::Identity, &p)],
            &req,
        )
        .outcome
    };
    assert_eq!(both("arn:aws:s3:::public/a"), Outcome::Allow);
    assert_eq!(both("arn:aws:s3:::private/a"), Outcome::ExplicitDeny);
}

#[test]
fn resource_variables_take_the_callers_values() {
    let p = policy(json!([{"Effect": "Allow", "Action": "s3:*",
        "Resource": "arn:aws:s3:::home/${aws:username}/*"}]));
    let c = ctx().with("aws:username", "alice");
    assert_eq!(
        identity(&p, "s3:GetObject", "arn:aws:s3:::home/alice/x", c.clone()),
        Outcome::Allow
    );
    assert_eq!(
        identity(&p, "s3:GetObject", "arn:aws:s3:::home/bob/x", c),
        Outcome::ImplicitDeny
    );
    // Key names of variables are case-insensitive.
    let c = ctx().with("AWS:UserName", "alice");
    assert_eq!(
        identity(&p, "s3:GetObject", "arn:aws:s3:::home/alice/x", c),
        Outcome::Allow
    );
}

#[test]
fn a_variable_with_no_value_matches_no_resource() {
    let p = policy(json!([{"Effect": "Allow", "Action": "s3:*",
        "Resource": "arn:aws:s3:::home/${aws:username}/*"}]));
    assert_eq!(
        identity(
            &p,
            "s3:GetObject",
            "arn:aws:s3:::home/${aws:username}/x",
            ctx()
        ),
        Outcome::ImplicitDeny
    );
    // ... so under NotResource it excludes nothing.
    let d = policy(json!([{"Effect": "Deny", "Action": "s3:*",
        "NotResource": "arn:aws:s3:::home/${aws:username}/*"}]));
    assert_eq!(
        identity(&d, "s3:GetObject", "arn:aws:s3:::home/alice/x", ctx()),
        Outcome::ExplicitDeny
    );
    let with_user = ctx().with("aws:username", "alice");
    assert_eq!(
        identity(&d, "s3:GetObject", "arn:aws:s3:::home/alice/x", with_user),
        Outcome::ImplicitDeny
    );
}

#[test]
fn variable_defaults_and_escapes() {
    let p = policy(json!([{"Effect": "Allow", "Action": "s3:*",
        "Resource": "arn:aws:s3:::team-${aws:PrincipalTag/team, 'company-wide'}/*"}]));
    assert_eq!(
        identity(
            &p,
            "s3:GetObject",
            "arn:aws:s3:::team-company-wide/x",
            ctx()
        ),
        Outcome::Allow
    );
    let tagged = ctx().with("aws:PrincipalTag/team", "yellow");
    assert_eq!(
        identity(
            &p,
            "s3:GetObject",
            "arn:aws:s3:::team-company-wide/x",
            tagged.clone()
        ),
        Outcome::ImplicitDeny
    );
    assert_eq!(
        identity(&p, "s3:GetObject", "arn:aws:s3:::team-yellow/x", tagged),
        Outcome::Allow
    );
    // `${*}` is a literal star, not a wildcard.
    let star =
        policy(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${*}"}]));
    assert_eq!(
        identity(&star, "s3:GetObject", "arn:aws:s3:::b/*", ctx()),
        Outcome::Allow
    );
    assert_eq!(
        identity(&star, "s3:GetObject", "arn:aws:s3:::b/k", ctx()),
        Outcome::ImplicitDeny
    );
    assert!(holds(
        json!({"StringEquals": {"k": "a${?}b${$}"}}),
        ctx().with("k", "a?b$")
    ));
    assert!(!holds(
        json!({"StringEquals": {"k": "a${?}b"}}),
        ctx().with("k", "axb")
    ));
}

// ---- principals (resource and trust policies) -------------------------------------------

fn resource_policy(principal: serde_json::Value) -> Policy {
    policy(
        json!([{"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": "*"}]),
    )
}

fn via_resource(p: &Policy, who: RequestPrincipal, with_identity_allow: bool) -> Outcome {
    let allow = policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]));
    let req = Request::new(who, "s3:GetObject", "arn:aws:s3:::b/k");
    let mut policies = vec![(PolicyKind::Resource, p)];
    if with_identity_allow {
        policies.push((PolicyKind::Identity, &allow));
    }
    evaluate(&policies, &req).outcome
}

#[test]
fn a_resource_policy_naming_the_principal_allows_on_its_own() {
    let p = resource_policy(json!({"AWS": ALICE}));
    assert_eq!(via_resource(&p, alice(), false), Outcome::Allow);
    let bob = RequestPrincipal::Aws("arn:aws:iam::111122223333:user/bob".into());
    assert_eq!(via_resource(&p, bob, false), Outcome::ImplicitDeny);
    assert_eq!(
        via_resource(
            &resource_policy(json!("*")),
            RequestPrincipal::Anonymous,
            false
        ),
        Outcome::Allow
    );
    let any_aws = resource_policy(json!({"AWS": "*"}));
    assert_eq!(
        via_resource(&any_aws, RequestPrincipal::Anonymous, false),
        Outcome::Allow
    );
    assert_eq!(via_resource(&any_aws, alice(), false), Outcome::Allow);
    let sns = RequestPrincipal::Service("sns.amazonaws.com".into());
    assert_eq!(via_resource(&any_aws, sns, false), Outcome::Allow);
    let named = resource_policy(json!({"AWS": ALICE}));
    let lambda = RequestPrincipal::Service("lambda.amazonaws.com".into());
    assert_eq!(via_resource(&named, lambda, false), Outcome::ImplicitDeny);
}

#[test]
fn a_resource_policy_naming_the_account_delegates_to_identity_policies() {
    for principal in [
        json!({"AWS": "111122223333"}),
        json!({"AWS": "arn:aws:iam::111122223333:root"}),
    ] {
        let p = resource_policy(principal);
        assert_eq!(via_resource(&p, alice(), false), Outcome::ImplicitDeny);
        assert_eq!(via_resource(&p, alice(), true), Outcome::Allow);
    }
    let other = RequestPrincipal::Aws("arn:aws:iam::444455556666:user/eve".into());
    assert_eq!(
        via_resource(
            &resource_policy(json!({"AWS": "111122223333"})),
            other,
            true
        ),
        Outcome::Allow,
        "identity allow alone still allows (same-account evaluation)"
    );
}

#[test]
fn role_arns_match_their_sessions_and_services_match_by_name() {
    let p = resource_policy(json!({"AWS": "arn:aws:iam::111122223333:role/Deployer"}));
    let session =
        RequestPrincipal::Aws("arn:aws:sts::111122223333:assumed-role/Deployer/s1".into());
    assert_eq!(via_resource(&p, session, false), Outcome::Allow);
    let other = RequestPrincipal::Aws("arn:aws:sts::111122223333:assumed-role/Other/s1".into());
    assert_eq!(via_resource(&p, other, false), Outcome::ImplicitDeny);
    let svc = resource_policy(json!({"Service": ["lambda.amazonaws.com"]}));
    assert_eq!(
        via_resource(
            &svc,
            RequestPrincipal::Service("lambda.amazonaws.com".into()),
            false
        ),
        Outcome::Allow
    );
    assert_eq!(
        via_resource(
            &svc,
            RequestPrincipal::Service("ec2.amazonaws.com".into()),
            false
        ),
        Outcome::ImplicitDeny
    );
    assert_eq!(via_resource(&svc, alice(), false), Outcome::ImplicitDeny);
}

#[test]
fn not_principal_denies_everyone_else() {
    let p = policy(
        json!([{"Effect": "Deny", "NotPrincipal": {"AWS": ALICE}, "Action": "*", "Resource": "*"}]),
    );
    assert_eq!(via_resource(&p, alice(), true), Outcome::Allow);
    let bob = RequestPrincipal::Aws("arn:aws:iam::111122223333:user/bob".into());
    assert_eq!(via_resource(&p, bob, true), Outcome::ExplicitDeny);
}

#[test]
fn trust_policies_need_no_resource() {
    let trust = policy(
        json!([{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole"}]),
    );
    let req = Request::new(
        RequestPrincipal::Service("lambda.amazonaws.com".into()),
        "sts:AssumeRole",
        "arn:aws:iam::111122223333:role/fn",
    );
    assert_eq!(
        evaluate(&[(PolicyKind::Trust, &trust)], &req).outcome,
        Outcome::Allow
    );
    assert_eq!(
        evaluate(&[(PolicyKind::Resource, &trust)], &req).outcome,
        Outcome::ImplicitDeny,
        "a resource policy statement without Resource applies to nothing"
    );
}

// ---- parsing -----------------------------------------------------------------------------

fn parse_err(text: &str) -> PolicyError {
    Policy::parse(text).expect_err("the policy must not parse")
}

#[test]
fn parse_errors_say_where_and_what() {
    let e = parse_err("{");
    assert!(e.message.contains("not valid JSON"), "{e}");
    let e = parse_err(r#"{"Version": "2012-10-17"}"#);
    assert!(e.message.contains("no `Statement`"), "{e}");
    let e = parse_err(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}"#,
    );
    assert_eq!(e.path, "Statement[0].Effect");
    let e = parse_err(
        r#"{"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}]}"#,
    );
    assert!(e.message.contains("both `Action` and `NotAction`"), "{e}");
    let e =
        parse_err(r#"{"Statement": {"Effect": "Allow", "Action": "GetObject", "Resource": "*"}}"#);
    assert_eq!(e.path, "Statement.Action[0]");
    let e = parse_err(
        r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"stringEquals": {"k": "v"}}}]}"#,
    );
    assert!(
        e.message
            .contains("unknown condition operator `stringEquals`"),
        "{e}"
    );
    assert!(e.help.contains("`StringEquals`"), "{}", e.help);
    let e = parse_err(
        r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"foranyvalue:stringlikeifexists": {"k": "v"}}}]}"#,
    );
    assert!(
        e.help.contains("`ForAnyValue:StringLikeIfExists`"),
        "{}",
        e.help
    );
    let e = parse_err(
        r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NullIfExists": {"k": "true"}}}]}"#,
    );
    assert!(
        e.help.contains("`Null` cannot take `IfExists`"),
        "{}",
        e.help
    );
    let e = parse_err(
        r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Null": {"k": "yes"}}}]}"#,
    );
    assert!(e.message.contains("`true` or `false`"), "{e}");
    let e = parse_err(
        r#"{"Statement": [{"Effect": "Allow", "Principal": {"aws": "x"}, "Action": "*", "Resource": "*"}]}"#,
    );
    assert!(e.message.contains("unknown principal kind `aws`"), "{e}");
    let e = parse_err(r#"{"Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}"#);
    assert!(e.message.contains("empty"), "{e}");
    let e = parse_err(r#"{"Version": "2012-10-17", "Statement": [], "Extra": 1}"#);
    assert!(e.message.contains("unknown policy element `Extra`"), "{e}");
    let e = parse_err(r#"{"Version": "2020-01-01", "Statement": []}"#);
    assert_eq!(e.path, "Version");
}

#[test]
fn a_statement_object_and_scalar_values_parse() {
    let p = Policy::parse(r#"{"Version": "2012-10-17", "Statement": {"Sid": "S", "Effect": "Allow",
        "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": true}}}}"#)
        .unwrap();
    assert_eq!(p.statements.len(), 1);
    assert_eq!(p.statements[0].conditions.len(), 2);
    assert!(
        p.statements[0]
            .conditions
            .iter()
            .any(|c| c.values == ["10"])
    );
    assert!(
        p.statements[0]
            .conditions
            .iter()
            .any(|c| c.values == ["true"])
    );
}

#[test]
fn emitted_documents_evaluate_like_their_json() {
    use lambda_iam_core::decl::Effect;
    use lambda_iam_core::policy::{OneOrMany, PolicyDocument, Statement, render};
    use std::collections::BTreeMap;
    let mut condition = BTreeMap::new();
    condition.insert(
        "StringLike".to_string(),
        BTreeMap::from([("s3:prefix".to_string(), OneOrMany::One("home/*".into()))]),
    );
    let doc = PolicyDocument::new(vec![
        Statement {
            sid: Some("List".into()),
            effect: Effect::Allow,
            principal: None,
            action: OneOrMany::One("s3:ListBucket".into()),
            resource: Some(OneOrMany::One("arn:aws:s3:::b".into())),
            condition,
        },
        Statement {
            sid: None,
            effect: Effect::Deny,
            principal: None,
            action: OneOrMany::Many(vec!["s3:DeleteObject".into(), "s3:PutObject".into()]),
            resource: Some(OneOrMany::One("arn:aws:s3:::b/locked/*".into())),
            condition: BTreeMap::new(),
        },
    ]);
    let direct = Policy::from_document(&doc).unwrap();
    let via_json = Policy::parse(&render(&doc)).unwrap();
    let cases = [
        (
            "s3:ListBucket",
            "arn:aws:s3:::b",
            ctx().with("s3:prefix", "home/a"),
        ),
        (
            "s3:ListBucket",
            "arn:aws:s3:::b",
            ctx().with("s3:prefix", "etc/"),
        ),
        ("s3:ListBucket", "arn:aws:s3:::b", ctx()),
        ("s3:PutObject", "arn:aws:s3:::b/locked/x", ctx()),
        ("s3:GetObject", "arn:aws:s3:::b/locked/x", ctx()),
    ];
    let expected = [
        Outcome::Allow,
        Outcome::ImplicitDeny,
        Outcome::ImplicitDeny,
        Outcome::ExplicitDeny,
        Outcome::ImplicitDeny,
    ];
    for ((action, resource, c), want) in cases.into_iter().zip(expected) {
        assert_eq!(
            identity(&direct, action, resource, c.clone()),
            want,
            "{action} {resource}"
        );
        assert_eq!(
            identity(&via_json, action, resource, c),
            want,
            "{action} {resource} (JSON)"
        );
    }
}

#[test]
fn variables_need_the_2012_policy_language() {
    let statement = json!({"Effect": "Allow", "Action": "s3:*",
        "Resource": "arn:aws:s3:::home/${aws:username}/*"});
    let c = ctx().with("aws:username", "alice");
    for (version, literal) in [
        (Some("2012-10-17"), false),
        (Some("2008-10-17"), true),
        (None, true),
    ] {
        let mut doc = json!({"Statement": [statement.clone()]});
        if let Some(v) = version {
            doc["Version"] = json!(v);
        }
        let p = Policy::from_json(&doc).unwrap();
        let on = |arn: &str| identity(&p, "s3:GetObject", arn, c.clone()) == Outcome::Allow;
        assert_eq!(on("arn:aws:s3:::home/alice/k"), !literal, "{version:?}");
        assert_eq!(
            on("arn:aws:s3:::home/${aws:username}/k"),
            literal,
            "{version:?}"
        );
    }
}

#[test]
fn variables_only_where_iam_takes_them() {
    let c = ctx()
        .with("aws:PrincipalAccount", "111122223333")
        .with("aws:username", "true");
    // Not before the fifth colon of a Resource ARN ...
    let p = policy(json!([{"Effect": "Allow", "Action": "*",
        "Resource": "arn:aws:sqs:*:${aws:PrincipalAccount}:q"}]));
    assert_eq!(
        identity(
            &p,
            "sqs:SendMessage",
            "arn:aws:sqs:eu-west-1:111122223333:q",
            c.clone()
        ),
        Outcome::ImplicitDeny
    );
    // ... but anywhere in an ARN condition value ...
    let arn = json!({"ArnLike": {"aws:SourceArn": "arn:aws:sqs:*:${aws:PrincipalAccount}:*"}});
    assert!(holds(
        arn.clone(),
        c.clone()
            .with("aws:SourceArn", "arn:aws:sqs:eu-west-1:111122223333:q")
    ));
    assert!(!holds(
        arn,
        c.clone()
            .with("aws:SourceArn", "arn:aws:sqs:eu-west-1:444455556666:q")
    ));
    // ... and never in Bool values.
    assert!(!holds(
        json!({"Bool": {"aws:SecureTransport": "${aws:username}"}}),
        c.with("aws:SecureTransport", "true")
    ));
}

#[test]
fn a_trust_policy_must_allow_the_principal_or_its_account() {
    let assume = |trust: serde_json::Value, identity_allows: bool| {
        let trust =
            policy(json!([{"Effect": "Allow", "Principal": trust, "Action": "sts:AssumeRole"}]));
        let id = policy(json!([{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]));
        let mut policies = vec![(PolicyKind::Trust, &trust)];
        if identity_allows {
            policies.push((PolicyKind::Identity, &id));
        }
        let req = Request::new(
            alice(),
            "sts:AssumeRole",
            "arn:aws:iam::111122223333:role/app",
        );
        evaluate(&policies, &req).outcome
    };
    assert_eq!(assume(json!({"AWS": ALICE}), false), Outcome::Allow);
    assert_eq!(
        assume(json!({"AWS": "111122223333"}), false),
        Outcome::ImplicitDeny
    );
    assert_eq!(assume(json!({"AWS": "111122223333"}), true), Outcome::Allow);
    // Unlike a bucket policy, an identity Allow alone is not enough.
    let bob = json!({"AWS": "arn:aws:iam::111122223333:user/bob"});
    assert_eq!(assume(bob.clone(), true), Outcome::ImplicitDeny);
    let bucket =
        policy(json!([{"Effect": "Allow", "Principal": bob, "Action": "*", "Resource": "*"}]));
    assert_eq!(via_resource(&bucket, alice(), true), Outcome::Allow);
}
