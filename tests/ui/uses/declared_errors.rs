fn not_annotated() {}

fn main() {
    let _ = lambda_iam::declared!(not_annotated);
    let _ = lambda_iam::declared!("not_annotated");
}
