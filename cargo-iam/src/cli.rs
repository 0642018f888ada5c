//! The command line: `cargo iam [OPTIONS] <VERB>`, parsed with clap.
//!
//! Cargo runs an installed subcommand as `cargo-iam iam <VERB>..`, while `cargo run -p cargo-iam --
//! <VERB>` passes no `iam` word: [`parse_from`] accepts both shapes.

use clap::{Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

/// Shown below the options of `--help`: the exit codes, from [`crate::exit`].
const AFTER_HELP: &str = "\
Exit codes:
  0  clean: nothing to report (warnings may have been printed)
  1  check failed: committed files drift from the code, or an error-level finding (for `lint`:
     an error or security finding, or a warning under `--deny warnings`)
  2  usage, configuration or I/O error (including `cargo metadata` failing, and for `lint` a
     file that cannot be read or is not JSON; the other files are still linted)

Configuration (Cargo.toml):
  [package.metadata.lambda-iam.vars]     Name = \"value\" for ${Name} placeholders
  [workspace.metadata.lambda-iam.vars]   the same, for every member (a package's own win)
  [workspace.metadata.lambda-iam]        out_dir = \"iam\" (relative to the workspace root)
  [workspace.metadata.lambda-iam.stages.<name>.vars]   values of one stage (`--stage <name>`)";

/// `cargo`'s view of the command line: the subcommand is the first word.
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", styles = clap::builder::styling::Styles::styled())]
pub enum Cargo {
    Iam(Args),
}

/// Emit and check the least-privilege IAM policy of every AWS Lambda function in a workspace.
#[derive(Debug, Clone, clap::Args)]
#[command(version, about, long_about = None, after_help = AFTER_HELP, arg_required_else_help = true)]
pub struct Args {
    #[command(subcommand)]
    pub verb: Verb,
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options every verb accepts, before or after the verb.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GlobalArgs {
    /// Path to the workspace's (or a member's) Cargo.toml
    #[arg(long, value_name = "PATH", global = true)]
    pub manifest_path: Option<PathBuf>,
    /// Only the functions of this package (repeatable); helpers in other members are still read
    #[arg(short, long, value_name = "SPEC", global = true)]
    pub package: Vec<String>,
    /// Every member of the workspace (the default)
    #[arg(long, global = true)]
    pub workspace: bool,
    /// Leave out this package's functions (repeatable, with --workspace)
    #[arg(long, value_name = "SPEC", global = true)]
    pub exclude: Vec<String>,
    /// Passed to `cargo metadata`: no network
    #[arg(long, global = true)]
    pub offline: bool,
    /// Passed to `cargo metadata`: require Cargo.lock to be up to date
    #[arg(long, global = true)]
    pub locked: bool,
    /// Passed to `cargo metadata`: --locked and --offline
    #[arg(long, global = true)]
    pub frozen: bool,
    /// Coloured diagnostics [default: $CARGO_TERM_COLOR, else auto; auto honours NO_COLOR]
    #[arg(long, value_name = "WHEN", global = true)]
    pub color: Option<ColorWhen>,
    /// How diagnostics are printed on stderr: `json` is one object per line; `sarif` (lint and
    /// check) writes a SARIF 2.1.0 log on stdout and human diagnostics on stderr
    #[arg(long, value_name = "FMT", default_value = "human", global = true)]
    pub message_format: MessageFormat,
    /// A value for a `${Name}` placeholder, over the Cargo.toml values (repeatable)
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var, global = true)]
    pub vars: Vec<(String, String)>,
    /// Make unresolved `${Region}` / `${Account}` errors instead of `*` with a warning
    #[arg(long, global = true)]
    pub strict: bool,
    /// The deploy stage whose `[workspace.metadata.lambda-iam.stages.<NAME>.vars]` apply (over
    /// the package's values); its files live in <out-dir>/<NAME>/
    #[arg(long, value_name = "NAME", global = true)]
    pub stage: Option<String>,
    /// Where the policy files live [default: `out_dir` of [workspace.metadata.lambda-iam], else
    /// iam/ at the workspace root]
    #[arg(long, value_name = "DIR", global = true)]
    pub out_dir: Option<PathBuf>,
}

/// What to do.
#[derive(Debug, Clone, Subcommand)]
pub enum Verb {
    /// Write FUNCTION.policy.json and FUNCTION.trust.json for every function, and remove
    /// the files of functions that no longer exist
    Emit {
        /// Print the files on stdout instead of writing them
        #[arg(long)]
        stdout: bool,
        /// What to write: the JSON policy files (committed, compared by `check`), or a template
        /// for the deploy tool, under <out-dir>/cloudformation/, sam/ or terraform/
        #[arg(long, value_name = "FORMAT", default_value = "json")]
        format: crate::format::Format,
    },
    /// Compare the committed files with what the code declares; write nothing (for CI)
    Check,
    /// List the functions: name, package, handler, declaration, statement count
    List,
    /// Show every statement of one function's policy and the declaration it comes from
    Explain {
        /// The Lambda function's name, as `list` shows it
        function: String,
    },
    /// Lint IAM policy documents (identity, trust, resource-based): findings at JSON
    /// line:column; exit 1 on an error or security finding
    Lint(LintArgs),
    /// Print the attribute each handler needs after the code scan (declared, plus the `allow`
    /// its SDK calls lack, minus unused ones without `reason`)
    Suggest {
        /// Edit the attributes in the source (atomically, keeping the rest of the text)
        #[arg(long)]
        write: bool,
    },
}

/// `cargo iam lint`.
#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// Policy files; a directory means every *.json under it; `-` reads standard input
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The kind of policy, which decides the lints that apply [default: detected per document]
    #[arg(long, value_name = "TYPE", default_value = "auto")]
    pub policy_type: PolicyTypeArg,
    /// `--deny warnings`: warnings fail the run too (exit 1)
    #[arg(long, value_name = "LEVEL")]
    pub deny: Vec<DenyLevel>,
    /// Silence a lint, for a stated reason (repeatable)
    #[arg(long, value_name = "CODE=REASON", value_parser = parse_allow)]
    pub allow: Vec<(String, String)>,
    /// Print what a lint finds, why it matters, an example and how to fix it
    #[arg(long, value_name = "CODE", conflicts_with_all = ["files", "allow"])]
    pub explain: Option<String>,
}

