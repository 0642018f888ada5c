//! Checks a declaration against the AWS IAM catalog (see DESIGN.md "What the macro checks").

use crate::decl::Attr;
use crate::diag::Diagnostics;

/// Pushes every finding about `attr` into `diags`.
pub fn validate(attr: &Attr, diags: &mut Diagnostics) {
    let _ = (attr, diags);
}
