//! Proc-macro shell of `lambda-iam`: parse → validate → expand, all logic in `lambda-iam-core`.
//! Use the macros through the `lambda-iam` crate, where they are documented.

use proc_macro::TokenStream;

#[proc_macro_attribute]
pub fn handler(args: TokenStream, item: TokenStream) -> TokenStream {
    let _ = args;
    item
}

#[proc_macro_attribute]
pub fn requires(args: TokenStream, item: TokenStream) -> TokenStream {
    let _ = args;
    item
}
