//! Unit tests of condition validation against the real catalog.

mod support {
    use super::super::*;
    use crate::decl::Spanned;
    use proc_macro2::Span;

    pub fn lit(text: &str) -> Spanned<String> {
        Spanned::new(text.to_string(), Span::call_site())
    }

    pub fn actions(names: &[&str]) -> StatementActions {
        StatementActions {
            actions: names
                .iter()
                .map(|n| (n.to_string(), lookup::resolve_action(n).unwrap()))
                .collect(),
        }
    }

    /// (code, message, help) of every finding about one condition.
    pub fn check(on: &[&str], op: &str, key: &str, values: &[&str]) -> Vec<(Code, String, String)> {
        let cond = ConditionDecl {
            span: Span::call_site(),
            operator: lit(op),
            key: lit(key),
            values: values.iter().map(|v| lit(v)).collect(),
        };
        let mut diags = Diagnostics::new();
        check_condition(&cond, &actions(on), &mut diags);
        diags
            .into_iter()
            .map(|d| (d.code, d.message, d.help.unwrap_or_default()))
            .collect()
    }

    pub fn codes(on: &[&str], op: &str, key: &str, values: &[&str]) -> Vec<Code> {
        check(on, op, key, values)
            .into_iter()
            .map(|(c, ..)| c)
            .collect()
    }
}

mod rules {
    use super::super::*;
    use super::support::*;

    const GET: &[&str] = &["s3:GetObject"];

    #[test]
    fn valid_conditions_pass() {
        assert!(codes(GET, "Bool", "aws:SecureTransport", &["true"]).is_empty());
        assert!(
            codes(
                GET,
                "IpAddress",
                "aws:SourceIp",
                &["10.0.0.0/8", "2001:db8::/32"]
            )
            .is_empty()
        );
        assert!(codes(GET, "ArnLike", "aws:SourceArn", &["arn:aws:sns:*:*:topic"]).is_empty());
        assert!(codes(GET, "StringEquals", "aws:SourceArn", &["arn:aws:sns:r:1:t"]).is_empty());
        assert!(
            codes(
                GET,
                "DateLessThan",
                "aws:CurrentTime",
                &["2026-12-31T23:59:59Z"]
            )
            .is_empty()
        );
        assert!(codes(GET, "NumericLessThan", "aws:MultiFactorAuthAge", &["3600"]).is_empty());
        assert!(codes(GET, "StringEquals", "aws:PrincipalTag/team", &["images"]).is_empty());
        assert!(
            codes(
                GET,
                "StringEquals",
                "s3:ExistingObjectTag/stage",
                &["public"]
            )
            .is_empty()
        );
        assert!(codes(GET, "Null", "aws:SourceVpce", &["false"]).is_empty());
        assert!(
            codes(
                &["s3:ListBucket"],
                "ForAnyValue:StringLikeIfExists",
                "s3:prefix",
                &["a/*"]
            )
            .is_empty()
        );
        assert!(
            codes(
                GET,
                "StringEquals",
                "aws:PrincipalTag/team",
                &["${aws:username}"]
            )
            .is_empty()
        );
    }

