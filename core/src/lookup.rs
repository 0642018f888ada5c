//! Action look-up and "did you mean" suggestions.
//!
//! IAM names are case-insensitive, so a suggestion is first the name that equals the query
//! ignoring case (the canonical spelling), then the names within an edit distance of
//! `max(1, len / 3)` (optimal string alignment: insertions, deletions, substitutions and
//! transpositions of neighbours each cost one), closest first.

use crate::catalog::{self, Action, Service};

/// The edit distance between `a` and `b`, ignoring ASCII case: the fewest insertions,
/// deletions, substitutions and swaps of two neighbouring characters that turn one into the
/// other (each character edited once at most: the "optimal string alignment" distance).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Three rows of the dynamic-programming table: two back, one back, current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution.min(previous[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The largest edit distance a suggestion for `query` may have.
pub fn max_distance(query: &str) -> usize {
    (query.chars().count() / 3).max(1)
}

/// How many suggestions to offer at most.
pub const MAX_SUGGESTIONS: usize = 3;

/// Names close to `query`: the one equal ignoring case, if any (alone); else those within
/// [`max_distance`] at the smallest distance found (ties in catalog order), at most
/// [`MAX_SUGGESTIONS`].
pub fn suggest<'n>(query: &str, names: impl IntoIterator<Item = &'n str>) -> Vec<&'n str> {
    let limit = max_distance(query);
    let query_len = query.chars().count();
    let mut close: Vec<(usize, &'n str)> = Vec::new();
    for name in names {
        if name.eq_ignore_ascii_case(query) {
            return vec![name];
        }
        // The distance is at least the difference in length: skip the table when that is over.
        if name.chars().count().abs_diff(query_len) > limit {
            continue;
        }
        let distance = edit_distance(query, name);
        if distance <= limit {
            close.push((distance, name));
        }
    }
    // Only the closest: `GetObjekt` suggests `GetObject`, not also `PutObject`.
    let best = close.iter().map(|&(distance, _)| distance).min();
    close
        .into_iter()
        .filter(|&(distance, _)| Some(distance) == best)
        .take(MAX_SUGGESTIONS)
        .map(|(_, name)| name)
        .collect()
}

/// Renders suggestions as ``did you mean `a`?`` / ``did you mean `a` or `b`?``.
pub fn did_you_mean(suggestions: &[String]) -> Option<String> {
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

/// Whether a name holds IAM wildcards.
pub fn is_wildcard(name: &str) -> bool {
    name.contains('*') || name.contains('?')
}

/// IAM's wildcard match for action names: ASCII case-insensitive, `*` any run, `?` one char.
/// The evaluator's matcher, so that validation and evaluation can never disagree.
pub fn wildcard_matches(pattern: &str, name: &str) -> bool {
    crate::eval::wildcard_match(pattern, name, true)
}

/// What an action string refers to.
#[derive(Clone, Debug)]
pub enum ActionRef {
    /// `*`: every action of every service.
    All,
    /// One action; `canonical` is IAM's spelling (`s3:GetObject`), which differs from the text
    /// when `case_differs`.
    One {
        service: &'static Service,
        action: &'static Action,
        canonical: String,
        case_differs: bool,
    },
    /// `s3:Get*`: the actions of one service the pattern matches (never empty).
    Wildcard {
        service: &'static Service,
        actions: Vec<&'static Action>,
    },
}

impl ActionRef {
    /// The catalog actions it covers with their service (empty for [`ActionRef::All`]).
    pub fn actions(&self) -> Vec<(&'static Service, &'static Action)> {
        match self {
            ActionRef::All => Vec::new(),
            ActionRef::One {
                service, action, ..
            } => vec![(*service, *action)],
            ActionRef::Wildcard { service, actions } => {
                actions.iter().map(|a| (*service, *a)).collect()
            }
        }
    }
}

/// Why an action string refers to nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// Not `service:Action`.
    Malformed,
    /// A wildcard in the service prefix (`s3*:GetObject`).
    WildcardService,
    /// No service of this prefix; close prefixes.
    UnknownService {
        prefix: String,
        suggestions: Vec<String>,
    },
    /// The service has no such action; close names, as `service:Action`.
    UnknownAction { suggestions: Vec<String> },
    /// A wildcard that matches no action of its service.
    WildcardMatchesNothing { prefix: String },
}

