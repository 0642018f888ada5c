//! The lints of `cargo iam check`: every selected function's generated policy and trust policy
//! go through the engine of `cargo iam lint`, and each finding is placed in the Rust declaration
//! that produced the statement it is about — at the action, resource or `condition` literal when
//! the finding's path names one, else at the `allow`/`deny` — or at the handler, for the baseline
//! statements and the trust policy.
//!
//! Suppressions, each with its reason:
//!
//! - A declaration's `reason = ".."` silences the breadth lints ([`BREADTH`]: wildcard actions,
//!   `"*"` resources, privilege escalation, permissions management, broad data access) for the
//!   statements it produced: per statement when every declaration merged into it has a reason,
//!   else per action, when every declaration of that action has one.
//! - The CloudWatch Logs baseline and the VPC network-interface statement are the documented
//!   baseline every function gets: the breadth lints are silenced for them (the ENI actions
//!   Lambda uses must be granted on `"*"`: Lambda creates the interfaces on the function's behalf
//!   and their ARNs are not known in advance).
//! - The trust policy (`lambda.amazonaws.com` may `sts:AssumeRole` this role) is linted as a
//!   trust policy, with nothing silenced.

use crate::functions::{Function, Literals};
use crate::report::{Diag, Loc};
use lambda_iam_core::assemble::{Assembled, Origin, Provenance};
use lambda_iam_core::lint::{
    self, JsonPath, LintFinding, LintOptions, PathSegment, PolicyType, Suppression,
};
use serde_json::Value;

/// The lints a `reason` (or the baseline) silences: those about breadth, which a reason can
/// justify. Lints that say the policy is wrong (unknown action, malformed ARN, ...) stay.
pub const BREADTH: &[&str] = &[
    "all-actions",
    "permissions-management",
    "permissions-management-broad",
    "privilege-escalation",
    "privilege-escalation-combo",
    "sensitive-action-broad-resource",
    "star-resource",
    "star-resource-write",
    "unscoped-pass-role",
    "wildcard-action",
];

const LOGS_REASON: &str = "the CloudWatch Logs baseline, scoped to the function's own log group";
const VPC_REASON: &str = "the network-interface actions Lambda needs in a VPC: Lambda creates the \
    interfaces on the function's behalf, so they are granted on `*`";

/// Lints the generated policy and trust policy of `f`; findings placed in the Rust sources.
pub fn lint_function(f: &Function, a: &Assembled, out_dir_shown: &str) -> Vec<Diag> {
    let mut diags = Vec::new();
    // A policy over the inline limit is written as managed policies (statement numbers are
    // those of the whole policy, as `cargo iam explain` shows them).
    let policy_file = if a.managed.is_empty() {
        format!("{out_dir_shown}/{}.policy.json", f.name)
    } else {
        format!("{out_dir_shown}/{}.managed-N.policy.json", f.name)
    };
    let trust_file = format!("{out_dir_shown}/{}.trust.json", f.name);

    let Ok(policy) = serde_json::to_value(&a.policy) else {
        return diags;
    };
    let mut suppressions = Vec::new();
    for (i, p) in a.provenance.iter().enumerate() {
        let reason = match p {
            Provenance::LogsBaseline => Some(LOGS_REASON.to_string()),
            Provenance::Vpc => Some(VPC_REASON.to_string()),
            Provenance::Declared(_) => {
                let reasons: Option<Vec<&str>> = a
                    .sources
                    .get(i)
                    .filter(|s| !s.is_empty())
                    .and_then(|s| s.iter().map(|s| s.spec.reason.as_deref()).collect());
                reasons.map(|r| r.join("; "))
            }
        };
        if let Some(reason) = reason.filter(|r| !r.trim().is_empty()) {
            suppressions.extend(BREADTH.iter().map(|code| Suppression {
                code: code.to_string(),
                statement: Some(i),
                reason: reason.clone(),
            }));
        }
    }
    let options = LintOptions {
        policy_type: Some(PolicyType::Identity),
        suppressions,
    };
    for finding in lint::lint_policy(&policy, &options) {
        if reasoned_action(&finding, &policy, a) {
            continue;
        }
        diags.push(place(f, a, &finding, &policy, &policy_file));
    }

    if let Ok(trust) = serde_json::to_value(&a.trust) {
        let options = LintOptions {
            policy_type: Some(PolicyType::Trust),
            suppressions: Vec::new(),
        };
        for finding in lint::lint_policy(&trust, &options) {
            diags.push(at_handler(f, &finding, &trust_file, "the trust policy"));
        }
    }
    diags
}

