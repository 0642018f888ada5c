//! Builds one Lambda function's execution-role policy and trust policy.
//!
//! [`assemble`] runs these steps, each in its own submodule:
//!
//! 1. **resolve** every `${Name}` in resources, condition values and `log_group`
//!    ([`crate::vars`]): `${Partition}` defaults to `aws`, `${FunctionName}` is the function's
//!    name; a missing `${Region}` / `${Account}` becomes `*` with a warning (an error when
//!    [`Vars::strict`]); a missing user variable is an error naming the declaration. IAM policy
//!    variables (`${aws:username}`) pass through untouched.
//! 2. **normalise** each statement: actions in the catalog's spelling (`s3:getobject` →
//!    `s3:GetObject`; wildcards and unknown names as written), actions, resources and condition
//!    values sorted and de-duplicated. `reason` stays out of the JSON: it is kept in
//!    [`Assembled::sources`] for `cargo iam explain`.
//! 3. **merge** statements without ever creating a grant (the proof is in `merge.rs`),
//!    **minimize** them (drop entries and statements another one covers; `minimize.rs`), then
//!    **order** them: logs baseline, VPC, Allow statements, Deny statements, each group by
//!    `(first action, actions, resources, conditions)`.
//! 4. **name** them with stable Sids derived from their content (`AllowS3GetObject`, see
//!    `sid.rs`), unique within the policy.
//! 5. **size**: over [`INLINE_POLICY_LIMIT`] characters ([`crate::policy::policy_size`]),
//!    action lists are collapsed to wildcards the catalog proves exact ([`Assembled::collapsed`];
//!    off otherwise, because a wildcard also grants actions AWS adds later); still over, the
//!    policy is split into managed policies of at most [`MANAGED_POLICY_LIMIT`] characters
//!    ([`Assembled::managed`], `split.rs`), with a warning naming how many (an error over
//!    [`MANAGED_POLICIES_MAX`]).
//! 6. **check** the safety invariant ([`check_invariants`]), which knows what a collapse and a
//!    split may do.
//!
//! # The baseline
//!
//! Every function writes its output to CloudWatch Logs, so every policy starts with:
//!
//! - `LambdaLogGroup`: `logs:CreateLogGroup` on `arn:${Partition}:logs:${Region}:${Account}:
//!   log-group:<group>:*`. Lambda creates the group on the first invocation when nobody else
//!   did; scoping the action to the function's own group (rather than the
//!   `arn:…:logs:…:*` of AWS's `AWSLambdaBasicExecutionRole`) keeps one function from creating
//!   groups for others.
//! - `LambdaLogStreams`: `logs:CreateLogStream` and `logs:PutLogEvents` on
//!   `…:log-group:<group>:log-stream:*`: the function writes only into its own group.
//!
//! `<group>` is `/aws/lambda/<function>`, the group Lambda uses by default, or the handler's
//! `log_group` (Lambda's `LoggingConfig.LogGroup`), resolved like any template.
//!
//! With `vpc`, the statement `LambdaVpcNetworkInterfaces` adds the EC2 actions Lambda needs to
//! manage the function's network interfaces: AWS's current set from the
//! `AWSLambdaVPCAccessExecutionRole` managed policy ([`VPC_ACTIONS`], where the check
//! against AWS's reference is recorded). They use `"Resource": "*"` because
//! `ec2:DescribeNetworkInterfaces` and `ec2:DescribeSubnets` accept nothing else and the
//! interfaces do not exist (so have no ARN) when the role is written.
//!
//! # The trust policy
//!
//! [`trust_policy`] lets the Lambda service (`lambda.amazonaws.com`) assume the role, exactly as
//! the trust policy in the Lambda developer guide ("Defining Lambda function permissions with an
//! execution role"). It adds no `aws:SourceAccount` / `aws:SourceArn` condition: AWS documents
//! those keys for service roles in general, but the Lambda guide's execution-role trust policy
//! has none, the account may be unknown here (`${Account}` unresolved), and what decides which
//! function runs with the role is `iam:PassRole` at deployment, in the deploying account — a
//! condition would add a way to break the role without narrowing who can use it.
//!
//! # Safety
//!
//! Assembly never widens a declaration. [`assemble`] refuses `"*"` as an allowed action and a
//! wildcard action without `reason`, and checks its own result with [`check_invariants`] before
//! returning it: a violation is reported as an error and no policy is returned.

