//! `allow(..)` / `deny(..)`: the positional and keyed forms, `condition(..)` and `reason`.

use super::tokens::{
    Chunk, LitValue, describe, group, ident, is_punct, literal, span_of, split_commas,
};
use super::{CONDITION_EXAMPLE, Parser, STATEMENT_EXAMPLE, check, found, keys, single_group};
use crate::decl::{ConditionDecl, Effect, Spanned, StatementDecl};
use crate::diag::Code;
use proc_macro2::{Delimiter, Span, TokenTree};

/// What a statement has collected so far. `Some(None)`: given, but with an error.
#[derive(Default)]
struct StatementParts {
    actions: Option<Option<Vec<Spanned<String>>>>,
    resources: Option<Option<Vec<Spanned<String>>>>,
    conditions: Vec<ConditionDecl>,
    reason: Option<Spanned<String>>,
    positional: usize,
    /// The first positional value and the first `actions =`/`resources =`, to detect mixing.
    first_positional: Option<Span>,
    first_keyed: Option<Span>,
    broken: bool,
}

impl Parser {
    pub(super) fn statement(&mut self, effect: Effect, keyword: Span, rest: &[TokenTree]) {
        let name = effect_keyword(effect);
        let Some(args) = single_group(rest, Delimiter::Parenthesis) else {
            let span = rest.first().map_or(keyword, TokenTree::span);
            return self.syntax(
                span,
                format!("expected `(..)` after `{name}`"),
                format!("write `{STATEMENT_EXAMPLE}`"),
            );
        };
        let mut parts = StatementParts::default();
        for chunk in split_commas(args.stream()) {
            self.statement_arg(name, &chunk, &mut parts);
        }
        let keyed = parts.first_keyed.is_some();
        if parts.broken {
            // Already reported; a missing action or resource is likely the same mistake.
            return;
        }
        if parts.actions.is_none() {
            let help = if keyed {
                "add `actions = [\"service:Action\"]`".to_string()
            } else {
                format!("write `{}`", STATEMENT_EXAMPLE.replacen("allow", name, 1))
            };
            return self.syntax(keyword, format!("`{name}(..)` has no action"), help);
        }
        if parts.resources.is_none() {
            let help = if keyed {
                "add `resources = [\"arn:..\"]` (`\"*\"` for actions without resource-level permissions)"
            } else {
                "add the resource after the action: an ARN, or `\"*\"` for actions without \
                 resource-level permissions"
            };
            self.syntax(keyword, format!("`{name}(..)` has no resource"), help);
            return;
        }
        let (Some(Some(actions)), Some(Some(resources))) = (parts.actions, parts.resources) else {
            return;
        };
        let decl = StatementDecl {
            effect: Spanned::new(effect, keyword),
            actions,
            resources,
            conditions: parts.conditions,
            reason: parts.reason,
        };
        check::statement(&decl, &mut self.diags);
        self.attr.statements.push(decl);
    }

