#[lambda_iam::requires(
    allow("s3:GetObject", "arn:${Partition}:s3:::a/*"),
    function = "helper",
    vpc,
    log_group = "/custom",
)]
fn helper() {}

fn main() {}
