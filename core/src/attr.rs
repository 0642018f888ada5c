//! Parses the tokens inside `#[handler(..)]` / `#[requires(..)]` into a [`decl::Attr`]
//! (the grammar of DESIGN.md, "Attribute grammar").
//!
//! Items are comma-separated and parsed one at a time: an error in one item is recorded and the
//! parser carries on with the next, so a build reports every mistake of an attribute at once.
//! Every accepted key lives in [`keys`]; the same lists give "expected one of" and the
//! "did you mean" suggestions. Rules that look across items (duplicates, an `allow` cancelled by
//! a `deny`, names of functions and log groups) are in `check`.
//!
//! [`decl::Attr`]: crate::decl::Attr

mod check;
mod deploy;
pub mod keys;
mod statement;
mod tokens;

#[cfg(test)]
mod tests;

use crate::decl::{Attr, AttrKind, Effect, Spanned, UsePath};
use crate::diag::{Code, Diagnostic, Diagnostics};
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use tokens::{Chunk, LitValue, describe, group, ident, is_punct, literal, span_of, split_commas};

/// Parses an attribute's arguments, recovering at each comma-separated item so that every
/// error of the attribute is reported at once. Returns what parsed, plus the errors.
///
/// Statements with an error inside are left out of the returned [`Attr`]; everything else that
/// parsed is kept, so later stages can still check it.
pub fn parse(kind: AttrKind, tokens: TokenStream) -> (Attr, Diagnostics) {
    let mut parser = Parser {
        attr: Attr::new(kind),
        diags: Diagnostics::new(),
    };
    for chunk in split_commas(tokens) {
        parser.item(&chunk);
    }
    check::attribute(&parser.attr, &mut parser.diags);
    (parser.attr, parser.diags)
}

const STATEMENT_EXAMPLE: &str = "allow(\"s3:GetObject\", \"arn:${Partition}:s3:::my-bucket/*\")";
const CONDITION_EXAMPLE: &str =
    "condition(\"StringEquals\", \"aws:RequestedRegion\", \"eu-west-1\")";
const USES_EXAMPLE: &str = "uses(crate::storage::put_image)";

struct Parser {
    attr: Attr,
    diags: Diagnostics,
}

