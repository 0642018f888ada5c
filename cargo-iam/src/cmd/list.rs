//! `cargo iam list`: one row per function — name, package, handler, where it is declared, and
//! the number of statements of its policy (and into how many managed policies it is split, when
//! it is over the inline limit). With `--message-format json`, one JSON object per function
//! instead.

use crate::analyze::Analysis;
use crate::cli::{GlobalArgs, MessageFormat};
use crate::report::{Fatal, Printer, display_path};
use crate::{Outcome, cmd};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Row<'a> {
    function: &'a str,
    package: &'a str,
    handler: &'a str,
    file: Option<String>,
    line: Option<usize>,
    statements: Option<usize>,
    /// How many managed policies the policy is split into (absent when it fits inline).
    #[serde(skip_serializing_if = "Option::is_none")]
    managed_policies: Option<usize>,
}

pub fn run(args: &GlobalArgs, printer: &Printer) -> Result<Outcome, Fatal> {
    let analysis = Analysis::run(args)?;
    let diags = analysis.relevant_diags();
    printer.print_all(&analysis.sources, &diags);
    let mut stdout = std::io::stdout().lock();
    let rows: Vec<Row<'_>> = analysis
        .selected()
        .map(|f| Row {
            function: &f.name,
            package: &f.package,
            handler: &f.handler,
            file: f.loc.as_ref().map(|l| display_path(&l.path)),
            line: f.loc.as_ref().map(|l| l.line),
            statements: f.assembled.as_ref().map(|a| a.policy.statement.len()),
            managed_policies: f
                .assembled
                .as_ref()
                .map(|a| a.managed.len())
                .filter(|&n| n > 0),
        })
        .collect();
    if args.message_format == MessageFormat::Json {
        for row in &rows {
            let _ = writeln!(
                stdout,
                "{}",
                serde_json::to_string(row).expect("rows serialise")
            );
        }
    } else if rows.is_empty() {
        printer.status("note: no Lambda function in the selected packages");
    } else {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.function.to_string(),
                    r.package.to_string(),
                    r.handler.to_string(),
                    match (&r.file, r.line) {
                        (Some(file), Some(line)) => format!("{file}:{line}"),
                        _ => "-".into(),
                    },
                    match (r.statements, r.managed_policies) {
                        (Some(n), Some(parts)) => format!("{n} in {parts} managed policies"),
                        (Some(n), None) => n.to_string(),
                        _ => "-".into(),
                    },
                ]
            })
            .collect();
        let table = cmd::table(
            &[
                "function",
                "package",
                "handler",
                "declared at",
                "statements",
            ],
            &cells,
            &[false, false, false, false, true],
        );
        let _ = write!(stdout, "{table}");
    }
    printer.summary(
        &diags,
        diags
            .iter()
            .any(|d| d.is_error())
            .then_some("some functions have errors"),
    );
    cmd::leak(analysis);
    Ok(cmd::outcome_of(&diags))
}
