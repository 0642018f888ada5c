//! Looks an order up by its id. It only reads: its policy holds the `dynamodb:GetItem` of the
//! shared `load_order` helper and nothing else (no statements of its own). The Lambda function
//! is named after the bin target: `get-order`.

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use orders_shared::Order;
use serde::Deserialize;

/// What the caller sends.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetOrder {
    pub order_id: String,
}

#[lambda_iam::handler(uses(orders_shared::load_order))]
pub async fn function_handler(
    dynamodb: &aws_sdk_dynamodb::Client,
    event: LambdaEvent<GetOrder>,
) -> Result<Order, Error> {
    let order_id = event.payload.order_id;
    let order = orders_shared::load_order(dynamodb, &order_id)
        .await?
        .ok_or_else(|| format!("no order `{order_id}`"))?;
    tracing::info!(%order_id, "order found");
    Ok(order)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();

    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let dynamodb = &dynamodb;

    run(service_fn(move |event| function_handler(dynamodb, event))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A function that only reads gets the helper's GetItem and nothing else: no PutItem.
    #[test]
    fn the_function_may_only_read_orders() {
        let statements = lambda_iam::declared!(function_handler).all_statements();
        assert_eq!(
            statements,
            lambda_iam::declared!(orders_shared::load_order).all_statements(),
            "exactly the statements of `load_order`"
        );
        let actions: Vec<&str> = statements
            .iter()
            .flat_map(|statement| &statement.actions)
            .map(String::as_str)
            .collect();
        assert_eq!(actions, ["dynamodb:GetItem"]);
    }

    #[test]
    fn a_request_names_one_order() {
        let request: GetOrder = serde_json::from_str(r#"{"order_id":"o-42"}"#).unwrap();
        assert_eq!(request.order_id, "o-42");
        assert!(serde_json::from_str::<GetOrder>(r#"{"id":"o-42"}"#).is_err());
    }
}
