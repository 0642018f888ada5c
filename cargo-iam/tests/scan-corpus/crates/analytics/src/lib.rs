//! Analytics handlers: Athena, Glue, the RDS Data API and Bedrock.

use aws_sdk_athena::types::ResultConfiguration;
use aws_sdk_bedrockruntime::primitives::Blob;
use lambda_runtime::{Error, LambdaEvent};
use serde_json::Value;

const WORKGROUP: &str = "analysts";
const CLUSTER_ARN: &str = "arn:aws:rds:eu-west-1:123456789012:cluster:orders-db";
const DB_SECRET_ARN: &str = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf";
const MODEL: &str = "anthropic.claude-3-haiku-20240307-v1:0";

/// A query runner that keeps its client.
pub struct Queries {
    athena: aws_sdk_athena::Client,
}

impl Queries {
    pub fn new(athena: aws_sdk_athena::Client) -> Self {
        Queries { athena }
    }

    async fn run(&self, sql: &str) -> Result<String, Error> {
        let started = self
            .athena
            .start_query_execution()
            .work_group(WORKGROUP)
            .query_string(sql)
            .result_configuration(ResultConfiguration::builder().output_location("s3://corp-athena/").build())
            .send()
            .await?;
        let id = started.query_execution_id().unwrap_or_default().to_owned();
        self.athena
            .get_query_execution()
            .query_execution_id(&id)
            .send()
            .await?;
        Ok(id)
    }

    async fn rows(&self, id: &str) -> Result<(), Error> {
        self.athena
            .get_query_results()
            .query_execution_id(id)
            .send()
            .await?;
        Ok(())
    }
}

#[lambda_iam::handler(function = "analytics-daily")]
pub async fn daily(queries: &Queries, _event: LambdaEvent<Value>) -> Result<(), Error> {
    let id = queries.run("SELECT count(*) FROM orders").await?;
    queries.rows(&id).await
}

#[lambda_iam::handler(function = "analytics-schema")]
pub async fn schema(glue: &aws_sdk_glue::Client, event: LambdaEvent<Value>) -> Result<(), Error> {
    let table = event.payload["table"].as_str().unwrap_or("orders");
    glue.get_table().database_name("corp").name(table).send().await?;
    glue.get_partitions()
        .database_name("corp")
        .table_name(table)
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "analytics-sql")]
pub async fn sql(rds: &aws_sdk_rdsdata::Client, _event: LambdaEvent<Value>) -> Result<(), Error> {
    let tx = rds
        .begin_transaction()
        .resource_arn(CLUSTER_ARN)
        .secret_arn(DB_SECRET_ARN)
        .send()
        .await?;
    rds.execute_statement()
        .resource_arn(CLUSTER_ARN)
        .secret_arn(DB_SECRET_ARN)
        .sql("UPDATE orders SET archived = true")
        .transaction_id(tx.transaction_id().unwrap_or_default())
        .send()
        .await?;
    rds.commit_transaction()
        .resource_arn(CLUSTER_ARN)
        .secret_arn(DB_SECRET_ARN)
        .transaction_id(tx.transaction_id().unwrap_or_default())
        .send()
        .await?;
    Ok(())
}

#[lambda_iam::handler(function = "analytics-summarise")]
pub async fn summarise(bedrock: &aws_sdk_bedrockruntime::Client, event: LambdaEvent<Value>) -> Result<(), Error> {
    let body = Blob::new(serde_json::to_vec(&event.payload)?);
    bedrock
        .invoke_model()
        .model_id(MODEL)
        .content_type("application/json")
        .body(body)
        .send()
        .await?;
    Ok(())
}