    fn statement_arg(&mut self, name: &str, chunk: &Chunk, parts: &mut StatementParts) {
        let toks = &chunk.tokens[..];
        let Some(first) = toks.first() else {
            return self.empty_item(chunk);
        };
        let positional =
            matches!(first, TokenTree::Literal(_)) || group(first, Delimiter::Bracket).is_some();
        if positional {
            if parts.first_keyed.is_some() {
                parts.broken = true;
                return self.mixed_forms(name, span_of(toks));
            }
            parts.first_positional.get_or_insert(first.span());
            parts.positional += 1;
            match parts.positional {
                1 => parts.actions = Some(self.string_list(toks, "action")),
                2 => parts.resources = Some(self.string_list(toks, "resource")),
                _ => {
                    parts.broken = true;
                    self.syntax(
                        span_of(toks),
                        format!("unexpected argument: `{name}(..)` takes one action and one resource, then `condition(..)` and `reason`"),
                        "put several actions (or resources) in a list: `[\"s3:GetObject\", \"s3:PutObject\"]`",
                    );
                }
            }
            return;
        }
        let Some(key) = ident(first) else {
            parts.broken = true;
            return self.syntax(
                first.span(),
                format!(
                    "expected an action, a resource, `condition(..)` or `reason`, found {}",
                    describe(first)
                ),
                format!("write `{STATEMENT_EXAMPLE}`"),
            );
        };
        let key_span = first.span();
        let rest = &toks[1..];
        match key.as_str() {
            keys::ACTIONS | keys::RESOURCES => {
                if parts.first_positional.is_some() {
                    parts.broken = true;
                    return self.mixed_forms(name, key_span);
                }
                parts.first_keyed.get_or_insert(key_span);
                let is_actions = key == keys::ACTIONS;
                let slot = if is_actions {
                    &parts.actions
                } else {
                    &parts.resources
                };
                if slot.is_some() {
                    parts.broken = true;
                    return self.error(
                        Code::DuplicateItem,
                        key_span,
                        format!("duplicate `{key}` in `{name}(..)`"),
                        format!("give `{key}` once: put all of them in one list"),
                    );
                }
                let what = if is_actions { "action" } else { "resource" };
                let value = match rest.first() {
                    Some(eq) if is_punct(eq, '=') && rest.len() > 1 => {
                        self.string_list(&rest[1..], what)
                    }
                    Some(eq) if is_punct(eq, '=') => {
                        self.syntax(
                            eq.span(),
                            format!("`{key} =` needs a value"),
                            keyed_help(&key),
                        );
                        None
                    }
                    Some(other) => {
                        self.syntax(
                            other.span(),
                            format!("expected `=` after `{key}`, found {}", describe(other)),
                            keyed_help(&key),
                        );
                        None
                    }
                    None => {
                        self.syntax(key_span, format!("`{key}` needs a value"), keyed_help(&key));
                        None
                    }
                };
                if is_actions {
                    parts.actions = Some(value);
                } else {
                    parts.resources = Some(value);
                }
            }
            keys::CONDITION => match self.condition(key_span, rest) {
                Some(c) => parts.conditions.push(c),
                None => parts.broken = true,
            },
            keys::REASON => {
                let Some(value) = self.string_value(
                    &key,
                    key_span,
                    rest,
                    "<why this broad permission is needed>",
                ) else {
                    parts.broken = true;
                    return;
                };
                if parts.reason.is_some() {
                    parts.broken = true;
                    return self.error(
                        Code::DuplicateItem,
                        key_span,
                        format!("duplicate `reason` in `{name}(..)`"),
                        "give one `reason` per statement: merge the two texts",
                    );
                }
                if value.value.trim().is_empty() {
                    self.error(
                        Code::EmptyReason,
                        value.span,
                        "empty `reason`",
                        "say why the broad permission is needed, as in `reason = \"lists every \
                         object of the bucket for the nightly report\"`",
                    );
                }
                parts.reason = Some(value);
            }
            other => {
                parts.broken = true;
                let help = if keys::ITEMS.contains(&other) {
                    format!("`{other}` is an item of the attribute: move it out of `{name}(..)`")
                } else if let Some(s) = keys::suggest(other, keys::STATEMENT_KEYS) {
                    format!("did you mean `{s}`?")
                } else {
                    format!(
                        "write `{STATEMENT_EXAMPLE}`, or the keyed form `{name}(actions = [..], resources = [..])`"
                    )
                };
                self.syntax(
                    key_span,
                    format!(
                        "unknown argument `{other}` in `{name}(..)`: expected an action, a resource, or one of {}",
                        keys::expected_one_of(keys::STATEMENT_KEYS)
                    ),
                    help,
                );
            }
        }
    }

    fn mixed_forms(&mut self, name: &str, span: Span) {
        self.error(
            Code::ConflictingItem,
            span,
            format!("`{name}(..)` mixes the positional and the keyed form"),
            format!(
                "write either `{name}(\"service:Action\", \"arn:..\")` or `{name}(actions = [..], resources = [..])`"
            ),
        );
    }

    /// A string or a `[..]` list of strings; `None` after reporting an error.
    fn string_list(&mut self, toks: &[TokenTree], what: &str) -> Option<Vec<Spanned<String>>> {
        let example = if what == "action" {
            "\"s3:GetObject\""
        } else {
            "\"arn:${Partition}:s3:::my-bucket/*\""
        };
        if let Some(list) = single_group(toks, Delimiter::Bracket) {
            let chunks = split_commas(list.stream());
            if chunks.is_empty() {
                self.syntax(
                    list.span(),
                    format!("empty list of {what}s"),
                    format!("list at least one {what}, as in `[{example}]`"),
                );
                return None;
            }
            let mut values = Vec::new();
            let mut ok = true;
            for chunk in &chunks {
                if chunk.tokens.is_empty() {
                    self.empty_item(chunk);
                    ok = false;
                    continue;
                }
                match self.one_string(&chunk.tokens, what, example) {
                    Some(v) => values.push(v),
                    None => ok = false,
                }
            }
            return ok.then_some(values);
        }
        self.one_string(toks, what, example).map(|v| vec![v])
    }

