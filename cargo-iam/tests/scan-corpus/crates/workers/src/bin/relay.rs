//! Messages from a queue, forwarded to another function; the queue URL from a helper.

use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use serde_json::Value;

mod queue {
    pub fn url() -> String {
        std::env::var("RELAY_QUEUE_URL").unwrap_or_default()
    }
}

#[lambda_iam::handler]
async fn relay(sqs: &aws_sdk_sqs::Client, lambda: &aws_sdk_lambda::Client, _event: LambdaEvent<Value>) -> Result<(), Error> {
    let url = queue::url();
    let batch = sqs.receive_message().queue_url(&url).send().await?;
    for m in batch.messages() {
        lambda
            .invoke()
            .function_name("arn:aws:lambda:eu-west-1:123456789012:function:consumer")
            .payload(aws_sdk_lambda::primitives::Blob::new(m.body().unwrap_or_default()))
            .send()
            .await?;
        sqs.delete_message()
            .queue_url(&url)
            .receipt_handle(m.receipt_handle().unwrap_or_default())
            .send()
            .await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let config = aws_config::load_from_env().await;
    let sqs = aws_sdk_sqs::Client::new(&config);
    let lambda = aws_sdk_lambda::Client::new(&config);
    let (sqs, lambda) = (&sqs, &lambda);
    run(service_fn(move |event| relay(sqs, lambda, event))).await
}
