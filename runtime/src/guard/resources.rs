//! From an SDK call's input to the resource ARN(s) IAM checks it on.
//!
//! Input fields are read from the typed input for the services whose SDK crate is enabled
//! (`guard-s3`, `guard-dynamodb`, `guard-sqs`), otherwise from the input's `Debug` text (every
//! SDK input implements `Debug`, with the same snake-case field names as its builder). The ARN
//! is then built per service from the field values, the client's region and the guard's
//! partition and account.

use aws_smithy_runtime_api::client::interceptors::context::Input;
use lambda_iam_catalog::operations::{Need, SdkService};

/// Field values of one input: `(field, values)`; a list field (SSM `names`) has several.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fields(Vec<(&'static str, Vec<String>)>);

impl Fields {
    pub fn with(mut self, field: &'static str, value: Option<&str>) -> Fields {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.0.push((field, vec![value.to_string()]));
        }
        self
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.all(field).first().map(String::as_str)
    }

    pub fn all(&self, field: &str) -> &[String] {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[], |(_, v)| v.as_slice())
    }
}

/// Where the ARN's parts come from.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub partition: &'a str,
    pub region: &'a str,
    pub account: &'a str,
}

/// Reads the resource fields of `service` from the input.
pub fn fields(service: &SdkService, operation: &str, input: &Input) -> Fields {
    if let Some(fields) = typed(service.iam_prefix, operation, input) {
        return fields;
    }
    if service.resource_fields.is_empty() {
        return Fields::default();
    }
    from_debug(&format!("{input:?}"), service.resource_fields)
}

#[allow(unused_variables)]
fn typed(prefix: &str, operation: &str, input: &Input) -> Option<Fields> {
    match prefix {
        #[cfg(feature = "guard-s3")]
        "s3" => s3(input),
        #[cfg(feature = "guard-dynamodb")]
        "dynamodb" => dynamodb(input),
        #[cfg(feature = "guard-sqs")]
        "sqs" => sqs(input),
        _ => None,
    }
}

/// Tries each input type in turn: a `TypeId` comparison each.
#[cfg(any(
    feature = "guard-s3",
    feature = "guard-dynamodb",
    feature = "guard-sqs"
))]
macro_rules! downcast {
    ($input:expr, |$i:ident| $body:expr, $($ty:ty),+ $(,)?) => {
        $( if let Some($i) = $input.downcast_ref::<$ty>() { return Some($body); } )+
    };
}

#[cfg(feature = "guard-s3")]
fn s3(input: &Input) -> Option<Fields> {
    use aws_sdk_s3::operation::*;
    let f = Fields::default;
    downcast!(
        input,
        |i| f().with("bucket", i.bucket()).with("key", i.key()),
        get_object::GetObjectInput,
        put_object::PutObjectInput,
        head_object::HeadObjectInput,
        delete_object::DeleteObjectInput,
        create_multipart_upload::CreateMultipartUploadInput,
        upload_part::UploadPartInput,
        complete_multipart_upload::CompleteMultipartUploadInput,
        abort_multipart_upload::AbortMultipartUploadInput,
        list_parts::ListPartsInput,
        get_object_tagging::GetObjectTaggingInput,
        put_object_tagging::PutObjectTaggingInput,
        delete_object_tagging::DeleteObjectTaggingInput,
        get_object_acl::GetObjectAclInput,
        put_object_acl::PutObjectAclInput,
        get_object_attributes::GetObjectAttributesInput,
        restore_object::RestoreObjectInput,
    );
    downcast!(
        input,
        |i| f()
            .with("bucket", i.bucket())
            .with("key", i.key())
            .with("copy_source", i.copy_source()),
        copy_object::CopyObjectInput,
        upload_part_copy::UploadPartCopyInput,
    );
    downcast!(
        input,
        |i| f().with("bucket", i.bucket()),
        list_objects_v2::ListObjectsV2Input,
        list_objects::ListObjectsInput,
        head_bucket::HeadBucketInput,
        list_object_versions::ListObjectVersionsInput,
        list_multipart_uploads::ListMultipartUploadsInput,
        delete_objects::DeleteObjectsInput,
        get_bucket_location::GetBucketLocationInput,
        create_bucket::CreateBucketInput,
        delete_bucket::DeleteBucketInput,
        get_bucket_policy::GetBucketPolicyInput,
        get_bucket_tagging::GetBucketTaggingInput,
    );
    None
}

