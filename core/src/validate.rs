//! Checks a declaration against the AWS IAM catalog (see DESIGN.md "What the macro checks").
//!
//! Every statement is checked on its own, and every finding points at the literal that causes
//! it; nothing stops at the first error.
//!
//! - Actions ([`lookup`]): known service and action, IAM's spelling; wildcards match something.
//! - Resources ([`arn`]): well-formed; each ARN names a resource type of an action of the
//!   statement, and each action that has resource types is matched by a resource of the
//!   statement (`"*"` included); actions without resource-level permissions get `"*"`.
//! - Conditions ([`condition`]).
//! - Breadth: in an `allow`, wildcard actions, privilege-escalation actions, `"*"` on an action
//!   that supports ARNs and broad ARNs ([`arn::breadth`]) need a `reason`. A `deny` never does:
//!   denying broadly is safe.

use crate::arn::{self, Arn, Breadth, Field, Format, Mismatch, Resource};
use crate::condition::{self, StatementActions};
use crate::decl::{Attr, Effect, Spanned, StatementDecl};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::lookup::{self, ActionRef, LookupError};

const REASON_FIX: &str = "add `reason = \"...\"` to accept";

/// Pushes every finding about `attr` into `diags`.
pub fn validate(attr: &Attr, diags: &mut Diagnostics) {
    for statement in &attr.statements {
        validate_statement(statement, diags);
    }
    for item in &attr.deploy {
        deploy::validate_item(item, diags);
    }
}

/// Pushes every finding about one `allow(..)`/`deny(..)`.
pub fn validate_statement(statement: &StatementDecl, diags: &mut Diagnostics) {
    let needs_reason = statement.effect.value == Effect::Allow && statement.reason.is_none();
    let mut resolved = Vec::new();
    for action in &statement.actions {
        if let Some(target) = check_action(action, statement.effect.value, needs_reason, diags) {
            resolved.push(Resolved::new(action, target));
        }
    }
    check_resources(statement, &resolved, needs_reason, diags);
    let actions = StatementActions {
        actions: resolved
            .iter()
            .map(|r| (r.written.value.clone(), r.target.clone()))
            .collect(),
    };
    for cond in &statement.conditions {
        condition::check_condition(cond, &actions, diags);
    }
}

/// An action of the statement that resolved, with the resource types it acts on.
struct Resolved<'s> {
    written: &'s Spanned<String>,
    target: ActionRef,
    /// The resource types (union over a wildcard's actions), each with its formats.
    types: Vec<(&'static str, Vec<Format<'static>>)>,
}

impl<'s> Resolved<'s> {
    fn new(written: &'s Spanned<String>, target: ActionRef) -> Self {
        let mut types: Vec<(&'static str, Vec<Format<'static>>)> = Vec::new();
        for (service, action) in target.actions() {
            for (_, rt) in service.resource_types_of(action) {
                if types.iter().any(|(name, _)| *name == rt.name) {
                    continue;
                }
                let formats = arn::formats(rt).collect();
                types.push((rt.name, formats));
            }
        }
        // Simplest formats first (fewest placeholders): they make the best examples.
        types.sort_by_key(|(_, formats)| {
            formats
                .iter()
                .map(|f| f.text.matches("${").count())
                .min()
                .unwrap_or(usize::MAX)
        });
        Resolved {
            written,
            target,
            types,
        }
    }

    fn is_all(&self) -> bool {
        matches!(self.target, ActionRef::All)
    }

    fn is_wildcard(&self) -> bool {
        !matches!(self.target, ActionRef::One { .. })
    }

    /// The action as IAM spells it (for messages).
    fn name(&self) -> &str {
        match &self.target {
            ActionRef::One { canonical, .. } => canonical,
            _ => &self.written.value,
        }
    }

    fn formats(&self) -> impl Iterator<Item = (&'static str, &Format<'static>)> {
        self.types
            .iter()
            .flat_map(|(name, formats)| formats.iter().map(move |f| (*name, f)))
    }

