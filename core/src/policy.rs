//! IAM policy documents: typed, serialisable, deterministic.
//!
//! Key order in the JSON comes from the field order of these structs; maps (`Principal`,
//! `Condition`) are `BTreeMap`s, so the same document always renders to the same bytes.

use serde::Serialize;
use std::collections::BTreeMap;

/// A policy document, serialised exactly as IAM shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyDocument {
    #[serde(rename = "Version")]
    pub version: &'static str,
    #[serde(rename = "Statement")]
    pub statement: Vec<Statement>,
}

/// One statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Statement {
    #[serde(rename = "Sid", skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(rename = "Effect")]
    pub effect: crate::decl::Effect,
    #[serde(rename = "Principal", skip_serializing_if = "Option::is_none")]
    pub principal: Option<BTreeMap<String, OneOrMany>>,
    #[serde(rename = "Action")]
    pub action: OneOrMany,
    #[serde(rename = "Resource", skip_serializing_if = "Option::is_none")]
    pub resource: Option<OneOrMany>,
    /// operator → key → values.
    #[serde(rename = "Condition", skip_serializing_if = "BTreeMap::is_empty")]
    pub condition: BTreeMap<String, BTreeMap<String, OneOrMany>>,
}

/// A string or a list of strings: IAM's shorthand for single values.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl Serialize for crate::decl::Effect {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The policy language version every document uses.
pub const POLICY_VERSION: &str = "2012-10-17";

/// IAM's limit on the inline policies of one role, in characters (whitespace outside strings
/// not counted).
pub const INLINE_POLICY_LIMIT: usize = 10_240;

impl OneOrMany {
    /// `One` for a single element, `Many` otherwise (IAM's shorthand).
    pub fn from_vec(mut values: Vec<String>) -> OneOrMany {
        if values.len() == 1 {
            OneOrMany::One(values.pop().unwrap_or_default())
        } else {
            OneOrMany::Many(values)
        }
    }

    /// The elements, one or many.
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.as_slice().iter().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    pub fn contains(&self, value: &str) -> bool {
        self.iter().any(|v| v == value)
    }
}

impl PolicyDocument {
    /// A document with the current policy version.
    pub fn new(statement: Vec<Statement>) -> PolicyDocument {
        PolicyDocument {
            version: POLICY_VERSION,
            statement,
        }
    }
}

/// The size IAM counts against [`INLINE_POLICY_LIMIT`]: the characters of the compact JSON.
///
/// IAM does not count whitespace outside strings, so the compact serialisation (no whitespace
/// at all outside strings) is exactly what it counts, whatever the pretty printer adds.
pub fn policy_size(doc: &PolicyDocument) -> usize {
    serde_json::to_string(doc)
        .expect("a policy document always serialises")
        .chars()
        .count()
}

/// Pretty JSON with a trailing newline: the bytes written to `iam/<function>.*.json`.
pub fn render(doc: &PolicyDocument) -> String {
    let mut out = serde_json::to_string_pretty(doc).expect("a policy document always serialises");
    out.push('\n');
    out
}
