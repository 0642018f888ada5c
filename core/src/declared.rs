//! The `'static` form of a declaration that the macro emits as a hidden constant, reachable with
//! `lambda_iam::declared!(path::to::handler)`.
//!
//! A [`Declaration`] is one string literal (plus the helpers it uses): the macro writes the
//! function's path, its handler-only keys and its statements into a compact text with
//! [`encode`]. Rustc type-checks and const-evaluates every hidden constant in every build of the
//! user's crate; measured on 100 handlers, a constant made of nested slices and structs cost
//! about a quarter of the crate's `cargo check` time, the single literal next to nothing.
//!
//! Reading goes through [`Deref`](std::ops::Deref) to [`Contents`]: the text is decoded on first
//! access (once per declaration per process, kept for the life of the program), into `'static`
//! fields that borrow from the literal.
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
//! let rest = encode(AttrKind::Requires, "put_image", None, false, None, &[put.clone()]);
//! let text: &'static str = Box::leak(format!("app::storage\0{rest}").into_boxed_str());
//! let helper = Declaration::from_encoded(text, &[]);
//! assert_eq!(helper.path, "app::storage::put_image");
//! assert_eq!(helper.statements[0].actions, ["s3:PutObject"]);
//! assert_eq!(helper.all_statements(), [put]);
//! ```

use crate::decl::{AttrKind, ConditionSpec, Effect, StatementSpec};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

/// What one `#[handler]` or `#[requires]` declares. Its fields are those of [`Contents`],
/// reached through `Deref`: `declaration.statements`, `declaration.function`, ...
#[derive(Clone, Copy)]
pub struct Declaration {
    /// `module_path!()`, NUL, then the rest as [`encode`] writes it.
    text: &'static str,
    uses: &'static [&'static Declaration],
}

/// The decoded fields of a [`Declaration`].
#[derive(Debug)]
pub struct Contents {
    /// Which attribute declared it.
    pub kind: AttrKind,
    /// `module_path!()` and the function's name: `image_processor::function_handler`. For a
    /// method, the module of its `impl` block and the method's name (the macro cannot see the
    /// type).
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
    /// Used by the generated code: `text` is `concat!(module_path!(), "\0", <encode(..)>)`.
    #[doc(hidden)]
    pub const fn from_encoded(text: &'static str, uses: &'static [&'static Declaration]) -> Self {
        Declaration { text, uses }
    }

    /// The function's name: the last segment of [`path`](Contents::path).
    pub fn name(&self) -> &'static str {
        let path = self.path;
        path.rsplit_once("::").map_or(path, |(_, name)| name)
    }

    /// Whether `#[handler]` declared it.
    pub fn is_handler(&self) -> bool {
        self.kind == AttrKind::Handler
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

impl std::ops::Deref for Declaration {
    type Target = Contents;

    /// Decodes the text on first access; later accesses find it in a process-wide table (keyed
    /// by the text and the `uses` slice: two methods of one module may share a path).
    fn deref(&self) -> &Contents {
        type Key = (&'static str, usize, usize);
        static DECODED: Mutex<BTreeMap<Key, &'static Contents>> = Mutex::new(BTreeMap::new());
        let mut table = DECODED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = (self.text, self.uses.as_ptr() as usize, self.uses.len());
        table.entry(key).or_insert_with(|| {
            let decoded = decode(self.text, self.uses)
                .expect("a declaration written by the lambda-iam macros decodes");
            Box::leak(Box::new(decoded))
        })
    }
}

impl fmt::Debug for Declaration {
    /// Helpers in `uses` show as their paths: a full recursive dump would repeat shared helpers
    /// (and never end on a cycle).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Declaration")
            .field("kind", &self.kind)
            .field("path", &self.path)
            .field("function", &self.function)
            .field("vpc", &self.vpc)
            .field("log_group", &self.log_group)
            .field("statements", &self.statements)
            .field(
                "uses",
                &self.uses.iter().map(|u| u.path).collect::<Vec<_>>(),
            )
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

fn leak<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

/// Reads a declaration's text; the strings borrow from it.
fn decode(text: &'static str, uses: &'static [&'static Declaration]) -> Option<Contents> {
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
            conditions.push(Condition {
                operator,
                key,
                values,
            });
        }
        let reason = r.option()?;
        statements.push(Statement {
            effect,
            actions,
            resources,
            conditions: leak(conditions),
            reason,
        });
    }
    let path: &'static str = Box::leak(format!("{module}::{name}").into_boxed_str());
    r.rest.is_empty().then_some(Contents {
        kind,
        path,
        function,
        vpc,
        log_group,
        statements: leak(statements),
        uses,
    })
}

struct Reader {
    rest: &'static str,
}

impl Reader {
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

    fn string(&mut self) -> Option<&'static str> {
        let len = self.number(':')?;
        let s = self.rest.get(..len)?;
        self.rest = &self.rest[len..];
        Some(s)
    }

    fn option(&mut self) -> Option<Option<&'static str>> {
        match self.char()? {
            '+' => Some(Some(self.string()?)),
            '-' => Some(None),
            _ => None,
        }
    }

    fn list(&mut self) -> Option<&'static [&'static str]> {
        let items: Option<Vec<&'static str>> = (0..self.count()?).map(|_| self.string()).collect();
        Some(leak(items?))
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

    fn text(
        kind: AttrKind,
        module: &str,
        name: &str,
        statements: &[StatementSpec],
    ) -> &'static str {
        let rest = encode(kind, name, None, false, None, statements);
        Box::leak(format!("{module}\0{rest}").into_boxed_str())
    }