    fn one_string(
        &mut self,
        toks: &[TokenTree],
        what: &str,
        example: &str,
    ) -> Option<Spanned<String>> {
        match literal(toks) {
            Some((LitValue::Str(s), span)) => Some(Spanned::new(s, span)),
            _ => {
                self.syntax(
                    span_of(toks),
                    format!("expected the {what} as a string, found {}", found(toks)),
                    format!(
                        "write it in quotes, as in `{example}`, or list several: `[{example}, ..]`"
                    ),
                );
                None
            }
        }
    }

    fn condition(&mut self, keyword: Span, rest: &[TokenTree]) -> Option<ConditionDecl> {
        let help = format!("write `{CONDITION_EXAMPLE}`");
        let Some(args) = single_group(rest, Delimiter::Parenthesis) else {
            let span = rest.first().map_or(keyword, TokenTree::span);
            self.syntax(span, "expected `(..)` after `condition`", help);
            return None;
        };
        let chunks = split_commas(args.stream());
        if let Some(extra) = chunks.get(3) {
            self.syntax(
                span_of(&extra.tokens),
                "unexpected fourth argument: `condition(..)` takes an operator, a key and a value",
                "put several values in a list: `[\"a\", \"b\"]`",
            );
            return None;
        }
        if chunks.len() < 3 || chunks.iter().any(|c| c.tokens.is_empty()) {
            self.syntax(
                args.span(),
                "`condition(..)` needs an operator, a key and a value",
                help,
            );
            return None;
        }
        let operator = self.condition_string(&chunks[0].tokens, "operator", "\"StringEquals\"");
        let key = self.condition_string(&chunks[1].tokens, "key", "\"aws:RequestedRegion\"");
        let values = self.condition_values(&chunks[2].tokens);
        Some(ConditionDecl {
            span: keyword,
            operator: operator?,
            key: key?,
            values: values?,
        })
    }

    fn condition_string(
        &mut self,
        toks: &[TokenTree],
        what: &str,
        example: &str,
    ) -> Option<Spanned<String>> {
        if let Some((LitValue::Str(s), span)) = literal(toks) {
            return Some(Spanned::new(s, span));
        }
        let quoted = match toks {
            [TokenTree::Ident(i)] => format!("write it as a string: `\"{i}\"`"),
            _ => format!("write it as a string, as in `{example}`"),
        };
        self.syntax(
            span_of(toks),
            format!(
                "expected the condition {what} as a string, found {}",
                found(toks)
            ),
            quoted,
        );
        None
    }

    fn condition_values(&mut self, toks: &[TokenTree]) -> Option<Vec<Spanned<String>>> {
        let help = "a value is a string, a number or `true`/`false`; several values go in a list: `[\"a\", \"b\"]`";
        let one = |this: &mut Self, toks: &[TokenTree]| match literal(toks) {
            Some((LitValue::Str(text) | LitValue::Other { text, .. }, span)) => {
                Some(Spanned::new(text, span))
            }
            None => {
                this.syntax(
                    span_of(toks),
                    format!("expected a condition value, found {}", found(toks)),
                    help,
                );
                None
            }
        };
        let Some(list) = single_group(toks, Delimiter::Bracket) else {
            return one(self, toks).map(|v| vec![v]);
        };
        let chunks = split_commas(list.stream());
        if chunks.is_empty() {
            self.syntax(
                list.span(),
                "empty list of condition values",
                "list at least one value, as in `[\"eu-west-1\"]`",
            );
            return None;
        }
        let mut values = Vec::new();
        let mut ok = true;
        for chunk in &chunks {
            if chunk.tokens.is_empty() {
                self.empty_item(chunk);
                ok = false;
            } else if let Some(v) = one(self, &chunk.tokens) {
                values.push(v);
            } else {
                ok = false;
            }
        }
        ok.then_some(values)
    }
}

fn effect_keyword(effect: Effect) -> &'static str {
    match effect {
        Effect::Allow => keys::ALLOW,
        Effect::Deny => keys::DENY,
    }
}

fn keyed_help(key: &str) -> String {
    if key == keys::ACTIONS {
        "write `actions = [\"s3:GetObject\", \"s3:PutObject\"]`".into()
    } else {
        "write `resources = [\"arn:${Partition}:s3:::my-bucket/*\"]`".into()
    }
}
