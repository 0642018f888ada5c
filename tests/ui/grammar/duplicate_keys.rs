#[lambda_iam::handler(function = "a", function = "b")]
fn two_functions() {}

#[lambda_iam::handler(vpc, vpc)]
fn two_vpcs() {}

#[lambda_iam::handler(log_group = "/a", log_group = "/b")]
fn two_log_groups() {}

fn main() {}
