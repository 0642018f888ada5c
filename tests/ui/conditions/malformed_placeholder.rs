#[lambda_iam::handler(allow(
    "s3:GetObject",
    "arn:${Partition}:s3:::source/*",
    condition("StringEquals", "aws:SourceVpce", "${Vpce"),
))]
fn unclosed_in_value() {}

fn main() {}
