#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::${source-bucket}/*"))]
fn dash_in_name() {}

#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::${1st}/*"))]
fn starts_with_digit() {}

#[lambda_iam::handler(log_group = "/app/${my stage}")]
fn space_in_log_group_placeholder() {}

fn main() {}
