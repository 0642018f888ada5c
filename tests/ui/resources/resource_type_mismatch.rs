#[lambda_iam::handler(allow("s3:GetObject", "arn:aws:s3:::my-source-images"))]
fn object_action_on_a_bucket() {}

#[lambda_iam::handler(allow("s3:ListBucket", "arn:aws:s3:::my-source-images/*"))]
fn bucket_action_on_objects() {}

#[lambda_iam::handler(allow("s3:GetObject", "arn:aws:s3:eu-west-1:123456789012:my-source-images/*"))]
fn s3_with_region_and_account() {}

#[lambda_iam::handler(allow(
    "dynamodb:GetItem",
    "arn:${Partition}:dynamodb:${Region}:${Account}:table/T/index/ByDate"
))]
fn item_action_on_an_index() {}

#[lambda_iam::handler(allow(
    "logs:PutLogEvents",
    "arn:${Partition}:logs:${Region}:${Account}:log-group:/aws/lambda/resize"
))]
fn stream_action_on_a_group() {}

fn main() {}
