#[lambda_iam::handler(allow("s3:GetObject"))]
fn no_resource() {}

#[lambda_iam::handler(deny())]
fn nothing() {}

#[lambda_iam::handler(allow(resources = "arn:${Partition}:s3:::source/*"))]
fn keyed_no_action() {}

#[lambda_iam::handler(allow)]
fn no_parentheses() {}

fn main() {}
