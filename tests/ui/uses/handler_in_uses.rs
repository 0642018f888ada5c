#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::a/*"))]
fn other_handler() {}

#[lambda_iam::handler(uses(other_handler))]
fn handler() {}

fn main() {}
