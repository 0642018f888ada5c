//! The pure part of the handler: which objects a notification asks us to process, and where their
//! smaller copies go. No AWS calls here, so it is tested without any.

use std::fmt;

use aws_lambda_events::event::s3::S3Event;

/// The only bucket this function may read (`s3:GetObject` on `my-source-images/*`).
pub const SOURCE_BUCKET: &str = "my-source-images";

/// What the resized copy's key gets before its extension.
const RESIZED_SUFFIX: &str = "-resized";

/// One object to resize.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    pub bucket: String,
    /// The object key, URL-decoded (S3 notifications encode keys like HTML form values).
    pub key: String,
}

impl WorkItem {
    /// The DynamoDB partition key of the object's metadata: `bucket/key`.
    pub fn image_id(&self) -> String {
        format!("{}/{}", self.bucket, self.key)
    }
}

/// A notification this function cannot act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkError {
    /// Record `index` has no bucket name or no object key.
    Incomplete { index: usize },
    /// Record `index` comes from a bucket the function may not read: the trigger is misconfigured.
    ForeignBucket { index: usize, bucket: String },
    /// Record `index` has a key that is not valid URL encoding of UTF-8.
    BadKey { index: usize, key: String },
}

impl fmt::Display for WorkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Incomplete { index } => {
                write!(f, "record {index} has no bucket name or object key")
            }
            Self::ForeignBucket { index, bucket } => write!(
                f,
                "record {index} comes from bucket `{bucket}`, but this function reads only \
                 `{SOURCE_BUCKET}`: check the bucket notification"
            ),
            Self::BadKey { index, key } => {
                write!(f, "record {index} has a malformed object key `{key}`")
            }
        }
    }
}

impl std::error::Error for WorkError {}

/// The objects a notification asks us to resize, in record order.
///
/// Only `ObjectCreated:*` records count; other records (deletions, the `s3:TestEvent` S3 sends
/// when a notification is configured) are skipped.
pub fn work_items(event: &S3Event) -> Result<Vec<WorkItem>, WorkError> {
    let mut items = Vec::new();
    for (index, record) in event.records.iter().enumerate() {
        let created = record
            .event_name
            .as_deref()
            .is_some_and(|name| name.starts_with("ObjectCreated:"));
        if !created {
            continue;
        }
        let (Some(bucket), Some(raw_key)) = (&record.s3.bucket.name, &record.s3.object.key) else {
            return Err(WorkError::Incomplete { index });
        };
        if bucket != SOURCE_BUCKET {
            return Err(WorkError::ForeignBucket {
                index,
                bucket: bucket.clone(),
            });
        }
        let key = decode_key(raw_key).ok_or_else(|| WorkError::BadKey {
            index,
            key: raw_key.clone(),
        })?;
        items.push(WorkItem {
            bucket: bucket.clone(),
            key,
        });
    }
    Ok(items)
}

/// Decodes an object key as S3 notifications send it: `+` is a space, `%XX` a byte, and the bytes
/// are UTF-8. `None` for a truncated or non-hex escape, or bytes that are not UTF-8.
pub fn decode_key(raw: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut input = raw.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = hex_digit(input.next()?)?;
                let low = hex_digit(input.next()?)?;
                bytes.push(high << 4 | low);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).ok()
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte).to_digit(16).map(|d| d as u8)
}

