//! `?` and `*` are IAM wildcards inside ARNs.

#[lambda_iam::handler(allow(
    "s3:GetObject",
    "arn:${Partition}:s3:::reports-20??/daily-*.csv",
))]
fn handler() {}

fn main() {
    handler();
    let d = lambda_iam::declared!(handler);
    assert_eq!(d.statements[0].resources, ["arn:${Partition}:s3:::reports-20??/daily-*.csv"]);
}
