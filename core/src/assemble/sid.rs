//! Stable statement ids, derived from a statement's effect and actions only.
//!
//! `Allow` + `s3:GetObject` → `AllowS3GetObject`; two actions of one service →
//! `AllowDynamodbPutItemAndQuery`; of two services → `AllowDynamodbPutItemAndS3GetObject`;
//! more → `AllowS3GetObjectAnd2More`. `*` reads `All`, `?` reads `Any`; everything that is not
//! an ASCII letter or digit is dropped (IAM accepts only those in a `Sid`).
//!
//! A Sid depends on nothing but its own statement, so adding or removing an unrelated statement
//! leaves every other Sid as it was. Statements whose ids coincide (same actions, different
//! resources or conditions) get `2`, `3`, … in policy order, which is itself content-ordered.

use crate::decl::Effect;
use std::collections::BTreeMap;

/// The id of a statement before collisions are resolved.
pub(crate) fn base_sid(effect: Effect, actions: &[String]) -> String {
    let mut sid = String::from(effect.as_str());
    match actions {
        [] => {}
        [one] => sid.push_str(&action_words(one)),
        [first, second] => {
            sid.push_str(&action_words(first));
            sid.push_str("And");
            match (split(first), split(second)) {
                (Some((s1, _)), Some((s2, name))) if s1.eq_ignore_ascii_case(s2) => {
                    sid.push_str(&words(name))
                }
                _ => sid.push_str(&action_words(second)),
            }
        }
        [first, rest @ ..] => {
            sid.push_str(&action_words(first));
            sid.push_str(&format!("And{}More", rest.len()));
        }
    }
    sid
}

/// Base ids made unique in order: the first keeps its id, the next get `2`, `3`, ….
pub(crate) fn unique(bases: Vec<String>, taken: &[&str]) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut used: Vec<String> = taken.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::with_capacity(bases.len());
    for base in bases {
        let n = seen.entry(base.clone()).or_insert(0);
        let mut candidate;
        loop {
            *n += 1;
            candidate = if *n == 1 {
                base.clone()
            } else {
                format!("{base}{n}")
            };
            if !used.contains(&candidate) {
                break;
            }
        }
        used.push(candidate.clone());
        out.push(candidate);
    }
    out
}

fn split(action: &str) -> Option<(&str, &str)> {
    action.split_once(':')
}

/// `kafka-cluster:Describe*` → `KafkaClusterDescribeAll`.
fn action_words(action: &str) -> String {
    match split(action) {
        Some((service, name)) => format!("{}{}", words(service), words(name)),
        None => words(action),
    }
}

/// Capitalises each run of letters and digits, maps `*`/`?`, drops the rest.
fn words(text: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in text.chars() {
        match c {
            '*' => {
                out.push_str("All");
                start = true;
            }
            '?' => {
                out.push_str("Any");
                start = true;
            }
            c if c.is_ascii_alphanumeric() => {
                out.push(if start { c.to_ascii_uppercase() } else { c });
                start = false;
            }
            _ => start = true,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn derives_readable_ids() {
        assert_eq!(
            base_sid(Effect::Allow, &v(&["s3:GetObject"])),
            "AllowS3GetObject"
        );
        assert_eq!(
            base_sid(Effect::Allow, &v(&["dynamodb:PutItem", "dynamodb:Query"])),
            "AllowDynamodbPutItemAndQuery"
        );
        assert_eq!(
            base_sid(Effect::Allow, &v(&["dynamodb:PutItem", "s3:GetObject"])),
            "AllowDynamodbPutItemAndS3GetObject"
        );
        assert_eq!(
            base_sid(
                Effect::Allow,
                &v(&["s3:GetObject", "s3:PutObject", "s3:DeleteObject"])
            ),
            "AllowS3GetObjectAnd2More"
        );
        assert_eq!(base_sid(Effect::Deny, &v(&["s3:*"])), "DenyS3All");
        assert_eq!(
            base_sid(Effect::Allow, &v(&["kafka-cluster:Describe*"])),
            "AllowKafkaClusterDescribeAll"
        );
        assert_eq!(
            base_sid(Effect::Allow, &v(&["s3:Get?bject"])),
            "AllowS3GetAnyBject"
        );
    }

    #[test]
    fn collisions_get_numbers() {
        let out = unique(v(&["AllowA", "AllowB", "AllowA", "AllowA"]), &[]);
        assert_eq!(out, ["AllowA", "AllowB", "AllowA2", "AllowA3"]);
        // a number suffix that would hit an existing id skips it
        let out = unique(v(&["AllowA2", "AllowA", "AllowA"]), &[]);
        assert_eq!(out, ["AllowA2", "AllowA", "AllowA3"]);
        let out = unique(v(&["LambdaLogGroup"]), &["LambdaLogGroup"]);
        assert_eq!(out, ["LambdaLogGroup2"]);
    }
}
