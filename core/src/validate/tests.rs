//! Unit tests of the validation rules against the real catalog.
use super::*;
use crate::decl::{ConditionDecl, Effect};
use proc_macro2::Span;

fn lit(text: &str) -> Spanned<String> {
    Spanned::new(text.to_string(), Span::call_site())
}

fn statement(effect: Effect, actions: &[&str], resources: &[&str]) -> StatementDecl {
    StatementDecl {
        effect: Spanned::new(effect, Span::call_site()),
        actions: actions.iter().map(|a| lit(a)).collect(),
        resources: resources.iter().map(|r| lit(r)).collect(),
        conditions: Vec::new(),
        reason: None,
    }
}

fn allow(actions: &[&str], resources: &[&str]) -> StatementDecl {
    statement(Effect::Allow, actions, resources)
}

fn with_reason(mut s: StatementDecl) -> StatementDecl {
    s.reason = Some(lit("the image pipeline reads every bucket of the account"));
    s
}

fn with_condition(mut s: StatementDecl, op: &str, key: &str, values: &[&str]) -> StatementDecl {
    s.conditions.push(ConditionDecl {
        span: Span::call_site(),
        operator: lit(op),
        key: lit(key),
        values: values.iter().map(|v| lit(v)).collect(),
    });
    s
}

/// (code, message, help) of every finding.
fn check(s: &StatementDecl) -> Vec<(Code, String, String)> {
    let mut diags = Diagnostics::new();
    validate_statement(s, &mut diags);
    diags
        .into_iter()
        .map(|d| (d.code, d.message, d.help.unwrap_or_default()))
        .collect()
}

fn codes(s: &StatementDecl) -> Vec<Code> {
    check(s).into_iter().map(|(c, ..)| c).collect()
}

/// The only finding, which must have this code.
fn only(s: &StatementDecl, code: Code) -> (String, String) {
    let found = check(s);
    assert_eq!(found.len(), 1, "expected one finding, got {found:#?}");
    let (c, message, help) = found.into_iter().next().unwrap();
    assert_eq!(c, code, "{message} / {help}");
    (message, help)
}

const OBJECTS: &str = "arn:${Partition}:s3:::my-source-images/*";
const TABLE: &str = "arn:${Partition}:dynamodb:${Region}:${Account}:table/ImageMetadataTable";

#[test]
fn the_guide_declarations_are_clean() {
    assert!(check(&allow(&["s3:GetObject"], &[OBJECTS])).is_empty());
    assert!(
        check(&allow(
            &["s3:PutObject"],
            &["arn:${Partition}:s3:::my-resized-images/*"]
        ))
        .is_empty()
    );
    assert!(check(&allow(&["dynamodb:PutItem"], &[TABLE])).is_empty());
    assert!(check(&allow(&["ec2:DescribeNetworkInterfaces"], &["*"])).is_empty());
}

#[test]
fn unknown_action_suggests_the_closest() {
    let (message, help) = only(&allow(&["s3:GetObjekt"], &[OBJECTS]), Code::UnknownAction);
    assert_eq!(message, "unknown action `s3:GetObjekt`");
    assert_eq!(help, "did you mean `s3:GetObject`?");
    let (_, help) = only(
        &allow(&["s3:FlyToTheMoon"], &[OBJECTS]),
        Code::UnknownAction,
    );
    assert!(!help.contains("did you mean"), "{help}");
}

#[test]
fn action_case_names_the_canonical_spelling() {
    let (message, help) = only(&allow(&["s3:getobject"], &[OBJECTS]), Code::ActionCase);
    assert_eq!(message, "`s3:getobject` is spelled `s3:GetObject`");
    assert_eq!(help, "write `s3:GetObject`");
    only(&allow(&["S3:GetObject"], &[OBJECTS]), Code::ActionCase);
}

#[test]
fn unknown_service_suggests_a_prefix() {
    let (message, help) = only(&allow(&["s4:GetObject"], &[OBJECTS]), Code::UnknownService);
    assert_eq!(message, "unknown service `s4` in `s4:GetObject`");
    assert!(help.contains("`s3:GetObject`"), "{help}");
    let (_, help) = only(
        &allow(&["dynamodbb:Frobnicate"], &["*"]),
        Code::UnknownService,
    );
    assert!(help.contains("`dynamodb`"), "{help}");
    only(&allow(&["s3*:GetObject"], &[OBJECTS]), Code::UnknownService);
    only(&allow(&["GetObject"], &[OBJECTS]), Code::UnknownAction);
}

