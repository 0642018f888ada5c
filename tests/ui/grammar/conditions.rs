#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::a/*",
    condition("StringEquals", "aws:RequestedRegion")))]
fn missing_value() {}

#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::a/*",
    condition("StringEquals", "aws:RequestedRegion", "eu-west-1", "eu-central-1")))]
fn fourth_argument() {}

#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::a/*",
    condition(StringEquals, "aws:RequestedRegion", "eu-west-1")))]
fn operator_not_a_string() {}

#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::a/*",
    condition("StringEquals", "aws:RequestedRegion", region)))]
fn value_not_a_literal() {}

fn main() {}
