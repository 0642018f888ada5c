//! One test per grammar rule. Spans cannot be told apart outside a compiler, so these check
//! codes, messages and what parsed; the UI tests (`tests/ui/grammar`) check where carets land.

use super::parse;
use crate::decl::{AttrKind, Effect};
use crate::diag::Code;
use proc_macro2::TokenStream;
use quote::quote;

fn handler(ts: TokenStream) -> (crate::decl::Attr, Vec<(Code, String)>) {
    run(AttrKind::Handler, ts)
}

fn run(kind: AttrKind, ts: TokenStream) -> (crate::decl::Attr, Vec<(Code, String)>) {
    let (attr, diags) = parse(kind, ts);
    let list = diags
        .into_iter()
        .map(|d| (d.code, d.full_message()))
        .collect();
    (attr, list)
}

fn codes(ts: TokenStream) -> Vec<Code> {
    handler(ts).1.into_iter().map(|(c, _)| c).collect()
}

fn only_error(kind: AttrKind, ts: TokenStream) -> (Code, String) {
    let (_, errors) = run(kind, ts);
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one error, got {errors:#?}"
    );
    errors.into_iter().next().unwrap()
}

#[test]
fn empty_attribute_is_valid() {
    let (attr, errors) = handler(quote!());
    assert!(errors.is_empty());
    assert!(attr.statements.is_empty());
}

#[test]
fn positional_statement() {
    let (attr, errors) = handler(quote!(allow("s3:GetObject", "arn:${Partition}:s3:::b/*")));
    assert!(errors.is_empty(), "{errors:?}");
    let s = &attr.statements[0];
    assert_eq!(s.effect.value, Effect::Allow);
    assert_eq!(s.actions[0].value, "s3:GetObject");
    assert_eq!(s.resources[0].value, "arn:${Partition}:s3:::b/*");
    assert!(s.reason.is_none() && s.conditions.is_empty());
}

#[test]
fn lists_conditions_and_reason_in_positional_form() {
    let (attr, errors) = handler(quote!(deny(
        ["s3:GetObject", "s3:PutObject"],
        ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"],
        condition("Bool", "aws:SecureTransport", false),
        condition("NumericLessThan", "s3:max-keys", [10, -2, 2.5]),
        reason = "tls only",
    ),));
    assert!(errors.is_empty(), "{errors:?}");
    let s = &attr.statements[0];
    assert_eq!(s.effect.value, Effect::Deny);
    assert_eq!(s.actions.len(), 2);
    assert_eq!(s.resources.len(), 2);
    assert_eq!(s.conditions[0].values[0].value, "false");
    let values: Vec<_> = s.conditions[1]
        .values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(values, ["10", "-2", "2.5"]);
    assert_eq!(s.reason.as_ref().unwrap().value, "tls only");
}

#[test]
fn keyed_form_in_any_order() {
    let (attr, errors) = handler(quote!(allow(
        reason = "r",
        resources = "*",
        condition("StringEquals", "aws:RequestedRegion", "eu-west-1"),
        actions = ["ec2:DescribeNetworkInterfaces"],
    )));
    assert!(errors.is_empty(), "{errors:?}");
    let s = &attr.statements[0];
    assert_eq!(s.actions[0].value, "ec2:DescribeNetworkInterfaces");
    assert_eq!(s.resources[0].value, "*");
    assert_eq!(s.conditions[0].key.value, "aws:RequestedRegion");
}

#[test]
fn items_in_any_order() {
    let (attr, errors) = handler(quote!(
        vpc,
        log_group = "/custom/${FunctionName}",
        uses(crate::a::b, ::c::d, helper),
        function = "image-processor",
        allow("s3:GetObject", "*")
    ));
    assert!(errors.is_empty(), "{errors:?}");
    assert!(attr.vpc.is_some());
    assert_eq!(attr.function.unwrap().value, "image-processor");
    assert_eq!(attr.log_group.unwrap().value, "/custom/${FunctionName}");
    let uses: Vec<_> = attr.uses.iter().map(|u| u.to_path_string()).collect();
    assert_eq!(uses, ["crate::a::b", "::c::d", "helper"]);
    assert_eq!(attr.statements.len(), 1);
}

