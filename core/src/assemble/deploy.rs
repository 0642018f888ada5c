//! The function's resource-based policy (`<function>.permissions.json`): who may invoke it, one
//! statement per `trigger(..)` of the handler (two for a function URL), see [`crate::deploy`].
//!
//! Templates resolve as in the execution-role policy: the function's ARN
//! (`arn:${Partition}:lambda:${Region}:${Account}:function:<name>`) falls back to `*` for an
//! unresolved region or account, but the `aws:SourceAccount` condition needs `${Account}`: it
//! is a condition value, where a `*` would be compared literally, so it is an error there.

use super::resolve::Resolver;
use super::{Finding, sid};
use crate::decl::Effect;
use crate::deploy::{DeploySpec, FUNCTION_URL, TRIGGER, trigger_principal};
use crate::policy::{OneOrMany, PolicyDocument, Statement};
use crate::vars::Vars;
use std::collections::BTreeMap;

/// The ARN template of the function itself.
pub const FUNCTION_ARN: &str =
    "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";

/// The resource-based policy of function `name` for the `trigger(..)` items among `items`;
/// `Ok(None)` when there is none, `Err(())` when a value is missing (`findings` says which).
#[allow(clippy::result_unit_err)]
pub fn permissions(
    name: &str,
    items: &[DeploySpec],
    vars: &Vars,
    findings: &mut Vec<Finding>,
) -> Result<Option<PolicyDocument>, ()> {
    let triggers: Vec<&DeploySpec> = items.iter().filter(|i| i.key == TRIGGER).collect();
    if triggers.is_empty() {
        return Ok(None);
    }
    let mut resolver = Resolver::new(name, vars);
    let mut failed = false;
    let mut resolve = |template: &str, what: &str, failed: &mut bool| {
        let value = resolver.resolve(template, None, what);
        *failed |= value.is_none();
        value.unwrap_or_default()
    };
    let function = resolve(FUNCTION_ARN, "resource", &mut failed);
    let mut bases = Vec::new();
    let mut statements = Vec::new();
    for t in triggers {
        let mut condition: BTreeMap<String, BTreeMap<String, OneOrMany>> = BTreeMap::new();
        let mut cond = |op: &str, key: &str, value: String| {
            condition
                .entry(op.to_string())
                .or_default()
                .insert(key.to_string(), OneOrMany::One(value));
        };
        if t.kind == FUNCTION_URL {
            let auth = t.auth.clone().unwrap_or_default();
            let principal = if auth == "NONE" {
                "*".to_string()
            } else {
                // The account's root as principal: like a condition value, a `*` here would
                // not be a wildcard (IAM rejects it), so the account is required.
                let partition = resolve("${Partition}", "resource", &mut failed);
                let account = resolve("${Account}", "condition value", &mut failed);
                format!("arn:{partition}:iam::{account}:root")
            };
            let principal = BTreeMap::from([("AWS".to_string(), OneOrMany::One(principal))]);
            cond("StringEquals", "lambda:FunctionUrlAuthType", auth);
            bases.push("InvokeFunctionUrl".to_string());
            statements.push(Statement {
                sid: None,
                effect: Effect::Allow,
                principal: Some(principal.clone()),
                action: OneOrMany::One("lambda:InvokeFunctionUrl".into()),
                resource: Some(OneOrMany::One(function.clone())),
                condition,
            });
            // Since October 2025 a function URL also needs `lambda:InvokeFunction`, limited to
            // calls through the URL.
            let mut via_url: BTreeMap<String, BTreeMap<String, OneOrMany>> = BTreeMap::new();
            via_url.entry("Bool".into()).or_default().insert(
                "lambda:InvokedViaFunctionUrl".into(),
                OneOrMany::One("true".into()),
            );
            bases.push("InvokeViaFunctionUrl".to_string());
            statements.push(Statement {
                sid: None,
                effect: Effect::Allow,
                principal: Some(principal),
                action: OneOrMany::One("lambda:InvokeFunction".into()),
                resource: Some(OneOrMany::One(function.clone())),
                condition: via_url,
            });
            continue;
        }
        let Some(service) = trigger_principal(&t.kind) else {
            continue;
        };
        let source = resolve(
            t.arn.as_deref().unwrap_or_default(),
            "condition value",
            &mut failed,
        );
        cond("ArnLike", "aws:SourceArn", source);
        let account = resolve("${Account}", "condition value", &mut failed);
        cond("StringEquals", "aws:SourceAccount", account);
        bases.push(format!("InvokeFrom{}", upper_camel(&t.kind)));
        statements.push(Statement {
            sid: None,
            effect: Effect::Allow,
            principal: Some(BTreeMap::from([(
                "Service".to_string(),
                OneOrMany::One(service.to_string()),
            )])),
            action: OneOrMany::One("lambda:InvokeFunction".into()),
            resource: Some(OneOrMany::One(function.clone())),
            condition,
        });
    }
    findings.append(&mut resolver.findings);
    if failed {
        return Err(());
    }
    for (s, id) in statements.iter_mut().zip(sid::unique(bases, &[])) {
        s.sid = Some(id);
    }
    Ok(Some(PolicyDocument::new(statements)))
}

