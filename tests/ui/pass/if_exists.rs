//! `...IfExists` operators, and values of every literal kind kept as IAM text.

#[lambda_iam::handler(allow(
    "s3:PutObject",
    "arn:${Partition}:s3:::uploads/*",
    condition("StringEqualsIfExists", "s3:x-amz-server-side-encryption", "aws:kms"),
    condition("BoolIfExists", "aws:SecureTransport", true),
    condition("NumericLessThanEqualsIfExists", "s3:max-keys", 100),
    condition("IpAddressIfExists", "aws:SourceIp", ["10.0.0.0/8", "192.168.0.0/16"]),
))]
async fn handler() {}

fn main() {
    let _ = handler();
    let c = lambda_iam::declared!(handler).statements[0].conditions;
    assert_eq!(c[0].operator, "StringEqualsIfExists");
    assert_eq!(c[1].values, ["true"]);
    assert_eq!(c[2].values, ["100"]);
    assert_eq!(c[3].values, ["10.0.0.0/8", "192.168.0.0/16"]);
}
