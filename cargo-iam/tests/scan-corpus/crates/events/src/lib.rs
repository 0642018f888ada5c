//! Messaging handlers: queues, topics, buses, streams and state machines.

pub mod batch;

use aws_lambda_events::event::sqs::SqsEvent;
use aws_sdk_eventbridge::types::PutEventsRequestEntry;
use aws_sdk_sqs::types::DeleteMessageBatchRequestEntry;
use lambda_runtime::{Error, LambdaEvent};
use serde_json::Value;

const QUEUE_URL: &str = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-queue";
const DLQ_URL: &str = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq";
const ALERTS_TOPIC: &str = "arn:aws:sns:eu-west-1:123456789012:alerts";

/// Clients for the messaging handlers, built once in `main`.
pub struct Bus {
    pub sqs: aws_sdk_sqs::Client,
    pub sns: aws_sdk_sns::Client,
    pub events: aws_sdk_eventbridge::Client,
}

impl Bus {
    async fn alert(&self, text: &str) -> Result<(), Error> {
        self.sns
            .publish()
            .topic_arn(ALERTS_TOPIC)
            .message(text)
            .send()
            .await?;
        Ok(())
    }
}

#[lambda_iam::handler(function = "events-enqueue")]
pub async fn enqueue(bus: &Bus, event: LambdaEvent<Value>) -> Result<(), Error> {
    bus.sqs
        .send_message()
        .queue_url(QUEUE_URL)
        .message_body(event.payload.to_string())
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "events-drain")]
pub async fn drain(bus: &Bus, _event: LambdaEvent<Value>) -> Result<(), Error> {
    let out = bus
        .sqs
        .receive_message()
        .queue_url(QUEUE_URL)
        .max_number_of_messages(10)
        .send()
        .await?;
    let entries: Vec<DeleteMessageBatchRequestEntry> = out
        .messages()
        .iter()
        .map(|m| {
            DeleteMessageBatchRequestEntry::builder()
                .id(m.message_id().unwrap_or_default())
                .receipt_handle(m.receipt_handle().unwrap_or_default())
                .build()
                .unwrap()
        })
        .collect();
    bus.sqs
        .delete_message_batch()
        .queue_url(QUEUE_URL)
        .set_entries(Some(entries))
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "events-dead-letters")]
pub async fn dead_letters(bus: &Bus, event: LambdaEvent<SqsEvent>) -> Result<(), Error> {
    for record in &event.payload.records {
        let body = record.body.clone().unwrap_or_default();
        bus.alert(&body).await?;
        bus.sqs
            .send_message()
            .queue_url(DLQ_URL)
            .message_body(body)
            .send()
            .await?;
    }
    Ok(())
}

#[lambda_iam::handler(function = "events-publish")]
pub async fn publish(bus: &Bus, event: LambdaEvent<Value>) -> Result<(), Error> {
    let entry = PutEventsRequestEntry::builder()
        .event_bus_name("orders-bus")
        .source("corp.orders")
        .detail_type("OrderPlaced")
        .detail(event.payload.to_string())
        .build();
    bus.events.put_events().entries(entry).send().await?;
    Ok(())
}

#[lambda_iam::handler(function = "events-fanout")]
pub async fn fanout(sns: &aws_sdk_sns::Client, event: LambdaEvent<Value>) -> Result<(), Error> {
    let topic = std::env::var("FANOUT_TOPIC_ARN")?;
    sns.publish()
        .topic_arn(topic)
        .message(event.payload.to_string())
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "events-stream")]
pub async fn stream(kinesis: aws_sdk_kinesis::Client, event: LambdaEvent<Value>) -> Result<(), Error> {
    let data = aws_sdk_kinesis::primitives::Blob::new(event.payload.to_string());
    kinesis
        .put_record()
        .stream_name("clickstream")
        .partition_key("k")
        .data(data)
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "events-firehose")]
pub async fn firehose(client: &aws_sdk_firehose::Client, event: LambdaEvent<Value>) -> Result<(), Error> {
    let record = aws_sdk_firehose::types::Record::builder()
        .data(aws_sdk_firehose::primitives::Blob::new(event.payload.to_string()))
        .build()?;
    client
        .put_record_batch()
        .delivery_stream_name("events-to-s3")
        .records(record)
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "events-start-workflow")]
pub async fn start_workflow(sfn: &aws_sdk_sfn::Client, event: LambdaEvent<Value>) -> Result<(), Error> {
    sfn.start_execution()
        .state_machine_arn("arn:aws:states:eu-west-1:123456789012:stateMachine:fulfil")
        .input(event.payload.to_string())
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "events-task-callback")]
pub async fn task_callback(sfn: &aws_sdk_sfn::Client, event: LambdaEvent<Value>) -> Result<(), Error> {
    let token = event.payload["token"].as_str().unwrap_or_default();
    if event.payload["ok"].as_bool().unwrap_or(false) {
        sfn.send_task_success().task_token(token).output("{}").send().await?;
    } else {
        sfn.send_task_failure().task_token(token).send().await?;
    }
    Ok(())
}
