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
//! 3. **merge** statements without ever creating a grant (the proof is in `merge.rs`), then
//!    **order** them: logs baseline, VPC, Allow statements, Deny statements, each group by
//!    `(first action, actions, resources, conditions)`.
//! 4. **name** them with stable Sids derived from their content (`AllowS3GetObject`, see
//!    `sid.rs`), unique within the policy.
//! 5. **check** the safety invariant ([`check_invariants`]) and the size
//!    ([`crate::policy::policy_size`] against [`INLINE_POLICY_LIMIT`]).
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
pub mod deploy;
mod invariants;
mod merge;
mod resolve;
mod sid;

pub use crate::policy::{INLINE_POLICY_LIMIT, policy_size};
pub use baseline::{
    LAMBDA_SERVICE, LOG_GROUP_SID, LOG_STREAMS_SID, TRUST_SID, VPC_ACTIONS, VPC_SID,
    default_log_group,
};
pub use invariants::check_invariants;
pub use merge::canonical_action;

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
    /// The function's resource-based policy, when the handler has `trigger(..)`s (set by the
    /// caller from [`deploy::permissions`]).
    pub permissions: Option<PolicyDocument>,
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

    // 3. merge and order, 4. name.
    let merged = merge::merge(normalised);
    let mut statements: Vec<Statement> = baseline::logs(&prefix, &group).into();
    let mut provenance = vec![Provenance::LogsBaseline, Provenance::LogsBaseline];
    let mut sources = vec![Vec::new(), Vec::new()];
    if def.vpc {
        statements.push(baseline::vpc());
        provenance.push(Provenance::Vpc);
        sources.push(Vec::new());
    }
    let taken: Vec<&str> = [LOG_GROUP_SID, LOG_STREAMS_SID, VPC_SID, TRUST_SID].into();
    let sids = sid::unique(
        merged
            .iter()
            .map(|n| sid::base_sid(n.effect, &n.actions))
            .collect(),
        &taken,
    );
    for (norm, sid) in merged.into_iter().zip(sids) {
        let mut origins: Vec<Option<Origin>> =
            norm.sources.iter().map(|s| s.origin.clone()).collect();
        origins.sort();
        origins.dedup();
        provenance.push(Provenance::Declared(origins));
        statements.push(Statement {
            sid: Some(sid),
            effect: norm.effect,
            principal: None,
            action: OneOrMany::from_vec(norm.actions),
            resource: Some(OneOrMany::from_vec(norm.resources)),
            condition: norm
                .conditions
                .into_iter()
                .map(|(op, keys)| {
                    (
                        op,
                        keys.into_iter()
                            .map(|(k, v)| (k, OneOrMany::from_vec(v)))
                            .collect(),
                    )
                })
                .collect(),
        });
        sources.push(norm.sources);
    }

    let policy = PolicyDocument::new(statements);
    let size = policy_size(&policy);
    let assembled = Assembled {
        policy,
        trust: trust_policy(),
        provenance,
        sources,
        log_group: group,
        size,
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
    if size > INLINE_POLICY_LIMIT {
        findings.push(Finding {
            severity: Severity::Warning,
            code: Code::PolicyTooLarge,
            message: format!(
                "the policy of `{}` is {size} characters, over the {INLINE_POLICY_LIMIT}-character \
                 limit of a role's inline policies",
                def.name
            ),
            help: Some(
                "merge declarations that share resources, or use a wildcard with `reason`; \
                 splitting a policy into managed policies is not supported yet"
                    .into(),
            ),
            origin: None,
        });
    }
    Some(assembled)
}
