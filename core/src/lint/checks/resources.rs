//! Resources: well-formed ARNs, of the statement's actions' resource types; `"*"` only where
//! nothing narrower exists.

use super::super::model::{ActionItem, Doc, Stmt, action_formats};
use super::super::{
    Out, PolicyType, arn_service_mismatch, malformed_arn, resource_level_unsupported,
    resource_type_mismatch, star_resource, star_resource_write,
};
use super::join_or;
use crate::arn::{self, Field, Format, Resource};
use crate::catalog::AccessLevel;
use crate::lookup::ActionRef;
use crate::validate::{arn_hint, arn_service_hint};

/// An action of the statement that acts on resource types.
struct Typed<'s, 'a> {
    action: &'s ActionItem<'a>,
    formats: Vec<(&'static str, Format<'static>)>,
}

impl Typed<'_, '_> {
    fn expected(&self) -> String {
        let listed: Vec<String> = self
            .formats
            .iter()
            .take(3)
            .map(|(name, f)| format!("`{name}` (`{}`)", f.text))
            .collect();
        let more = self.formats.len().saturating_sub(listed.len());
        let mut text = format!("`{}` acts on {}", self.action.name(), join_or(&listed));
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        text
    }
}

pub(super) fn check(doc: &Doc<'_>, out: &mut Out) {
    for st in &doc.statements {
        statement(doc.ty, st, out);
    }
}

/// Whether every field of an ARN after the service is a wildcard or empty, with a wildcard
/// resource (`arn:aws:logs:*:*:*`, `arn:aws:s3:::*`): every resource of the service.
fn all_wildcard(arn: &arn::Arn) -> bool {
    let any = |f: &str| f.is_empty() || f == "*";
    any(arn.region()) && any(arn.account()) && arn.resource == "*"
}

/// Whether an ARN with wildcard or empty region and account names only a resource type of one of
/// the formats, followed by `*` (`arn:*:cloudtrail:*:*:trail/*`, `arn:aws:lambda:*:*:function:*`):
/// every resource of that type, as broad as `"*"` for it. `arn:aws:s3:::bucket/*` is not: the
/// bucket is named (the format starts with a variable, not with the literal `bucket`).
fn type_wildcard(arn: &arn::Arn, typed: &[Typed<'_, '_>]) -> bool {
    let any = |f: &str| f.is_empty() || f == "*";
    if !any(arn.region()) || !any(arn.account()) {
        return false;
    }
    let Some(prefix) = arn
        .resource
        .strip_suffix("/*")
        .or_else(|| arn.resource.strip_suffix(":*"))
    else {
        return false;
    };
    let sep = &arn.resource[prefix.len()..prefix.len() + 1];
    if prefix.is_empty() || prefix.contains(['*', '?', '$', '/', ':']) {
        return false;
    }
    typed.iter().flat_map(|t| &t.formats).any(|(_, f)| {
        arn::match_format(arn, f).is_ok()
            && f.resource
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix(sep))
                .is_some_and(|rest| rest.starts_with("${"))
    })
}

