#[lambda_iam::handler(allow("iam:PassRole", "arn:${Partition}:iam::${Account}:role/worker"))]
fn pass_role() {}

#[lambda_iam::handler(allow(
    "lambda:UpdateFunctionCode",
    "arn:${Partition}:lambda:${Region}:${Account}:function:resize"
))]
fn update_code() {}

fn main() {}