#[cfg(feature = "guard-dynamodb")]
fn dynamodb(input: &Input) -> Option<Fields> {
    use aws_sdk_dynamodb::operation::*;
    let f = Fields::default;
    downcast!(
        input,
        |i| f()
            .with("table_name", i.table_name())
            .with("index_name", i.index_name()),
        query::QueryInput,
        scan::ScanInput,
    );
    downcast!(
        input,
        |i| f().with("table_name", i.table_name()),
        get_item::GetItemInput,
        put_item::PutItemInput,
        update_item::UpdateItemInput,
        delete_item::DeleteItemInput,
        describe_table::DescribeTableInput,
        create_table::CreateTableInput,
        delete_table::DeleteTableInput,
        update_table::UpdateTableInput,
    );
    if let Some(i) = input.downcast_ref::<batch_get_item::BatchGetItemInput>() {
        return Some(tables(i.request_items().map(|m| m.keys())));
    }
    if let Some(i) = input.downcast_ref::<batch_write_item::BatchWriteItemInput>() {
        return Some(tables(i.request_items().map(|m| m.keys())));
    }
    None
}

#[cfg(feature = "guard-dynamodb")]
fn tables<'a>(names: Option<impl Iterator<Item = &'a String>>) -> Fields {
    let mut names: Vec<String> = names.into_iter().flatten().cloned().collect();
    names.sort();
    let mut fields = Fields::default();
    if !names.is_empty() {
        fields.0.push(("table_name", names));
    }
    fields
}

#[cfg(feature = "guard-sqs")]
fn sqs(input: &Input) -> Option<Fields> {
    use aws_sdk_sqs::operation::*;
    let f = Fields::default;
    downcast!(
        input,
        |i| f().with("queue_url", i.queue_url()),
        send_message::SendMessageInput,
        send_message_batch::SendMessageBatchInput,
        receive_message::ReceiveMessageInput,
        delete_message::DeleteMessageInput,
        delete_message_batch::DeleteMessageBatchInput,
        change_message_visibility::ChangeMessageVisibilityInput,
        change_message_visibility_batch::ChangeMessageVisibilityBatchInput,
        get_queue_attributes::GetQueueAttributesInput,
        purge_queue::PurgeQueueInput,
        delete_queue::DeleteQueueInput,
        set_queue_attributes::SetQueueAttributesInput,
    );
    None
}

