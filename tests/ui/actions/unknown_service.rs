#[lambda_iam::handler(allow("s4:GetObject", "arn:${Partition}:s3:::source/*"))]
fn misspelt_service() {}

#[lambda_iam::handler(allow("dynamo:PutItem", "arn:${Partition}:dynamodb:${Region}:${Account}:table/T"))]
fn short_service() {}

#[lambda_iam::handler(allow("s3*:GetObject", "*", reason = "testing"))]
fn wildcard_service() {}

fn main() {}