mod baseline;
mod cover;
pub mod deploy;
mod invariants;
mod merge;
mod minimize;
mod resolve;
mod sid;
mod split;

pub use crate::policy::{INLINE_POLICY_LIMIT, policy_size};
pub use baseline::{
    LAMBDA_SERVICE, LOG_GROUP_SID, LOG_STREAMS_SID, TRUST_SID, VPC_ACTIONS, VPC_SID,
    default_log_group,
};
pub use invariants::check_invariants;
pub use merge::canonical_action;
pub use minimize::expand_wildcard;
pub use split::{
    MANAGED_POLICIES_MAX, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_LIMIT, ManagedPart,
};

use crate::decl::{ConditionSpec, Effect, StatementSpec};
use crate::diag::{Code, Severity};
use crate::policy::{OneOrMany, PolicyDocument, Statement};
use crate::vars::Vars;
use std::collections::BTreeMap;

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
    /// One entry per statement of `policy`, same order: the declarations merged into it, with
    /// their `reason`s (empty for the baseline), sorted by origin.
    pub sources: Vec<Vec<SourcedStatement>>,
    /// The log group the baseline is scoped to, resolved.
    pub log_group: String,
    /// [`policy_size`] of `policy`.
    pub size: usize,
    /// Action lists collapsed to a wildcard because the policy was over the inline limit (see
    /// `minimize.rs`); empty otherwise.
    pub collapsed: Vec<Collapsed>,
    /// When `policy` is over [`INLINE_POLICY_LIMIT`] even so: the managed policies that
    /// replace it, in order (see `split.rs`); empty when it fits inline.
    pub managed: Vec<ManagedPart>,
    /// The function's resource-based policy, when the handler has `trigger(..)`s (set by the
    /// caller from [`deploy::permissions`]).
    pub permissions: Option<PolicyDocument>,
}

/// A wildcard in the policy that no declaration wrote: it stands for exactly `actions`, every
/// catalog action it matches today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collapsed {
    /// Index of the statement in [`Assembled::policy`].
    pub statement: usize,
    pub wildcard: String,
    pub actions: Vec<String>,
}

/// The trust policy of every execution role: Lambda may assume it (see the module docs for why
/// there is no condition).
pub fn trust_policy() -> PolicyDocument {
    let mut principal = BTreeMap::new();
    principal.insert(
        "Service".to_string(),
        OneOrMany::One(LAMBDA_SERVICE.to_string()),
    );
    PolicyDocument::new(vec![Statement {
        sid: Some(TRUST_SID.to_string()),
        effect: Effect::Allow,
        principal: Some(principal),
        action: OneOrMany::One("sts:AssumeRole".to_string()),
        resource: None,
        condition: BTreeMap::new(),
    }])
}

