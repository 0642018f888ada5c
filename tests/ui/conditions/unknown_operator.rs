#[lambda_iam::handler(allow(
    "s3:GetObject",
    "arn:${Partition}:s3:::source/*",
    condition("StringEqual", "aws:SourceVpce", "vpce-1a2b3c4d"),
    condition("boolIfExists", "aws:SecureTransport", true),
    condition("NullIfExists", "aws:SourceVpce", false),
))]
fn operators() {}

fn main() {}
