#[lambda_iam::handler(allow("dynamodb:PutItem", "arn:${Partition}:s3:::my-bucket"))]
fn s3_arn_for_dynamodb() {}

#[lambda_iam::handler(allow(
    "kafka-cluster:ReadData",
    "arn:${Partition}:kafka-cluster:${Region}:${Account}:topic/orders/abc-123/orders"
))]
fn prefix_is_not_the_arn_service() {}

fn main() {}
