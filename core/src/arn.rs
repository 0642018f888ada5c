//! ARNs and ARN templates: parsing (placeholders, policy variables, `*` and `?`) and matching a
//! declared resource against a resource type's ARN format.
//!
//! # What a declared resource is
//!
//! `"*"`, or `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`: six colon-separated fields, the
//! last one (the resource part) running to the end and free to hold colons itself. A colon inside
//! a `${..}` does not separate fields (`${aws:username}`). Any field may hold `${Name}`
//! placeholders ([`crate::template`]), IAM policy variables, `*` and `?`.
//!
//! # Matching semantics
//!
//! A declaration matches a catalog ARN format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)
//! when both could describe the same concrete ARN:
//!
//! 1. Field by field for partition, service, region and account. A format field that is empty
//!    must be empty in the declaration (S3 bucket and object ARNs have no region and no account:
//!    `arn:aws:s3:::bucket`); a non-empty format field accepts a literal, a placeholder or a
//!    wildcard that can stand for it.
//! 2. The resource part: there must be at least one concrete string that both patterns match.
//!    - In the declaration, a literal character is itself, `*` is any string (also empty), `?` is
//!      any one character, and a `${Name}` placeholder or policy variable is some non-empty
//!      string (its value is not known yet). IAM's escapes `${*}`, `${?}`, `${$}` are the
//!      literal characters.
//!    - In the format, a literal is itself, `*` is any string, and a `${X}` placeholder is a
//!      non-empty string without the delimiter character that follows it in the format
//!      (`${TableName}` in `table/${TableName}/index/${IndexName}` holds no `/`). The last
//!      placeholder may hold anything, except names in [`NO_SLASH_NAMES`], which never hold a
//!      `/` (so that `s3:ListBucket` on `arn:aws:s3:::bucket/*` is rejected).
//!
//!    Both patterns become small automata and the check is a search of their product
//!    ([`intersect`]), never a regular expression built from user text.
//!
//! # Broad resources
//!
//! A declaration is broad for a format ([`breadth`]) when it grants every resource of that type:
//!
//! - its account field is a wildcard where the format names an account (every account's
//!   resources), or
//! - the format's first placeholder of the resource part (the resource's identity: the bucket,
//!   the table, the log group) can be filled by wildcard characters of the declaration alone.
//!   `arn:aws:s3:::*`, `arn:aws:dynamodb:r:a:table/*` and `arn:aws:s3:::*/uploads/*` are broad;
//!   `arn:aws:s3:::bucket/*` (every object of one bucket) and `table/app-*` are not, because a
//!   literal of the declaration names (part of) the identity.

use crate::catalog::ResourceType;
use crate::template::{self, Segment};
use std::collections::VecDeque;

/// Placeholder names whose values never contain a `/`, even as the last placeholder of a
/// format: S3 bucket names, DynamoDB table names, Lambda function names (a qualifier follows a
/// `:`), SQS queue and SNS topic names, Kinesis stream names. Everything else may (IAM role
/// paths, log group names, SSM parameter names, S3 object keys, secret ids).
pub const NO_SLASH_NAMES: &[&str] = &[
    "BucketName",
    "FunctionName",
    "QueueName",
    "StreamName",
    "TableName",
    "TopicName",
];

/// Partitions an ARN may name (`aws-iso*` covers `aws-iso`, `aws-iso-b`, `aws-iso-e`, ...).
pub const PARTITIONS: &[&str] = &["aws", "aws-cn", "aws-us-gov", "aws-eusc"];

/// One of the fields an ARN is checked by, before the resource part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Partition,
    Service,
    Region,
    Account,
}

impl Field {
    pub const ALL: [Field; 4] = [
        Field::Partition,
        Field::Service,
        Field::Region,
        Field::Account,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Field::Partition => "partition",
            Field::Service => "service",
            Field::Region => "region",
            Field::Account => "account",
        }
    }

    const fn index(self) -> usize {
        match self {
            Field::Partition => 0,
            Field::Service => 1,
            Field::Region => 2,
            Field::Account => 3,
        }
    }
}

/// A declared resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resource {
    /// `"*"`: every resource.
    Star,
    Arn(Arn),
}

