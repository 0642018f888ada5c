//! The deploy items of a handler: what a Lambda function needs besides the calls its code makes.
//!
//! | item | execution role (`<function>.policy.json`) | resource-based policy (`<function>.permissions.json`) |
//! |---|---|---|
//! | `trigger(s3 = BUCKET_ARN)` | — | `s3.amazonaws.com` may `lambda:InvokeFunction` |
//! | `trigger(sns = TOPIC_ARN)` | — | `sns.amazonaws.com` may `lambda:InvokeFunction` |
//! | `trigger(events = RULE_ARN)` | — | `events.amazonaws.com` may `lambda:InvokeFunction` |
//! | `trigger(apigateway = EXECUTE_API_ARN)` | — | `apigateway.amazonaws.com` may `lambda:InvokeFunction` |
//! | `trigger(function_url, auth = "AWS_IAM")` | — | the account's principals may `lambda:InvokeFunctionUrl` (auth type `AWS_IAM`) and `lambda:InvokeFunction` through the URL |
//! | `trigger(function_url, auth = "NONE")` | — | anyone may `lambda:InvokeFunctionUrl` (auth type `NONE`) and `lambda:InvokeFunction` through the URL |
//! | `event_source(sqs = QUEUE_ARN)` | `sqs:ReceiveMessage`, `sqs:DeleteMessage`, `sqs:GetQueueAttributes` on the queue | — |
//! | `event_source(dynamodb_stream = STREAM_ARN)` | `dynamodb:DescribeStream`, `dynamodb:GetRecords`, `dynamodb:GetShardIterator` on the stream; `dynamodb:ListStreams` on `"*"` | — |
//! | `event_source(kinesis = STREAM_ARN)` | `kinesis:DescribeStream`, `kinesis:DescribeStreamSummary`, `kinesis:GetRecords`, `kinesis:GetShardIterator`, `kinesis:ListShards` on the stream; `kinesis:ListStreams` on `"*"` | — |
//! | `tracing` | `xray:PutTraceSegments`, `xray:PutTelemetryRecords` on `"*"` | — |
//! | `on_failure(sqs = QUEUE_ARN)` | `sqs:SendMessage` on the queue | — |
//! | `on_failure(sns = TOPIC_ARN)` | `sns:Publish` on the topic | — |
//! | `kms(key = KEY_ARN)` | `kms:Decrypt` on the key (environment variables encrypted with it) | — |
//! | `kms(key = KEY_ARN, via = ["s3", ..])` | `kms:Decrypt`, `kms:GenerateDataKey` on the key, only through those services (`kms:ViaService`) | — |
//!
//! The event-source actions are those of AWS's managed policies `AWSLambdaSQSQueueExecutionRole`,
//! `AWSLambdaDynamoDBExecutionRole` and `AWSLambdaKinesisExecutionRole` (without their logs
//! statement, which the baseline scopes to the function's own group), each scoped to the one
//! source instead of `"*"`; only the `ListStreams` actions stay on `"*"`, because they support no
//! resource-level permission. `kinesis:SubscribeToShard` (enhanced fan-out) acts on a stream
//! consumer, which this item does not name: declare it with `allow(..)` when a consumer is used.
//!
//! Every statement of the resource-based policy carries `aws:SourceAccount` (the function's
//! account) and, for a service principal, `aws:SourceArn` (the triggering resource): without
//! them, any account's bucket or topic could invoke the function through the service (the
//! confused deputy).

use crate::decl::{ConditionSpec, Effect, StatementSpec};

/// The item keywords.
pub const TRACING: &str = "tracing";
pub const TRIGGER: &str = "trigger";
pub const EVENT_SOURCE: &str = "event_source";
pub const ON_FAILURE: &str = "on_failure";
pub const KMS: &str = "kms";

/// A deploy item without spans.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeploySpec {
    pub key: String,
    pub kind: String,
    pub arn: Option<String>,
    pub auth: Option<String>,
    pub via: Vec<String>,
}

/// What a `KIND = ARN` of an item takes: the catalog resource type the ARN must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// The item keyword.
    pub key: &'static str,
    /// The kind inside the parentheses.
    pub kind: &'static str,
    /// The catalog service and resource type.
    pub service: &'static str,
    pub resource_types: &'static [&'static str],
    /// What it is, for messages.
    pub what: &'static str,
    /// An ARN to show in help.
    pub example: &'static str,
    /// Whether wildcards are expected (an API Gateway ARN names stages, methods and paths).
    pub pattern: bool,
}

