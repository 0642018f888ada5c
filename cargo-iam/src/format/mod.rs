//! The deploy formats of `cargo iam emit --format`: views of the same assembled model as the JSON
//! files, for the tool a team deploys with.
//!
//! | format | files (under the output directory) | holds |
//! |---|---|---|
//! | `json` (default) | `<function>.policy.json`, `<function>.trust.json` | the committed form that `check` compares |
//! | `cloudformation` | `cloudformation/<function>.json` | an `AWS::IAM::Role` with the trust policy and the inline policy; the role's ARN as an output |
//! | `sam` | `sam/<function>.json` | the same role, and the `AWS::Serverless::Function` that uses it |
//! | `terraform` | `terraform/<function>.tf`, `terraform/lambda_iam_data.tf` | `aws_iam_role`, `aws_iam_role_policy` (both `jsonencode`), the role's ARN as an output; the data sources |
//!
//! # Values left to the deploy tool
//!
//! The JSON files turn an unresolved `${Region}` / `${Account}` into `*` (with a warning) and
//! `${Partition}` into `aws`. A template knows better: these formats assemble the function again
//! with every built-in that has no configured value left as a marker, and render it as the
//! deploying account's own value — `${AWS::Region}`, `${AWS::AccountId}`, `${AWS::Partition}`
//! in an `Fn::Sub` for CloudFormation and SAM, `data.aws_region.current.name`,
//! `data.aws_caller_identity.current.account_id`, `data.aws_partition.current.partition` for
//! Terraform. A configured value (`[..metadata.lambda-iam.vars]`, `--var`) is written as is.
//!
//! IAM policy variables (`${aws:username}`) stay literal: written `${!aws:username}` inside an
//! `Fn::Sub` (CloudFormation's escape), `$${aws:username}` in an HCL string.

pub mod cloudformation;
pub mod terraform;
pub mod tree;

use crate::functions::Function;
use crate::output::Rendered;
use crate::workspace::Workspace;
use clap::ValueEnum;
use lambda_iam_core::assemble::Assembled;
use std::path::Path;

/// `--format`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `<function>.policy.json` and `<function>.trust.json` (the committed form)
    #[default]
    Json,
    /// An AWS CloudFormation template per function: the execution role
    Cloudformation,
    /// An AWS SAM template per function: the execution role and the function using it
    Sam,
    /// Terraform: the role and its inline policy per function, in one module directory
    Terraform,
}

impl Format {
    /// The subdirectory of the output directory the format writes into (`None`: the directory
    /// itself).
    pub fn subdir(self) -> Option<&'static str> {
        match self {
            Format::Json => None,
            Format::Cloudformation => Some("cloudformation"),
            Format::Sam => Some("sam"),
            Format::Terraform => Some("terraform"),
        }
    }
}

/// A built-in with no configured value, left for the deploy tool to fill in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pseudo {
    Partition,
    Region,
    Account,
}

impl Pseudo {
    const ALL: [Pseudo; 3] = [Pseudo::Partition, Pseudo::Region, Pseudo::Account];

    /// The placeholder name.
    fn name(self) -> &'static str {
        match self {
            Pseudo::Partition => "Partition",
            Pseudo::Region => "Region",
            Pseudo::Account => "Account",
        }
    }

    /// The marker put in place of the value while assembling: control characters, which no
    /// declaration, variable value or policy variable can hold.
    fn marker(self) -> &'static str {
        match self {
            Pseudo::Partition => "\u{1}Partition\u{1}",
            Pseudo::Region => "\u{1}Region\u{1}",
            Pseudo::Account => "\u{1}Account\u{1}",
        }
    }
}

/// One piece of a string value: text, or a value the deploy tool supplies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Pseudo(Pseudo),
}

/// Splits a value of a deploy assembly into text and markers.
pub fn pieces(value: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let next = Pseudo::ALL
            .iter()
            .filter_map(|p| rest.find(p.marker()).map(|at| (at, *p)))
            .min_by_key(|(at, _)| *at);
        match next {
            Some((at, p)) => {
                if at > 0 {
                    out.push(Piece::Text(&rest[..at]));
                }
                out.push(Piece::Pseudo(p));
                rest = &rest[at + p.marker().len()..];
            }
            None => {
                out.push(Piece::Text(rest));
                rest = "";
            }
        }
    }
    out
}

/// The function assembled again with every built-in that has no configured value left as a
/// marker (see the module docs). `None` when the JSON assembly failed (its errors are reported).
pub fn deploy_assembly(function: &Function) -> Option<Assembled> {
    function.assembled.as_ref()?;
    let mut vars = function.vars.clone();
    for p in Pseudo::ALL {
        if vars.get(p.name()).is_none() {
            vars.insert(p.name(), p.marker());
        }
    }
    let mut findings = Vec::new();
    crate::functions::assemble_with_permissions(
        &function.def,
        &function.deploy,
        &vars,
        &mut findings,
    )
}

/// What a deploy renderer needs of one function.
#[derive(Debug)]
pub struct DeployInput<'a> {
    pub name: &'a str,
    pub assembled: &'a Assembled,
    /// The function's log group is the default one (`/aws/lambda/<function>`).
    pub default_log_group: bool,
    /// The package directory, relative to the format's directory, `/`-separated (SAM's
    /// `CodeUri`).
    pub code_uri: String,
    /// The bin target, for cargo-lambda builds of a package with several.
    pub bin: Option<String>,
}

