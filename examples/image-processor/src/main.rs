//! The image processor of the lambda-iam guide, as a deployable Lambda function.
//!
//! An S3 notification on the bucket `my-source-images` invokes it for every uploaded image. It
//! reads the image, makes a smaller copy, writes the copy to `my-resized-images` and records both
//! in the DynamoDB table `ImageMetadataTable`. The permissions this needs are declared on
//! [`handler::function_handler`]; `cargo iam emit` turns them into `iam/image-processor.policy.json`.

mod handler;
mod resize;
mod work;

use lambda_runtime::{Error, run, service_fn, tracing};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();

    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let clients = handler::Clients::new(&config);
    let clients = &clients;

    run(service_fn(move |event| {
        handler::function_handler(clients, event)
    }))
    .await
}
