//! The normalised catalog, as it will be written: every name in canonical form, every list in
//! its final order.

/// Everything read from one package.
#[derive(Debug)]
pub struct Package {
    pub name: String,
    pub version: String,
    /// `YYYY-MM-DD`, from `updatedAt` in `package.json`.
    pub date: String,
    pub services: Vec<Service>,
    pub global_condition_keys: Vec<ConditionKey>,
    pub stats: Stats,
}

/// What normalisation changed, for the generator's summary line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Action → resource-type references whose spelling differed from the resource type's key.
    pub resource_type_refs_recased: usize,
    /// Actions whose combined access level ("Tagging, Write") was reduced to one.
    pub access_levels_combined: usize,
    /// Duplicate resource-type references within one action, merged.
    pub duplicate_resource_type_refs: usize,
    /// Resource types documenting several ARN formats in one string.
    pub multi_format_arns: usize,
    /// `{Name}` placeholders written without the `$`, rewritten to `${Name}`.
    pub bare_placeholders: usize,
    /// Condition keys named by an action or resource type but defined neither by the service
    /// nor globally.
    pub unresolved_condition_keys: usize,
}

#[derive(Debug)]
pub struct Service {
    pub prefix: String,
    pub name: String,
    pub actions: Vec<Action>,
    pub resource_types: Vec<ResourceType>,
    pub condition_keys: Vec<ConditionKey>,
}

#[derive(Debug)]
pub struct Action {
    pub key: String,
    pub name: String,
    pub access: AccessLevel,
    pub resource_types: Vec<ActionResourceType>,
    pub condition_keys: Vec<String>,
    pub dependent_actions: Vec<String>,
}

#[derive(Debug)]
pub struct ActionResourceType {
    pub name: String,
    pub required: bool,
    pub condition_keys: Vec<String>,
}

#[derive(Debug)]
pub struct ResourceType {
    pub name: String,
    /// At least one; the first is the primary format.
    pub arns: Vec<String>,
    pub condition_keys: Vec<String>,
}

#[derive(Debug)]
pub struct ConditionKey {
    pub key: String,
    pub name: String,
    pub ty: ConditionType,
}

/// Mirrors `lambda_iam_catalog::AccessLevel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    Tagging,
    PermissionsManagement,
}

impl AccessLevel {
    /// Parses the source's spelling; the second value says whether it was a combined level.
    pub fn parse(text: &str) -> Option<(AccessLevel, bool)> {
        Some(match text {
            "List" => (AccessLevel::List, false),
            "Read" => (AccessLevel::Read, false),
            "Write" => (AccessLevel::Write, false),
            "Tagging" => (AccessLevel::Tagging, false),
            "Permissions management" => (AccessLevel::PermissionsManagement, false),
            "Tagging, Write" => (AccessLevel::Tagging, true),
            "Permissions management, Write" => (AccessLevel::PermissionsManagement, true),
            _ => return None,
        })
    }

    /// The variant's name in the catalog crate.
    pub fn variant(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::PermissionsManagement => "PermissionsManagement",
        }
    }
}

/// Mirrors `lambda_iam_catalog::ConditionType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Parses the source's spelling (AWS's documentation names).
    pub fn parse(text: &str) -> Option<ConditionType> {
        Some(match text {
            "String" => ConditionType::String,
            "ARN" => ConditionType::Arn,
            "Bool" => ConditionType::Bool,
            "Numeric" => ConditionType::Numeric,
            "Date" => ConditionType::Date,
            "IPAddress" => ConditionType::IpAddress,
            "Binary" => ConditionType::Binary,
            "ArrayOfString" => ConditionType::ArrayOfString,
            "ArrayOfARN" => ConditionType::ArrayOfArn,
            "ArrayOfBool" => ConditionType::ArrayOfBool,
            "ArrayOfNumeric" => ConditionType::ArrayOfNumeric,
            _ => return None,
        })
    }

    /// The variant's name in the catalog crate.
    pub fn variant(self) -> &'static str {
        match self {
            ConditionType::String => "String",
            ConditionType::Arn => "Arn",
            ConditionType::Bool => "Bool",
            ConditionType::Numeric => "Numeric",
            ConditionType::Date => "Date",
            ConditionType::IpAddress => "IpAddress",
            ConditionType::Binary => "Binary",
            ConditionType::ArrayOfString => "ArrayOfString",
            ConditionType::ArrayOfArn => "ArrayOfArn",
            ConditionType::ArrayOfBool => "ArrayOfBool",
            ConditionType::ArrayOfNumeric => "ArrayOfNumeric",
        }
    }
}
