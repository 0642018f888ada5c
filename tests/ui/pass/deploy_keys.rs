//! Every deploy item in its valid forms. They shape the function's deployment (its
//! execution-role statements and resource-based policy, written by `cargo iam emit`), not the
//! calls its code makes: `declared!` holds the code's own statements only.

#[lambda_iam::handler(
    tracing,
    trigger(s3 = "arn:${Partition}:s3:::incoming"),
    trigger(sns = "arn:${Partition}:sns:${Region}:${Account}:events"),
    trigger(events = "arn:${Partition}:events:${Region}:${Account}:rule/nightly"),
    trigger(events = "arn:${Partition}:events:${Region}:${Account}:rule/custom-bus/nightly"),
    trigger(apigateway = "arn:${Partition}:execute-api:${Region}:${Account}:a1b2c3/*/GET/items"),
    trigger(function_url, auth = "NONE"),
    event_source(sqs = "arn:${Partition}:sqs:${Region}:${Account}:jobs"),
    event_source(dynamodb_stream = "arn:${Partition}:dynamodb:${Region}:${Account}:table/T/stream/*"),
    event_source(kinesis = "arn:${Partition}:kinesis:${Region}:${Account}:stream/clicks"),
    on_failure(sqs = "arn:${Partition}:sqs:${Region}:${Account}:jobs-dlq"),
    on_failure(sns = "arn:${Partition}:sns:${Region}:${Account}:failures"),
    kms(key = "arn:${Partition}:kms:${Region}:${Account}:key/k1"),
    kms(key = "arn:${Partition}:kms:${Region}:${Account}:key/k2", via = ["s3", "dynamodb", "sqs", "secretsmanager"]),
    allow("s3:GetObject", "arn:${Partition}:s3:::incoming/*"),
)]
async fn handler() {}

fn main() {
    let d = lambda_iam::declared!(handler);
    assert!(d.is_handler());
    assert_eq!(d.all_statements().len(), 1);
    assert_eq!(d.statements[0].actions, ["s3:GetObject"]);
}