/// `--policy-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyTypeArg {
    Auto,
    Identity,
    Trust,
    Resource,
}

/// `--deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    Warnings,
}

fn parse_allow(s: &str) -> Result<(String, String), String> {
    let (code, reason) = s.split_once('=').unwrap_or((s, ""));
    let (code, reason) = (code.trim(), reason.trim());
    if code.is_empty() {
        return Err("expected CODE=REASON, e.g. `wildcard-action=read-only audit role`".into());
    }
    if reason.is_empty() {
        return Err(format!(
            "`{code}` needs a reason: `--allow {code}=\"why this is fine\"` (a lint is only \
             silenced for a stated reason)"
        ));
    }
    Ok((code.to_string(), reason.to_string()))
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// `--message-format`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    #[default]
    Human,
    Json,
    /// SARIF 2.1.0 on stdout (`lint` and `check` only), for GitHub code scanning
    Sarif,
}

impl GlobalArgs {
    /// The colour choice: `--color`, else `CARGO_TERM_COLOR`, else auto (which honours
    /// `NO_COLOR` and colours only a terminal).
    pub fn color_choice(&self) -> anstream::ColorChoice {
        let when = self.color.or_else(|| {
            let env = std::env::var("CARGO_TERM_COLOR").ok()?;
            ColorWhen::from_str(env.trim(), true).ok()
        });
        match when {
            Some(ColorWhen::Always) => anstream::ColorChoice::Always,
            Some(ColorWhen::Never) => anstream::ColorChoice::Never,
            Some(ColorWhen::Auto) | None => anstream::ColorChoice::Auto,
        }
    }
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    use lambda_iam_core::vars::{parse_assignment, validate_value};
    let (name, value) = parse_assignment(s).map_err(|e| format!("{} ({})", e.message, e.help))?;
    validate_value(&name, &value).map_err(|e| format!("{} ({})", e.message, e.help))?;
    Ok((name, value))
}

/// Parses argv, with or without the `iam` word after the program name. On a usage error (or
/// `--help`/`--version`) returns clap's error, which knows its exit code (2, or 0 for help).
pub fn parse_from<I, T>(argv: I) -> Result<Args, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let mut argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
    if argv.is_empty() {
        argv.push("cargo-iam".into());
    }
    if argv.get(1).is_none_or(|word| word != "iam") {
        argv.insert(1, "iam".into());
    }
    let Cargo::Iam(args) = Cargo::try_parse_from(argv)?;
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_both_argv_shapes() {
        for argv in [
            &["cargo-iam", "iam", "emit", "--stdout"][..],
            &["cargo-iam", "emit", "--stdout"],
        ] {
            let args = parse_from(argv).unwrap();
            assert!(
                matches!(args.verb, Verb::Emit { stdout: true, .. }),
                "{argv:?}"
            );
        }
    }

    #[test]
    fn global_options_go_before_or_after_the_verb() {
        let argv = [
            "cargo-iam",
            "check",
            "-p",
            "a",
            "-p",
            "b",
            "--var",
            "Region=eu-west-1",
        ];
        let args = parse_from(argv).unwrap();
        assert_eq!(args.global.package, ["a", "b"]);
        assert_eq!(
            args.global.vars,
            [("Region".to_string(), "eu-west-1".to_string())]
        );
        assert!(matches!(args.verb, Verb::Check));
        let args = parse_from(["cargo-iam", "--strict", "-p", "a", "check"]).unwrap();
        assert_eq!(args.global.package, ["a"]);
        assert!(args.global.strict);
    }

    #[test]
    fn rejects_malformed_vars_and_unknown_verbs() {
        assert!(parse_from(["cargo-iam", "emit", "--var", "Region"]).is_err());
        assert!(parse_from(["cargo-iam", "emit", "--var", "1x=a"]).is_err());
        let err = parse_from(["cargo-iam", "frobnicate"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn explain_takes_a_function() {
        let args = parse_from(["cargo", "iam", "explain", "resize"]).unwrap();
        assert!(matches!(args.verb, Verb::Explain { function } if function == "resize"));
    }

    #[test]
    fn lint_takes_files_and_allow_needs_a_reason() {
        let args = parse_from([
            "cargo-iam",
            "lint",
            "a.json",
            "-",
            "--allow",
            "wildcard-action=audit role",
            "--deny",
            "warnings",
            "--message-format",
            "sarif",
        ])
        .unwrap();
        let Verb::Lint(lint) = &args.verb else {
            panic!("{args:?}")
        };
        assert_eq!(lint.files, [PathBuf::from("a.json"), PathBuf::from("-")]);
        assert_eq!(
            lint.allow,
            [("wildcard-action".to_string(), "audit role".to_string())]
        );
        assert!(lint.deny_warnings());
        assert_eq!(args.global.message_format, MessageFormat::Sarif);
        for bad in ["wildcard-action", "wildcard-action=", "=why"] {
            let err = parse_from(["cargo-iam", "lint", "a.json", "--allow", bad]).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad}");
        }
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cargo::command().debug_assert();
    }
}