#[test]
fn wildcard_actions_need_a_reason_and_a_match() {
    let (message, help) = only(&allow(&["s3:Get*"], &[OBJECTS]), Code::WildcardAction);
    assert!(
        message.starts_with("wildcard action `s3:Get*` grants "),
        "{message}"
    );
    assert!(
        help.contains("add `reason = \"...\"` to accept a wildcard"),
        "{help}"
    );
    assert!(check(&with_reason(allow(&["s3:Get*"], &[OBJECTS]))).is_empty());
    let (message, _) = only(
        &with_reason(allow(&["s3:Fly*"], &[OBJECTS])),
        Code::WildcardMatchesNothing,
    );
    assert_eq!(message, "`s3:Fly*` matches no action of `s3`");
    assert_eq!(codes(&allow(&["*"], &["*"])), vec![Code::WildcardAction]);
    // Denying broadly is safe.
    assert!(check(&statement(Effect::Deny, &["s3:Delete*"], &["*"])).is_empty());
}

#[test]
fn privilege_escalation_needs_a_reason() {
    let role = "arn:${Partition}:iam::${Account}:role/worker";
    let (message, help) = only(
        &allow(&["iam:PassRole"], &[role]),
        Code::PrivilegeEscalation,
    );
    assert!(
        message.starts_with("`iam:PassRole` can escalate privileges: "),
        "{message}"
    );
    assert!(help.contains("reason"), "{help}");
    assert!(check(&with_reason(allow(&["iam:PassRole"], &[role]))).is_empty());
    assert!(check(&statement(Effect::Deny, &["iam:PassRole"], &[role])).is_empty());
}

#[test]
fn every_escalation_action_is_in_the_catalog() {
    for (name, why) in lookup::PRIVILEGE_ESCALATION {
        let (service, action) = crate::catalog::action(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(
            format!("{}:{}", service.prefix, action.name),
            *name,
            "canonical spelling"
        );
        assert!(!why.is_empty());
    }
}

#[test]
fn an_object_action_on_a_bucket_says_objects_need_slash_star() {
    let bucket = "arn:aws:s3:::my-source-images";
    let (message, help) = only(
        &allow(&["s3:GetObject"], &[bucket]),
        Code::ResourceTypeMismatch,
    );
    assert_eq!(
        message,
        "`s3:GetObject` does not act on `arn:aws:s3:::my-source-images`"
    );
    assert_eq!(
        help,
        "objects of a bucket are `arn:aws:s3:::my-source-images/*`"
    );
    let (_, help) = only(
        &allow(&["s3:ListBucket"], &["arn:aws:s3:::my-source-images/*"]),
        Code::ResourceTypeMismatch,
    );
    assert_eq!(help, "the bucket itself is `arn:aws:s3:::my-source-images`");
}

#[test]
fn s3_arns_have_no_region_or_account() {
    let (_, help) = only(
        &allow(
            &["s3:GetObject"],
            &["arn:aws:s3:eu-west-1:123456789012:b/*"],
        ),
        Code::ResourceTypeMismatch,
    );
    assert_eq!(
        help,
        "`object` ARNs have no region and no account: `arn:aws:s3:::b/*`"
    );
}

#[test]
fn mismatch_without_a_hint_lists_the_formats() {
    let (message, help) = only(
        &allow(
            &["dynamodb:GetItem"],
            &["arn:aws:dynamodb:${Region}:${Account}:stream/x"],
        ),
        Code::ResourceTypeMismatch,
    );
    assert!(
        message.contains("`dynamodb:GetItem` does not act on"),
        "{message}"
    );
    assert!(
        help.contains(
            "`table` (`arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`)"
        ),
        "{help}"
    );
}

#[test]
fn service_mismatch_compares_with_the_formats() {
    let (message, help) = only(
        &allow(&["dynamodb:PutItem"], &["arn:aws:s3:::my-bucket"]),
        Code::ArnServiceMismatch,
    );
    assert_eq!(
        message,
        "`arn:aws:s3:::my-bucket` is an ARN of service `s3`, but `dynamodb:PutItem` acts on \
         `dynamodb` resources"
    );
    assert!(help.contains("table/${TableName}"), "{help}");
    // kafka-cluster actions act on `kafka` ARNs.
    let topic = "arn:${Partition}:kafka:${Region}:${Account}:topic/orders/abc-123/orders";
    assert!(check(&allow(&["kafka-cluster:ReadData"], &[topic])).is_empty());
    let wrong = "arn:${Partition}:kafka-cluster:${Region}:${Account}:topic/orders/abc-123/orders";
    let (_, help) = only(
        &allow(&["kafka-cluster:ReadData"], &[wrong]),
        Code::ArnServiceMismatch,
    );
    assert_eq!(
        help,
        "`topic` ARNs name the service `kafka`: \
         `arn:${Partition}:kafka:${Region}:${Account}:topic/orders/abc-123/orders`"
    );
}

#[test]
fn arn_on_an_action_without_resource_types() {
    let (message, help) = only(
        &allow(
            &["ec2:DescribeNetworkInterfaces"],
            &["arn:aws:ec2:*:*:network-interface/*"],
        ),
        Code::ResourceLevelUnsupported,
    );
    assert_eq!(
        message,
        "`ec2:DescribeNetworkInterfaces` supports no resource-level permissions: use `\"*\"`"
    );
    assert!(help.contains("`\"*\"`"));
    // Mixed with an action that has types: reported at the action.
    let found = check(&allow(
        &["s3:GetObject", "ec2:DescribeNetworkInterfaces"],
        &[OBJECTS],
    ));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, Code::ResourceLevelUnsupported);
    assert!(found[0].2.contains("of its own"));
}

