// Grammar of the deploy items: every mistake reported at once.
#[lambda_iam::handler(
    trigger(ftp = "arn:${Partition}:s3:::b"),
    trigger(function_url),
    trigger(function_url, auth = "OPEN"),
    trigger(s3 = "arn:${Partition}:s3:::b", auth = "NONE"),
    event_source(sqs),
    kms(key = "arn:${Partition}:kms:${Region}:${Account}:key/k", via = ["ec2"]),
    tracing = true,
    tracing,
    tracing,
    on_failur(sqs = "arn:${Partition}:sqs:${Region}:${Account}:dlq"),
)]
async fn handler() {}

fn main() {}
