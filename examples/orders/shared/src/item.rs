//! Orders as DynamoDB items, by hand: four attributes do not justify a mapping crate.
//!
//! Item layout: `order_id` (S), `customer_id` (S), `total_cents` (N) and `items` (L of M with
//! `sku` S, `quantity` N, `unit_price_cents` N). The attribute names are the ones the
//! `dynamodb:Attributes` condition of [`crate::save_order`] allows.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use aws_sdk_dynamodb::types::AttributeValue;

use crate::{LineItem, Order};

type Item = HashMap<String, AttributeValue>;

/// A stored item that is not a valid order: the attribute and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    pub attribute: String,
    pub problem: &'static str,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "attribute `{}` {}", self.attribute, self.problem)
    }
}

impl std::error::Error for ItemError {}

pub(crate) fn order_to_item(order: &Order) -> Item {
    let items = order
        .items
        .iter()
        .map(|line| {
            AttributeValue::M(Item::from([
                ("sku".to_owned(), AttributeValue::S(line.sku.clone())),
                (
                    "quantity".to_owned(),
                    AttributeValue::N(line.quantity.to_string()),
                ),
                (
                    "unit_price_cents".to_owned(),
                    AttributeValue::N(line.unit_price_cents.to_string()),
                ),
            ]))
        })
        .collect();
    Item::from([
        (
            "order_id".to_owned(),
            AttributeValue::S(order.order_id.clone()),
        ),
        (
            "customer_id".to_owned(),
            AttributeValue::S(order.customer_id.clone()),
        ),
        ("items".to_owned(), AttributeValue::L(items)),
        (
            "total_cents".to_owned(),
            AttributeValue::N(order.total_cents.to_string()),
        ),
    ])
}

pub(crate) fn order_from_item(item: &Item) -> Result<Order, ItemError> {
    let lines = list(item, "items")?
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let AttributeValue::M(line) = value else {
                return Err(error(&format!("items[{index}]"), "is not a map"));
            };
            Ok(LineItem {
                sku: string(line, "sku")?,
                quantity: number(line, "quantity")?,
                unit_price_cents: number(line, "unit_price_cents")?,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Order {
        order_id: string(item, "order_id")?,
        customer_id: string(item, "customer_id")?,
        items: lines,
        total_cents: number(item, "total_cents")?,
    })
}

fn error(attribute: &str, problem: &'static str) -> ItemError {
    ItemError {
        attribute: attribute.to_owned(),
        problem,
    }
}

fn get<'a>(item: &'a Item, name: &str) -> Result<&'a AttributeValue, ItemError> {
    item.get(name).ok_or_else(|| error(name, "is missing"))
}

fn string(item: &Item, name: &str) -> Result<String, ItemError> {
    match get(item, name)? {
        AttributeValue::S(value) => Ok(value.clone()),
        _ => Err(error(name, "is not a string")),
    }
}

fn number<T: FromStr>(item: &Item, name: &str) -> Result<T, ItemError> {
    match get(item, name)? {
        AttributeValue::N(value) => value
            .parse()
            .map_err(|_| error(name, "is out of range for its type")),
        _ => Err(error(name, "is not a number")),
    }
}

fn list<'a>(item: &'a Item, name: &str) -> Result<&'a [AttributeValue], ItemError> {
    match get(item, name)? {
        AttributeValue::L(values) => Ok(values),
        _ => Err(error(name, "is not a list")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Order {
        Order::new(
            "o-42".into(),
            "c-7".into(),
            vec![
                LineItem {
                    sku: "mug".into(),
                    quantity: 2,
                    unit_price_cents: 1250,
                },
                LineItem {
                    sku: "tea".into(),
                    quantity: 1,
                    unit_price_cents: 499,
                },
            ],
        )
        .unwrap()
    }

    #[test]
    fn an_order_survives_the_round_trip_through_an_item() {
        let order = sample();
        assert_eq!(order_from_item(&order_to_item(&order)), Ok(order));
    }

    /// `save_order`'s `dynamodb:Attributes` condition lists exactly the attributes it writes:
    /// one missing there makes every PutItem fail with AccessDenied, one too many is a hole.
    #[test]
    fn the_put_condition_allows_exactly_the_attributes_of_an_item() {
        let statements = lambda_iam::declared!(crate::save_order).all_statements();
        let [put] = statements.as_slice() else {
            panic!("expected one statement: {statements:?}");
        };
        assert_eq!(put.actions, ["dynamodb:PutItem"]);
        let [attributes] = put.conditions.as_slice() else {
            panic!("expected one condition: {:?}", put.conditions);
        };
        assert_eq!(attributes.key, "dynamodb:Attributes");
        assert_eq!(attributes.operator, "ForAllValues:StringEquals");

        let mut allowed = attributes.values.clone();
        allowed.sort();
        let mut written: Vec<_> = order_to_item(&sample()).into_keys().collect();
        written.sort();
        assert_eq!(allowed, written);
    }

    #[test]
    fn numbers_are_stored_as_decimal_strings() {
        let item = order_to_item(&sample());
        assert_eq!(item["total_cents"], AttributeValue::N("2999".into()));
        let AttributeValue::L(lines) = &item["items"] else {
            panic!("items is not a list: {:?}", item["items"]);
        };
        let AttributeValue::M(first) = &lines[0] else {
            panic!("line is not a map: {:?}", lines[0]);
        };
        assert_eq!(first["quantity"], AttributeValue::N("2".into()));
    }

    #[test]
    fn a_malformed_item_names_the_bad_attribute() {
        let mut item = order_to_item(&sample());
        item.remove("customer_id");
        assert_eq!(
            order_from_item(&item),
            Err(error("customer_id", "is missing"))
        );

        let mut item = order_to_item(&sample());
        item.insert("total_cents".into(), AttributeValue::N("-1".into()));
        assert_eq!(
            order_from_item(&item),
            Err(error("total_cents", "is out of range for its type"))
        );

        let mut item = order_to_item(&sample());
        item.insert(
            "items".into(),
            AttributeValue::L(vec![AttributeValue::S("x".into())]),
        );
        assert_eq!(
            order_from_item(&item),
            Err(error("items[0]", "is not a map"))
        );
    }
}