#[test]
fn star_on_an_action_with_resource_types_needs_a_reason() {
    let (message, help) = only(&allow(&["s3:GetObject"], &["*"]), Code::StarResource);
    assert_eq!(message, "`\"*\"` grants `s3:GetObject` on every resource");
    assert!(
        help.contains("arn:${Partition}:s3:::${BucketName}/${ObjectName}"),
        "{help}"
    );
    assert!(help.contains("reason"), "{help}");
    assert!(check(&with_reason(allow(&["s3:GetObject"], &["*"]))).is_empty());
    assert!(check(&statement(Effect::Deny, &["s3:GetObject"], &["*"])).is_empty());
}

#[test]
fn broad_resources_need_a_reason() {
    let (message, help) = only(
        &allow(&["s3:GetObject"], &["arn:aws:s3:::*"]),
        Code::BroadResource,
    );
    assert!(message.contains("covers every `object`"), "{message}");
    assert!(message.contains("${BucketName}"), "{message}");
    assert!(help.contains("reason"), "{help}");
    only(
        &allow(
            &["dynamodb:GetItem"],
            &["arn:aws:dynamodb:eu-west-1:123456789012:table/*"],
        ),
        Code::BroadResource,
    );
    only(
        &allow(
            &["dynamodb:GetItem"],
            &["arn:aws:dynamodb:eu-west-1:*:table/T"],
        ),
        Code::BroadResource,
    );
    assert!(check(&with_reason(allow(&["s3:GetObject"], &["arn:aws:s3:::*"]))).is_empty());
    assert!(
        check(&allow(
            &["dynamodb:GetItem"],
            &["arn:aws:dynamodb:*:${Account}:table/app-*"]
        ))
        .is_empty()
    );
}

#[test]
fn several_actions_each_need_a_resource() {
    // ListBucket acts on the bucket, which the statement does not name.
    let s = allow(&["s3:GetObject", "s3:ListBucket"], &[OBJECTS]);
    let (message, help) = only(&s, Code::ResourceTypeMismatch);
    assert_eq!(
        message,
        "`s3:ListBucket` acts on none of this statement's resources"
    );
    assert_eq!(
        help,
        "the bucket itself is `arn:${Partition}:s3:::my-source-images`"
    );
    let both = allow(
        &["s3:GetObject", "s3:ListBucket"],
        &[OBJECTS, "arn:${Partition}:s3:::my-source-images"],
    );
    assert!(check(&both).is_empty());
    // A resource that matches no action of the statement.
    let s = allow(&["s3:GetObject", "s3:PutObject"], &[OBJECTS, TABLE]);
    assert_eq!(codes(&s), vec![Code::ArnServiceMismatch]);
}

#[test]
fn wildcard_actions_check_against_the_union_of_types() {
    let s = with_reason(allow(&["dynamodb:Get*"], &[TABLE]));
    assert!(check(&s).is_empty());
    let s = with_reason(allow(
        &["s3:Get*"],
        &["arn:aws:sqs:eu-west-1:123456789012:q"],
    ));
    assert_eq!(codes(&s), vec![Code::ArnServiceMismatch]);
}