    /// "acts on `object` (`arn:..`) and `accesspointobject` (`arn:..`)".
    fn expected(&self) -> String {
        let listed: Vec<String> = self
            .formats()
            .take(4)
            .map(|(name, f)| format!("`{name}` (`{}`)", f.text))
            .collect();
        let more = self.formats().count().saturating_sub(listed.len());
        let mut text = format!("`{}` acts on {}", self.name(), join_and(&listed));
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        text
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn check_action(
    action: &Spanned<String>,
    effect: Effect,
    needs_reason: bool,
    diags: &mut Diagnostics,
) -> Option<ActionRef> {
    let text = &action.value;
    let error = |code: Code, message: String| Diagnostic::error(code, action.span, message);
    let target = match lookup::resolve_action(text) {
        Ok(target) => target,
        Err(LookupError::Malformed) => {
            diags.push(
                error(Code::UnknownAction, format!("`{text}` is not an action"))
                    .with_help("write `service:Action`, as in `s3:GetObject`"),
            );
            return None;
        }
        Err(LookupError::WildcardService) => {
            diags.push(
                error(
                    Code::UnknownService,
                    format!("the service prefix of `{text}` holds a wildcard"),
                )
                .with_help(
                    "name the service, as in `s3:Get*`; IAM matches wildcards in action names only",
                ),
            );
            return None;
        }
        Err(LookupError::UnknownService {
            prefix,
            suggestions,
        }) => {
            let name = text.split_once(':').map_or("", |(_, n)| n);
            // Prefer a whole action: `s4:GetObject` -> `s3:GetObject`.
            let whole: Vec<String> = suggestions
                .iter()
                .filter_map(|p| crate::catalog::action(&format!("{p}:{name}")))
                .map(|(s, a)| format!("{}:{}", s.prefix, a.name))
                .collect();
            let help = lookup::did_you_mean(if whole.is_empty() {
                &suggestions
            } else {
                &whole
            })
            .unwrap_or_else(|| {
                "use the service prefix IAM lists for the service, as in `s3`, `dynamodb`, \
                     `logs`"
                    .to_string()
            });
            diags.push(
                error(
                    Code::UnknownService,
                    format!("unknown service `{prefix}` in `{text}`"),
                )
                .with_help(help),
            );
            return None;
        }
        Err(LookupError::UnknownAction { suggestions }) => {
            let help = lookup::did_you_mean(&suggestions).unwrap_or_else(|| {
                "check the action's name in the Service Authorization Reference".to_string()
            });
            diags.push(
                error(Code::UnknownAction, format!("unknown action `{text}`")).with_help(help),
            );
            return None;
        }
        Err(LookupError::WildcardMatchesNothing { prefix }) => {
            diags.push(
                error(
                    Code::WildcardMatchesNothing,
                    format!("`{text}` matches no action of `{prefix}`"),
                )
                .with_help(
                    "check the spelling of the pattern; `*` stands for any run of characters",
                ),
            );
            return None;
        }
    };
    // A wildcard's service prefix still has one spelling (`S3:Get*` is `s3:Get*`).
    if let ActionRef::Wildcard { service, .. } = &target
        && let Some((prefix, name)) = text.split_once(':')
        && prefix != service.prefix
    {
        let canonical = format!("{}:{name}", service.prefix);
        diags.push(
            error(
                Code::ActionCase,
                format!("`{text}` is spelled `{canonical}`"),
            )
            .with_help(format!("write `{canonical}`")),
        );
    }
    match &target {
        ActionRef::One {
            canonical,
            case_differs,
            ..
        } => {
            if *case_differs {
                diags.push(
                    error(
                        Code::ActionCase,
                        format!("`{text}` is spelled `{canonical}`"),
                    )
                    .with_help(format!("write `{canonical}`")),
                );
            }
            // Also the actions that escalate only with `iam:PassRole` (`lambda:CreateFunction`):
            // the macro sees one attribute, but the role's policy also holds the statements of
            // every helper the handler uses, so whether `iam:PassRole` is granted is known only
            // once `cargo iam` assembles it (its `privilege-escalation-combo` lint). A reason
            // keeps the risk visible at the declaration.
            if needs_reason && let Some(why) = lookup::privilege_escalation(canonical) {
                diags.push(
                    error(
                        Code::PrivilegeEscalation,
                        format!("`{canonical}` can escalate privileges: {why}"),
                    )
                    .with_help(format!(
                        "scope its resources narrowly and {REASON_FIX} the risk"
                    )),
                );
            }
        }
        // A generated policy never allows the action `*` (DESIGN: "no `*` action"), reason or
        // not; `cargo iam` refuses it too. Denying `*` is fine.
        ActionRef::All if effect == Effect::Allow => diags.push(
            error(
                Code::WildcardAction,
                "`*` allows every action of every service, which a generated policy never does"
                    .to_string(),
            )
            .with_help("name the actions you need (a `service:Prefix*` wildcard with a `reason` is the broadest form allowed)"),
        ),
        ActionRef::Wildcard { actions, .. } if needs_reason => {
            let count = actions.len();
            let plural = if count == 1 { "" } else { "s" };
            diags.push(
                error(
                    Code::WildcardAction,
                    format!("wildcard action `{text}` grants {count} action{plural}"),
                )
                .with_help(format!(
                    "name the actions you need, or {REASON_FIX} a wildcard"
                )),
            );
        }
        _ => {}
    }
    Some(target)
}

fn check_resources(
    statement: &StatementDecl,
    actions: &[Resolved<'_>],
    needs_reason: bool,
    diags: &mut Diagnostics,
) {
    let any_all = actions.iter().any(Resolved::is_all);
    let typed: Vec<&Resolved<'_>> = actions.iter().filter(|a| !a.types.is_empty()).collect();
    let untyped: Vec<&Resolved<'_>> = actions
        .iter()
        .filter(|a| a.types.is_empty() && !a.is_all())
        .collect();
    let mut matched = vec![false; typed.len()];
    let mut has_star = false;
    let mut arns: Vec<(&Spanned<String>, Arn)> = Vec::new();
    let mut resource_errors = false;

    for resource in &statement.resources {
        let parsed = match arn::parse_resource(&resource.value) {
            Ok(parsed) => parsed,
            Err(arn::ParseError::Placeholder(e)) => {
                diags.push(
                    Diagnostic::error(Code::MalformedPlaceholder, resource.span, e.message)
                        .with_help(e.help),
                );
                resource_errors = true;
                continue;
            }
            Err(arn::ParseError::Malformed { message, help }) => {
                diags.push(
                    Diagnostic::error(Code::MalformedArn, resource.span, message).with_help(help),
                );
                resource_errors = true;
                continue;
            }
        };
        match parsed {
            Resource::Star => {
                has_star = true;
                if needs_reason
                    && !any_all
                    && let Some(first) = typed.first()
                {
                    let examples: Vec<String> = first
                        .formats()
                        .take(2)
                        .map(|(name, f)| format!("`{}` (`{name}`)", f.text))
                        .collect();
                    let help = format!(
                        "name the resources, as in {}, or {REASON_FIX} every resource",
                        join_or(&examples)
                    );
                    diags.push(
                        Diagnostic::error(
                            Code::StarResource,
                            resource.span,
                            format!("`\"*\"` grants `{}` on every resource", first.name()),
                        )
                        .with_help(help),
                    );
                }
            }
            Resource::Arn(arn) => {
                if any_all || actions.is_empty() {
                    arns.push((resource, arn));
                    continue;
                }
                if typed.is_empty() {
                    let first = &untyped[0];
                    diags.push(
                        Diagnostic::error(
                            Code::ResourceLevelUnsupported,
                            resource.span,
                            format!(
                                "`{}` supports no resource-level permissions: use `\"*\"`",
                                first.name()
                            ),
                        )
                        .with_help("write `\"*\"` as the resource of this statement"),
                    );
                    resource_errors = true;
                    continue;
                }
                let mut broad: Option<(Breadth, &'static str)> = None;
                let mut any = false;
                for (k, action) in typed.iter().enumerate() {
                    for (type_name, format) in action.formats() {
                        if arn::match_format(&arn, format).is_ok() {
                            matched[k] = true;
                            any = true;
                            if broad.is_none() {
                                broad = arn::breadth(&arn, format).map(|b| (b, type_name));
                            }
                        }
                    }
                }
                if !any {
                    report_mismatch(resource, &arn, &typed, diags);
                    resource_errors = true;
                } else if needs_reason && let Some((breadth, type_name)) = broad {
                    report_broad(resource, breadth, type_name, diags);
                }
                arns.push((resource, arn));
            }
        }
    }

    if resource_errors || any_all || has_star {
        return;
    }
    // Every action must act on some resource of the statement.
    for (k, action) in typed.iter().enumerate() {
        if matched[k] || action.is_wildcard() {
            continue;
        }
        let hint = arns
            .iter()
            .find_map(|(_, arn)| hint_for(arn, std::slice::from_ref(action)));
        let help = hint.unwrap_or_else(|| action.expected());
        diags.push(
            Diagnostic::error(
                Code::ResourceTypeMismatch,
                action.written.span,
                format!(
                    "`{}` acts on none of this statement's resources",
                    action.name()
                ),
            )
            .with_help(help),
        );
    }
    if !typed.is_empty() && !arns.is_empty() {
        for action in untyped.iter().filter(|a| !a.is_wildcard()) {
            diags.push(
                Diagnostic::error(
                    Code::ResourceLevelUnsupported,
                    action.written.span,
                    format!(
                        "`{}` supports no resource-level permissions: use `\"*\"`",
                        action.name()
                    ),
                )
                .with_help("move it to an `allow` of its own with the resource `\"*\"`"),
            );
        }
    }
}

/// An ARN that matches no format of the statement's actions.
fn report_mismatch(
    resource: &Spanned<String>,
    arn: &Arn,
    typed: &[&Resolved<'_>],
    diags: &mut Diagnostics,
) {
    let text = &resource.value;
    let subject = match typed {
        [one] => format!("`{}`", one.name()),
        _ => "no action of this statement".to_string(),
    };
    let expected: Vec<String> = typed.iter().map(|a| a.expected()).collect();
    let expected = expected.join("; ");
    let service_ok = typed
        .iter()
        .flat_map(|a| a.formats())
        .any(|(_, f)| arn::field_matches(arn.service(), f.field(Field::Service)));
    if !service_ok {
        let mut services: Vec<&str> = typed
            .iter()
            .flat_map(|a| a.formats())
            .map(|(_, f)| f.field(Field::Service))
            .collect();
        services.sort_unstable();
        services.dedup();
        let services: Vec<String> = services.iter().map(|s| format!("`{s}`")).collect();
        let verb = if typed.len() == 1 { "acts" } else { "act" };
        let subject = match typed {
            [one] => format!("`{}`", one.name()),
            _ => "the statement's actions".to_string(),
        };
        diags.push(
            Diagnostic::error(
                Code::ArnServiceMismatch,
                resource.span,
                format!(
                    "`{text}` is an ARN of service `{}`, but {subject} {verb} on {} resources",
                    arn.service(),
                    join_or(&services)
                ),
            )
            .with_help(service_hint(arn, typed).unwrap_or(expected)),
        );
        return;
    }
    let verb = if typed.len() == 1 {
        "does not act"
    } else {
        "acts"
    };
    let help = hint_for(arn, typed).unwrap_or(expected);
    diags.push(
        Diagnostic::error(
            Code::ResourceTypeMismatch,
            resource.span,
            format!("{subject} {verb} on `{text}`"),
        )
        .with_help(help),
    );
}

/// The user's ARN with the service field of a format that then matches (`kafka-cluster` actions
/// act on `arn:..:kafka:..` ARNs).
fn service_hint(arn: &Arn, actions: &[&Resolved<'_>]) -> Option<String> {
    let formats: Vec<(&'static str, Format<'static>)> = actions
        .iter()
        .flat_map(|a| a.formats())
        .map(|(name, f)| (name, f.clone()))
        .collect();
    arn_service_hint(arn, &formats)
}

/// The user's ARN with the service field of a format that then matches, as a help line.
pub fn arn_service_hint(arn: &Arn, formats: &[(&'static str, Format<'static>)]) -> Option<String> {
    formats.iter().find_map(|(name, f)| {
        let service = f.field(Field::Service);
        if service.contains("${") {
            return None;
        }
        let fixed = arn.with_field(Field::Service, service);
        arn::match_format(&fixed, f).is_ok().then(|| {
            format!(
                "`{name}` ARNs name the service `{service}`: `{}`",
                fixed.to_text()
            )
        })
    })
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A targeted fix: the user's ARN with region/account emptied where the format has none, with
/// `/*` or `:*` added, or with a trailing `/*` or `:*` removed, if that matches.
fn hint_for(arn: &Arn, actions: &[&Resolved<'_>]) -> Option<String> {
    let formats: Vec<(&'static str, Format<'static>)> = actions
        .iter()
        .flat_map(|a| a.formats())
        .map(|(name, f)| (name, f.clone()))
        .collect();
    arn_hint(arn, &formats)
}

/// A targeted fix for an ARN that matches none of these resource types (name and format), if
/// one is found: region or account emptied, `/*` or `:*` added or removed.
pub fn arn_hint(arn: &Arn, formats: &[(&'static str, Format<'static>)]) -> Option<String> {
    let matching = |candidate: &Arn| {
        formats
            .iter()
            .find(|(_, f)| arn::match_format(candidate, f).is_ok())
            .map(|(name, f)| (*name, f.clone()))
    };
    // Fields the format leaves empty (S3 buckets and objects: no region, no account).
    for (_, format) in formats {
        if !matches!(arn::match_format(arn, format), Err(Mismatch::Field(_))) {
            continue;
        }
        let mut fixed = arn.clone();
        let mut emptied = Vec::new();
        for field in [Field::Region, Field::Account] {
            if format.field(field).is_empty() && !arn.field(field).is_empty() {
                fixed = fixed.with_field(field, "");
                emptied.push(field.name());
            }
        }
        if emptied.is_empty() {
            continue;
        }
        if let Some((name, _)) = matching(&fixed) {
            let fields = emptied.join(" and no ");
            return Some(format!(
                "`{name}` ARNs have no {fields}: `{}`",
                fixed.to_text()
            ));
        }
    }
    let resource = arn.resource.as_str();
    // (candidate resource part, the separator it adds, which the format must use)
    let mut candidates: Vec<(String, Option<char>)> = Vec::new();
    for suffix in ["/*", ":*"] {
        if let Some(stripped) = resource.strip_suffix(suffix)
            && !stripped.is_empty()
        {
            candidates.push((stripped.to_string(), None));
        }
    }
    if resource.ends_with(['/', ':']) {
        // `bucket/` was meant as `bucket/*`.
        candidates.push((format!("{resource}*"), None));
    } else if !resource.ends_with('*') {
        candidates.push((format!("{resource}/*"), Some('/')));
        candidates.push((format!("{resource}:*"), Some(':')));
    }
    for (candidate, separator) in candidates {
        let fixed = arn.with_resource(&candidate);
        let found = formats.iter().find(|(_, f)| {
            separator.is_none_or(|sep| f.resource.contains(sep))
                && arn::match_format(&fixed, f).is_ok()
        });
        if let Some((name, _)) = found {
            let fixed = fixed.to_text();
            return Some(match *name {
                "object" => format!("objects of a bucket are `{fixed}`"),
                "bucket" => format!("the bucket itself is `{fixed}`"),
                _ => format!("a `{name}` ARN would be `{fixed}`"),
            });
        }
    }
    None
}

fn report_broad(
    resource: &Spanned<String>,
    breadth: Breadth,
    type_name: &str,
    diags: &mut Diagnostics,
) {
    let text = &resource.value;
    let (message, help) = match breadth {
        Breadth::EveryAccount => (
            format!("`{text}` covers the resources of every account"),
            format!("name the account (`${{Account}}`), or {REASON_FIX} it"),
        ),
        Breadth::EveryResource(placeholder) => (
            format!(
                "`{text}` covers every `{type_name}`: a wildcard stands for the whole `${{{placeholder}}}`"
            ),
            format!(
                "name the `${{{placeholder}}}` (a prefix such as `my-app-*` will do), or {REASON_FIX} it"
            ),
        ),
    };
    diags.push(Diagnostic::error(Code::BroadResource, resource.span, message).with_help(help));
}

mod deploy;

#[cfg(test)]
mod tests;
