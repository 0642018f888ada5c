// Each deploy item's ARN must name the resource type it acts on.
#[lambda_iam::handler(
    trigger(s3 = "arn:${Partition}:sns:${Region}:${Account}:uploads"),
    trigger(sns = "arn:${Partition}:sns:${Region}:${Account}:topic/extra"),
    event_source(sqs = "*"),
    event_source(kinesis = "arn:${Partition}:dynamodb:${Region}:${Account}:table/t/stream/*"),
    on_failure(sns = "arn:${Partition}:sqs:${Region}:${Account}:dlq"),
    kms(key = "arn:${Partition}:kms:${Region}:${Account}:alias/app"),
    trigger(apigateway = "not-an-arn"),
)]
async fn handler() {}

fn main() {}