/// The key of the resized copy: the suffix goes before the extension of the last path segment,
/// `photos/cat.jpg` → `photos/cat-resized.jpg`; a name without extension just gets the suffix.
pub fn resized_key(key: &str) -> String {
    let name_start = key.rfind('/').map_or(0, |slash| slash + 1);
    let name = &key[name_start..];
    // A leading dot (`.profile`) starts a hidden name, not an extension.
    match name.rfind('.').filter(|&dot| dot > 0) {
        Some(dot) => {
            let split = name_start + dot;
            format!("{}{RESIZED_SUFFIX}{}", &key[..split], &key[split..])
        }
        None => format!("{key}{RESIZED_SUFFIX}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A notification as S3 sends it, with a second record from the same upload batch.
    fn sample_event() -> S3Event {
        serde_json::from_str(include_str!("../events/s3-put.json")).unwrap()
    }

    /// The sample notification with the first record's bucket, key and event name replaced.
    fn event_with(bucket: Option<&str>, key: Option<&str>, event_name: &str) -> S3Event {
        let mut json: serde_json::Value =
            serde_json::from_str(include_str!("../events/s3-put.json")).unwrap();
        let record = &mut json["Records"][0];
        record["eventName"] = event_name.into();
        record["s3"]["bucket"]["name"] = bucket.into();
        record["s3"]["object"]["key"] = key.into();
        json["Records"].as_array_mut().unwrap().truncate(1);
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn every_created_object_becomes_a_work_item_with_its_key_decoded() {
        let items = work_items(&sample_event()).unwrap();
        assert_eq!(
            items,
            [
                WorkItem {
                    bucket: "my-source-images".into(),
                    key: "photos/2026/cat on sofa.jpg".into(),
                },
                WorkItem {
                    bucket: "my-source-images".into(),
                    key: "photos/2026/café.png".into(),
                },
            ]
        );
        assert_eq!(
            items[0].image_id(),
            "my-source-images/photos/2026/cat on sofa.jpg"
        );
    }

    #[test]
    fn records_other_than_object_created_are_skipped() {
        let event = event_with(
            Some("my-source-images"),
            Some("a.jpg"),
            "ObjectRemoved:Delete",
        );
        assert_eq!(work_items(&event).unwrap(), []);
    }

    #[test]
    fn a_record_from_another_bucket_is_an_error() {
        let event = event_with(Some("someone-elses"), Some("a.jpg"), "ObjectCreated:Put");
        let error = work_items(&event).unwrap_err();
        assert_eq!(
            error,
            WorkError::ForeignBucket {
                index: 0,
                bucket: "someone-elses".into()
            }
        );
        assert!(error.to_string().contains("`my-source-images`"));
    }

    #[test]
    fn a_record_without_bucket_or_key_is_an_error() {
        let no_key = event_with(Some("my-source-images"), None, "ObjectCreated:Put");
        assert_eq!(work_items(&no_key), Err(WorkError::Incomplete { index: 0 }));
        let no_bucket = event_with(None, Some("a.jpg"), "ObjectCreated:Put");
        assert_eq!(
            work_items(&no_bucket),
            Err(WorkError::Incomplete { index: 0 })
        );
    }

    #[test]
    fn a_malformed_key_is_an_error() {
        let event = event_with(
            Some("my-source-images"),
            Some("bad%zzkey"),
            "ObjectCreated:Put",
        );
        assert_eq!(
            work_items(&event),
            Err(WorkError::BadKey {
                index: 0,
                key: "bad%zzkey".into()
            })
        );
    }

    #[test]
    fn keys_are_decoded_like_form_values() {
        assert_eq!(
            decode_key("plain/key.jpg").as_deref(),
            Some("plain/key.jpg")
        );
        assert_eq!(decode_key("a+b%2Bc").as_deref(), Some("a b+c"));
        assert_eq!(decode_key("%E2%82%ac").as_deref(), Some("€"));
        assert_eq!(decode_key("trailing%2"), None);
        assert_eq!(decode_key("%g0"), None);
        assert_eq!(decode_key("%FF"), None, "not UTF-8");
    }

    #[test]
    fn resized_keys_put_the_suffix_before_the_extension() {
        assert_eq!(resized_key("photos/cat.jpg"), "photos/cat-resized.jpg");
        assert_eq!(resized_key("cat.tar.gz"), "cat.tar-resized.gz");
        assert_eq!(resized_key("README"), "README-resized");
        assert_eq!(resized_key("v1.2/README"), "v1.2/README-resized");
        assert_eq!(resized_key("dir/.hidden"), "dir/.hidden-resized");
        assert_eq!(resized_key("dir/"), "dir/-resized");
    }
}
