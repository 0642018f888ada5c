// Every mistake of one attribute is reported in the same build.
#[lambda_iam::handler(
    alow("s3:GetObject", "arn:${Partition}:s3:::source/*"),
    vpc = true,
    allow("s3:PutObject"),
    functon = "resize",
    allow(["s3:GetObject", "s3:GetObject"], "arn:${Partition}:s3:::source/*"),
)]
fn handler() {}

fn main() {}
