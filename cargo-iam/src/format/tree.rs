//! A small ordered document tree shared by the deploy formats: rendered as JSON (CloudFormation,
//! SAM) or as an HCL expression (Terraform), keys in insertion order so the output is the same
//! bytes on every run.

use lambda_iam_core::policy::{OneOrMany, PolicyDocument};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// One value of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A plain string (escaped by each renderer as its language requires).
    Str(String),
    Bool(bool),
    /// An HCL expression written verbatim (a reference, or a string literal already escaped);
    /// only the Terraform renderer produces and reads these.
    Expr(String),
    List(Vec<Node>),
    /// Keys in the order they are rendered.
    Map(Vec<(String, Node)>),
}

impl Node {
    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    pub fn map<const N: usize>(entries: [(&str, Node); N]) -> Node {
        Node::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Str(s) | Node::Expr(s) => serializer.serialize_str(s),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Pretty JSON with a trailing newline.
pub fn to_json(node: &Node) -> String {
    let mut out = serde_json::to_string_pretty(node).expect("a template tree always serialises");
    out.push('\n');
    out
}

/// A policy document as a tree, in the key order of the JSON files; `leaf` turns every string
/// value that may hold a placeholder (resources, condition values) into the format's node.
pub fn policy(doc: &PolicyDocument, leaf: &dyn Fn(&str) -> Node) -> Node {
    let many = |v: &OneOrMany, f: &dyn Fn(&str) -> Node| match v {
        OneOrMany::One(one) => f(one),
        OneOrMany::Many(list) => Node::List(list.iter().map(|s| f(s)).collect()),
    };
    let plain = |s: &str| Node::str(s);
    let statements = doc
        .statement
        .iter()
        .map(|s| {
            let mut entries = Vec::new();
            if let Some(sid) = &s.sid {
                entries.push(("Sid".to_string(), Node::str(sid)));
            }
            entries.push(("Effect".to_string(), Node::str(s.effect.as_str())));
            if let Some(principal) = &s.principal {
                entries.push((
                    "Principal".to_string(),
                    Node::Map(
                        principal
                            .iter()
                            .map(|(k, v)| (k.clone(), many(v, &plain)))
                            .collect(),
                    ),
                ));
            }
            entries.push(("Action".to_string(), many(&s.action, &plain)));
            if let Some(resource) = &s.resource {
                entries.push(("Resource".to_string(), many(resource, leaf)));
            }
            if !s.condition.is_empty() {
                entries.push((
                    "Condition".to_string(),
                    Node::Map(
                        s.condition
                            .iter()
                            .map(|(op, keys)| {
                                (
                                    op.clone(),
                                    Node::Map(
                                        keys.iter()
                                            .map(|(k, v)| (k.clone(), many(v, leaf)))
                                            .collect(),
                                    ),
                                )
                            })
                            .collect(),
                    ),
                ));
            }
            Node::Map(entries)
        })
        .collect();
    Node::map([
        ("Version", Node::str(doc.version)),
        ("Statement", Node::List(statements)),
    ])
}

/// `s` as an HCL quoted string: `\`, `"` and control characters escaped, and the template
/// sequences `${` / `%{` doubled so HCL keeps them literal (IAM policy variables such as
/// `${aws:username}` reach the policy unchanged).
pub fn hcl_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    hcl_escape_into(s, &mut out);
    out.push('"');
    out
}

/// The body of an HCL quoted string for `s` (see [`hcl_string`]), without the quotes.
pub fn hcl_escape_into(s: &str, out: &mut String) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}

/// An HCL expression for `node`, indented by `indent` levels of two spaces (the first line is
/// not indented: it follows `=`).
pub fn to_hcl(node: &Node, indent: usize) -> String {
    let mut out = String::new();
    write_hcl(node, indent, &mut out);
    out
}

fn write_hcl(node: &Node, indent: usize, out: &mut String) {
    let pad = |n: usize| "  ".repeat(n);
    match node {
        Node::Str(s) => out.push_str(&hcl_string(s)),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Expr(e) => out.push_str(e),
        Node::List(items) if items.is_empty() => out.push_str("[]"),
        Node::List(items) => {
            out.push_str("[\n");
            for item in items {
                out.push_str(&pad(indent + 1));
                write_hcl(item, indent + 1, out);
                out.push_str(",\n");
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Node::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Node::Map(entries) => {
            out.push_str("{\n");
            for (k, v) in entries {
                out.push_str(&pad(indent + 1));
                out.push_str(&hcl_string(k));
                out.push_str(" = ");
                write_hcl(v, indent + 1, out);
                out.push('\n');
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_strings_keep_policy_variables_literal() {
        assert_eq!(
            hcl_string("arn:aws:s3:::b/${aws:username}/*"),
            r#""arn:aws:s3:::b/$${aws:username}/*""#
        );
        assert_eq!(hcl_string(r#"a"b\c %{x} $x"#), r#""a\"b\\c %%{x} $x""#);
    }

    #[test]
    fn hcl_objects_quote_keys_and_keep_order() {
        let node = Node::map([
            ("b", Node::str("1")),
            ("aws:SourceArn", Node::List(vec![Node::str("x")])),
            ("c", Node::Expr("data.aws_region.current.name".into())),
        ]);
        assert_eq!(
            to_hcl(&node, 0),
            "{\n  \"b\" = \"1\"\n  \"aws:SourceArn\" = [\n    \"x\",\n  ]\n  \"c\" = data.aws_region.current.name\n}"
        );
    }
}
