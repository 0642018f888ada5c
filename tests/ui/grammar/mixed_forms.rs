#[lambda_iam::handler(allow("s3:GetObject", resources = "arn:${Partition}:s3:::a/*"))]
fn positional_then_keyed() {}

#[lambda_iam::handler(deny(actions = "s3:DeleteObject", "arn:${Partition}:s3:::a/*"))]
fn keyed_then_positional() {}

fn main() {}
