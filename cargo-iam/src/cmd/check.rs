//! `cargo iam check`: regenerates every selected function's files in memory and compares them
//! byte for byte with the output directory. Missing, stale (including hand-edited) and orphaned
//! files are errors that name the fix; so is any error-level finding in the sources. Writes
//! nothing.

use crate::analyze::Analysis;
use crate::cli::GlobalArgs;
use crate::output;
use crate::report::{Diag, Fatal, Loc, Printer, display_path};
use crate::{Outcome, cmd};
use lambda_iam_core::diag::Code;
use std::collections::BTreeSet;

const FIX: &str = "run `cargo iam emit` and commit the result";

pub fn run(args: &GlobalArgs, printer: &Printer) -> Result<Outcome, Fatal> {
    let analysis = Analysis::run(args)?;
    let mut diags = analysis.relevant_diags();
    let out_dir = analysis.ws.out_dir(args.out_dir.as_deref());
    let shown_dir = display_path(&out_dir);
    let existing =
        output::existing(&out_dir).map_err(|e| Fatal::io("read the directory", &out_dir, &e))?;

    let mut checked = 0;
    for f in analysis.selected() {
        for file in output::render(f).into_iter().flatten() {
            checked += 1;
            let path = out_dir.join(&file.file_name);
            let shown = format!("{shown_dir}/{}", file.file_name);
            match std::fs::read(&path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => diags.push(
                    Diag::error(
                        Code::MissingFile,
                        format!(
                            "`{shown}` is missing: function `{}` has no committed policy",
                            f.name
                        ),
                    )
                    .with_help(FIX)
                    .at(Some(Loc::file(&path))),
                ),
                Err(e) => return Err(Fatal::io("read", &path, &e)),
                Ok(bytes) if bytes == file.contents.as_bytes() => {}
                Ok(bytes) => {
                    let committed = String::from_utf8_lossy(&bytes);
                    let diff =
                        similar::TextDiff::from_lines(committed.as_ref(), file.contents.as_str())
                            .unified_diff()
                            .context_radius(3)
                            .header(
                                &format!("{shown} (committed)"),
                                &format!("{shown} (from the code)"),
                            )
                            .to_string();
                    let mut d = Diag::error(
                        Code::StaleFile,
                        format!(
                            "`{shown}` is stale: it differs from what the code declares for `{}`",
                            f.name
                        ),
                    )
                    .with_help(FIX)
                    .at(Some(Loc::file(&path)));
                    d.diff = Some(diff);
                    diags.push(d);
                }
            }
        }
    }
    if !analysis.incomplete {
        let known: BTreeSet<&str> = analysis.functions.iter().map(|f| f.name.as_str()).collect();
        for name in &existing {
            let Some(function) = output::owner(name) else {
                continue;
            };
            if !known.contains(function) {
                diags.push(
                    Diag::error(
                        Code::OrphanedFile,
                        format!("`{shown_dir}/{name}` is orphaned: no handler declares the function `{function}`"),
                    )
                    .with_help("run `cargo iam emit` (it removes the files of functions that no longer exist), or delete the file")
                    .at(Some(Loc::file(out_dir.join(name)))),
                );
            }
        }
    }
    printer.print_all(&analysis.sources, &diags);
    let outcome = cmd::outcome_of(&diags);
    if outcome == Outcome::Clean {
        let n = analysis.selected().count();
        printer.status(&format!(
            "checked {checked} file{} of {n} function{}: up to date",
            plural(checked),
            plural(n)
        ));
    }
    printer.summary(
        &diags,
        (outcome != Outcome::Clean).then_some("check failed"),
    );
    cmd::leak(analysis);
    Ok(outcome)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
