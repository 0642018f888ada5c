//! The evaluator's `Condition` element, rule by rule: logic, missing keys, set operators and
//! every operator family, each with both outcomes.

use lambda_iam_core::eval::{
    Context, Outcome, Policy, PolicyKind, Request, RequestPrincipal, evaluate,
};
use serde_json::json;

fn policy(statements: serde_json::Value) -> Policy {
    Policy::from_json(&json!({"Version": "2012-10-17", "Statement": statements}))
        .unwrap_or_else(|e| panic!("test policy does not parse: {e}"))
}

/// Whether an Allow of everything under this one condition block applies in this context.
fn holds(block: serde_json::Value, ctx: Context) -> bool {
    let p =
        policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": block}]));
    let who = RequestPrincipal::Aws("arn:aws:iam::111122223333:user/alice".into());
    let req = Request::new(who, "s3:GetObject", "arn:aws:s3:::b/k").with_context(ctx);
    evaluate(&[(PolicyKind::Identity, &p)], &req).outcome == Outcome::Allow
}

fn ctx() -> Context {
    Context::new()
}

// ---- condition logic ---------------------------------------------------------------------

#[test]
fn values_are_ored_keys_and_operators_anded() {
    let or = json!({"StringEquals": {"aws:username": ["alice", "bob"]}});
    assert!(holds(or.clone(), ctx().with("aws:username", "bob")));
    assert!(!holds(or, ctx().with("aws:username", "carol")));
    let and_keys = json!({"StringEquals": {"aws:username": "alice", "aws:PrincipalTag/team": "a"}});
    assert!(holds(
        and_keys.clone(),
        ctx()
            .with("aws:username", "alice")
            .with("aws:PrincipalTag/team", "a")
    ));
    assert!(!holds(
        and_keys,
        ctx()
            .with("aws:username", "alice")
            .with("aws:PrincipalTag/team", "b")
    ));
    let and_ops =
        json!({"StringEquals": {"aws:username": "alice"}, "Bool": {"aws:SecureTransport": "true"}});
    assert!(holds(
        and_ops.clone(),
        ctx()
            .with("aws:username", "alice")
            .with("aws:SecureTransport", "true")
    ));
    assert!(!holds(
        and_ops,
        ctx()
            .with("aws:username", "alice")
            .with("aws:SecureTransport", "false")
    ));
}

#[test]
fn negated_operators_nor_their_values() {
    let c = json!({"StringNotEquals": {"aws:username": ["alice", "bob"]}});
    assert!(holds(c.clone(), ctx().with("aws:username", "carol")));
    assert!(!holds(c.clone(), ctx().with("aws:username", "bob")));
    assert!(!holds(c, ctx().with("aws:username", "alice")));
}

#[test]
fn condition_key_names_ignore_case() {
    assert!(holds(
        json!({"StringEquals": {"AWS:UserName": "alice"}}),
        ctx().with("aws:username", "alice")
    ));
    assert!(holds(
        json!({"StringEquals": {"aws:username": "alice"}}),
        ctx().with("Aws:USERNAME", "alice")
    ));
}

#[test]
fn a_missing_key_fails_positive_operators_and_passes_negated_ones() {
    for op in [
        "StringEquals",
        "StringLike",
        "NumericEquals",
        "DateEquals",
        "Bool",
        "IpAddress",
        "ArnLike",
        "BinaryEquals",
    ] {
        assert!(
            !holds(json!({op: {"k": "x"}}), ctx()),
            "{op} on a missing key"
        );
    }
    for op in [
        "StringNotEquals",
        "StringNotLike",
        "StringNotEqualsIgnoreCase",
        "NumericNotEquals",
        "DateNotEquals",
        "NotIpAddress",
        "ArnNotEquals",
        "ArnNotLike",
    ] {
        assert!(
            holds(json!({op: {"k": "x"}}), ctx()),
            "{op} on a missing key"
        );
    }
}

