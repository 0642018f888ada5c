//! The keyed form, keys in any order, single strings or lists.

#[lambda_iam::handler(
    allow(
        resources = "arn:${Partition}:sqs:${Region}:${Account}:jobs",
        actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
    ),
    allow(
        actions = "sqs:SendMessage",
        condition("StringEquals", "aws:RequestedRegion", "eu-west-1"),
        resources = ["arn:${Partition}:sqs:${Region}:${Account}:done"],
    ),
)]
fn handler() {}

fn main() {
    handler();
    let d = lambda_iam::declared!(handler);
    assert_eq!(d.statements[0].actions, ["sqs:ReceiveMessage", "sqs:DeleteMessage"]);
    assert_eq!(d.statements[0].resources, ["arn:${Partition}:sqs:${Region}:${Account}:jobs"]);
    assert_eq!(d.statements[1].conditions[0].key, "aws:RequestedRegion");
}
