//! The boundary between the scan and the SDK operation → IAM action table: [`actions_for`].
//!
//! The scan asks one question of the table: "which IAM actions does operation `Op` of the SDK
//! crate `aws-sdk-x` need, and which of its input fields name the resource?". Until the
//! generated table (`cargo xtask operations`) is wired in, the answer follows the rule it is
//! derived from, "operation name = action name" in the service's IAM prefix, checked against the
//! catalog, with the resource type and its ARN format taken from the catalog. Operations whose
//! action is named differently (`ListObjectsV2` → `s3:ListBucket`) are not recognised by this
//! rule: they need the table.

use lambda_iam_core::catalog;

/// One IAM action an operation needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpAction {
    /// `s3:GetObject`, canonical spelling.
    pub action: String,
    /// The ARN formats of the resources the action acts on
    /// (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), required resource types first;
    /// empty when the action supports no resource-level permissions (`"*"`).
    pub arns: Vec<&'static str>,
    /// The builder methods (snake_case input fields) that name the resource, each with the ARN
    /// placeholder it fills: `("bucket", "BucketName")`.
    pub fields: Vec<(String, String)>,
}

/// The IAM service prefix of an `aws-sdk-*` package (`aws-sdk-s3` → `s3`). Most SDK crates
/// are named after the prefix; these few are not.
pub fn service_prefix(package: &str) -> Option<&'static str> {
    let name = package.strip_prefix("aws-sdk-")?;
    let prefix = match name {
        "sfn" => "states",
        "eventbridge" => "events",
        "sesv2" => "ses",
        "cognitoidentityprovider" => "cognito-idp",
        "cognitoidentity" => "cognito-identity",
        "rdsdata" => "rds-data",
        "cloudwatchlogs" => "logs",
        "appconfigdata" => "appconfig",
        "bedrockruntime" | "bedrockagentruntime" => "bedrock",
        "apigatewaymanagement" => "execute-api",
        other => other,
    };
    catalog::service(prefix).map(|s| s.prefix)
}

/// `get_object` → `GetObject`, `list_objects_v2` → `ListObjectsV2`.
pub fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// The actions operation `method` (the snake_case builder method of the SDK client) of the
/// `aws-sdk-*` package `package` needs; `None` when it is not an operation of that service.
pub fn actions_for(package: &str, method: &str) -> Option<Vec<OpAction>> {
    let prefix = service_prefix(package)?;
    let service = catalog::service(prefix)?;
    let action = service.action(&pascal(method))?;
    let mut types = service.resource_types_of(action).collect::<Vec<_>>();
    // The required resource type names the resource; without one, the first listed.
    types.sort_by_key(|(art, _)| !art.required);
    let arns: Vec<&'static str> = types.iter().map(|(_, rt)| rt.arn).collect();
    let mut fields = Vec::new();
    for arn in &arns {
        for f in placeholder_fields(arn) {
            if !fields.contains(&f) {
                fields.push(f);
            }
        }
    }
    Some(vec![OpAction {
        action: format!("{}:{}", service.prefix, action.name),
        arns,
        fields,
    }])
}

/// The builder methods that fill each non-built-in placeholder of an ARN format, by name:
/// `${TableName}` ← `table_name` (or `table`), `${BucketName}` ← `bucket`, `${ObjectName}` ←
/// `key`, `${QueueName}` ← `queue_url` (its last segment), `${FunctionName}` ← `function_name`.
fn placeholder_fields(arn: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for name in placeholders(arn) {
        if matches!(name.as_str(), "Partition" | "Region" | "Account") {
            continue;
        }
        let snake = snake(&name);
        let mut fields = vec![snake.clone()];
        if let Some(base) = snake.strip_suffix("_name") {
            fields.push(base.to_string());
            fields.push(format!("{base}_arn"));
            fields.push(format!("{base}_url"));
            fields.push(format!("{base}_id"));
        }
        if let Some(base) = snake.strip_suffix("_id") {
            fields.push(base.to_string());
            fields.push(format!("{base}_arn"));
        }
        match name.as_str() {
            "ObjectName" => fields.push("key".into()),
            "ParameterNameWithoutLeadingSlash" => fields.push("name".into()),
            "DeliveryStreamName" | "StreamName" | "TopicName" | "StateMachineName" => {}
            _ => {}
        }
        for f in fields {
            out.push((f, name.clone()));
        }
    }
    out
}

/// The `${Name}` placeholders of an ARN format, in order.
pub fn placeholders(arn: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = arn;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

/// `TableName` → `table_name`.
fn snake(pascal: &str) -> String {
    let mut out = String::new();
    for (i, c) in pascal.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_map_to_actions_of_the_crate_service() {
        let ops = actions_for("aws-sdk-s3", "get_object").unwrap();
        assert_eq!(ops[0].action, "s3:GetObject");
        assert!(
            ops[0]
                .arns
                .contains(&"arn:${Partition}:s3:::${BucketName}/${ObjectName}")
        );
        assert!(
            ops[0]
                .fields
                .contains(&("bucket".into(), "BucketName".into()))
        );
        assert!(ops[0].fields.contains(&("key".into(), "ObjectName".into())));
        assert_eq!(
            actions_for("aws-sdk-sfn", "start_execution").unwrap()[0].action,
            "states:StartExecution"
        );
        assert_eq!(actions_for("aws-sdk-s3", "not_an_operation"), None);
        assert_eq!(actions_for("serde", "get_object"), None);
        assert_eq!(pascal("list_objects_v2"), "ListObjectsV2");
    }
}
