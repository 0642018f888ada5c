//! Unit tests of ARN parsing and matching, on real catalog formats, and a property test of
//! the intersection against a brute-force reference.

use super::*;
use crate::catalog;

fn arn(text: &str) -> Arn {
    match parse_resource(text) {
        Ok(Resource::Arn(arn)) => arn,
        other => panic!("`{text}` did not parse as an ARN: {other:?}"),
    }
}

/// The formats of a catalog resource type.
fn formats(service: &str, resource_type: &str) -> Vec<Format<'static>> {
    let service = catalog::service(service).unwrap();
    let rt = service.resource_type(resource_type).unwrap();
    super::formats(rt).collect()
}

fn matches(service: &str, resource_type: &str, text: &str) -> bool {
    let arn = arn(text);
    formats(service, resource_type)
        .iter()
        .any(|f| match_format(&arn, f).is_ok())
}

fn broad(service: &str, resource_type: &str, text: &str) -> Option<Breadth> {
    let arn = arn(text);
    formats(service, resource_type)
        .iter()
        .filter(|f| match_format(&arn, f).is_ok())
        .find_map(|f| breadth(&arn, f))
}

#[test]
fn parses_star_and_templates() {
    assert_eq!(parse_resource("*"), Ok(Resource::Star));
    let a = arn("arn:${Partition}:s3:::bucket/${aws:username}/*");
    assert_eq!(a.partition(), "${Partition}");
    assert_eq!(a.service(), "s3");
    assert_eq!(a.region(), "");
    assert_eq!(a.account(), "");
    assert_eq!(a.resource, "bucket/${aws:username}/*");
    assert_eq!(
        a.to_text(),
        "arn:${Partition}:s3:::bucket/${aws:username}/*"
    );
    // Colons in the resource part stay there; a policy variable's colon splits nothing.
    let a = arn("arn:aws:logs:${Region}:${Account}:log-group:/aws/lambda/f:*");
    assert_eq!(a.resource, "log-group:/aws/lambda/f:*");
    let a = arn("arn:aws:iam::${aws:PrincipalAccount}:role/x");
    assert_eq!(a.account(), "${aws:PrincipalAccount}");
}

fn malformed(text: &str) -> String {
    match parse_resource(text) {
        Err(ParseError::Malformed { message, .. }) => message,
        other => panic!("`{text}` should be malformed: {other:?}"),
    }
}

#[test]
fn rejects_malformed_arns() {
    assert!(malformed("my-bucket").contains("is not an ARN"));
    assert!(malformed("ARN:aws:s3:::b").contains("is not an ARN"));
    assert!(malformed("arn:aws:s3:b").contains("has 4 colon-separated fields"));
    assert!(malformed("arn:aws::::x").contains("names no service"));
    assert!(malformed("arn:amazon:s3:::b").contains("not an AWS partition"));
    assert!(malformed("arn:aws:S3:::b").contains("not a service"));
    assert!(malformed("arn:aws:dynamodb:eu-west-1:1234:table/t").contains("not an account id"));
    assert!(malformed("arn:aws:s3:::").contains("empty resource part"));
    // Accepted: other partitions, placeholders, wildcards, `aws`, empty accounts.
    for ok in [
        "arn:aws-cn:s3:::b",
        "arn:aws-us-gov:s3:::b",
        "arn:aws-iso-b:s3:::b",
        "arn:*:s3:::b",
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:dynamodb:*:*:table/t",
        "arn:aws:dynamodb:eu-west-1:123456789012:table/t",
        "arn:aws:dynamodb:${Region}:${Account}:table/t",
    ] {
        arn(ok);
    }
}

#[test]
fn reports_malformed_placeholders() {
    assert!(matches!(
        parse_resource("arn:${Partition:s3:::b"),
        Err(ParseError::Placeholder(_))
    ));
    assert!(matches!(
        parse_resource("arn:aws:s3:::${}"),
        Err(ParseError::Placeholder(_))
    ));
}

