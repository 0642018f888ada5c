// Deploy items describe one Lambda function: a `requires` helper cannot have them.
#[lambda_iam::requires(
    allow("s3:GetObject", "arn:${Partition}:s3:::a/*"),
    tracing,
    trigger(s3 = "arn:${Partition}:s3:::a"),
    event_source(sqs = "arn:${Partition}:sqs:${Region}:${Account}:q"),
)]
fn helper() {}

fn main() {}
