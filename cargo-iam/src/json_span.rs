//! A positioned view of a JSON document: where each value (and each member's key) sits in the
//! text, so that a lint finding's [`JsonPath`] can be shown at a line and column.
//!
//! [`parse`] first reads the text with `serde_json` (the value the lints see, and parse errors
//! with their line and column), then walks the same text once more with a small scanner that only
//! records byte ranges. The scanner runs on text `serde_json` accepted, so it never has to
//! report an error of its own; it still stops cleanly instead of panicking if the two disagree.
//!
//! It also finds duplicate keys in an object, which `serde_json` silently collapses to the last
//! value and which IAM rejects.

use lambda_iam_core::lint::{JsonPath, PathSegment};
use serde_json::Value;
use std::ops::Range;

/// A parsed document with the position of every value.
#[derive(Debug)]
pub struct Positioned {
    pub value: Value,
    root: Node,
    /// Every key given twice in one object, in text order.
    pub duplicates: Vec<Duplicate>,
}

/// A key that occurs more than once in one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    /// Path to the object holding the key.
    pub object: JsonPath,
    pub key: String,
    /// The repeated occurrence's key (quotes included).
    pub span: Range<usize>,
    /// The first occurrence's key.
    pub first: Range<usize>,
}

/// Why a text is not a JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
}

#[derive(Debug)]
struct Node {
    /// The value's text, from its first to its last byte.
    span: Range<usize>,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// Members in text order: key as decoded, the key's span (quotes included), the value.
    Object(Vec<(String, Range<usize>, Node)>),
    Array(Vec<Node>),
    Scalar,
}

/// Where a path points: the value, and the key naming it when its parent is an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub value: Range<usize>,
    pub key: Option<Range<usize>>,
    /// Whether the whole path was found (else: the deepest value that was).
    pub exact: bool,
}

/// Parses `text` as one JSON document.
pub fn parse(text: &str) -> Result<Positioned, ParseError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; the position is given separately.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_string();
        let line = e.line().max(1);
        ParseError {
            message,
            line,
            column: char_column(text, line, e.column()),
        }
    })?;
    let mut scanner = Scanner {
        text: text.as_bytes(),
        at: 0,
        duplicates: Vec::new(),
    };
    let mut path = JsonPath::root();
    let root = scanner.value(&mut path).unwrap_or(Node {
        span: 0..text.len(),
        kind: Kind::Scalar,
    });
    Ok(Positioned {
        value,
        root,
        duplicates: scanner.duplicates,
    })
}

/// The 1-based character column of the 1-based byte column `byte_column` on line `line`.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.split('\n').nth(line - 1) else {
        return byte_column.max(1);
    };
    let mut end = byte_column.min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    // serde_json's column is that of the last byte read: count the characters up to it.
    line_text[..end].chars().count().max(1)
}

impl Positioned {
    /// Where `path` points. A `Statement` written as a single object is reached by
    /// `Statement[0]`, and so is any single value written where a list may stand
    /// (`"Action": "s3:GetObject"` by `Action[0]`). Keys match as written, else ignoring case.
    pub fn locate(&self, path: &JsonPath) -> Located {
        let mut node = &self.root;
        let mut key = None;
        let mut exact = true;
        for segment in &path.0 {
            let next = match (segment, &node.kind) {
                (PathSegment::Key(k), Kind::Object(members)) => members
                    .iter()
                    .find(|(name, _, _)| name == k)
                    .or_else(|| {
                        members
                            .iter()
                            .find(|(name, _, _)| name.eq_ignore_ascii_case(k))
                    })
                    .map(|(_, key_span, value)| (value, Some(key_span.clone()))),
                (PathSegment::Index(i), Kind::Array(items)) => {
                    items.get(*i).map(|value| (value, None))
                }
                // A single value where a list may stand: index 0 is the value itself.
                (PathSegment::Index(0), Kind::Object(_) | Kind::Scalar) => {
                    Some((node, key.clone()))
                }
                _ => None,
            };
            match next {
                Some((n, k)) => {
                    node = n;
                    key = k;
                }
                None => {
                    exact = false;
                    break;
                }
            }
        }
        Located {
            value: node.span.clone(),
            key,
            exact,
        }
    }
}

