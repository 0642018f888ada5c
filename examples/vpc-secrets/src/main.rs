//! A Lambda function that runs inside a VPC, next to its database, and fetches what it needs to
//! reach it: the credentials from Secrets Manager (`db-credentials`) and its settings from SSM
//! Parameter Store (`/app/config`).
//!
//! The permissions are declared on [`function_handler`]; `vpc` adds the network-interface
//! permissions Lambda needs to attach the function to the VPC.

mod settings;

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use serde::Serialize;
use serde_json::Value;

use settings::{AppConfig, DbCredentials};

/// The secret holding the database credentials, in the JSON layout RDS uses for managed secrets.
pub const SECRET_ID: &str = "db-credentials";
/// The parameter holding the function's settings, as JSON.
pub const CONFIG_PARAMETER: &str = "/app/config";
/// Only the current version of the secret: the policy allows no other (see the condition below),
/// and it denies a request that names no stage, so the handler always names it.
const SECRET_STAGE: &str = "AWSCURRENT";

/// The AWS clients the handler uses.
#[derive(Debug, Clone)]
pub struct Clients {
    pub secrets: aws_sdk_secretsmanager::Client,
    pub ssm: aws_sdk_ssm::Client,
}

impl Clients {
    pub fn new(config: &aws_config::SdkConfig) -> Self {
        Self {
            secrets: aws_sdk_secretsmanager::Client::new(config),
            ssm: aws_sdk_ssm::Client::new(config),
        }
    }
}

/// What the function reports: where it would connect, never the password.
#[derive(Debug, Serialize, PartialEq)]
pub struct Response {
    pub database: String,
    pub user: String,
    pub pool_size: u32,
}

/// Fetches the credentials and the settings, and reports the connection it would open.
///
/// `secretsmanager:GetSecretValue` is limited to the secret's current version: a rotation in
/// progress cannot hand this function the pending credentials.
#[lambda_iam::handler(
    vpc,
    allow(
        "secretsmanager:GetSecretValue",
        "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:db-credentials-??????",
        condition("StringEquals", "secretsmanager:VersionStage", "AWSCURRENT"),
    ),
    allow(
        "ssm:GetParameter",
        "arn:${Partition}:ssm:${Region}:${Account}:parameter/app/config"
    )
)]
pub async fn function_handler(
    clients: &Clients,
    event: LambdaEvent<Value>,
) -> Result<Response, Error> {
    let _ = event;

    let secret = clients
        .secrets
        .get_secret_value()
        .secret_id(SECRET_ID)
        .version_stage(SECRET_STAGE)
        .send()
        .await
        .map_err(|e| {
            format!(
                "reading secret `{SECRET_ID}`: {}",
                aws_sdk_secretsmanager::error::DisplayErrorContext(&e)
            )
        })?;
    let credentials = DbCredentials::from_secret(
        secret
            .secret_string()
            .ok_or_else(|| format!("secret `{SECRET_ID}` holds no string"))?,
    )?;

    let parameter = clients
        .ssm
        .get_parameter()
        .name(CONFIG_PARAMETER)
        .send()
        .await
        .map_err(|e| {
            format!(
                "reading parameter `{CONFIG_PARAMETER}`: {}",
                aws_sdk_ssm::error::DisplayErrorContext(&e)
            )
        })?;
    let config = AppConfig::from_parameter(
        parameter
            .parameter()
            .and_then(|p| p.value())
            .ok_or_else(|| format!("parameter `{CONFIG_PARAMETER}` has no value"))?,
    )?;

    tracing::info!(?credentials, ?config, "settings loaded");
    Ok(Response {
        database: credentials.address(),
        user: credentials.username.clone(),
        pool_size: config.pool_size,
    })
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();

    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let clients = Clients::new(&config);
    let clients = &clients;

    run(service_fn(move |event| function_handler(clients, event))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The declaration names the secret, its version stage and the parameter the code reads.
    #[test]
    fn the_declaration_matches_what_the_code_reads() {
        let statements = lambda_iam::declared!(function_handler).all_statements();
        let [secret, parameter] = statements.as_slice() else {
            panic!("expected two statements: {statements:?}");
        };
        assert_eq!(secret.actions, ["secretsmanager:GetSecretValue"]);
        assert_eq!(
            secret.resources,
            [format!(
                "arn:${{Partition}}:secretsmanager:${{Region}}:${{Account}}:secret:{SECRET_ID}-??????"
            )]
        );
        let [stage] = secret.conditions.as_slice() else {
            panic!("expected one condition: {:?}", secret.conditions);
        };
        assert_eq!(stage.operator, "StringEquals");
        assert_eq!(stage.key, "secretsmanager:VersionStage");
        assert_eq!(stage.values, [SECRET_STAGE]);

        assert_eq!(parameter.actions, ["ssm:GetParameter"]);
        assert_eq!(
            parameter.resources,
            [format!(
                "arn:${{Partition}}:ssm:${{Region}}:${{Account}}:parameter{CONFIG_PARAMETER}"
            )]
        );
    }
}
