//! Builds one Lambda function's execution-role policy and trust policy.

use crate::decl::StatementSpec;
use crate::diag::{Code, Severity};
use crate::policy::PolicyDocument;
use crate::vars::Vars;

/// Where a statement was declared.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// Path relative to the workspace root, `/`-separated.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based.
    pub column: usize,
    /// What declared it: `handler image_processor::function_handler`,
    /// `requires storage::put_image`.
    pub item: String,
}

/// A declared statement and where it came from (`None`: the macro's own data, no source).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourcedStatement {
    pub spec: StatementSpec,
    pub origin: Option<Origin>,
}

/// Everything that shapes one Lambda function's policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionDef {
    /// The Lambda function's name (already checked to be a safe file name).
    pub name: String,
    /// `log_group = ".."`; default `/aws/lambda/<name>`.
    pub log_group: Option<String>,
    /// `vpc`: add the ENI statement.
    pub vpc: bool,
    /// The handler's statements, then those of every helper it uses (deduplicated by caller or not:
    /// assembly de-duplicates).
    pub statements: Vec<SourcedStatement>,
}

/// A problem found while assembling (unresolved variable, size over the limit, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
    /// The declaration it concerns, when there is one.
    pub origin: Option<Origin>,
}

/// Where a statement of the emitted policy came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// The CloudWatch Logs baseline.
    LogsBaseline,
    /// The VPC network-interface statement.
    Vpc,
    /// Declared statements merged into this one.
    Declared(Vec<Option<Origin>>),
}

/// The result of assembling one function.
#[derive(Clone, Debug, PartialEq)]
pub struct Assembled {
    pub policy: PolicyDocument,
    pub trust: PolicyDocument,
    /// One entry per statement of `policy`, same order.
    pub provenance: Vec<Provenance>,
}

/// Assembles the function's policies. `findings` receives warnings and errors; the result is
/// `None` when an error prevents a correct policy (never a partial one).
pub fn assemble(def: &FunctionDef, vars: &Vars, findings: &mut Vec<Finding>) -> Option<Assembled> {
    let _ = (def, vars, findings);
    todo!("assembly")
}
