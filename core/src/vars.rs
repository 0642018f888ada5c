//! Values for `${Name}` placeholders: `--var K=V` over `[package.metadata.lambda-iam.vars]`
//! over `[workspace.metadata.lambda-iam.vars]`; `${Partition}` defaults to `aws`.
//!
//! Build each layer with [`Vars::from_pairs`] (a TOML table) or [`Vars::from_assignments`]
//! (`--var K=V` strings), then stack them with [`Vars::layered`]:
//!
//! ```
//! use lambda_iam_core::vars::Vars;
//!
//! let workspace = Vars::from_pairs([("Account", "123456789012"), ("Region", "us-east-1")])?;
//! let package = Vars::from_pairs([("Region", "eu-west-1"), ("Bucket", "images")])?;
//! let cli = Vars::from_assignments(["Bucket=images-staging"])?;
//! let vars = Vars::layered(&workspace, &package, &cli);
//! assert_eq!(vars.get("Account"), Some("123456789012"));
//! assert_eq!(vars.get("Region"), Some("eu-west-1"));
//! assert_eq!(vars.get("Bucket"), Some("images-staging"));
//! assert_eq!(vars.resolve("Partition", "resize"), Some("aws".to_string()));
//! assert_eq!(vars.resolve("FunctionName", "resize"), Some("resize".to_string()));
//! # Ok::<(), lambda_iam_core::vars::VarError>(())
//! ```
//!
//! Values are inserted verbatim: they are never expanded again, so a value may hold an IAM
//! policy variable (`${aws:username}`) but not another `${Name}` placeholder.

use std::collections::BTreeMap;
use std::fmt;

/// The partition used when `Partition` has no value.
pub const DEFAULT_PARTITION: &str = "aws";

/// The placeholder values in force for one function.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vars {
    values: BTreeMap<String, String>,
    /// Unresolved `${Region}` / `${Account}` are errors instead of `*` with a warning.
    pub strict: bool,
}

/// A variable name or value that cannot be used, or a `--var` that is not `K=V`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarError {
    /// The variable concerned, when the text got that far.
    pub name: Option<String>,
    /// Lowercase, user tokens in backticks.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl fmt::Display for VarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for VarError {}

impl Vars {
    pub fn new() -> Self {
        Vars::default()
    }

