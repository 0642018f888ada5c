//! Creates an order: stores it through the shared order store and announces it on the
//! `orders-created` queue.
//!
//! The Lambda function is named `orders-create` (the `function` key below), not after the bin
//! target. Its policy holds its own `sqs:SendMessage` plus the statements of the two helpers of
//! `orders-shared` it uses.

mod request;

use lambda_runtime::{Error, LambdaEvent, run, service_fn, tracing};
use orders_shared::{Order, Saved};
use serde::Serialize;

use request::CreateOrder;

/// Where the queue's URL comes from; the deployment sets it. The policy names the queue by ARN.
const QUEUE_URL_VARIABLE: &str = "ORDERS_QUEUE_URL";

/// The AWS clients and settings the handler uses.
#[derive(Debug, Clone)]
pub struct Clients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub queue_url: String,
}

/// The answer: the stored order, and whether this call created it or found it from an earlier
/// call with the same `order_id` (a retry).
#[derive(Debug, Serialize, PartialEq)]
pub struct Created {
    pub order: Order,
    pub created: bool,
}

#[lambda_iam::handler(
    function = "orders-create",
    uses(orders_shared::save_order, orders_shared::load_order),
    allow(
        "sqs:SendMessage",
        "arn:${Partition}:sqs:${Region}:${Account}:${OrdersQueue}"
    )
)]
pub async fn function_handler(
    clients: &Clients,
    event: LambdaEvent<CreateOrder>,
) -> Result<Created, Error> {
    let order = event.payload.into_order()?;

    let created = match orders_shared::save_order(&clients.dynamodb, &order).await? {
        Saved::Created => true,
        Saved::AlreadyExists => {
            // A retry of a request that got through, or an id clash: tell them apart by content.
            let existing = orders_shared::load_order(&clients.dynamodb, &order.order_id)
                .await?
                .ok_or_else(|| format!("order `{}` vanished after a clash", order.order_id))?;
            if existing != order {
                return Err(format!(
                    "order `{}` exists already with different content",
                    order.order_id
                )
                .into());
            }
            false
        }
    };

    // Announced on every successful call, retries included: if an earlier attempt stored the
    // order but failed to announce it, this one makes up for it. Consumers dedupe by `order_id`.
    clients
        .sqs
        .send_message()
        .queue_url(&clients.queue_url)
        .message_body(serde_json::to_string(&order)?)
        .send()
        .await
        .map_err(|e| {
            format!(
                "announcing order `{}`: {}",
                order.order_id,
                aws_sdk_sqs::error::DisplayErrorContext(&e)
            )
        })?;
    tracing::info!(order_id = %order.order_id, created, "order announced");

    Ok(Created { order, created })
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();

    let queue_url = std::env::var(QUEUE_URL_VARIABLE)
        .map_err(|_| format!("set `{QUEUE_URL_VARIABLE}` to the URL of the orders queue"))?;
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let clients = Clients {
        dynamodb: aws_sdk_dynamodb::Client::new(&config),
        sqs: aws_sdk_sqs::Client::new(&config),
        queue_url,
    };
    let clients = &clients;

    run(service_fn(move |event| function_handler(clients, event))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The function's own statement plus both helpers': exactly what it calls.
    #[test]
    fn the_function_may_read_and_write_orders_and_announce_them() {
        let mut actions: Vec<String> = lambda_iam::declared!(function_handler)
            .all_statements()
            .into_iter()
            .flat_map(|statement| statement.actions)
            .collect();
        actions.sort();
        assert_eq!(
            actions,
            ["dynamodb:GetItem", "dynamodb:PutItem", "sqs:SendMessage"]
        );
    }
}
