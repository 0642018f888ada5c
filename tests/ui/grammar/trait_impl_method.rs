// Methods of trait impls are not supported: the declaration constant cannot join the impl.
trait Store {
    fn put(&self);
}

struct S3;

impl Store for S3 {
    #[lambda_iam::requires(allow("s3:PutObject", "arn:${Partition}:s3:::a/*"))]
    fn put(&self) {}
}

fn main() {}