/// An ARN or ARN template, split into its fields (text as written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    /// partition, service, region, account.
    pub fields: [String; 4],
    /// Everything after the fifth colon.
    pub resource: String,
}

impl Arn {
    pub fn field(&self, field: Field) -> &str {
        &self.fields[field.index()]
    }

    pub fn partition(&self) -> &str {
        self.field(Field::Partition)
    }

    pub fn service(&self) -> &str {
        self.field(Field::Service)
    }

    pub fn region(&self) -> &str {
        self.field(Field::Region)
    }

    pub fn account(&self) -> &str {
        self.field(Field::Account)
    }

    /// The ARN as written.
    pub fn to_text(&self) -> String {
        format!("arn:{}:{}", self.fields.join(":"), self.resource)
    }

    /// The same ARN with one field replaced.
    pub fn with_field(&self, field: Field, value: &str) -> Arn {
        let mut arn = self.clone();
        arn.fields[field.index()] = value.to_string();
        arn
    }

    /// The same ARN with another resource part.
    pub fn with_resource(&self, resource: &str) -> Arn {
        Arn {
            fields: self.fields.clone(),
            resource: resource.to_string(),
        }
    }
}

/// Why a resource does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// A malformed `${..}` (the template's own message and help).
    Placeholder(template::TemplateError),
    /// Not an ARN: message and help.
    Malformed { message: String, help: String },
}

const ARN_SHAPE: &str = "an ARN is `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, as in \
                         `arn:${Partition}:s3:::my-bucket/*`; or use `\"*\"`";

/// Parses a declared resource: `"*"` or an ARN template, checking partition and account.
pub fn parse_resource(text: &str) -> Result<Resource, ParseError> {
    if text == "*" {
        return Ok(Resource::Star);
    }
    let segments = template::parse(text).map_err(ParseError::Placeholder)?;
    let malformed = |message: String, help: String| ParseError::Malformed { message, help };
    let parts = split_fields(text, &segments);
    if parts.first() != Some(&"arn") {
        let help = if text.eq_ignore_ascii_case("arn") || parts[0].eq_ignore_ascii_case("arn") {
            format!("write the prefix in lowercase: {ARN_SHAPE}")
        } else {
            ARN_SHAPE.to_string()
        };
        return Err(malformed(format!("`{text}` is not an ARN"), help));
    }
    if parts.len() < 6 {
        return Err(malformed(
            format!(
                "`{text}` has {} colon-separated fields, an ARN has 6",
                parts.len()
            ),
            ARN_SHAPE.to_string(),
        ));
    }
    let arn = Arn {
        fields: [parts[1], parts[2], parts[3], parts[4]].map(str::to_string),
        resource: parts[5].to_string(),
    };
    let partition = arn.partition();
    let partition_ok = PARTITIONS.contains(&partition)
        || partition.starts_with("aws-iso")
        || has_variable_part(partition);
    if !partition_ok {
        return Err(malformed(
            format!("`{partition}` is not an AWS partition in `{text}`"),
            "use `${Partition}` (resolved to `aws` by default), or one of `aws`, `aws-cn`, \
             `aws-us-gov`"
                .into(),
        ));
    }
    if arn.service().is_empty() {
        return Err(malformed(
            format!("`{text}` names no service"),
            "the third field is the service, as in `arn:${Partition}:s3:::my-bucket`".into(),
        ));
    }
    let service_ok = arn.service().chars().all(|c| {
        c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || matches!(c, '-' | '*' | '?' | '$' | '{' | '}')
    }) || has_variable_part(arn.service());
    if !service_ok {
        return Err(malformed(
            format!("`{}` is not a service in `{text}`", arn.service()),
            "ARN services are lowercase, as in `s3`, `dynamodb`, `kafka`".into(),
        ));
    }
    let account = arn.account();
    let account_ok = account.is_empty()
        || account == "aws"
        || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
        || has_variable_part(account);
    if !account_ok {
        return Err(malformed(
            format!("`{account}` is not an account id in `{text}`"),
            "an account is 12 digits, `${Account}`, `aws` (AWS-owned resources), or empty where \
             the resource type has none"
                .into(),
        ));
    }
    if arn.resource.is_empty() {
        return Err(malformed(
            format!("`{text}` has an empty resource part"),
            "name the resource after the fifth colon, as in `arn:${Partition}:s3:::my-bucket`"
                .into(),
        ));
    }
    Ok(Resource::Arn(arn))
}

