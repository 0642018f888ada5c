//! The reviewed override table: SDK operations whose IAM actions the derived mapping (an
//! action's `api_documentation_link`, or "operation name = action name") gets wrong or cannot
//! know. Each entry says why. `kms:` actions in `implied` are needed only when the object or
//! bucket uses SSE-KMS; the guard does not check them, `cargo iam` may suggest them.
//!
//! Deliberately NOT overridden (the derived action is the one AWS authorizes, checked against
//! AWS's operation → authorized-actions reference): DynamoDB `BatchWriteItem` and `BatchGetItem`
//! (IAM has `dynamodb:BatchWriteItem` / `dynamodb:BatchGetItem`, and AWS authorizes the batch
//! call against them), Lambda `InvokeAsync` (authorized as the deprecated `lambda:InvokeAsync`).

/// One override: `needs` are `(action, resource role)` pairs, the role naming the input field
/// that gives the resource (see `lambda_iam_catalog::operations::Need::resource`).
#[derive(Debug)]
pub struct Override {
    pub service: &'static str,
    pub operation: &'static str,
    pub needs: &'static [(&'static str, &'static str)],
    pub any_of: bool,
    pub implied: &'static [&'static str],
    pub why: &'static str,
}

const fn all(
    service: &'static str,
    operation: &'static str,
    needs: &'static [(&'static str, &'static str)],
    implied: &'static [&'static str],
    why: &'static str,
) -> Override {
    Override {
        service,
        operation,
        needs,
        any_of: false,
        implied,
        why,
    }
}

const fn one_of(
    service: &'static str,
    operation: &'static str,
    needs: &'static [(&'static str, &'static str)],
    why: &'static str,
) -> Override {
    Override {
        service,
        operation,
        needs,
        any_of: true,
        implied: &[],
        why,
    }
}

const KMS_READ: &[&str] = &["kms:Decrypt"];
const KMS_WRITE: &[&str] = &["kms:GenerateDataKey"];
const KMS_MULTIPART: &[&str] = &["kms:Decrypt", "kms:GenerateDataKey"];
const PARTIQL: &[(&str, &str)] = &[
    ("dynamodb:PartiQLDelete", "table_name"),
    ("dynamodb:PartiQLInsert", "table_name"),
    ("dynamodb:PartiQLSelect", "table_name"),
    ("dynamodb:PartiQLUpdate", "table_name"),
];

