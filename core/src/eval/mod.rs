//! IAM request evaluation: given policies and a request, the decision IAM makes and the
//! statements that made it.
//!
//! ```
//! use lambda_iam_core::eval::{evaluate, Outcome, Policy, PolicyKind, Request, RequestPrincipal};
//!
//! let policy = Policy::parse(r#"{
//!     "Version": "2012-10-17",
//!     "Statement": [
//!         {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::docs/*"},
//!         {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:*",
//!          "Resource": "arn:aws:s3:::docs/secret/*"}
//!     ]
//! }"#).unwrap();
//! let user = RequestPrincipal::Aws("arn:aws:iam::111122223333:user/alice".into());
//! let read = Request::new(user.clone(), "s3:GetObject", "arn:aws:s3:::docs/a.txt");
//! assert_eq!(evaluate(&[(PolicyKind::Identity, &policy)], &read).outcome, Outcome::Allow);
//! let secret = Request::new(user, "s3:GetObject", "arn:aws:s3:::docs/secret/k");
//! let decision = evaluate(&[(PolicyKind::Identity, &policy)], &secret);
//! assert_eq!(decision.outcome, Outcome::ExplicitDeny);
//! assert_eq!(decision.deciding[0].sid.as_deref(), Some("NoSecrets"));
//! ```
//!
//! # The rules, and the AWS documentation each rests on
//!
//! Pages are in the IAM User Guide, `https://docs.aws.amazon.com/IAM/latest/UserGuide/<page>`.
//!
//! **Decision** (`reference_policies_evaluation-logic.html`, "Policy evaluation logic" and its
//! same-account section): an explicit `Deny` in any policy wins; otherwise the request is
//! allowed if an identity policy allows it *or* a resource-based policy (or role trust policy)
//! allows it for this principal; otherwise it is implicitly denied. A resource policy that names
//! only the principal's *account* (`"AWS": "111122223333"` or `arn:aws:iam::111122223333:root`)
//! delegates to that account: such an `Allow` grants nothing by itself, the identity policies
//! must allow too (`reference_policies_elements_principal.html`, "AWS account principals").
//! An account-level match does count for a `Deny`. "Role trust policies and KMS key policies
//! are exceptions to this logic, because they must explicitly allow access for principals"
//! (same page): with a [`PolicyKind::Trust`] policy, an identity `Allow` counts only when the
//! trust policy allows the principal's account, and never on its own.
//!
//! **Action** (`reference_policies_elements_action.html`, `..._notaction.html`): `*` and `?`
//! wildcards; matching ignores letter case (service prefixes and action names are
//! case-insensitive). `NotAction` matches every action not listed.
//!
//! **Resource** (`reference_policies_elements_resource.html`, `..._notresource.html`,
//! `reference-arns.html`): `*` matches everything. An ARN is matched field by field: partition,
//! service, region and account each on their own (a wildcard in one never reaches into the
//! next), then the resource part as a whole, where `*` and `?` also span `/` and `:`. Matching
//! is case-sensitive. Policy variables are resolved in the resource part only ("only in the
//! resource portion of the ARN", `reference_policies_variables.html`). `NotResource` matches every
//! resource not listed. A statement without `Resource` applies only in a trust policy.
//!
//! **Principal** (`reference_policies_elements_principal.html`, `..._notprincipal.html`):
//! considered only for resource and trust policies (identity policies have none). `"*"` is
//! everyone, and so is `{"AWS": "*"}` (the page calls the two equivalent for anonymous
//! callers; for other principals it names no difference, and iam-simulate treats them alike,
//! which is also the cautious reading for a linter); an ARN matches that user or role exactly,
//! and a role ARN also matches its assumed-role sessions; `Service`, `Federated` and
//! `CanonicalUser` match their identifier exactly. `NotPrincipal` matches every principal not
//! listed.
//!
//! **Condition blocks** (`reference_policies_multi-value-conditions.html`, "Conditions with
//! multiple context keys or values"): several operators are ANDed, several keys under one
//! operator are ANDed, several values for one key are ORed — and NORed for a negated operator
//! (`StringNotEquals` holds when the value equals none of them). Condition key *names* are
//! case-insensitive (`reference_policies_elements_condition.html`); operator names are not.
//!
//! **Missing keys** (`reference_policies_elements_condition_operators.html`, the "Important"
//! note at the top): a key that is not in the request context makes the condition false,
//! except that a negated operator (`StringNotEquals`, `StringNotLike`, `NumericNotEquals`,
//! `DateNotEquals`, `NotIpAddress`, `ArnNotEquals`, `ArnNotLike`, ...) is then *true*; the
//! exceptions to that rule are `...IfExists` and `Null`. `...IfExists` (same page, "...IfExists
//! condition operators"): a missing key makes the condition true, whatever the operator and
//! set qualifier. `Null` (same page, "Condition operator to check existence of condition
//! keys"): `"true"` holds when the key is absent, `"false"` when it is present.
//!
//! **Operator families** (`reference_policies_elements_condition_operators.html`):
//! - `String*`: `StringEquals` exact and case-sensitive; `...IgnoreCase` ignores letter case;
//!   `StringLike` / `StringNotLike` with `*` and `?` wildcards, case-sensitive.
//! - `Numeric*`: integers and decimals; a value that is not a number never matches.
//! - `Date*`: ISO 8601 dates and date-times, or epoch seconds; compared as instants.
//! - `Bool`: `true` / `false` (letter case ignored).
//! - `BinaryEquals`: base64 text, compared byte for byte after decoding.
//! - `IpAddress` / `NotIpAddress`: IPv4 and IPv6 CIDR blocks (a bare address is a /32 or
//!   /128); an address of the other family is not in the block.
//! - `Arn*`: like resources, field by field with wildcards (`ArnEquals` and `ArnLike` behave
//!   the same).
//! - A value that cannot be read as the family's type (a malformed number, date, address or
//!   ARN, on either side) matches nothing: neither the operator nor its negation holds for it.
//!
//! **Multivalued keys** (`reference_policies_condition-single-vs-multi-valued-context-keys.html`):
//! `ForAnyValue:` holds when at least one request value satisfies the operator, and is false
//! when the key is missing or has no values; `ForAllValues:` holds when every request value
//! satisfies it, and is *true* when the key is missing or empty. The page says multivalued
//! keys require a set operator; a plain operator on a multivalued request value does not match
//! here (no documented result exists; this is the conservative reading).
//!
//! **Policy variables** (`reference_policies_variables.html`): only in policies with
//! `"Version": "2012-10-17"` (otherwise `${..}` is literal text, "Using variables in
//! policies"), and only in the resource part of a `Resource` ARN and in the values of string
//! and ARN operators ("Where you can use policy variables"; elsewhere `${..}` is literal).
//! `${key}` takes the value of the single-valued context key (names case-insensitive);
//! `${key, 'default'}` falls back to the quoted default ("Specifying default values");
//! `${*}`, `${?}` and `${$}` are a literal `*`, `?` and `$` ("Special characters"). A
//! variable's value is always literal (a `*` in it is no wildcard). A variable whose key is
//! missing or multivalued and has no default has no value ("Policy variables with no value"):
//! the value is "effectively null", equal to and like nothing. So a positive operator
//! (`StringEquals`, `StringLike`, `ArnLike`, ...) does not match it, and a negated operator
//! (`StringNotEquals`, `StringNotLike`, `ArnNotLike`, ...) does ("Inverted condition operators
//! ... do match against a null value"). In `Resource` or `NotResource`, an entry with such a
//! variable "will not match any resource": it matches nothing, so under `NotResource` it
//! excludes nothing.
//!
//! # Not modelled
//!
//! Cross-account requests (which need an `Allow` on both sides), service control and resource
//! control policies, permissions boundaries, session policies and VPC endpoint policies; the
//! request is evaluated as a same-account request against the policies given. Context keys are
//! taken as given: nothing is derived from the principal or the resource (`aws:username`,
//! `aws:PrincipalAccount`, ... must be in [`Request::context`] to be seen).