/// Whether a field holds a placeholder, a policy variable or a wildcard.
fn has_variable_part(field: &str) -> bool {
    field.contains("${") || field.contains('*') || field.contains('?')
}

/// Splits at colons outside `${..}`, into at most six parts.
fn split_fields<'t>(text: &'t str, segments: &[Segment<'_>]) -> Vec<&'t str> {
    let mut cuts = Vec::new();
    let mut offset = 0;
    for segment in segments {
        match segment {
            Segment::Literal(lit) => {
                cuts.extend(lit.match_indices(':').map(|(i, _)| offset + i));
                offset += lit.len();
            }
            Segment::Placeholder(name) => offset += name.len() + 3,
            Segment::PolicyVariable(whole) => offset += whole.len(),
        }
    }
    let mut parts = Vec::with_capacity(6);
    let mut start = 0;
    for cut in cuts.into_iter().take(5) {
        parts.push(&text[start..cut]);
        start = cut + 1;
    }
    parts.push(&text[start..]);
    parts
}

/// The ARN formats of a catalog resource type, split into fields (a few types have several; a
/// format that is not a six-field ARN is skipped).
pub fn formats(rt: &'static ResourceType) -> impl Iterator<Item = Format<'static>> {
    rt.arn_formats().filter_map(Format::parse)
}

/// A catalog ARN format split into its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Format<'f> {
    pub text: &'f str,
    pub fields: [&'f str; 4],
    pub resource: &'f str,
}

impl<'f> Format<'f> {
    /// Splits a format; `None` when it is not a six-field ARN.
    pub fn parse(text: &'f str) -> Option<Format<'f>> {
        let segments = template::parse(text).ok()?;
        let parts = split_fields(text, &segments);
        if parts.len() != 6 || parts[0] != "arn" {
            return None;
        }
        Some(Format {
            text,
            fields: [parts[1], parts[2], parts[3], parts[4]],
            resource: parts[5],
        })
    }

    pub fn field(&self, field: Field) -> &'f str {
        self.fields[field.index()]
    }
}

/// How a declaration fails to match a format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// This field cannot be the format's (`s3` where the format says `dynamodb`; a region where
    /// the format has none).
    Field(Field),
    /// The resource part describes other resources.
    Resource,
}

/// Whether the declared ARN can name a resource of this format (see the module docs).
pub fn match_format(arn: &Arn, format: &Format<'static>) -> Result<(), Mismatch> {
    for field in Field::ALL {
        if !field_matches(arn.field(field), format.field(field)) {
            return Err(Mismatch::Field(field));
        }
    }
    if resource_matches(&arn.resource, format.resource) {
        Ok(())
    } else {
        Err(Mismatch::Resource)
    }
}

/// One field (partition, service, region, account) against the format's.
pub fn field_matches(declared: &str, format: &'static str) -> bool {
    if format.is_empty() || declared.is_empty() {
        return format.is_empty() && declared.is_empty();
    }
    resource_matches(declared, format)
}

/// The resource part against the format's.
pub fn resource_matches(declared: &str, format: &'static str) -> bool {
    if is_concrete(declared) {
        return matches_concrete(declared, catalog_pattern(format));
    }
    intersect(&declared_pattern(declared), catalog_pattern(format), false).is_some()
}

/// Text without wildcards, placeholders or variables: its pattern is the text itself.
fn is_concrete(text: &str) -> bool {
    !text.contains(['*', '?', '$'])
}

/// Whether a pattern matches concrete text: [`intersect`] of the text's own pattern with
/// `pattern`, without building the product automaton (the common case, and the hot one when
/// linting thousands of policies).
fn matches_concrete(text: &str, pattern: &[Elem]) -> bool {
    let mut buffer = ['\0'; 96];
    let heap: Vec<char>;
    let chars: &[char] = if text.len() <= buffer.len() {
        let mut n = 0;
        for c in text.chars() {
            buffer[n] = c;
            n += 1;
        }
        &buffer[..n]
    } else {
        heap = text.chars().collect();
        &heap
    };
    let n = chars.len();
    // reach[p]: the elements so far can match exactly `chars[..p]`.
    let mut reach = vec![false; 2 * (n + 1)];
    let (mut cur, mut nxt) = (0, n + 1);
    reach[cur] = true;
    for e in pattern {
        reach[nxt..nxt + n + 1].iter_mut().for_each(|b| *b = false);
        let accepts = |c: char| match &e.class {
            Class::Exact(x) => *x == c,
            Class::AnyExcept(set) => !set.contains(&c),
        };
        let mut any = false;
        for p in 0..=n {
            if !reach[cur + p] {
                continue;
            }
            if !e.at_least_one {
                reach[nxt + p] = true;
                any = true;
            }
            let mut q = p;
            while q < n && accepts(chars[q]) {
                q += 1;
                reach[nxt + q] = true;
                any = true;
                if !e.many {
                    break;
                }
            }
        }
        std::mem::swap(&mut cur, &mut nxt);
        if !any {
            return false;
        }
    }
    let reach = &reach[cur..cur + n + 1];
    reach[n]
}

/// Why a declaration that matches a format is broad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breadth {
    /// A wildcard account where the format names one.
    EveryAccount,
    /// Wildcards alone stand for the format's first placeholder (`${BucketName}`), named here.
    EveryResource(&'static str),
}

/// Whether a declaration that matches `format` grants every resource of it (module docs).
pub fn breadth(arn: &Arn, format: &Format<'static>) -> Option<Breadth> {
    let account = arn.account();
    if !format.field(Field::Account).is_empty()
        && (account.contains('*') || account.contains('?'))
        && !account.contains("${")
    {
        return Some(Breadth::EveryAccount);
    }
    let pattern = catalog_pattern(format.resource);
    let first = pattern.iter().find(|e| e.tag == Tag::FirstPlaceholder)?;
    let name = first.name;
    intersect(&declared_pattern(&arn.resource), pattern, true).map(|_| Breadth::EveryResource(name))
}

// ---------------------------------------------------------------------------------------------
// The automata.

/// A set of characters one step of a pattern accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    Exact(char),
    /// Any character except these.
    AnyExcept(Vec<char>),
}

