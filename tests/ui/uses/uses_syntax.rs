#[lambda_iam::requires(allow("s3:GetObject", "arn:${Partition}:s3:::a/*"))]
fn helper() {}

#[lambda_iam::handler(uses())]
fn empty() {}

#[lambda_iam::handler(uses("helper"))]
fn string_path() {}

#[lambda_iam::handler(uses(helper::<u8>))]
fn generic_path() {}

#[lambda_iam::handler(uses(helper, helper))]
fn repeated() {}

fn main() {}
