//! `[package.metadata.lambda-iam]` and `[workspace.metadata.lambda-iam]`, read from the JSON that
//! `cargo metadata` gives, and checked strictly: a typo in configuration must not pass silently.

use serde_json::Value;
use std::collections::BTreeMap;

/// Keys accepted in `[package.metadata.lambda-iam]`.
pub const PACKAGE_KEYS: &[&str] = &["vars"];
/// Keys accepted in `[workspace.metadata.lambda-iam]`.
pub const WORKSPACE_KEYS: &[&str] = &["vars", "out_dir", "stages"];

/// One level of configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    pub vars: BTreeMap<String, String>,
    pub out_dir: Option<String>,
    /// `[workspace.metadata.lambda-iam.stages.<name>.vars]`: the values of each deploy stage.
    pub stages: BTreeMap<String, BTreeMap<String, String>>,
}

/// What is wrong with a configuration table; the caller names the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    pub help: String,
}

/// Whether `name` can be a `${Name}` placeholder.
pub fn is_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reads the `lambda-iam` table out of a `metadata` value (`null` when the manifest has none).
/// `table` is how the table is written in Cargo.toml, for messages.
pub fn parse(metadata: &Value, table: &str, allowed: &[&str]) -> Result<Config, ConfigError> {
    let mut config = Config::default();
    let Some(section) = metadata.get("lambda-iam") else {
        return Ok(config);
    };
    let Some(section) = section.as_object() else {
        return Err(ConfigError {
            message: format!("`{table}` must be a table"),
            help: format!("write it as `[{table}]` with the keys {}", list(allowed)),
        });
    };
    for (key, value) in section {
        match key.as_str() {
            "vars" if allowed.contains(&"vars") => config.vars = parse_vars(value, table)?,
            "out_dir" if allowed.contains(&"out_dir") => {
                let dir = value.as_str().filter(|s| !s.trim().is_empty()).ok_or_else(|| ConfigError {
                    message: format!("`out_dir` in `[{table}]` must be a non-empty string"),
                    help: "write it as `out_dir = \"iam\"`, a directory relative to the workspace root".into(),
                })?;
                config.out_dir = Some(dir.to_string());
            }
            "stages" if allowed.contains(&"stages") => {
                config.stages = parse_stages(value, table)?;
            }
            "stages" => {
                return Err(ConfigError {
                    message: format!("`stages` is not allowed in `[{table}]`"),
                    help: "define the stages once for the workspace, in \
                           `[workspace.metadata.lambda-iam.stages.<name>.vars]`"
                        .into(),
                });
            }
            "out_dir" => {
                return Err(ConfigError {
                    message: format!("`out_dir` is not allowed in `[{table}]`"),
                    help: "set it once for the workspace, in `[workspace.metadata.lambda-iam]`"
                        .into(),
                });
            }
            other => {
                return Err(ConfigError {
                    message: format!("unknown key `{other}` in `[{table}]`"),
                    help: format!("the keys are {}", list(allowed)),
                });
            }
        }
    }
    Ok(config)
}