#[test]
fn s3_bucket_versus_object() {
    assert!(matches("s3", "object", "arn:aws:s3:::my-source-images/*"));
    assert!(matches(
        "s3",
        "object",
        "arn:${Partition}:s3:::b/photos/2026/a.jpg"
    ));
    assert!(!matches("s3", "object", "arn:aws:s3:::my-source-images"));
    assert!(matches("s3", "bucket", "arn:aws:s3:::my-source-images"));
    assert!(
        !matches("s3", "bucket", "arn:aws:s3:::my-source-images/*"),
        "bucket names hold no `/`"
    );
    // A wildcard spanning the slash can be both.
    assert!(matches("s3", "bucket", "arn:aws:s3:::my-*"));
    assert!(matches("s3", "object", "arn:aws:s3:::my-*"));
    // Buckets have no region and no account.
    let a = arn("arn:aws:s3:eu-west-1:123456789012:b/*");
    let f = &formats("s3", "object")[0];
    assert_eq!(match_format(&a, f), Err(Mismatch::Field(Field::Region)));
    let a = arn("arn:aws:s3::123456789012:b/*");
    assert_eq!(match_format(&a, f), Err(Mismatch::Field(Field::Account)));
    let a = arn("arn:aws:dynamodb:::b/*");
    assert_eq!(match_format(&a, f), Err(Mismatch::Field(Field::Service)));
}

#[test]
fn dynamodb_table_versus_index() {
    let table = "arn:aws:dynamodb:${Region}:${Account}:table/ImageMetadataTable";
    assert!(matches("dynamodb", "table", table));
    assert!(!matches("dynamodb", "index", table));
    let index = "arn:aws:dynamodb:${Region}:${Account}:table/T/index/ByDate";
    assert!(matches("dynamodb", "index", index));
    assert!(
        !matches("dynamodb", "table", index),
        "table names hold no `/`"
    );
    assert!(matches(
        "dynamodb",
        "index",
        "arn:aws:dynamodb:*:*:table/T/index/*"
    ));
    // A table ARN needs a region and an account.
    assert!(!matches("dynamodb", "table", "arn:aws:dynamodb:::table/T"));
}

#[test]
fn logs_group_versus_stream() {
    let group = "arn:aws:logs:${Region}:${Account}:log-group:/aws/lambda/resize";
    assert!(matches("logs", "log-group", group));
    assert!(!matches("logs", "log-stream", group));
    let streams = "arn:aws:logs:${Region}:${Account}:log-group:/aws/lambda/resize:*";
    assert!(matches("logs", "log-stream", streams));
    let one = "arn:aws:logs:r:123456789012:log-group:/aws/lambda/f:log-stream:2026/01/01/x";
    assert!(matches("logs", "log-stream", one));
}

#[test]
fn lambda_function_with_qualifier() {
    let base = "arn:aws:lambda:${Region}:${Account}:function:resize";
    assert!(matches("lambda", "function", base));
    assert!(matches("lambda", "function", &format!("{base}:prod")));
    assert!(matches("lambda", "function", &format!("{base}:*")));
    assert!(!matches(
        "lambda",
        "function",
        "arn:aws:lambda:r:123456789012:function:a/b"
    ));
    assert!(!matches(
        "lambda",
        "function",
        "arn:aws:lambda:r:123456789012:layer:x"
    ));
}

#[test]
fn iam_role_with_path() {
    assert!(matches(
        "iam",
        "role",
        "arn:aws:iam::${Account}:role/service-role/resize-role"
    ));
    assert!(matches(
        "iam",
        "role",
        "arn:aws:iam::123456789012:role/app/*"
    ));
    assert!(!matches(
        "iam",
        "role",
        "arn:aws:iam:eu-west-1:123456789012:role/x"
    ));
    assert!(!matches("iam", "user", "arn:aws:iam::123456789012:role/x"));
    assert!(matches(
        "iam",
        "policy",
        "arn:aws:iam::aws:policy/ReadOnlyAccess"
    ));
}