impl Parser {
    fn syntax(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(Code::Syntax, span, message).with_help(help));
    }

    fn error(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::error(code, span, message).with_help(help));
    }

    /// A stray comma: `allow(..),, vpc` or a leading `,`.
    fn empty_item(&mut self, chunk: &Chunk) {
        if let Some(comma) = chunk.comma {
            self.syntax(comma, "unexpected `,`", "remove the extra comma");
        }
    }

    fn item(&mut self, chunk: &Chunk) {
        let toks = &chunk.tokens[..];
        let Some(first) = toks.first() else {
            return self.empty_item(chunk);
        };
        let expected = keys::expected_one_of(keys::ITEMS);
        let Some(key) = ident(first) else {
            if matches!(first, TokenTree::Literal(_)) || group(first, Delimiter::Bracket).is_some()
            {
                return self.syntax(
                    first.span(),
                    format!("expected one of {expected}, found {}", describe(first)),
                    format!("actions and resources go inside a statement: `{STATEMENT_EXAMPLE}`"),
                );
            }
            return self.syntax(
                first.span(),
                format!("expected one of {expected}, found {}", describe(first)),
                format!("write a statement such as `{STATEMENT_EXAMPLE}`"),
            );
        };
        let key_span = first.span();
        let rest = &toks[1..];
        if self.attr.kind == AttrKind::Requires && keys::HANDLER_ONLY.contains(&key.as_str()) {
            return self.error(
                Code::HandlerOnlyKey,
                key_span,
                format!("`{key}` is only accepted on `#[handler]`"),
                format!(
                    "a `#[requires]` helper serves no Lambda function of its own: set `{key}` on \
                     the handler that uses this helper"
                ),
            );
        }
        match key.as_str() {
            keys::ALLOW => self.statement(Effect::Allow, key_span, rest),
            keys::DENY => self.statement(Effect::Deny, key_span, rest),
            keys::USES => self.uses(key_span, rest),
            keys::TRACING => self.tracing(key_span, rest),
            keys::TRIGGER => self.deploy_item(keys::TRIGGER, key_span, rest),
            keys::EVENT_SOURCE => self.deploy_item(keys::EVENT_SOURCE, key_span, rest),
            keys::ON_FAILURE => self.deploy_item(keys::ON_FAILURE, key_span, rest),
            keys::KMS => self.deploy_item(keys::KMS, key_span, rest),
            keys::FUNCTION => {
                let Some(value) = self.string_value(&key, key_span, rest, "image-processor") else {
                    return;
                };
                if self.attr.function.is_some() {
                    return self.duplicate(key_span, "function");
                }
                check::function_name(&value, &mut self.diags);
                self.attr.function = Some(value);
            }
            keys::LOG_GROUP => {
                let example = "/aws/lambda/image-processor";
                let Some(value) = self.string_value(&key, key_span, rest, example) else {
                    return;
                };
                if self.attr.log_group.is_some() {
                    return self.duplicate(key_span, "log_group");
                }
                check::log_group_name(&value, &mut self.diags);
                self.attr.log_group = Some(value);
            }
            keys::VPC => {
                if let Some(extra) = rest.first() {
                    return self.syntax(
                        extra.span(),
                        format!("`vpc` takes no value, found {}", describe(extra)),
                        "write `vpc` on its own when the function runs in a VPC, and leave it out \
                         otherwise",
                    );
                }
                if self.attr.vpc.is_some() {
                    return self.duplicate(key_span, "vpc");
                }
                self.attr.vpc = Some(key_span);
            }
            k if keys::STATEMENT_KEYS.contains(&k) => self.syntax(
                key_span,
                format!("`{k}` belongs inside `allow(..)` or `deny(..)`"),
                format!(
                    "move it into the statement it applies to, as in `{}`",
                    statement_key_example(k)
                ),
            ),
            other => {
                let help = match keys::suggest(other, keys::ITEMS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("a statement looks like `{STATEMENT_EXAMPLE}`"),
                };
                self.syntax(
                    key_span,
                    format!("unknown item `{other}`: expected one of {expected}"),
                    help,
                )
            }
        }
    }

    fn duplicate(&mut self, span: Span, key: &str) {
        self.error(
            Code::DuplicateItem,
            span,
            format!("duplicate `{key}`"),
            format!("give `{key}` once per attribute: remove this one"),
        );
    }

    /// `key = "value"`: the value with its span, or `None` after reporting the error.
    fn string_value(
        &mut self,
        key: &str,
        key_span: Span,
        rest: &[TokenTree],
        example: &str,
    ) -> Option<Spanned<String>> {
        let help = format!("write `{key} = \"{example}\"`");
        let Some(eq) = rest.first() else {
            self.syntax(key_span, format!("`{key}` needs a value"), help);
            return None;
        };
        if !is_punct(eq, '=') {
            self.syntax(
                eq.span(),
                format!("expected `=` after `{key}`, found {}", describe(eq)),
                help,
            );
            return None;
        }
        let value = &rest[1..];
        match literal(value) {
            Some((LitValue::Str(s), span)) => Some(Spanned::new(s, span)),
            _ if value.is_empty() => {
                self.syntax(eq.span(), format!("`{key} =` needs a string"), help);
                None
            }
            _ => {
                let found = found(value);
                self.syntax(
                    span_of(value),
                    format!("expected a string for `{key}`, found {found}"),
                    help,
                );
                None
            }
        }
    }

    fn uses(&mut self, key_span: Span, rest: &[TokenTree]) {
        let help = format!("write `{USES_EXAMPLE}`");
        let Some(args) = single_group(rest, Delimiter::Parenthesis) else {
            let span = rest.first().map_or(key_span, TokenTree::span);
            return self.syntax(span, "expected `(..)` after `uses`", help);
        };
        let chunks = split_commas(args.stream());
        if chunks.is_empty() {
            return self.syntax(args.span(), "`uses()` names no helper", help);
        }
        for chunk in &chunks {
            if chunk.tokens.is_empty() {
                self.empty_item(chunk);
                continue;
            }
            match path_of(&chunk.tokens) {
                Ok(path) => {
                    let text = path.to_path_string();
                    if self.attr.uses.iter().any(|p| p.to_path_string() == text) {
                        self.error(
                            Code::DuplicateItem,
                            path.span,
                            format!("`{text}` is already in `uses`"),
                            "remove the repeated path",
                        );
                    } else {
                        self.attr.uses.push(path);
                    }
                }
                Err(at) => {
                    let (span, found) = match chunk.tokens.get(at) {
                        Some(token) => (token.span(), describe(token)),
                        None => (span_of(&chunk.tokens), "the end of the path".to_string()),
                    };
                    let help = match chunk.tokens.get(at) {
                        Some(token) if is_punct(token, '<') => {
                            "name the function without generic arguments".to_string()
                        }
                        _ => help.clone(),
                    };
                    self.syntax(
                        span,
                        format!("expected a path to a `#[requires]` helper, found {found}"),
                        help,
                    );
                }
            }
        }
    }
}

