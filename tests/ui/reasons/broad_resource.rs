#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::*"))]
fn every_bucket() {}

#[lambda_iam::handler(allow("dynamodb:GetItem", "arn:${Partition}:dynamodb:${Region}:${Account}:table/*"))]
fn every_table() {}

#[lambda_iam::handler(allow("sqs:SendMessage", "arn:${Partition}:sqs:${Region}:*:jobs"))]
fn every_account() {}

fn main() {}
