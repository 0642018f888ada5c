#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition:s3:::source/*"))]
fn in_resource() {}

#[lambda_iam::handler(log_group = "/aws/lambda/${FunctionName")]
fn in_log_group() {}

fn main() {}
