//! Declare the AWS IAM permissions of a Lambda handler on the handler itself.

pub use lambda_iam_macros::{handler, requires};

#[doc(hidden)]
pub mod __private {
    pub use lambda_iam_core::declared::*;
}