mod condition;
mod model;
mod pattern;

pub(crate) use condition::parse_date;
pub(crate) use pattern::{arn_match, wildcard_match};
mod request;

pub use model::{
    Condition, Negatable, Policy, PolicyError, PrincipalKind, PrincipalSpec, Statement,
};
pub use request::{Context, ContextValue, Request, RequestPrincipal};

use crate::decl::Effect;

/// The role a policy plays in the evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// Attached to the principal (user, role, group).
    Identity,
    /// Attached to the resource (bucket policy, queue policy, ...): an `Allow` here or in an
    /// identity policy suffices.
    Resource,
    /// A role's trust policy (a resource policy on the role for `sts:AssumeRole*`), or any
    /// resource policy that must itself allow the principal, as a KMS key policy must: an
    /// identity `Allow` counts only when this policy allows the principal's account.
    Trust,
}

/// What IAM decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// A matching `Deny` statement.
    ExplicitDeny,
    /// A matching `Allow` statement and no matching `Deny`.
    Allow,
    /// Nothing matched: denied by default.
    ImplicitDeny,
}

/// A statement by position: the index of its policy in the slice given to [`evaluate`], its
/// index in that policy's `Statement` list, and its `Sid`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementRef {
    pub policy: usize,
    pub statement: usize,
    pub sid: Option<String>,
}

