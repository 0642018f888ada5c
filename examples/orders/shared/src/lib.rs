//! The order store shared by the order functions.
//!
//! Each helper that touches DynamoDB declares what it needs with `#[lambda_iam::requires(..)]`;
//! a handler that calls it lists it in `uses(..)`, and `cargo iam emit` adds the helper's
//! statements to that handler's policy. A function that only reads orders never gets
//! `dynamodb:PutItem`.

mod item;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};

pub use item::ItemError;

/// The table all orders live in, keyed by `order_id`.
pub const ORDERS_TABLE: &str = "Orders";

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    pub sku: String,
    pub quantity: u32,
    pub unit_price_cents: u64,
}

/// An order as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub order_id: String,
    pub customer_id: String,
    pub items: Vec<LineItem>,
    pub total_cents: u64,
}

impl Order {
    /// An order with its total computed from its lines; `None` if the total overflows.
    pub fn new(order_id: String, customer_id: String, items: Vec<LineItem>) -> Option<Self> {
        let total_cents = items.iter().try_fold(0u64, |total, line| {
            line.unit_price_cents
                .checked_mul(u64::from(line.quantity))?
                .checked_add(total)
        })?;
        Some(Self {
            order_id,
            customer_id,
            items,
            total_cents,
        })
    }
}

/// What went wrong talking to the table.
#[derive(Debug)]
pub enum StoreError {
    /// The call to DynamoDB failed; the text has the SDK's full error context.
    Dynamo(String),
    /// The stored item is not an order this code can read.
    Item(ItemError),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Dynamo(message) => write!(f, "table `{ORDERS_TABLE}`: {message}"),
            Self::Item(error) => write!(f, "table `{ORDERS_TABLE}`: {error}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Reads one order.
#[lambda_iam::requires(allow(
    "dynamodb:GetItem",
    "arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders",
))]
pub async fn load_order(client: &Client, order_id: &str) -> Result<Option<Order>, StoreError> {
    let output = client
        .get_item()
        .table_name(ORDERS_TABLE)
        .key("order_id", AttributeValue::S(order_id.to_owned()))
        .consistent_read(true)
        .send()
        .await
        .map_err(|e| StoreError::Dynamo(DisplayErrorContext(&e).to_string()))?;
    output
        .item()
        .map(item::order_from_item)
        .transpose()
        .map_err(StoreError::Item)
}

/// What [`save_order`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created,
    /// An order with this id exists already; nothing was written.
    AlreadyExists,
}

/// Writes a new order; never overwrites one. The condition limits the function to the attributes
/// of an order, so a bug cannot smuggle other data into the table.
#[lambda_iam::requires(allow(
    "dynamodb:PutItem",
    "arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders",
    condition(
        "ForAllValues:StringEquals",
        "dynamodb:Attributes",
        ["order_id", "customer_id", "items", "total_cents"],
    ),
))]
pub async fn save_order(client: &Client, order: &Order) -> Result<Saved, StoreError> {
    let result = client
        .put_item()
        .table_name(ORDERS_TABLE)
        .set_item(Some(item::order_to_item(order)))
        .condition_expression("attribute_not_exists(order_id)")
        .send()
        .await;
    match result {
        Ok(_) => Ok(Saved::Created),
        Err(e)
            if matches!(
                e.as_service_error(),
                Some(PutItemError::ConditionalCheckFailedException(_))
            ) =>
        {
            Ok(Saved::AlreadyExists)
        }
        Err(e) => Err(StoreError::Dynamo(DisplayErrorContext(&e).to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(sku: &str, quantity: u32, unit_price_cents: u64) -> LineItem {
        LineItem {
            sku: sku.into(),
            quantity,
            unit_price_cents,
        }
    }

    /// Both helpers act on the table the code names, and on nothing else.
    #[test]
    fn the_helpers_declare_the_orders_table() {
        let table =
            format!("arn:${{Partition}}:dynamodb:${{Region}}:${{Account}}:table/{ORDERS_TABLE}");
        for (declaration, action) in [
            (lambda_iam::declared!(load_order), "dynamodb:GetItem"),
            (lambda_iam::declared!(save_order), "dynamodb:PutItem"),
        ] {
            let statements = declaration.all_statements();
            let [statement] = statements.as_slice() else {
                panic!("expected one statement: {statements:?}");
            };
            assert_eq!(statement.actions, [action]);
            assert_eq!(statement.resources, [table.as_str()]);
        }
    }

    #[test]
    fn the_total_is_the_sum_of_the_lines() {
        let order = Order::new(
            "o-1".into(),
            "c-1".into(),
            vec![line("mug", 2, 1250), line("tea", 1, 499)],
        )
        .unwrap();
        assert_eq!(order.total_cents, 2999);
    }

    #[test]
    fn an_overflowing_total_is_refused() {
        assert_eq!(
            Order::new(
                "o".into(),
                "c".into(),
                vec![line("gold", u32::MAX, u64::MAX)]
            ),
            None
        );
        assert_eq!(
            Order::new(
                "o".into(),
                "c".into(),
                vec![line("a", 1, u64::MAX), line("b", 1, 1)]
            ),
            None
        );
    }
}
