//! The `'static` form of a declaration that the macro emits as a hidden constant, reachable with
//! `lambda_iam::declared!(path::to::handler)`.
//!
//! A [`Declaration`] is one string literal (plus the helpers it uses): the macro writes the
//! function's path, its handler-only keys and its statements into a compact text with
//! [`encode`], and the accessors read it back. Rustc type-checks and const-evaluates every
//! hidden constant in every build of the user's crate; measured on 100 handlers, a constant made
//! of nested slices and structs cost about a quarter of the crate's `cargo check` time, the
//! single literal costs next to nothing. The text is only decoded when read, at run time.
//!
//! ```
//! use lambda_iam_core::decl::{AttrKind, Effect, StatementSpec};
//! use lambda_iam_core::declared::{Declaration, encode};
//!
//! let put = StatementSpec {
//!     effect: Effect::Allow,
//!     actions: vec!["s3:PutObject".into()],
//!     resources: vec!["arn:${Partition}:s3:::out/*".into()],
//!     conditions: vec![],
//!     reason: None,
//! };
//! // What the macro writes for `#[requires(allow(..))] fn put_image()` in `app::storage`:
//! let text = format!("app::storage\0{}", encode(AttrKind::Requires, "put_image", None, false, None, &[put.clone()]));
//! let helper: &'static Declaration = Box::leak(Box::new(Declaration::from_encoded(Box::leak(text.into_boxed_str()), &[])));
//! assert_eq!(helper.path(), "app::storage::put_image");
//! assert_eq!(helper.statements(), [put]);
//! ```

use crate::decl::{AttrKind, ConditionSpec, Effect, StatementSpec};
use std::fmt;

/// What one `#[handler]` or `#[requires]` declares.
#[derive(Clone, Copy)]
pub struct Declaration {
    /// `module_path!()`, NUL, then the rest as [`encode`] writes it.
    text: &'static str,
    uses: &'static [&'static Declaration],
}