/// A decision and the statements that made it: every matching `Deny` for
/// [`Outcome::ExplicitDeny`], every `Allow` that grants for [`Outcome::Allow`], none for
/// [`Outcome::ImplicitDeny`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub outcome: Outcome,
    pub deciding: Vec<StatementRef>,
}

/// How a statement's principal matches the request's principal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PrincipalMatch {
    No,
    /// Through the principal's account (delegation).
    Account,
    Exact,
}

/// Evaluates a request against policies, as IAM does within one account.
pub fn evaluate(policies: &[(PolicyKind, &Policy)], request: &Request) -> Decision {
    let mut denies = Vec::new();
    let mut identity_allows = Vec::new();
    let mut resource_allows = Vec::new();
    let mut account_allows = Vec::new();
    // A trust policy that the principal's account matches: what lets identity policies count.
    let mut trust_delegates = false;
    let has_trust = policies.iter().any(|(k, _)| *k == PolicyKind::Trust);
    for (pi, (kind, policy)) in policies.iter().enumerate() {
        for (si, st) in policy.statements.iter().enumerate() {
            let principal = match kind {
                PolicyKind::Identity => PrincipalMatch::Exact,
                PolicyKind::Resource | PolicyKind::Trust => {
                    statement_principal(st, &request.principal)
                }
            };
            // Policy variables exist from policy language version 2012-10-17 on.
            let vars = policy.version.as_deref() == Some(crate::policy::POLICY_VERSION);
            if principal == PrincipalMatch::No || !statement_applies(*kind, st, request, vars) {
                continue;
            }
            let r = StatementRef {
                policy: pi,
                statement: si,
                sid: st.sid.clone(),
            };
            match (st.effect, kind, principal) {
                (Effect::Deny, _, _) => denies.push(r),
                (Effect::Allow, PolicyKind::Identity, _) => identity_allows.push(r),
                (Effect::Allow, _, PrincipalMatch::Exact) => resource_allows.push(r),
                (Effect::Allow, _, _) => {
                    trust_delegates |= *kind == PolicyKind::Trust;
                    account_allows.push(r);
                }
            }
        }
    }
    if !denies.is_empty() {
        return Decision {
            outcome: Outcome::ExplicitDeny,
            deciding: denies,
        };
    }
    // A role trust policy must allow the principal itself or its account: identity policies
    // alone never let a principal assume a role.
    let identity_allowed = !identity_allows.is_empty() && (!has_trust || trust_delegates);
    let mut deciding = if identity_allowed {
        identity_allows
    } else {
        Vec::new()
    };
    deciding.extend(resource_allows);
    if identity_allowed {
        deciding.extend(account_allows);
    }
    if deciding.is_empty() {
        return Decision {
            outcome: Outcome::ImplicitDeny,
            deciding,
        };
    }
    deciding.sort_by_key(|r| (r.policy, r.statement));
    Decision {
        outcome: Outcome::Allow,
        deciding,
    }
}

