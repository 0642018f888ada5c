//! On methods of an inherent impl, the declaration is an associated constant: `Type::method`
//! in `uses` and `declared!`.

struct Store;

impl Store {
    #[lambda_iam::requires(allow("s3:PutObject", "arn:${Partition}:s3:::target/*"))]
    pub fn put(&self) {}

    #[lambda_iam::requires(
        allow("s3:GetObject", "arn:${Partition}:s3:::source/*"),
        uses(Self::put),
    )]
    fn copy(&self) {
        self.put()
    }

    #[lambda_iam::handler(uses(Store::copy))]
    fn handler() {
        Store.copy()
    }
}

fn main() {
    Store::handler();
    let d = lambda_iam::declared!(Store::handler);
    assert_eq!(d.name(), "handler");
    assert_eq!(d.all_statements().len(), 2);
    assert_eq!(lambda_iam::declared!(Store::put).statements[0].actions, ["s3:PutObject"]);
}