/// Assembles the function's policies. `findings` receives warnings and errors; the result is
/// `None` when an error prevents a correct policy (never a partial one).
pub fn assemble(def: &FunctionDef, vars: &Vars, findings: &mut Vec<Finding>) -> Option<Assembled> {
    let mut resolver = resolve::Resolver::new(&def.name, vars);
    let mut failed = false;

    // 1. resolve + 2. normalise the declarations (before the baseline, so that a warning about
    // `${Region}` points at a declaration that uses it when there is one).
    let mut normalised = Vec::with_capacity(def.statements.len());
    let mut normal_findings = Vec::new();
    for source in &def.statements {
        let origin = source.origin.as_ref();
        let spec = &source.spec;
        let resources: Vec<Option<String>> = spec
            .resources
            .iter()
            .map(|r| resolver.resolve(r, origin, "resource"))
            .collect();
        let conditions: Vec<Option<ConditionSpec>> = spec
            .conditions
            .iter()
            .map(|c| {
                let values: Vec<Option<String>> = c
                    .values
                    .iter()
                    .map(|v| resolver.resolve(v, origin, "condition value"))
                    .collect();
                let values: Option<Vec<String>> = values.into_iter().collect();
                values.map(|values| ConditionSpec {
                    operator: c.operator.clone(),
                    key: c.key.clone(),
                    values,
                })
            })
            .collect();
        let (Some(resources), Some(conditions)) = (
            resources.into_iter().collect::<Option<Vec<_>>>(),
            conditions.into_iter().collect::<Option<Vec<_>>>(),
        ) else {
            failed = true;
            continue;
        };
        match merge::normalise(
            spec.effect,
            &spec.actions,
            resources,
            conditions,
            source.clone(),
            &mut normal_findings,
        ) {
            Some(norm) => normalised.push(norm),
            None => failed = true,
        }
    }

    // The baseline's templates.
    let group_template = def
        .log_group
        .clone()
        .unwrap_or_else(|| default_log_group(&def.name));
    let group = resolver.resolve(&group_template, None, "log_group");
    let prefix = resolver.resolve(baseline::LOGS_ARN_PREFIX, None, "logs baseline");
    if resolver.finish_builtins() {
        failed = true;
    }
    findings.append(&mut resolver.findings);
    findings.append(&mut normal_findings);
    let (Some(group), Some(prefix)) = (group, prefix) else {
        return None;
    };
    if !baseline::is_valid_log_group(&group) {
        findings.push(Finding {
            severity: Severity::Error,
            code: Code::InvalidFunctionName,
            message: format!("`{group}` is not a valid CloudWatch Logs group name"),
            help: Some(
                "a log group name has 1 to 512 letters, digits and `.`, `_`, `/`, `#`, `-`, as \
                 in `/aws/lambda/my-function`"
                    .into(),
            ),
            origin: None,
        });
        return None;
    }
    if failed {
        return None;
    }

    // 3. merge, minimize and order, 4. name.
    let minimized = minimize::minimize(normalised);
    let (mut policy, mut provenance, mut sources) = build(&prefix, &group, def.vpc, &minimized);
    let mut size = policy_size(&policy);
    if size > INLINE_POLICY_LIMIT {
        // Only now: a wildcard also grants the actions AWS adds later (see `minimize.rs`).
        let mut collapsed = minimized;
        if minimize::collapse(&mut collapsed) {
            let collapsed = minimize::minimize(collapsed);
            (policy, provenance, sources) = build(&prefix, &group, def.vpc, &collapsed);
            size = policy_size(&policy);
        }
    }
    let collapsed = collapsed_wildcards(&policy, &sources);
    let managed = if size > INLINE_POLICY_LIMIT {
        match split::split(&policy) {
            Ok(parts) => parts,
            Err(too_large) => {
                findings.push(Finding {
                    severity: Severity::Error,
                    code: Code::PolicyTooLarge,
                    message: format!(
                        "statement `{}` of `{}` is over the {MANAGED_POLICY_LIMIT}-character \
                         limit of a managed policy even with one action and one resource",
                        too_large.sid, def.name
                    ),
                    help: Some("shorten its conditions, or split the declaration".into()),
                    origin: None,
                });
                return None;
            }
        }
    } else {
        Vec::new()
    };
    let assembled = Assembled {
        policy,
        trust: trust_policy(),
        provenance,
        sources,
        log_group: group,
        size,
        collapsed,
        managed,
        permissions: None,
    };

    // 5. check.
    let violations = invariants::violations(&assembled, def);
    if !violations.is_empty() {
        for v in violations {
            findings.push(Finding {
                severity: Severity::Error,
                code: v.code,
                message: format!(
                    "the assembled policy of `{}` breaks the safety invariant: {}",
                    def.name, v.message
                ),
                help: Some(
                    "this is a bug in lambda-iam: please report it with the declarations".into(),
                ),
                origin: None,
            });
        }
        return None;
    }
    if !assembled.collapsed.is_empty() {
        let list: Vec<String> = assembled
            .collapsed
            .iter()
            .map(|c| format!("`{}` ({} actions)", c.wildcard, c.actions.len()))
            .collect();
        findings.push(Finding {
            severity: Severity::Warning,
            code: Code::PolicyTooLarge,
            message: format!(
                "the policy of `{}` was over the {INLINE_POLICY_LIMIT}-character inline limit: \
                 action lists collapsed to {}, exactly today's catalog actions; a wildcard also \
                 grants actions AWS adds later",
                def.name,
                list.join(", ")
            ),
            help: Some(
                "`cargo iam explain` lists the actions behind each wildcard; declare fewer \
                 actions or resources to keep explicit lists"
                    .into(),
            ),
            origin: None,
        });
    }
    let parts = assembled.managed.len();
    if parts > 0 {
        let (severity, quota) = if parts > MANAGED_POLICIES_MAX {
            (
                Severity::Error,
                format!(
                    "; a role can have at most {MANAGED_POLICIES_MAX} managed policies attached"
                ),
            )
        } else if parts > MANAGED_POLICIES_PER_ROLE {
            (
                Severity::Warning,
                format!(
                    "; over the default quota of {MANAGED_POLICIES_PER_ROLE} managed policies \
                     per role (ask AWS for an increase, up to {MANAGED_POLICIES_MAX})"
                ),
            )
        } else {
            (Severity::Warning, String::new())
        };
        findings.push(Finding {
            severity,
            code: Code::PolicyTooLarge,
            message: format!(
                "the policy of `{}` is {size} characters, over the {INLINE_POLICY_LIMIT}-character \
                 inline limit: split into {parts} managed policies of at most \
                 {MANAGED_POLICY_LIMIT} characters{quota}",
                def.name
            ),
            help: Some(
                "attach the `*.managed-N.policy.json` files as customer managed policies of the \
                 role; merge declarations that share resources to shrink the policy"
                    .into(),
            ),
            origin: None,
        });
        if severity == Severity::Error {
            return None;
        }
    }
    Some(assembled)
}

