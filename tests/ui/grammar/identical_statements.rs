#[lambda_iam::handler(
    allow(["s3:GetObject", "s3:PutObject"], "arn:${Partition}:s3:::a/*"),
    allow(actions = ["s3:PutObject", "s3:GetObject"], resources = "arn:${Partition}:s3:::a/*"),
)]
fn handler() {}

fn main() {}
