//! Actions: known service and action, IAM's spelling, wildcards.

use super::super::model::Doc;
use super::super::{
    Out, action_case, all_actions, unknown_action, unknown_service, wildcard_action,
    wildcard_matches_nothing,
};
use crate::catalog;
use crate::lookup::{self, ActionRef, LookupError};

pub(super) fn check(doc: &Doc<'_>, out: &mut Out) {
    for st in &doc.statements {
        let Some(element) = &st.action else { continue };
        for a in &element.items {
            let text = a.item.text;
            let path = a.item.path.clone();
            match &a.resolved {
                Err(LookupError::Malformed) => {
                    out.push(
                        &unknown_action::LINT,
                        path,
                        format!("`{text}` is not an action"),
                    )
                    .help("write `service:Action`, as in `s3:GetObject`");
                }
                Err(LookupError::WildcardService) => {
                    out.push(
                        &unknown_service::LINT,
                        path,
                        format!("the service prefix of `{text}` holds a wildcard"),
                    )
                    .help("name the service, as in `s3:Get*`; IAM matches wildcards in action names only");
                }
                Err(LookupError::UnknownService {
                    prefix,
                    suggestions,
                }) => {
                    let name = text.split_once(':').map_or("", |(_, n)| n);
                    let whole: Vec<String> = suggestions
                        .iter()
                        .filter_map(|p| catalog::action(&format!("{p}:{name}")))
                        .map(|(s, a)| format!("{}:{}", s.prefix, a.name))
                        .collect();
                    let help = lookup::did_you_mean(if whole.is_empty() { suggestions } else { &whole })
                        .unwrap_or_else(|| {
                            "use the service prefix IAM lists for the service, as in `s3`, `dynamodb`, `logs`"
                                .to_string()
                        });
                    out.push(
                        &unknown_service::LINT,
                        path,
                        format!("unknown service `{prefix}` in `{text}`"),
                    )
                    .help(help);
                }
                Err(LookupError::UnknownAction { suggestions }) => {
                    let help = lookup::did_you_mean(suggestions).unwrap_or_else(|| {
                        "check the action's name in the Service Authorization Reference".to_string()
                    });
                    out.push(
                        &unknown_action::LINT,
                        path,
                        format!("unknown action `{text}`"),
                    )
                    .help(help);
                }
                Err(LookupError::WildcardMatchesNothing { prefix }) => {
                    out.push(
                        &wildcard_matches_nothing::LINT,
                        path,
                        format!("`{text}` matches no action of `{prefix}`"),
                    )
                    .help(
                        "check the spelling of the pattern; `*` stands for any run of characters",
                    );
                }
                Ok(ActionRef::One {
                    canonical,
                    case_differs: true,
                    ..
                }) => {
                    out.push(
                        &action_case::LINT,
                        path,
                        format!("`{text}` is spelled `{canonical}`"),
                    )
                    .help(format!("write `{canonical}`"));
                }
                Ok(ActionRef::Wildcard { service, actions }) => {
                    if let Some((prefix, name)) = text.split_once(':')
                        && prefix != service.prefix
                    {
                        let canonical = format!("{}:{name}", service.prefix);
                        out.push(
                            &action_case::LINT,
                            path.clone(),
                            format!("`{text}` is spelled `{canonical}`"),
                        )
                        .help(format!("write `{canonical}`"));
                    }
                    if st.is_allow() && !element.not {
                        let count = actions.len();
                        let plural = if count == 1 { "" } else { "s" };
                        let shown: Vec<String> = actions
                            .iter()
                            .take(3)
                            .map(|a| format!("`{}:{}`", service.prefix, a.name))
                            .collect();
                        let more = if count > 3 { ", ..." } else { "" };
                        out.push(
                            &wildcard_action::LINT,
                            path,
                            format!(
                                "wildcard action `{text}` allows {count} action{plural} ({}{more}) and any added later",
                                shown.join(", ")
                            ),
                        )
                        .help("name the actions the code calls");
                    }
                }
                Ok(ActionRef::All) if st.is_allow() && !element.not => {
                    out.push(
                        &all_actions::LINT,
                        path,
                        "`*` allows every action of every service",
                    )
                    .help("name the actions the principal needs");
                }
                Ok(_) => {}
            }
        }
    }
}
