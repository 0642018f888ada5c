#[lambda_iam::handler(alow("s3:GetObject", "arn:${Partition}:s3:::source/*"))]
fn misspelt() {}

#[lambda_iam::handler(permit("s3:GetObject", "arn:${Partition}:s3:::source/*"))]
fn unknown() {}

#[lambda_iam::handler("s3:GetObject")]
fn bare_action() {}

fn main() {}
