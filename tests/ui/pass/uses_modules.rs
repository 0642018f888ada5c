//! `uses` across modules: relative, `self::`, `super::`, `crate::` paths, nested helpers.

mod storage {
    #[lambda_iam::requires(allow("s3:GetObject", "arn:${Partition}:s3:::source/*"))]
    pub fn get() {}

    pub mod write {
        #[lambda_iam::requires(
            allow("s3:PutObject", "arn:${Partition}:s3:::target/*"),
            uses(super::get),
        )]
        pub fn put() {
            super::get()
        }
    }
}

mod db {
    #[lambda_iam::requires(
        allow("dynamodb:PutItem", "arn:${Partition}:dynamodb:${Region}:${Account}:table/T"),
        uses(self::audit, crate::storage::get),
    )]
    pub(crate) fn save() {
        audit()
    }

    #[lambda_iam::requires(allow("sqs:SendMessage", "arn:${Partition}:sqs:${Region}:${Account}:audit"))]
    pub(super) fn audit() {}
}

#[lambda_iam::handler(uses(storage::write::put, db::save))]
fn handler() {
    storage::write::put();
    db::save();
}

fn main() {
    handler();
    let d = lambda_iam::declared!(handler);
    assert!(d.statements.is_empty());
    let actions: Vec<String> = d.all_statements().into_iter().map(|s| s.actions[0].clone()).collect();
    assert_eq!(actions, ["s3:PutObject", "s3:GetObject", "dynamodb:PutItem", "sqs:SendMessage"]);
    assert!(d.uses[0].path.ends_with("::storage::write::put"), "{}", d.uses[0].path);
}
