//! Writes the expansion: the function unchanged, rustdoc lines listing its permissions, and a
//! hidden constant holding its [`Declaration`] next to it. On errors the same, plus one
//! `compile_error!` per finding, so nothing else in the user's crate breaks.
//!
//! [`Declaration`]: lambda_iam_core::declared::Declaration

use crate::{facade, item};
use lambda_iam_core::attr;
use lambda_iam_core::decl::{Attr, AttrKind, StatementDecl, UsePath};
use lambda_iam_core::declared;
use lambda_iam_core::validate;
use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};

/// The hidden constant's name for a function: `uses(a::b::f)` and `declared!(a::b::f)` both
/// refer to `a::b::__lambda_iam_requires_f`, so a missing annotation reads as such in rustc's
/// "cannot find value" error.
pub fn constant_name(function: &str) -> String {
    format!(
        "__lambda_iam_requires_{}",
        function.trim_start_matches("r#")
    )
}

/// `#[handler(..)]` / `#[requires(..)]`.
pub fn attribute(kind: AttrKind, args: TokenStream, item: TokenStream) -> TokenStream {
    let (attr, mut diags) = attr::parse(kind, args);
    validate::validate(&attr, &mut diags);
    let errors = diags.into_syn_error().map(|e| e.to_compile_error());
    let item_tokens = item.clone();
    let fn_item = match item::parse(item) {
        Ok(fn_item) => fn_item,
        Err((span, message)) => {
            let message = format!("{message}\n\nhelp: `#[{}]` goes on a function", kind.name());
            let error = syn::Error::new(span, message).to_compile_error();
            return quote!(#item_tokens #error #errors);
        }
    };
    let facade = facade::path();
    let docs = doc_lines(&attr)
        .into_iter()
        .map(|line| quote!(#[doc = #line]));
    let constant = constant(&attr, &fn_item, &facade);
    let item::FnItem {
        attrs, vis, rest, ..
    } = fn_item;
    quote! {
        #attrs
        #(#docs)*
        #vis #rest
        #constant
        #errors
    }
}

/// `declared!(path::to::function)`.
pub fn declared(input: TokenStream) -> TokenStream {
    let Some(path) = attr::parse_path(input.clone()) else {
        let span = input
            .into_iter()
            .next()
            .map_or(Span::call_site(), |t| t.span());
        return syn::Error::new(
            span,
            "expected a path to a function annotated with `#[handler]` or `#[requires]`\n\n\
             help: write `declared!(crate::function_handler)`",
        )
        .to_compile_error();
    };
    let facade = facade::path();
    let constant = constant_path(&path);
    quote!(#facade::__private::declared(&#constant))
}

/// The hidden constant: one string literal (see `lambda_iam_core::declared`) and the helpers'
/// constants. Rustc type-checks it in every build of every user; a literal costs next to
/// nothing, where nested slices and structs cost a measurable share of `cargo check`.
fn constant(attr: &Attr, fn_item: &item::FnItem, facade: &TokenStream) -> TokenStream {
    let p = quote!(#facade::__private);
    let name_text = fn_item.name.to_string();
    let name_text = name_text.trim_start_matches("r#");
    let const_name = Ident::new(&constant_name(name_text), fn_item.name.span());
    let ty = match attr.kind {
        AttrKind::Handler => quote!(HandlerDeclaration),
        AttrKind::Requires => quote!(RequiresDeclaration),
    };
    let statements: Vec<_> = attr.statements.iter().map(StatementDecl::to_spec).collect();
    let encoded = format!(
        "\0{}",
        declared::encode(
            attr.kind,
            name_text,
            attr.function.as_ref().map(|f| f.value.as_str()),
            attr.vpc.is_some(),
            attr.log_group.as_ref().map(|l| l.value.as_str()),
            &statements,
        )
    );
    let uses = attr.uses.iter().map(|u| used(u, &p));
    let cfg = &fn_item.cfg_attrs;
    let vis = &fn_item.vis;
    quote! {
        #cfg
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, unreachable_pub, missing_docs)]
        #vis const #const_name: #p::#ty = #p::#ty::new(
            ::core::concat!(::core::module_path!(), #encoded),
            &[#(#uses),*],
        );
    }
}

/// One `uses(path)` entry: the helper's constant, which must be a `#[requires]` one. A wrong
/// path gets rustc's own error at the path; a function without `#[requires]` reads as "cannot
/// find value `__lambda_iam_requires_<name>`". (Importing the function as well would repeat
/// every path error once more.)
fn used(path: &UsePath, p: &TokenStream) -> TokenStream {
    let constant = constant_path(path);
    quote_spanned!(path.span=> #p::used(&#constant))
}

/// `a::b::__lambda_iam_requires_f` for the path `a::b::f`.
fn constant_path(path: &UsePath) -> TokenStream {
    let last = path.segments.last().map(|s| constant_name(&s.value));
    path_tokens(path, last)
}

/// The path as tokens, each segment with its own span; `last` replaces the final segment.
fn path_tokens(path: &UsePath, last: Option<String>) -> TokenStream {
    let mut out = TokenStream::new();
    let colons = |out: &mut TokenStream, span: Span| {
        let mut first = Punct::new(':', Spacing::Joint);
        first.set_span(span);
        let mut second = Punct::new(':', Spacing::Alone);
        second.set_span(span);
        out.extend([TokenTree::Punct(first), TokenTree::Punct(second)]);
    };
    if path.leading_colon {
        colons(&mut out, path.span);
    }
    let n = path.segments.len();
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            colons(&mut out, segment.span);
        }
        let text = match (&last, i + 1 == n) {
            (Some(last), true) => last.clone(),
            _ => segment.value.clone(),
        };
        let ident = match text.strip_prefix("r#") {
            Some(raw) => Ident::new_raw(raw, segment.span),
            None => Ident::new(&text, segment.span),
        };
        out.extend([TokenTree::Ident(ident)]);
    }
    out
}

/// The "# IAM permissions" section added to the function's docs.
pub fn doc_lines(attr: &Attr) -> Vec<String> {
    let mut lines = vec![
        String::new(),
        " # IAM permissions".to_string(),
        String::new(),
    ];
    for s in &attr.statements {
        lines.push(format!(" - {}", describe_statement(s)));
    }
    for u in &attr.uses {
        lines.push(format!(
            " - the permissions of {} (`uses`)",
            code(&u.to_path_string())
        ));
    }
    if attr.vpc.is_some() {
        lines.push(" - the network-interface permissions of a function in a VPC (`vpc`)".into());
    }
    for d in &attr.deploy {
        let what = match (&d.arn, &d.auth) {
            (Some(arn), _) => format!(
                "`{}({} = ..)` on {}",
                d.key.value,
                d.kind.value,
                code(&arn.value)
            ),
            (None, Some(auth)) => format!(
                "`{}({}, auth = {:?})`",
                d.key.value, d.kind.value, auth.value
            ),
            _ => format!("`{}`", d.key.value),
        };
        lines.push(format!(" - {what}"));
    }
    if attr.statements.is_empty()
        && attr.uses.is_empty()
        && attr.vpc.is_none()
        && attr.deploy.is_empty()
    {
        lines.push(" - none declared".into());
    }
    let mut facts = Vec::new();
    if let Some(f) = &attr.function {
        facts.push(format!("Lambda function {}.", code(&f.value)));
    }
    if let Some(l) = &attr.log_group {
        facts.push(format!("Log group {}.", code(&l.value)));
    }
    if !facts.is_empty() {
        lines.push(String::new());
        lines.push(format!(" {}", facts.join(" ")));
    }
    let how = match attr.kind {
        AttrKind::Handler => {
            "Declared with `#[lambda_iam::handler]`; `cargo iam emit` writes the execution-role policy."
        }
        AttrKind::Requires => {
            "Declared with `#[lambda_iam::requires]`: handlers that `uses` this function take these on."
        }
    };
    lines.push(String::new());
    lines.push(format!(" {how}"));
    lines
}

fn describe_statement(s: &StatementDecl) -> String {
    let list = |items: &[lambda_iam_core::decl::Spanned<String>]| {
        items
            .iter()
            .map(|i| code(&i.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!(
        "{} {} on {}",
        s.effect.value.as_str(),
        list(&s.actions),
        list(&s.resources)
    );
    for c in &s.conditions {
        text.push_str(&format!(
            ", if {} {}: {}",
            code(&c.operator.value),
            code(&c.key.value),
            list(&c.values)
        ));
    }
    if let Some(reason) = &s.reason {
        text.push_str(&format!(" (reason: {})", reason.value.replace('\n', " ")));
    }
    text
}

/// Markdown code span that survives backticks inside the text.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn expand(kind: AttrKind, args: TokenStream, item: TokenStream) -> String {
        attribute(kind, args, item).to_string()
    }

    #[test]
    fn keeps_the_function_and_adds_docs_and_constant() {
        let out = expand(
            AttrKind::Handler,
            quote!(
                allow(
                    "s3:GetObject",
                    "arn:aws:s3:::b/*",
                    condition("Bool", "aws:SecureTransport", true)
                ),
                vpc,
                function = "f"
            ),
            quote!(
                #[inline]
                pub async fn handle(x: u8) -> u8 {
                    x
                }
            ),
        );
        assert!(
            out.contains("# [inline] # [doc = \"\"] # [doc = \" # IAM permissions\"]"),
            "{out}"
        );
        assert!(
            out.contains("pub async fn handle (x : u8) -> u8 { x }"),
            "{out}"
        );
        assert!(
            out.contains("pub const __lambda_iam_requires_handle : :: lambda_iam :: __private :: HandlerDeclaration"),
            "{out}"
        );
        let encoded = declared::encode(
            AttrKind::Handler,
            "handle",
            Some("f"),
            true,
            None,
            &[lambda_iam_core::decl::StatementSpec {
                effect: lambda_iam_core::decl::Effect::Allow,
                actions: vec!["s3:GetObject".into()],
                resources: vec!["arn:aws:s3:::b/*".into()],
                conditions: vec![lambda_iam_core::decl::ConditionSpec {
                    operator: "Bool".into(),
                    key: "aws:SecureTransport".into(),
                    values: vec!["true".into()],
                }],
                reason: None,
            }],
        );
        let literal = proc_macro2::Literal::string(&format!("\0{encoded}")).to_string();
        assert!(
            out.contains(&format!(
                "concat ! (:: core :: module_path ! () , {literal})"
            )),
            "{out}"
        );
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn errors_come_with_the_unchanged_function() {
        let out = expand(
            AttrKind::Requires,
            quote!(vpc, alow()),
            quote!(
                fn helper() {}
            ),
        );
        assert_eq!(out.matches("compile_error").count(), 2, "{out}");
        assert!(out.contains("fn helper () { }"), "{out}");
        assert!(out.contains("const __lambda_iam_requires_helper"), "{out}");
    }

    #[test]
    fn not_a_function() {
        let out = expand(
            AttrKind::Handler,
            quote!(),
            quote!(
                struct S;
            ),
        );
        assert!(out.contains("struct S ;"), "{out}");
        assert!(out.contains("expected a function, found `struct`"), "{out}");
        assert!(!out.contains("const"), "{out}");
    }

    #[test]
    fn uses_refers_to_the_helpers_constant() {
        let out = expand(
            AttrKind::Handler,
            quote!(uses(crate::store::put, Store::get)),
            quote!(
                fn h() {}
            ),
        );
        assert!(!out.contains("use crate"), "{out}");
        assert!(
            out.contains("used (& crate :: store :: __lambda_iam_requires_put)"),
            "{out}"
        );
        assert!(
            out.contains("used (& Store :: __lambda_iam_requires_get)"),
            "{out}"
        );
    }

    #[test]
    fn raw_identifiers() {
        let out = expand(
            AttrKind::Requires,
            quote!(),
            quote!(
                fn r#type() {}
            ),
        );
        assert!(out.contains("__lambda_iam_requires_type"), "{out}");
        let out = declared(quote!(a::r#type));
        assert!(
            out.to_string().contains("a :: __lambda_iam_requires_type"),
            "{out}"
        );
    }

    #[test]
    fn declared_names_the_constant() {
        assert_eq!(
            declared(quote!(crate::h)).to_string(),
            ":: lambda_iam :: __private :: declared (& crate :: __lambda_iam_requires_h)"
        );
        assert!(declared(quote!("x")).to_string().contains("compile_error"));
    }

    #[test]
    fn doc_lines_describe_each_statement() {
        let (attr, _) = attr::parse(
            AttrKind::Handler,
            quote!(
                allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::b/*"),
                deny(
                    "s3:*",
                    "*",
                    condition("Bool", "aws:SecureTransport", false),
                    reason = "tls"
                ),
                uses(a::b),
                function = "fn-1"
            ),
        );
        let lines = doc_lines(&attr);
        assert!(
            lines.contains(
                &" - Allow `s3:GetObject`, `s3:PutObject` on `arn:aws:s3:::b/*`".to_string()
            ),
            "{lines:#?}"
        );
        assert!(
            lines.contains(
                &" - Deny `s3:*` on `*`, if `Bool` `aws:SecureTransport`: `false` (reason: tls)"
                    .to_string()
            ),
            "{lines:#?}"
        );
        assert!(
            lines.contains(&" - the permissions of `a::b` (`uses`)".to_string()),
            "{lines:#?}"
        );
        assert!(
            lines.contains(&" Lambda function `fn-1`.".to_string()),
            "{lines:#?}"
        );
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