/// The string value `path` points to in `doc` (`Action` written as one string is `Action[0]`).
fn value_at<'v>(doc: &'v Value, path: &JsonPath) -> Option<&'v str> {
    let mut v = doc;
    for segment in &path.0 {
        v = match (segment, v) {
            (PathSegment::Key(k), Value::Object(m)) => m.get(k)?,
            (PathSegment::Index(i), Value::Array(a)) => a.get(*i)?,
            (PathSegment::Index(0), other) => other,
            _ => return None,
        };
    }
    v.as_str()
}

/// The declarations merged into statement `i` that name `action` (ignoring case), or all of
/// them when none does or the finding is not about an action.
fn declarations_of<'a>(
    a: &'a Assembled,
    i: usize,
    action: Option<&str>,
) -> Vec<&'a lambda_iam_core::assemble::SourcedStatement> {
    let all: Vec<_> = a
        .sources
        .get(i)
        .map(|s| s.iter().collect())
        .unwrap_or_default();
    let Some(action) = action else { return all };
    let naming: Vec<_> = all
        .iter()
        .copied()
        .filter(|s| {
            s.spec
                .actions
                .iter()
                .any(|x| x.eq_ignore_ascii_case(action))
        })
        .collect();
    if naming.is_empty() { all } else { naming }
}

/// The action a finding is about, when its path is `Statement[i].Action[..]`.
fn action_of<'v>(finding: &LintFinding, policy: &'v Value) -> Option<&'v str> {
    match finding.path.0.get(2) {
        Some(PathSegment::Key(k)) if k == "Action" => value_at(policy, &finding.path),
        _ => None,
    }
}

/// A breadth finding about one action, which every declaration of that action justifies.
fn reasoned_action(finding: &LintFinding, policy: &Value, a: &Assembled) -> bool {
    if !BREADTH.contains(&finding.lint.code) {
        return false;
    }
    let (Some(i), Some(action)) = (finding.path.statement(), action_of(finding, policy)) else {
        return false;
    };
    let decls = declarations_of(a, i, Some(action));
    !decls.is_empty()
        && decls.iter().all(|s| {
            s.spec
                .actions
                .iter()
                .any(|x| x.eq_ignore_ascii_case(action))
                && s.spec
                    .reason
                    .as_deref()
                    .is_some_and(|r| !r.trim().is_empty())
        })
}

/// A finding on the policy, at the declaration(s) of its statement.
fn place(f: &Function, a: &Assembled, finding: &LintFinding, policy: &Value, file: &str) -> Diag {
    let Some(i) = finding.path.statement() else {
        return at_handler(f, finding, file, "the policy");
    };
    let sid = a
        .policy
        .statement
        .get(i)
        .and_then(|s| s.sid.as_deref())
        .map(|sid| format!(" `{sid}`"))
        .unwrap_or_default();
    let what = format!("statement {}{sid}", i + 1);
    match a.provenance.get(i) {
        Some(Provenance::Declared(_)) => {}
        Some(Provenance::LogsBaseline) => {
            return at_handler(f, finding, file, &format!("{what} (the logs baseline)"));
        }
        Some(Provenance::Vpc) | None => {
            return at_handler(f, finding, file, &format!("{what} (from `vpc`)"));
        }
    }
    let decls = declarations_of(a, i, action_of(finding, policy));
    let locs: Vec<(&Origin, Loc)> = decls
        .iter()
        .filter_map(|s| {
            let o = s.origin.as_ref()?;
            Some((o, f.origins.get(o).cloned()?))
        })
        .collect();
    let mut diag = Diag::lint(
        finding.lint,
        format!(
            "{} (in {what} of `{file}`, function `{}`)",
            finding.message, f.name
        ),
    );
    diag.help = help(finding);
    match locs.split_first() {
        Some(((origin, first), rest)) => {
            // At the literal the finding is about, when it can be told; else at `allow`.
            let literal = f
                .literals
                .get(*origin)
                .and_then(|l| literal(l, &finding.path, policy));
            diag.loc = Some(literal.unwrap_or_else(|| first.clone()));
            for (o, loc) in rest {
                diag.related
                    .push((loc.clone(), format!("also merged into it: {}", o.item)));
            }
        }
        None => diag.loc = f.loc.clone(),
    }
    diag
}

