//! The record-mode report and the violations it lists.

use serde::Serialize;

use super::Mode;
use super::resources::Scope;
use lambda_iam_core::eval::Outcome;

/// What the guard saw in [`Mode::Record`] (or refused in [`Mode::Enforce`]).
///
/// As JSON ([`Report::to_json`]; pretty-printed, trailing newline, no time stamps):
///
/// ```json
/// {
///   "format": "lambda-iam-guard-report/1",
///   "handler": "image_processor::handler::function_handler",
///   "function": "image-processor",
///   "mode": "record",
///   "calls": 3,
///   "violations": [
///     {
///       "service": "S3",
///       "operation": "DeleteObject",
///       "action": "s3:DeleteObject",
///       "resource": "arn:aws:s3:::my-source-images/cat.png",
///       "resource_checked": true,
///       "outcome": "implicit_deny",
///       "count": 1,
///       "allow": "allow(\"s3:DeleteObject\", \"arn:${Partition}:s3:::my-source-images/cat.png\")"
///     }
///   ]
/// }
/// ```
///
/// `violations` are in the order first seen; a repeated request (same operation, action and
/// resource) counts up `count`. `outcome` is `implicit_deny` (nothing allows it),
/// `explicit_deny` (a `deny(..)` matches) or `unmapped` (no IAM action is known for the
/// operation: `action` and `allow` are empty and `reason` says why). `resource_checked: false`
/// means the input named no resource the guard could build an ARN from and only the action was
/// checked (`resource` is then `*`). `allow` is the item to add to the handler's attribute, with
/// the partition, the region and the account as placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub format: &'static str,
    pub handler: String,
    pub function: String,
    pub mode: &'static str,
    pub calls: usize,
    pub violations: Vec<Violation>,
}

/// One request the policy does not allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The SDK's service id (`S3`, `Secrets Manager`).
    pub service: String,
    /// The operation (`ListObjectsV2`).
    pub operation: String,
    /// `service:Action`.
    pub action: String,
    pub resource: String,
    pub resource_checked: bool,
    /// `implicit_deny`, `explicit_deny` or `unmapped`.
    pub outcome: &'static str,
    pub count: usize,
    /// The `allow(..)` to add (empty for `unmapped` and `explicit_deny`).
    pub allow: String,
    /// Why, for `unmapped` and `explicit_deny`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

impl Report {
    pub(crate) fn new(
        handler: &str,
        function: &str,
        mode: Mode,
        calls: usize,
        violations: &[Violation],
    ) -> Report {
        Report {
            format: "lambda-iam-guard-report/1",
            handler: handler.to_string(),
            function: function.to_string(),
            mode: match mode {
                Mode::Enforce => "enforce",
                Mode::Record => "record",
            },
            calls,
            violations: violations.to_vec(),
        }
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl Violation {
    pub(crate) fn unmapped(service: &str, operation: &str, why: &str) -> Violation {
        Violation {
            service: service.to_string(),
            operation: operation.to_string(),
            action: String::new(),
            resource: String::new(),
            resource_checked: false,
            outcome: "unmapped",
            count: 1,
            allow: String::new(),
            reason: format!("{why}; the guard cannot check this call"),
        }
    }

    pub(crate) fn denied(
        service: &str,
        operation: &str,
        action: &str,
        resource: &str,
        resource_checked: bool,
        outcome: Outcome,
        scope: Scope<'_>,
    ) -> Violation {
        let explicit = outcome == Outcome::ExplicitDeny;
        Violation {
            service: service.to_string(),
            operation: operation.to_string(),
            action: action.to_string(),
            resource: resource.to_string(),
            resource_checked,
            outcome: if explicit {
                "explicit_deny"
            } else {
                "implicit_deny"
            },
            count: 1,
            allow: if explicit {
                String::new()
            } else {
                format!("allow({action:?}, {:?})", template(resource, scope))
            },
            reason: if explicit {
                "a deny(..) of the declaration matches; an allow cannot override it".to_string()
            } else {
                String::new()
            },
        }
    }

    /// The same request (what `count` counts).
    pub(crate) fn same_request(&self, other: &Violation) -> bool {
        (&self.service, &self.operation, &self.action, &self.resource)
            == (
                &other.service,
                &other.operation,
                &other.action,
                &other.resource,
            )
    }

    /// The error text of a refused call.
    pub(crate) fn message(&self, handler: &str) -> String {
        match self.outcome {
            "unmapped" => format!(
                "lambda-iam guard: {} {} refused for `{handler}`: {}",
                self.service, self.operation, self.reason
            ),
            "explicit_deny" => format!(
                "lambda-iam guard: {} {} refused: `{}` on `{}` is denied by a deny(..) of `{handler}`",
                self.service, self.operation, self.action, self.resource
            ),
            _ => {
                let what = if self.resource_checked {
                    format!("`{}` on `{}`", self.action, self.resource)
                } else {
                    format!("`{}` (on any resource)", self.action)
                };
                format!(
                    "lambda-iam guard: {} {} refused: {what} is not allowed by the declaration of `{handler}`\n  help: add `{}` to its #[lambda_iam::handler(..)] (or to a helper it uses)",
                    self.service, self.operation, self.allow
                )
            }
        }
    }
}

/// The ARN with the partition, region and account of `scope` written as placeholders.
fn template(arn: &str, scope: Scope<'_>) -> String {
    if arn == "*" || !arn.starts_with("arn:") {
        return arn.to_string();
    }
    let mut parts: Vec<String> = arn.splitn(6, ':').map(str::to_string).collect();
    if parts.len() < 6 {
        return arn.to_string();
    }
    if parts[1] == scope.partition {
        parts[1] = "${Partition}".to_string();
    }
    if parts[3] == scope.region {
        parts[3] = "${Region}".to_string();
    }
    if parts[4] == scope.account {
        parts[4] = "${Account}".to_string();
    }
    parts.join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_text_uses_placeholders() {
        let scope = Scope {
            partition: "aws",
            region: "eu-west-1",
            account: "123456789012",
        };
        let v = Violation::denied(
            "DynamoDB",
            "PutItem",
            "dynamodb:PutItem",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Other",
            true,
            Outcome::ImplicitDeny,
            scope,
        );
        assert_eq!(
            v.allow,
            r#"allow("dynamodb:PutItem", "arn:${Partition}:dynamodb:${Region}:${Account}:table/Other")"#
        );
        let message = v.message("app::handler");
        assert!(
            message.contains(
                "`dynamodb:PutItem` on `arn:aws:dynamodb:eu-west-1:123456789012:table/Other`"
            ),
            "{message}"
        );
        assert!(
            message.contains("app::handler") && message.contains(&v.allow),
            "{message}"
        );
        assert_eq!(
            template("arn:aws:s3:::b/k:with:colons", scope),
            "arn:${Partition}:s3:::b/k:with:colons"
        );
    }
}
