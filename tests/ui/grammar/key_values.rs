#[lambda_iam::handler(vpc = true)]
fn vpc_with_value() {}

#[lambda_iam::handler(function = image_processor)]
fn function_not_a_string() {}

#[lambda_iam::handler(function)]
fn function_without_value() {}

#[lambda_iam::handler(log_group("/custom"))]
fn log_group_call() {}

fn main() {}
