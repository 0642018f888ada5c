#[lambda_iam::handler(allow("s3:GetObject", "my-source-images/*"))]
fn not_an_arn() {}

#[lambda_iam::handler(allow("s3:GetObject", "arn:aws:s3:my-source-images/*"))]
fn too_few_fields() {}

#[lambda_iam::handler(allow("s3:GetObject", "arn:amazon:s3:::my-source-images/*"))]
fn unknown_partition() {}

#[lambda_iam::handler(allow("dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:1234:table/T"))]
fn short_account() {}

fn main() {}
