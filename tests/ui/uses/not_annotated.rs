mod storage {
    pub fn put_image() {}
}

#[lambda_iam::handler(uses(storage::put_image))]
fn handler() {}

fn main() {
    storage::put_image();
}