#[test]
fn unknown_item_lists_keys_and_suggests() {
    let (code, msg) = only_error(AttrKind::Handler, quote!(alow("s3:GetObject", "*")));
    assert_eq!(code, Code::Syntax);
    assert!(
        msg.contains("expected one of `allow`, `deny`, `uses`, `function`, `vpc`, `log_group`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `allow`?"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(permit("s3:GetObject", "*")));
    assert!(!msg.contains("did you mean"), "{msg}");
}

#[test]
fn every_error_of_an_attribute_is_reported() {
    let c = codes(quote!(
        alow("a", "b"),
        vpc = true,
        allow("s3:GetObject"),
        functon = "x",
        deny("a", "b")
    ));
    assert_eq!(c, [Code::Syntax, Code::Syntax, Code::Syntax, Code::Syntax]);
}

#[test]
fn statement_without_resource_or_action() {
    let (code, msg) = only_error(AttrKind::Handler, quote!(allow("s3:GetObject")));
    assert_eq!(code, Code::Syntax);
    assert!(msg.contains("has no resource"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(deny()));
    assert!(msg.contains("`deny(..)` has no action"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(allow(resources = "*")));
    assert!(
        msg.contains("has no action") && msg.contains("actions = "),
        "{msg}"
    );
}

#[test]
fn statement_needs_parentheses() {
    let (_, msg) = only_error(AttrKind::Handler, quote!(allow));
    assert!(msg.contains("expected `(..)` after `allow`"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(deny["a"]));
    assert!(msg.contains("expected `(..)` after `deny`"), "{msg}");
}

#[test]
fn third_positional_argument() {
    let (code, msg) = only_error(AttrKind::Handler, quote!(allow("a:B", "*", "c:D")));
    assert_eq!(code, Code::Syntax);
    assert!(msg.contains("unexpected argument"), "{msg}");
}

#[test]
fn non_string_action_or_resource() {
    let (code, msg) = only_error(AttrKind::Handler, quote!(allow(s3_get, "*")));
    assert_eq!(code, Code::Syntax);
    assert!(msg.contains("unknown argument `s3_get`"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(allow(["s3:GetObject", 5], "*")));
    assert!(
        msg.contains("expected the action as a string, found integer `5`"),
        "{msg}"
    );
}

#[test]
fn empty_lists() {
    let (code, msg) = only_error(AttrKind::Handler, quote!(allow([], "*")));
    assert_eq!(code, Code::Syntax);
    assert!(
        msg.contains("empty list of actions") && msg.contains("help: list at least one action"),
        "{msg}"
    );
    let (_, msg) = only_error(
        AttrKind::Handler,
        quote!(allow(actions = ["a:B"], resources = [])),
    );
    assert!(msg.contains("empty list of resources"), "{msg}");
    let (_, msg) = only_error(
        AttrKind::Handler,
        quote!(allow("a:B", "*", condition("Bool", "aws:x", []))),
    );
    assert!(msg.contains("empty list of condition values"), "{msg}");
}

#[test]
fn stray_commas() {
    let (code, msg) = only_error(AttrKind::Handler, quote!(vpc,, allow("a:B", "*")));
    assert_eq!(code, Code::Syntax);
    assert!(msg.contains("unexpected `,`"), "{msg}");
    assert_eq!(codes(quote!(allow(["a:B",, "a:C"], "*"))), [Code::Syntax]);
}

#[test]
fn mixing_positional_and_keyed_forms() {
    let (code, msg) = only_error(
        AttrKind::Handler,
        quote!(allow("s3:GetObject", resources = "*")),
    );
    assert_eq!(code, Code::ConflictingItem);
    assert!(
        msg.contains("mixes the positional and the keyed form"),
        "{msg}"
    );
    let (code, _) = only_error(
        AttrKind::Handler,
        quote!(allow(actions = "s3:GetObject", "*")),
    );
    assert_eq!(code, Code::ConflictingItem);
}

#[test]
fn keyed_value_errors() {
    let (_, msg) = only_error(AttrKind::Handler, quote!(allow(actions, resources = "*")));
    assert!(msg.contains("`actions` needs a value"), "{msg}");
    let (_, msg) = only_error(
        AttrKind::Handler,
        quote!(allow(actions: "a:B", resources = "*")),
    );
    assert!(msg.contains("expected `=` after `actions`"), "{msg}");
    let (code, msg) = only_error(
        AttrKind::Handler,
        quote!(allow(actions = "a:B", actions = "a:C", resources = "*")),
    );
    assert_eq!(code, Code::DuplicateItem);
    assert!(msg.contains("duplicate `actions`"), "{msg}");
}

#[test]
fn unknown_statement_argument_suggests() {
    let (_, msg) = only_error(AttrKind::Handler, quote!(allow("a:B", "*", reasn = "x")));
    assert!(
        msg.contains("unknown argument `reasn`") && msg.contains("did you mean `reason`?"),
        "{msg}"
    );
    let (_, msg) = only_error(
        AttrKind::Handler,
        quote!(allow(action = "a:B", resources = "*")),
    );
    assert!(msg.contains("did you mean `actions`?"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(allow("a:B", "*", vpc)));
    assert!(msg.contains("`vpc` is an item of the attribute"), "{msg}");
}

#[test]
fn statement_keys_at_the_top_level() {
    let (code, msg) = only_error(AttrKind::Handler, quote!(reason = "x"));
    assert_eq!(code, Code::Syntax);
    assert!(
        msg.contains("`reason` belongs inside `allow(..)` or `deny(..)`"),
        "{msg}"
    );
    let (_, msg) = only_error(AttrKind::Handler, quote!("s3:GetObject"));
    assert!(
        msg.contains("actions and resources go inside a statement"),
        "{msg}"
    );
}

#[test]
fn conditions() {
    let (_, msg) = only_error(
        AttrKind::Handler,
        quote!(allow("a:B", "*", condition("Bool", "aws:x"))),
    );
    assert!(
        msg.contains("needs an operator, a key and a value"),
        "{msg}"
    );
    let (_, msg) = only_error(
        AttrKind::Handler,
        quote!(allow("a:B", "*", condition("Bool", "aws:x", true, false))),
    );
    assert!(msg.contains("unexpected fourth argument"), "{msg}");
    let (_, msg) = only_error(
        AttrKind::Handler,
        quote!(allow("a:B", "*", condition(StringEquals, "k", "v"))),
    );
    assert!(
        msg.contains("write it as a string: `\"StringEquals\"`"),
        "{msg}"
    );
    let (_, msg) = only_error(
        AttrKind::Handler,
        quote!(allow("a:B", "*", condition("Bool", "k", aws::x))),
    );
    assert!(msg.contains("expected a condition value"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(allow("a:B", "*", condition)));
    assert!(msg.contains("expected `(..)` after `condition`"), "{msg}");
}

#[test]
fn reason_rules() {
    let (code, msg) = only_error(AttrKind::Handler, quote!(allow("s3:*", "*", reason = "  ")));
    assert_eq!(code, Code::EmptyReason);
    assert!(msg.contains("empty `reason`"), "{msg}");
    let (code, msg) = only_error(
        AttrKind::Handler,
        quote!(allow("s3:*", "*", reason = "a", reason = "b")),
    );
    assert_eq!(code, Code::DuplicateItem);
    assert!(msg.contains("duplicate `reason`"), "{msg}");
    let (code, _) = only_error(AttrKind::Handler, quote!(allow("s3:*", "*", reason = 5)));
    assert_eq!(code, Code::Syntax);
    let (_, msg) = only_error(AttrKind::Handler, quote!(allow("s3:*", "*", reason)));
    assert!(msg.contains("`reason` needs a value"), "{msg}");
}

#[test]
fn duplicate_attribute_items() {
    for ts in [
        quote!(function = "a", function = "b"),
        quote!(vpc, vpc),
        quote!(log_group = "/a", log_group = "/b"),
    ] {
        let (code, msg) = only_error(AttrKind::Handler, ts);
        assert_eq!(code, Code::DuplicateItem);
        assert!(msg.starts_with("duplicate `"), "{msg}");
    }
}

#[test]
fn duplicates_inside_a_statement() {
    let (code, msg) = only_error(
        AttrKind::Handler,
        quote!(allow(["s3:GetObject", "s3:getobject"], "*")),
    );
    assert_eq!(code, Code::DuplicateItem);
    assert!(
        msg.contains("`s3:getobject` is already in this statement"),
        "{msg}"
    );
    let (code, _) = only_error(AttrKind::Handler, quote!(allow("a:B", ["arn:x", "arn:x"])));
    assert_eq!(code, Code::DuplicateItem);
    let (code, _) = only_error(
        AttrKind::Handler,
        quote!(allow(
            "a:B",
            "*",
            condition("Bool", "aws:x", true),
            condition("Bool", "aws:x", [true])
        )),
    );
    assert_eq!(code, Code::DuplicateItem);
}

#[test]
fn identical_statements() {
    let (code, msg) = only_error(
        AttrKind::Handler,
        quote!(
            allow(["a:B", "a:C"], "*"),
            allow(actions = ["a:c", "a:B"], resources = "*")
        ),
    );
    assert_eq!(code, Code::DuplicateItem);
    assert!(msg.contains("repeats an earlier statement"), "{msg}");
    // Different conditions: two different statements.
    assert!(
        codes(quote!(
            allow("a:B", "*"),
            allow("a:B", "*", condition("Bool", "aws:x", true))
        ))
        .is_empty()
    );
}

#[test]
fn allow_and_deny_of_the_same_thing_conflict() {
    let (code, msg) = only_error(
        AttrKind::Handler,
        quote!(
            allow("s3:GetObject", "arn:aws:s3:::b/*"),
            deny(["s3:PutObject", "s3:GetObject"], "arn:aws:s3:::b/*")
        ),
    );
    assert_eq!(code, Code::ConflictingItem);
    assert!(
        msg.contains("`s3:GetObject` on `arn:aws:s3:::b/*` is both allowed and denied"),
        "{msg}"
    );
    // A conditional deny narrows the allow: fine.
    assert!(
        codes(quote!(
            allow("s3:GetObject", "arn:aws:s3:::b/*"),
            deny(
                "s3:GetObject",
                "arn:aws:s3:::b/*",
                condition("Bool", "aws:SecureTransport", false)
            )
        ))
        .is_empty()
    );
    // Different resources: fine.
    assert!(
        codes(quote!(
            allow("s3:GetObject", "arn:aws:s3:::a/*"),
            deny("s3:GetObject", "arn:aws:s3:::b/*")
        ))
        .is_empty()
    );
}

#[test]
fn handler_only_keys_on_requires() {
    for (ts, key) in [
        (quote!(function = "x"), "function"),
        (quote!(vpc), "vpc"),
        (quote!(log_group = "/x"), "log_group"),
    ] {
        let (code, msg) = only_error(AttrKind::Requires, ts);
        assert_eq!(code, Code::HandlerOnlyKey);
        assert!(
            msg.contains(&format!("`{key}` is only accepted on `#[handler]`")),
            "{msg}"
        );
    }
    let (attr, errors) = run(AttrKind::Requires, quote!(allow("a:B", "*"), uses(x)));
    assert!(errors.is_empty());
    assert_eq!(attr.statements.len(), 1);
}

#[test]
fn value_syntax_of_keys() {
    let (_, msg) = only_error(AttrKind::Handler, quote!(vpc = true));
    assert!(msg.contains("`vpc` takes no value"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(function));
    assert!(msg.contains("`function` needs a value"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(function = image_processor));
    assert!(msg.contains("expected a string for `function`"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(function("x")));
    assert!(msg.contains("expected `=` after `function`"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(log_group =));
    assert!(msg.contains("`log_group =` needs a string"), "{msg}");
}

#[test]
fn function_names() {
    for ok in ["a", "image-processor_2", &"x".repeat(64)] {
        assert!(codes(quote!(function = #ok)).is_empty(), "{ok}");
    }
    for bad in ["", "has space", "a.b", "${Stage}-fn", &"x".repeat(65)] {
        let (code, _) = only_error(AttrKind::Handler, quote!(function = #bad));
        assert_eq!(code, Code::InvalidFunctionName, "{bad}");
    }
    let (_, msg) = only_error(AttrKind::Handler, quote!(function = "${Stage}-fn"));
    assert!(msg.contains("placeholders are not supported"), "{msg}");
}

#[test]
fn log_group_names() {
    for ok in [
        "/aws/lambda/x",
        "a.b#c-d_e",
        "/aws/lambda/${FunctionName}-${Stage}",
    ] {
        assert!(codes(quote!(log_group = #ok)).is_empty(), "{ok}");
    }
    for bad in [
        "",
        "has space",
        "/a/${aws:username}",
        "a*",
        &"x".repeat(513),
    ] {
        let (code, _) = only_error(AttrKind::Handler, quote!(log_group = #bad));
        assert_eq!(code, Code::InvalidFunctionName, "{bad}");
    }
    let (_, msg) = only_error(AttrKind::Handler, quote!(log_group = "/a b"));
    assert!(msg.contains("it contains a space"), "{msg}");
    let (code, msg) = only_error(AttrKind::Handler, quote!(log_group = "/aws/${Stage"));
    assert_eq!(code, Code::MalformedPlaceholder);
    assert!(msg.contains("unclosed placeholder"), "{msg}");
}

#[test]
fn uses_paths() {
    let (_, msg) = only_error(AttrKind::Handler, quote!(uses()));
    assert!(msg.contains("`uses()` names no helper"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(uses));
    assert!(msg.contains("expected `(..)` after `uses`"), "{msg}");
    let (_, msg) = only_error(AttrKind::Handler, quote!(uses("a::b")));
    assert!(
        msg.contains("expected a path to a `#[requires]` helper"),
        "{msg}"
    );
    let (_, msg) = only_error(AttrKind::Handler, quote!(uses(a::<T>)));
    assert!(
        msg.contains("found `<`") && msg.contains("without generic arguments"),
        "{msg}"
    );
    assert_eq!(codes(quote!(uses(a::))), [Code::Syntax]);
    let (code, msg) = only_error(AttrKind::Handler, quote!(uses(a::b, c), uses(a::b)));
    assert_eq!(code, Code::DuplicateItem);
    assert!(msg.contains("`a::b` is already in `uses`"), "{msg}");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    const FRAGMENTS: &[&str] = &[
        "allow",
        "deny",
        "uses",
        "function",
        "vpc",
        "log_group",
        "actions",
        "resources",
        "condition",
        "reason",
        "(",
        ")",
        "[",
        "]",
        ",",
        ",",
        "=",
        "::",
        "-",
        "\"s3:GetObject\"",
        "\"*\"",
        "\"\"",
        "\"${\"",
        "\"${x}\"",
        "true",
        "1.5",
        "-3",
        "'c'",
        "b\"x\"",
        "x",
        "Self",
        "<",
        ">",
        "#",
        "{",
        "}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any token sequence parses to an attribute and errors, without panicking; every error
        /// carries a non-empty message.
        #[test]
        fn on_any_tokens(picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..24)) {
            let text: Vec<&str> = picks.iter().map(|&i| FRAGMENTS[i]).collect();
            if let Ok(tokens) = TokenStream::from_str(&text.join(" ")) {
                for kind in [AttrKind::Handler, AttrKind::Requires] {
                    let (_, diags) = parse(kind, tokens.clone());
                    prop_assert!(diags.as_slice().iter().all(|d| !d.message.is_empty()));
                }
            }
        }
    }
}

#[test]
fn deploy_items_parse_into_specs() {
    let (attr, errors) = handler(quote!(
        tracing,
        trigger(s3 = "arn:${Partition}:s3:::incoming"),
        trigger(function_url, auth = "NONE"),
        event_source(sqs = "arn:${Partition}:sqs:${Region}:${Account}:jobs"),
        kms(
            key = "arn:${Partition}:kms:${Region}:${Account}:key/k",
            via = ["s3", "sqs"]
        ),
    ));
    assert!(errors.is_empty(), "{errors:?}");
    let specs: Vec<_> = attr.deploy.iter().map(|d| d.to_spec()).collect();
    let keys: Vec<(&str, &str)> = specs
        .iter()
        .map(|s| (s.key.as_str(), s.kind.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("tracing", ""),
            ("trigger", "s3"),
            ("trigger", "function_url"),
            ("event_source", "sqs"),
            ("kms", "key"),
        ]
    );
    assert_eq!(
        specs[1].arn.as_deref(),
        Some("arn:${Partition}:s3:::incoming")
    );
    assert_eq!(specs[2].auth.as_deref(), Some("NONE"));
    assert_eq!(specs[4].via, ["s3", "sqs"]);
    assert!(attr.statements.is_empty());
}

#[test]
fn deploy_items_are_handler_only() {
    let (code, message) = only_error(AttrKind::Requires, quote!(tracing));
    assert_eq!(code, Code::HandlerOnlyKey);
    assert!(message.contains("`tracing`"), "{message}");
}
