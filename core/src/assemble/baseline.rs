//! What every Lambda function needs whatever its code does: see the parent module's docs for
//! the reasoning behind each statement.

use crate::decl::Effect;
use crate::policy::{OneOrMany, Statement};
use std::collections::BTreeMap;

/// Sid of `logs:CreateLogGroup` on the function's log group.
pub const LOG_GROUP_SID: &str = "LambdaLogGroup";
/// Sid of `logs:CreateLogStream` + `logs:PutLogEvents` on the group's streams.
pub const LOG_STREAMS_SID: &str = "LambdaLogStreams";
/// Sid of the VPC network-interface statement.
pub const VPC_SID: &str = "LambdaVpcNetworkInterfaces";

/// The action on the log group itself.
pub const LOG_GROUP_ACTIONS: &[&str] = &["logs:CreateLogGroup"];
/// The actions on the group's log streams.
pub const LOG_STREAM_ACTIONS: &[&str] = &["logs:CreateLogStream", "logs:PutLogEvents"];

/// The EC2 actions of AWS's `AWSLambdaVPCAccessExecutionRole` managed policy, sorted.
///
/// Checked against AWS's managed-policy reference for `AWSLambdaVPCAccessExecutionRole`
/// (policy version v3, edited 2024-01-05): besides the three CloudWatch Logs actions (which our
/// logs baseline grants, scoped to the function's own group) it allows exactly
/// `ec2:CreateNetworkInterface`, `ec2:DescribeNetworkInterfaces`, `ec2:DescribeSubnets`,
/// `ec2:DeleteNetworkInterface`, `ec2:AssignPrivateIpAddresses` and
/// `ec2:UnassignPrivateIpAddresses`, on `"Resource": "*"`. The Lambda developer guide
/// ("Giving Lambda functions access to resources in an Amazon VPC") lists the same actions and
/// notes that `ec2:DescribeNetworkInterfaces` only works when allowed on all resources.
pub const VPC_ACTIONS: &[&str] = &[
    "ec2:AssignPrivateIpAddresses",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:UnassignPrivateIpAddresses",
];

/// The ARN template of CloudWatch Logs in the function's account and region; the log group
/// follows it.
pub const LOGS_ARN_PREFIX: &str = "arn:${Partition}:logs:${Region}:${Account}:";

/// Sid of the trust policy's only statement.
pub const TRUST_SID: &str = "LambdaAssumeRole";
/// The service principal Lambda assumes execution roles as.
pub const LAMBDA_SERVICE: &str = "lambda.amazonaws.com";

/// `/aws/lambda/<function>`: where Lambda writes a function's logs unless `LoggingConfig` says
/// otherwise.
pub fn default_log_group(function: &str) -> String {
    format!("/aws/lambda/{function}")
}

/// The log group's ARN as `logs:CreateLogGroup` is authorised on (`…:log-group:<group>:*`).
pub fn log_group_arn(prefix: &str, group: &str) -> String {
    format!("{prefix}log-group:{group}:*")
}

/// The ARN covering every stream of the group.
pub fn log_streams_arn(prefix: &str, group: &str) -> String {
    format!("{prefix}log-group:{group}:log-stream:*")
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn allow(sid: &str, actions: &[&str], resource: String) -> Statement {
    Statement {
        sid: Some(sid.to_string()),
        effect: Effect::Allow,
        principal: None,
        action: OneOrMany::from_vec(strings(actions)),
        resource: Some(OneOrMany::One(resource)),
        condition: BTreeMap::new(),
    }
}

/// The two CloudWatch Logs statements; `prefix` is [`LOGS_ARN_PREFIX`] resolved.
pub(crate) fn logs(prefix: &str, group: &str) -> [Statement; 2] {
    [
        allow(
            LOG_GROUP_SID,
            LOG_GROUP_ACTIONS,
            log_group_arn(prefix, group),
        ),
        allow(
            LOG_STREAMS_SID,
            LOG_STREAM_ACTIONS,
            log_streams_arn(prefix, group),
        ),
    ]
}

/// The VPC network-interface statement.
pub(crate) fn vpc() -> Statement {
    allow(VPC_SID, VPC_ACTIONS, "*".to_string())
}

/// Whether `name` is a CloudWatch Logs group name (`[A-Za-z0-9._/#-]`, 1 to 512 characters).
/// No wildcard: a `*` here (from a variable or an unresolved built-in) would widen the logs
/// baseline from the function's own group to many groups.
pub(crate) fn is_valid_log_group(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 512
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '#' | '-'))
}
