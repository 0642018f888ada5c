#[lambda_iam::handler(allow(
    "s3:GetObject",
    "arn:${Partition}:s3:::source/*",
    condition("NumericLessThan", "aws:SourceArn", 5),
    condition("Bool", "aws:SourceVpce", true),
))]
fn wrong_families() {}

fn main() {}
