#[lambda_iam::handler(allow(
    "ec2:DescribeNetworkInterfaces",
    "arn:${Partition}:ec2:${Region}:${Account}:network-interface/*"
))]
fn arn_on_describe() {}

#[lambda_iam::handler(allow(
    ["s3:GetObject", "ec2:DescribeNetworkInterfaces"],
    "arn:${Partition}:s3:::my-source-images/*"
))]
fn mixed_statement() {}

fn main() {}
