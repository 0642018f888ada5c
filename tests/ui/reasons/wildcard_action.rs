#[lambda_iam::handler(allow("s3:Get*", "arn:${Partition}:s3:::source/*"))]
fn prefix_wildcard() {}

#[lambda_iam::handler(allow("*", "*"))]
fn every_action() {}

// A reason does not make `*` acceptable: a generated policy never allows every action.
#[lambda_iam::handler(allow("*", "*", reason = "an admin tool"))]
fn every_action_with_reason() {}

fn main() {}
