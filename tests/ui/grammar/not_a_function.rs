#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::a/*"))]
struct Handler;

#[lambda_iam::requires(allow("s3:GetObject", "arn:${Partition}:s3:::a/*"))]
mod helpers {}

fn main() {}
