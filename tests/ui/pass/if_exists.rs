//! `...IfExists` operators, and values of every literal kind kept as IAM text.

#[lambda_iam::handler(
    allow(
        "s3:PutObject",
        "arn:${Partition}:s3:::uploads/*",
        condition("StringEqualsIfExists", "s3:x-amz-server-side-encryption", "aws:kms"),
        condition("BoolIfExists", "aws:SecureTransport", true),
        condition("IpAddressIfExists", "aws:SourceIp", ["10.0.0.0/8", "192.168.0.0/16"]),
    ),
    allow(
        "s3:ListBucket",
        "arn:${Partition}:s3:::uploads",
        condition("NumericLessThanEqualsIfExists", "s3:max-keys", 100),
    ),
)]
async fn handler() {}

fn main() {
    let _ = handler();
    let d = lambda_iam::declared!(handler);
    let statements = d.statements;
    let c = &statements[0].conditions;
    assert_eq!(c[0].operator, "StringEqualsIfExists");
    assert_eq!(c[1].values, ["true"]);
    assert_eq!(c[2].values, ["10.0.0.0/8", "192.168.0.0/16"]);
    assert_eq!(d.statements[1].conditions[0].values, ["100"]);
}
