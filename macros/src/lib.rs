//! Proc-macro shell of `lambda-iam`: parse → validate → expand. The grammar and every check live
//! in `lambda-iam-core`; this crate only reads the annotated item and writes the expansion.
//! Use the macros through the `lambda-iam` crate, where they are documented.

mod expand;
mod facade;
mod item;

use lambda_iam_core::decl::AttrKind;
use proc_macro::TokenStream;

/// Documented on the re-export `lambda_iam::handler`.
#[proc_macro_attribute]
pub fn handler(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(AttrKind::Handler, args.into(), item.into()).into()
}

/// Documented on the re-export `lambda_iam::requires`.
#[proc_macro_attribute]
pub fn requires(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(AttrKind::Requires, args.into(), item.into()).into()
}

/// Documented on the re-export `lambda_iam::declared`.
#[proc_macro]
pub fn declared(input: TokenStream) -> TokenStream {
    expand::declared(input.into()).into()
}
