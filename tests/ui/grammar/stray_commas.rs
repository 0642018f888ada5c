#[lambda_iam::handler(vpc,, function = "f")]
fn between_items() {}

#[lambda_iam::handler(allow(["s3:GetObject",, "s3:PutObject"], "arn:${Partition}:s3:::a/*"))]
fn inside_a_list() {}

fn main() {}
