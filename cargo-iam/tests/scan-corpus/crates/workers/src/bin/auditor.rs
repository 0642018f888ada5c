//! Helpers from the shared crate, reached through a method of a local struct.

use corpus_store::{OrderStore, audit, get_order};
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use serde_json::Value;

struct Auditor {
    ddb: aws_sdk_dynamodb::Client,
}

impl Auditor {
    async fn check(&self, id: &str) -> Result<(), Error> {
        if get_order(&self.ddb, id).await?.is_none() {
            audit(&self.ddb, "missing order").await?;
        }
        Ok(())
    }
}

#[lambda_iam::handler]
async fn auditor(auditor: &Auditor, store: &OrderStore, event: LambdaEvent<Value>) -> Result<(), Error> {
    let id = event.payload["id"].as_str().unwrap_or_default();
    auditor.check(id).await?;
    store.list_open().await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let config = aws_config::load_from_env().await;
    let ddb = aws_sdk_dynamodb::Client::new(&config);
    let auditor_ = Auditor { ddb: ddb.clone() };
    let store = OrderStore::new(ddb);
    let (a, s) = (&auditor_, &store);
    run(service_fn(move |event| auditor(a, s, event))).await
}
