#[lambda_iam::handler(allow("s3:Fetch*", "arn:${Partition}:s3:::source/*", reason = "all reads"))]
fn matches_nothing() {}

fn main() {}
