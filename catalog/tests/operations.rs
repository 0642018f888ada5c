//! The SDK operation → IAM action table: invariants over all of it, facts a user would notice,
//! and its agreement with AWS's own operation → authorized-actions reference (when present).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::Path;

use lambda_iam_catalog::operations::{
    Origin, SDK_SERVICES, iam_prefix, operation, sdk_service, stored,
};
use lambda_iam_catalog::{action, cmp_ignore_case};

/// The services issue 4 names: each must resolve from its SDK crate to a prefix with operations.
const REQUIRED_CRATES: &[&str] = &[
    "aws-sdk-s3",
    "aws-sdk-dynamodb",
    "aws-sdk-sqs",
    "aws-sdk-sns",
    "aws-sdk-lambda",
    "aws-sdk-secretsmanager",
    "aws-sdk-ssm",
    "aws-sdk-kms",
    "aws-sdk-eventbridge",
    "aws-sdk-sfn",
    "aws-sdk-kinesis",
    "aws-sdk-firehose",
    "aws-sdk-ses",
    "aws-sdk-sesv2",
    "aws-sdk-cognitoidentityprovider",
    "aws-sdk-cloudwatch",
    "aws-sdk-xray",
    "aws-sdk-sts",
    "aws-sdk-athena",
    "aws-sdk-glue",
    "aws-sdk-rdsdata",
    "aws-sdk-appconfig",
    "aws-sdk-bedrockruntime",
];

#[test]
fn stored_entries_are_sorted_unique_and_name_catalog_actions() {
    for pair in stored().windows(2) {
        let order = cmp_ignore_case(pair[0].service, pair[1].service)
            .then_with(|| cmp_ignore_case(pair[0].name, pair[1].name));
        assert_eq!(
            order,
            Ordering::Less,
            "{} then {}",
            pair[0].name,
            pair[1].name
        );
    }
    for op in stored() {
        assert!(
            !op.needs.as_slice().is_empty(),
            "{}:{}",
            op.service,
            op.name
        );
        for need in op.needs.as_slice() {
            let full = need.to_string();
            let (_, found) = action(&full).unwrap_or_else(|| {
                panic!(
                    "{}:{} needs `{full}`, not in the catalog",
                    op.service, op.name
                )
            });
            assert_eq!(found.name, need.action, "canonical spelling of {full}");
        }
        for implied in op.implied {
            assert!(
                action(implied).is_some(),
                "{}:{} implies unknown `{implied}`",
                op.service,
                op.name
            );
        }
        assert_eq!(
            op.origin == Origin::Override,
            !op.why.is_empty(),
            "{}:{}",
            op.service,
            op.name
        );
    }
}

#[test]
fn sdk_services_resolve_and_cover_the_common_lambda_services() {
    for pair in SDK_SERVICES.windows(2) {
        assert!(
            pair[0].crate_name < pair[1].crate_name,
            "{} then {}",
            pair[0].crate_name,
            pair[1].crate_name
        );
    }
    for s in SDK_SERVICES {
        assert!(
            lambda_iam_catalog::service(s.iam_prefix).is_some(),
            "{}: prefix {}",
            s.crate_name,
            s.iam_prefix
        );
    }
    for name in REQUIRED_CRATES {
        let s = sdk_service(name).unwrap_or_else(|| panic!("{name} is not in SDK_SERVICES"));
        let service = lambda_iam_catalog::service(s.iam_prefix).unwrap();
        assert!(!service.actions.is_empty(), "{name}");
    }
    assert_eq!(
        iam_prefix("CloudWatch", Some("monitoring")),
        Some("cloudwatch")
    );
    assert_eq!(
        iam_prefix("Some Future Service", Some("monitoring")),
        Some("cloudwatch")
    );
    assert_eq!(
        iam_prefix("Some Future Service", Some("codebuild")),
        Some("codebuild")
    );
    assert_eq!(
        iam_prefix("Some Future Service", Some("no-such-prefix")),
        None
    );
    assert_eq!(
        sdk_service("Secrets Manager").unwrap().crate_name,
        "aws-sdk-secretsmanager"
    );
}