#[test]
fn malformed_resources_are_reported_and_the_rest_checked() {
    let s = allow(
        &["s3:GetObjekt"],
        &["arn:${Partition:s3:::b/*", "my-bucket"],
    );
    assert_eq!(
        codes(&s),
        vec![
            Code::UnknownAction,
            Code::MalformedPlaceholder,
            Code::MalformedArn
        ]
    );
}

#[test]
fn dynamodb_index_and_table() {
    let index = "arn:${Partition}:dynamodb:${Region}:${Account}:table/T/index/ByDate";
    assert!(check(&allow(&["dynamodb:Query"], &[index])).is_empty());
    let (_, help) = only(
        &allow(&["dynamodb:GetItem"], &[index]),
        Code::ResourceTypeMismatch,
    );
    assert!(help.contains("table/${TableName}"), "{help}");
}

#[test]
fn logs_streams_hint() {
    let group = "arn:${Partition}:logs:${Region}:${Account}:log-group:/aws/lambda/f";
    let (_, help) = only(
        &allow(&["logs:PutLogEvents"], &[group]),
        Code::ResourceTypeMismatch,
    );
    assert!(help.contains("log-group:/aws/lambda/f:*`"), "{help}");
    assert!(check(&allow(&["logs:CreateLogGroup"], &[group])).is_empty());
}

#[test]
fn secrets_and_parameters_and_queues() {
    let secret = "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:prod/db-??????";
    assert!(check(&allow(&["secretsmanager:GetSecretValue"], &[secret])).is_empty());
    let param = "arn:${Partition}:ssm:${Region}:${Account}:parameter/app/prod/db-url";
    assert!(check(&allow(&["ssm:GetParameter"], &[param])).is_empty());
    let queue = "arn:${Partition}:sqs:${Region}:${Account}:jobs";
    assert!(check(&allow(&["sqs:SendMessage"], &[queue])).is_empty());
    let fun = "arn:${Partition}:lambda:${Region}:${Account}:function:resize:live";
    assert!(check(&allow(&["lambda:InvokeFunction"], &[fun])).is_empty());
}

#[test]
fn conditions_are_checked_per_statement() {
    let s = with_condition(
        allow(&["s3:GetObject"], &[OBJECTS]),
        "StringEqual",
        "aws:SourceVpce",
        &["vpce-1"],
    );
    let (message, help) = only(&s, Code::UnknownOperator);
    assert_eq!(message, "unknown condition operator `StringEqual`");
    assert_eq!(help, "did you mean `StringEquals`?");
    let s = with_condition(
        allow(&["s3:ListBucket"], &["arn:aws:s3:::b"]),
        "StringLike",
        "s3:prefix",
        &["home/*"],
    );
    assert!(check(&s).is_empty());
    let s = with_condition(
        allow(&["s3:GetObject"], &[OBJECTS]),
        "StringLike",
        "s3:prefix",
        &["home/*"],
    );
    let (message, _) = only(&s, Code::InapplicableConditionKey);
    assert_eq!(
        message,
        "condition key `s3:prefix` does not apply to `s3:GetObject`"
    );
}

#[test]
fn every_finding_is_an_error_with_help() {
    let s = with_condition(
        allow(
            &["s3:getobject", "s3:Fly*", "iam:PassRole"],
            &["*", "arn:aws:s3:::"],
        ),
        "Bool",
        "aws:SecureTransport",
        &["yes"],
    );
    let mut diags = Diagnostics::new();
    validate_statement(&s, &mut diags);
    assert!(diags.as_slice().len() >= 4, "{diags:#?}");
    for d in diags.as_slice() {
        assert_eq!(d.severity, crate::diag::Severity::Error);
        assert!(d.help.as_deref().is_some_and(|h| !h.is_empty()), "{d:?}");
        assert!(
            d.message.chars().next().is_some_and(|c| !c.is_uppercase()),
            "{d:?}"
        );
    }
}