/// Every `KIND = ARN` the items accept.
pub const TARGETS: &[Target] = &[
    Target {
        key: TRIGGER,
        kind: "s3",
        service: "s3",
        resource_types: &["bucket"],
        what: "an S3 bucket ARN",
        example: "arn:${Partition}:s3:::my-bucket",
        pattern: false,
    },
    Target {
        key: TRIGGER,
        kind: "sns",
        service: "sns",
        resource_types: &["topic"],
        what: "an SNS topic ARN",
        example: "arn:${Partition}:sns:${Region}:${Account}:my-topic",
        pattern: false,
    },
    Target {
        key: TRIGGER,
        kind: "events",
        service: "events",
        resource_types: &["rule-on-default-event-bus", "rule-on-custom-event-bus"],
        what: "an EventBridge rule ARN",
        example: "arn:${Partition}:events:${Region}:${Account}:rule/my-rule",
        pattern: false,
    },
    Target {
        key: TRIGGER,
        kind: "apigateway",
        service: "execute-api",
        resource_types: &["execute-api-general"],
        what: "an API Gateway execute-api ARN (API, stage, method, path)",
        example: "arn:${Partition}:execute-api:${Region}:${Account}:a1b2c3d4e5/*/GET/items",
        pattern: true,
    },
    Target {
        key: EVENT_SOURCE,
        kind: "sqs",
        service: "sqs",
        resource_types: &["queue"],
        what: "an SQS queue ARN",
        example: "arn:${Partition}:sqs:${Region}:${Account}:my-queue",
        pattern: false,
    },
    Target {
        key: EVENT_SOURCE,
        kind: "dynamodb_stream",
        service: "dynamodb",
        resource_types: &["stream"],
        what: "a DynamoDB stream ARN",
        example: "arn:${Partition}:dynamodb:${Region}:${Account}:table/my-table/stream/*",
        pattern: false,
    },
    Target {
        key: EVENT_SOURCE,
        kind: "kinesis",
        service: "kinesis",
        resource_types: &["stream"],
        what: "a Kinesis data stream ARN",
        example: "arn:${Partition}:kinesis:${Region}:${Account}:stream/my-stream",
        pattern: false,
    },
    Target {
        key: ON_FAILURE,
        kind: "sqs",
        service: "sqs",
        resource_types: &["queue"],
        what: "an SQS queue ARN",
        example: "arn:${Partition}:sqs:${Region}:${Account}:my-dlq",
        pattern: false,
    },
    Target {
        key: ON_FAILURE,
        kind: "sns",
        service: "sns",
        resource_types: &["topic"],
        what: "an SNS topic ARN",
        example: "arn:${Partition}:sns:${Region}:${Account}:my-failures",
        pattern: false,
    },
    Target {
        key: KMS,
        kind: "key",
        service: "kms",
        resource_types: &["key"],
        what: "a KMS key ARN",
        example: "arn:${Partition}:kms:${Region}:${Account}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        pattern: false,
    },
];

/// The kind of `trigger` that takes no ARN.
pub const FUNCTION_URL: &str = "function_url";
/// The values of `auth` of `trigger(function_url, ..)`.
pub const AUTH_TYPES: &[&str] = &["AWS_IAM", "NONE"];
/// The services `kms(.., via = [..])` accepts: their endpoint prefix in `kms:ViaService`.
pub const VIA_SERVICES: &[&str] = &["s3", "dynamodb", "sqs", "secretsmanager"];

/// The kinds an item accepts (for "expected one of").
pub fn kinds_of(key: &str) -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = TARGETS
        .iter()
        .filter(|t| t.key == key)
        .map(|t| t.kind)
        .collect();
    if key == TRIGGER {
        kinds.push(FUNCTION_URL);
    }
    kinds
}

/// The target of `key(kind = ..)`.
pub fn target(key: &str, kind: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.key == key && t.kind == kind)
}

fn allow(actions: &[&str], resource: &str, reason: &str) -> StatementSpec {
    StatementSpec {
        effect: Effect::Allow,
        actions: actions.iter().map(|a| a.to_string()).collect(),
        resources: vec![resource.to_string()],
        conditions: Vec::new(),
        reason: Some(reason.to_string()),
    }
}

