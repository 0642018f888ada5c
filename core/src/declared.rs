//! The `'static` form of a declaration that the macro emits as a hidden constant, reachable with
//! `lambda_iam::declared!(path::to::handler)`.
//!
//! Every type here is built from `&'static` data only, so the macro can write a declaration as
//! one constant expression, and code can read it in `const` context:
//!
//! ```
//! use lambda_iam_core::decl::{AttrKind, Effect};
//! use lambda_iam_core::declared::{Declaration, Statement};
//!
//! const HELPER: Declaration = Declaration {
//!     kind: AttrKind::Requires,
//!     path: "app::storage::put_image",
//!     function: None,
//!     vpc: false,
//!     log_group: None,
//!     statements: &[Statement {
//!         effect: Effect::Allow,
//!         actions: &["s3:PutObject"],
//!         resources: &["arn:${Partition}:s3:::out/*"],
//!         conditions: &[],
//!         reason: None,
//!     }],
//!     uses: &[],
//! };
//! const HANDLER: Declaration = Declaration {
//!     kind: AttrKind::Handler,
//!     path: "app::handler",
//!     function: Some("resizer"),
//!     vpc: false,
//!     log_group: None,
//!     statements: &[],
//!     uses: &[&HELPER],
//! };
//! const NAME: &str = HANDLER.name();
//! assert_eq!(NAME, "handler");
//! assert_eq!(HANDLER.all_statements()[0].actions, ["s3:PutObject"]);
//! ```

use crate::decl::{AttrKind, ConditionSpec, Effect, StatementSpec};
use std::fmt;

/// What one `#[handler]` or `#[requires]` declares.
#[derive(Clone, Copy)]
pub struct Declaration {
    /// Which attribute declared it.
    pub kind: AttrKind,
    /// `module_path!()` and the function's name: `image_processor::function_handler`. For a
    /// method, the module of its `impl` block and the method's name (the type is not known to
    /// the macro).
    pub path: &'static str,
    /// `function = ".."` (handlers only).
    pub function: Option<&'static str>,
    /// `vpc` (handlers only).
    pub vpc: bool,
    /// `log_group = ".."` (handlers only).
    pub log_group: Option<&'static str>,
    /// The statements of this declaration, in the order written.
    pub statements: &'static [Statement],
    /// The declarations of the helpers in `uses(..)`, in the order written.
    pub uses: &'static [&'static Declaration],
}

/// One `allow(..)` or `deny(..)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Statement {
    pub effect: Effect,
    pub actions: &'static [&'static str],
    pub resources: &'static [&'static str],
    pub conditions: &'static [Condition],
    pub reason: Option<&'static str>,
}

/// One `condition(OPERATOR, KEY, VALUE)`; values as IAM sees them (`true`, `10`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Condition {
    pub operator: &'static str,
    pub key: &'static str,
    pub values: &'static [&'static str],
}

impl Declaration {
    /// The function's name: the last segment of [`path`](Self::path).
    pub const fn name(&self) -> &'static str {
        let bytes = self.path.as_bytes();
        let mut i = bytes.len();
        while i > 0 && bytes[i - 1] != b':' {
            i -= 1;
        }
        let (_, name) = self.path.split_at(i);
        name
    }

    /// Whether `#[handler]` declared it.
    pub const fn is_handler(&self) -> bool {
        matches!(self.kind, AttrKind::Handler)
    }

    /// This declaration and every helper it uses, directly or through other helpers, each once,
    /// depth first in the order written. Safe on cycles (which `static`s could build).
    pub fn with_used(&self) -> Vec<&Declaration> {
        let mut out: Vec<&Declaration> = Vec::new();
        let mut stack = vec![self];
        while let Some(next) = stack.pop() {
            if out.iter().any(|seen| std::ptr::eq(*seen, next)) {
                continue;
            }
            out.push(next);
            stack.extend(next.uses.iter().rev().copied());
        }
        out
    }

    /// The statements this function needs: its own, then those of every helper it uses
    /// (transitively), without repeats.
    pub fn all_statements(&self) -> Vec<StatementSpec> {
        let mut out: Vec<StatementSpec> = Vec::new();
        for decl in self.with_used() {
            for statement in decl.statements {
                let spec = statement.to_spec();
                if !out.contains(&spec) {
                    out.push(spec);
                }
            }
        }
        out
    }
}

