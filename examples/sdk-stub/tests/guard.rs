//! The lambda-iam guard on real AWS SDK clients (S3, DynamoDB, SQS) pointed at the local stub:
//! what the handler's declaration allows reaches the stub, anything else fails before a byte
//! is sent (Enforce) or is recorded (Record).

use aws_sdk_dynamodb::types::AttributeValue;
use lambda_iam::guard::Guard;
use sdk_stub::{Stub, sdk_config};

mod queue {
    /// The helper that sends jobs: handlers that `uses` it may send to the `jobs` queue.
    #[lambda_iam::requires(allow(
        "sqs:SendMessage",
        "arn:${Partition}:sqs:${Region}:${Account}:jobs"
    ))]
    #[allow(dead_code)] // only its declaration is used here
    pub fn enqueue() {}
}

#[lambda_iam::handler(
    allow("s3:GetObject", "arn:${Partition}:s3:::in-bucket/*"),
    allow("s3:ListBucket", "arn:${Partition}:s3:::in-bucket"),
    allow(
        "dynamodb:PutItem",
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders"
    ),
    uses(queue::enqueue)
)]
#[allow(dead_code)] // only its declaration is used here
fn orders_handler() {}

/// The same statements without the helper.
#[lambda_iam::handler(
    allow("s3:GetObject", "arn:${Partition}:s3:::in-bucket/*"),
    allow("s3:ListBucket", "arn:${Partition}:s3:::in-bucket"),
    allow(
        "dynamodb:PutItem",
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders"
    )
)]
#[allow(dead_code)]
fn orders_handler_without_helper() {}

struct Clients {
    s3: aws_sdk_s3::Client,
    dynamodb: aws_sdk_dynamodb::Client,
    sqs: aws_sdk_sqs::Client,
    queue_url: String,
}

/// One line per client: the SDK config's builder plus `.interceptor(guard.clone())`.
fn clients(stub: &Stub, guard: &Guard) -> Clients {
    let config = sdk_config(stub);
    let s3 = aws_sdk_s3::config::Builder::from(&config)
        .force_path_style(true)
        .interceptor(guard.clone())
        .build();
    let dynamodb = aws_sdk_dynamodb::config::Builder::from(&config)
        .interceptor(guard.clone())
        .build();
    let sqs = aws_sdk_sqs::config::Builder::from(&config)
        .interceptor(guard.clone())
        .build();
    Clients {
        s3: aws_sdk_s3::Client::from_conf(s3),
        dynamodb: aws_sdk_dynamodb::Client::from_conf(dynamodb),
        sqs: aws_sdk_sqs::Client::from_conf(sqs),
        queue_url: format!("{}/123456789012/jobs", stub.url()),
    }
}

fn enforce(declaration: &'static lambda_iam::Declaration) -> Guard {
    Guard::enforce(declaration)
        .account("123456789012")
        .region("eu-west-1")
        .build()
        .unwrap()
}

async fn get(c: &Clients, bucket: &str, key: &str) -> Result<(), String> {
    c.s3.get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .map(drop)
        .map_err(|e| aws_sdk_s3::error::DisplayErrorContext(&e).to_string())
}

async fn put_item(c: &Clients, table: &str) -> Result<(), String> {
    c.dynamodb
        .put_item()
        .table_name(table)
        .item("id", AttributeValue::S("o-1".into()))
        .send()
        .await
        .map(drop)
        .map_err(|e| aws_sdk_dynamodb::error::DisplayErrorContext(&e).to_string())
}

async fn send(c: &Clients, queue_url: &str) -> Result<(), String> {
    c.sqs
        .send_message()
        .queue_url(queue_url)
        .message_body("job")
        .send()
        .await
        .map(drop)
        .map_err(|e| aws_sdk_sqs::error::DisplayErrorContext(&e).to_string())
}

#[tokio::test]
async fn declared_calls_pass_and_reach_the_stub() {
    let stub = Stub::start();
    let guard = enforce(lambda_iam::declared!(orders_handler));
    let c = clients(&stub, &guard);
    get(&c, "in-bucket", "orders/1.json").await.unwrap();
    c.s3.list_objects_v2()
        .bucket("in-bucket")
        .send()
        .await
        .unwrap();
    put_item(&c, "Orders").await.unwrap();
    send(&c, &c.queue_url).await.unwrap();
    let requests = stub.requests();
    assert_eq!(requests.len(), 4, "{requests:#?}");
    assert_eq!(
        requests[0].target,
        "/in-bucket/orders/1.json?x-id=GetObject"
    );
    assert_eq!(
        requests[2].amz_target.as_deref(),
        Some("DynamoDB_20120810.PutItem")
    );
    assert_eq!(
        requests[3].amz_target.as_deref(),
        Some("AmazonSQS.SendMessage")
    );
    assert!(guard.violations().is_empty());
    assert_eq!(guard.report().calls, 4);
}