impl Class {
    /// A character in both classes, if there is one.
    fn meet(&self, other: &Class) -> Option<char> {
        match (self, other) {
            (Class::Exact(a), Class::Exact(b)) => (a == b).then_some(*a),
            (Class::Exact(c), Class::AnyExcept(set)) | (Class::AnyExcept(set), Class::Exact(c)) => {
                (!set.contains(c)).then_some(*c)
            }
            (Class::AnyExcept(a), Class::AnyExcept(b)) => {
                FRESH.chars().find(|c| !a.contains(c) && !b.contains(c))
            }
        }
    }
}

/// Characters to pick from when any character would do (the sets excluded are tiny).
const FRESH: &str = "x0yz1q";

/// Where an element comes from, for the breadth check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// A literal character, placeholder or policy variable of a declaration; a literal or a
    /// later placeholder of a format.
    Plain,
    /// `*` or `?` of a declaration.
    Wildcard,
    /// The first placeholder of a format's resource part.
    FirstPlaceholder,
}

/// One element of a pattern: a class repeated `min..=max` times (`max` unbounded when `many`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elem {
    pub class: Class,
    /// At least one character.
    pub at_least_one: bool,
    /// More than one character allowed.
    pub many: bool,
    pub tag: Tag,
    /// The placeholder's name, for messages (empty otherwise).
    pub name: &'static str,
}

impl Elem {
    fn one(class: Class, tag: Tag) -> Elem {
        Elem {
            class,
            at_least_one: true,
            many: false,
            tag,
            name: "",
        }
    }

    fn any_string(tag: Tag) -> Elem {
        Elem {
            class: Class::AnyExcept(Vec::new()),
            at_least_one: false,
            many: true,
            tag,
            name: "",
        }
    }

