//! S3 helpers, with the client from a `use .. as` alias.

use aws_sdk_s3 as s3;
use s3::primitives::ByteStream;

pub const ARCHIVE_BUCKET: &str = "corp-archive";

pub async fn archive(client: &s3::Client, key: &str, body: Vec<u8>) -> Result<(), s3::Error> {
    client
        .put_object()
        .bucket(ARCHIVE_BUCKET)
        .key(format!("archive/{key}"))
        .body(ByteStream::from(body))
        .send()
        .await?;
    Ok(())
}

pub async fn fetch(client: &s3::Client, bucket: &str, key: &str) -> Result<Vec<u8>, s3::Error> {
    let out = client.get_object().bucket(bucket).key(key).send().await?;
    Ok(out.body.collect().await.map(|b| b.to_vec()).unwrap_or_default())
}

pub async fn remove(client: &s3::Client, key: &str) -> Result<(), s3::Error> {
    let request = client.delete_object().bucket(ARCHIVE_BUCKET);
    request.key(key).send().await?;
    Ok(())
}

pub async fn list_keys(client: &s3::Client, prefix: &str) -> Result<Vec<String>, s3::Error> {
    let mut keys = Vec::new();
    let mut pages = client
        .list_objects_v2()
        .bucket(ARCHIVE_BUCKET)
        .prefix(prefix)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        for o in page?.contents() {
            keys.extend(o.key().map(str::to_owned));
        }
    }
    Ok(keys)
}