/// The execution-role statements of an item (none for a trigger), each with the reason
/// `cargo iam explain` shows.
pub fn execution_statements(item: &DeploySpec) -> Vec<StatementSpec> {
    let arn = item.arn.as_deref().unwrap_or("*");
    match (item.key.as_str(), item.kind.as_str()) {
        (TRACING, _) => vec![allow(
            &["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            "*",
            "`tracing`: Lambda sends the function's X-Ray segments with the execution role; \
             these actions support no resource-level permission, so `*` is the narrowest",
        )],
        (EVENT_SOURCE, "sqs") => vec![allow(
            &[
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
            ],
            arn,
            "`event_source(sqs)`: the event source mapping polls and deletes the queue's messages \
             with the execution role (AWSLambdaSQSQueueExecutionRole, scoped to the queue)",
        )],
        (EVENT_SOURCE, "dynamodb_stream") => vec![
            allow(
                &[
                    "dynamodb:DescribeStream",
                    "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator",
                ],
                arn,
                "`event_source(dynamodb_stream)`: the event source mapping reads the stream with \
                 the execution role (AWSLambdaDynamoDBExecutionRole, scoped to the stream)",
            ),
            allow(
                &["dynamodb:ListStreams"],
                "*",
                "`event_source(dynamodb_stream)`: `dynamodb:ListStreams` supports no \
                 resource-level permission, so `*` is the narrowest",
            ),
        ],
        (EVENT_SOURCE, "kinesis") => vec![
            allow(
                &[
                    "kinesis:DescribeStream",
                    "kinesis:DescribeStreamSummary",
                    "kinesis:GetRecords",
                    "kinesis:GetShardIterator",
                    "kinesis:ListShards",
                ],
                arn,
                "`event_source(kinesis)`: the event source mapping reads the stream with the \
                 execution role (AWSLambdaKinesisExecutionRole, scoped to the stream)",
            ),
            allow(
                &["kinesis:ListStreams"],
                "*",
                "`event_source(kinesis)`: `kinesis:ListStreams` supports no resource-level \
                 permission, so `*` is the narrowest",
            ),
        ],
        (ON_FAILURE, "sqs") => vec![allow(
            &["sqs:SendMessage"],
            arn,
            "`on_failure(sqs)`: Lambda sends the records of failed invocations to this queue \
             with the execution role",
        )],
        (ON_FAILURE, "sns") => vec![allow(
            &["sns:Publish"],
            arn,
            "`on_failure(sns)`: Lambda publishes the records of failed invocations to this topic \
             with the execution role",
        )],
        (KMS, _) if item.via.is_empty() => vec![allow(
            &["kms:Decrypt"],
            arn,
            "`kms`: Lambda decrypts the function's environment variables with this key, using \
             the execution role",
        )],
        (KMS, _) => {
            let mut s = allow(
                &["kms:Decrypt", "kms:GenerateDataKey"],
                arn,
                "`kms(.., via)`: the declared resources of these services are encrypted with \
                 this key; the key is usable only through them (`kms:ViaService`)",
            );
            s.conditions.push(ConditionSpec {
                operator: "StringEquals".into(),
                key: "kms:ViaService".into(),
                values: item
                    .via
                    .iter()
                    .map(|v| format!("{v}.${{Region}}.amazonaws.com"))
                    .collect(),
            });
            vec![s]
        }
        _ => Vec::new(),
    }
}

/// The service principal of a trigger kind.
pub fn trigger_principal(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "s3" => "s3.amazonaws.com",
        "sns" => "sns.amazonaws.com",
        "events" => "events.amazonaws.com",
        "apigateway" => "apigateway.amazonaws.com",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn every_target_names_a_catalog_resource_type() {
        for t in TARGETS {
            let service = catalog::service(t.service).expect(t.service);
            for rt in t.resource_types {
                assert!(service.resource_type(rt).is_some(), "{}:{rt}", t.service);
            }
        }
    }

    #[test]
    fn every_generated_action_exists_and_star_only_where_nothing_narrower() {
        let items = [
            (TRACING, "", None),
            (
                EVENT_SOURCE,
                "sqs",
                Some("arn:aws:sqs:eu-west-1:123456789012:q"),
            ),
            (
                EVENT_SOURCE,
                "dynamodb_stream",
                Some("arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/*"),
            ),
            (
                EVENT_SOURCE,
                "kinesis",
                Some("arn:aws:kinesis:eu-west-1:123456789012:stream/s"),
            ),
            (
                ON_FAILURE,
                "sqs",
                Some("arn:aws:sqs:eu-west-1:123456789012:q"),
            ),
            (
                ON_FAILURE,
                "sns",
                Some("arn:aws:sns:eu-west-1:123456789012:t"),
            ),
            (KMS, "key", Some("arn:aws:kms:eu-west-1:123456789012:key/k")),
        ];
        for (key, kind, arn) in items {
            let spec = DeploySpec {
                key: key.into(),
                kind: kind.into(),
                arn: arn.map(Into::into),
                auth: None,
                via: Vec::new(),
            };
            let statements = execution_statements(&spec);
            assert!(!statements.is_empty(), "{key}({kind})");
            for s in statements {
                for a in &s.actions {
                    let (_, action) = catalog::action(a).unwrap_or_else(|| panic!("{a}"));
                    let star = s.resources == ["*"];
                    assert_eq!(
                        star,
                        action.resource_types.is_empty(),
                        "{a}: `*` exactly when it supports no resource"
                    );
                }
            }
        }
    }
}
