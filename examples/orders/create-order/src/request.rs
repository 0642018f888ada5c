//! The request and its validation. No AWS calls here.

use std::fmt;

use orders_shared::{LineItem, Order};
use serde::Deserialize;

/// What the caller sends. The caller picks `order_id`, so that a retried request cannot create
/// a second order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateOrder {
    pub order_id: String,
    pub customer_id: String,
    pub items: Vec<LineItem>,
}

/// A request that cannot become an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    EmptyId(&'static str),
    NoItems,
    ZeroQuantity { sku: String },
    TotalTooLarge,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyId(field) => write!(f, "`{field}` must not be empty"),
            Self::NoItems => f.write_str("an order needs at least one item"),
            Self::ZeroQuantity { sku } => write!(f, "item `{sku}` has quantity 0"),
            Self::TotalTooLarge => f.write_str("the order total is too large"),
        }
    }
}

impl std::error::Error for Invalid {}

impl CreateOrder {
    pub fn into_order(self) -> Result<Order, Invalid> {
        if self.order_id.trim().is_empty() {
            return Err(Invalid::EmptyId("order_id"));
        }
        if self.customer_id.trim().is_empty() {
            return Err(Invalid::EmptyId("customer_id"));
        }
        if self.items.is_empty() {
            return Err(Invalid::NoItems);
        }
        if let Some(line) = self.items.iter().find(|line| line.quantity == 0) {
            return Err(Invalid::ZeroQuantity {
                sku: line.sku.clone(),
            });
        }
        Order::new(self.order_id, self.customer_id, self.items).ok_or(Invalid::TotalTooLarge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: &str) -> CreateOrder {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_valid_request_becomes_an_order_with_its_total() {
        let order = request(
            r#"{"order_id":"o-1","customer_id":"c-1",
                "items":[{"sku":"mug","quantity":3,"unit_price_cents":1000}]}"#,
        )
        .into_order()
        .unwrap();
        assert_eq!(order.order_id, "o-1");
        assert_eq!(order.total_cents, 3000);
    }

    #[test]
    fn invalid_requests_are_refused_with_the_reason() {
        let cases = [
            (
                r#"{"order_id":" ","customer_id":"c","items":[]}"#,
                Invalid::EmptyId("order_id"),
            ),
            (
                r#"{"order_id":"o","customer_id":"","items":[]}"#,
                Invalid::EmptyId("customer_id"),
            ),
            (
                r#"{"order_id":"o","customer_id":"c","items":[]}"#,
                Invalid::NoItems,
            ),
            (
                r#"{"order_id":"o","customer_id":"c",
                    "items":[{"sku":"mug","quantity":0,"unit_price_cents":1}]}"#,
                Invalid::ZeroQuantity { sku: "mug".into() },
            ),
            (
                r#"{"order_id":"o","customer_id":"c",
                    "items":[{"sku":"gold","quantity":4294967295,"unit_price_cents":18446744073709551615}]}"#,
                Invalid::TotalTooLarge,
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(request(json).into_order(), Err(expected), "{json}");
        }
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let error = serde_json::from_str::<CreateOrder>(
            r#"{"order_id":"o","customer_id":"c","items":[],"total_cents":1}"#,
        )
        .unwrap_err();
        assert!(error.to_string().contains("total_cents"), "{error}");
    }
}
