//! Breadth and escalation: checks of `Allow` statements only (a broad `Deny` is good).

use super::super::model::{ActionItem, Doc, Stmt};
use super::super::{
    Out, PolicyType, allow_not_action, allow_not_resource, any_principal, permissions_management,
    permissions_management_broad, privilege_escalation, privilege_escalation_combo,
    sensitive_action_broad_resource, unscoped_oidc_trust, unscoped_pass_role,
};
use super::conditions::requires_key;
use crate::catalog::AccessLevel;
use crate::lookup::{self, ActionRef};
use serde_json::Value;

/// Actions that read data or credentials out of AWS, with what they expose: dangerous on every
/// resource at once (`sensitive-action-broad-resource`).
pub const SENSITIVE: &[(&str, &str)] = &[
    ("s3:GetObject", "reads any object"),
    ("s3:GetObjectVersion", "reads any object version"),
    ("secretsmanager:GetSecretValue", "reads any secret"),
    (
        "ssm:GetParameter",
        "reads any parameter, secure strings included",
    ),
    (
        "ssm:GetParameters",
        "reads any parameter, secure strings included",
    ),
    (
        "ssm:GetParametersByPath",
        "reads any parameter tree, secure strings included",
    ),
    (
        "ssm:GetParameterHistory",
        "reads any parameter's past values",
    ),
    ("kms:Decrypt", "decrypts with any key"),
    (
        "sts:AssumeRole",
        "takes on any role that trusts the account",
    ),
    ("sts:GetFederationToken", "mints federated credentials"),
    ("ecr:GetAuthorizationToken", "mints registry credentials"),
    ("iam:CreateAccessKey", "mints long-term keys for any user"),
    (
        "cognito-identity:GetCredentialsForIdentity",
        "mints credentials for any identity",
    ),
    (
        "lambda:GetFunctionConfiguration",
        "reads any function's environment variables",
    ),
    (
        "lambda:GetFunction",
        "reads any function's code and environment",
    ),
    (
        "ec2:GetPasswordData",
        "reads any instance's administrator password",
    ),
    (
        "redshift:GetClusterCredentials",
        "mints database credentials",
    ),
    ("rds-db:connect", "connects to any database as any user"),
    ("glue:GetConnection", "reads any connection's password"),
    ("dynamodb:Scan", "reads whole tables"),
    ("codecommit:GitPull", "clones any repository"),
];

/// Published privilege-escalation methods that take several actions (Rhino Security Labs'
/// list and later write-ups): each needs all of its actions.
pub const COMBOS: &[(&[&str], &str)] = &[
    (
        &["iam:PassRole", "ec2:RunInstances"],
        "start an instance with a more privileged role",
    ),
    (
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
        "create and invoke a function under a more privileged role",
    ),
    (
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
        "create a function under a more privileged role and have an event source run it",
    ),
    (
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:AddPermission",
        ],
        "create a function under a more privileged role and let anyone invoke it",
    ),
    (
        &["iam:PassRole", "glue:CreateDevEndpoint"],
        "open a Glue endpoint under a more privileged role",
    ),
    (
        &["iam:PassRole", "cloudformation:CreateStack"],
        "create a stack that acts with a more privileged role",
    ),
    (
        &[
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
        ],
        "run a pipeline under a more privileged role",
    ),
    (
        &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        "run a task under a more privileged role",
    ),
    (
        &[
            "iam:PassRole",
            "sagemaker:CreateNotebookInstance",
            "sagemaker:CreatePresignedNotebookInstanceUrl",
        ],
        "open a notebook under a more privileged role",
    ),
    (
        &[
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuild",
        ],
        "run a build under a more privileged role",
    ),
    (
        &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
        "let itself assume any role",
    ),
    (
        &["lambda:UpdateFunctionCode", "lambda:InvokeFunction"],
        "run its own code as an existing function's role",
    ),
];

/// Condition keys that narrow who may use an any-principal statement.
const NARROWING_KEYS: &[&str] = &[
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalServiceName",
    "aws:SourceVpce",
    "aws:SourceVpc",
    "aws:SourceIp",
    "aws:userid",
    "aws:username",
    "sts:ExternalId",
];