/// Sorted by `(service, operation)`; a test checks it.
pub static OVERRIDES: &[Override] = &[
    all(
        "bedrock",
        "Converse",
        &[("bedrock:InvokeModel", "")],
        &[],
        "Converse has no action of its own: it is authorized as InvokeModel on the model",
    ),
    all(
        "bedrock",
        "ConverseStream",
        &[("bedrock:InvokeModelWithResponseStream", "")],
        &[],
        "ConverseStream is authorized as InvokeModelWithResponseStream on the model",
    ),
    one_of(
        "dynamodb",
        "BatchExecuteStatement",
        PARTIQL,
        "PartiQL calls need the PartiQL action of each statement's verb (SELECT, INSERT, UPDATE, DELETE)",
    ),
    one_of(
        "dynamodb",
        "ExecuteStatement",
        PARTIQL,
        "PartiQL: the action follows the statement's verb (SELECT → PartiQLSelect, ...)",
    ),
    one_of(
        "dynamodb",
        "ExecuteTransaction",
        PARTIQL,
        "PartiQL transaction: the action of each statement's verb",
    ),
    all(
        "dynamodb",
        "TransactGetItems",
        &[("dynamodb:GetItem", "")],
        &[],
        "IAM has no TransactGetItems action: each item is authorized as GetItem on its table",
    ),
    one_of(
        "dynamodb",
        "TransactWriteItems",
        &[
            ("dynamodb:ConditionCheckItem", ""),
            ("dynamodb:DeleteItem", ""),
            ("dynamodb:PutItem", ""),
            ("dynamodb:UpdateItem", ""),
        ],
        "IAM has no TransactWriteItems action: each item is authorized as the action of its kind (Put, Update, Delete, ConditionCheck)",
    ),
    all(
        "lambda",
        "Invoke",
        &[("lambda:InvokeFunction", "function_name")],
        &[],
        "the API is named Invoke, the action InvokeFunction",
    ),
    all(
        "lambda",
        "InvokeWithResponseStream",
        &[("lambda:InvokeFunction", "function_name")],
        &[],
        "response streaming is authorized as InvokeFunction",
    ),
    all(
        "s3",
        "AbortMultipartUpload",
        &[("s3:AbortMultipartUpload", "key")],
        &[],
        "aborting needs its own action, on the object being uploaded (not PutObject)",
    ),
    all(
        "s3",
        "CompleteMultipartUpload",
        &[("s3:PutObject", "key")],
        KMS_MULTIPART,
        "multipart parts are authorized as PutObject on the target object",
    ),
    all(
        "s3",
        "CopyObject",
        &[("s3:GetObject", "copy_source"), ("s3:PutObject", "key")],
        KMS_MULTIPART,
        "a copy reads the source object (GetObject on copy_source) and writes the target (PutObject on bucket/key)",
    ),
    all(
        "s3",
        "CreateMultipartUpload",
        &[("s3:PutObject", "key")],
        KMS_MULTIPART,
        "starting a multipart upload is authorized as PutObject on the target object",
    ),
    all(
        "s3",
        "GetObject",
        &[("s3:GetObject", "key")],
        KMS_READ,
        "GetObject on the object; kms:Decrypt when the object is SSE-KMS encrypted (GetObjectVersion only with version_id)",
    ),
    all(
        "s3",
        "HeadBucket",
        &[("s3:ListBucket", "bucket")],
        &[],
        "IAM has no HeadBucket action: AWS authorizes it as ListBucket on the bucket",
    ),
    all(
        "s3",
        "HeadObject",
        &[("s3:GetObject", "key")],
        KMS_READ,
        "IAM has no HeadObject action: AWS authorizes it as GetObject on the object",
    ),
    all(
        "s3",
        "ListObjects",
        &[("s3:ListBucket", "bucket")],
        &[],
        "listing objects is ListBucket on the bucket ARN (not on objects)",
    ),
    all(
        "s3",
        "ListObjectsV2",
        &[("s3:ListBucket", "bucket")],
        &[],
        "listing objects is ListBucket on the bucket ARN (not on objects)",
    ),
    all(
        "s3",
        "PutObject",
        &[("s3:PutObject", "key")],
        KMS_WRITE,
        "PutObject on the object; kms:GenerateDataKey when the bucket or request uses SSE-KMS",
    ),
    all(
        "s3",
        "UploadPart",
        &[("s3:PutObject", "key")],
        KMS_MULTIPART,
        "IAM has no UploadPart action: each part is authorized as PutObject on the target object",
    ),
    all(
        "s3",
        "UploadPartCopy",
        &[("s3:GetObject", "copy_source"), ("s3:PutObject", "key")],
        KMS_MULTIPART,
        "a part copied from another object: GetObject on the source, PutObject on the target",
    ),
    all(
        "sns",
        "PublishBatch",
        &[("sns:Publish", "topic_arn")],
        &[],
        "IAM has no PublishBatch action: the batch is authorized as Publish on the topic",
    ),
    all(
        "sqs",
        "ChangeMessageVisibilityBatch",
        &[("sqs:ChangeMessageVisibility", "queue_url")],
        &[],
        "IAM has no batch action: authorized as ChangeMessageVisibility on the queue",
    ),
    all(
        "sqs",
        "DeleteMessageBatch",
        &[("sqs:DeleteMessage", "queue_url")],
        &[],
        "IAM has no batch action: authorized as DeleteMessage on the queue",
    ),
    all(
        "sqs",
        "SendMessageBatch",
        &[("sqs:SendMessage", "queue_url")],
        &[],
        "IAM has no batch action: authorized as SendMessage on the queue",
    ),
];