/// `apigateway` → `Apigateway`, `function_url` → `FunctionUrl`.
fn upper_camel(kind: &str) -> String {
    kind.split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trigger(kind: &str, arn: Option<&str>, auth: Option<&str>) -> DeploySpec {
        DeploySpec {
            key: TRIGGER.into(),
            kind: kind.into(),
            arn: arn.map(Into::into),
            auth: auth.map(Into::into),
            via: Vec::new(),
        }
    }

    fn vars() -> Vars {
        Vars::from_pairs([("Account", "123456789012"), ("Region", "eu-west-1")]).unwrap()
    }

    #[test]
    fn service_triggers_carry_source_arn_and_account() {
        let mut findings = Vec::new();
        let doc = permissions(
            "resize",
            &[trigger("s3", Some("arn:${Partition}:s3:::images"), None)],
            &vars(),
            &mut findings,
        )
        .unwrap()
        .unwrap();
        let json = crate::policy::render(&doc);
        assert!(findings.is_empty(), "{findings:?}");
        for needle in [
            "\"Sid\": \"InvokeFromS3\"",
            "\"Service\": \"s3.amazonaws.com\"",
            "\"Action\": \"lambda:InvokeFunction\"",
            "\"Resource\": \"arn:aws:lambda:eu-west-1:123456789012:function:resize\"",
            "\"aws:SourceArn\": \"arn:aws:s3:::images\"",
            "\"aws:SourceAccount\": \"123456789012\"",
        ] {
            assert!(json.contains(needle), "{needle} in {json}");
        }
    }

    #[test]
    fn function_urls_get_both_actions_and_the_auth_type() {
        let mut findings = Vec::new();
        let doc = permissions(
            "api",
            &[trigger(FUNCTION_URL, None, Some("NONE"))],
            &vars(),
            &mut findings,
        )
        .unwrap()
        .unwrap();
        assert_eq!(doc.statement.len(), 2);
        let json = crate::policy::render(&doc);
        assert!(
            json.contains("\"lambda:FunctionUrlAuthType\": \"NONE\""),
            "{json}"
        );
        assert!(
            json.contains("\"lambda:InvokedViaFunctionUrl\": \"true\""),
            "{json}"
        );
        assert!(json.contains("\"AWS\": \"*\""), "{json}");
    }

    #[test]
    fn no_trigger_no_document_and_a_missing_account_is_an_error() {
        let mut findings = Vec::new();
        assert_eq!(permissions("f", &[], &vars(), &mut findings), Ok(None));
        let r = permissions(
            "f",
            &[trigger(
                "sns",
                Some("arn:aws:sns:eu-west-1:123456789012:t"),
                None,
            )],
            &Vars::new(),
            &mut findings,
        );
        assert_eq!(r, Err(()));
        assert!(
            findings.iter().any(|f| f.message.contains("${Account}")),
            "{findings:?}"
        );
    }
}
