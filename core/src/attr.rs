//! Parses the tokens inside `#[handler(..)]` / `#[requires(..)]` into a [`decl::Attr`].
//! (Owned by the grammar work; see DESIGN.md "Attribute grammar".)

use crate::decl::{Attr, AttrKind};
use crate::diag::Diagnostics;
use proc_macro2::TokenStream;

/// Parses an attribute's arguments, recovering at each comma-separated item so that every
/// error of the attribute is reported at once. Returns what parsed, plus the errors.
pub fn parse(kind: AttrKind, tokens: TokenStream) -> (Attr, Diagnostics) {
    let _ = tokens;
    (Attr::new(kind), Diagnostics::new())
}
