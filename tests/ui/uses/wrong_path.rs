mod storage {
    #[lambda_iam::requires(allow("s3:PutObject", "arn:${Partition}:s3:::a/*"))]
    pub fn put_image() {}
}

#[lambda_iam::handler(uses(storage::put_imag))]
fn misspelt_function() {}

#[lambda_iam::handler(uses(stroage::put_image))]
fn misspelt_module() {}

fn main() {}