impl Declaration {
    /// Used by the generated code: `text` is `concat!(module_path!(), "\0", <encode(..)>)`.
    #[doc(hidden)]
    pub const fn from_encoded(text: &'static str, uses: &'static [&'static Declaration]) -> Self {
        Declaration { text, uses }
    }

    fn decoded(&self) -> Decoded {
        decode(self.text).expect("a declaration written by the lambda-iam macros decodes")
    }

    /// Which attribute declared it.
    pub fn kind(&self) -> AttrKind {
        self.decoded().kind
    }

    /// Whether `#[handler]` declared it.
    pub fn is_handler(&self) -> bool {
        self.kind() == AttrKind::Handler
    }

    /// `module_path!()` and the function's name: `image_processor::function_handler`. For a
    /// method, the module of its `impl` block and the method's name (the macro cannot see the
    /// type).
    pub fn path(&self) -> String {
        let decoded = self.decoded();
        format!("{}::{}", decoded.module, decoded.name)
    }

    /// The function's name.
    pub fn name(&self) -> String {
        self.decoded().name
    }

    /// `function = ".."` (handlers only).
    pub fn function(&self) -> Option<String> {
        self.decoded().function
    }

    /// `vpc` (handlers only).
    pub fn vpc(&self) -> bool {
        self.decoded().vpc
    }

    /// `log_group = ".."` (handlers only).
    pub fn log_group(&self) -> Option<String> {
        self.decoded().log_group
    }

    /// The statements of this declaration, in the order written.
    pub fn statements(&self) -> Vec<StatementSpec> {
        self.decoded().statements
    }

    /// The declarations of the helpers in `uses(..)`, in the order written.
    pub const fn uses(&self) -> &'static [&'static Declaration] {
        self.uses
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
            for statement in decl.statements() {
                if !out.contains(&statement) {
                    out.push(statement);
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
        let d = self.decoded();
        f.debug_struct("Declaration")
            .field("kind", &d.kind)
            .field("path", &format!("{}::{}", d.module, d.name))
            .field("function", &d.function)
            .field("vpc", &d.vpc)
            .field("log_group", &d.log_group)
            .field("statements", &d.statements)
            .field(
                "uses",
                &self.uses.iter().map(|u| u.path()).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// Everything a declaration's text holds.
#[derive(Debug, PartialEq)]
struct Decoded {
    module: String,
    kind: AttrKind,
    name: String,
    function: Option<String>,
    vpc: bool,
    log_group: Option<String>,
    statements: Vec<StatementSpec>,
}

/// Writes what follows `module_path!()` and NUL in a declaration's text. Strings are length
/// prefixed (`12:s3:GetObject`), so any text survives; counts end with `;`; absent values are
/// `-`.
pub fn encode(
    kind: AttrKind,
    name: &str,
    function: Option<&str>,
    vpc: bool,
    log_group: Option<&str>,
    statements: &[StatementSpec],
) -> String {
    let mut out = String::new();
    out.push(match kind {
        AttrKind::Handler => 'H',
        AttrKind::Requires => 'R',
    });
    put_str(&mut out, name);
    put_opt(&mut out, function);
    out.push(if vpc { '1' } else { '0' });
    put_opt(&mut out, log_group);
    put_count(&mut out, statements.len());
    for s in statements {
        out.push(match s.effect {
            Effect::Allow => 'A',
            Effect::Deny => 'D',
        });
        put_list(&mut out, &s.actions);
        put_list(&mut out, &s.resources);
        put_count(&mut out, s.conditions.len());
        for c in &s.conditions {
            put_str(&mut out, &c.operator);
            put_str(&mut out, &c.key);
            put_list(&mut out, &c.values);
        }
        put_opt(&mut out, s.reason.as_deref());
    }
    out
}

fn put_str(out: &mut String, s: &str) {
    out.push_str(&s.len().to_string());
    out.push(':');
    out.push_str(s);
}

fn put_opt(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push('+');
            put_str(out, s);
        }
        None => out.push('-'),
    }
}

fn put_count(out: &mut String, n: usize) {
    out.push_str(&n.to_string());
    out.push(';');
}

fn put_list(out: &mut String, items: &[String]) {
    put_count(out, items.len());
    for item in items {
        put_str(out, item);
    }
}

fn decode(text: &str) -> Option<Decoded> {
    let (module, rest) = text.split_once('\0')?;
    let mut r = Reader { rest };
    let kind = match r.char()? {
        'H' => AttrKind::Handler,
        'R' => AttrKind::Requires,
        _ => return None,
    };
    let name = r.string()?;
    let function = r.option()?;
    let vpc = r.char()? == '1';
    let log_group = r.option()?;
    let mut statements = Vec::new();
    for _ in 0..r.count()? {
        let effect = match r.char()? {
            'A' => Effect::Allow,
            'D' => Effect::Deny,
            _ => return None,
        };
        let actions = r.list()?;
        let resources = r.list()?;
        let mut conditions = Vec::new();
        for _ in 0..r.count()? {
            let operator = r.string()?;
            let key = r.string()?;
            let values = r.list()?;
            conditions.push(ConditionSpec {
                operator,
                key,
                values,
            });
        }
        let reason = r.option()?;
        statements.push(StatementSpec {
            effect,
            actions,
            resources,
            conditions,
            reason,
        });
    }
    r.rest.is_empty().then_some(Decoded {
        module: module.to_string(),
        kind,
        name,
        function,
        vpc,
        log_group,
        statements,
    })
}

struct Reader<'a> {
    rest: &'a str,
}

impl Reader<'_> {
    fn char(&mut self) -> Option<char> {
        let c = self.rest.chars().next()?;
        self.rest = &self.rest[c.len_utf8()..];
        Some(c)
    }

    fn number(&mut self, end: char) -> Option<usize> {
        let (digits, rest) = self.rest.split_once(end)?;
        self.rest = rest;
        digits.parse().ok()
    }

    fn count(&mut self) -> Option<usize> {
        self.number(';')
    }

    fn string(&mut self) -> Option<String> {
        let len = self.number(':')?;
        let s = self.rest.get(..len)?;
        self.rest = &self.rest[len..];
        Some(s.to_string())
    }

    fn option(&mut self) -> Option<Option<String>> {
        match self.char()? {
            '+' => Some(Some(self.string()?)),
            '-' => Some(None),
            _ => None,
        }
    }

    fn list(&mut self) -> Option<Vec<String>> {
        (0..self.count()?).map(|_| self.string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(action: &str) -> StatementSpec {
        StatementSpec {
            effect: Effect::Allow,
            actions: vec![action.to_string()],
            resources: vec!["*".into()],
            conditions: vec![],
            reason: None,
        }
    }

    fn leak(
        kind: AttrKind,
        module: &str,
        name: &str,
        statements: &[StatementSpec],
        uses: &'static [&'static Declaration],
    ) -> &'static Declaration {
        let text = format!(
            "{module}\0{}",
            encode(kind, name, None, false, None, statements)
        );
        Box::leak(Box::new(Declaration::from_encoded(
            Box::leak(text.into_boxed_str()),
            uses,
        )))
    }

    #[test]
    fn round_trips_every_field() {
        let statements = vec![
            StatementSpec {
                effect: Effect::Deny,
                actions: vec!["s3:GetObject".into(), "s3:Put*".into()],
                resources: vec!["arn:${Partition}:s3:::b/${aws:username}/*".into()],
                conditions: vec![ConditionSpec {
                    operator: "StringEquals".into(),
                    key: "aws:RequestedRegion".into(),
                    values: vec!["eu-west-1".into(), "12:;-+\0é".into()],
                }],
                reason: Some("needs: everything; really".into()),
            },
            statement("sqs:SendMessage"),
        ];
        let text = format!(
            "app::m\0{}",
            encode(
                AttrKind::Handler,
                "handle",
                Some("fn-1"),
                true,
                Some("/a/${Stage}"),
                &statements
            )
        );
        let decoded = decode(&text).unwrap();
        assert_eq!(
            decoded,
            Decoded {
                module: "app::m".into(),
                kind: AttrKind::Handler,
                name: "handle".into(),
                function: Some("fn-1".into()),
                vpc: true,
                log_group: Some("/a/${Stage}".into()),
                statements,
            }
        );
    }

    #[test]
    fn rejects_truncated_or_trailing_text() {
        let full = format!(
            "m\0{}",
            encode(
                AttrKind::Requires,
                "f",
                None,
                false,
                None,
                &[statement("a:B")]
            )
        );
        assert!(decode(&full).is_some());
        for cut in 1..full.len() - 2 {
            if full.is_char_boundary(cut) {
                assert!(decode(&full[..cut]).is_none(), "{:?}", &full[..cut]);
            }
        }
        assert!(decode(&format!("{full}x")).is_none());
    }

    #[test]
    fn accessors_read_the_text() {
        let d = leak(
            AttrKind::Requires,
            "a::b",
            "helper",
            &[statement("s3:GetObject")],
            &[],
        );
        assert_eq!(d.path(), "a::b::helper");
        assert_eq!(d.name(), "helper");
        assert_eq!(d.kind(), AttrKind::Requires);
        assert!(!d.is_handler() && !d.vpc());
        assert_eq!((d.function(), d.log_group()), (None, None));
        assert_eq!(d.statements()[0].actions, ["s3:GetObject"]);
    }

    #[test]
    fn all_statements_are_transitive_and_deduplicated() {
        let leaf = leak(
            AttrKind::Requires,
            "a",
            "leaf",
            &[statement("s3:GetObject")],
            &[],
        );
        let left_uses: &'static [&'static Declaration] = Box::leak(Box::new([leaf]));
        let left = leak(
            AttrKind::Requires,
            "a",
            "left",
            &[statement("s3:PutObject"), statement("s3:GetObject")],
            left_uses,
        );
        let right = leak(
            AttrKind::Requires,
            "a",
            "right",
            &[statement("sqs:SendMessage")],
            left_uses,
        );
        let top_uses: &'static [&'static Declaration] = Box::leak(Box::new([left, right]));
        let top = leak(
            AttrKind::Handler,
            "a::b",
            "top",
            &[statement("dynamodb:PutItem")],
            top_uses,
        );
        let actions: Vec<String> = top
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
        let paths: Vec<String> = top.with_used().iter().map(|d| d.path()).collect();
        assert_eq!(paths, ["a::b::top", "a::left", "a::leaf", "a::right"]);
        assert!(format!("{top:?}").contains("uses: [\"a::left\", \"a::right\"]"));
    }

    #[test]
    fn with_used_is_safe_on_cycles() {
        static X: Declaration = Declaration::from_encoded("x\0R1:x-0-0;", &[&Y]);
        static Y: Declaration = Declaration::from_encoded("y\0R1:y-0-0;", &[&X]);
        let paths: Vec<String> = X.with_used().iter().map(|d| d.path()).collect();
        assert_eq!(paths, ["x::x", "y::y"]);
        assert!(X.all_statements().is_empty());
    }
}