/// Reads `field: Some("value")` and `field: Some(["a", "b"])` out of an input's `Debug` text
/// (the first occurrence of each field).
pub fn from_debug(text: &str, wanted: &[&'static str]) -> Fields {
    let mut fields = Fields::default();
    for &field in wanted {
        let needle = format!(" {field}: Some(");
        let Some(at) = text.find(&needle) else {
            continue;
        };
        let rest = &text[at + needle.len()..];
        let values = if let Some(list) = rest.strip_prefix('[') {
            let mut values = Vec::new();
            let mut rest = list;
            while let Some(after) = rest.strip_prefix('"') {
                let Some((value, tail)) = debug_string(after) else {
                    break;
                };
                values.push(value);
                rest = tail.trim_start_matches([',', ' ']);
            }
            values
        } else if let Some(after) = rest.strip_prefix('"') {
            debug_string(after)
                .map(|(v, _)| vec![v])
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if !values.is_empty() {
            fields.0.push((field, values));
        }
    }
    fields
}

/// The string that `Debug` wrote after an opening quote, unescaped, and what follows it.
fn debug_string(text: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &text[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                'u' => {
                    // \u{XXXX}
                    let hex: String = chars
                        .by_ref()
                        .map(|(_, c)| c)
                        .skip(1)
                        .take_while(|c| *c != '}')
                        .collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The ARNs `need` is checked on, or `None` when the input does not say (the guard then checks
/// the action alone). `action_resource_types` are the catalog's resource types of the action:
/// empty means the action takes only `*`.
pub fn arns(
    prefix: &str,
    need: &Need,
    fields: &Fields,
    scope: Scope<'_>,
    action_resource_types: &[&str],
) -> Option<Vec<String>> {
    if action_resource_types.is_empty() {
        return Some(vec!["*".to_string()]);
    }
    let Scope {
        partition: p,
        region: r,
        account: a,
    } = scope;
    let supports = |t: &str| action_resource_types.contains(&t);
    let one = |arn: String| Some(vec![arn]);
    match prefix {
        "s3" => {
            if need.resource == "copy_source" {
                return fields
                    .get("copy_source")
                    .and_then(|s| copy_source(p, s))
                    .map(|a| vec![a]);
            }
            let bucket = fields.get("bucket")?;
            let bucket_arn = if bucket.starts_with("arn:") {
                bucket.to_string()
            } else {
                format!("arn:{p}:s3:::{bucket}")
            };
            let object = supports("object") && need.resource != "bucket";
            match (object, fields.get("key")) {
                (true, Some(key)) if bucket.starts_with("arn:") => {
                    one(format!("{bucket_arn}/object/{key}"))
                }
                (true, Some(key)) => one(format!("{bucket_arn}/{key}")),
                (true, None) if !supports("bucket") => None,
                _ => one(bucket_arn),
            }
        }
        "dynamodb" => {
            let tables = fields.all("table_name");
            if tables.is_empty() {
                return None;
            }
            let index = fields.get("index_name").filter(|_| supports("index"));
            Some(
                tables
                    .iter()
                    .map(|table| {
                        let table = if table.starts_with("arn:") {
                            table.clone()
                        } else {
                            format!("arn:{p}:dynamodb:{r}:{a}:table/{table}")
                        };
                        match index {
                            Some(index) => format!("{table}/index/{index}"),
                            None => table,
                        }
                    })
                    .collect(),
            )
        }
        "sqs" => one(queue_arn(p, r, a, fields.get("queue_url")?)),
        "sns" => one(fields.get("topic_arn")?.to_string()),
        "lambda" => one(function_arn(
            p,
            r,
            a,
            fields.get("function_name")?,
            fields.get("qualifier"),
        )),
        "secretsmanager" => {
            let id = fields.get("secret_id")?;
            if id.starts_with("arn:") {
                one(id.to_string())
            } else {
                // A secret's ARN ends in `-` and six random characters the name does not carry;
                // policies write `name-??????` or `name-*`, which this stands in for.
                one(format!("arn:{p}:secretsmanager:{r}:{a}:secret:{id}-XXXXXX"))
            }
        }
        "ssm" => {
            let mut names: Vec<&String> = fields.all("name").iter().collect();
            names.extend(fields.all("names"));
            if names.is_empty() {
                return None;
            }
            Some(
                names
                    .into_iter()
                    .map(|name| {
                        if name.starts_with("arn:") {
                            name.clone()
                        } else {
                            let name = name.strip_prefix('/').unwrap_or(name);
                            format!("arn:{p}:ssm:{r}:{a}:parameter/{name}")
                        }
                    })
                    .collect(),
            )
        }
        "kms" => {
            let key = fields.get("key_id")?;
            if key.starts_with("arn:") {
                one(key.to_string())
            } else if key.starts_with("alias/") {
                one(format!("arn:{p}:kms:{r}:{a}:{key}"))
            } else {
                one(format!("arn:{p}:kms:{r}:{a}:key/{key}"))
            }
        }
        "events" => {
            let bus = fields.get("event_bus_name").unwrap_or("default");
            if bus.starts_with("arn:") {
                one(bus.to_string())
            } else {
                one(format!("arn:{p}:events:{r}:{a}:event-bus/{bus}"))
            }
        }
        "states" => one(fields.get("state_machine_arn")?.to_string()),
        "kinesis" => match (fields.get("stream_arn"), fields.get("stream_name")) {
            (Some(arn), _) => one(arn.to_string()),
            (None, Some(name)) => one(format!("arn:{p}:kinesis:{r}:{a}:stream/{name}")),
            (None, None) => None,
        },
        "firehose" => one(format!(
            "arn:{p}:firehose:{r}:{a}:deliverystream/{}",
            fields.get("delivery_stream_name")?
        )),
        "rds-data" => one(fields.get("resource_arn")?.to_string()),
        _ => None,
    }
}

/// `bucket/key`, `/bucket/key?versionId=..` or an access point ARN, URL-encoded as S3 wants it.
fn copy_source(partition: &str, source: &str) -> Option<String> {
    let source = source.split_once('?').map_or(source, |(s, _)| s);
    let source = percent_decode(source.strip_prefix('/').unwrap_or(source));
    if source.starts_with("arn:") {
        return Some(source);
    }
    let (bucket, key) = source.split_once('/')?;
    Some(format!("arn:{partition}:s3:::{bucket}/{key}"))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `https://sqs.eu-west-1.amazonaws.com/123456789012/jobs` → `arn:aws:sqs:eu-west-1:123456789012:jobs`.
/// The region comes from the host when it names one, the account and name from the path.
pub fn queue_arn(partition: &str, region: &str, account: &str, url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (host, path) = without_scheme
        .split_once('/')
        .unwrap_or((without_scheme, ""));
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let (queue_account, name) = match (segments.next(), segments.next()) {
        (Some(acc), Some(name)) => (acc, name),
        (Some(name), None) => (account, name),
        _ => (account, ""),
    };
    let host_region = host
        .split('.')
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[0] == "sqs")
        .map(|w| w[1])
        .filter(|r| r.contains('-'));
    let region = host_region.unwrap_or(region);
    format!("arn:{partition}:sqs:{region}:{queue_account}:{name}")
}

/// A function name, partial ARN (`123456789012:function:name`), or ARN, with an optional
/// qualifier (version or alias), as Lambda accepts them.
pub fn function_arn(
    partition: &str,
    region: &str,
    account: &str,
    name: &str,
    qualifier: Option<&str>,
) -> String {
    let base = if name.starts_with("arn:") {
        name.to_string()
    } else if name.contains(":function:") {
        format!("arn:{partition}:lambda:{region}:{name}")
    } else {
        format!("arn:{partition}:lambda:{region}:{account}:function:{name}")
    };
    match qualifier {
        Some(q) if !base.ends_with(&format!(":{q}")) => format!("{base}:{q}"),
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCOPE: Scope<'static> = Scope {
        partition: "aws",
        region: "eu-west-1",
        account: "123456789012",
    };

    fn need(service: &'static str, action: &'static str, resource: &'static str) -> Need {
        Need {
            service,
            action,
            resource,
        }
    }

    #[test]
    fn debug_text_fields_with_escapes_and_lists() {
        let text = r#"GetParametersInput { names: Some(["/app/a", "/app/\"b\""]), with_decryption: Some(true) }"#;
        let fields = from_debug(text, &["name", "names"]);
        assert_eq!(fields.all("names"), ["/app/a", "/app/\"b\""]);
        assert_eq!(fields.get("name"), None);
        let text =
            r#"PublishInput { topic_arn: Some("arn:aws:sns:eu-west-1:1:t"), message: Some("x") }"#;
        assert_eq!(
            from_debug(text, &["topic_arn"]).get("topic_arn"),
            Some("arn:aws:sns:eu-west-1:1:t")
        );
        // A field name inside another is not that field.
        let text = r#"X { sse_customer_key: Some("k"), key: Some("real") }"#;
        assert_eq!(from_debug(text, &["key"]).get("key"), Some("real"));
    }

    #[test]
    fn s3_objects_buckets_and_copy_sources() {
        let fields = Fields::default()
            .with("bucket", Some("src"))
            .with("key", Some("a/b.png"));
        let get = arns(
            "s3",
            &need("s3", "GetObject", "key"),
            &fields,
            SCOPE,
            &["object"],
        );
        assert_eq!(get.unwrap(), ["arn:aws:s3:::src/a/b.png"]);
        let list = arns(
            "s3",
            &need("s3", "ListBucket", "bucket"),
            &fields,
            SCOPE,
            &["bucket"],
        );
        assert_eq!(list.unwrap(), ["arn:aws:s3:::src"]);
        let copy = Fields::default().with("copy_source", Some("/src/dir%2Fa.png?versionId=1"));
        let source = arns(
            "s3",
            &need("s3", "GetObject", "copy_source"),
            &copy,
            SCOPE,
            &["object"],
        );
        assert_eq!(source.unwrap(), ["arn:aws:s3:::src/dir/a.png"]);
        assert_eq!(
            arns(
                "s3",
                &need("s3", "ListAllMyBuckets", ""),
                &fields,
                SCOPE,
                &[]
            )
            .unwrap(),
            ["*"]
        );
    }

    #[test]
    fn queue_urls_function_names_and_secrets() {
        assert_eq!(
            queue_arn(
                "aws",
                "us-east-1",
                "1",
                "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"
            ),
            "arn:aws:sqs:eu-west-1:123456789012:jobs"
        );
        assert_eq!(
            queue_arn(
                "aws",
                "eu-west-1",
                "1",
                "http://127.0.0.1:4566/123456789012/jobs"
            ),
            "arn:aws:sqs:eu-west-1:123456789012:jobs"
        );
        assert_eq!(
            function_arn("aws", "eu-west-1", "123456789012", "resize", Some("live")),
            "arn:aws:lambda:eu-west-1:123456789012:function:resize:live"
        );
        assert_eq!(
            function_arn(
                "aws",
                "eu-west-1",
                "1",
                "arn:aws:lambda:us-east-1:2:function:f:live",
                Some("live")
            ),
            "arn:aws:lambda:us-east-1:2:function:f:live"
        );
        let secret = Fields::default().with("secret_id", Some("db/password"));
        assert_eq!(
            arns(
                "secretsmanager",
                &need("secretsmanager", "GetSecretValue", ""),
                &secret,
                SCOPE,
                &["secret"]
            )
            .unwrap(),
            ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db/password-XXXXXX"]
        );
        let table = Fields::default()
            .with("table_name", Some("T"))
            .with("index_name", Some("ByDate"));
        assert_eq!(
            arns(
                "dynamodb",
                &need("dynamodb", "Query", ""),
                &table,
                SCOPE,
                &["index", "table"]
            )
            .unwrap(),
            ["arn:aws:dynamodb:eu-west-1:123456789012:table/T/index/ByDate"]
        );
        // No resource field: the action alone is checked.
        assert_eq!(
            arns(
                "dynamodb",
                &need("dynamodb", "PutItem", ""),
                &Fields::default(),
                SCOPE,
                &["table"]
            ),
            None
        );
    }
}