#[test]
fn kafka_cluster_actions_use_kafka_arns() {
    let topic = "arn:aws:kafka:${Region}:${Account}:topic/orders-cluster/*/orders";
    assert!(matches("kafka-cluster", "topic", topic));
    assert!(!matches(
        "kafka-cluster",
        "topic",
        "arn:aws:kafka-cluster:r:123456789012:topic/c/u/t"
    ));
    assert!(matches(
        "kafka-cluster",
        "cluster",
        "arn:aws:kafka:r:123456789012:cluster/c/*"
    ));
}

#[test]
fn sqs_queue_and_secrets_and_parameters() {
    assert!(matches(
        "sqs",
        "queue",
        "arn:aws:sqs:${Region}:${Account}:jobs"
    ));
    assert!(matches(
        "sqs",
        "queue",
        "arn:aws:sqs:${Region}:${Account}:jobs.fifo"
    ));
    assert!(!matches(
        "sqs",
        "queue",
        "arn:aws:sqs:${Region}:${Account}:a/b"
    ));
    let secret = "arn:aws:secretsmanager:${Region}:${Account}:secret:prod/db-??????";
    assert!(matches("secretsmanager", "secret", secret));
    assert!(!matches(
        "secretsmanager",
        "secret",
        "arn:aws:secretsmanager:r:123456789012:db"
    ));
    assert!(matches(
        "ssm",
        "parameter",
        "arn:aws:ssm:${Region}:${Account}:parameter/app/prod/db"
    ));
    assert!(matches(
        "ssm",
        "parameter",
        "arn:aws:ssm:${Region}:${Account}:parameter/app/*"
    ));
    assert!(!matches(
        "ssm",
        "parameter",
        "arn:aws:ssm:${Region}:${Account}:document/x"
    ));
}

#[test]
fn policy_variables_are_concrete_values() {
    assert!(matches(
        "s3",
        "object",
        "arn:aws:s3:::b/home/${aws:username}/*"
    ));
    assert!(matches("s3", "bucket", "arn:aws:s3:::${BucketVar}"));
    // `${*}` is a literal star, not a wildcard: the bucket name ends in `*` and no `/`
    // follows, so it is no object.
    assert!(!matches("s3", "object", "arn:aws:s3:::b${*}"));
    assert!(matches("s3", "object", "arn:aws:s3:::b*"));
}

#[test]
fn breadth_follows_the_first_placeholder() {
    let every = |p: &'static str| Some(Breadth::EveryResource(p));
    assert_eq!(broad("s3", "object", "arn:aws:s3:::*"), every("BucketName"));
    assert_eq!(
        broad("s3", "object", "arn:aws:s3:::*/uploads/*"),
        every("BucketName")
    );
    assert_eq!(broad("s3", "bucket", "arn:aws:s3:::*"), every("BucketName"));
    assert_eq!(broad("s3", "object", "arn:aws:s3:::my-bucket/*"), None);
    assert_eq!(broad("s3", "bucket", "arn:aws:s3:::my-app-*"), None);
    assert_eq!(
        broad(
            "dynamodb",
            "table",
            "arn:aws:dynamodb:r:123456789012:table/*"
        ),
        every("TableName")
    );
    assert_eq!(
        broad("dynamodb", "table", "arn:aws:dynamodb:r:123456789012:*"),
        every("TableName")
    );
    assert_eq!(
        broad(
            "dynamodb",
            "table",
            "arn:aws:dynamodb:*:123456789012:table/T"
        ),
        None
    );
    assert_eq!(
        broad("dynamodb", "table", "arn:aws:dynamodb:r:*:table/T"),
        Some(Breadth::EveryAccount)
    );
    assert_eq!(
        broad(
            "dynamodb",
            "index",
            "arn:aws:dynamodb:r:123456789012:table/T/index/*"
        ),
        None
    );
    assert_eq!(
        broad("s3", "object", "arn:aws:s3:::${aws:username}/*"),
        None
    );
    assert_eq!(
        broad("s3", "bucket", "arn:aws:s3:::??"),
        every("BucketName")
    );
}

