//! A batch handler written with less common syntax: let-else, labelled loops, raw identifiers,
//! `if let` bindings, a client in a `static`, futures joined from an iterator of async blocks.

use std::sync::OnceLock;

use lambda_runtime::{Error, LambdaEvent};
use serde_json::Value;

static SQS: OnceLock<aws_sdk_sqs::Client> = OnceLock::new();

const BATCH_QUEUE: &str = "https://sqs.eu-west-1.amazonaws.com/123456789012/batch";

pub struct Settings {
    pub r#type: String,
    pub topic: Option<aws_sdk_sns::Client>,
}

#[lambda_iam::handler(function = "events-batch")]
pub async fn batch(settings: &Settings, event: LambdaEvent<Value>) -> Result<(), Error> {
    let Some(items) = event.payload["items"].as_array() else {
        return Ok(());
    };
    let sqs = SQS.get().expect("initialised in main");
    'outer: for chunk in items.chunks(10) {
        for item in chunk {
            if item.is_null() {
                continue 'outer;
            }
        }
        let sends = chunk.iter().map(|item| async move {
            sqs.send_message_batch()
                .queue_url(BATCH_QUEUE)
                .entries(
                    aws_sdk_sqs::types::SendMessageBatchRequestEntry::builder()
                        .id("1")
                        .message_body(item.to_string())
                        .build()
                        .unwrap(),
                )
                .send()
                .await
        });
        for result in futures::future::join_all(sends).await {
            result?;
        }
    }
    if let Some(sns) = &settings.topic {
        let subject = match settings.r#type.as_str() {
            "daily" => "Daily batch",
            _ => "Batch",
        };
        sns.publish_batch()
            .topic_arn("arn:aws:sns:eu-west-1:123456789012:batches")
            .publish_batch_request_entries(
                aws_sdk_sns::types::PublishBatchRequestEntry::builder()
                    .id("1")
                    .subject(subject)
                    .message("done")
                    .build()
                    .unwrap(),
            )
            .send()
            .await?;
    }
    Ok(())
}
