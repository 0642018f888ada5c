//! Lints over IAM policy documents: identity, trust and resource-based policies, as JSON.
//!
//! A lint finding is data: the [`Lint`] it comes from (a stable kebab-case code, a severity, the
//! `--explain` text), a message, and a [`JsonPath`] to the value it concerns. Locating the path in
//! the source text (JSON line:column, or the Rust attribute a statement was declared by) and
//! rendering are the caller's job, so one engine serves `cargo iam lint`, `cargo iam check` and
//! tests alike.
//!
//! Suppression: a finding is silenced only by a [`Suppression`] that carries a non-empty reason.

use serde_json::Value;
use std::fmt;

/// How serious a lint finding is, from least to most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LintSeverity {
    /// The policy is fine but could be smaller or clearer.
    Suggestion,
    /// Probably a mistake, or broader than needed.
    Warning,
    /// Grants more than least privilege in a way attackers use (escalation, exfiltration, ...).
    Security,
    /// IAM would reject the policy, or the policy cannot mean what it says.
    Error,
}

impl LintSeverity {
    /// The word used in output (`error`, `security`, `warning`, `suggestion`).
    pub fn as_str(self) -> &'static str {
        match self {
            LintSeverity::Suggestion => "suggestion",
            LintSeverity::Warning => "warning",
            LintSeverity::Security => "security",
            LintSeverity::Error => "error",
        }
    }
}

impl fmt::Display for LintSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One lint: its stable code and documentation.
#[derive(Debug)]
pub struct Lint {
    /// Stable kebab-case code (`wildcard-action`); never renamed or reused.
    pub code: &'static str,
    pub severity: LintSeverity,
    /// One line: what it finds.
    pub summary: &'static str,
    /// The `--explain` text, Markdown: what it finds / why it matters / example / how to fix.
    pub explain: &'static str,
}

/// Which kind of policy a document is; decides which lints apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyType {
    /// Attached to a role, user or group: no `Principal`.
    Identity,
    /// A role's trust (assume-role) policy: `Principal`, `sts:AssumeRole*` actions, no `Resource`.
    Trust,
    /// Attached to a resource (bucket, queue, function, ...): `Principal` and `Resource`.
    Resource,
}

/// One step of a path into a JSON document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSegment {
    /// An object member, by key as written.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A path from the document root to a value, e.g. `Statement[2].Action[0]`. For a `Statement`
/// written as a single object (not an array), paths still use `Index(0)` after `Statement`;
/// callers locating paths in text must accept that.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPath(pub Vec<PathSegment>);

impl JsonPath {
    pub fn root() -> JsonPath {
        JsonPath(Vec::new())
    }

    pub fn key(mut self, key: impl Into<String>) -> JsonPath {
        self.0.push(PathSegment::Key(key.into()));
        self
    }

    pub fn index(mut self, index: usize) -> JsonPath {
        self.0.push(PathSegment::Index(index));
        self
    }

    /// The statement index, when the path is under `Statement`.
    pub fn statement(&self) -> Option<usize> {
        match self.0.as_slice() {
            [PathSegment::Key(k), PathSegment::Index(i), ..] if k == "Statement" => Some(*i),
            _ => None,
        }
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Key(k) if n == 0 => write!(f, "{k}")?,
                PathSegment::Key(k) => write!(f, ".{k}")?,
                PathSegment::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// A finding of one lint.
#[derive(Clone, Debug)]
pub struct LintFinding {
    pub lint: &'static Lint,
    /// Lowercase, user tokens in backticks, no trailing period.
    pub message: String,
    /// The value the finding is about.
    pub path: JsonPath,
    /// How to fix it.
    pub help: Option<String>,
    /// Other places that explain it (the statement that covers this one, ...).
    pub related: Vec<(JsonPath, String)>,
}

/// Silences one lint, everywhere or in one statement, for a stated reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub code: String,
    /// Statement index; `None`: the whole document.
    pub statement: Option<usize>,
    /// Why; must not be empty.
    pub reason: String,
}

/// What to lint and how.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// The policy's kind; `None`: detect it from the document.
    pub policy_type: Option<PolicyType>,
    pub suppressions: Vec<Suppression>,
}

/// Every lint, sorted by code.
pub static LINTS: &[&Lint] = &[];

/// The lint with this code.
pub fn lint_by_code(code: &str) -> Option<&'static Lint> {
    LINTS.iter().copied().find(|lint| lint.code == code)
}

/// Lints one policy document. Findings are sorted by path, then code; suppressed findings are
/// dropped.
pub fn lint_policy(document: &Value, options: &LintOptions) -> Vec<LintFinding> {
    let _ = (document, options);
    Vec::new()
}
