//! The handler runs the service itself: the work is in a closure passed to `service_fn`.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::Value;

const SESSIONS: &str = "Sessions";

#[lambda_iam::handler]
async fn serve(client: Client) -> Result<(), Error> {
    let client = &client;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let id = event.payload["id"].as_str().unwrap_or_default().to_string();
        client
            .delete_item()
            .table_name(SESSIONS)
            .key("id", AttributeValue::S(id))
            .send()
            .await?;
        Ok::<(), Error>(())
    }))
    .await
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let config = aws_config::load_from_env().await;
    serve(Client::new(&config)).await
}
