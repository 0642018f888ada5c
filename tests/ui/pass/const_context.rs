//! `declared!` is usable in `const` context, and the docs the macro adds compile as rustdoc.

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
const ACTION: &str = DECLARATION.statements[0].actions[0];

fn main() {
    handler();
    assert_eq!(ACTION, "s3:GetObject");
    assert!(DECLARATION.is_handler());
}
