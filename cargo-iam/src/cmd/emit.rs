//! `cargo iam emit`: writes `<function>.policy.json` and `<function>.trust.json` for every
//! selected function, atomically, and prints a summary row per function. A policy over the
//! 10,240-character inline limit is written as `<function>.managed-1.policy.json`, … instead
//! (see `lambda_iam_core::assemble`), and the summary says so; the function's files it no
//! longer has (the inline policy after a split, parts after a shrink) are removed.
//!
//! The output directory belongs to `cargo iam`: files named `*.policy.json` / `*.trust.json`
//! whose function no longer exists anywhere in the workspace are removed (other files are never
//! touched). A function with an error-level finding gets no files written (never a partial or
//! wrong policy); nothing is removed when a source file could not be read, or any error was
//! found, since the list of functions may then be incomplete.
//!
//! Then the lints `cargo iam check` runs ([`crate::check_lint`]) run on every policy written,
//! their findings placed at the Rust declarations: an error or security finding makes the
//! exit code 1. The files are still written: they are a faithful rendering of the
//! declarations, and the fix belongs in the Rust source (a narrower declaration, or a
//! `reason`), after which `emit` rewrites them.

use crate::analyze::Analysis;
use crate::cli::GlobalArgs;
use crate::format::{self, Format};
use crate::output::{self, INLINE_POLICY_LIMIT};
use crate::report::Diag;
use crate::report::{Fatal, Printer, display_path};
use crate::{Outcome, cmd};
use std::collections::BTreeSet;
use std::io::Write;

pub fn run(
    args: &GlobalArgs,
    printer: &Printer,
    to_stdout: bool,
    format: Format,
) -> Result<Outcome, Fatal> {
    let analysis = Analysis::run(args)?;
    let mut diags = analysis.relevant_diags();
    if format != Format::Json {
        // The templates leave an unresolved `${Region}` / `${Account}` to the deploy tool: the
        // warning that it became `*` concerns only the JSON files.
        diags.retain(|d| {
            d.is_error() || d.code != Some(lambda_iam_core::diag::Code::UnresolvedBuiltin)
        });
    }
    // An error before the lints means a function was not rendered.
    let incomplete = diags.iter().any(|d| d.is_error());
    let out_dir = analysis.ws.stage_out_dir(args)?;
    let shown_dir = display_path(&out_dir);
    // The lints `check` runs, on the policies written here, placed at the declarations. The
    // files are written all the same: they render the declarations faithfully, and the
    // findings say what to change in the Rust source.
    for f in analysis.selected() {
        if let Some(a) = &f.assembled {
            diags.extend(crate::check_lint::lint_function(f, a, &shown_dir));
        }
    }
    printer.print_all(&analysis.sources, &diags);
    let mut stdout = std::io::stdout().lock();
    if format != Format::Json {
        let outcome = deploy(
            &analysis, &diags, incomplete, printer, to_stdout, format, &out_dir,
        );
        cmd::leak(analysis);
        return outcome;
    }

    if to_stdout {
        for f in analysis.selected() {
            for file in output::render(f).into_iter().flatten() {
                let _ = writeln!(stdout, "==> {shown_dir}/{} <==", file.file_name);
                let _ = write!(stdout, "{}", file.contents);
            }
        }
        printer.summary(
            &diags,
            incomplete.then_some("some functions were not printed"),
        );
        cmd::leak(analysis);
        return Ok(cmd::outcome_of(&diags));
    }

    std::fs::create_dir_all(&out_dir)
        .map_err(|e| Fatal::io("create the directory", &out_dir, &e))?;
    let existing =
        output::existing(&out_dir).map_err(|e| Fatal::io("read the directory", &out_dir, &e))?;
    let mut removed: Vec<(String, &str)> = Vec::new();
    let (mut written, mut unchanged) = (0, 0);
    let mut rows = Vec::new();
    for f in analysis.selected() {
        let Some(files) = output::render(f) else {
            rows.push(vec![
                f.name.clone(),
                "-".into(),
                "-".into(),
                "not written (see errors)".into(),
            ]);
            continue;
        };
        for file in &files {
            let changed = output::write_atomic(&out_dir, &file.file_name, &file.contents)
                .map_err(|e| Fatal::io("write", &out_dir.join(&file.file_name), &e))?;
            if changed {
                written += 1
            } else {
                unchanged += 1
            }
        }
        // The function's files it no longer has: the inline policy after a split, parts after
        // a shrink (only this function's, so it holds whatever else failed).
        let own: BTreeSet<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
        let split = f.assembled.as_ref().is_some_and(|a| !a.managed.is_empty());
        for name in &existing {
            if output::owner(name) == Some(f.name.as_str()) && !own.contains(name.as_str()) {
                let path = out_dir.join(name);
                std::fs::remove_file(&path).map_err(|e| Fatal::io("remove", &path, &e))?;
                removed.push((name.clone(), stale_reason(name, split)));
            }
        }
        let a = f
            .assembled
            .as_ref()
            .expect("rendered functions are assembled");
        let (statements, actions, size) = output::stats(&a.policy);
        let mut size_cell = format!(
            "{size} / {INLINE_POLICY_LIMIT} ({}%)",
            size * 100 / INLINE_POLICY_LIMIT
        );
        if !a.collapsed.is_empty() {
            size_cell.push_str(&format!(
                ", {} wildcard{} collapsed",
                a.collapsed.len(),
                if a.collapsed.len() == 1 { "" } else { "s" }
            ));
        }
        if !a.managed.is_empty() {
            size_cell.push_str(&format!(
                ", split into {} managed policies",
                a.managed.len()
            ));
        }
        rows.push(vec![
            f.name.clone(),
            statements.to_string(),
            actions.to_string(),
            size_cell,
        ]);
    }

    if !analysis.incomplete && !analysis.diags.iter().any(|d| d.is_error()) {
        let known: BTreeSet<&str> = analysis.functions.iter().map(|f| f.name.as_str()).collect();
        for name in existing {
            // (A selected function's own leftovers, its permissions file included, went above.)
            if output::owner(&name).is_some_and(|f| !known.contains(f)) {
                let path = out_dir.join(&name);
                std::fs::remove_file(&path).map_err(|e| Fatal::io("remove", &path, &e))?;
                removed.push((name, "its function no longer exists"));
            }
        }
    }

    if rows.is_empty() {
        printer.status("note: no Lambda function in the selected packages; nothing to emit");
    } else {
        let table = cmd::table(
            &["function", "statements", "actions", "policy size"],
            &rows,
            &[false, true, true, false],
        );
        let _ = write!(stdout, "{table}");
    }
    let mut status = format!(
        "wrote {written} file{} to {shown_dir}/",
        if written == 1 { "" } else { "s" }
    );
    if unchanged > 0 {
        status.push_str(&format!(" ({unchanged} unchanged)"));
    }
    for (name, why) in &removed {
        status.push_str(&format!("\nremoved {shown_dir}/{name}: {why}"));
    }
    printer.status(&status);
    printer.summary(
        &diags,
        incomplete.then_some("some functions were not emitted"),
    );
    cmd::leak(analysis);
    Ok(cmd::outcome_of(&diags))
}

