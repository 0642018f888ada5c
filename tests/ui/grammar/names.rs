#[lambda_iam::handler(function = "image processor")]
fn space_in_function() {}

#[lambda_iam::handler(function = "${Stage}-resizer")]
fn placeholder_in_function() {}

#[lambda_iam::handler(function = "a-function-name-that-is-far-too-long-for-lambda-to-accept-it-at-all")]
fn long_function() {}

#[lambda_iam::handler(log_group = "/aws/lambda/my function")]
fn space_in_log_group() {}

#[lambda_iam::handler(log_group = "/aws/${aws:username}")]
fn policy_variable_in_log_group() {}

fn main() {}
