#[lambda_iam::handler(allow("s3:GetObject", "*"))]
fn star_on_objects() {}

#[lambda_iam::handler(allow("dynamodb:PutItem", "*"))]
fn star_on_a_table() {}

fn main() {}
