#[lambda_iam::handler(allow("s3:GetObject", "arn:${}:s3:::source/*"))]
fn in_resource() {}

#[lambda_iam::handler(log_group = "/aws/lambda/${}")]
fn in_log_group() {}

fn main() {}