#[test]
fn if_exists_passes_a_missing_key_and_checks_a_present_one() {
    let c = json!({"StringEqualsIfExists": {"ec2:InstanceType": ["t3.micro"]}});
    assert!(holds(c.clone(), ctx()));
    assert!(holds(c.clone(), ctx().with("ec2:InstanceType", "t3.micro")));
    assert!(!holds(c, ctx().with("ec2:InstanceType", "m5.large")));
    let n = json!({"NumericLessThanIfExists": {"s3:max-keys": "10"}});
    assert!(holds(n.clone(), ctx()));
    assert!(!holds(n, ctx().with("s3:max-keys", "11")));
    // With a set operator too.
    assert!(holds(
        json!({"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "a"}}),
        ctx()
    ));
}

#[test]
fn null_tests_presence() {
    assert!(holds(
        json!({"Null": {"aws:TokenIssueTime": "true"}}),
        ctx()
    ));
    assert!(!holds(
        json!({"Null": {"aws:TokenIssueTime": "true"}}),
        ctx().with("aws:TokenIssueTime", "2024-01-01")
    ));
    assert!(holds(
        json!({"Null": {"aws:TokenIssueTime": "false"}}),
        ctx().with("aws:TokenIssueTime", "2024-01-01")
    ));
    assert!(!holds(
        json!({"Null": {"aws:TokenIssueTime": false}}),
        ctx()
    ));
}

// ---- set operators -----------------------------------------------------------------------

#[test]
fn for_any_value_needs_one_matching_value_and_a_present_key() {
    let c = json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "team"]}});
    assert!(holds(
        c.clone(),
        ctx().with_multi("aws:TagKeys", ["cost", "env"])
    ));
    assert!(!holds(
        c.clone(),
        ctx().with_multi("aws:TagKeys", ["cost", "owner"])
    ));
    assert!(!holds(
        c.clone(),
        ctx().with_multi("aws:TagKeys", Vec::<String>::new())
    ));
    assert!(!holds(c.clone(), ctx()), "missing key");
    assert!(
        holds(c, ctx().with("aws:TagKeys", "team")),
        "a single value is a set of one"
    );
}

#[test]
fn for_all_values_needs_every_value_and_holds_on_the_empty_set() {
    let c = json!({"ForAllValues:StringLike": {"aws:TagKeys": ["env", "team-*"]}});
    assert!(holds(
        c.clone(),
        ctx().with_multi("aws:TagKeys", ["env", "team-a"])
    ));
    assert!(!holds(
        c.clone(),
        ctx().with_multi("aws:TagKeys", ["env", "owner"])
    ));
    assert!(holds(
        c.clone(),
        ctx().with_multi("aws:TagKeys", Vec::<String>::new())
    ));
    assert!(holds(c, ctx()), "missing key: true, as documented");
}

