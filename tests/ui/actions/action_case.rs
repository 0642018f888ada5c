#[lambda_iam::handler(allow("s3:getobject", "arn:${Partition}:s3:::source/*"))]
fn lowercase() {}

#[lambda_iam::handler(allow("DynamoDB:PutItem", "arn:${Partition}:dynamodb:${Region}:${Account}:table/T"))]
fn service_case() {}

fn main() {}