/// Looks up an action string of a declaration.
pub fn resolve_action(text: &str) -> Result<ActionRef, LookupError> {
    if text == "*" {
        return Ok(ActionRef::All);
    }
    let Some((prefix, name)) = text.split_once(':') else {
        return Err(LookupError::Malformed);
    };
    if prefix.is_empty()
        || name.is_empty()
        || name.contains(':')
        || text.contains(char::is_whitespace)
    {
        return Err(LookupError::Malformed);
    }
    if is_wildcard(prefix) {
        return Err(LookupError::WildcardService);
    }
    let Some(service) = catalog::service(prefix) else {
        let suggestions = suggest(prefix, catalog::services().iter().map(|s| s.prefix));
        return Err(LookupError::UnknownService {
            prefix: prefix.to_string(),
            suggestions: suggestions.into_iter().map(str::to_string).collect(),
        });
    };
    if is_wildcard(name) {
        let actions: Vec<&'static Action> = service
            .actions
            .iter()
            .filter(|a| wildcard_matches(name, a.name))
            .collect();
        if actions.is_empty() {
            return Err(LookupError::WildcardMatchesNothing {
                prefix: service.prefix.to_string(),
            });
        }
        return Ok(ActionRef::Wildcard { service, actions });
    }
    match service.action(name) {
        Some(action) => {
            let canonical = format!("{}:{}", service.prefix, action.name);
            let case_differs = canonical != text;
            Ok(ActionRef::One {
                service,
                action,
                canonical,
                case_differs,
            })
        }
        None => {
            let mut suggestions: Vec<String> =
                suggest(name, service.actions.iter().map(|a| a.name))
                    .into_iter()
                    .map(|s| format!("{}:{s}", service.prefix))
                    .collect();
            if suggestions.is_empty() {
                // The right action under another service: `s3:PutItem` -> `dynamodb:PutItem`.
                suggestions = catalog::services()
                    .iter()
                    .filter_map(|other| other.action(name).map(|a| (other, a)))
                    .take(MAX_SUGGESTIONS)
                    .map(|(other, a)| format!("{}:{}", other.prefix, a.name))
                    .collect();
            }
            Err(LookupError::UnknownAction { suggestions })
        }
    }
}