#[test]
fn format_placeholders_stop_at_their_delimiter() {
    let p = format_pattern("table/${TableName}/index/${IndexName}");
    let names: Vec<_> = p
        .iter()
        .filter(|e| !e.name.is_empty())
        .map(|e| (e.name, &e.class))
        .collect();
    assert_eq!(names[0], ("TableName", &Class::AnyExcept(vec!['/'])));
    assert_eq!(names[1], ("IndexName", &Class::AnyExcept(vec![])));
    assert_eq!(
        p.iter().filter(|e| e.tag == Tag::FirstPlaceholder).count(),
        1
    );
    let p = format_pattern("${BucketName}");
    assert_eq!(p[0].class, Class::AnyExcept(vec!['/']));
}

#[test]
fn every_catalog_format_parses() {
    let mut count = 0;
    for service in catalog::services() {
        for rt in service.resource_types {
            for f in rt.arn_formats() {
                assert!(Format::parse(f).is_some(), "{}: {f}", service.prefix);
                count += 1;
            }
        }
    }
    assert!(count > 1000, "the catalog has its formats ({count})");
}

#[test]
fn witness_is_a_common_string() {
    let d = declared_pattern("a*b");
    let f = format_pattern("${X}/b");
    let w = intersect(&d, &f, false).unwrap();
    assert!(w.starts_with('a') && w.ends_with("/b"), "{w}");
    assert!(intersect(&declared_pattern("a"), &format_pattern("b"), false).is_none());
    assert!(intersect(&declared_pattern(""), &format_pattern("${X}"), false).is_none());
    assert_eq!(
        intersect(&declared_pattern("*"), &format_pattern(""), false).as_deref(),
        Some("")
    );
}

mod reference {
    //! A brute-force reference: enumerate strings over a small alphabet and match each
    //! against both patterns with a plain backtracking matcher.
    use super::super::*;
    use proptest::prelude::*;

    fn accepts(class: &Class, c: char) -> bool {
        match class {
            Class::Exact(e) => *e == c,
            Class::AnyExcept(set) => !set.contains(&c),
        }
    }

    /// Whether `pattern` matches all of `s`.
    fn full_match(pattern: &[Elem], s: &[char]) -> bool {
        let Some((e, rest)) = pattern.split_first() else {
            return s.is_empty();
        };
        let max = if e.many { s.len() } else { 1.min(s.len()) };
        let min = usize::from(e.at_least_one);
        (min..=max)
            .any(|k| s[..k].iter().all(|&c| accepts(&e.class, c)) && full_match(rest, &s[k..]))
    }

    fn strings(alphabet: &[char], max_len: usize) -> Vec<Vec<char>> {
        let mut all = vec![Vec::new()];
        let mut layer = vec![Vec::new()];
        for _ in 0..max_len {
            let mut next = Vec::new();
            for s in &layer {
                for &c in alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    next.push(t);
                }
            }
            all.extend(next.iter().cloned());
            layer = next;
        }
        all
    }

    fn declared_piece() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("a"),
            Just("b"),
            Just("/"),
            Just("*"),
            Just("?"),
            Just("${V}")
        ]
    }

    fn format_piece() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("a"),
            Just("/"),
            Just("b"),
            Just("${P}"),
            Just("${BucketName}"),
            Just("*")
        ]
    }

    proptest! {
        #[test]
        fn intersection_agrees_with_brute_force(
            d in proptest::collection::vec(declared_piece(), 0..=3),
            f in proptest::collection::vec(format_piece(), 0..=3),
        ) {
            let declared_text = d.concat();
            let format_text: &'static str = Box::leak(f.concat().into_boxed_str());
            let dp = declared_pattern(&declared_text);
            let fp = format_pattern(format_text);
            // A shortest common string needs at most one character per element of each side
            // (a character on which both sides repeat can be dropped), so length 6 suffices.
            let brute = strings(&['a', 'b', '/', 'x'], dp.len() + fp.len())
                .into_iter()
                .find(|s| full_match(&dp, s) && full_match(&fp, s));
            let found = intersect(&dp, &fp, false);
            prop_assert_eq!(brute.is_some(), found.is_some(), "{} vs {}", declared_text, format_text);
            if let Some(w) = found {
                let w: Vec<char> = w.chars().collect();
                prop_assert!(full_match(&dp, &w) && full_match(&fp, &w));
            }
        }
    }
}
