//! IAM policy documents: typed, serialisable, deterministic.

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

/// Pretty JSON with a trailing newline: the bytes written to `iam/<function>.*.json`.
pub fn render(doc: &PolicyDocument) -> String {
    let mut out = serde_json::to_string_pretty(doc).expect("a policy document always serialises");
    out.push('\n');
    out
}
