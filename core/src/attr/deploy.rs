//! The deploy items of a handler (see [`crate::deploy`]): `tracing`, `trigger(KIND = ARN)`,
//! `trigger(function_url, auth = "AWS_IAM"|"NONE")`, `event_source(KIND = ARN)`,
//! `on_failure(KIND = ARN)`, `kms(key = ARN)`, `kms(key = ARN, via = ["s3", ..])`.

use super::tokens::{LitValue, describe, group, ident, is_punct, literal, span_of, split_commas};
use super::{Parser, found, keys, single_group};
use crate::decl::{DeployDecl, Spanned};
use crate::deploy::{self, AUTH_TYPES, FUNCTION_URL, VIA_SERVICES};
use crate::diag::Code;
use proc_macro2::{Delimiter, Span, TokenTree};

impl Parser {
    /// `tracing`.
    pub(super) fn tracing(&mut self, key_span: Span, rest: &[TokenTree]) {
        if let Some(extra) = rest.first() {
            return self.syntax(
                extra.span(),
                format!("`tracing` takes no value, found {}", describe(extra)),
                "write `tracing` on its own when the function has active X-Ray tracing",
            );
        }
        if self
            .attr
            .deploy
            .iter()
            .any(|d| d.key.value == deploy::TRACING)
        {
            return self.duplicate(key_span, "tracing");
        }
        self.attr.deploy.push(DeployDecl {
            key: Spanned::new(deploy::TRACING.into(), key_span),
            kind: Spanned::new(String::new(), key_span),
            arn: None,
            auth: None,
            via: Vec::new(),
        });
    }

