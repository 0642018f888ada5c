//! What cargo-lambda deploys, read from its own tables, so that the generated policy agrees
//! with it: `[package.metadata.lambda.deploy]` for every function of the package, and
//! `[package.metadata.lambda.bin.<bin>.deploy]` (or the keys directly under
//! `[package.metadata.lambda.bin.<bin>]`) for one binary, over the package's.
//!
//! Keys read (cargo-lambda's names; anything else there is cargo-lambda's business and ignored):
//!
//! | key | compared with |
//! |---|---|
//! | `name` | the function name `cargo iam` uses (the log group of the baseline is named after it) |
//! | `tracing = "active"` | `tracing` on the handler (X-Ray needs `xray:PutTraceSegments`) |
//! | `vpc.subnet_ids = [..]` | `vpc` on the handler (ENI permissions) |
//! | `enable_function_url = true` | `trigger(function_url, auth = "NONE")` (cargo-lambda's URLs have no auth) |
//!
//! A mismatch is a warning (`deploy-mismatch`) at the handler: the policy would lack what the
//! deployed function needs, or name another function.

use crate::functions::Function;
use crate::report::Diag;
use crate::workspace::Workspace;
use lambda_iam_core::deploy::{FUNCTION_URL, TRACING, TRIGGER};
use lambda_iam_core::diag::{Code, Severity};
use serde_json::Value;
use std::collections::BTreeMap;

/// The deploy settings of one level (package or bin); `None`: not set there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LambdaDeploy {
    pub name: Option<String>,
    pub tracing_active: Option<bool>,
    pub vpc_subnets: Option<bool>,
    pub function_url: Option<bool>,
}

/// A package's cargo-lambda settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CargoLambda {
    pub package: LambdaDeploy,
    pub bins: BTreeMap<String, LambdaDeploy>,
}

impl CargoLambda {
    /// Reads `metadata.lambda` of a package (`null` or other shapes: nothing set).
    pub fn parse(metadata: &Value) -> CargoLambda {
        let lambda = metadata.get("lambda");
        let package = lambda
            .and_then(|l| l.get("deploy"))
            .map(deploy_of)
            .unwrap_or_default();
        let bins = lambda
            .and_then(|l| l.get("bin"))
            .and_then(Value::as_object)
            .map(|bins| {
                bins.iter()
                    .map(|(bin, table)| {
                        (bin.clone(), deploy_of(table.get("deploy").unwrap_or(table)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        CargoLambda { package, bins }
    }

    /// The settings of one binary: its own over the package's.
    pub fn for_bin(&self, bin: Option<&str>) -> LambdaDeploy {
        let own = bin
            .and_then(|b| self.bins.get(b))
            .cloned()
            .unwrap_or_default();
        LambdaDeploy {
            name: own.name.or_else(|| self.package.name.clone()),
            tracing_active: own.tracing_active.or(self.package.tracing_active),
            vpc_subnets: own.vpc_subnets.or(self.package.vpc_subnets),
            function_url: own.function_url.or(self.package.function_url),
        }
    }
}

fn deploy_of(table: &Value) -> LambdaDeploy {
    LambdaDeploy {
        name: table
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string),
        tracing_active: table
            .get("tracing")
            .and_then(Value::as_str)
            .map(|t| t.eq_ignore_ascii_case("active")),
        vpc_subnets: table
            .get("vpc")
            .and_then(|v| v.get("subnet_ids"))
            .and_then(Value::as_array)
            .map(|ids| !ids.is_empty()),
        function_url: table.get("enable_function_url").and_then(Value::as_bool),
    }
}

/// The warnings for every selected function whose cargo-lambda settings need more than its
/// handler declares.
pub fn findings(ws: &Workspace, functions: &[Function]) -> Vec<Diag> {
    let mut out = Vec::new();
    for f in functions.iter().filter(|f| f.selected) {
        let Some(package) = ws.package(&f.package) else {
            continue;
        };
        let settings = package.lambda.for_bin(f.bin.as_deref());
        let table = match &f.bin {
            Some(bin) if package.lambda.bins.contains_key(bin) => {
                format!("[package.metadata.lambda.bin.{bin}]")
            }
            _ => "[package.metadata.lambda.deploy]".to_string(),
        };
        let mut warn = |message: String, help: String| {
            let mut d = Diag::new(Severity::Warning, Code::DeployMismatch, message).with_help(help);
            d.loc = f.loc.clone();
            out.push(d);
        };
        let has = |key: &str, kind: Option<&str>| {
            f.deploy
                .iter()
                .any(|d| d.key == key && kind.is_none_or(|k| d.kind == k))
        };
        if let Some(name) = &settings.name
            && name != &f.name
        {
            warn(
                format!(
                    "cargo-lambda deploys the handler of `{}` as `{name}` ({table} `name`)",
                    f.name
                ),
                format!(
                    "the policy's log group and ARNs use the function name: add `function = \"{name}\"` to the handler"
                ),
            );
        }
        if settings.tracing_active == Some(true) && !has(TRACING, None) {
            warn(
                format!(
                    "cargo-lambda deploys `{}` with active X-Ray tracing ({table} `tracing`), but its handler does not declare `tracing`",
                    f.name
                ),
                "add `tracing` to the handler's attribute: the role needs `xray:PutTraceSegments` and `xray:PutTelemetryRecords`".into(),
            );
        }
        if settings.vpc_subnets == Some(true) && !f.def.vpc {
            warn(
                format!(
                    "cargo-lambda deploys `{}` into VPC subnets ({table} `vpc.subnet_ids`), but its handler does not declare `vpc`",
                    f.name
                ),
                "add `vpc` to the handler's attribute: Lambda needs the network-interface permissions".into(),
            );
        }
        if settings.function_url == Some(true) && !has(TRIGGER, Some(FUNCTION_URL)) {
            warn(
                format!(
                    "cargo-lambda gives `{}` a function URL ({table} `enable_function_url`), but its handler declares no `trigger(function_url, ..)`",
                    f.name
                ),
                "add `trigger(function_url, auth = \"NONE\")` (cargo-lambda's URLs have no auth) so that `<function>.permissions.json` allows it".into(),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bin_settings_win_over_the_package() {
        let metadata = serde_json::json!({
            "lambda": {
                "deploy": { "tracing": "Active", "vpc": { "subnet_ids": ["subnet-1"] } },
                "bin": {
                    "quiet": { "deploy": { "tracing": "passthrough", "name": "quiet-fn" } },
                    "flat": { "enable_function_url": true }
                }
            }
        });
        let c = CargoLambda::parse(&metadata);
        let other = c.for_bin(Some("other"));
        assert_eq!(other.tracing_active, Some(true));
        assert_eq!(other.vpc_subnets, Some(true));
        let quiet = c.for_bin(Some("quiet"));
        assert_eq!(quiet.tracing_active, Some(false));
        assert_eq!(quiet.name.as_deref(), Some("quiet-fn"));
        assert_eq!(quiet.vpc_subnets, Some(true));
        assert_eq!(c.for_bin(Some("flat")).function_url, Some(true));
        assert_eq!(CargoLambda::parse(&Value::Null), CargoLambda::default());
    }
}