#[tokio::test]
async fn an_undeclared_call_fails_before_reaching_the_stub() {
    let stub = Stub::start();
    let guard = enforce(lambda_iam::declared!(orders_handler));
    let c = clients(&stub, &guard);
    let error =
        c.s3.delete_object()
            .bucket("in-bucket")
            .key("orders/1.json")
            .send()
            .await
            .map_err(|e| aws_sdk_s3::error::DisplayErrorContext(&e).to_string())
            .unwrap_err();
    for part in [
        "`s3:DeleteObject` on `arn:aws:s3:::in-bucket/orders/1.json`",
        "orders_handler",
        r#"allow("s3:DeleteObject", "arn:${Partition}:s3:::in-bucket/orders/1.json")"#,
    ] {
        assert!(error.contains(part), "`{part}` not in: {error}");
    }
    assert_eq!(stub.requests(), []);
}

#[tokio::test]
async fn a_call_on_another_resource_fails() {
    let stub = Stub::start();
    let guard = enforce(lambda_iam::declared!(orders_handler));
    let c = clients(&stub, &guard);

    let error = get(&c, "other-bucket", "orders/1.json").await.unwrap_err();
    assert!(
        error.contains("arn:aws:s3:::other-bucket/orders/1.json"),
        "{error}"
    );
    let error = put_item(&c, "Invoices").await.unwrap_err();
    assert!(
        error.contains("arn:aws:dynamodb:eu-west-1:123456789012:table/Invoices"),
        "{error}"
    );
    let other_queue = format!("{}/123456789012/other-jobs", stub.url());
    let error = send(&c, &other_queue).await.unwrap_err();
    assert!(
        error.contains("arn:aws:sqs:eu-west-1:123456789012:other-jobs"),
        "{error}"
    );
    // Listing a bucket is allowed, reading it as an object is not (and the reverse).
    let error =
        c.s3.list_objects_v2()
            .bucket("other-bucket")
            .send()
            .await
            .map_err(|e| aws_sdk_s3::error::DisplayErrorContext(&e).to_string())
            .unwrap_err();
    assert!(
        error.contains("`s3:ListBucket` on `arn:aws:s3:::other-bucket`"),
        "{error}"
    );
    assert_eq!(stub.requests(), []);
    assert_eq!(guard.violations().len(), 4);
}

#[tokio::test]
async fn permissions_of_used_helpers_count() {
    let stub = Stub::start();
    let with_helper = enforce(lambda_iam::declared!(orders_handler));
    send(
        &clients(&stub, &with_helper),
        &format!("{}/123456789012/jobs", stub.url()),
    )
    .await
    .unwrap();
    let without = enforce(lambda_iam::declared!(orders_handler_without_helper));
    let error = send(
        &clients(&stub, &without),
        &format!("{}/123456789012/jobs", stub.url()),
    )
    .await
    .unwrap_err();
    assert!(
        error.contains("`sqs:SendMessage` on `arn:aws:sqs:eu-west-1:123456789012:jobs`"),
        "{error}"
    );
    assert_eq!(stub.requests().len(), 1);
}

#[tokio::test]
async fn record_mode_lets_calls_through_and_reports_them() {
    let stub = Stub::start();
    let guard = Guard::record(lambda_iam::declared!(orders_handler))
        .account("123456789012")
        .region("eu-west-1")
        .build()
        .unwrap();
    let c = clients(&stub, &guard);
    get(&c, "in-bucket", "a.json").await.unwrap();
    put_item(&c, "Invoices").await.unwrap();
    put_item(&c, "Invoices").await.unwrap();
    get(&c, "other-bucket", "b.json").await.unwrap();
    assert_eq!(stub.requests().len(), 4, "record mode sends every call");

    let path = std::env::temp_dir().join(format!("guard-report-{}.json", std::process::id()));
    guard.write_report(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(text.ends_with("}\n"));
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["format"], "lambda-iam-guard-report/1");
    assert_eq!(report["mode"], "record");
    assert_eq!(report["calls"], 4);
    assert!(
        report["handler"]
            .as_str()
            .unwrap()
            .ends_with("::orders_handler")
    );
    let violations = report["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 2, "{text}");
    assert_eq!(violations[0]["action"], "dynamodb:PutItem");
    assert_eq!(violations[0]["count"], 2);
    assert_eq!(violations[0]["outcome"], "implicit_deny");
    assert_eq!(
        violations[0]["allow"],
        r#"allow("dynamodb:PutItem", "arn:${Partition}:dynamodb:${Region}:${Account}:table/Invoices")"#
    );
    assert_eq!(
        violations[1]["resource"],
        "arn:aws:s3:::other-bucket/b.json"
    );
    assert_eq!(violations[1]["resource_checked"], true);
}
