#[lambda_iam::handler(allow([], "arn:${Partition}:s3:::a/*"))]
fn no_actions() {}

#[lambda_iam::handler(allow(actions = "s3:GetObject", resources = []))]
fn no_resources() {}

#[lambda_iam::handler(allow(
    "s3:GetObject",
    "arn:${Partition}:s3:::a/*",
    condition("StringEquals", "aws:RequestedRegion", []),
))]
fn no_condition_values() {}

fn main() {}
