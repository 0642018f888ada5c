//! Lists of actions, resources and condition values, with trailing commas.

#[lambda_iam::handler(
    allow(
        ["s3:GetObject", "s3:PutObject",],
        ["arn:${Partition}:s3:::source/*", "arn:${Partition}:s3:::target/*",],
    ),
    allow("s3:ListBucket", ["arn:${Partition}:s3:::source", "arn:${Partition}:s3:::target"]),
)]
fn handler() {}

fn main() {
    handler();
    let d = lambda_iam::declared!(handler);
    assert_eq!(d.statements.len(), 2);
    assert_eq!(d.statements[0].actions, ["s3:GetObject", "s3:PutObject"]);
    assert_eq!(d.statements[0].resources.len(), 2);
    assert_eq!(d.statements[1].resources[1], "arn:${Partition}:s3:::target");
}