impl fmt::Debug for Declaration {
    /// Helpers in `uses` show as their paths: a full recursive dump would repeat shared helpers
    /// (and never end on a cycle).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Paths<'a>(&'a [&'static Declaration]);
        impl fmt::Debug for Paths<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list()
                    .entries(self.0.iter().map(|d| d.path))
                    .finish()
            }
        }
        f.debug_struct("Declaration")
            .field("kind", &self.kind)
            .field("path", &self.path)
            .field("function", &self.function)
            .field("vpc", &self.vpc)
            .field("log_group", &self.log_group)
            .field("statements", &self.statements)
            .field("uses", &Paths(self.uses))
            .finish()
    }
}

impl Statement {
    pub fn to_spec(&self) -> StatementSpec {
        StatementSpec {
            effect: self.effect,
            actions: self.actions.iter().map(|s| s.to_string()).collect(),
            resources: self.resources.iter().map(|s| s.to_string()).collect(),
            conditions: self.conditions.iter().map(Condition::to_spec).collect(),
            reason: self.reason.map(str::to_string),
        }
    }
}

impl Condition {
    pub fn to_spec(&self) -> ConditionSpec {
        ConditionSpec {
            operator: self.operator.to_string(),
            key: self.key.to_string(),
            values: self.values.iter().map(|s| s.to_string()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn statement(action: &'static [&'static str]) -> Statement {
        Statement {
            effect: Effect::Allow,
            actions: action,
            resources: &["*"],
            conditions: &[],
            reason: None,
        }
    }

    const fn decl(
        path: &'static str,
        statements: &'static [Statement],
        uses: &'static [&'static Declaration],
    ) -> Declaration {
        Declaration {
            kind: AttrKind::Requires,
            path,
            function: None,
            vpc: false,
            log_group: None,
            statements,
            uses,
        }
    }

    const LEAF: Declaration = decl("a::leaf", &[statement(&["s3:GetObject"])], &[]);
    const LEFT: Declaration = decl(
        "a::left",
        &[statement(&["s3:PutObject"]), statement(&["s3:GetObject"])],
        &[&LEAF],
    );
    const RIGHT: Declaration = decl("a::right", &[statement(&["sqs:SendMessage"])], &[&LEAF]);
    const TOP: Declaration = Declaration {
        kind: AttrKind::Handler,
        function: Some("f"),
        ..decl(
            "a::b::top",
            &[statement(&["dynamodb:PutItem"])],
            &[&LEFT, &RIGHT],
        )
    };

    #[test]
    fn name_is_the_last_segment() {
        assert_eq!(TOP.name(), "top");
        assert_eq!(decl("top", &[], &[]).name(), "top");
    }

    #[test]
    fn all_statements_are_transitive_and_deduplicated() {
        let actions: Vec<String> = TOP
            .all_statements()
            .into_iter()
            .map(|s| s.actions[0].clone())
            .collect();
        assert_eq!(
            actions,
            [
                "dynamodb:PutItem",
                "s3:PutObject",
                "s3:GetObject",
                "sqs:SendMessage"
            ]
        );
    }

    #[test]
    fn with_used_visits_each_declaration_once() {
        static X: Declaration = decl("x", &[statement(&["a:A"])], &[&Y]);
        static Y: Declaration = decl("y", &[statement(&["b:B"])], &[&X]);
        let paths: Vec<&str> = X.with_used().iter().map(|d| d.path).collect();
        assert_eq!(paths, ["x", "y"]);
        assert_eq!(X.all_statements().len(), 2);
    }

    #[test]
    fn debug_shows_used_paths_only() {
        let text = format!("{TOP:?}");
        assert!(text.contains("uses: [\"a::left\", \"a::right\"]"), "{text}");
    }
}
