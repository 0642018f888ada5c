//! Shared storage helpers: free functions, a client-holding struct, and a trait with one impl.

pub mod blobs;
pub mod crypto;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;

pub const ORDERS_TABLE: &str = "Orders";
pub const AUDIT_TABLE: &str = "AuditLog";

/// Reads one order by id.
pub async fn get_order(client: &Client, id: &str) -> Result<Option<String>, String> {
    let out = client
        .get_item()
        .table_name(ORDERS_TABLE)
        .key("id", AttributeValue::S(id.to_owned()))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    Ok(out.item().map(|_| id.to_owned()))
}

/// Appends an audit record.
pub async fn audit(client: &Client, what: &str) -> Result<(), String> {
    client
        .put_item()
        .table_name(AUDIT_TABLE)
        .item("what", AttributeValue::S(what.to_owned()))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// The order table behind a struct.
#[derive(Clone, Debug)]
pub struct OrderStore {
    ddb: aws_sdk_dynamodb::Client,
    table: String,
}

impl OrderStore {
    pub fn new(ddb: aws_sdk_dynamodb::Client) -> Self {
        Self {
            ddb,
            table: ORDERS_TABLE.to_string(),
        }
    }

    pub async fn delete(&self, id: &str) -> Result<(), String> {
        self.ddb
            .delete_item()
            .table_name(&self.table)
            .key("id", AttributeValue::S(id.into()))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    pub async fn list_open(&self) -> Result<usize, String> {
        let mut pages = self
            .ddb
            .query()
            .table_name(ORDERS_TABLE)
            .index_name("by-status")
            .key_condition_expression("status = :s")
            .into_paginator()
            .items()
            .send();
        let mut n = 0;
        while let Some(item) = pages.next().await {
            item.map_err(|e| e.to_string())?;
            n += 1;
        }
        Ok(n)
    }
}

/// Where customers live.
pub trait CustomerRepository {
    fn fetch(&self, id: &str) -> impl std::future::Future<Output = Result<(), String>>;
}

/// The one implementation.
pub struct DynamoCustomers {
    pub client: Client,
}

impl CustomerRepository for DynamoCustomers {
    async fn fetch(&self, id: &str) -> Result<(), String> {
        self.client
            .get_item()
            .table_name("Customers")
            .key("id", AttributeValue::S(id.into()))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }
}
