//! `declared!(..)` reads back what the attributes declared: own statements, the helpers' ones
//! through `uses` (transitively, each once), and the handler-only keys.

// The functions exist to be annotated; only their declarations are read.
#![allow(dead_code)]

use lambda_iam::{AttrKind, Declaration, Effect, declared, handler, requires};

mod storage {
    #[lambda_iam::requires(allow("s3:GetObject", "arn:${Partition}:s3:::${SourceBucket}/*"))]
    pub fn read_image(key: &str) -> String {
        key.to_string()
    }

    #[lambda_iam::requires(
        allow("s3:PutObject", "arn:${Partition}:s3:::${TargetBucket}/*"),
        uses(read_image)
    )]
    pub fn copy_image(key: &str) -> String {
        read_image(key)
    }

    pub mod meta {
        #[lambda_iam::requires(
            allow(
                "dynamodb:PutItem",
                "arn:${Partition}:dynamodb:${Region}:${Account}:table/Images"
            ),
            uses(super::read_image)
        )]
        pub async fn record(key: &str) -> usize {
            super::read_image(key).len()
        }
    }
}

struct Resizer;

impl Resizer {
    #[requires(allow("s3:GetObject", "arn:${Partition}:s3:::${SourceBucket}/*"))]
    fn load(&self) {}
}

#[handler(
    allow("sqs:SendMessage", "arn:${Partition}:sqs:${Region}:${Account}:done",
          condition("StringEquals", "aws:RequestedRegion", ["eu-west-1", "eu-central-1"])),
    uses(storage::copy_image, storage::meta::record, Resizer::load),
    function = "image-processor",
    vpc,
    log_group = "/custom/${FunctionName}",
)]
async fn function_handler(key: String) -> usize {
    Resizer.load();
    storage::copy_image(&key).len() + storage::meta::record(&key).await
}

#[handler(deny("s3:DeleteObject", "*", reason = "never deletes"))]
fn minimal() {}

#[test]
fn handler_keys_are_kept() {
    let d: &'static Declaration = declared!(function_handler);
    assert_eq!(d.kind, AttrKind::Handler);
    assert_eq!(d.path, "declared::function_handler");
    assert_eq!(d.name(), "function_handler");
    assert_eq!(d.function, Some("image-processor"));
    assert!(d.vpc);
    assert_eq!(d.log_group, Some("/custom/${FunctionName}"));
    assert_eq!(d.uses.len(), 3);
    assert_eq!(d.uses[1].path, "declared::storage::meta::record");
}

#[test]
fn own_statement_with_condition() {
    let statements = declared!(function_handler).statements;
    let s = &statements[0];
    assert_eq!(s.effect, Effect::Allow);
    assert_eq!(s.actions, ["sqs:SendMessage"]);
    assert_eq!(s.conditions[0].operator, "StringEquals");
    assert_eq!(s.conditions[0].values, ["eu-west-1", "eu-central-1"]);
}

#[test]
fn all_statements_follow_uses_transitively_without_repeats() {
    let actions: Vec<String> = declared!(function_handler)
        .all_statements()
        .into_iter()
        .map(|s| s.actions.join(","))
        .collect();
    // Own, then copy_image, read_image (through copy_image), record; read_image again through
    // record and Resizer::load declares the same statement: each kept once.
    assert_eq!(
        actions,
        [
            "sqs:SendMessage",
            "s3:PutObject",
            "s3:GetObject",
            "dynamodb:PutItem"
        ]
    );
}

#[test]
fn helpers_are_requires_and_defaults_are_empty() {
    let helper = declared!(storage::read_image);
    assert_eq!(helper.kind, AttrKind::Requires);
    assert_eq!(
        (helper.function, helper.vpc, helper.log_group),
        (None, false, None)
    );
    let minimal = declared!(minimal);
    assert_eq!(minimal.statements[0].effect, Effect::Deny);
    assert_eq!(minimal.statements[0].reason, Some("never deletes"));
    assert!(minimal.uses.is_empty());
}

#[test]
fn usable_in_const_context() {
    const D: &Declaration = declared!(storage::copy_image);
    static ALSO: &Declaration = declared!(storage::copy_image);
    assert_eq!(ALSO.path, D.path);
    let uses = D.uses;
    assert_eq!(D.name(), "copy_image");
    assert_eq!(uses[0].name(), "read_image");
}

#[test]
fn fields_read_like_plain_data() {
    // The way the examples read declarations: slice patterns and iterators over `'static` data.
    let [statement] = declared!(storage::read_image).statements else {
        panic!("expected one statement");
    };
    assert_eq!(statement.actions, ["s3:GetObject"]);
    let granted: Vec<(&str, &str)> = declared!(storage::copy_image)
        .statements
        .iter()
        .flat_map(|s| {
            s.actions
                .iter()
                .flat_map(move |a| s.resources.iter().map(move |r| (*a, *r)))
        })
        .collect();
    assert_eq!(
        granted,
        [("s3:PutObject", "arn:${Partition}:s3:::${TargetBucket}/*")]
    );
    let [condition] = declared!(function_handler).statements[0].conditions else {
        panic!("expected one condition");
    };
    assert_eq!(condition.values.to_vec(), ["eu-west-1", "eu-central-1"]);
}