/// Actions that can raise a principal's own privileges (after Rhino Security Labs' published
/// AWS privilege-escalation methods and later write-ups), each with why. An execution role that
/// holds one of these can, in the worst case, end up with more than it was given, so a
/// declaration of one needs a `reason`.
///
/// Not listed: `iam:CreateRole` and `iam:CreatePolicy` (a new role or policy grants nothing
/// until it is attached or assumed, which the actions below cover), and read-only actions.
pub const PRIVILEGE_ESCALATION: &[(&str, &str)] = &[
    // Hands a role to a service (Lambda, EC2, Glue, CloudFormation, ...), which then acts with
    // that role's permissions: the classic escalation path together with a create/run action.
    (
        "iam:PassRole",
        "it hands a role to a service that then acts with the role's permissions",
    ),
    // A new default version of a customer-managed policy can say anything.
    (
        "iam:CreatePolicyVersion",
        "it can rewrite a managed policy, including the caller's own",
    ),
    // Reverting to an older, broader version of a policy.
    (
        "iam:SetDefaultPolicyVersion",
        "it can switch a policy to a broader version",
    ),
    // Attaching any managed policy (AdministratorAccess) to a principal.
    (
        "iam:AttachRolePolicy",
        "it can attach any managed policy to a role",
    ),
    (
        "iam:AttachUserPolicy",
        "it can attach any managed policy to a user",
    ),
    (
        "iam:AttachGroupPolicy",
        "it can attach any managed policy to a group",
    ),
    // Writing an inline policy with any content.
    ("iam:PutRolePolicy", "it can give a role any inline policy"),
    ("iam:PutUserPolicy", "it can give a user any inline policy"),
    (
        "iam:PutGroupPolicy",
        "it can give a group any inline policy",
    ),
    // Removing or replacing a permissions boundary lifts the cap on a principal.
    (
        "iam:DeleteRolePermissionsBoundary",
        "it lifts the permissions boundary of a role",
    ),
    (
        "iam:DeleteUserPermissionsBoundary",
        "it lifts the permissions boundary of a user",
    ),
    (
        "iam:PutRolePermissionsBoundary",
        "it can replace a role's permissions boundary",
    ),
    (
        "iam:PutUserPermissionsBoundary",
        "it can replace a user's permissions boundary",
    ),
    // Credentials for another user: act as that user.
    (
        "iam:CreateAccessKey",
        "it mints access keys for another user",
    ),
    (
        "iam:CreateLoginProfile",
        "it sets a console password for another user",
    ),
    (
        "iam:UpdateLoginProfile",
        "it changes another user's console password",
    ),
    // Joining a more privileged group.
    (
        "iam:AddUserToGroup",
        "it can add a user to a more privileged group",
    ),
    // Rewriting who may assume a role, then assuming it.
    (
        "iam:UpdateAssumeRolePolicy",
        "it rewrites who may assume a role",
    ),
    // Taking on another role's permissions (where its trust policy allows).
    ("sts:AssumeRole", "it takes on another role's permissions"),
    // Running own code under a function's (possibly more privileged) execution role.
    (
        "lambda:UpdateFunctionCode",
        "it runs new code under another function's execution role",
    ),
    // Adding a layer injects code into another function (a role change also needs PassRole).
    (
        "lambda:UpdateFunctionConfiguration",
        "it can inject code (layers) into another function and change its role",
    ),
    // With iam:PassRole: a new function running with any passable role.
    (
        "lambda:CreateFunction",
        "with `iam:PassRole` it runs code under any passable role",
    ),
    // Opening a function to other principals (resource-based policy).
    (
        "lambda:AddPermission",
        "it lets other principals invoke or manage a function",
    ),
    // A Glue development endpoint exposes its role's credentials over SSH.
    (
        "glue:UpdateDevEndpoint",
        "it opens SSH access to an endpoint that holds a role",
    ),
    (
        "glue:CreateDevEndpoint",
        "with `iam:PassRole` it creates an endpoint that holds any role",
    ),
    // A stack creates whatever its template says, with a passed role or the caller's.
    (
        "cloudformation:CreateStack",
        "a stack creates any resource, with a passed role",
    ),
    (
        "cloudformation:UpdateStack",
        "it can rewrite a stack that runs with a privileged role",
    ),
    // With iam:PassRole: an instance whose metadata service hands out the role's credentials.
    (
        "ec2:RunInstances",
        "with `iam:PassRole` it starts an instance holding any passable role",
    ),
    // Running commands on instances that hold other roles.
    (
        "ssm:SendCommand",
        "it runs commands on instances, under their roles",
    ),
    (
        "ssm:StartSession",
        "it opens a shell on instances, under their roles",
    ),
    // Build projects run with a service role; a changed buildspec runs anything.
    (
        "codebuild:CreateProject",
        "with `iam:PassRole` it runs a build under any passable role",
    ),
    (
        "codebuild:UpdateProject",
        "it changes what a build running under its role executes",
    ),
    // Notebook instances hold a role and give shell access.
    (
        "sagemaker:CreateNotebookInstance",
        "with `iam:PassRole` it creates a notebook holding any passable role",
    ),
    (
        "sagemaker:CreatePresignedNotebookInstanceUrl",
        "it opens a shell on a notebook and its role",
    ),
    // Task definitions carry a task role; running one executes code with it.
    ("ecs:RunTask", "it runs a container under its task role"),
    (
        "datapipeline:CreatePipeline",
        "with `iam:PassRole` it runs a pipeline under any role",
    ),
];