/// Whether `name` can name a stage: it becomes a directory under the output directory.
pub fn is_stage_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn parse_stages(
    value: &Value,
    table: &str,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, ConfigError> {
    let help = format!("write each stage's values under `[{table}.stages.<name>.vars]`");
    let Some(stages) = value.as_object() else {
        return Err(ConfigError {
            message: format!("`stages` in `[{table}]` must be a table"),
            help,
        });
    };
    let mut out = BTreeMap::new();
    for (name, stage) in stages {
        if !is_stage_name(name) {
            return Err(ConfigError {
                message: format!("`{name}` in `[{table}.stages]` is not a stage name"),
                help: "a stage name has 1 to 64 letters, digits, `-` and `_` (it names a \
                       directory), as in `prod`"
                    .into(),
            });
        }
        let stage_table = format!("{table}.stages.{name}");
        let Some(keys) = stage.as_object() else {
            return Err(ConfigError {
                message: format!("`{stage_table}` must be a table"),
                help,
            });
        };
        let mut vars = BTreeMap::new();
        for (key, value) in keys {
            if key != "vars" {
                return Err(ConfigError {
                    message: format!("unknown key `{key}` in `[{stage_table}]`"),
                    help: "a stage has only `vars`".into(),
                });
            }
            vars = parse_vars(value, &stage_table)?;
        }
        out.insert(name.clone(), vars);
    }
    Ok(out)
}

fn parse_vars(value: &Value, table: &str) -> Result<BTreeMap<String, String>, ConfigError> {
    let Some(vars) = value.as_object() else {
        return Err(ConfigError {
            message: format!("`vars` in `[{table}]` must be a table"),
            help: format!("write the values under `[{table}.vars]`, as `Region = \"eu-west-1\"`"),
        });
    };
    let mut out = BTreeMap::new();
    for (name, value) in vars {
        if !is_var_name(name) {
            return Err(ConfigError {
                message: format!("`{name}` in `[{table}.vars]` is not a variable name"),
                help: "a name has letters, digits and `_`, and does not start with a digit, as in `Region`".into(),
            });
        }
        if name == "FunctionName" {
            return Err(ConfigError {
                message: format!("`FunctionName` in `[{table}.vars]` cannot be set"),
                help: "`${FunctionName}` is each function's own name; remove it".into(),
            });
        }
        let Some(value) = value.as_str() else {
            return Err(ConfigError {
                message: format!("`{name}` in `[{table}.vars]` must be a string, not `{value}`"),
                help: format!(
                    "quote it: `{name} = \"{}\"`",
                    value.to_string().trim_matches('"')
                ),
            });
        };
        if let Err(e) = lambda_iam_core::vars::validate_value(name, value) {
            return Err(ConfigError {
                message: format!("{} (in `[{table}.vars]`)", e.message),
                help: e.help,
            });
        }
        out.insert(name.clone(), value.to_string());
    }
    Ok(out)
}

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const T: &str = "package.metadata.lambda-iam";

    #[test]
    fn reads_vars_and_out_dir() {
        let meta = json!({"lambda-iam": {"vars": {"Region": "eu-west-1"}, "out_dir": "policies"}, "other": 1});
        let config = parse(&meta, T, WORKSPACE_KEYS).unwrap();
        assert_eq!(config.vars["Region"], "eu-west-1");
        assert_eq!(config.out_dir.as_deref(), Some("policies"));
        assert_eq!(
            parse(&Value::Null, T, PACKAGE_KEYS).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn rejects_bad_values_and_keys() {
        let err = parse(
            &json!({"lambda-iam": {"vars": {"Account": 123456789012_u64}}}),
            T,
            PACKAGE_KEYS,
        )
        .unwrap_err();
        assert!(err.message.contains("must be a string"), "{err:?}");
        assert!(err.help.contains("Account = \"123456789012\""), "{err:?}");
        let err = parse(&json!({"lambda-iam": {"var": {}}}), T, PACKAGE_KEYS).unwrap_err();
        assert!(err.message.contains("unknown key `var`"), "{err:?}");
        let err = parse(&json!({"lambda-iam": {"out_dir": "x"}}), T, PACKAGE_KEYS).unwrap_err();
        assert!(err.help.contains("workspace.metadata"), "{err:?}");
        assert!(
            parse(
                &json!({"lambda-iam": {"vars": {"my-var": "x"}}}),
                T,
                PACKAGE_KEYS
            )
            .is_err()
        );
        assert!(
            parse(
                &json!({"lambda-iam": {"vars": {"FunctionName": "x"}}}),
                T,
                PACKAGE_KEYS
            )
            .is_err()
        );
        assert!(parse(&json!({"lambda-iam": 3}), T, PACKAGE_KEYS).is_err());
    }
}