pub(super) fn check(doc: &Doc<'_>, out: &mut Out) {
    for st in &doc.statements {
        if !st.is_allow() {
            continue;
        }
        if let Some(e) = &st.action
            && e.not
        {
            out.push(
                &allow_not_action::LINT,
                e.path.clone(),
                "`Allow` with `NotAction` allows every action not listed, and any added later",
            )
            .help("list the allowed actions in `Action`");
        }
        if let Some(e) = &st.resource
            && e.not
        {
            out.push(
                &allow_not_resource::LINT,
                e.path.clone(),
                "`Allow` with `NotResource` allows every resource not listed, and any created later",
            )
            .help("list the allowed resources in `Resource`");
        }
        // In a trust policy the actions (`sts:AssumeRole*`) are about the role itself: what
        // the principal may do once in is the role's identity policy's business.
        if doc.ty != PolicyType::Trust {
            let broad = st.has_broad_resource_in(doc.ty);
            for a in st.actions() {
                action(st, a, broad, out);
            }
        }
        if doc.ty != PolicyType::Identity {
            principal(st, out);
        }
    }
    combos(doc, out);
}

fn action(st: &Stmt<'_>, a: &ActionItem<'_>, broad: bool, out: &mut Out) {
    let path = a.item.path.clone();
    let text = a.item.text;
    if matches!(a.resolved, Ok(ActionRef::All) | Err(_)) {
        return;
    }
    // Privilege escalation by one action, on broad resources: a named role to assume or a
    // named task definition to run is a deliberate grant. Actions that escalate only together
    // with `iam:PassRole` are the combination lint's business.
    let escalations: Vec<(&str, &str)> = if broad {
        lookup::PRIVILEGE_ESCALATION
            .iter()
            .filter(|(name, _)| {
                *name != "iam:PassRole" && !lookup::needs_pass_role(name) && a.grants(name)
            })
            .copied()
            .collect()
    } else {
        Vec::new()
    };
    match escalations.as_slice() {
        [] => {}
        [(name, why)] => {
            out.push(
                &privilege_escalation::LINT,
                path.clone(),
                if text == *name {
                    format!("`{name}` can escalate privileges: {why}")
                } else {
                    format!("`{text}` grants `{name}`, which can escalate privileges: {why}")
                },
            )
            .help("remove it, or scope it to resources that cannot lead back to this principal");
        }
        many => {
            let names: Vec<String> = many.iter().take(4).map(|(n, _)| format!("`{n}`")).collect();
            let more = if many.len() > 4 {
                format!(" and {} more", many.len() - 4)
            } else {
                String::new()
            };
            out.push(
                &privilege_escalation::LINT,
                path.clone(),
                format!(
                    "`{text}` grants actions that can escalate privileges: {}{more}",
                    names.join(", ")
                ),
            )
            .help("name the actions you need instead of the wildcard");
        }
    }
    // iam:PassRole without scope.
    if a.grants("iam:PassRole") {
        let to_service = st.has_condition("iam:PassedToService", |c| {
            c.operator.is_some_and(|op| !op.base.negated)
        });
        let what = if text.eq_ignore_ascii_case("iam:PassRole") {
            "`iam:PassRole`".to_string()
        } else {
            format!("`{text}` grants `iam:PassRole` and")
        };
        if broad {
            out.push(
                &unscoped_pass_role::LINT,
                path.clone(),
                format!("{what} passes every role"),
            )
            .help("name the roles it may pass, and add an `iam:PassedToService` condition");
        } else if !to_service {
            out.push(
                &unscoped_pass_role::LINT,
                path.clone(),
                format!("{what} passes roles to any service"),
            )
            .help("add `\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"lambda.amazonaws.com\"}}`");
        }
    }
    // Data and credentials on broad resources.
    if broad {
        let hits: Vec<(&str, &str)> = SENSITIVE
            .iter()
            .filter(|(n, _)| a.grants(n))
            .copied()
            .collect();
        if let Some((name, why)) = hits.first() {
            let subject = if text == *name {
                format!("`{name}`")
            } else {
                format!("`{text}` (which grants `{name}`)")
            };
            out.push(
                &sensitive_action_broad_resource::LINT,
                path.clone(),
                format!("{subject} on broad resources {why}"),
            )
            .help("name the resources the code reads");
        }
    }
    // Permissions management.
    let pm: Vec<String> = a
        .covered()
        .iter()
        .filter(|(_, act)| act.access == AccessLevel::PermissionsManagement)
        .map(|(s, act)| format!("`{}:{}`", s.prefix, act.name))
        .collect();
    if let Some(first) = pm.first() {
        let subject = if pm.len() == 1 && first.trim_matches('`') == a.name() {
            first.clone()
        } else {
            format!(
                "`{text}` grants {} Permissions-management action{} such as {first}, which",
                pm.len(),
                if pm.len() == 1 { "" } else { "s" }
            )
        };
        if broad {
            out.push(
                &permissions_management_broad::LINT,
                path,
                format!("{subject} changes permissions, on broad resources"),
            )
            .help("name the resources, or remove the action");
        } else {
            out.push(
                &permissions_management::LINT,
                path,
                format!("{subject} changes permissions"),
            )
            .help("remove it unless managing permissions is this principal's job");
        }
    }
}

