//! Lints over IAM policy documents: identity, trust and resource-based policies, as JSON.
//!
//! A lint finding is data: the [`Lint`] it comes from (a stable kebab-case code, a severity, the
//! `--explain` text), a message, and a [`JsonPath`] to the value it concerns. Locating the path in
//! the source text (JSON line:column, or the Rust attribute a statement was declared by) and
//! rendering are the caller's job, so one engine serves `cargo iam lint`, `cargo iam check` and
//! tests alike.
//!
//! Suppression: a finding is silenced only by a [`Suppression`] that carries a non-empty reason.
//!
//! The policy's kind ([`PolicyType`]) is given or detected: `Principal` with `sts:AssumeRole*`
//! actions and no `Resource` is a trust policy, `Principal` with `Resource` a resource-based
//! policy, anything else an identity policy. Breadth lints (wildcards, `"*"`, escalation,
//! exfiltration, permissions management) look at `Allow` statements only: a broad `Deny` is good.
//!
//! # Lints
//!
//! | code | severity | finds |
//! |---|---|---|
//! | `action-case` | warning | an action not spelled as IAM spells it |
//! | `all-actions` | security | an `Allow` of every action (`*`) |
//! | `allow-not-action` | security | `Allow` with `NotAction` |
//! | `allow-not-resource` | security | `Allow` with `NotResource` |
//! | `any-principal` | security | a trust or resource policy that lets any principal in |
//! | `arn-service-mismatch` | error | an ARN of another service than the statement's actions |
//! | `condition-value-type` | error | a condition value of the wrong type for its operator |
//! | `conflicting-elements` | error | an element and its `Not` twin in one statement |
//! | `covered-statement` | suggestion | a statement another statement already covers |
//! | `duplicate-statement` | warning | a statement identical to an earlier one |
//! | `inapplicable-condition-key` | error | a condition key that does not apply to the statement's actions |
//! | `invalid-effect` | error | `Effect` is missing or not `Allow`/`Deny` |
//! | `invalid-suppression` | error | a suppression without a reason |
//! | `invalid-version` | error | `Version` is not a policy language version |
//! | `malformed-arn` | error | a resource that is not an ARN |
//! | `malformed-element` | error | an element has the wrong JSON shape |
//! | `missing-action` | error | a statement has neither `Action` nor `NotAction` |
//! | `missing-principal` | error | a statement of a trust or resource policy has no `Principal` |
//! | `missing-resource` | error | a statement of an identity or resource policy has no `Resource` |
//! | `missing-version` | warning | the policy has no `Version` |
//! | `not-an-object` | error | the policy or a statement is not a JSON object |
//! | `operator-key-mismatch` | error | a condition operator that does not fit the key's type |
//! | `permissions-management` | warning | an `Allow` of a Permissions-management action |
//! | `permissions-management-broad` | security | a Permissions-management action on broad resources |
//! | `principal-in-identity-policy` | error | `Principal` in an identity policy |
//! | `privilege-escalation` | security | an `Allow` of an action that can escalate privileges |
//! | `privilege-escalation-combo` | security | actions that together form a published privilege-escalation method |
//! | `redundant-condition` | suggestion | a condition that adds nothing |
//! | `resource-level-unsupported` | error | an ARN for an action that supports no resource-level permissions |
//! | `resource-type-mismatch` | error | a resource no action of the statement acts on, or an action no resource applies to |
//! | `sensitive-action-broad-resource` | security | a data-exfiltration or credential-exposure action on broad resources |
//! | `set-operator-on-single-valued-key` | warning | `ForAllValues:`/`ForAnyValue:` on a single-valued key |
//! | `star-resource` | warning | `"*"` resource on an action that supports ARNs |
//! | `star-resource-write` | security | `"*"` resource on a write or permissions-management action that supports ARNs |
//! | `string-operator-on-arn-key` | suggestion | a `String` operator on an ARN key |
//! | `string-operator-on-typed-key` | warning | a `String` operator on a numeric, date or boolean key |
//! | `unknown-action` | error | an action the service does not have |
//! | `unknown-condition-key` | error | a condition key IAM does not know |
//! | `unknown-element` | error | an element IAM does not know |
//! | `unknown-operator` | error | a condition operator IAM does not know |
//! | `unknown-service` | error | an action of a service prefix IAM does not know |
//! | `unsatisfiable-condition` | error | a condition block no request can satisfy |
//! | `unscoped-pass-role` | security | `iam:PassRole` on every role, or to any service |
//! | `wildcard-action` | warning | an `Allow` of a wildcard action (`s3:Get*`) |
//! | `wildcard-matches-nothing` | error | a wildcard action that matches no action |

use serde_json::Value;
use std::fmt;

mod checks;
mod model;

