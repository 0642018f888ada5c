#[lambda_iam::handler(allow("s3:GetObjekt", "arn:${Partition}:s3:::source/*"))]
fn misspelt() {}

#[lambda_iam::handler(allow("dynamodb:FlyToTheMoon", "*"))]
fn nothing_close() {}

#[lambda_iam::handler(allow("GetObject", "arn:${Partition}:s3:::source/*"))]
fn no_service() {}

fn main() {}