fn needs(prefix: &str, op: &str) -> Vec<String> {
    let found = operation(prefix, op).unwrap_or_else(|| panic!("{prefix} {op}: no entry"));
    found
        .needs
        .as_slice()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_reviewed_overrides_and_the_name_rule() {
    assert_eq!(needs("s3", "ListObjectsV2"), ["s3:ListBucket"]);
    assert_eq!(needs("s3", "HeadObject"), ["s3:GetObject"]);
    assert_eq!(needs("s3", "CopyObject"), ["s3:GetObject", "s3:PutObject"]);
    let copy = operation("s3", "CopyObject").unwrap();
    assert_eq!(copy.needs.as_slice()[0].resource, "copy_source");
    assert_eq!(needs("s3", "UploadPart"), ["s3:PutObject"]);
    assert_eq!(
        needs("s3", "AbortMultipartUpload"),
        ["s3:AbortMultipartUpload"]
    );
    assert!(
        operation("s3", "PutObject")
            .unwrap()
            .implied
            .contains(&"kms:GenerateDataKey")
    );
    assert_eq!(needs("lambda", "Invoke"), ["lambda:InvokeFunction"]);
    assert_eq!(
        needs("lambda", "InvokeWithResponseStream"),
        ["lambda:InvokeFunction"]
    );
    assert_eq!(needs("sqs", "SendMessageBatch"), ["sqs:SendMessage"]);
    assert_eq!(needs("sqs", "DeleteMessageBatch"), ["sqs:DeleteMessage"]);
    assert_eq!(needs("sns", "PublishBatch"), ["sns:Publish"]);
    assert_eq!(needs("dynamodb", "TransactGetItems"), ["dynamodb:GetItem"]);
    let partiql = operation("dynamodb", "ExecuteStatement").unwrap();
    assert!(partiql.any_of && partiql.needs.as_slice().len() == 4);
    // The name rule, case-insensitive, canonical spelling back.
    let get = operation("S3", "getobject").unwrap();
    assert_eq!(get.needs.as_slice()[0].to_string(), "s3:GetObject");
    let put = operation("dynamodb", "PutItem").unwrap();
    assert_eq!(
        (put.origin, put.needs.as_slice()[0].to_string().as_str()),
        (Origin::Name, "dynamodb:PutItem")
    );
    assert_eq!(
        needs("dynamodb", "BatchWriteItem"),
        ["dynamodb:BatchWriteItem"]
    );
    assert!(operation("s3", "NoSuchOperation").is_none());
}

/// Reviewed disagreements on the common services: IAM has an action named after the operation
/// and the generated table (name rule) requires it, while AWS's reference lists only actions on
/// related resources (Glue column statistics and partition indexes: the table's or partition's
/// Get/Update; S3 `GetObjectAttributes` / `GetObjectTorrent`: `s3:GetObject`; DynamoDB
/// `RestoreTableToPointInTime`: the item actions on the new table). The name-rule action is kept
/// (a policy with it is what the IAM action table documents); a test user who hits one sees the
/// action in the guard's error.
const KNOWN_DISAGREEMENTS: &[&str] = &[
    "dynamodb RestoreTableToPointInTime",
    "glue CreatePartitionIndex",
    "glue DeleteColumnStatisticsForPartition",
    "glue DeleteColumnStatisticsForTable",
    "glue DeletePartitionIndex",
    "glue GetColumnStatisticsForPartition",
    "glue GetColumnStatisticsForTable",
    "glue UpdateColumnStatisticsForPartition",
    "glue UpdateColumnStatisticsForTable",
    "s3 GetObjectAttributes",
    "s3 GetObjectTorrent",
];

/// AWS's reference (`../shared/reference/aws-operations.json` next to the workspace; never
/// copied into the project): for every operation both know, each action we require must be one
/// AWS authorizes the operation against.
#[test]
fn agrees_with_aws_operation_reference() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/aws-operations.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!(
            "skipped: {} is absent (it is not part of the project)",
            path.display()
        );
        return;
    };
    let reference: BTreeMap<String, BTreeMap<String, Vec<String>>> =
        serde_json::from_str(&text).expect("the reference is a JSON object of objects");
    let (mut compared, mut agree, mut unknown) = (0usize, 0usize, 0usize);
    let mut disagree = Vec::new();
    for (prefix, operations) in &reference {
        for (name, authorized) in operations {
            if authorized.is_empty() {
                continue; // AWS lists no action: nothing to compare
            }
            let Some(ours) = operation(prefix, name) else {
                unknown += 1;
                continue;
            };
            compared += 1;
            let is_authorized = |need: &lambda_iam_catalog::operations::Need| {
                let full = need.to_string();
                authorized.iter().any(|a| a.eq_ignore_ascii_case(&full))
            };
            let ok = if ours.any_of {
                ours.needs.as_slice().iter().any(is_authorized)
            } else {
                ours.needs.as_slice().iter().all(is_authorized)
            };
            if ok {
                agree += 1;
            } else {
                let needs: Vec<String> = ours
                    .needs
                    .as_slice()
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                disagree.push(format!(
                    "{prefix} {name}: ours {needs:?}, AWS {authorized:?}"
                ));
            }
        }
    }
    println!(
        "operations compared: {compared}, agree: {agree}, disagree: {}, in the reference but not resolved: {unknown}",
        disagree.len()
    );
    for line in &disagree {
        println!("  disagree: {line}");
    }
    // Every operation of the services a Lambda function commonly uses must agree, except the
    // reviewed ones below.
    let common: Vec<&String> = disagree
        .iter()
        .filter(|line| {
            !KNOWN_DISAGREEMENTS
                .iter()
                .any(|k| line.starts_with(&format!("{k}:")))
        })
        .filter(|line| {
            REQUIRED_CRATES.iter().any(|c| {
                let prefix = sdk_service(c).unwrap().iam_prefix;
                line.starts_with(&format!("{prefix} "))
            })
        })
        .collect();
    assert!(
        common.is_empty(),
        "disagreements on common Lambda services: {common:#?}"
    );
    assert!(
        agree * 100 >= compared * 97,
        "agreement below 97%: {agree} of {compared}"
    );
}