/// Whether an action of [`PRIVILEGE_ESCALATION`] escalates only together with `iam:PassRole`
/// (`ec2:RunInstances`, `lambda:CreateFunction`, ...): alone it cannot hand itself a role.
pub fn needs_pass_role(canonical: &str) -> bool {
    PRIVILEGE_ESCALATION.iter().any(|(name, why)| {
        name.eq_ignore_ascii_case(canonical) && why.starts_with("with `iam:PassRole`")
    })
}

/// Why an action can escalate privileges, if it is one of [`PRIVILEGE_ESCALATION`].
pub fn privilege_escalation(canonical: &str) -> Option<&'static str> {
    PRIVILEGE_ESCALATION
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(canonical))
        .map(|(_, why)| *why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("GetObject", "GetObjct"), 1);
        assert_eq!(
            edit_distance("GetObject", "GetObjcet"),
            1,
            "a swap of neighbours is one edit"
        );
        assert_eq!(
            edit_distance("GetObject", "getobject"),
            0,
            "case is ignored"
        );
        assert_eq!(
            edit_distance("ca", "abc"),
            3,
            "optimal string alignment, not unrestricted"
        );
        assert_eq!(edit_distance("PutItem", "GetItem"), 2);
    }

    #[test]
    fn distance_is_symmetric_on_samples() {
        for (a, b) in [
            ("abcd", "acbd"),
            ("s3", "sqs"),
            ("dynamodb", "dynamo"),
            ("x", "yx"),
        ] {
            assert_eq!(edit_distance(a, b), edit_distance(b, a));
        }
    }

    #[test]
    fn suggestions_prefer_case_then_distance() {
        let names = ["GetObject", "GetObjectAcl", "PutObject", "ListBucket"];
        assert_eq!(suggest("getobject", names), vec!["GetObject"]);
        assert_eq!(suggest("GetObjekt", names), vec!["GetObject"]);
        assert_eq!(suggest("PutObjct", names), vec!["PutObject"]);
        assert!(suggest("DeleteEverything", names).is_empty());
        // The limit scales with the length: short queries allow one edit.
        assert_eq!(max_distance("s4"), 1);
        assert_eq!(max_distance("GetObjectTagging"), 5);
    }

    #[test]
    fn long_shared_prefixes_do_not_count_as_close() {
        // Jaro-Winkler scores these nearly equal; edit distance does not.
        let names = ["GetObjectLegalHold", "GetObjectRetention"];
        assert!(suggest("GetObjectAclX", names).is_empty());
    }

    #[test]
    fn renders_did_you_mean() {
        assert_eq!(did_you_mean(&[]), None);
        assert_eq!(
            did_you_mean(&["s3:GetObject".into()]).unwrap(),
            "did you mean `s3:GetObject`?"
        );
        assert_eq!(
            did_you_mean(&["a".into(), "b".into(), "c".into()]).unwrap(),
            "did you mean `a`, `b` or `c`?"
        );
    }

    #[test]
    fn wildcards_match_like_iam() {
        assert!(wildcard_matches("Get*", "GetObject"));
        assert!(wildcard_matches("get*", "GetObject"));
        assert!(wildcard_matches("*Object", "GetObject"));
        assert!(wildcard_matches("Get?bject", "GetObject"));
        assert!(wildcard_matches("*", "Anything"));
        assert!(wildcard_matches("G*t*t", "GetObject"));
        assert!(!wildcard_matches("Put*", "GetObject"));
        assert!(!wildcard_matches("Get?", "GetObject"));
        assert!(!wildcard_matches("*Acl", "GetObject"));
    }
}