/// Why a file of a function that still exists is no longer written (`split`: its policy is
/// written as managed policies now).
pub(crate) fn stale_reason(name: &str, split: bool) -> &'static str {
    if name.ends_with(".permissions.json") {
        return "the handler declares no `trigger` any more";
    }
    match (name.contains(".managed-"), split) {
        (false, _) => "the policy is now split into managed policies",
        (true, true) => "the policy now has fewer managed policies",
        (true, false) => "the policy fits inline again",
    }
}

/// `--format cloudformation|sam|terraform`: the templates of the selected functions, written
/// under the format's directory (or printed). Nothing is removed: these files are not compared
/// by `check`, and the directory may hold the user's own files.
fn deploy(
    analysis: &Analysis,
    diags: &[Diag],
    incomplete: bool,
    printer: &Printer,
    to_stdout: bool,
    format: Format,
    out_dir: &std::path::Path,
) -> Result<Outcome, Fatal> {
    let shown_dir = display_path(out_dir);
    let selected: Vec<_> = analysis.selected().collect();
    let files = format::render(format, &selected, &analysis.ws, out_dir).map_err(Fatal::usage)?;
    let mut stdout = std::io::stdout().lock();
    let not_written = incomplete.then_some("some functions were not emitted");
    if to_stdout {
        for file in &files {
            let _ = writeln!(stdout, "==> {shown_dir}/{} <==", file.file_name);
            let _ = write!(stdout, "{}", file.contents);
        }
        printer.summary(diags, not_written);
        return Ok(cmd::outcome_of(diags));
    }
    let (mut written, mut unchanged) = (0, 0);
    for file in &files {
        let path = out_dir.join(&file.file_name);
        let dir = path.parent().unwrap_or(out_dir);
        std::fs::create_dir_all(dir).map_err(|e| Fatal::io("create the directory", dir, &e))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&file.file_name);
        if output::write_atomic(dir, name, &file.contents)
            .map_err(|e| Fatal::io("write", &path, &e))?
        {
            written += 1;
        } else {
            unchanged += 1;
        }
    }
    let mut status = format!(
        "wrote {written} file{} to {shown_dir}/{}/",
        if written == 1 { "" } else { "s" },
        format.subdir().unwrap_or_default()
    );
    if unchanged > 0 {
        status.push_str(&format!(" ({unchanged} unchanged)"));
    }
    if files.is_empty() {
        status = "note: no Lambda function in the selected packages; nothing to emit".into();
    }
    printer.status(&status);
    printer.summary(diags, not_written);
    Ok(cmd::outcome_of(diags))
}
