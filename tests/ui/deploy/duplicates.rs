// The same trigger twice is a mistake, pointed at the second.
#[lambda_iam::handler(
    trigger(s3 = "arn:${Partition}:s3:::uploads"),
    trigger(s3 = "arn:${Partition}:s3:::uploads"),
    trigger(function_url, auth = "NONE"),
    trigger(function_url, auth = "AWS_IAM"),
)]
async fn handler() {}

fn main() {}
