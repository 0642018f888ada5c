//! The parsed form of an attribute: what a handler or helper declares, with the span of every
//! literal so that each finding can point at the exact token the user wrote.
//!
//! [`StatementSpec`] is the same statement without spans: the unit that [`crate::assemble`]
//! works with, whether it came from source code (the CLI), from tokens (the macro) or from the
//! hidden constant the macro emits ([`crate::declared`]).

use proc_macro2::Span;

/// A value and where it was written.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub const fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// Which of the two attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttrKind {
    /// `#[lambda_iam::handler(..)]`: the function that serves one Lambda function.
    Handler,
    /// `#[lambda_iam::requires(..)]`: a helper whose permissions a handler takes on.
    Requires,
}

impl AttrKind {
    pub const fn name(self) -> &'static str {
        match self {
            AttrKind::Handler => "handler",
            AttrKind::Requires => "requires",
        }
    }
}

/// One parsed attribute.
#[derive(Clone, Debug)]
pub struct Attr {
    pub kind: AttrKind,
    pub statements: Vec<StatementDecl>,
    /// `uses(path::to::helper, ..)`, in the order written.
    pub uses: Vec<UsePath>,
    /// `function = ".."` (handler only).
    pub function: Option<Spanned<String>>,
    /// `vpc` (handler only): the span of the keyword.
    pub vpc: Option<Span>,
    /// `log_group = ".."` (handler only).
    pub log_group: Option<Spanned<String>>,
    /// `tracing`, `trigger(..)`, `event_source(..)`, `on_failure(..)`, `kms(..)` (handler
    /// only), in the order written.
    pub deploy: Vec<DeployDecl>,
}

impl Attr {
    pub fn new(kind: AttrKind) -> Self {
        Attr {
            kind,
            statements: Vec::new(),
            uses: Vec::new(),
            function: None,
            vpc: None,
            log_group: None,
            deploy: Vec::new(),
        }
    }
}

/// A path inside `uses(..)`, e.g. `crate::storage::put_image`.
#[derive(Clone, Debug)]
pub struct UsePath {
    /// Whether the path starts with `::`.
    pub leading_colon: bool,
    /// The segments as written (`crate`, `self`, `super` included).
    pub segments: Vec<Spanned<String>>,
    /// Covers the whole path.
    pub span: Span,
}

impl UsePath {
    /// The path as written, `a::b::c`.
    pub fn to_path_string(&self) -> String {
        let body = self
            .segments
            .iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join("::");
        if self.leading_colon {
            format!("::{body}")
        } else {
            body
        }
    }
}

/// One `allow(..)` or `deny(..)` item.
#[derive(Clone, Debug)]
pub struct StatementDecl {
    /// The effect, spanned by the `allow`/`deny` keyword.
    pub effect: Spanned<Effect>,
    pub actions: Vec<Spanned<String>>,
    pub resources: Vec<Spanned<String>>,
    pub conditions: Vec<ConditionDecl>,
    pub reason: Option<Spanned<String>>,
}

/// One `condition(OPERATOR, KEY, VALUE)` inside a statement.
#[derive(Clone, Debug)]
pub struct ConditionDecl {
    /// The `condition` keyword.
    pub span: Span,
    pub operator: Spanned<String>,
    pub key: Spanned<String>,
    /// The values, each as the text IAM would see (`true`, `10`, `"10.0.0.0/8"` unquoted).
    pub values: Vec<Spanned<String>>,
}

/// A statement without spans.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatementSpec {
    pub effect: Effect,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    pub conditions: Vec<ConditionSpec>,
    pub reason: Option<String>,
}

/// A condition without spans.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConditionSpec {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

impl StatementDecl {
    pub fn to_spec(&self) -> StatementSpec {
        StatementSpec {
            effect: self.effect.value,
            actions: self.actions.iter().map(|a| a.value.clone()).collect(),
            resources: self.resources.iter().map(|r| r.value.clone()).collect(),
            conditions: self.conditions.iter().map(ConditionDecl::to_spec).collect(),
            reason: self.reason.as_ref().map(|r| r.value.clone()),
        }
    }
}

impl ConditionDecl {
    pub fn to_spec(&self) -> ConditionSpec {
        ConditionSpec {
            operator: self.operator.value.clone(),
            key: self.key.value.clone(),
            values: self.values.iter().map(|v| v.value.clone()).collect(),
        }
    }
}

/// One deploy item of a handler: `tracing`, `trigger(..)`, `event_source(..)`,
/// `on_failure(..)` or `kms(..)` (see [`crate::deploy`]).
#[derive(Clone, Debug)]
pub struct DeployDecl {
    /// The item's keyword (`trigger`), spanned.
    pub key: Spanned<String>,
    /// What it names inside the parentheses: `s3`, `sqs`, `function_url`, `key` (empty for
    /// `tracing`), spanned.
    pub kind: Spanned<String>,
    /// The ARN given to the kind (`s3 = ".."`), when it takes one.
    pub arn: Option<Spanned<String>>,
    /// `auth = ".."` of `trigger(function_url, ..)`.
    pub auth: Option<Spanned<String>>,
    /// `via = [..]` of `kms(..)`: the services whose declared resources this key encrypts.
    pub via: Vec<Spanned<String>>,
}

impl DeployDecl {
    pub fn to_spec(&self) -> crate::deploy::DeploySpec {
        crate::deploy::DeploySpec {
            key: self.key.value.clone(),
            kind: self.kind.value.clone(),
            arn: self.arn.as_ref().map(|a| a.value.clone()),
            auth: self.auth.as_ref().map(|a| a.value.clone()),
            via: self.via.iter().map(|v| v.value.clone()).collect(),
        }
    }
}
