//! Reads an image and writes a smaller copy; the declaration lacks the write and keeps a
//! permission the code no longer needs.

use aws_sdk_s3::Client;

const SOURCE: &str = "photos";

// The policy of the `thumbnails` function.
#[lambda_iam::handler(
    allow("s3:GetObject", "arn:${Partition}:s3:::photos/*"), // originals
    allow("s3:DeleteObject", "arn:${Partition}:s3:::photos/*"), // no longer needed
)]
async fn handle(client: &Client, key: &str) -> Result<(), String> {
    let original = client.get_object().bucket(SOURCE).key(key).send().await?;
    let bucket = std::env::var("THUMBNAIL_BUCKET").map_err(|e| e.to_string())?;
    client
        .put_object()
        .bucket(bucket)
        .key(format!("small/{key}"))
        .body(original.body)
        .send()
        .await?;
    Ok(())
}

fn main() {
    let _ = handle;
}
