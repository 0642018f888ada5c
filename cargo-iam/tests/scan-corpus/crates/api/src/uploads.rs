//! Upload handlers: S3 through a helper crate, builders kept in variables, env-var buckets.

use crate::Ctx;
use corpus_store::blobs;
use corpus_store::crypto::Envelope;
use lambda_runtime::{Error, LambdaEvent};
use serde_json::Value;

const UPLOAD_BUCKET: &str = "corp-uploads";

#[lambda_iam::handler(function = "api-archive-upload")]
pub async fn archive_upload(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<(), Error> {
    let key = event.payload["key"].as_str().unwrap_or_default();
    let body = blobs::fetch(&ctx.s3, UPLOAD_BUCKET, key).await?;
    blobs::archive(&ctx.s3, key, body).await?;
    let delete = ctx.s3.delete_object().bucket(UPLOAD_BUCKET).key(key);
    delete.send().await?;
    Ok(())
}

#[lambda_iam::handler(function = "api-presign")]
pub async fn presign(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<Value, Error> {
    let bucket = std::env::var("UPLOAD_BUCKET")?;
    let key = event.payload["key"].as_str().unwrap_or_default();
    let exists = ctx.s3.head_object().bucket(&bucket).key(key).send().await.is_ok();
    Ok(serde_json::json!({ "exists": exists }))
}

#[lambda_iam::handler(function = "api-list-archive")]
pub async fn list_archive(ctx: &Ctx, _event: LambdaEvent<Value>) -> Result<Value, Error> {
    let keys = blobs::list_keys(&ctx.s3, "2026/").await?;
    Ok(serde_json::json!({ "keys": keys }))
}

#[lambda_iam::handler(function = "api-purge")]
pub async fn purge(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<(), Error> {
    blobs::remove(&ctx.s3, event.payload["key"].as_str().unwrap_or_default()).await?;
    Ok(())
}

#[lambda_iam::handler(function = "api-seal")]
pub async fn seal(ctx: &Ctx, kms: aws_sdk_kms::Client, event: LambdaEvent<Value>) -> Result<(), Error> {
    let envelope = Envelope::new(kms);
    let key = envelope.new_data_key().await?;
    let stage = std::env::var("STAGE").unwrap_or_else(|_| "dev".into());
    ctx.s3
        .put_object()
        .bucket(format!("corp-sealed-{stage}"))
        .key(event.payload["id"].as_str().unwrap_or_default())
        .body(key.into())
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "api-unseal")]
pub async fn unseal(kms: &aws_sdk_kms::Client, event: LambdaEvent<Value>) -> Result<(), Error> {
    let envelope = Envelope::new(kms.clone());
    envelope.open(event.payload.to_string().into_bytes()).await?;
    Ok(())
}

#[lambda_iam::handler(function = "api-copy")]
pub async fn copy(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<(), Error> {
    let key = event.payload["key"].as_str().unwrap_or_default();
    ctx.s3
        .copy_object()
        .copy_source(format!("{UPLOAD_BUCKET}/{key}"))
        .bucket("corp-archive")
        .key(key)
        .send()
        .await?;
    Ok(())
}
