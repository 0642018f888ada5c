#[lambda_iam::handler(allow("s3:Get*", "arn:${Partition}:s3:::source/*"))]
fn prefix_wildcard() {}

#[lambda_iam::handler(allow("*", "*"))]
fn every_action() {}

fn main() {}