    #[test]
    fn unknown_operators_get_the_canonical_spelling() {
        let found = check(GET, "stringequals", "aws:SourceVpce", &["v"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::UnknownOperator);
        assert_eq!(found[0].1, "unknown condition operator `stringequals`");
        assert_eq!(found[0].2, "did you mean `StringEquals`?");
        assert_eq!(
            suggest_operator("ForAnyvalue:StringLikeifexists").unwrap(),
            "ForAnyValue:StringLikeIfExists"
        );
        assert_eq!(
            suggest_operator("NumericLessThn").unwrap(),
            "NumericLessThan"
        );
        assert_eq!(suggest_operator("Frobnicate"), None);
        let found = check(GET, "NullIfExists", "aws:SourceVpce", &["true"]);
        assert_eq!(found[0].0, Code::UnknownOperator);
        assert!(found[0].2.contains("no `IfExists` form"), "{}", found[0].2);
    }

    #[test]
    fn unknown_keys_suggest_close_ones() {
        let found = check(GET, "Bool", "aws:SecureTransprt", &["true"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::UnknownConditionKey);
        assert_eq!(found[0].1, "unknown condition key `aws:SecureTransprt`");
        assert_eq!(found[0].2, "did you mean `aws:SecureTransport`?");
        let found = check(&["s3:ListBucket"], "StringLike", "s3:prefx", &["a/*"]);
        assert_eq!(found[0].2, "did you mean `s3:prefix`?");
        assert_eq!(
            codes(GET, "StringEquals", "nosuchservice:Key", &["x"]),
            vec![Code::UnknownConditionKey]
        );
        assert_eq!(
            codes(GET, "StringEquals", "NoColon", &["x"]),
            vec![Code::UnknownConditionKey]
        );
    }

    #[test]
    fn service_keys_must_apply_to_every_action() {
        let found = check(GET, "StringLike", "s3:prefix", &["a/*"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::InapplicableConditionKey);
        assert_eq!(
            found[0].1,
            "condition key `s3:prefix` does not apply to `s3:GetObject`"
        );
        assert!(
            found[0]
                .2
                .starts_with("`s3:prefix` applies to `s3:ListBucket`"),
            "{}",
            found[0].2
        );
        // One of two actions supports it: an error without IfExists, fine with it.
        let both = &["s3:ListBucket", "s3:GetObject"];
        let found = check(both, "StringLike", "s3:prefix", &["a/*"]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].2.contains("move `s3:GetObject` to an `allow` without this condition, or use `StringLikeIfExists`"),
            "{}",
            found[0].2
        );
        assert!(codes(both, "StringLikeIfExists", "s3:prefix", &["a/*"]).is_empty());
        // A key of another service than the action's.
        assert_eq!(
            codes(&["dynamodb:GetItem"], "StringLike", "s3:prefix", &["a/*"]),
            vec![Code::InapplicableConditionKey]
        );
        // Keys of the action's resource types count (dynamodb:LeadingKeys is an action key).
        assert!(
            codes(
                &["dynamodb:GetItem"],
                "ForAllValues:StringEquals",
                "dynamodb:LeadingKeys",
                &["${aws:userid}"]
            )
            .is_empty()
        );
        // A wildcard action: one of its actions is enough.
        assert!(codes(&["s3:List*"], "StringLike", "s3:prefix", &["a/*"]).is_empty());
        // `*` (every action): nothing to check.
        assert!(codes(&["*"], "StringLike", "s3:prefix", &["a/*"]).is_empty());
    }

    #[test]
    fn operator_family_must_suit_the_key_type() {
        let found = check(GET, "NumericLessThan", "aws:SourceArn", &["5"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::OperatorKeyMismatch);
        assert_eq!(
            found[0].1,
            "`NumericLessThan` compares numbers, but `aws:SourceArn` is of type ARN"
        );
        assert!(found[0].2.contains("`ArnLike`"));
        assert_eq!(
            codes(GET, "Bool", "aws:SourceVpce", &["true"]),
            vec![Code::OperatorKeyMismatch]
        );
        assert_eq!(
            codes(GET, "DateLessThan", "aws:SourceIp", &["2026-01-01"]),
            vec![Code::OperatorKeyMismatch]
        );
        assert_eq!(
            codes(GET, "IpAddress", "aws:CurrentTime", &["10.0.0.1"]),
            vec![Code::OperatorKeyMismatch]
        );
        // String operators compare ARNs too; Arn operators work on string keys holding ARNs.
        assert!(codes(GET, "StringLike", "aws:SourceArn", &["arn:*"]).is_empty());
        assert!(codes(GET, "ArnLike", "aws:SourceVpce", &["arn:*"]).is_empty());
    }

    #[test]
    fn values_must_have_the_operators_type() {
        let found = check(GET, "Bool", "aws:SecureTransport", &["yes"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::ConditionValueType);
        assert_eq!(
            found[0].1,
            "`yes` is not `true` or `false`, as `Bool` needs"
        );
        assert_eq!(found[0].2, "write `true` or `false`");
        assert_eq!(
            codes(GET, "IpAddress", "aws:SourceIp", &["10.0.0.0/33"]),
            vec![Code::ConditionValueType]
        );
        assert_eq!(
            codes(GET, "IpAddress", "aws:SourceIp", &["10.0.0"]),
            vec![Code::ConditionValueType]
        );
        assert_eq!(
            codes(GET, "ArnEquals", "aws:SourceArn", &["sns-topic"]),
            vec![Code::ConditionValueType]
        );
        assert_eq!(
            codes(GET, "DateGreaterThan", "aws:CurrentTime", &["yesterday"]),
            vec![Code::ConditionValueType]
        );
        assert_eq!(
            codes(GET, "NumericEquals", "aws:MultiFactorAuthAge", &["ten"]),
            vec![Code::ConditionValueType]
        );
        // Each bad value is reported; placeholders are checked once resolved.
        assert_eq!(
            codes(GET, "Bool", "aws:SecureTransport", &["1", "0", "true"]).len(),
            2
        );
        assert!(codes(GET, "IpAddress", "aws:SourceIp", &["${OfficeCidr}"]).is_empty());
        assert_eq!(
            codes(GET, "StringEquals", "aws:SourceVpce", &["${vpce"]),
            vec![Code::MalformedPlaceholder]
        );
    }

    #[test]
    fn value_parsers() {
        for ok in [
            "0.0.0.0/0",
            "192.168.1.1",
            "::1",
            "2001:db8::/128",
            "10.1.2.3/32",
        ] {
            assert!(is_ip_or_cidr(ok), "{ok}");
        }
        for bad in [
            "256.1.1.1",
            "10.0.0.0/",
            "10.0.0.0/-1",
            "::1/129",
            "1.2.3.4/8/8",
            "host",
            "",
        ] {
            assert!(!is_ip_or_cidr(bad), "{bad}");
        }
        for ok in [
            "2026-02-28",
            "2024-02-29",
            "2026-01-31T12:00:00Z",
            "2026-01-31T12:00Z",
            "2026-01-31T12:00:00.123+02:00",
            "1767225600",
        ] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-1",
            "2026-01-31T25:00:00Z",
            "2026-01-31T",
            "soon",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        for ok in ["0", "-12", "3.25", "+7"] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in ["", "1.", ".5", "1e3", "ten", "-"] {
            assert!(!is_number(bad), "{bad}");
        }
        assert!(is_base64("aGVsbG8="));
        assert!(is_base64("QUJD"));
        assert!(!is_base64("abc"));
        assert!(!is_base64("a===") && !is_base64("ab!d"));
    }
}

mod tag_keys {
    use super::support::*;
    use crate::diag::Code;

    #[test]
    fn resource_tags_apply_where_the_catalog_lists_them() {
        for action in [
            "dynamodb:GetItem",
            "secretsmanager:GetSecretValue",
            "ssm:GetParameter",
            "lambda:InvokeFunction",
            "sqs:SendMessage",
            "kms:Decrypt",
            "s3:GetObject",
        ] {
            assert!(
                codes(
                    &[action],
                    "StringEquals",
                    "aws:ResourceTag/team",
                    &["images"]
                )
                .is_empty(),
                "{action}"
            );
        }
    }

    #[test]
    fn request_tags_apply_to_tagging_actions_only() {
        assert!(
            codes(
                &["sqs:TagQueue"],
                "StringEquals",
                "aws:RequestTag/team",
                &["x"]
            )
            .is_empty()
        );
        assert_eq!(
            codes(
                &["sqs:SendMessage"],
                "StringEquals",
                "aws:RequestTag/team",
                &["x"]
            ),
            vec![Code::InapplicableConditionKey]
        );
    }
}
