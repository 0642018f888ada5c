//! Token-level helpers of the attribute parser: splitting at commas, reading literals and paths.
//! The parser works on plain token trees (no syn `full` feature), one comma-separated item at a
//! time, so that an error in one item never hides the errors of the next.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};

/// One comma-separated piece of a token stream.
#[derive(Debug)]
pub struct Chunk {
    pub tokens: Vec<TokenTree>,
    /// The comma after it, if any.
    pub comma: Option<Span>,
}

/// Splits `stream` at its top-level commas (groups are single trees, so their commas stay
/// inside). A trailing comma ends the last chunk; it does not start an empty one. Invisible
/// groups are flattened first.
pub fn split_commas(stream: TokenStream) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    for tree in flatten_invisible(&stream.into_iter().collect::<Vec<_>>()) {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                chunks.push(Chunk {
                    tokens: std::mem::take(&mut current),
                    comma: Some(p.span()),
                });
            }
            _ => current.push(tree),
        }
    }
    if !current.is_empty() {
        chunks.push(Chunk {
            tokens: current,
            comma: None,
        });
    }
    chunks
}

/// The span from the first to the last token (the first token's span where joining is not
/// possible, as on stable outside a macro).
pub fn span_of(tokens: &[TokenTree]) -> Span {
    match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => first.span().join(last.span()).unwrap_or(first.span()),
        _ => Span::call_site(),
    }
}

/// Whether `tree` is the punctuation `ch`.
pub fn is_punct(tree: &TokenTree, ch: char) -> bool {
    matches!(tree, TokenTree::Punct(p) if p.as_char() == ch)
}

/// The identifier's text, if `tree` is one.
pub fn ident(tree: &TokenTree) -> Option<String> {
    match tree {
        TokenTree::Ident(i) => Some(i.to_string()),
        _ => None,
    }
}

/// The group, if `tree` is one with this delimiter.
pub fn group(tree: &TokenTree, delimiter: Delimiter) -> Option<&Group> {
    match tree {
        TokenTree::Group(g) if g.delimiter() == delimiter => Some(g),
        _ => None,
    }
}

/// Removes invisible (`Delimiter::None`) groups, which `macro_rules!` wraps around `$x:expr`
/// and `$x:literal` fragments, so a literal passed through a user's macro still parses.
pub fn flatten_invisible(tokens: &[TokenTree]) -> Vec<TokenTree> {
    let mut out = Vec::with_capacity(tokens.len());
    for tree in tokens {
        match tree {
            TokenTree::Group(g) if g.delimiter() == Delimiter::None => {
                out.extend(flatten_invisible(
                    &g.stream().into_iter().collect::<Vec<_>>(),
                ));
            }
            other => out.push(other.clone()),
        }
    }
    out
}

/// What a literal token turned out to be.
#[derive(Debug, PartialEq)]
pub enum LitValue {
    Str(String),
    /// A number, bool, char or byte string: its text as IAM would see it.
    Other {
        text: String,
        kind: &'static str,
    },
}

/// Reads one literal value: a string, a number (with an optional leading `-`), or `true`/`false`.
/// Returns `None` when the tokens are not exactly one such literal.
pub fn literal(tokens: &[TokenTree]) -> Option<(LitValue, Span)> {
    match tokens {
        [TokenTree::Literal(lit)] => Some((decode(lit.clone()), lit.span())),
        [TokenTree::Ident(i)] if i == "true" || i == "false" => Some((
            LitValue::Other {
                text: i.to_string(),
                kind: "bool",
            },
            i.span(),
        )),
        [minus, TokenTree::Literal(lit)] if is_punct(minus, '-') => match decode(lit.clone()) {
            LitValue::Other {
                text,
                kind: kind @ ("integer" | "float"),
            } => Some((
                LitValue::Other {
                    text: format!("-{text}"),
                    kind,
                },
                span_of(tokens),
            )),
            _ => None,
        },
        _ => None,
    }
}

fn decode(lit: proc_macro2::Literal) -> LitValue {
    match syn::Lit::new(lit.clone()) {
        syn::Lit::Str(s) => LitValue::Str(s.value()),
        syn::Lit::Int(i) => LitValue::Other {
            text: i.base10_digits().to_string(),
            kind: "integer",
        },
        syn::Lit::Float(f) => LitValue::Other {
            text: f.base10_digits().to_string(),
            kind: "float",
        },
        syn::Lit::Char(c) => LitValue::Other {
            text: c.value().to_string(),
            kind: "character",
        },
        _ => LitValue::Other {
            text: lit.to_string(),
            kind: "literal",
        },
    }
}

/// A human name for an unexpected token, for "found ..." messages.
pub fn describe(tree: &TokenTree) -> String {
    match tree {
        TokenTree::Ident(i) => format!("`{i}`"),
        TokenTree::Punct(p) => format!("`{}`", p.as_char()),
        TokenTree::Literal(l) => format!("`{l}`"),
        TokenTree::Group(g) => match g.delimiter() {
            Delimiter::Parenthesis => "`(..)`".into(),
            Delimiter::Bracket => "`[..]`".into(),
            Delimiter::Brace => "`{..}`".into(),
            Delimiter::None => "a macro fragment".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn trees(ts: TokenStream) -> Vec<TokenTree> {
        ts.into_iter().collect()
    }

    #[test]
    fn splits_at_top_level_commas_only() {
        let chunks = split_commas(quote!(allow("a", ["b", "c"]), vpc,));
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].tokens.len(), 2);
        assert!(chunks[1].comma.is_some());
        let chunks = split_commas(quote!(a,, b));
        assert_eq!(chunks.len(), 3);
        assert!(chunks[1].tokens.is_empty());
    }

    #[test]
    fn reads_literals_as_iam_text() {
        let text = |ts| literal(&trees(ts)).map(|(v, _)| v);
        assert_eq!(text(quote!("x")), Some(LitValue::Str("x".into())));
        assert_eq!(text(quote!(r"a\b")), Some(LitValue::Str("a\\b".into())));
        assert_eq!(
            text(quote!(true)),
            Some(LitValue::Other {
                text: "true".into(),
                kind: "bool"
            })
        );
        assert_eq!(
            text(quote!(1_000)),
            Some(LitValue::Other {
                text: "1000".into(),
                kind: "integer"
            })
        );
        assert_eq!(
            text(quote!(-5)),
            Some(LitValue::Other {
                text: "-5".into(),
                kind: "integer"
            })
        );
        assert_eq!(
            text(quote!(2.5)),
            Some(LitValue::Other {
                text: "2.5".into(),
                kind: "float"
            })
        );
        assert_eq!(text(quote!(-"x")), None);
        assert_eq!(text(quote!(x)), None);
        assert_eq!(text(quote!("a" "b")), None);
    }

    #[test]
    fn unwraps_invisible_groups() {
        let inner = Group::new(Delimiter::None, quote!("x"));
        let flat = flatten_invisible(&[TokenTree::Group(inner)]);
        assert!(matches!(literal(&flat), Some((LitValue::Str(s), _)) if s == "x"));
    }
}
