#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::a/*", "arn:${Partition}:s3:::b/*"))]
fn third_argument() {}

#[lambda_iam::handler(allow(s3_get_object, "arn:${Partition}:s3:::a/*"))]
fn identifier_action() {}

#[lambda_iam::handler(allow(["s3:GetObject", 42], "arn:${Partition}:s3:::a/*"))]
fn number_in_list() {}

#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::a/*", reasn = "x"))]
fn misspelt_key() {}

#[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::a/*", vpc))]
fn item_inside_statement() {}

fn main() {}
