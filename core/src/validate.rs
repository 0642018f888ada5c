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
use crate::catalog::{Action, Service};
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
}

/// Pushes every finding about one `allow(..)`/`deny(..)`.
pub fn validate_statement(statement: &StatementDecl, diags: &mut Diagnostics) {
    let needs_reason = statement.effect.value == Effect::Allow && statement.reason.is_none();
    let mut resolved = Vec::new();
    for action in &statement.actions {
        if let Some(target) = check_action(action, needs_reason, diags) {
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
        ActionRef::All if needs_reason => diags.push(
            error(
                Code::WildcardAction,
                "`*` grants every action of every service".to_string(),
            )
            .with_help(format!(
                "name the actions you need, or {REASON_FIX} a wildcard"
            )),
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
    actions
        .iter()
        .flat_map(|a| a.formats())
        .find_map(|(name, f)| {
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
    let matching = |candidate: &Arn| {
        actions
            .iter()
            .flat_map(|a| a.formats())
            .find(|(_, f)| arn::match_format(candidate, f).is_ok())
            .map(|(name, f)| (name, f.clone()))
    };
    // Fields the format leaves empty (S3 buckets and objects: no region, no account).
    for (_, format) in actions.iter().flat_map(|a| a.formats()) {
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
    if !resource.ends_with('*') {
        candidates.push((format!("{resource}/*"), Some('/')));
        candidates.push((format!("{resource}:*"), Some(':')));
    }
    for (candidate, separator) in candidates {
        let fixed = arn.with_resource(&candidate);
        let found = actions.iter().flat_map(|a| a.formats()).find(|(_, f)| {
            separator.is_none_or(|sep| f.resource.contains(sep))
                && arn::match_format(&fixed, f).is_ok()
        });
        if let Some((name, _)) = found {
            let fixed = fixed.to_text();
            return Some(match name {
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

/// For tests and tools: the service and action of `service:Action`, if known.
pub fn known_action(text: &str) -> Option<(&'static Service, &'static Action)> {
    crate::catalog::action(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decl::{ConditionDecl, Effect};
    use proc_macro2::Span;

    fn lit(text: &str) -> Spanned<String> {
        Spanned::new(text.to_string(), Span::call_site())
    }

    fn statement(effect: Effect, actions: &[&str], resources: &[&str]) -> StatementDecl {
        StatementDecl {
            effect: Spanned::new(effect, Span::call_site()),
            actions: actions.iter().map(|a| lit(a)).collect(),
            resources: resources.iter().map(|r| lit(r)).collect(),
            conditions: Vec::new(),
            reason: None,
        }
    }

    fn allow(actions: &[&str], resources: &[&str]) -> StatementDecl {
        statement(Effect::Allow, actions, resources)
    }

    fn with_reason(mut s: StatementDecl) -> StatementDecl {
        s.reason = Some(lit("the image pipeline reads every bucket of the account"));
        s
    }

    fn with_condition(mut s: StatementDecl, op: &str, key: &str, values: &[&str]) -> StatementDecl {
        s.conditions.push(ConditionDecl {
            span: Span::call_site(),
            operator: lit(op),
            key: lit(key),
            values: values.iter().map(|v| lit(v)).collect(),
        });
        s
    }

    /// (code, message, help) of every finding.
    fn check(s: &StatementDecl) -> Vec<(Code, String, String)> {
        let mut diags = Diagnostics::new();
        validate_statement(s, &mut diags);
        diags
            .into_iter()
            .map(|d| (d.code, d.message, d.help.unwrap_or_default()))
            .collect()
    }

    fn codes(s: &StatementDecl) -> Vec<Code> {
        check(s).into_iter().map(|(c, ..)| c).collect()
    }

    /// The only finding, which must have this code.
    fn only(s: &StatementDecl, code: Code) -> (String, String) {
        let found = check(s);
        assert_eq!(found.len(), 1, "expected one finding, got {found:#?}");
        let (c, message, help) = found.into_iter().next().unwrap();
        assert_eq!(c, code, "{message} / {help}");
        (message, help)
    }

    const OBJECTS: &str = "arn:${Partition}:s3:::my-source-images/*";
    const TABLE: &str = "arn:${Partition}:dynamodb:${Region}:${Account}:table/ImageMetadataTable";

    #[test]
    fn the_guide_declarations_are_clean() {
        assert!(check(&allow(&["s3:GetObject"], &[OBJECTS])).is_empty());
        assert!(
            check(&allow(
                &["s3:PutObject"],
                &["arn:${Partition}:s3:::my-resized-images/*"]
            ))
            .is_empty()
        );
        assert!(check(&allow(&["dynamodb:PutItem"], &[TABLE])).is_empty());
        assert!(check(&allow(&["ec2:DescribeNetworkInterfaces"], &["*"])).is_empty());
    }

    #[test]
    fn unknown_action_suggests_the_closest() {
        let (message, help) = only(&allow(&["s3:GetObjekt"], &[OBJECTS]), Code::UnknownAction);
        assert_eq!(message, "unknown action `s3:GetObjekt`");
        assert_eq!(help, "did you mean `s3:GetObject`?");
        let (_, help) = only(
            &allow(&["s3:FlyToTheMoon"], &[OBJECTS]),
            Code::UnknownAction,
        );
        assert!(!help.contains("did you mean"), "{help}");
    }

    #[test]
    fn action_case_names_the_canonical_spelling() {
        let (message, help) = only(&allow(&["s3:getobject"], &[OBJECTS]), Code::ActionCase);
        assert_eq!(message, "`s3:getobject` is spelled `s3:GetObject`");
        assert_eq!(help, "write `s3:GetObject`");
        only(&allow(&["S3:GetObject"], &[OBJECTS]), Code::ActionCase);
    }

    #[test]
    fn unknown_service_suggests_a_prefix() {
        let (message, help) = only(&allow(&["s4:GetObject"], &[OBJECTS]), Code::UnknownService);
        assert_eq!(message, "unknown service `s4` in `s4:GetObject`");
        assert!(help.contains("`s3:GetObject`"), "{help}");
        let (_, help) = only(
            &allow(&["dynamodbb:Frobnicate"], &["*"]),
            Code::UnknownService,
        );
        assert!(help.contains("`dynamodb`"), "{help}");
        only(&allow(&["s3*:GetObject"], &[OBJECTS]), Code::UnknownService);
        only(&allow(&["GetObject"], &[OBJECTS]), Code::UnknownAction);
    }

    #[test]
    fn wildcard_actions_need_a_reason_and_a_match() {
        let (message, help) = only(&allow(&["s3:Get*"], &[OBJECTS]), Code::WildcardAction);
        assert!(
            message.starts_with("wildcard action `s3:Get*` grants "),
            "{message}"
        );
        assert!(
            help.contains("add `reason = \"...\"` to accept a wildcard"),
            "{help}"
        );
        assert!(check(&with_reason(allow(&["s3:Get*"], &[OBJECTS]))).is_empty());
        let (message, _) = only(
            &with_reason(allow(&["s3:Fly*"], &[OBJECTS])),
            Code::WildcardMatchesNothing,
        );
        assert_eq!(message, "`s3:Fly*` matches no action of `s3`");
        assert_eq!(codes(&allow(&["*"], &["*"])), vec![Code::WildcardAction]);
        // Denying broadly is safe.
        assert!(check(&statement(Effect::Deny, &["s3:Delete*"], &["*"])).is_empty());
    }

    #[test]
    fn privilege_escalation_needs_a_reason() {
        let role = "arn:${Partition}:iam::${Account}:role/worker";
        let (message, help) = only(
            &allow(&["iam:PassRole"], &[role]),
            Code::PrivilegeEscalation,
        );
        assert!(
            message.starts_with("`iam:PassRole` can escalate privileges: "),
            "{message}"
        );
        assert!(help.contains("reason"), "{help}");
        assert!(check(&with_reason(allow(&["iam:PassRole"], &[role]))).is_empty());
        assert!(check(&statement(Effect::Deny, &["iam:PassRole"], &[role])).is_empty());
    }

    #[test]
    fn every_escalation_action_is_in_the_catalog() {
        for (name, why) in lookup::PRIVILEGE_ESCALATION {
            let (service, action) = known_action(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(
                format!("{}:{}", service.prefix, action.name),
                *name,
                "canonical spelling"
            );
            assert!(!why.is_empty());
        }
    }

    #[test]
    fn an_object_action_on_a_bucket_says_objects_need_slash_star() {
        let bucket = "arn:aws:s3:::my-source-images";
        let (message, help) = only(
            &allow(&["s3:GetObject"], &[bucket]),
            Code::ResourceTypeMismatch,
        );
        assert_eq!(
            message,
            "`s3:GetObject` does not act on `arn:aws:s3:::my-source-images`"
        );
        assert_eq!(
            help,
            "objects of a bucket are `arn:aws:s3:::my-source-images/*`"
        );
        let (_, help) = only(
            &allow(&["s3:ListBucket"], &["arn:aws:s3:::my-source-images/*"]),
            Code::ResourceTypeMismatch,
        );
        assert_eq!(help, "the bucket itself is `arn:aws:s3:::my-source-images`");
    }

    #[test]
    fn s3_arns_have_no_region_or_account() {
        let (_, help) = only(
            &allow(
                &["s3:GetObject"],
                &["arn:aws:s3:eu-west-1:123456789012:b/*"],
            ),
            Code::ResourceTypeMismatch,
        );
        assert_eq!(
            help,
            "`object` ARNs have no region and no account: `arn:aws:s3:::b/*`"
        );
    }

    #[test]
    fn mismatch_without_a_hint_lists_the_formats() {
        let (message, help) = only(
            &allow(
                &["dynamodb:GetItem"],
                &["arn:aws:dynamodb:${Region}:${Account}:stream/x"],
            ),
            Code::ResourceTypeMismatch,
        );
        assert!(
            message.contains("`dynamodb:GetItem` does not act on"),
            "{message}"
        );
        assert!(
            help.contains(
                "`table` (`arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`)"
            ),
            "{help}"
        );
    }

    #[test]
    fn service_mismatch_compares_with_the_formats() {
        let (message, help) = only(
            &allow(&["dynamodb:PutItem"], &["arn:aws:s3:::my-bucket"]),
            Code::ArnServiceMismatch,
        );
        assert_eq!(
            message,
            "`arn:aws:s3:::my-bucket` is an ARN of service `s3`, but `dynamodb:PutItem` acts on \
             `dynamodb` resources"
        );
        assert!(help.contains("table/${TableName}"), "{help}");
        // kafka-cluster actions act on `kafka` ARNs.
        let topic = "arn:${Partition}:kafka:${Region}:${Account}:topic/orders/abc-123/orders";
        assert!(check(&allow(&["kafka-cluster:ReadData"], &[topic])).is_empty());
        let wrong =
            "arn:${Partition}:kafka-cluster:${Region}:${Account}:topic/orders/abc-123/orders";
        let (_, help) = only(
            &allow(&["kafka-cluster:ReadData"], &[wrong]),
            Code::ArnServiceMismatch,
        );
        assert_eq!(
            help,
            "`topic` ARNs name the service `kafka`: \
             `arn:${Partition}:kafka:${Region}:${Account}:topic/orders/abc-123/orders`"
        );
    }

    #[test]
    fn arn_on_an_action_without_resource_types() {
        let (message, help) = only(
            &allow(
                &["ec2:DescribeNetworkInterfaces"],
                &["arn:aws:ec2:*:*:network-interface/*"],
            ),
            Code::ResourceLevelUnsupported,
        );
        assert_eq!(
            message,
            "`ec2:DescribeNetworkInterfaces` supports no resource-level permissions: use `\"*\"`"
        );
        assert!(help.contains("`\"*\"`"));
        // Mixed with an action that has types: reported at the action.
        let found = check(&allow(
            &["s3:GetObject", "ec2:DescribeNetworkInterfaces"],
            &[OBJECTS],
        ));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, Code::ResourceLevelUnsupported);
        assert!(found[0].2.contains("of its own"));
    }

    #[test]
    fn star_on_an_action_with_resource_types_needs_a_reason() {
        let (message, help) = only(&allow(&["s3:GetObject"], &["*"]), Code::StarResource);
        assert_eq!(message, "`\"*\"` grants `s3:GetObject` on every resource");
        assert!(
            help.contains("arn:${Partition}:s3:::${BucketName}/${ObjectName}"),
            "{help}"
        );
        assert!(help.contains("reason"), "{help}");
        assert!(check(&with_reason(allow(&["s3:GetObject"], &["*"]))).is_empty());
        assert!(check(&statement(Effect::Deny, &["s3:GetObject"], &["*"])).is_empty());
    }

    #[test]
    fn broad_resources_need_a_reason() {
        let (message, help) = only(
            &allow(&["s3:GetObject"], &["arn:aws:s3:::*"]),
            Code::BroadResource,
        );
        assert!(message.contains("covers every `object`"), "{message}");
        assert!(message.contains("${BucketName}"), "{message}");
        assert!(help.contains("reason"), "{help}");
        only(
            &allow(
                &["dynamodb:GetItem"],
                &["arn:aws:dynamodb:eu-west-1:123456789012:table/*"],
            ),
            Code::BroadResource,
        );
        only(
            &allow(
                &["dynamodb:GetItem"],
                &["arn:aws:dynamodb:eu-west-1:*:table/T"],
            ),
            Code::BroadResource,
        );
        assert!(check(&with_reason(allow(&["s3:GetObject"], &["arn:aws:s3:::*"]))).is_empty());
        assert!(
            check(&allow(
                &["dynamodb:GetItem"],
                &["arn:aws:dynamodb:*:${Account}:table/app-*"]
            ))
            .is_empty()
        );
    }

    #[test]
    fn several_actions_each_need_a_resource() {
        // ListBucket acts on the bucket, which the statement does not name.
        let s = allow(&["s3:GetObject", "s3:ListBucket"], &[OBJECTS]);
        let (message, help) = only(&s, Code::ResourceTypeMismatch);
        assert_eq!(
            message,
            "`s3:ListBucket` acts on none of this statement's resources"
        );
        assert_eq!(
            help,
            "the bucket itself is `arn:${Partition}:s3:::my-source-images`"
        );
        let both = allow(
            &["s3:GetObject", "s3:ListBucket"],
            &[OBJECTS, "arn:${Partition}:s3:::my-source-images"],
        );
        assert!(check(&both).is_empty());
        // A resource that matches no action of the statement.
        let s = allow(&["s3:GetObject", "s3:PutObject"], &[OBJECTS, TABLE]);
        assert_eq!(codes(&s), vec![Code::ArnServiceMismatch]);
    }

    #[test]
    fn wildcard_actions_check_against_the_union_of_types() {
        let s = with_reason(allow(&["dynamodb:Get*"], &[TABLE]));
        assert!(check(&s).is_empty());
        let s = with_reason(allow(
            &["s3:Get*"],
            &["arn:aws:sqs:eu-west-1:123456789012:q"],
        ));
        assert_eq!(codes(&s), vec![Code::ArnServiceMismatch]);
    }

    #[test]
    fn malformed_resources_are_reported_and_the_rest_checked() {
        let s = allow(
            &["s3:GetObjekt"],
            &["arn:${Partition:s3:::b/*", "my-bucket"],
        );
        assert_eq!(
            codes(&s),
            vec![
                Code::UnknownAction,
                Code::MalformedPlaceholder,
                Code::MalformedArn
            ]
        );
    }

    #[test]
    fn dynamodb_index_and_table() {
        let index = "arn:${Partition}:dynamodb:${Region}:${Account}:table/T/index/ByDate";
        assert!(check(&allow(&["dynamodb:Query"], &[index])).is_empty());
        let (_, help) = only(
            &allow(&["dynamodb:GetItem"], &[index]),
            Code::ResourceTypeMismatch,
        );
        assert!(help.contains("table/${TableName}"), "{help}");
    }

    #[test]
    fn logs_streams_hint() {
        let group = "arn:${Partition}:logs:${Region}:${Account}:log-group:/aws/lambda/f";
        let (_, help) = only(
            &allow(&["logs:PutLogEvents"], &[group]),
            Code::ResourceTypeMismatch,
        );
        assert!(help.contains("log-group:/aws/lambda/f:*`"), "{help}");
        assert!(check(&allow(&["logs:CreateLogGroup"], &[group])).is_empty());
    }

    #[test]
    fn secrets_and_parameters_and_queues() {
        let secret = "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:prod/db-??????";
        assert!(check(&allow(&["secretsmanager:GetSecretValue"], &[secret])).is_empty());
        let param = "arn:${Partition}:ssm:${Region}:${Account}:parameter/app/prod/db-url";
        assert!(check(&allow(&["ssm:GetParameter"], &[param])).is_empty());
        let queue = "arn:${Partition}:sqs:${Region}:${Account}:jobs";
        assert!(check(&allow(&["sqs:SendMessage"], &[queue])).is_empty());
        let fun = "arn:${Partition}:lambda:${Region}:${Account}:function:resize:live";
        assert!(check(&allow(&["lambda:InvokeFunction"], &[fun])).is_empty());
    }

    #[test]
    fn conditions_are_checked_per_statement() {
        let s = with_condition(
            allow(&["s3:GetObject"], &[OBJECTS]),
            "StringEqual",
            "aws:SourceVpce",
            &["vpce-1"],
        );
        let (message, help) = only(&s, Code::UnknownOperator);
        assert_eq!(message, "unknown condition operator `StringEqual`");
        assert_eq!(help, "did you mean `StringEquals`?");
        let s = with_condition(
            allow(&["s3:ListBucket"], &["arn:aws:s3:::b"]),
            "StringLike",
            "s3:prefix",
            &["home/*"],
        );
        assert!(check(&s).is_empty());
        let s = with_condition(
            allow(&["s3:GetObject"], &[OBJECTS]),
            "StringLike",
            "s3:prefix",
            &["home/*"],
        );
        let (message, _) = only(&s, Code::InapplicableConditionKey);
        assert_eq!(
            message,
            "condition key `s3:prefix` does not apply to `s3:GetObject`"
        );
    }

    #[test]
    fn every_finding_is_an_error_with_help() {
        let s = with_condition(
            allow(
                &["s3:getobject", "s3:Fly*", "iam:PassRole"],
                &["*", "arn:aws:s3:::"],
            ),
            "Bool",
            "aws:SecureTransport",
            &["yes"],
        );
        let mut diags = Diagnostics::new();
        validate_statement(&s, &mut diags);
        assert!(diags.as_slice().len() >= 4, "{diags:#?}");
        for d in diags.as_slice() {
            assert_eq!(d.severity, crate::diag::Severity::Error);
            assert!(d.help.as_deref().is_some_and(|h| !h.is_empty()), "{d:?}");
            assert!(
                d.message.chars().next().is_some_and(|c| !c.is_uppercase()),
                "{d:?}"
            );
        }
    }

    /// A concrete ARN of a catalog format: placeholders filled with plausible values.
    fn instantiate(format: &Format<'static>) -> String {
        let fill = |text: &str, value: &str| {
            let any = if value.len() == 12 { value } else { "x" };
            crate::template::substitute(text, |_| Some(value.to_string()))
                .unwrap()
                .replace('*', any)
        };
        format!(
            "arn:{}:{}:{}:{}:{}",
            fill(format.field(Field::Partition), "aws"),
            fill(format.field(Field::Service), "svc"),
            fill(format.field(Field::Region), "eu-west-1"),
            fill(format.field(Field::Account), "123456789012"),
            fill(format.resource, "name1"),
        )
    }

    #[test]
    fn every_catalog_format_accepts_its_own_instances() {
        let mut checked = 0;
        let mut failures = Vec::new();
        for service in crate::catalog::services() {
            for action in service.actions {
                for (_, rt) in service.resource_types_of(action) {
                    for format in arn::formats(rt) {
                        // AWS documents this one without an account field (`offering` stands
                        // where the account goes); the ARNs MediaConnect returns have one.
                        if format.field(Field::Account) == "offering" {
                            continue;
                        }
                        let text = instantiate(&format);
                        let name = format!("{}:{}", service.prefix, action.name);
                        let s = allow(&[&name], &[&text]);
                        let found = check(&s);
                        let bad: Vec<_> = found
                            .iter()
                            .filter(|(c, ..)| *c != Code::PrivilegeEscalation)
                            .collect();
                        if !bad.is_empty() {
                            failures.push(format!("{name} on {text}: {bad:?}"));
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
        assert!(
            failures.is_empty(),
            "{} failures: {:#?}",
            failures.len(),
            failures
                .iter()
                .filter(|f| !f.starts_with("backup"))
                .take(10)
                .collect::<Vec<_>>()
        );
    }
}
