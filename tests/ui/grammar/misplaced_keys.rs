#[lambda_iam::handler(
    allow("s3:GetObject", "arn:${Partition}:s3:::a/*"),
    reason = "reads the images",
)]
fn top_level_reason() {}

#[lambda_iam::handler(condition("Bool", "aws:SecureTransport", true))]
fn top_level_condition() {}

fn main() {}
