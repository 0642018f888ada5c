//! The ARNs of the deploy items (`trigger(s3 = ..)`, `event_source(sqs = ..)`, ..): each must
//! name a resource of the catalog type the item acts on, as an `allow`'s ARN must name one of
//! its actions' types.

use crate::arn::{self, Resource};
use crate::decl::DeployDecl;
use crate::deploy;
use crate::diag::{Code, Diagnostic, Diagnostics};

/// Pushes every finding about one deploy item's ARN.
pub(super) fn validate_item(item: &DeployDecl, diags: &mut Diagnostics) {
    let (Some(arn_text), Some(target)) =
        (&item.arn, deploy::target(&item.key.value, &item.kind.value))
    else {
        return;
    };
    let usage = format!(
        "write `{}({} = \"{}\")`",
        target.key, target.kind, target.example
    );
    let parsed = match arn::parse_resource(&arn_text.value) {
        Ok(parsed) => parsed,
        Err(arn::ParseError::Placeholder(e)) => {
            diags.push(
                Diagnostic::error(Code::MalformedPlaceholder, arn_text.span, e.message)
                    .with_help(e.help),
            );
            return;
        }
        Err(arn::ParseError::Malformed { message, .. }) => {
            diags.push(
                Diagnostic::error(Code::MalformedArn, arn_text.span, message).with_help(usage),
            );
            return;
        }
    };
    let Resource::Arn(parsed) = parsed else {
        diags.push(
            Diagnostic::error(
                Code::ResourceTypeMismatch,
                arn_text.span,
                format!(
                    "`{}({} = ..)` takes {}, not `\"*\"`",
                    target.key, target.kind, target.what
                ),
            )
            .with_help(usage),
        );
        return;
    };
    let Some(service) = crate::catalog::service(target.service) else {
        return;
    };
    let matches = target
        .resource_types
        .iter()
        .filter_map(|rt| service.resource_type(rt))
        .flat_map(arn::formats)
        .any(|format| arn::match_format(&parsed, &format).is_ok());
    if !matches {
        diags.push(
            Diagnostic::error(
                Code::ResourceTypeMismatch,
                arn_text.span,
                format!(
                    "`{}({} = ..)` takes {}; `{}` is not one",
                    target.key, target.kind, target.what, arn_text.value
                ),
            )
            .with_help(usage),
        );
    }
}
