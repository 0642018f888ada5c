#[lambda_iam::handler(allow(["s3:GetObject", "s3:PutObject", "s3:getobject"], "arn:${Partition}:s3:::a/*"))]
fn repeated_action() {}

#[lambda_iam::handler(allow("s3:GetObject", ["arn:${Partition}:s3:::a/*", "arn:${Partition}:s3:::a/*"]))]
fn repeated_resource() {}

#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::a/*",
    condition("Bool", "aws:SecureTransport", true),
    condition("Bool", "aws:SecureTransport", true)))]
fn repeated_condition() {}

fn main() {}
