//! `cargo iam`: collects the `#[lambda_iam::handler]` declarations of a workspace into each Lambda
//! function's execution-role policy, and checks that committed policies match the code.
//!
//! The binary is a thin shell: [`cli::parse_from`] reads argv, [`run`] does the work and returns
//! an [`Outcome`], whose [`Outcome::exit_code`] is one of the [`exit`] constants.
//!
//! The pipeline ([`analyze`]): `cargo metadata --no-deps` ([`workspace`], [`config`]) → the
//! source walk of every lib and bin target ([`walk`]) → the attributes that resolve to our macros,
//! parsed and validated by `lambda-iam-core` ([`resolve`], [`collect`]) → Lambda functions with
//! their `uses` resolved and their policies assembled ([`functions`]) → the handlers' AWS SDK
//! calls checked against their declarations ([`scan`]) → one module per verb ([`cmd`]), findings
//! rendered in one place ([`report`]), files written atomically ([`output`]).
//!
//! Behaviour worth knowing:
//!
//! - Every member of the workspace is read; `-p`/`--exclude` only narrow which functions are
//!   emitted, checked or listed (helpers in any member still count for `uses`), and which
//!   findings are shown.
//! - Lib and bin targets are read; tests, benches, examples and build scripts are not deployed
//!   as Lambda functions and are skipped, and so is everything under `#[cfg(test)]`. Other `cfg`s
//!   cannot be evaluated without compiling and are read. Items made by macros are not seen.
//! - A handler's function is named by `function = ".."`, else by the bin target whose module tree
//!   holds it; a handler only in a lib needs `function`.
//! - A function with an error-level finding (in its handler, in a helper it uses, or in a file
//!   they are declared in) gets no files: never a partial or wrong policy.
//! - `emit` owns the `*.policy.json` / `*.trust.json` files of its output directory: it removes
//!   those whose function no longer exists anywhere in the workspace, unless an error means the
//!   list of functions may be incomplete. Other files there are never touched.
//! - `check` writes nothing; `explain` and `list` write nothing.

pub mod analyze;
pub mod cargo_lambda;
pub mod check_lint;
pub mod cli;
pub mod cmd;
pub mod collect;
pub mod config;
pub mod format;
pub mod functions;
pub mod json_span;
pub mod output;
pub mod policy_lint;
pub mod report;
pub mod resolve;
pub mod sarif;
pub mod scan;
pub mod walk;
pub mod workspace;

#[cfg(test)]
mod testing;

pub use cli::{Args, parse_from};

/// Exit codes. "Check failed" and "the tool failed" never share a code.
pub mod exit {
    /// Nothing to report (warnings may have been printed).
    pub const CLEAN: i32 = 0;
    /// Committed files drift from the code, or an error-level finding.
    pub const CHECK_FAILED: i32 = 1;
    /// Usage, configuration or I/O error.
    pub const ERROR: i32 = 2;
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    CheckFailed,
    Error,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Clean => exit::CLEAN,
            Outcome::CheckFailed => exit::CHECK_FAILED,
            Outcome::Error => exit::ERROR,
        }
    }
}

/// Runs one verb; everything it has to say goes to stdout (what was asked for) and stderr
/// (diagnostics).
pub fn run(args: &Args) -> Outcome {
    let printer = report::Printer {
        format: args.global.message_format,
        color: args.global.color_choice(),
    };
    let sarif_verb = matches!(args.verb, cli::Verb::Lint(_) | cli::Verb::Check);
    let result = match &args.verb {
        _ if args.global.message_format == cli::MessageFormat::Sarif && !sarif_verb => Err(
            report::Fatal::usage("`--message-format sarif` is for `lint` and `check` only")
                .with_help("use `--message-format json` for machine-readable output"),
        ),
        cli::Verb::Emit { stdout, format } => {
            cmd::emit::run(&args.global, &printer, *stdout, *format)
        }
        cli::Verb::Check => cmd::check::run(&args.global, &printer),
        cli::Verb::List => cmd::list::run(&args.global, &printer),
        cli::Verb::Explain { function } => cmd::explain::run(&args.global, &printer, function),
        cli::Verb::Lint(lint) => cmd::lint::run(lint, &printer),
        cli::Verb::Suggest { write } => cmd::suggest::run(&args.global, &printer, *write),
    };
    match result {
        Ok(outcome) => outcome,
        Err(report::Fatal(diag)) => {
            printer.print(&report::Sources::default(), &diag);
            Outcome::Error
        }
    }
}