/// The policy for minimized statements: baseline, VPC, declared; with provenance and sources.
fn build(
    prefix: &str,
    group: &str,
    vpc: bool,
    minimized: &[merge::Norm],
) -> (PolicyDocument, Vec<Provenance>, Vec<Vec<SourcedStatement>>) {
    let mut statements: Vec<Statement> = baseline::logs(prefix, group).into();
    let mut provenance = vec![Provenance::LogsBaseline, Provenance::LogsBaseline];
    let mut sources = vec![Vec::new(), Vec::new()];
    if vpc {
        statements.push(baseline::vpc());
        provenance.push(Provenance::Vpc);
        sources.push(Vec::new());
    }
    let taken: Vec<&str> = [LOG_GROUP_SID, LOG_STREAMS_SID, VPC_SID, TRUST_SID].into();
    let sids = sid::unique(
        minimized
            .iter()
            .map(|n| sid::base_sid(n.effect, &n.actions))
            .collect(),
        &taken,
    );
    for (norm, sid) in minimized.iter().zip(sids) {
        let mut origins: Vec<Option<Origin>> =
            norm.sources.iter().map(|s| s.origin.clone()).collect();
        origins.sort();
        origins.dedup();
        provenance.push(Provenance::Declared(origins));
        statements.push(Statement {
            sid: Some(sid),
            effect: norm.effect,
            principal: None,
            action: OneOrMany::from_vec(norm.actions.clone()),
            resource: Some(OneOrMany::from_vec(norm.resources.clone())),
            condition: norm
                .conditions
                .iter()
                .map(|(op, keys)| {
                    (
                        op.clone(),
                        keys.iter()
                            .map(|(k, v)| (k.clone(), OneOrMany::from_vec(v.clone())))
                            .collect(),
                    )
                })
                .collect(),
        });
        sources.push(norm.sources.clone());
    }
    (PolicyDocument::new(statements), provenance, sources)
}

/// Wildcards of declared statements that none of their declarations wrote.
fn collapsed_wildcards(
    policy: &PolicyDocument,
    sources: &[Vec<SourcedStatement>],
) -> Vec<Collapsed> {
    let mut out = Vec::new();
    for (i, (statement, sources)) in policy.statement.iter().zip(sources).enumerate() {
        for action in statement.action.iter().filter(|a| a.contains(['*', '?'])) {
            let written = sources.iter().any(|s| {
                s.spec
                    .actions
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(action))
            });
            if !written && !sources.is_empty() {
                out.push(Collapsed {
                    statement: i,
                    wildcard: action.to_string(),
                    actions: expand_wildcard(action),
                });
            }
        }
    }
    out
}
