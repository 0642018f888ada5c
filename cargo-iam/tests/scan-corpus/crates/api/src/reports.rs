//! Report handlers written the way larger services are: clients behind getters, a service
//! trait with one impl, concurrent calls in `try_join!`, and look-alike calls that are not AWS.

use crate::Ctx;
use aws_sdk_dynamodb::types::AttributeValue;
use lambda_runtime::{Error, LambdaEvent};
use serde_json::Value;
use std::collections::HashMap;

const REPORTS_TABLE: &str = "Reports";
const REPORTS_BUCKET: &str = "corp-reports";

/// A report writer that hands out its clients through getters.
pub struct Reports {
    ddb: aws_sdk_dynamodb::Client,
    s3: aws_sdk_s3::Client,
}

impl Reports {
    pub fn new(ctx: &Ctx) -> Reports {
        Reports {
            ddb: ctx.ddb.clone(),
            s3: ctx.s3.clone(),
        }
    }

    fn table(&self) -> &aws_sdk_dynamodb::Client {
        &self.ddb
    }

    fn bucket(&self) -> &aws_sdk_s3::Client {
        &self.s3
    }

    async fn save(&self, id: &str, body: String) -> Result<(), Error> {
        let put = self
            .bucket()
            .put_object()
            .bucket(REPORTS_BUCKET)
            .key(format!("{id}.json"))
            .body(body.into_bytes().into());
        let record = self
            .table()
            .put_item()
            .table_name(REPORTS_TABLE)
            .item("id", AttributeValue::S(id.to_string()));
        tokio::try_join!(put.send(), record.send())?;
        Ok(())
    }
}

/// What a report generator does.
pub trait Generator {
    async fn generate(&self, day: &str) -> Result<String, Error>;
}

/// The one generator: reads the day's rows.
pub struct DailyGenerator {
    pub ddb: aws_sdk_dynamodb::Client,
}

impl Generator for DailyGenerator {
    async fn generate(&self, day: &str) -> Result<String, Error> {
        let rows = self
            .ddb
            .query()
            .table_name("Sales")
            .key_condition_expression("day = :d")
            .expression_attribute_values(":d", AttributeValue::S(day.into()))
            .send()
            .await?;
        Ok(format!("{}", rows.count()))
    }
}

#[lambda_iam::handler(function = "api-daily-report")]
pub async fn daily_report(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<(), Error> {
    let day = event.payload["day"].as_str().unwrap_or_default();
    let generator: Box<dyn Generator> = Box::new(DailyGenerator { ddb: ctx.ddb.clone() });
    let body = generator.generate(day).await?;
    Reports::new(ctx).save(day, body).await
}

/// Look-alikes: a cache with `get_item`, a channel with `send`, none of them AWS.
struct Cache {
    items: HashMap<String, String>,
}

impl Cache {
    fn get_item(&self, key: &str) -> Option<&String> {
        self.items.get(key)
    }
}

#[lambda_iam::handler(function = "api-cached-report")]
pub async fn cached_report(ctx: &Ctx, event: LambdaEvent<Value>) -> Result<Value, Error> {
    let cache = Cache { items: HashMap::new() };
    let day = event.payload["day"].as_str().unwrap_or_default();
    if let Some(hit) = cache.get_item(day) {
        return Ok(Value::String(hit.clone()));
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel::<String>(1);
    tx.send(day.to_string()).await?;
    let key = rx.recv().await.unwrap_or_default();
    let out = ctx
        .s3
        .get_object()
        .bucket(REPORTS_BUCKET)
        .key(format!("{key}.json"))
        .send()
        .await?;
    Ok(Value::String(format!("{:?}", out.content_length())))
}