pub use checks::security::{COMBOS as ESCALATION_COMBOS, SENSITIVE as SENSITIVE_ACTIONS};
#[cfg(test)]
mod testutil;

pub mod action_case;
pub mod all_actions;
pub mod allow_not_action;
pub mod allow_not_resource;
pub mod any_principal;
pub mod arn_service_mismatch;
pub mod condition_value_type;
pub mod conflicting_elements;
pub mod covered_statement;
pub mod duplicate_statement;
pub mod inapplicable_condition_key;
pub mod invalid_effect;
pub mod invalid_suppression;
pub mod invalid_version;
pub mod malformed_arn;
pub mod malformed_element;
pub mod missing_action;
pub mod missing_principal;
pub mod missing_resource;
pub mod missing_version;
pub mod not_an_object;
pub mod operator_key_mismatch;
pub mod partial_wildcard_principal;
pub mod permissions_management;
pub mod permissions_management_broad;
pub mod principal_in_identity_policy;
pub mod privilege_escalation;
pub mod privilege_escalation_combo;
pub mod redundant_condition;
pub mod resource_in_trust_policy;
pub mod resource_level_unsupported;
pub mod resource_type_mismatch;
pub mod sensitive_action_broad_resource;
pub mod set_operator_on_single_valued_key;
pub mod star_resource;
pub mod star_resource_write;
pub mod string_operator_on_arn_key;
pub mod string_operator_on_typed_key;
pub mod unknown_action;
pub mod unknown_condition_key;
pub mod unknown_element;
pub mod unknown_operator;
pub mod unknown_service;
pub mod unsatisfiable_condition;
pub mod unscoped_oidc_trust;
pub mod unscoped_pass_role;
pub mod wildcard_action;
pub mod wildcard_matches_nothing;

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
pub static LINTS: &[&Lint] = &[
    &action_case::LINT,
    &all_actions::LINT,
    &allow_not_action::LINT,
    &allow_not_resource::LINT,
    &any_principal::LINT,
    &arn_service_mismatch::LINT,
    &condition_value_type::LINT,
    &conflicting_elements::LINT,
    &covered_statement::LINT,
    &duplicate_statement::LINT,
    &inapplicable_condition_key::LINT,
    &invalid_effect::LINT,
    &invalid_suppression::LINT,
    &invalid_version::LINT,
    &malformed_arn::LINT,
    &malformed_element::LINT,
    &missing_action::LINT,
    &missing_principal::LINT,
    &missing_resource::LINT,
    &missing_version::LINT,
    &not_an_object::LINT,
    &operator_key_mismatch::LINT,
    &partial_wildcard_principal::LINT,
    &permissions_management::LINT,
    &permissions_management_broad::LINT,
    &principal_in_identity_policy::LINT,
    &privilege_escalation::LINT,
    &privilege_escalation_combo::LINT,
    &redundant_condition::LINT,
    &resource_in_trust_policy::LINT,
    &resource_level_unsupported::LINT,
    &resource_type_mismatch::LINT,
    &sensitive_action_broad_resource::LINT,
    &set_operator_on_single_valued_key::LINT,
    &star_resource::LINT,
    &star_resource_write::LINT,
    &string_operator_on_arn_key::LINT,
    &string_operator_on_typed_key::LINT,
    &unknown_action::LINT,
    &unknown_condition_key::LINT,
    &unknown_element::LINT,
    &unknown_operator::LINT,
    &unknown_service::LINT,
    &unsatisfiable_condition::LINT,
    &unscoped_oidc_trust::LINT,
    &unscoped_pass_role::LINT,
    &wildcard_action::LINT,
    &wildcard_matches_nothing::LINT,
];

/// The lint with this code.
pub fn lint_by_code(code: &str) -> Option<&'static Lint> {
    LINTS.iter().copied().find(|lint| lint.code == code)
}

/// Lints one policy document. Findings are sorted by path, then code; suppressed findings are
/// dropped.
pub fn lint_policy(document: &Value, options: &LintOptions) -> Vec<LintFinding> {
    let doc = model::Doc::build(document, options.policy_type);
    let mut out = Out::default();
    checks::run(&doc, &mut out);
    check_suppressions(&options.suppressions, &mut out);
    let mut findings: Vec<LintFinding> = out
        .findings
        .into_iter()
        .filter(|f| !is_suppressed(f, &options.suppressions))
        .collect();
    findings.sort_by(|a, b| {
        (&a.path, a.lint.code, &a.message).cmp(&(&b.path, b.lint.code, &b.message))
    });
    findings
        .dedup_by(|a, b| a.path == b.path && a.lint.code == b.lint.code && a.message == b.message);
    findings
}

