#[lambda_iam::handler(allow(
    "s3:GetObject",
    "arn:${Partition}:s3:::source/*",
    condition("Bool", "aws:SecureTransport", "yes"),
    condition("IpAddress", "aws:SourceIp", ["10.0.0.0/8", "10.0.0.0/33"]),
    condition("ArnLike", "aws:SourceArn", "my-topic"),
    condition("DateLessThan", "aws:CurrentTime", "tomorrow"),
    condition("NumericLessThan", "aws:MultiFactorAuthAge", "an hour"),
))]
fn wrong_values() {}

fn main() {}
