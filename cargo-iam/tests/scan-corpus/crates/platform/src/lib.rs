//! Platform handlers: secrets, parameters, configuration, identity, e-mail, metrics, tracing.

pub mod config;

use aws_sdk_cloudwatch::types::MetricDatum;
use aws_sdk_sesv2::types::{Destination, EmailContent};
use lambda_runtime::{Error, LambdaEvent};
use serde_json::Value;

const DB_SECRET: &str = "prod/db";

#[lambda_iam::handler(function = "platform-rotate")]
pub async fn rotate(sm: &aws_sdk_secretsmanager::Client, _event: LambdaEvent<Value>) -> Result<(), Error> {
    let current = sm.get_secret_value().secret_id(DB_SECRET).send().await?;
    let next = format!("{}-next", current.secret_string().unwrap_or_default());
    sm.put_secret_value()
        .secret_id(DB_SECRET)
        .secret_string(next)
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "platform-signup")]
pub async fn signup(
    cognito: &aws_sdk_cognitoidentityprovider::Client,
    ses: &aws_sdk_sesv2::Client,
    event: LambdaEvent<Value>,
) -> Result<(), Error> {
    let user = event.payload["user"].as_str().unwrap_or_default();
    cognito
        .admin_get_user()
        .user_pool_id("eu-west-1_AbCdEf123")
        .username(user)
        .send()
        .await?;
    cognito
        .admin_add_user_to_group()
        .user_pool_id("eu-west-1_AbCdEf123")
        .username(user)
        .group_name("members")
        .send()
        .await?;
    ses.send_email()
        .from_email_address("welcome@example.com")
        .destination(Destination::builder().to_addresses(user).build())
        .content(EmailContent::builder().build())
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "platform-metrics")]
pub async fn metrics(cw: &aws_sdk_cloudwatch::Client, xray: &aws_sdk_xray::Client, _event: LambdaEvent<Value>) -> Result<(), Error> {
    cw.put_metric_data()
        .namespace("Corp/Orders")
        .metric_data(MetricDatum::builder().metric_name("Placed").value(1.0).build())
        .send()
        .await?;
    xray.put_trace_segments().trace_segment_documents("{}").send().await?;
    Ok(())
}

#[lambda_iam::handler(function = "platform-whoami")]
pub async fn whoami(sts: &aws_sdk_sts::Client, _event: LambdaEvent<Value>) -> Result<Value, Error> {
    let me = sts.get_caller_identity().send().await?;
    let assumed = sts
        .assume_role()
        .role_arn("arn:aws:iam::210987654321:role/reporting-reader")
        .role_session_name("whoami")
        .send()
        .await?;
    Ok(serde_json::json!({ "account": me.account(), "session": assumed.assumed_role_user().is_some() }))
}