/// The policy type [`lint_policy`] uses for a document when none is given.
pub fn detect_policy_type(document: &Value) -> PolicyType {
    model::Doc::build(document, None).ty
}

fn is_valid_suppression(s: &Suppression) -> bool {
    !s.reason.trim().is_empty() && lint_by_code(&s.code).is_some()
}

fn is_suppressed(finding: &LintFinding, suppressions: &[Suppression]) -> bool {
    // A finding about a suppression is never itself suppressed.
    if std::ptr::eq(finding.lint, &invalid_suppression::LINT) {
        return false;
    }
    suppressions.iter().any(|s| {
        is_valid_suppression(s)
            && s.code == finding.lint.code
            && (s.statement.is_none() || s.statement == finding.path.statement())
    })
}

fn check_suppressions(suppressions: &[Suppression], out: &mut Out) {
    for s in suppressions {
        let path = match s.statement {
            Some(i) => JsonPath::root().key("Statement").index(i),
            None => JsonPath::root(),
        };
        if lint_by_code(&s.code).is_none() {
            let names: Vec<&str> = LINTS.iter().map(|l| l.code).collect();
            let help = crate::lookup::suggest(&s.code, names)
                .first()
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| "`cargo iam lint --explain CODE` lists the codes".to_string());
            out.push(
                &invalid_suppression::LINT,
                path,
                format!("suppression of unknown lint `{}`", s.code),
            )
            .help(help);
        } else if s.reason.trim().is_empty() {
            out.push(
                &invalid_suppression::LINT,
                path,
                format!("suppression of `{}` without a reason", s.code),
            )
            .help("say why the finding does not apply; until then it is reported");
        }
    }
}

/// Where checks put their findings.
#[derive(Default)]
pub(crate) struct Out {
    findings: Vec<LintFinding>,
}

impl Out {
    pub(crate) fn push(
        &mut self,
        lint: &'static Lint,
        path: JsonPath,
        message: impl Into<String>,
    ) -> &mut LintFinding {
        self.findings.push(LintFinding {
            lint,
            message: message.into(),
            path,
            help: None,
            related: Vec::new(),
        });
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }
}

impl LintFinding {
    pub(crate) fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn related(&mut self, path: JsonPath, note: impl Into<String>) -> &mut Self {
        self.related.push((path, note.into()));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lints_are_sorted_unique_and_documented() {
        assert!(
            LINTS.windows(2).all(|w| w[0].code < w[1].code),
            "sorted, unique"
        );
        for lint in LINTS {
            assert!(
                lint.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is kebab-case",
                lint.code
            );
            for section in [
                "## What it finds",
                "## Why it matters",
                "## Example",
                "## How to fix",
            ] {
                assert!(lint.explain.contains(section), "{}: {section}", lint.code);
            }
            assert!(!lint.summary.ends_with('.'), "{}", lint.code);
            assert!(std::ptr::eq(lint_by_code(lint.code).unwrap(), *lint));
        }
        assert!(lint_by_code("no-such-lint").is_none());
    }

    #[test]
    fn policy_type_is_detected() {
        let trust = json!({"Statement": {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}});
        assert_eq!(detect_policy_type(&trust), PolicyType::Trust);
        let resource = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
        assert_eq!(detect_policy_type(&resource), PolicyType::Resource);
        let identity = json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
        assert_eq!(detect_policy_type(&identity), PolicyType::Identity);
        assert_eq!(detect_policy_type(&json!(7)), PolicyType::Identity);
        // AWS's ECR repository policy form: `Principal`, no `Resource`.
        let ecr = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:BatchGetImage"]}]});
        assert_eq!(detect_policy_type(&ecr), PolicyType::Resource);
        // A trust policy with a (prohibited) `Resource` is still a trust policy.
        let trust_res = json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": "*"}});
        assert_eq!(detect_policy_type(&trust_res), PolicyType::Trust);
    }

    #[test]
    fn findings_are_sorted_by_path_then_code_and_a_single_statement_is_index_0() {
        let doc = json!({"Statement": {"Effect": "Allow", "Action": ["s3:Get*", "iam:PassRole"], "Resource": "*"}});
        let findings = lint_policy(&doc, &LintOptions::default());
        assert!(findings.len() > 3);
        assert!(
            findings
                .windows(2)
                .all(|w| (&w[0].path, w[0].lint.code) <= (&w[1].path, w[1].lint.code))
        );
        assert_eq!(findings[0].path, JsonPath::root());
        assert!(findings.iter().any(|f| f.path.statement() == Some(0)));
        let unscoped = findings
            .iter()
            .find(|f| f.lint.code == "unscoped-pass-role")
            .unwrap();
        assert_eq!(unscoped.path.to_string(), "Statement[0].Action[1]");
        assert!(unscoped.help.is_some());
    }
}