#[test]
fn negated_set_operators_apply_the_negation_per_value() {
    // Deny when any requested tag key is outside the allowed list.
    let any = json!({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env", "team"]}});
    assert!(holds(
        any.clone(),
        ctx().with_multi("aws:TagKeys", ["env", "owner"])
    ));
    assert!(!holds(
        any,
        ctx().with_multi("aws:TagKeys", ["env", "team"])
    ));
    let all = json!({"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}});
    assert!(holds(
        all.clone(),
        ctx().with_multi("aws:TagKeys", ["key2:audit"])
    ));
    assert!(!holds(
        all.clone(),
        ctx().with_multi("aws:TagKeys", ["key1:legal", "key2:x"])
    ));
    assert!(holds(all, ctx()));
}

#[test]
fn a_plain_operator_does_not_match_a_multivalued_key() {
    let c = json!({"StringEquals": {"aws:TagKeys": "env"}});
    assert!(!holds(c.clone(), ctx().with_multi("aws:TagKeys", ["env"])));
    assert!(holds(c, ctx().with("aws:TagKeys", "env")));
}

// ---- operator families -------------------------------------------------------------------

#[test]
fn string_operators() {
    let u = |v: &str| ctx().with("aws:username", v);
    assert!(holds(
        json!({"StringEquals": {"aws:username": "Alice"}}),
        u("Alice")
    ));
    assert!(!holds(
        json!({"StringEquals": {"aws:username": "Alice"}}),
        u("alice")
    ));
    assert!(holds(
        json!({"StringEqualsIgnoreCase": {"aws:username": "ALICE"}}),
        u("alice")
    ));
    assert!(!holds(
        json!({"StringEqualsIgnoreCase": {"aws:username": "ALICE"}}),
        u("alicia")
    ));
    assert!(holds(
        json!({"StringNotEqualsIgnoreCase": {"aws:username": "BOB"}}),
        u("alice")
    ));
    assert!(!holds(
        json!({"StringNotEqualsIgnoreCase": {"aws:username": "BOB"}}),
        u("bob")
    ));
    assert!(holds(
        json!({"StringLike": {"aws:username": "a*e"}}),
        u("alice")
    ));
    assert!(!holds(
        json!({"StringLike": {"aws:username": "a*e"}}),
        u("alicia")
    ));
    assert!(
        !holds(json!({"StringLike": {"aws:username": "A*"}}), u("alice")),
        "case-sensitive"
    );
    assert!(holds(
        json!({"StringNotLike": {"aws:username": "b?b"}}),
        u("alice")
    ));
    assert!(!holds(
        json!({"StringNotLike": {"aws:username": "b?b"}}),
        u("bob")
    ));
    // StringEquals has no wildcards.
    assert!(!holds(
        json!({"StringEquals": {"aws:username": "a*"}}),
        u("alice")
    ));
    assert!(holds(
        json!({"StringEquals": {"aws:username": "a*"}}),
        u("a*")
    ));
}

#[test]
fn numeric_operators() {
    let n = |v: &str| ctx().with("s3:max-keys", v);
    let c = |op: &str, v: &str| json!({op: {"s3:max-keys": v}});
    assert!(holds(c("NumericEquals", "10"), n("10")));
    assert!(holds(c("NumericEquals", "10"), n("10.0")));
    assert!(!holds(c("NumericEquals", "10"), n("11")));
    assert!(holds(c("NumericNotEquals", "10"), n("11")));
    assert!(!holds(c("NumericNotEquals", "10"), n("10")));
    assert!(holds(c("NumericLessThan", "10"), n("9.5")));
    assert!(!holds(c("NumericLessThan", "10"), n("10")));
    assert!(holds(c("NumericLessThanEquals", "10"), n("10")));
    assert!(!holds(c("NumericLessThanEquals", "10"), n("10.5")));
    assert!(holds(c("NumericGreaterThan", "-3"), n("0")));
    assert!(!holds(c("NumericGreaterThan", "-3"), n("-3")));
    assert!(holds(c("NumericGreaterThanEquals", "2.5"), n("2.5")));
    assert!(!holds(c("NumericGreaterThanEquals", "2.5"), n("2")));
    // Not a number: neither the operator nor its negation holds.
    assert!(!holds(c("NumericEquals", "10"), n("ten")));
    assert!(!holds(c("NumericNotEquals", "10"), n("ten")));
    assert!(
        holds(json!({"NumericEquals": {"s3:max-keys": 10}}), n("10")),
        "JSON number"
    );
}

#[test]
fn date_operators_accept_iso_8601_and_epoch_seconds() {
    let t = |v: &str| ctx().with("aws:CurrentTime", v);
    let c = |op: &str, v: &str| json!({op: {"aws:CurrentTime": v}});
    assert!(holds(
        c("DateLessThan", "2024-01-01T00:00:00Z"),
        t("2023-12-31T23:59:59Z")
    ));
    assert!(!holds(
        c("DateLessThan", "2024-01-01T00:00:00Z"),
        t("2024-01-01T00:00:00Z")
    ));
    assert!(holds(
        c("DateLessThanEquals", "2024-01-01"),
        t("2024-01-01T00:00:00Z")
    ));
    assert!(holds(
        c("DateGreaterThan", "2024-01-01"),
        t("2024-01-01T00:00:01Z")
    ));
    assert!(!holds(
        c("DateGreaterThanEquals", "2024-01-02"),
        t("2024-01-01T23:00:00Z")
    ));
    assert!(
        holds(c("DateEquals", "1704067200"), t("2024-01-01T00:00:00Z")),
        "epoch vs ISO"
    );
    assert!(
        holds(
            c("DateEquals", "2024-01-01T01:00:00+01:00"),
            t("1704067200")
        ),
        "offsets"
    );
    assert!(holds(c("DateNotEquals", "2024-01-01"), t("2024-01-02")));
    assert!(!holds(
        c("DateNotEquals", "2024-01-01"),
        t("2024-01-01T00:00:00Z")
    ));
    assert!(!holds(c("DateEquals", "2024-01-01"), t("tomorrow")));
    assert!(!holds(c("DateNotEquals", "2024-01-01"), t("tomorrow")));
}

#[test]
fn bool_and_binary_operators() {
    let b = |v: &str| ctx().with("aws:SecureTransport", v);
    assert!(holds(
        json!({"Bool": {"aws:SecureTransport": "true"}}),
        b("true")
    ));
    assert!(holds(
        json!({"Bool": {"aws:SecureTransport": true}}),
        b("TRUE")
    ));
    assert!(!holds(
        json!({"Bool": {"aws:SecureTransport": "true"}}),
        b("false")
    ));
    assert!(!holds(
        json!({"Bool": {"aws:SecureTransport": "true"}}),
        b("yes")
    ));
    let k = |v: &str| ctx().with("test:Binary", v);
    assert!(holds(
        json!({"BinaryEquals": {"test:Binary": "aGVsbG8="}}),
        k("aGVsbG8=")
    ));
    assert!(!holds(
        json!({"BinaryEquals": {"test:Binary": "aGVsbG8="}}),
        k("aGk=")
    ));
}

#[test]
fn ip_address_operators_with_ipv4_and_ipv6() {
    let ip = |v: &str| ctx().with("aws:SourceIp", v);
    let c = |op: &str, v: serde_json::Value| json!({op: {"aws:SourceIp": v}});
    assert!(holds(
        c("IpAddress", json!("203.0.113.0/24")),
        ip("203.0.113.9")
    ));
    assert!(!holds(
        c("IpAddress", json!("203.0.113.0/24")),
        ip("203.0.114.9")
    ));
    assert!(holds(
        c("IpAddress", json!("203.0.113.7")),
        ip("203.0.113.7")
    ));
    assert!(holds(
        c("IpAddress", json!(["10.0.0.0/8", "2001:db8::/32"])),
        ip("2001:db8:5::1")
    ));
    assert!(!holds(
        c("IpAddress", json!("2001:db8::/32")),
        ip("2001:db9::1")
    ));
    assert!(holds(
        c("IpAddress", json!("0.0.0.0/0")),
        ip("198.51.100.1")
    ));
    assert!(holds(
        c("NotIpAddress", json!("10.0.0.0/8")),
        ip("192.0.2.1")
    ));
    assert!(!holds(
        c("NotIpAddress", json!("10.0.0.0/8")),
        ip("10.9.9.9")
    ));
    assert!(
        holds(c("NotIpAddress", json!("10.0.0.0/8")), ip("2001:db8::1")),
        "other family"
    );
    assert!(!holds(c("IpAddress", json!("10.0.0.0/8")), ip("nonsense")));
    assert!(!holds(
        c("NotIpAddress", json!("10.0.0.0/8")),
        ip("nonsense")
    ));
}

#[test]
fn arn_operators() {
    let a = |v: &str| ctx().with("aws:SourceArn", v);
    let c = |op: &str, v: &str| json!({op: {"aws:SourceArn": v}});
    let f = "arn:aws:lambda:us-east-1:111122223333:function:f1";
    assert!(holds(
        c("ArnLike", "arn:aws:lambda:*:111122223333:function:*"),
        a(f)
    ));
    assert!(holds(
        c("ArnEquals", "arn:aws:lambda:*:111122223333:function:*"),
        a(f)
    ));
    assert!(!holds(
        c("ArnLike", "arn:aws:lambda:*:444455556666:function:*"),
        a(f)
    ));
    assert!(holds(c("ArnNotLike", "arn:aws:s3:::*"), a(f)));
    assert!(!holds(c("ArnNotEquals", f), a(f)));
    assert!(
        !holds(c("ArnLike", "arn:aws:*"), a(f)),
        "fewer than six fields"
    );
    assert!(!holds(c("ArnLike", "*"), a("not-an-arn")));
}

#[test]
fn condition_variables_and_null_values() {
    let c = json!({"StringEquals": {"s3:prefix": "home/${aws:username}/"}});
    assert!(holds(
        c.clone(),
        ctx()
            .with("aws:username", "alice")
            .with("s3:prefix", "home/alice/")
    ));
    assert!(!holds(
        c.clone(),
        ctx()
            .with("aws:username", "bob")
            .with("s3:prefix", "home/alice/")
    ));
    assert!(
        !holds(c, ctx().with("s3:prefix", "home//")),
        "no value: no match"
    );
    // An inverted operator matches a null value.
    let n = json!({"StringNotEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}});
    assert!(holds(
        n.clone(),
        ctx().with("s3:ExistingObjectTag/Team", "red")
    ));
    assert!(!holds(
        n.clone(),
        ctx()
            .with("s3:ExistingObjectTag/Team", "red")
            .with("aws:PrincipalTag/Team", "red")
    ));
    // A variable's value is literal text even under StringLike.
    let like = json!({"StringLike": {"k": "${aws:username}-*"}});
    assert!(holds(
        like.clone(),
        ctx().with("aws:username", "a?").with("k", "a?-1")
    ));
    assert!(!holds(
        like,
        ctx().with("aws:username", "a?").with("k", "ab-1")
    ));
}