/// Whether the action, resource and condition of a statement match (its principal aside).
fn statement_applies(kind: PolicyKind, st: &Statement, request: &Request, vars: bool) -> bool {
    let action = match &st.action {
        Negatable::Is(list) => list.iter().any(|a| action_matches(a, &request.action)),
        Negatable::Not(list) => !list.iter().any(|a| action_matches(a, &request.action)),
    };
    if !action {
        return false;
    }
    let resource = match &st.resource {
        None => kind == PolicyKind::Trust,
        Some(Negatable::Is(list)) => list.iter().any(|r| resource_entry(r, request, vars)),
        Some(Negatable::Not(list)) => !list.iter().any(|r| resource_entry(r, request, vars)),
    };
    resource
        && st
            .conditions
            .iter()
            .all(|c| condition::condition_holds(c, &request.context, vars))
}

/// An action pattern (`s3:Get*`, `*`) against a request action; letter case ignored.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    pattern::wildcard_match(pattern, action, true)
}

/// A `Resource` entry (with wildcards and policy variables, as in a `2012-10-17` policy)
/// against the request's resource.
pub fn resource_matches(pattern: &str, request: &Request) -> bool {
    resource_entry(pattern, request, true)
}

fn resource_entry(pattern: &str, request: &Request, vars: bool) -> bool {
    if pattern == "*" {
        return true;
    }
    let vars = vars.then_some(&request.context);
    if pattern.starts_with("arn:") {
        return pattern::arn_match(pattern, &request.resource, vars, false);
    }
    pattern::glob(pattern, vars, true, &request.resource, false).unwrap_or(false)
}

fn statement_principal(st: &Statement, principal: &RequestPrincipal) -> PrincipalMatch {
    match &st.principal {
        // A resource or trust policy statement must name a principal.
        None => PrincipalMatch::No,
        Some(Negatable::Is(spec)) => principal_match(spec, principal),
        Some(Negatable::Not(spec)) => match principal_match(spec, principal) {
            PrincipalMatch::No => PrincipalMatch::Exact,
            _ => PrincipalMatch::No,
        },
    }
}

fn principal_match(spec: &PrincipalSpec, principal: &RequestPrincipal) -> PrincipalMatch {
    let PrincipalSpec::Map(entries) = spec else {
        return PrincipalMatch::Exact;
    };
    let mut best = PrincipalMatch::No;
    for (kind, values) in entries {
        for value in values {
            let m = match (kind, principal) {
                // `"*"` and `{"AWS": "*"}` are equivalent: everyone, anonymous callers and
                // service principals included.
                (PrincipalKind::Aws, _) if value == "*" => PrincipalMatch::Exact,
                (PrincipalKind::Aws, RequestPrincipal::Aws(arn)) => aws_principal(value, arn),
                (PrincipalKind::Service, RequestPrincipal::Service(s))
                | (PrincipalKind::Federated, RequestPrincipal::Federated(s))
                | (PrincipalKind::CanonicalUser, RequestPrincipal::CanonicalUser(s))
                    if value == s =>
                {
                    PrincipalMatch::Exact
                }
                _ => PrincipalMatch::No,
            };
            best = best.max(m);
        }
    }
    best
}

/// One `"AWS"` principal value against the caller's ARN.
fn aws_principal(value: &str, arn: &str) -> PrincipalMatch {
    if value == "*" || value == arn {
        return PrincipalMatch::Exact;
    }
    let caller_account = arn.split(':').nth(4).unwrap_or("");
    let is_account_id = value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit());
    let root_account = value
        .strip_prefix("arn:")
        .and_then(|rest| rest.split_once(":iam::"))
        .and_then(|(_, rest)| rest.strip_suffix(":root"));
    if is_account_id && value == caller_account || root_account == Some(caller_account) {
        return PrincipalMatch::Account;
    }
    // `arn:aws:sts::A:assumed-role/Role/session` is a session of `arn:aws:iam::A:role/Role`.
    if let Some([partition, "sts", "", account, res]) = pattern::arn_parts(arn)
        && let Some((role, _session)) = res
            .strip_prefix("assumed-role/")
            .and_then(|r| r.rsplit_once('/'))
    {
        let role_arn = format!("arn:{partition}:iam::{account}:role/{role}");
        if value == role_arn {
            return PrincipalMatch::Exact;
        }
    }
    PrincipalMatch::No
}
