//! `declared!` is usable in `const` context (the declaration itself; its text is read at run
//! time), and the docs the macro adds pass `missing_docs`.

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
const USES: usize = DECLARATION.uses().len();

fn main() {
    handler();
    assert_eq!(USES, 0);
    assert_eq!(DECLARATION.statements()[0].actions, ["s3:GetObject"]);
    assert!(DECLARATION.is_handler());
}