    fn declaration(
        kind: AttrKind,
        module: &str,
        name: &str,
        statements: &[StatementSpec],
        uses: Vec<&'static Declaration>,
    ) -> &'static Declaration {
        let text = text(kind, module, name, statements);
        Box::leak(Box::new(Declaration::from_encoded(text, leak(uses))))
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
        let rest = encode(
            AttrKind::Handler,
            "handle",
            Some("fn-1"),
            true,
            Some("/a/${Stage}"),
            &statements,
        );
        let text: &'static str = Box::leak(format!("app::m\0{rest}").into_boxed_str());
        let d = Declaration::from_encoded(text, &[]);
        assert_eq!(d.kind, AttrKind::Handler);
        assert_eq!(d.path, "app::m::handle");
        assert_eq!(d.name(), "handle");
        assert_eq!(d.function, Some("fn-1"));
        assert!(d.vpc && d.is_handler());
        assert_eq!(d.log_group, Some("/a/${Stage}"));
        let decoded: Vec<StatementSpec> = d.statements.iter().map(Statement::to_spec).collect();
        assert_eq!(decoded, statements);
    }

    #[test]
    fn rejects_truncated_or_trailing_text() {
        let full = text(AttrKind::Requires, "m", "f", &[statement("a:B")]);
        assert!(decode(full, &[]).is_some());
        for cut in 1..full.len() - 2 {
            if full.is_char_boundary(cut) {
                assert!(decode(&full[..cut], &[]).is_none(), "{:?}", &full[..cut]);
            }
        }
        let longer: &'static str = Box::leak(format!("{full}x").into_boxed_str());
        assert!(decode(longer, &[]).is_none());
    }

    #[test]
    fn decodes_once_per_text() {
        let d = declaration(
            AttrKind::Requires,
            "a::b",
            "helper",
            &[statement("s3:GetObject")],
            vec![],
        );
        assert!(std::ptr::eq(d.statements, d.statements));
        let copy = Declaration::from_encoded(d.text, &[]);
        assert!(std::ptr::eq(copy.statements, d.statements));
        assert_eq!((d.function, d.log_group, d.vpc), (None, None, false));
    }

    #[test]
    fn all_statements_are_transitive_and_deduplicated() {
        let leaf = declaration(
            AttrKind::Requires,
            "a",
            "leaf",
            &[statement("s3:GetObject")],
            vec![],
        );
        let left = declaration(
            AttrKind::Requires,
            "a",
            "left",
            &[statement("s3:PutObject"), statement("s3:GetObject")],
            vec![leaf],
        );
        let right = declaration(
            AttrKind::Requires,
            "a",
            "right",
            &[statement("sqs:SendMessage")],
            vec![leaf],
        );
        let top = declaration(
            AttrKind::Handler,
            "a::b",
            "top",
            &[statement("dynamodb:PutItem")],
            vec![left, right],
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
        let paths: Vec<&str> = top.with_used().iter().map(|d| d.path).collect();
        assert_eq!(paths, ["a::b::top", "a::left", "a::leaf", "a::right"]);
        assert!(format!("{top:?}").contains("uses: [\"a::left\", \"a::right\"]"));
    }

    #[test]
    fn with_used_is_safe_on_cycles() {
        static X: Declaration = Declaration::from_encoded("x\0R1:x-0-0;", &[&Y]);
        static Y: Declaration = Declaration::from_encoded("y\0R1:y-0-0;", &[&X]);
        let paths: Vec<&str> = X.with_used().iter().map(|d| d.path).collect();
        assert_eq!(paths, ["x::x", "y::y"]);
        assert!(X.all_statements().is_empty());
    }
}