    fn some(except: Vec<char>, tag: Tag, name: &'static str) -> Elem {
        Elem {
            class: Class::AnyExcept(except),
            at_least_one: true,
            many: true,
            tag,
            name,
        }
    }
}

/// The pattern of a declared field or resource part (module docs).
pub fn declared_pattern(text: &str) -> Vec<Elem> {
    let Ok(segments) = template::parse(text) else {
        return text
            .chars()
            .map(|c| Elem::one(Class::Exact(c), Tag::Plain))
            .collect();
    };
    let mut out = Vec::new();
    for segment in segments {
        match segment {
            Segment::Literal(lit) => out.extend(lit.chars().map(|c| match c {
                '*' => Elem::any_string(Tag::Wildcard),
                '?' => Elem::one(Class::AnyExcept(Vec::new()), Tag::Wildcard),
                c => Elem::one(Class::Exact(c), Tag::Plain),
            })),
            Segment::PolicyVariable(escape @ ("${*}" | "${?}" | "${$}")) => {
                let c = escape.chars().nth(2).unwrap_or('$');
                out.push(Elem::one(Class::Exact(c), Tag::Plain));
            }
            Segment::Placeholder(_) | Segment::PolicyVariable(_) => {
                out.push(Elem::some(Vec::new(), Tag::Plain, ""));
            }
        }
    }
    out
}

/// [`format_pattern`] of a catalog field, built once per process: the catalog's formats are
/// few, and validating a workspace matches thousands of declarations against them. Keyed by the
/// text's address and length (same static text, same pattern).
fn catalog_pattern(text: &'static str) -> &'static [Elem] {
    type Cache = std::sync::Mutex<std::collections::HashMap<(usize, usize), &'static [Elem]>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let key = (text.as_ptr() as usize, text.len());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(pattern) = cache.lock().ok().and_then(|c| c.get(&key).copied()) {
        return pattern;
    }
    // Built outside the lock; a race builds it twice and keeps one (the other leaks, tiny).
    let pattern: &'static [Elem] = Box::leak(format_pattern(text).into_boxed_slice());
    match cache.lock() {
        Ok(mut c) => c.entry(key).or_insert(pattern),
        Err(_) => pattern,
    }
}

/// The pattern of a catalog format's field or resource part (module docs).
pub fn format_pattern(text: &'static str) -> Vec<Elem> {
    let Ok(segments) = template::parse(text) else {
        return text
            .chars()
            .map(|c| Elem::one(Class::Exact(c), Tag::Plain))
            .collect();
    };
    let mut out = Vec::new();
    let mut seen_placeholder = false;
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            Segment::Literal(lit) | Segment::PolicyVariable(lit) => {
                out.extend(lit.chars().map(|c| match c {
                    '*' => Elem::any_string(Tag::Plain),
                    c => Elem::one(Class::Exact(c), Tag::Plain),
                }))
            }
            Segment::Placeholder(name) => {
                let next = match segments.get(i + 1) {
                    Some(Segment::Literal(lit)) => lit.chars().next().filter(|c| *c != '*'),
                    _ => None,
                };
                let except = match next {
                    Some(c) => vec![c],
                    None if NO_SLASH_NAMES.contains(&name) => vec!['/'],
                    None => Vec::new(),
                };
                let tag = if seen_placeholder {
                    Tag::Plain
                } else {
                    Tag::FirstPlaceholder
                };
                seen_placeholder = true;
                out.push(Elem::some(except, tag, name));
            }
        }
    }
    out
}

