//! IAM policy variables (`${aws:..}`) pass through untouched, next to built-in and user
//! placeholders.

#[lambda_iam::handler(
    allow(
        "s3:GetObject",
        "arn:${Partition}:s3:::home-${Stage}/${aws:username}/*",
    ),
    allow(
        "dynamodb:GetItem",
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/Users",
        condition("ForAllValues:StringEquals", "dynamodb:LeadingKeys", ["${aws:userid}"]),
    ),
)]
fn handler() {}

fn main() {
    handler();
    let d = lambda_iam::declared!(handler);
    assert_eq!(d.statements[0].resources, ["arn:${Partition}:s3:::home-${Stage}/${aws:username}/*"]);
    assert_eq!(d.statements[1].conditions[0].values, ["${aws:userid}"]);
}
