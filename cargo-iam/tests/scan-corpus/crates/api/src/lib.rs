//! HTTP API handlers: helpers in another crate, struct-held clients, a trait with one impl.

pub mod reports;
pub mod uploads;

use aws_sdk_dynamodb::types::AttributeValue;
use corpus_store::{CustomerRepository, DynamoCustomers, OrderStore};
use lambda_runtime::{Error, LambdaEvent};
use serde_json::Value;

/// The clients every API handler gets.
pub struct Ctx {
    pub ddb: aws_sdk_dynamodb::Client,
    pub s3: aws_sdk_s3::Client,
    pub lambda: aws_sdk_lambda::Client,
}

#[lambda_iam::handler(function = "api-get-order")]
pub async fn get_order(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<Value, Error> {
    let id = event.payload["id"].as_str().unwrap_or_default();
    let order = corpus_store::get_order(&ctx.ddb, id).await?;
    Ok(serde_json::json!({ "order": order }))
}

#[lambda_iam::handler(function = "api-cancel-order")]
pub async fn cancel_order(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<(), Error> {
    let id = event.payload["id"].as_str().unwrap_or_default();
    let store = OrderStore::new(ctx.ddb.clone());
    store.delete(id).await?;
    corpus_store::audit(&ctx.ddb, "cancel").await?;
    Ok(())
}

#[lambda_iam::handler(function = "api-open-orders")]
pub async fn open_orders(store: &OrderStore, _event: LambdaEvent<Value>) -> Result<Value, Error> {
    let n = store.list_open().await?;
    Ok(serde_json::json!({ "open": n }))
}

#[lambda_iam::handler(function = "api-get-customer")]
pub async fn get_customer(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<(), Error> {
    let repo = DynamoCustomers {
        client: ctx.ddb.clone(),
    };
    lookup(&repo, event.payload["id"].as_str().unwrap_or_default()).await
}

async fn lookup<R: CustomerRepository>(repo: &R, id: &str) -> Result<(), Error> {
    repo.fetch(id).await?;
    Ok(())
}

#[lambda_iam::handler(function = "api-update-stock")]
pub async fn update_stock(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<(), Error> {
    let sku = event.payload["sku"].as_str().unwrap_or_default().to_string();
    ctx.ddb
        .update_item()
        .table_name("Inventory")
        .key("sku", AttributeValue::S(sku))
        .update_expression("SET qty = qty - :one")
        .condition_expression("qty > :zero")
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "api-batch-import")]
pub async fn batch_import(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<(), Error> {
    let rows = event.payload["rows"].as_array().cloned().unwrap_or_default();
    let requests = rows.iter().map(|_| todo_request()).collect::<Vec<_>>();
    ctx.ddb
        .batch_write_item()
        .request_items("Inventory", requests)
        .send()
        .await?;
    Ok(())
}

fn todo_request() -> aws_sdk_dynamodb::types::WriteRequest {
    aws_sdk_dynamodb::types::WriteRequest::builder().build()
}

#[lambda_iam::handler(function = "api-report")]
pub async fn report(ctx: &Ctx, _event: LambdaEvent<Value>) -> Result<(), Error> {
    let mut pages = ctx.ddb.scan().table_name("Inventory").into_paginator().send();
    while let Some(page) = pages.next().await {
        page?;
    }
    let payload = aws_sdk_lambda::primitives::Blob::new(b"{}".to_vec());
    ctx.lambda
        .invoke()
        .function_name("report-renderer")
        .payload(payload)
        .send()
        .await?;
    Ok(())
}
