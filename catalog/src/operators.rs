//! IAM condition operators (hand-maintained: AWS publishes them as prose, not data).
//!
//! Each base operator may carry the `IfExists` suffix (except `Null`) and a `ForAnyValue:` or
//! `ForAllValues:` set qualifier; [`operator`] understands both.

use crate::cmp_ignore_case;

/// What kind of values an operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperatorFamily {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

/// A base condition operator (without `IfExists` or a set qualifier).
#[derive(Debug)]
pub struct Operator {
    /// Canonical spelling (`StringEquals`).
    pub name: &'static str,
    pub family: OperatorFamily,
    /// A negated operator (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`).
    pub negated: bool,
    /// Values may hold `*` and `?` wildcards (`StringLike`, `ArnLike`, `ArnEquals`).
    pub wildcards: bool,
}

const fn op(
    name: &'static str,
    family: OperatorFamily,
    negated: bool,
    wildcards: bool,
) -> Operator {
    Operator {
        name,
        family,
        negated,
        wildcards,
    }
}

use OperatorFamily as F;

/// Every base operator, sorted case-insensitively by name.
pub static OPERATORS: &[Operator] = &[
    op("ArnEquals", F::Arn, false, true),
    op("ArnLike", F::Arn, false, true),
    op("ArnNotEquals", F::Arn, true, true),
    op("ArnNotLike", F::Arn, true, true),
    op("BinaryEquals", F::Binary, false, false),
    op("Bool", F::Bool, false, false),
    op("DateEquals", F::Date, false, false),
    op("DateGreaterThan", F::Date, false, false),
    op("DateGreaterThanEquals", F::Date, false, false),
    op("DateLessThan", F::Date, false, false),
    op("DateLessThanEquals", F::Date, false, false),
    op("DateNotEquals", F::Date, true, false),
    op("IpAddress", F::IpAddress, false, false),
    op("NotIpAddress", F::IpAddress, true, false),
    op("Null", F::Null, false, false),
    op("NumericEquals", F::Numeric, false, false),
    op("NumericGreaterThan", F::Numeric, false, false),
    op("NumericGreaterThanEquals", F::Numeric, false, false),
    op("NumericLessThan", F::Numeric, false, false),
    op("NumericLessThanEquals", F::Numeric, false, false),
    op("NumericNotEquals", F::Numeric, true, false),
    op("StringEquals", F::String, false, false),
    op("StringEqualsIgnoreCase", F::String, false, false),
    op("StringLike", F::String, false, true),
    op("StringNotEquals", F::String, true, false),
    op("StringNotEqualsIgnoreCase", F::String, true, false),
    op("StringNotLike", F::String, true, true),
];

/// A set qualifier of a condition operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    ForAnyValue,
    ForAllValues,
}

/// A parsed operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Copy, Debug)]
pub struct ParsedOperator {
    pub base: &'static Operator,
    pub set: Option<SetQualifier>,
    pub if_exists: bool,
}

/// Parses an operator as written in a policy. Operator names are case-sensitive in IAM, so
/// this match is exact; use [`operator_ignore_case`] to suggest a spelling.
pub fn operator(text: &str) -> Option<ParsedOperator> {
    let (set, rest) = if let Some(rest) = text.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), rest)
    } else if let Some(rest) = text.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), rest)
    } else {
        (None, text)
    };
    let (name, if_exists) = match rest.strip_suffix("IfExists") {
        Some(name) => (name, true),
        None => (rest, false),
    };
    let base = OPERATORS.iter().find(|o| o.name == name)?;
    if if_exists && base.family == OperatorFamily::Null {
        return None;
    }
    Some(ParsedOperator {
        base,
        set,
        if_exists,
    })
}

/// The canonical spelling of an operator written with other letter case, if any.
pub fn operator_ignore_case(text: &str) -> Option<&'static str> {
    let bare = text.rsplit(':').next().unwrap_or(text);
    // `get` rather than slicing: the text is user input and may end in a multi-byte character.
    let cut = bare.len().saturating_sub("IfExists".len());
    let bare = match (bare.get(..cut), bare.get(cut..)) {
        (Some(head), Some(tail)) if !head.is_empty() && tail.eq_ignore_ascii_case("IfExists") => {
            head
        }
        _ => bare,
    };
    OPERATORS
        .iter()
        .find(|o| cmp_ignore_case(o.name, bare).is_eq())
        .map(|o| o.name)
}