struct Scanner<'a> {
    text: &'a [u8],
    at: usize,
    duplicates: Vec<Duplicate>,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.get(self.at) {
            self.at += 1;
        }
    }

    fn value(&mut self, path: &mut JsonPath) -> Option<Node> {
        self.skip_ws();
        let start = self.at;
        let kind = match self.text.get(self.at)? {
            b'{' => self.object(path)?,
            b'[' => self.array(path)?,
            b'"' => {
                self.string()?;
                Kind::Scalar
            }
            _ => {
                while let Some(b) = self.text.get(self.at) {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.at += 1;
                }
                Kind::Scalar
            }
        };
        Some(Node {
            span: start..self.at,
            kind,
        })
    }

    /// A string starting at `self.at`; returns its decoded text.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.at += 1;
        loop {
            match self.text.get(self.at)? {
                b'"' => break,
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        let raw = std::str::from_utf8(self.text.get(start..self.at)?).ok()?;
        serde_json::from_str(raw).ok()
    }

    fn object(&mut self, path: &mut JsonPath) -> Option<Kind> {
        self.at += 1;
        let mut members: Vec<(String, Range<usize>, Node)> = Vec::new();
        loop {
            self.skip_ws();
            match self.text.get(self.at)? {
                b'}' => {
                    self.at += 1;
                    return Some(Kind::Object(members));
                }
                b',' => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            let key_start = self.at;
            let key = self.string()?;
            let key_span = key_start..self.at;
            self.skip_ws();
            if self.text.get(self.at) != Some(&b':') {
                return None;
            }
            self.at += 1;
            path.0.push(PathSegment::Key(key.clone()));
            let value = self.value(path);
            path.0.pop();
            let value = value?;
            if let Some((_, first, _)) = members.iter().find(|(k, _, _)| *k == key) {
                self.duplicates.push(Duplicate {
                    object: path.clone(),
                    key: key.clone(),
                    span: key_span.clone(),
                    first: first.clone(),
                });
            }
            members.push((key, key_span, value));
        }
    }

    fn array(&mut self, path: &mut JsonPath) -> Option<Kind> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.text.get(self.at)? {
                b']' => {
                    self.at += 1;
                    return Some(Kind::Array(items));
                }
                b',' => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            path.0.push(PathSegment::Index(items.len()));
            let item = self.value(path);
            path.0.pop();
            items.push(item?);
        }
    }
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:Put*"], "Resource": "*"},
    {
      "Effect": "Deny",
      "Action": "iam:*",
      "Resource": "arn:aws:s3:::é/*"
    }
  ]
}
"#;

    fn at(p: &Positioned, text: &str, path: &JsonPath) -> (String, (usize, usize)) {
        let l = p.locate(path);
        assert!(l.exact, "{path}");
        (
            text[l.value.clone()].to_string(),
            line_col(text, l.value.start),
        )
    }

    #[test]
    fn locates_values_and_keys() {
        let p = parse(DOC).unwrap();
        let s = JsonPath::root().key("Statement");
        assert_eq!(
            at(&p, DOC, &s.clone().index(0).key("Action").index(1)),
            ("\"s3:Put*\"".into(), (4, 52))
        );
        assert_eq!(
            at(&p, DOC, &s.clone().index(1).key("Action")),
            ("\"iam:*\"".into(), (7, 17))
        );
        // A string where a list may stand: index 0 is the string.
        assert_eq!(
            at(&p, DOC, &s.clone().index(1).key("Action").index(0)),
            ("\"iam:*\"".into(), (7, 17))
        );
        let resource = p.locate(&s.clone().index(1).key("Resource"));
        assert_eq!(&DOC[resource.key.clone().unwrap()], "\"Resource\"");
        assert_eq!(line_col(DOC, resource.value.end), (8, 37));
        // Keys ignoring case; a path that goes on past what exists is not exact.
        assert!(p.locate(&s.clone().index(0).key("effect")).exact);
        let missing = p.locate(&s.clone().index(5));
        assert!(!missing.exact);
        assert_eq!(&DOC[missing.value], &DOC[p.locate(&s).value]);
    }

    #[test]
    fn a_single_statement_object_is_statement_0() {
        let text = "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\"}}";
        let p = parse(text).unwrap();
        let path = JsonPath::root().key("Statement").index(0).key("Action");
        let l = p.locate(&path);
        assert!(l.exact);
        assert_eq!(&text[l.value], "\"s3:*\"");
    }

    #[test]
    fn finds_duplicate_keys() {
        let text = "{\"Statement\": [{\"Effect\": \"Allow\",\n \"Effect\": \"Deny\", \"a\\u0062\": 1, \"ab\": 2}]}";
        let p = parse(text).unwrap();
        assert_eq!(p.duplicates.len(), 2);
        let d = &p.duplicates[0];
        assert_eq!(d.key, "Effect");
        assert_eq!(d.object.to_string(), "Statement[0]");
        assert_eq!(line_col(text, d.span.start), (2, 2));
        assert_eq!(line_col(text, d.first.start), (1, 17));
        // Keys compare decoded, as IAM's parser sees them.
        assert_eq!(p.duplicates[1].key, "ab");
    }

    #[test]
    fn parse_errors_have_a_position() {
        let e = parse("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [,]\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 17), "{e:?}");
        assert!(!e.message.contains("at line"), "{}", e.message);
        let e = parse("{\"é\": 1,}").unwrap_err();
        assert_eq!((e.line, e.column), (1, 9), "{e:?}");
        assert!(parse("").is_err());
    }

    #[test]
    fn no_panic_on_mangled_text() {
        // Every one-character deletion and a few insertions at every place: parse either fails
        // with a position inside the text or gives spans that slice the text.
        let paths = [
            JsonPath::root()
                .key("Statement")
                .index(0)
                .key("Action")
                .index(1),
            JsonPath::root().key("Statement").index(1).key("Resource"),
            JsonPath::root().key("Version"),
        ];
        let chars: Vec<(usize, char)> = DOC.char_indices().collect();
        for &(at, c) in &chars {
            let mut variants = vec![format!("{}{}", &DOC[..at], &DOC[at + c.len_utf8()..])];
            for extra in ["\"", "{", "]", ",", "\\", "é", "\"a\": 1,"] {
                variants.push(format!("{}{extra}{}", &DOC[..at], &DOC[at..]));
            }
            for text in &variants {
                match parse(text) {
                    Ok(p) => {
                        for path in &paths {
                            let l = p.locate(path);
                            assert!(text.get(l.value.clone()).is_some(), "{text}");
                            if let Some(k) = l.key {
                                assert!(text.get(k).is_some(), "{text}");
                            }
                        }
                        for d in &p.duplicates {
                            assert!(text.get(d.span.clone()).is_some(), "{text}");
                        }
                    }
                    Err(e) => {
                        assert!(e.line >= 1 && e.line <= text.lines().count() + 1, "{e:?}");
                        assert!(e.column >= 1, "{e:?}");
                    }
                }
            }
        }
    }
}