/// A string both patterns match, if there is one: a breadth-first search of the product of
/// their automata. State `i` of a pattern is "before element `i`"; an element that may be empty
/// can be skipped, one that repeats can stay, every other step consumes one character that
/// both elements accept.
///
/// With `first_by_wildcard`, a character of the format's [`Tag::FirstPlaceholder`] must come
/// from a [`Tag::Wildcard`] element of the declaration (the breadth check).
pub fn intersect(declared: &[Elem], format: &[Elem], first_by_wildcard: bool) -> Option<String> {
    let (n, m) = (declared.len(), format.len());
    let width = m + 1;
    let index = |i: usize, j: usize| i * width + j;
    // Per state: how it was reached (previous state, character consumed or none).
    let mut parent: Vec<Option<(usize, Option<char>)>> = vec![None; (n + 1) * width];
    let mut seen = vec![false; (n + 1) * width];
    let mut queue = VecDeque::new();
    seen[0] = true;
    queue.push_back((0, 0));
    let mut visit = |from: usize, to: (usize, usize), c: Option<char>, queue: &mut VecDeque<_>| {
        let k = index(to.0, to.1);
        if !seen[k] {
            seen[k] = true;
            parent[k] = Some((from, c));
            queue.push_back(to);
        }
    };
    while let Some((i, j)) = queue.pop_front() {
        let here = index(i, j);
        if i == n && j == m {
            break;
        }
        // Skip an element that may match nothing.
        if i < n && !declared[i].at_least_one {
            visit(here, (i + 1, j), None, &mut queue);
        }
        if j < m && !format[j].at_least_one {
            visit(here, (i, j + 1), None, &mut queue);
        }
        if i == n || j == m {
            continue;
        }
        let (d, f) = (&declared[i], &format[j]);
        if first_by_wildcard && f.tag == Tag::FirstPlaceholder && d.tag != Tag::Wildcard {
            continue;
        }
        let Some(c) = d.class.meet(&f.class) else {
            continue;
        };
        // Consume one character: each side either stays on a repeating element (possible only
        // for `*`, which needs no more) or moves past it.
        let d_moves: &[usize] = match (d.many, d.at_least_one) {
            (false, _) => &[1],
            (true, false) => &[0],
            (true, true) => &[0, 1],
        };
        let f_moves: &[usize] = match (f.many, f.at_least_one) {
            (false, _) => &[1],
            (true, false) => &[0],
            (true, true) => &[0, 1],
        };
        for &di in d_moves {
            for &fj in f_moves {
                visit(here, (i + di, j + fj), Some(c), &mut queue);
            }
        }
    }
    let goal = index(n, m);
    if !seen[goal] {
        return None;
    }
    let mut chars = Vec::new();
    let mut k = goal;
    while let Some((prev, c)) = parent[k] {
        chars.extend(c);
        k = prev;
    }
    Some(chars.into_iter().rev().collect())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod cache_tests {
    use super::*;

    #[test]
    fn the_concrete_fast_path_agrees_with_the_automaton() {
        let formats: Vec<&'static str> = crate::catalog::services()
            .iter()
            .flat_map(|s| s.resource_types.iter())
            .flat_map(|rt| rt.arn_formats())
            .filter_map(|f| Format::parse(f).map(|f| f.resource))
            .collect();
        let texts = [
            "b",
            "b/k",
            "b/k/x.txt",
            "table/T",
            "table/T/index/I",
            "table/T/stream/2024",
            "function:f",
            "function:f:1",
            "secret:db-AbCdEf",
            "role/r",
            "role/path/r",
            "key/1",
            "parameter/a/b",
            "log-group:/aws/lambda/f:log-stream:s",
            "",
            ":",
            "/",
            "a:b/c",
        ];
        let mut agreed = 0;
        for format in &formats {
            for text in texts {
                let slow = intersect(&declared_pattern(text), catalog_pattern(format), false);
                assert_eq!(
                    matches_concrete(text, catalog_pattern(format)),
                    slow.is_some(),
                    "`{text}` against `{format}`"
                );
                agreed += 1;
            }
        }
        assert!(agreed > 10_000, "{agreed}");
    }

    #[test]
    fn a_catalog_pattern_is_built_once_and_equals_the_fresh_one() {
        let text: &'static str = "table/${TableName}/index/${IndexName}";
        let first = catalog_pattern(text);
        assert_eq!(first, format_pattern(text).as_slice());
        assert!(std::ptr::eq(first, catalog_pattern(text)));
        // Another text of the same length is another key.
        let other: &'static str = "table/${TableName}/stream/${Stream}";
        assert_eq!(catalog_pattern(other), format_pattern(other).as_slice());
    }
}
