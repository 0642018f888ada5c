#[lambda_iam::handler(allow(
    "s3:ListBucket",
    "arn:${Partition}:s3:::source",
    condition("Bool", "aws:SecureTransprt", true),
    condition("StringLike", "s3:prefx", "home/*"),
))]
fn misspelt_keys() {}

fn main() {}
