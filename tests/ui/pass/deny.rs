//! Deny statements, with a reason and conditions, next to an allow they narrow.

use lambda_iam::Effect;

#[lambda_iam::handler(
    allow("s3:GetObject", "arn:${Partition}:s3:::data/*"),
    deny(
        "s3:GetObject",
        "arn:${Partition}:s3:::data/*",
        condition("Bool", "aws:SecureTransport", false),
        reason = "plain HTTP is never acceptable",
    ),
    deny(actions = ["s3:DeleteObject"], resources = "*"),
)]
fn handler() {}

fn main() {
    handler();
    let d = lambda_iam::declared!(handler);
    assert_eq!(d.statements[1].effect, Effect::Deny);
    assert_eq!(d.statements[1].reason, Some("plain HTTP is never acceptable"));
    assert_eq!(d.statements[2].effect, Effect::Deny);
    assert_eq!(d.statements[2].resources, ["*"]);
}
