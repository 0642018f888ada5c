#[lambda_iam::handler(allow(
    ["s3:GetObject", "s3:ListBucket"],
    "arn:${Partition}:s3:::my-source-images/*"
))]
fn list_bucket_needs_the_bucket() {}

fn main() {}
