//! The handler: the only code of this function that talks to AWS.
//!
//! The clients come in as an argument, so a test can run the handler against clients of its own.

use aws_lambda_events::event::s3::S3Event;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_s3::primitives::ByteStream;
use lambda_runtime::{Error, LambdaEvent, tracing};

use crate::resize;
use crate::work::{self, WorkItem};

/// Where the smaller copies go. The policy allows `s3:PutObject` on this bucket only.
pub const RESIZED_BUCKET: &str = "my-resized-images";
/// Where the metadata goes. The policy allows `dynamodb:PutItem` on this table only.
pub const METADATA_TABLE: &str = "ImageMetadataTable";

/// The AWS clients the handler uses.
#[derive(Debug, Clone)]
pub struct Clients {
    pub s3: aws_sdk_s3::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
}

impl Clients {
    pub fn new(config: &aws_config::SdkConfig) -> Self {
        Self {
            s3: aws_sdk_s3::Client::new(config),
            dynamodb: aws_sdk_dynamodb::Client::new(config),
        }
    }
}

/// Resizes every image of an S3 notification.
#[lambda_iam::handler(
    trigger(s3 = "arn:${Partition}:s3:::my-source-images"),
    allow("s3:GetObject", "arn:${Partition}:s3:::my-source-images/*"),
    allow("s3:PutObject", "arn:${Partition}:s3:::my-resized-images/*"),
    allow(
        "dynamodb:PutItem",
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/ImageMetadataTable"
    )
)]
pub async fn function_handler(clients: &Clients, event: LambdaEvent<S3Event>) -> Result<(), Error> {
    let items = work::work_items(&event.payload)?;
    tracing::info!(images = items.len(), "processing notification");
    for item in &items {
        process(clients, item).await?;
    }
    Ok(())
}

