//! `declared!` is usable in `const` and `static` items (its contents are decoded on first read),
//! and the docs the macro adds pass `missing_docs`.

#![deny(missing_docs)]
//! Crate docs.

/// Reads the source image.
#[lambda_iam::handler(allow(
    "s3:GetObject",
    "arn:${Partition}:s3:::source/*",
    condition("StringLike", "s3:ExistingObjectTag/kind", ["image*"]),
))]
pub fn handler() {}

const DECLARATION: &lambda_iam::Declaration = lambda_iam::declared!(handler);
static ALSO: &lambda_iam::Declaration = lambda_iam::declared!(handler);

fn main() {
    handler();
    assert!(DECLARATION.uses.is_empty());
    assert_eq!(ALSO.path, DECLARATION.path);
    assert_eq!(DECLARATION.statements[0].actions, ["s3:GetObject"]);
    assert!(DECLARATION.is_handler());
}
