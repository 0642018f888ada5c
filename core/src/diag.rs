//! Findings as data: severity, a stable code, a message, the span it points at, and a help line.
//! Rendering happens elsewhere: the macro turns errors into `compile_error!`
//! ([`Diagnostics::into_syn_error`]), the CLI renders them like rustc.
//!
//! Message style: lowercase, user tokens in backticks, no trailing period; the help line says
//! how to fix it.

use proc_macro2::Span;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

/// Every finding's stable code. Codes are part of the contract: never renumber or reuse one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    // grammar
    /// The attribute's tokens do not follow the grammar.
    Syntax,
    /// An item given twice (`function`, `vpc`, `reason`, ...).
    DuplicateItem,
    /// Items that cannot go together.
    ConflictingItem,
    /// `function`, `vpc` or `log_group` on `#[requires]`.
    HandlerOnlyKey,
    /// `reason = ""`.
    EmptyReason,
    /// `${` without `}`, an empty or invalid placeholder name.
    MalformedPlaceholder,
    // actions
    UnknownService,
    UnknownAction,
    /// An action written with other letter case than IAM's canonical spelling.
    ActionCase,
    /// A wildcard action (`s3:Get*`, `s3:*`, `*`) without `reason`.
    WildcardAction,
    /// A wildcard action that matches no action of its service.
    WildcardMatchesNothing,
    /// A privilege-escalation capable action (`iam:PassRole`, ...) without `reason`.
    PrivilegeEscalation,
    // resources
    MalformedArn,
    /// The ARN's service is not the one the action acts on.
    ArnServiceMismatch,
    /// The ARN matches none of the action's resource types.
    ResourceTypeMismatch,
    /// An ARN given to an action that supports no resource-level permissions.
    ResourceLevelUnsupported,
    /// `"*"` on an action that supports resource-level permissions, without `reason`.
    StarResource,
    /// A resource wildcard that covers every resource of a type, without `reason`.
    BroadResource,
    // conditions
    UnknownOperator,
    UnknownConditionKey,
    /// A condition key that does not apply to an action of the statement.
    InapplicableConditionKey,
    /// A value that is not of the operator's type (Bool, IP/CIDR, ARN, date, number).
    ConditionValueType,
    /// An operator of the wrong family for the key's type (`NumericEquals` on an ARN key).
    OperatorKeyMismatch,
    // assembly (CLI)
    /// A `${Name}` user variable without a value.
    UnresolvedVariable,
    /// `${Region}` or `${Account}` without a value: falls back to `*`.
    UnresolvedBuiltin,
    /// Two handlers claim the same Lambda function.
    DuplicateFunction,
    /// A handler whose Lambda function name cannot be derived.
    UnnamedFunction,
    /// A function or log-group name that is not a safe file name / valid Lambda name.
    InvalidFunctionName,
    /// A `uses(..)` path that resolves to no `#[requires]` helper.
    UnresolvedUses,
    /// A source file that cannot be read or parsed.
    UnparsableFile,
    /// A policy over the 10,240-character inline limit.
    PolicyTooLarge,
    /// A committed policy file that is missing.
    MissingFile,
    /// A committed policy file that differs from what the code declares.
    StaleFile,
    /// A policy file whose function no longer exists.
    OrphanedFile,
    /// Bad `[package.metadata.lambda-iam]` / `[workspace.metadata.lambda-iam]`.
    InvalidConfig,
    // code scan (CLI)
    /// An AWS SDK call whose action the declarations do not allow on its resource.
    UndeclaredCall,
    /// A declared action that no SDK call reachable from the handler needs, without `reason`.
    OverPrivileged,
    /// An SDK call whose resource the scan cannot read (an environment variable, a field).
    UninferredResource,
    /// A call to a `#[requires]` helper that the handler does not list in `uses(..)`.
    MissingUses,
    /// What cargo-lambda deploys (`[package.metadata.lambda]`) needs a permission the handler
    /// does not declare (tracing, VPC, function URL), or names the function differently.
    DeployMismatch,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: &'static [Code] = &[
        Code::Syntax,
        Code::DuplicateItem,
        Code::ConflictingItem,
        Code::HandlerOnlyKey,
        Code::EmptyReason,
        Code::MalformedPlaceholder,
        Code::UnknownService,
        Code::UnknownAction,
        Code::ActionCase,
        Code::WildcardAction,
        Code::WildcardMatchesNothing,
        Code::PrivilegeEscalation,
        Code::MalformedArn,
        Code::ArnServiceMismatch,
        Code::ResourceTypeMismatch,
        Code::ResourceLevelUnsupported,
        Code::StarResource,
        Code::BroadResource,
        Code::UnknownOperator,
        Code::UnknownConditionKey,
        Code::InapplicableConditionKey,
        Code::ConditionValueType,
        Code::OperatorKeyMismatch,
        Code::UnresolvedVariable,
        Code::UnresolvedBuiltin,
        Code::DuplicateFunction,
        Code::UnnamedFunction,
        Code::InvalidFunctionName,
        Code::UnresolvedUses,
        Code::UnparsableFile,
        Code::PolicyTooLarge,
        Code::MissingFile,
        Code::StaleFile,
        Code::OrphanedFile,
        Code::InvalidConfig,
        Code::UndeclaredCall,
        Code::OverPrivileged,
        Code::UninferredResource,
        Code::MissingUses,
        Code::DeployMismatch,
    ];

    /// The stable, kebab-case name shown in diagnostics (`unknown-action`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::DuplicateItem => "duplicate-item",
            Code::ConflictingItem => "conflicting-item",
            Code::HandlerOnlyKey => "handler-only-key",
            Code::EmptyReason => "empty-reason",
            Code::MalformedPlaceholder => "malformed-placeholder",
            Code::UnknownService => "unknown-service",
            Code::UnknownAction => "unknown-action",
            Code::ActionCase => "action-case",
            Code::WildcardAction => "wildcard-action",
            Code::WildcardMatchesNothing => "wildcard-matches-nothing",
            Code::PrivilegeEscalation => "privilege-escalation",
            Code::MalformedArn => "malformed-arn",
            Code::ArnServiceMismatch => "arn-service-mismatch",
            Code::ResourceTypeMismatch => "resource-type-mismatch",
            Code::ResourceLevelUnsupported => "resource-level-unsupported",
            Code::StarResource => "star-resource",
            Code::BroadResource => "broad-resource",
            Code::UnknownOperator => "unknown-operator",
            Code::UnknownConditionKey => "unknown-condition-key",
            Code::InapplicableConditionKey => "inapplicable-condition-key",
            Code::ConditionValueType => "condition-value-type",
            Code::OperatorKeyMismatch => "operator-key-mismatch",
            Code::UnresolvedVariable => "unresolved-variable",
            Code::UnresolvedBuiltin => "unresolved-builtin",
            Code::DuplicateFunction => "duplicate-function",
            Code::UnnamedFunction => "unnamed-function",
            Code::InvalidFunctionName => "invalid-function-name",
            Code::UnresolvedUses => "unresolved-uses",
            Code::UnparsableFile => "unparsable-file",
            Code::PolicyTooLarge => "policy-too-large",
            Code::MissingFile => "missing-file",
            Code::StaleFile => "stale-file",
            Code::OrphanedFile => "orphaned-file",
            Code::InvalidConfig => "invalid-config",
            Code::UndeclaredCall => "undeclared-call",
            Code::OverPrivileged => "over-privileged",
            Code::UninferredResource => "uninferred-resource",
            Code::MissingUses => "missing-uses",
            Code::DeployMismatch => "deploy-mismatch",
        }
    }

    /// The code of this name, for `--explain`.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The message and help as one text, as `compile_error!` shows it.
    pub fn full_message(&self) -> String {
        match &self.help {
            Some(help) => format!("{}\n\nhelp: {}", self.message, help),
            None => self.message.clone(),
        }
    }
}

/// An accumulator of findings: every stage pushes here, nothing stops at the first error.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.list
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }

    /// All errors combined into one `syn::Error` (one `compile_error!` each), or `None` when
    /// there are none. Warnings and notes are dropped: stable Rust has no way to emit them from
    /// a macro; `cargo iam check` reports them.
    pub fn into_syn_error(self) -> Option<syn::Error> {
        self.list
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| syn::Error::new(d.span, d.full_message()))
            .reduce(|mut all, e| {
                all.combine(e);
                all
            })
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}