fn is_any(value: &Value) -> bool {
    match value {
        Value::String(s) => s == "*",
        Value::Array(items) => items.iter().any(is_any),
        _ => false,
    }
}

/// GitHub's OIDC provider: one for every workflow of every repository.
const GITHUB_OIDC: &str = "token.actions.githubusercontent.com";

fn principal(st: &Stmt<'_>, out: &mut Out) {
    let Some((not, value)) = st.principal else {
        return;
    };
    let federated = |v: &Value| match v {
        Value::String(s) => s.ends_with(GITHUB_OIDC),
        Value::Array(items) => items
            .iter()
            .any(|i| i.as_str().is_some_and(|s| s.ends_with(GITHUB_OIDC))),
        _ => false,
    };
    if !not
        && value.get("Federated").is_some_and(federated)
        && !st.has_condition(&format!("{GITHUB_OIDC}:sub"), requires_key)
    {
        out.push(
            &unscoped_oidc_trust::LINT,
            st.path.clone().key("Principal"),
            "any GitHub Actions workflow of any repository may use this statement: no condition requires `token.actions.githubusercontent.com:sub`",
        )
        .help("add `{\"StringLike\": {\"token.actions.githubusercontent.com:sub\": \"repo:OWNER/REPO:*\"}}`");
    }
    let key = if not { "NotPrincipal" } else { "Principal" };
    let any = not
        || match value {
            Value::String(s) => s == "*",
            Value::Object(map) => map.get("AWS").is_some_and(is_any),
            _ => false,
        };
    if !any {
        return;
    }
    // Only a condition that is false when its key is absent narrows: `...IfExists` and
    // `ForAllValues:` hold for a request without the key.
    let narrowed = NARROWING_KEYS
        .iter()
        .any(|k| st.has_condition(k, requires_key));
    if narrowed {
        return;
    }
    let message = if not {
        "`Allow` with `NotPrincipal` lets every principal not listed in".to_string()
    } else {
        "the statement lets any principal of any account in".to_string()
    };
    out.push(&any_principal::LINT, st.path.clone().key(key), message)
        .help("name the principal, or add a condition on `aws:SourceAccount`, `aws:SourceArn`, `aws:PrincipalOrgID` or `sts:ExternalId`");
}

/// Whether the document grants `name`: an `Allow` covers it and no unconditional `Deny` on
/// every resource takes it away.
fn granted_by<'d>(doc: &'d Doc<'_>, name: &str) -> Option<&'d Stmt<'d>> {
    let denied = doc.statements.iter().any(|s| {
        !s.is_allow()
            && s.effect.is_some()
            && s.conditions.is_empty()
            && s.covers_action(name)
            && s.resources().iter().any(|r| r.item.text == "*")
    });
    if denied {
        return None;
    }
    doc.statements.iter().find(|s| {
        s.is_allow() && s.covers_action(name) && (name != "iam:PassRole" || passes_unscoped(doc, s))
    })
}

/// Whether the statement's `iam:PassRole` is one `unscoped-pass-role` reports: on broad
/// resources, or without a positive `iam:PassedToService` condition. A named role passed to one
/// service is AWS's least-privilege form and does not complete an escalation combination.
fn passes_unscoped(doc: &Doc<'_>, s: &Stmt<'_>) -> bool {
    s.has_broad_resource_in(doc.ty)
        || !s.has_condition("iam:PassedToService", |c| {
            c.operator.is_some_and(|op| !op.base.negated)
        })
}

fn combos(doc: &Doc<'_>, out: &mut Out) {
    // `all-actions` already says everything; twelve combinations on top are noise.
    let all_actions = doc.statements.iter().any(|s| {
        s.is_allow()
            && s.action.as_ref().is_some_and(|e| !e.not)
            && s.actions()
                .iter()
                .any(|a| matches!(a.resolved, Ok(ActionRef::All)))
    });
    if all_actions {
        return;
    }
    for (actions, what) in COMBOS {
        let granted: Option<Vec<(&str, &Stmt<'_>)>> = actions
            .iter()
            .map(|a| granted_by(doc, a).map(|s| (*a, s)))
            .collect();
        let Some(granted) = granted else { continue };
        let (first, at) = granted[0];
        let names: Vec<String> = actions.iter().map(|a| format!("`{a}`")).collect();
        let finding = out.push(
            &privilege_escalation_combo::LINT,
            at.path.clone(),
            format!("{} together let the principal {what}", names.join(" + ")),
        );
        finding.help(format!(
            "drop one of them, or scope `{first}` to resources that cannot lead to more privilege"
        ));
        for (name, s) in &granted[1..] {
            if s.index != at.index {
                finding.related(s.path.clone(), format!("grants `{name}`"));
            }
        }
    }
}
