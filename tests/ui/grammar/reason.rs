#[lambda_iam::handler(allow("s3:*", "arn:${Partition}:s3:::a/*", reason = ""))]
fn empty_reason() {}

#[lambda_iam::handler(allow("s3:*", "arn:${Partition}:s3:::a/*", reason = "a", reason = "b"))]
fn two_reasons() {}

#[lambda_iam::handler(allow("s3:*", "arn:${Partition}:s3:::a/*", reason = 1))]
fn reason_not_a_string() {}

fn main() {}