    /// `trigger(..)`, `event_source(..)`, `on_failure(..)`, `kms(..)`.
    pub(super) fn deploy_item(&mut self, key: &'static str, key_span: Span, rest: &[TokenTree]) {
        let kinds = deploy::kinds_of(key);
        let example = match deploy::TARGETS.iter().find(|t| t.key == key) {
            Some(t) => format!("{key}({} = \"{}\")", t.kind, t.example),
            None => format!("{key}(..)"),
        };
        let help = format!("write `{example}`");
        let Some(args) = single_group(rest, Delimiter::Parenthesis) else {
            let span = rest.first().map_or(key_span, TokenTree::span);
            return self.syntax(span, format!("expected `(..)` after `{key}`"), help);
        };
        let chunks = split_commas(args.stream());
        let Some(first) = chunks.first().filter(|c| !c.tokens.is_empty()) else {
            return self.syntax(args.span(), format!("`{key}()` names nothing"), help);
        };
        let expected = keys::expected_one_of(&kinds);
        let Some(kind) = first.tokens.first().and_then(ident) else {
            return self.syntax(
                span_of(&first.tokens),
                format!("expected one of {expected} in `{key}(..)`"),
                help,
            );
        };
        let kind_span = first.tokens[0].span();
        if !kinds.contains(&kind.as_str()) {
            let help = match keys::suggest(&kind, &kinds) {
                Some(s) => format!("did you mean `{s}`?"),
                None => help,
            };
            return self.syntax(
                kind_span,
                format!("unknown `{key}` kind `{kind}`: expected one of {expected}"),
                help,
            );
        }
        let mut item = DeployDecl {
            key: Spanned::new(key.into(), key_span),
            kind: Spanned::new(kind.clone(), kind_span),
            arn: None,
            auth: None,
            via: Vec::new(),
        };
        if kind == FUNCTION_URL {
            if let Some(extra) = first.tokens.get(1) {
                return self.syntax(
                    extra.span(),
                    format!("`function_url` takes no value, found {}", describe(extra)),
                    "write `trigger(function_url, auth = \"AWS_IAM\")`",
                );
            }
        } else {
            let value = self.string_value(&kind, kind_span, &first.tokens[1..], "arn:..");
            let Some(value) = value else { return };
            item.arn = Some(value);
        }
        // `auth` given, even with a wrong value (reported on its own).
        let mut auth_given = false;
        for chunk in &chunks[1..] {
            let Some(option) = chunk.tokens.first() else {
                self.empty_item(chunk);
                continue;
            };
            let name = ident(option).unwrap_or_default();
            let allowed: &[&str] = match (key, kind.as_str()) {
                (deploy::TRIGGER, FUNCTION_URL) => &["auth"],
                (deploy::KMS, _) => &["via"],
                _ => &[],
            };
            if !allowed.contains(&name.as_str()) {
                let what = if allowed.is_empty() {
                    format!("`{key}({kind} = ..)` takes nothing else")
                } else {
                    format!("expected {} here", keys::expected_one_of(allowed))
                };
                self.syntax(
                    option.span(),
                    format!("unexpected {} in `{key}(..)`: {what}", describe(option)),
                    help.clone(),
                );
                continue;
            }
            let option_span = option.span();
            if name == "auth" {
                if auth_given {
                    self.duplicate(option_span, "auth");
                    continue;
                }
                auth_given = true;
                let Some(auth) =
                    self.string_value("auth", option_span, &chunk.tokens[1..], "AWS_IAM")
                else {
                    continue;
                };
                if !AUTH_TYPES.contains(&auth.value.as_str()) {
                    self.error(
                        Code::Syntax,
                        auth.span,
                        format!(
                            "`{}` is not a function URL auth type: expected one of {}",
                            auth.value,
                            keys::expected_one_of(AUTH_TYPES)
                        ),
                        "`AWS_IAM` lets the account's IAM principals call the URL, `NONE` anyone",
                    );
                    continue;
                }
                item.auth = Some(auth);
            } else {
                if !item.via.is_empty() {
                    self.duplicate(option_span, "via");
                    continue;
                }
                self.via(option_span, &chunk.tokens[1..], &mut item);
            }
        }
        if kind == FUNCTION_URL && !auth_given {
            return self.syntax(
                kind_span,
                "`trigger(function_url)` needs `auth`",
                "write `trigger(function_url, auth = \"AWS_IAM\")` (or `\"NONE\"` for a public URL)",
            );
        }
        let same = |d: &DeployDecl| {
            d.key.value == item.key.value
                && d.kind.value == item.kind.value
                && d.arn.as_ref().map(|a| &a.value) == item.arn.as_ref().map(|a| &a.value)
                && (kind != FUNCTION_URL || d.kind.value == FUNCTION_URL)
        };
        if self.attr.deploy.iter().any(same) {
            return self.duplicate(key_span, &format!("{key}({kind} ..)"));
        }
        self.attr.deploy.push(item);
    }

    /// `via = ["s3", ..]` of `kms(..)`.
    fn via(&mut self, span: Span, rest: &[TokenTree], item: &mut DeployDecl) {
        let help = "write `kms(key = \"arn:..\", via = [\"s3\", \"dynamodb\"])`";
        let list = match rest {
            [eq, value] if is_punct(eq, '=') => group(value, Delimiter::Bracket),
            _ => None,
        };
        let Some(list) = list else {
            return self.syntax(span, "expected `via = [..]`", help);
        };
        let chunks = split_commas(list.stream());
        if chunks.is_empty() {
            self.syntax(list.span(), "`via = []` names no service", help);
        }
        for chunk in chunks {
            match literal(&chunk.tokens) {
                Some((LitValue::Str(s), at)) if VIA_SERVICES.contains(&s.as_str()) => {
                    if item.via.iter().any(|v| v.value == s) {
                        self.duplicate(at, &s);
                    } else {
                        item.via.push(Spanned::new(s, at));
                    }
                }
                Some((LitValue::Str(s), at)) => self.syntax(
                    at,
                    format!(
                        "`{s}` is not a service `via` accepts: expected one of {}",
                        keys::expected_one_of(VIA_SERVICES)
                    ),
                    "name the service whose declared resources are encrypted with this key",
                ),
                _ => self.syntax(
                    span_of(&chunk.tokens),
                    format!("expected a service name, found {}", found(&chunk.tokens)),
                    help,
                ),
            }
        }
    }
}
