#[lambda_iam::handler(
    allow("s3:GetObject", "arn:${Partition}:s3:::a/*"),
    deny(["s3:DeleteObject", "s3:GetObject"], "arn:${Partition}:s3:::a/*"),
)]
fn handler() {}

fn main() {}