/// The files of `format` for the selected functions that assembled (in `functions` order),
/// with names relative to the output directory. `Err` names a problem that makes the set of
/// files wrong (two functions with one Terraform name).
pub fn render(
    format: Format,
    functions: &[&Function],
    ws: &Workspace,
    out_dir: &Path,
) -> Result<Vec<Rendered>, String> {
    let Some(subdir) = format.subdir() else {
        return Ok(functions
            .iter()
            .filter_map(|f| crate::output::render(f))
            .flatten()
            .collect());
    };
    let format_dir = out_dir.join(subdir);
    let mut files = Vec::new();
    let mut inputs = Vec::new();
    let assembled: Vec<(&Function, Assembled)> = functions
        .iter()
        .filter_map(|f| deploy_assembly(f).map(|a| (*f, a)))
        .collect();
    for (f, a) in &assembled {
        let package_dir = ws
            .package(&f.package)
            .and_then(|p| p.manifest_path.parent())
            .unwrap_or(&ws.root);
        inputs.push(DeployInput {
            name: &f.name,
            assembled: a,
            default_log_group: f.def.log_group.is_none(),
            code_uri: relative(&format_dir, package_dir),
            bin: f.bin.clone(),
        });
    }
    match format {
        Format::Json => unreachable!("handled above"),
        Format::Cloudformation | Format::Sam => {
            for input in &inputs {
                files.push(Rendered {
                    file_name: format!("{subdir}/{}.json", input.name),
                    contents: cloudformation::render(input, format == Format::Sam),
                });
            }
        }
        Format::Terraform => {
            let mut seen: std::collections::BTreeMap<String, &str> = Default::default();
            for input in &inputs {
                let id = terraform::name(input.name);
                if let Some(other) = seen.insert(id.clone(), input.name) {
                    return Err(format!(
                        "the functions `{other}` and `{}` both get the Terraform name `{id}`; \
                         rename one with `function = \"..\"`",
                        input.name
                    ));
                }
                files.push(Rendered {
                    file_name: format!("{subdir}/{}.tf", input.name),
                    contents: terraform::render(input),
                });
            }
            files.push(Rendered {
                file_name: format!("{subdir}/{}", terraform::DATA_FILE),
                contents: terraform::data_file(),
            });
        }
    }
    Ok(files)
}

/// The logical ID of a function's resources: the alphanumeric runs of its name, each with an
/// upper-case first letter (`image-processor` → `ImageProcessor`), `Fn` in front of a leading
/// digit.
pub fn logical_id(function: &str) -> String {
    let mut out = String::new();
    for part in function.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "Fn");
    }
    out
}

/// `to` relative to `from`, `/`-separated (both absolute or both relative to one place).
pub fn relative(from: &Path, to: &Path) -> String {
    use std::path::Component;
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_ids_are_alphanumeric() {
        assert_eq!(logical_id("image-processor"), "ImageProcessor");
        assert_eq!(logical_id("get_order.v2"), "GetOrderV2");
        assert_eq!(logical_id("2fa"), "Fn2fa");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/w/iam/sam"), Path::new("/w/image-processor")),
            "../../image-processor"
        );
        assert_eq!(relative(Path::new("/w"), Path::new("/w")), ".");
    }

    #[test]
    fn markers_split_out_of_text() {
        let v = format!("arn:{}:s3:::b/{}", Pseudo::Partition.marker(), "x");
        assert_eq!(
            pieces(&v),
            [
                Piece::Text("arn:"),
                Piece::Pseudo(Pseudo::Partition),
                Piece::Text(":s3:::b/x")
            ]
        );
        assert_eq!(pieces("plain"), [Piece::Text("plain")]);
    }
}

/// One `trigger(..)` permission, read back from the resource-based policy: what
/// `AWS::Lambda::Permission` and `aws_lambda_permission` take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    /// The statement's Sid (`InvokeFromS3`).
    pub sid: String,
    pub action: String,
    /// A service principal, an account's root ARN, or `*`.
    pub principal: String,
    pub source_arn: Option<String>,
    pub source_account: Option<String>,
    pub function_url_auth_type: Option<String>,
    pub invoked_via_function_url: bool,
}

/// The permissions of the function's resource-based policy, in its order.
pub fn permissions(a: &Assembled) -> Vec<Permission> {
    let Some(doc) = &a.permissions else {
        return Vec::new();
    };
    let condition = |s: &lambda_iam_core::policy::Statement, op: &str, key: &str| {
        s.condition
            .get(op)
            .and_then(|keys| keys.get(key))
            .and_then(|v| v.iter().next().map(str::to_string))
    };
    doc.statement
        .iter()
        .map(|s| Permission {
            sid: s.sid.clone().unwrap_or_default(),
            action: s.action.iter().next().unwrap_or_default().to_string(),
            principal: s
                .principal
                .as_ref()
                .and_then(|p| p.values().next())
                .and_then(|v| v.iter().next())
                .unwrap_or_default()
                .to_string(),
            source_arn: condition(s, "ArnLike", "aws:SourceArn"),
            source_account: condition(s, "StringEquals", "aws:SourceAccount"),
            function_url_auth_type: condition(s, "StringEquals", "lambda:FunctionUrlAuthType"),
            invoked_via_function_url: condition(s, "Bool", "lambda:InvokedViaFunctionUrl")
                .is_some_and(|v| v == "true"),
        })
        .collect()
}
