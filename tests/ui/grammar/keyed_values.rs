#[lambda_iam::handler(allow(actions = "s3:GetObject", actions = "s3:PutObject", resources = "arn:${Partition}:s3:::a/*"))]
fn duplicate_actions_key() {}

#[lambda_iam::handler(allow(actions, resources = "arn:${Partition}:s3:::a/*"))]
fn key_without_value() {}

#[lambda_iam::handler(allow(actions: "s3:GetObject", resources = "arn:${Partition}:s3:::a/*"))]
fn colon_instead_of_equals() {}

fn main() {}