fn statement_key_example(key: &str) -> String {
    match key {
        keys::REASON => "allow(\"s3:*\", \"arn:..\", reason = \"..\")".into(),
        keys::CONDITION => format!("allow(\"s3:GetObject\", \"arn:..\", {CONDITION_EXAMPLE})"),
        _ => "allow(actions = [\"s3:GetObject\"], resources = [\"arn:..\"])".into(),
    }
}

/// `tokens` is exactly one group with this delimiter.
fn single_group(tokens: &[TokenTree], delimiter: Delimiter) -> Option<&proc_macro2::Group> {
    match tokens {
        [only] => group(only, delimiter),
        _ => None,
    }
}

/// How to name what was found instead: the first token, or "nothing".
fn found(tokens: &[TokenTree]) -> String {
    match tokens {
        [] => "nothing".into(),
        [TokenTree::Literal(l)] => match literal(tokens) {
            Some((LitValue::Other { kind, .. }, _)) => format!("{kind} `{l}`"),
            _ => format!("`{l}`"),
        },
        [TokenTree::Ident(i)] if i == "true" || i == "false" => format!("bool `{i}`"),
        [first, ..] => describe(first),
    }
}

/// Parses a path as `uses(..)` and `declared!(..)` take it: `a::b::c`, `::a::b`, `crate::x`,
/// `self::x`, `super::x`, `Type::method`. No generic arguments.
pub fn parse_path(tokens: TokenStream) -> Option<UsePath> {
    let tokens = tokens::flatten_invisible(&tokens.into_iter().collect::<Vec<_>>());
    path_of(&tokens).ok()
}

/// The path, or the index of the first token that does not belong in one (`tokens.len()` when
/// it ends after `::`).
fn path_of(tokens: &[TokenTree]) -> Result<UsePath, usize> {
    let mut segments = Vec::new();
    let leading_colon = matches!(tokens, [a, b, ..] if is_punct(a, ':') && is_punct(b, ':'));
    let mut i = if leading_colon { 2 } else { 0 };
    loop {
        let Some(TokenTree::Ident(ident)) = tokens.get(i) else {
            return Err(i);
        };
        segments.push(Spanned::new(ident.to_string(), ident.span()));
        i += 1;
        match tokens.get(i..i + 2) {
            None if i == tokens.len() => break,
            Some([a, b]) if is_punct(a, ':') && is_punct(b, ':') => i += 2,
            _ => return Err(i),
        }
    }
    Ok(UsePath {
        leading_colon,
        segments,
        span: span_of(tokens),
    })
}
