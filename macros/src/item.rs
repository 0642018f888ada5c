//! Reads just enough of the annotated item, as plain tokens, to place the generated constant
//! beside it: outer attributes, visibility and the function's name. No syntax tree is built
//! (syn's `full` feature would cost every user's build), and the item is emitted as it came.

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};

/// An annotated function, split where the expansion needs it.
#[derive(Debug)]
pub struct FnItem {
    /// Outer attributes (`#` and `[..]` pairs), as written.
    pub attrs: TokenStream,
    /// The `#[cfg(..)]` among them, copied onto the constant.
    pub cfg_attrs: TokenStream,
    /// `pub`, `pub(crate)`, ... or nothing.
    pub vis: TokenStream,
    /// Everything after the visibility: qualifiers, `fn`, name, signature, body.
    pub rest: TokenStream,
    pub name: Ident,
}

/// Keywords that may stand between the visibility and `fn`.
const QUALIFIERS: &[&str] = &["const", "async", "unsafe", "extern", "safe", "default"];

/// Splits `item`; `Err` says why it is not a function with a body.
pub fn parse(item: TokenStream) -> Result<FnItem, (Span, String)> {
    let trees: Vec<TokenTree> = item.into_iter().collect();
    let mut i = 0;
    let mut attrs = TokenStream::new();
    let mut cfg_attrs = TokenStream::new();
    while let (Some(TokenTree::Punct(hash)), Some(TokenTree::Group(body))) =
        (trees.get(i), trees.get(i + 1))
    {
        if hash.as_char() != '#' || body.delimiter() != Delimiter::Bracket {
            break;
        }
        let pair = [trees[i].clone(), trees[i + 1].clone()];
        let is_cfg =
            matches!(body.stream().into_iter().next(), Some(TokenTree::Ident(id)) if id == "cfg");
        if is_cfg {
            cfg_attrs.extend(pair.clone());
        }
        attrs.extend(pair);
        i += 2;
    }
    let mut vis = TokenStream::new();
    if matches!(trees.get(i), Some(TokenTree::Ident(id)) if id == "pub") {
        vis.extend([trees[i].clone()]);
        i += 1;
        if let Some(TokenTree::Group(g)) = trees.get(i)
            && g.delimiter() == Delimiter::Parenthesis
        {
            vis.extend([trees[i].clone()]);
            i += 1;
        }
    }
    let rest_start = i;
    loop {
        match trees.get(i) {
            Some(TokenTree::Ident(id)) if id == "fn" => break,
            Some(TokenTree::Ident(id)) if QUALIFIERS.contains(&id.to_string().as_str()) => i += 1,
            // The ABI of `extern "C" fn`.
            Some(TokenTree::Literal(_)) if i > rest_start => i += 1,
            Some(other) => {
                return Err((
                    other.span(),
                    format!("expected a function, found `{other}`"),
                ));
            }
            None => return Err((Span::call_site(), "expected a function".to_string())),
        }
    }
    let Some(TokenTree::Ident(name)) = trees.get(i + 1) else {
        return Err((
            trees[i].span(),
            "expected the function's name after `fn`".to_string(),
        ));
    };
    if !matches!(trees.last(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace) {
        return Err((
            name.span(),
            format!("`{name}` has no body: annotate a function with a body"),
        ));
    }
    Ok(FnItem {
        attrs,
        cfg_attrs,
        vis,
        rest: trees[rest_start..].iter().cloned().collect(),
        name: name.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn splits_attributes_visibility_and_name() {
        let item = parse(quote! {
            /// Docs.
            #[cfg(feature = "x")]
            #[inline]
            pub(crate) async unsafe extern "C" fn handle<T: Clone>(t: T) -> T { t }
        })
        .unwrap();
        assert_eq!(item.name, "handle");
        assert_eq!(item.vis.to_string(), "pub (crate)");
        assert_eq!(item.cfg_attrs.to_string(), "# [cfg (feature = \"x\")]");
        assert_eq!(item.attrs.into_iter().count(), 6);
        assert!(
            item.rest
                .to_string()
                .starts_with("async unsafe extern \"C\" fn handle")
        );
    }

    #[test]
    fn a_private_fn_has_no_visibility() {
        let item = parse(quote!(
            fn f() {}
        ))
        .unwrap();
        assert!(item.vis.is_empty());
        assert_eq!(item.rest.to_string(), "fn f () { }");
    }

    #[test]
    fn rejects_what_is_not_a_function_with_a_body() {
        assert!(
            parse(quote!(
                struct S;
            ))
            .unwrap_err()
            .1
            .contains("expected a function, found `struct`")
        );
        assert!(
            parse(quote!(
                fn f();
            ))
            .unwrap_err()
            .1
            .contains("has no body")
        );
        assert!(parse(quote!(pub)).is_err());
        assert!(parse(quote!(fn)).is_err());
    }
}