/// A concrete ARN of a catalog format: placeholders filled with plausible values.
fn instantiate(format: &Format<'static>) -> String {
    let fill = |text: &str, value: &str| {
        let any = if value.len() == 12 { value } else { "x" };
        crate::template::substitute(text, |_| Some(value.to_string()))
            .unwrap()
            .replace('*', any)
    };
    format!(
        "arn:{}:{}:{}:{}:{}",
        fill(format.field(Field::Partition), "aws"),
        fill(format.field(Field::Service), "svc"),
        fill(format.field(Field::Region), "eu-west-1"),
        fill(format.field(Field::Account), "123456789012"),
        fill(format.resource, "name1"),
    )
}

#[test]
fn every_catalog_format_accepts_its_own_instances() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for service in crate::catalog::services() {
        for action in service.actions {
            for (_, rt) in service.resource_types_of(action) {
                for format in arn::formats(rt) {
                    // AWS documents this one without an account field (`offering` stands
                    // where the account goes); the ARNs MediaConnect returns have one.
                    if format.field(Field::Account) == "offering" {
                        continue;
                    }
                    let text = instantiate(&format);
                    let name = format!("{}:{}", service.prefix, action.name);
                    let s = allow(&[&name], &[&text]);
                    let found = check(&s);
                    let bad: Vec<_> = found
                        .iter()
                        .filter(|(c, ..)| *c != Code::PrivilegeEscalation)
                        .collect();
                    if !bad.is_empty() {
                        failures.push(format!("{name} on {text}: {bad:?}"));
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
    assert!(
        failures.is_empty(),
        "{} failures: {:#?}",
        failures.len(),
        failures.iter().take(10).collect::<Vec<_>>()
    );
}

#[test]
fn a_trailing_slash_hints_at_the_objects() {
    let (_, help) = only(
        &allow(&["s3:GetObject"], &["arn:aws:s3:::my-bucket/"]),
        Code::ResourceTypeMismatch,
    );
    assert_eq!(help, "objects of a bucket are `arn:aws:s3:::my-bucket/*`");
}

#[test]
fn every_action_is_never_allowed_but_may_be_denied_and_still_parses() {
    // Allowing `*` is refused even with a reason: a generated policy never holds a `*` action.
    let s = with_reason(allow(
        &["*"],
        &[
            "arn:aws:s3:::b/*",
            "arn:aws:dynamodb:r:123456789012:table/t",
        ],
    ));
    assert_eq!(codes(&s), vec![Code::WildcardAction]);
    // Denying `*` skips resource matching: any well-formed ARN goes, a malformed one does not.
    let s = statement(
        Effect::Deny,
        &["*"],
        &[
            "arn:aws:s3:::b/*",
            "arn:aws:dynamodb:r:123456789012:table/t",
        ],
    );
    assert!(check(&s).is_empty());
    let s = statement(Effect::Deny, &["*"], &["bucket"]);
    assert_eq!(codes(&s), vec![Code::MalformedArn]);
}

#[test]
fn deny_statements_are_still_checked_for_mistakes() {
    let s = statement(Effect::Deny, &["s3:GetObjekt"], &["arn:aws:s3:::b"]);
    assert_eq!(codes(&s), vec![Code::UnknownAction]);
    let s = statement(Effect::Deny, &["s3:GetObject"], &["arn:aws:s3:::b"]);
    assert_eq!(codes(&s), vec![Code::ResourceTypeMismatch]);
    let s = statement(Effect::Deny, &["s3:GetObject"], &["arn:aws:s3:::*"]);
    assert!(check(&s).is_empty(), "breadth is fine in a deny");
}

#[test]
fn a_wildcard_service_prefix_has_one_spelling() {
    let (message, _) = only(
        &with_reason(allow(&["S3:Get*"], &[OBJECTS])),
        Code::ActionCase,
    );
    assert_eq!(message, "`S3:Get*` is spelled `s3:Get*`");
}

mod no_panic {
    //! Any text in any literal gives findings, never a panic.
    use super::*;
    use proptest::prelude::*;

    /// Text that looks like the real thing often enough to reach the deep checks.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-z0-9:*?/${}\\-]{0,24}",
            "arn:(aws|\\*|\\$\\{Partition\\}):(s3|dynamodb|logs|iam)?:[a-z0-9*-]{0,3}:[0-9*]{0,12}:[a-zé/:*?${}]{0,16}",
            "(s3|dynamodb|iam|ec2):[A-Za-z*?]{0,12}",
            "[0-9T:.+Z-]{0,24}",
        ]
    }

    proptest! {
        #[test]
        fn validation_never_panics(
            actions in proptest::collection::vec(text(), 0..3),
            resources in proptest::collection::vec(text(), 0..3),
            op in prop_oneof![text(), Just("DateLessThan".to_string()), Just("IpAddress".to_string())],
            key in prop_oneof![text(), Just("aws:CurrentTime".to_string()), Just("s3:prefix".to_string())],
            values in proptest::collection::vec(text(), 0..3),
            deny in any::<bool>(),
        ) {
            let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
            let resources: Vec<&str> = resources.iter().map(String::as_str).collect();
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let effect = if deny { Effect::Deny } else { Effect::Allow };
            let s = with_condition(statement(effect, &actions, &resources), &op, &key, &values);
            for (code, message, _) in check(&s) {
                prop_assert!(!message.is_empty(), "{code:?}");
            }
        }
    }
}

#[test]
fn an_action_of_another_service_is_suggested() {
    let (_, help) = only(&allow(&["s3:PutItem"], &["*"]), Code::UnknownAction);
    assert_eq!(help, "did you mean `dax:PutItem` or `dynamodb:PutItem`?");
}

#[test]
fn identity_provider_claim_keys_are_known_for_web_identity() {
    let role = "arn:${Partition}:iam::${Account}:role/deployer";
    let assume = || with_reason(allow(&["sts:AssumeRoleWithWebIdentity"], &[role]));
    for key in [
        "token.actions.githubusercontent.com:sub",
        "token.actions.githubusercontent.com:aud",
        "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub",
        "accounts.google.com:aud",
    ] {
        let s = with_condition(assume(), "StringLike", key, &["repo:o/r:*"]);
        assert_eq!(check(&s), vec![], "{key}");
    }
    // A provider's claim exists only in the federation request: elsewhere it applies to nothing.
    let s = with_condition(
        allow(&["s3:GetObject"], &["arn:${Partition}:s3:::b/*"]),
        "StringEquals",
        "token.actions.githubusercontent.com:sub",
        &["repo:o/r:ref:refs/heads/main"],
    );
    assert_eq!(codes(&s), vec![Code::InapplicableConditionKey]);
    // A key without a provider-like prefix is still unknown.
    let s = with_condition(assume(), "StringEquals", "nosuchprovider:sub", &["x"]);
    assert_eq!(codes(&s), vec![Code::UnknownConditionKey]);
}

#[test]
fn kms_encryption_context_keys_match_the_catalog_pattern() {
    let key = "arn:${Partition}:kms:${Region}:${Account}:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let s = with_condition(
        allow(&["kms:Decrypt"], &[key]),
        "StringEquals",
        "kms:EncryptionContext:aws:s3:arn",
        &["arn:aws:s3:::b"],
    );
    assert_eq!(check(&s), vec![]);
    let s = with_condition(
        allow(&["kms:Decrypt"], &[key]),
        "StringEquals",
        "kms:EncryptionContext:",
        &["x"],
    );
    assert_eq!(
        codes(&s),
        vec![Code::UnknownConditionKey],
        "an empty context key"
    );
}

#[test]
fn epoch_time_compares_as_a_date_and_as_a_number() {
    let s = || allow(&["s3:GetObject"], &["arn:${Partition}:s3:::b/*"]);
    let numeric = with_condition(s(), "NumericLessThan", "aws:EpochTime", &["1767225600"]);
    assert_eq!(check(&numeric), vec![]);
    let date = with_condition(s(), "DateLessThan", "aws:EpochTime", &["1767225600"]);
    assert_eq!(check(&date), vec![]);
    // Other date keys stay dates only.
    let current = with_condition(s(), "NumericLessThan", "aws:CurrentTime", &["1767225600"]);
    assert_eq!(codes(&current), vec![Code::OperatorKeyMismatch]);
}

#[test]
fn tag_session_sees_the_assume_role_keys() {
    let role = "arn:${Partition}:iam::${Account}:role/deployer";
    let s = with_condition(
        with_reason(allow(&["sts:AssumeRole", "sts:TagSession"], &[role])),
        "StringEquals",
        "sts:ExternalId",
        &["unique-id"],
    );
    assert_eq!(check(&s), vec![]);
    // Alone, `sts:TagSession` has no external id.
    let s = with_condition(
        allow(&["sts:TagSession"], &[role]),
        "StringEquals",
        "sts:ExternalId",
        &["unique-id"],
    );
    assert_eq!(codes(&s), vec![Code::InapplicableConditionKey]);
}