fn statement(ty: PolicyType, st: &Stmt<'_>, out: &mut Out) {
    let resources = st.resources();
    if resources.is_empty() {
        return;
    }
    let actions: Vec<&ActionItem<'_>> =
        st.actions().iter().filter(|a| a.resolved.is_ok()).collect();
    let any_all = actions
        .iter()
        .any(|a| matches!(a.resolved, Ok(ActionRef::All)));
    let mut typed: Vec<Typed<'_, '_>> = Vec::new();
    let mut untyped: Vec<&ActionItem<'_>> = Vec::new();
    for a in &actions {
        if matches!(a.resolved, Ok(ActionRef::All)) {
            continue;
        }
        let formats: Vec<(&'static str, Format<'static>)> = action_formats(a)
            .into_iter()
            .flat_map(|(name, fs)| fs.iter().map(move |f| (name, f.clone())))
            .collect();
        if formats.is_empty() {
            untyped.push(a);
        } else {
            typed.push(Typed { action: a, formats });
        }
    }
    let mut matched = vec![false; typed.len()];
    let mut errors = false;
    let mut star = None;
    let mut arns = Vec::new();
    for r in resources {
        let path = r.item.path.clone();
        let text = r.item.text;
        let arn = match &r.parsed {
            Err(arn::ParseError::Placeholder(e)) => {
                out.push(&malformed_arn::LINT, path, e.message.clone())
                    .help(e.help.clone());
                errors = true;
                continue;
            }
            Err(arn::ParseError::Malformed { message, help }) => {
                out.push(&malformed_arn::LINT, path, message.clone())
                    .help(help.clone());
                errors = true;
                continue;
            }
            Ok(Resource::Star) => {
                star = Some(r);
                continue;
            }
            Ok(Resource::Arn(arn)) => arn,
        };
        arns.push(arn);
        // An all-wildcard ARN, or one of a resource type with every name, is as broad as `"*"`
        // for the star lints below.
        let every = all_wildcard(arn);
        if (every || type_wildcard(arn, &typed)) && star.is_none() {
            star = Some(r);
        }
        if any_all || actions.is_empty() {
            continue;
        }
        // Actions without resource-level permissions match every resource, and an ARN that
        // stands for every resource of the service says the same as `"*"` (AWS's S3 user
        // guide writes `s3:ListAllMyBuckets` on `arn:aws:s3:::*`).
        if typed.is_empty() && every {
            continue;
        }
        if typed.is_empty() {
            let first = untyped[0].name();
            out.push(
                &resource_level_unsupported::LINT,
                path,
                format!("`{first}` supports no resource-level permissions: `{text}` never matches"),
            )
            .help("use `\"*\"` as the resource of this statement");
            errors = true;
            continue;
        }
        let mut any = false;
        for (k, t) in typed.iter().enumerate() {
            if t.formats
                .iter()
                .any(|(_, f)| arn::match_format(arn, f).is_ok())
            {
                matched[k] = true;
                any = true;
            }
        }
        if any {
            continue;
        }
        errors = true;
        let all_formats: Vec<(&'static str, Format<'static>)> = typed
            .iter()
            .flat_map(|t| t.formats.iter().cloned())
            .collect();
        let expected: Vec<String> = typed.iter().take(3).map(Typed::expected).collect();
        let expected = expected.join("; ");
        let service_ok = all_formats
            .iter()
            .any(|(_, f)| arn::field_matches(arn.service(), f.field(Field::Service)));
        let subject = match typed.as_slice() {
            [one] => format!("`{}`", one.action.name()),
            _ => "no action of this statement".to_string(),
        };
        if !service_ok {
            let mut services: Vec<String> = all_formats
                .iter()
                .map(|(_, f)| format!("`{}`", f.field(Field::Service)))
                .collect();
            services.sort();
            services.dedup();
            out.push(
                &arn_service_mismatch::LINT,
                path,
                format!(
                    "`{text}` is an ARN of service `{}`, but the statement's actions act on {} resources",
                    arn.service(),
                    join_or(&services)
                ),
            )
            .help(arn_service_hint(arn, &all_formats).unwrap_or(expected));
        } else {
            let verb = if typed.len() == 1 {
                "does not act"
            } else {
                "acts"
            };
            out.push(
                &resource_type_mismatch::LINT,
                path,
                format!("{subject} {verb} on `{text}`"),
            )
            .help(arn_hint(arn, &all_formats).unwrap_or(expected));
        }
    }
    if any_all {
        return;
    }
    // In a resource-based policy `"*"` is the resource the policy is attached to; a trust
    // policy has no `Resource` at all (the structure checks report it).
    if let Some(star) = star {
        let reported = match ty {
            PolicyType::Identity => true,
            PolicyType::Resource => !matches!(star.parsed, Ok(Resource::Star)),
            PolicyType::Trust => false,
        };
        if reported && st.is_allow() && !typed.is_empty() {
            let writes: Vec<String> = typed
                .iter()
                .flat_map(|t| t.action.covered())
                .filter(|(s, a)| {
                    matches!(
                        a.access,
                        AccessLevel::Write | AccessLevel::PermissionsManagement
                    ) && s.resource_types_of(a).next().is_some()
                })
                .take(3)
                .map(|(s, a)| format!("`{}:{}`", s.prefix, a.name))
                .collect();
            let first = &typed[0];
            let examples: Vec<String> = first
                .formats
                .iter()
                .take(2)
                .map(|(name, f)| format!("`{}` (`{name}`)", f.text))
                .collect();
            let help = format!("name the resources, as in {}", join_or(&examples));
            if !matches!(star.parsed, Ok(Resource::Star)) {
                // An all-wildcard ARN: every resource of one service, narrower than `"*"` (AWS's
                // own `AWSLambdaBasicExecutionRole` writes `arn:aws:logs:*:*:*`): a warning.
                let what = writes
                    .first()
                    .cloned()
                    .unwrap_or_else(|| format!("`{}`", first.action.name()));
                let scope = match &star.parsed {
                    Ok(Resource::Arn(arn)) if !all_wildcard(arn) => "of its type",
                    _ => "of the service",
                };
                out.push(
                    &star_resource::LINT,
                    star.item.path.clone(),
                    format!(
                        "`{}` grants {what} on every resource {scope}",
                        star.item.text
                    ),
                )
                .help(help);
            } else if writes.is_empty() {
                out.push(
                    &star_resource::LINT,
                    star.item.path.clone(),
                    format!("`\"*\"` grants `{}` on every resource", first.action.name()),
                )
                .help(help);
            } else {
                out.push(
                    &star_resource_write::LINT,
                    star.item.path.clone(),
                    format!("`\"*\"` lets {} change every resource", join_or(&writes)),
                )
                .help(help);
            }
        }
        return;
    }
    if errors {
        return;
    }
    // Every action must act on some resource of the statement.
    for (k, t) in typed.iter().enumerate() {
        if matched[k] || !matches!(t.action.resolved, Ok(ActionRef::One { .. })) {
            continue;
        }
        let hint = arns.iter().find_map(|arn| arn_hint(arn, &t.formats));
        out.push(
            &resource_type_mismatch::LINT,
            t.action.item.path.clone(),
            format!(
                "`{}` acts on none of this statement's resources",
                t.action.name()
            ),
        )
        .help(hint.unwrap_or_else(|| t.expected()));
    }
    if !typed.is_empty() && !arns.is_empty() {
        for a in untyped
            .iter()
            .filter(|a| matches!(a.resolved, Ok(ActionRef::One { .. })))
        {
            out.push(
                &resource_level_unsupported::LINT,
                a.item.path.clone(),
                format!(
                    "`{}` supports no resource-level permissions: use `\"*\"`",
                    a.name()
                ),
            )
            .help("move it to a statement of its own with the resource `\"*\"`");
        }
    }
}
