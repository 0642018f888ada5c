//! Configuration loaded at cold start: a struct that owns its clients.

use aws_sdk_ssm::Client as Ssm;
use lambda_runtime::{Error, LambdaEvent};
use serde_json::Value;

pub struct Settings {
    ssm: Ssm,
    appconfig: aws_sdk_appconfigdata::Client,
}

impl Settings {
    pub async fn load() -> Settings {
        let config = aws_config::load_from_env().await;
        Settings {
            ssm: Ssm::new(&config),
            appconfig: aws_sdk_appconfigdata::Client::new(&config),
        }
    }

    async fn parameter(&self, name: &str) -> Result<String, Error> {
        let out = self
            .ssm
            .get_parameter()
            .name(name)
            .with_decryption(true)
            .send()
            .await?;
        Ok(out.parameter().and_then(|p| p.value()).unwrap_or_default().to_owned())
    }

    async fn flags(&self) -> Result<(), Error> {
        let session = self
            .appconfig
            .start_configuration_session()
            .application_identifier("corp")
            .environment_identifier("prod")
            .configuration_profile_identifier("flags")
            .send()
            .await?;
        self.appconfig
            .get_latest_configuration()
            .configuration_token(session.initial_configuration_token().unwrap_or_default())
            .send()
            .await?;
        Ok(())
    }
}

#[lambda_iam::handler(function = "platform-settings")]
pub async fn settings(event: LambdaEvent<Value>) -> Result<Value, Error> {
    let settings = Settings::load().await;
    let url = settings.parameter("/corp/api-url").await?;
    settings.flags().await?;
    Ok(serde_json::json!({ "url": url, "echo": event.payload }))
}

#[lambda_iam::handler(function = "platform-parameters")]
pub async fn parameters(ssm: &Ssm, _event: LambdaEvent<Value>) -> Result<(), Error> {
    let mut pages = ssm
        .get_parameters_by_path()
        .path("/corp/")
        .recursive(true)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        page?;
    }
    ssm.put_parameter()
        .name("/corp/last-run")
        .value("now")
        .overwrite(true)
        .send()
        .await?;
    Ok(())
}
