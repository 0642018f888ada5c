#[lambda_iam::handler(allow(
    "s3:GetObject",
    "arn:${Partition}:s3:::source/*",
    condition("StringLike", "s3:prefix", "home/*"),
))]
fn list_key_on_get() {}

#[lambda_iam::handler(allow(
    ["s3:ListBucket", "s3:GetObject"],
    ["arn:${Partition}:s3:::source", "arn:${Partition}:s3:::source/*"],
    condition("StringLike", "s3:prefix", "home/*"),
))]
fn one_of_two_actions() {}

fn main() {}
