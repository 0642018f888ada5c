//! A bin whose handler is called from a closure given to `service_fn`; the client lives in a
//! struct built in `main`.

use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use serde_json::Value;

struct App {
    s3: aws_sdk_s3::Client,
    output_bucket: String,
}

#[lambda_iam::handler]
async fn handle(app: &App, event: LambdaEvent<Value>) -> Result<(), Error> {
    let key = event.payload["key"].as_str().unwrap_or_default();
    let original = app
        .s3
        .get_object()
        .bucket("corp-photos")
        .key(key)
        .send()
        .await?;
    let bytes = original.body.collect().await?.into_bytes();
    app.s3
        .put_object()
        .bucket(&app.output_bucket)
        .key(format!("thumbs/{key}"))
        .body(bytes.to_vec().into())
        .send()
        .await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let config = aws_config::load_from_env().await;
    let app = App {
        s3: aws_sdk_s3::Client::new(&config),
        output_bucket: std::env::var("OUTPUT_BUCKET")?,
    };
    let app = &app;
    run(service_fn(move |event| async move { handle(app, event).await })).await
}