    /// One layer from `(name, value)` pairs, every name and value checked
    /// ([`validate_name`], [`validate_value`]). A repeated name: the last value wins.
    pub fn from_pairs<I, K, V>(pairs: I) -> Result<Vars, VarError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut vars = Vars::new();
        for (name, value) in pairs {
            vars.try_insert(name.as_ref(), value.as_ref())?;
        }
        Ok(vars)
    }

    /// One layer from `K=V` strings (`--var Region=eu-west-1`). A repeated name: the last wins.
    pub fn from_assignments<I, S>(assignments: I) -> Result<Vars, VarError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut vars = Vars::new();
        for text in assignments {
            let (name, value) = parse_assignment(text.as_ref())?;
            vars.try_insert(&name, &value)?;
        }
        Ok(vars)
    }

    /// The values in force: `cli` over `package` over `workspace`. Strict if any layer is.
    pub fn layered(workspace: &Vars, package: &Vars, cli: &Vars) -> Vars {
        workspace.overlay(package).overlay(cli)
    }

    /// Layers `higher` over `self`: its values win.
    pub fn overlay(&self, higher: &Vars) -> Vars {
        let mut values = self.values.clone();
        values.extend(higher.values.iter().map(|(k, v)| (k.clone(), v.clone())));
        Vars {
            values,
            strict: self.strict || higher.strict,
        }
    }

    /// The same values, with `strict` set as given.
    pub fn with_strict(mut self, strict: bool) -> Vars {
        self.strict = strict;
        self
    }

    /// Inserts without checking; prefer [`Vars::try_insert`] for values from users.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.insert(name.into(), value.into());
    }

    /// Inserts after checking the name and the value.
    pub fn try_insert(&mut self, name: &str, value: &str) -> Result<(), VarError> {
        validate_name(name)?;
        validate_value(name, value)?;
        self.values.insert(name.to_string(), value.to_string());
        Ok(())
    }

    /// The value set for `name`, without defaults.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The value `${name}` takes in the policy of `function`: `FunctionName` is always the
    /// function's name, `Partition` defaults to [`DEFAULT_PARTITION`], anything else is the value
    /// set for it, if any.
    pub fn resolve(&self, name: &str, function: &str) -> Option<String> {
        match name {
            "FunctionName" => Some(function.to_string()),
            "Partition" => Some(self.get(name).unwrap_or(DEFAULT_PARTITION).to_string()),
            _ => self.get(name).map(str::to_string),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Splits `K=V` at the first `=`; the name is checked, the value may hold further `=`.
pub fn parse_assignment(text: &str) -> Result<(String, String), VarError> {
    let Some((name, value)) = text.split_once('=') else {
        return Err(VarError {
            name: None,
            message: format!("`{text}` is not a variable assignment"),
            help: "write `--var NAME=VALUE`, as in `--var Region=eu-west-1`".into(),
        });
    };
    let name = name.trim();
    validate_name(name)?;
    Ok((name.to_string(), value.to_string()))
}

/// A variable name is an identifier (`[A-Za-z_][A-Za-z0-9_]*`), as in `${Name}`, and not
/// `FunctionName`, which is always the function's own name.
pub fn validate_name(name: &str) -> Result<(), VarError> {
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        let message = if name.is_empty() {
            "empty variable name".to_string()
        } else {
            format!("`{name}` is not a valid variable name")
        };
        return Err(VarError {
            name: Some(name.to_string()),
            message,
            help: "a variable name has letters, digits and `_` and does not start with a digit, \
                   as in `TableName`; it is used as `${TableName}`"
                .into(),
        });
    }
    if name == "FunctionName" {
        return Err(VarError {
            name: Some(name.to_string()),
            message: "`FunctionName` cannot be set".into(),
            help: "`${FunctionName}` is always the Lambda function's name; set it with \
                   `function = \"..\"` on the handler"
                .into(),
        });
    }
    Ok(())
}

/// Checks a value: no control characters, no `${Name}` placeholders (values are not expanded
/// again), and for the built-ins the shape AWS gives them.
pub fn validate_value(name: &str, value: &str) -> Result<(), VarError> {
    let err = |message: String, help: &str| VarError {
        name: Some(name.to_string()),
        message,
        help: help.to_string(),
    };
    if value.chars().any(char::is_control) {
        return Err(err(
            format!("the value of `{name}` contains a control character"),
            "remove line breaks and tabs from the value",
        ));
    }
    match crate::template::placeholders(value) {
        Err(e) => {
            return Err(err(
                format!(
                    "the value of `{name}` has a malformed placeholder: {}",
                    e.message
                ),
                "write `${` only for IAM policy variables such as `${aws:username}`",
            ));
        }
        Ok(found) if !found.is_empty() => {
            return Err(err(
                format!(
                    "the value of `{name}` uses `${{{}}}`: values are not expanded",
                    found[0]
                ),
                "write the value out in full",
            ));
        }
        Ok(_) => {}
    }
    let builtin = crate::template::is_builtin(name);
    if !builtin && value.contains(['*', '?']) {
        return Err(err(
            format!("the value of `{name}` has a wildcard: `{value}`"),
            "a variable stands for one name; write a wildcard in the declaration itself, where \
             the macro checks it and asks for a `reason`",
        ));
    }
    let ok = match name {
        "Partition" => {
            value.starts_with("aws")
                && value
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }
        "Region" => {
            value == "*"
                || (!value.is_empty()
                    && value
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        }
        "Account" => {
            value == "*" || (value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()))
        }
        _ => true,
    };
    if !ok {
        let help = match name {
            "Partition" => "a partition is `aws`, `aws-cn`, `aws-us-gov`, ...",
            "Region" => "a region is written like `eu-west-1`; use `*` for any region",
            _ => "an account ID is 12 digits, like `123456789012`; use `*` for any account",
        };
        return Err(err(format!("`{value}` is not a valid `{name}`"), help));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_over_package_over_workspace() {
        let ws = Vars::from_pairs([("A", "ws"), ("B", "ws"), ("C", "ws")]).unwrap();
        let pkg = Vars::from_pairs([("B", "pkg"), ("C", "pkg")]).unwrap();
        let cli = Vars::from_assignments(["C=cli"]).unwrap().with_strict(true);
        let all = Vars::layered(&ws, &pkg, &cli);
        assert_eq!(all.get("A"), Some("ws"));
        assert_eq!(all.get("B"), Some("pkg"));
        assert_eq!(all.get("C"), Some("cli"));
        assert!(all.strict);
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn parses_assignments() {
        assert_eq!(
            parse_assignment("Key=a=b").unwrap(),
            ("Key".into(), "a=b".into())
        );
        assert_eq!(
            parse_assignment("Prefix=").unwrap(),
            ("Prefix".into(), String::new())
        );
        let e = parse_assignment("Region").unwrap_err();
        assert!(
            e.message.contains("`Region` is not a variable assignment"),
            "{e:?}"
        );
        let e = parse_assignment("my-var=1").unwrap_err();
        assert!(
            e.message.contains("`my-var` is not a valid variable name"),
            "{e:?}"
        );
        assert!(
            parse_assignment("=x")
                .unwrap_err()
                .message
                .contains("empty variable name")
        );
        assert!(parse_assignment("1a=x").is_err());
        assert_eq!(
            Vars::from_assignments(["A=1", "A=2"]).unwrap().get("A"),
            Some("2")
        );
    }

    #[test]
    fn rejects_bad_builtin_values() {
        assert!(Vars::from_pairs([("Account", "12345")]).is_err());
        assert!(Vars::from_pairs([("Account", "*")]).is_ok());
        assert!(Vars::from_pairs([("Region", "EU West")]).is_err());
        assert!(Vars::from_pairs([("Region", "")]).is_err());
        assert!(Vars::from_pairs([("Partition", "gcp")]).is_err());
        assert!(Vars::from_pairs([("Partition", "aws-cn")]).is_ok());
        let e = Vars::from_pairs([("FunctionName", "x")]).unwrap_err();
        assert!(e.help.contains("function = "), "{e:?}");
    }

    #[test]
    fn values_are_not_templates() {
        let e = Vars::from_pairs([("Prefix", "${Other}/x")]).unwrap_err();
        assert!(e.message.contains("`${Other}`"), "{e:?}");
        assert!(Vars::from_pairs([("Prefix", "home/${aws:username}")]).is_ok());
        assert!(Vars::from_pairs([("Prefix", "a${")]).is_err());
        assert!(Vars::from_pairs([("Prefix", "a\nb")]).is_err());
    }

    #[test]
    fn resolves_builtins() {
        let vars = Vars::from_pairs([("Partition", "aws-cn")]).unwrap();
        assert_eq!(vars.resolve("Partition", "f").as_deref(), Some("aws-cn"));
        assert_eq!(
            Vars::new().resolve("Partition", "f").as_deref(),
            Some("aws")
        );
        assert_eq!(Vars::new().resolve("Region", "f"), None);
        let mut vars = Vars::new();
        vars.insert("FunctionName", "other");
        assert_eq!(vars.resolve("FunctionName", "f").as_deref(), Some("f"));
    }
}
