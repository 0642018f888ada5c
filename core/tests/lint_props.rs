//! `lint_policy` never panics, on any JSON, and its output is sorted and deterministic.

use lambda_iam_core::lint::{LintOptions, PolicyType, Suppression, lint_policy};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Strings that look like policy parts, so that the lints get past the shape checks.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_string()),
        Just("Allow".to_string()),
        Just("Deny".to_string()),
        Just("2012-10-17".to_string()),
        Just("s3:GetObject".to_string()),
        Just("s3:Get*".to_string()),
        Just("iam:PassRole".to_string()),
        Just("sts:AssumeRole".to_string()),
        Just("arn:aws:s3:::b/*".to_string()),
        Just("arn:aws:iam::123456789012:role/r".to_string()),
        Just("arn:${Partition}:s3:::${aws:username}/*".to_string()),
        Just("aws:SourceIp".to_string()),
        Just("StringEquals".to_string()),
        Just("ForAllValues:StringLikeIfExists".to_string()),
        Just("NumericLessThan".to_string()),
        Just("Null".to_string()),
        Just("10.0.0.0/8".to_string()),
        "[a-zA-Z0-9:*?/${}._-]{0,12}",
        any::<String>(),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Version".to_string()),
        Just("Statement".to_string()),
        Just("Effect".to_string()),
        Just("Action".to_string()),
        Just("NotAction".to_string()),
        Just("Resource".to_string()),
        Just("NotResource".to_string()),
        Just("Principal".to_string()),
        Just("NotPrincipal".to_string()),
        Just("Condition".to_string()),
        Just("AWS".to_string()),
        Just("Service".to_string()),
        word(),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_sorts(doc in json_value(), ty in 0..4usize, code in word(), reason in word()) {
        let policy_type = [None, Some(PolicyType::Identity), Some(PolicyType::Trust), Some(PolicyType::Resource)][ty];
        let options = LintOptions {
            policy_type,
            suppressions: vec![Suppression { code, statement: Some(0), reason }],
        };
        let wrapped = json!({"Version": "2012-10-17", "Statement": [doc.clone()]});
        for d in [&doc, &wrapped] {
            let a = lint_policy(d, &options);
            let b = lint_policy(d, &options);
            let keys = |fs: &[lambda_iam_core::lint::LintFinding]| -> Vec<(String, &str, String)> {
                fs.iter().map(|f| (f.path.to_string(), f.lint.code, f.message.clone())).collect()
            };
            prop_assert_eq!(keys(&a), keys(&b));
            prop_assert!(a.windows(2).all(|w| (&w[0].path, w[0].lint.code) <= (&w[1].path, w[1].lint.code)));
        }
    }
}