/// Where in a declaration the value at `path` (`Statement[i].Action[k]`, `.Resource[k]`,
/// `.Condition.OPERATOR.KEY`) was written.
fn literal(l: &Literals, path: &JsonPath, policy: &Value) -> Option<Loc> {
    let key = |n: usize| match path.0.get(n) {
        Some(PathSegment::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    match key(2)? {
        "Action" => {
            let action = value_at(policy, path)?;
            l.actions
                .iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(action))
                .map(|(_, loc)| loc.clone())
        }
        "Resource" => {
            if let [(_, only)] = l.resources.as_slice() {
                return Some(only.clone());
            }
            let resource = value_at(policy, path)?;
            l.resources
                .iter()
                .find(|(template, _)| template_matches(template, resource))
                .map(|(_, loc)| loc.clone())
        }
        "Condition" => {
            let operator = key(3)?;
            let condition_key = key(4);
            l.conditions
                .iter()
                .find(|(op, k, _)| {
                    op.eq_ignore_ascii_case(operator)
                        && condition_key.is_none_or(|ck| k.eq_ignore_ascii_case(ck))
                })
                .map(|(_, _, loc)| loc.clone())
        }
        _ => None,
    }
}

/// Whether `value` can be `template` with its `${Name}` placeholders resolved: the fixed parts
/// occur in order, the first at the start and the last at the end.
fn template_matches(template: &str, value: &str) -> bool {
    let mut fixed = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        fixed.push(&rest[..start]);
        rest = &rest[start + end + 1..];
    }
    fixed.push(rest);
    let (Some((first, _)), Some(last)) = (fixed.split_first(), fixed.last()) else {
        return false;
    };
    if fixed.len() == 1 {
        return template == value;
    }
    if !value.starts_with(first) {
        return false;
    }
    let mut at = first.len();
    for part in &fixed[1..fixed.len() - 1] {
        let Some(found) = value[at..].find(part) else {
            return false;
        };
        at += found + part.len();
    }
    value.len() >= at + last.len() && value.ends_with(last)
}

/// A finding on a statement no declaration made, at the handler's attribute.
fn at_handler(f: &Function, finding: &LintFinding, file: &str, what: &str) -> Diag {
    let mut diag = Diag::lint(
        finding.lint,
        format!(
            "{} (in {what} of `{file}`, function `{}`)",
            finding.message, f.name
        ),
    );
    diag.help = finding.help.clone();
    diag.loc = f.loc.clone();
    diag
}

/// The lint's help, plus the way out a `reason` gives for breadth lints.
fn help(finding: &LintFinding) -> Option<String> {
    let reason = BREADTH.contains(&finding.lint.code).then_some(
        "or, if the breadth is needed, say why with `reason = \"..\"` in the declaration",
    );
    match (finding.help.as_deref(), reason) {
        (Some(h), Some(r)) => Some(format!("{h}; {r}")),
        (Some(h), None) => Some(h.to_string()),
        (None, r) => r.map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::template_matches;

    #[test]
    fn templates_match_their_resolved_values() {
        let t = "arn:${Partition}:s3:::my-bucket/${Prefix}/*";
        assert!(template_matches(t, "arn:aws:s3:::my-bucket/in/*"));
        assert!(!template_matches(t, "arn:aws:s3:::other/in/*"));
        assert!(template_matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/*"));
        assert!(!template_matches("arn:aws:s3:::b/*", "arn:aws:s3:::b/*x"));
        assert!(!template_matches("x${A}", "yx1"));
    }
}