/// GetObject, resize, PutObject, PutItem: one image.
async fn process(clients: &Clients, item: &WorkItem) -> Result<(), Error> {
    let original = clients
        .s3
        .get_object()
        .bucket(&item.bucket)
        .key(&item.key)
        .send()
        .await
        .map_err(|e| {
            format!(
                "reading s3://{}/{}: {}",
                item.bucket,
                item.key,
                aws_sdk_s3::error::DisplayErrorContext(&e)
            )
        })?;
    let content_type = original.content_type().map(str::to_owned);
    let bytes = original.body.collect().await?.into_bytes();

    let resized = resize::shrink(&bytes);
    let resized_key = work::resized_key(&item.key);
    let resized_len = resized.len();

    clients
        .s3
        .put_object()
        .bucket(RESIZED_BUCKET)
        .key(&resized_key)
        .set_content_type(content_type.clone())
        .body(ByteStream::from(resized))
        .send()
        .await
        .map_err(|e| {
            format!(
                "writing s3://{RESIZED_BUCKET}/{resized_key}: {}",
                aws_sdk_s3::error::DisplayErrorContext(&e)
            )
        })?;

    clients
        .dynamodb
        .put_item()
        .table_name(METADATA_TABLE)
        .item("image_id", AttributeValue::S(item.image_id()))
        .item("source_bucket", AttributeValue::S(item.bucket.clone()))
        .item("source_key", AttributeValue::S(item.key.clone()))
        .item(
            "resized_bucket",
            AttributeValue::S(RESIZED_BUCKET.to_owned()),
        )
        .item("resized_key", AttributeValue::S(resized_key.clone()))
        .item("original_bytes", AttributeValue::N(bytes.len().to_string()))
        .item("resized_bytes", AttributeValue::N(resized_len.to_string()))
        .item(
            "content_type",
            content_type.map_or(AttributeValue::Null(true), AttributeValue::S),
        )
        .send()
        .await
        .map_err(|e| {
            format!(
                "recording `{}` in {METADATA_TABLE}: {}",
                item.image_id(),
                aws_sdk_dynamodb::error::DisplayErrorContext(&e)
            )
        })?;

    tracing::info!(
        source = %item.image_id(),
        resized = %resized_key,
        original_bytes = bytes.len(),
        resized_bytes = resized_len,
        "resized"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::work::SOURCE_BUCKET;

    /// The declaration names the same buckets and table as the code: renaming one in only one
    /// place would deploy a function that fails with AccessDenied.
    #[test]
    fn the_declaration_covers_the_resources_the_code_uses() {
        let statements = lambda_iam::declared!(function_handler).all_statements();
        let granted: Vec<(&str, &str)> = statements
            .iter()
            .flat_map(|s| {
                s.actions.iter().flat_map(move |action| {
                    s.resources
                        .iter()
                        .map(move |resource| (action.as_str(), resource.as_str()))
                })
            })
            .collect();
        assert_eq!(
            granted,
            [
                (
                    "s3:GetObject",
                    format!("arn:${{Partition}}:s3:::{SOURCE_BUCKET}/*").as_str()
                ),
                (
                    "s3:PutObject",
                    format!("arn:${{Partition}}:s3:::{RESIZED_BUCKET}/*").as_str()
                ),
                (
                    "dynamodb:PutItem",
                    format!("arn:${{Partition}}:dynamodb:${{Region}}:${{Account}}:table/{METADATA_TABLE}")
                        .as_str()
                ),
            ]
        );
    }
}

/// The handler on real SDK clients pointed at a local stub, with the lambda-iam guard enforcing
/// its declaration: a call the declaration does not allow would fail the test before reaching
/// the stub.
#[cfg(test)]
mod guarded {
    use super::*;
    use lambda_iam::guard::Guard;
    use lambda_runtime::Context;
    use sdk_stub::{OBJECT_BODY, Stub, sdk_config};

    fn guarded_clients(stub: &Stub, guard: &Guard) -> Clients {
        let config = sdk_config(stub);
        Clients {
            s3: aws_sdk_s3::Client::from_conf(
                aws_sdk_s3::config::Builder::from(&config)
                    .force_path_style(true)
                    .interceptor(guard.clone())
                    .build(),
            ),
            dynamodb: aws_sdk_dynamodb::Client::from_conf(
                aws_sdk_dynamodb::config::Builder::from(&config)
                    .interceptor(guard.clone())
                    .build(),
            ),
        }
    }

    fn event(json: &str) -> LambdaEvent<S3Event> {
        LambdaEvent::new(serde_json::from_str(json).unwrap(), Context::default())
    }

    #[tokio::test]
    async fn the_handler_runs_within_its_declaration() {
        let stub = Stub::start();
        let guard = Guard::enforce(lambda_iam::declared!(function_handler))
            .account("123456789012")
            .region(sdk_stub::REGION)
            .build()
            .unwrap();
        let clients = guarded_clients(&stub, &guard);
        function_handler(&clients, event(include_str!("../events/s3-put.json")))
            .await
            .unwrap();
        // Two images: GetObject, PutObject, PutItem each.
        let requests = stub.requests();
        let calls: Vec<(&str, &str)> = requests
            .iter()
            .map(|r| {
                let what = r.amz_target.as_deref().unwrap_or(r.target.as_str());
                (r.method.as_str(), what.split('?').next().unwrap_or(what))
            })
            .collect();
        assert_eq!(
            calls,
            [
                ("GET", "/my-source-images/photos/2026/cat%20on%20sofa.jpg"),
                (
                    "PUT",
                    "/my-resized-images/photos/2026/cat%20on%20sofa-resized.jpg"
                ),
                ("POST", "DynamoDB_20120810.PutItem"),
                ("GET", "/my-source-images/photos/2026/caf%C3%A9.png"),
                (
                    "PUT",
                    "/my-resized-images/photos/2026/caf%C3%A9-resized.png"
                ),
                ("POST", "DynamoDB_20120810.PutItem"),
            ]
        );
        assert!(guard.violations().is_empty());
        assert_eq!(guard.report().calls, 6);
        // The stub's object went through the resize into the PutObject (the handler really ran).
        assert!(!OBJECT_BODY.is_empty());
    }

    /// A call outside the declaration, such as reading the resized copy back (as a code change
    /// might), fails with the `allow(..)` to add, before anything is sent.
    #[tokio::test]
    async fn a_call_outside_the_declaration_fails_before_reaching_aws() {
        let stub = Stub::start();
        let guard = Guard::enforce(lambda_iam::declared!(function_handler))
            .region(sdk_stub::REGION)
            .build()
            .unwrap();
        let clients = guarded_clients(&stub, &guard);
        let error = clients
            .s3
            .get_object()
            .bucket(RESIZED_BUCKET)
            .key("photos/cat-resized.jpg")
            .send()
            .await
            .map_err(|e| aws_sdk_s3::error::DisplayErrorContext(&e).to_string())
            .unwrap_err();
        assert!(
            error.contains(r#"allow("s3:GetObject", "arn:${Partition}:s3:::my-resized-images/photos/cat-resized.jpg")"#),
            "{error}"
        );
        assert_eq!(stub.requests(), []);
    }
}
