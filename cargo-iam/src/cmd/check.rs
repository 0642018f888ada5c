//! `cargo iam check`: regenerates every selected function's files in memory and compares them
//! byte for byte with the output directory. Missing, stale (including hand-edited) and orphaned
//! files are errors that name the fix; so is any error-level finding in the sources. A function
//! whose policy is split into managed policies owns exactly its
//! `<function>.managed-N.policy.json` parts: a leftover inline file or an extra part is
//! orphaned, a missing part is missing. Then the lints of `cargo iam lint` run on every
//! generated policy, their findings placed at the Rust declarations ([`crate::check_lint`]); an
//! error or security finding fails the check. Writes nothing.

use crate::analyze::Analysis;
use crate::cli::GlobalArgs;
use crate::output;
use crate::report::{Diag, Fatal, Loc, Printer, display_path};
use crate::{Outcome, cmd};
use lambda_iam_core::assemble::Assembled;
use lambda_iam_core::diag::Code;
use std::collections::{BTreeMap, BTreeSet};

const FIX: &str = "run `cargo iam emit` and commit the result";

pub fn run(args: &GlobalArgs, printer: &Printer) -> Result<Outcome, Fatal> {
    let analysis = Analysis::run(args)?;
    let mut diags = analysis.relevant_diags();
    // The code scan: SDK calls against the declarations.
    diags.extend(analysis.relevant_scan_diags());
    let out_dir = analysis.ws.stage_out_dir(args)?;
    let shown_dir = display_path(&out_dir);
    let existing =
        output::existing(&out_dir).map_err(|e| Fatal::io("read the directory", &out_dir, &e))?;

    // Rendering and comparing touch no span: they run on every core, results kept in order.
    let jobs: Vec<(&str, &Assembled)> = analysis
        .selected()
        .filter_map(|f| Some((f.name.as_str(), f.assembled.as_ref()?)))
        .collect();
    let compared = in_parallel(&jobs, |&(name, a)| {
        output::render_documents(name, a)
            .into_iter()
            .map(|file| {
                let path = out_dir.join(&file.file_name);
                let state = match std::fs::read(&path) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::Missing),
                    Err(e) => Err(e),
                    Ok(bytes) if bytes == file.contents.as_bytes() => Ok(State::Same),
                    Ok(bytes) => Ok(State::Stale(diff(&shown_dir, &file, &bytes))),
                };
                (name, path, file.file_name, state)
            })
            .collect::<Vec<_>>()
    });
    // The files each checked function owns now (a split policy has parts, not the inline file).
    let rendered: BTreeMap<&str, (BTreeSet<String>, bool)> = jobs
        .iter()
        .map(|&(name, a)| {
            let files = output::render_documents(name, a)
                .into_iter()
                .map(|f| f.file_name)
                .collect();
            (name, (files, !a.managed.is_empty()))
        })
        .collect();
    let mut checked = 0;
    for (name, path, file_name, state) in compared.into_iter().flatten() {
        checked += 1;
        let shown = format!("{shown_dir}/{file_name}");
        match state {
            Ok(State::Same) => {}
            Ok(State::Missing) => diags.push(
                Diag::error(
                    Code::MissingFile,
                    format!("`{shown}` is missing: function `{name}` has no committed policy"),
                )
                .with_help(FIX)
                .at(Some(Loc::file(&path))),
            ),
            Ok(State::Stale(diff)) => {
                let mut d = Diag::error(
                    Code::StaleFile,
                    format!(
                        "`{shown}` is stale: it differs from what the code declares for `{name}`"
                    ),
                )
                .with_help(FIX)
                .at(Some(Loc::file(&path)));
                d.diff = Some(diff);
                diags.push(d);
            }
            Err(e) => return Err(Fatal::io("read", &path, &e)),
        }
    }
    // Then the lints, on every policy that could be assembled (drift or not: the code is what
    // will be deployed once the files are regenerated).
    for f in analysis.selected() {
        if let Some(a) = &f.assembled {
            diags.extend(crate::check_lint::lint_function(f, a, &shown_dir));
        }
    }
    if !analysis.incomplete {
        let known: BTreeSet<&str> = analysis.functions.iter().map(|f| f.name.as_str()).collect();
        for name in &existing {
            let Some(function) = output::owner(name) else {
                continue;
            };
            if let Some((own, split)) = rendered.get(function) {
                if !own.contains(name) {
                    let reason = super::emit::stale_reason(name, *split);
                    diags.push(
                        Diag::error(
                            Code::OrphanedFile,
                            format!("`{shown_dir}/{name}` is orphaned: {reason}"),
                        )
                        .with_help(FIX)
                        .at(Some(Loc::file(out_dir.join(name)))),
                    );
                }
                continue;
            }
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
    printer.sarif(&analysis.sources, &diags);
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

/// How a committed file compares with the one rendered from the code.
enum State {
    Same,
    Missing,
    /// The unified diff, committed to rendered.
    Stale(String),
}

fn diff(shown_dir: &str, file: &output::Rendered, committed: &[u8]) -> String {
    let shown = format!("{shown_dir}/{}", file.file_name);
    let committed = String::from_utf8_lossy(committed);
    similar::TextDiff::from_lines(committed.as_ref(), file.contents.as_str())
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{shown} (committed)"),
            &format!("{shown} (from the code)"),
        )
        .to_string()
}

/// `f` over `items` on every available core (the calling thread included), results in the
/// order of `items`.
pub(crate) fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || items.len() < 64 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let mut chunks = items.chunks(chunk);
        let first = chunks.next().unwrap_or_default();
        // A chunk whose thread cannot be started is done here, in its turn.
        let others: Vec<_> = chunks
            .map(|c| {
                let spawned = std::thread::Builder::new()
                    .spawn_scoped(scope, move || c.iter().map(f).collect::<Vec<R>>());
                (c, spawned.ok())
            })
            .collect();
        let mut out: Vec<R> = first.iter().map(f).collect();
        for (c, handle) in others {
            match handle.map(|h| h.join()) {
                Some(Ok(part)) => out.extend(part),
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => out.extend(c.iter().map(f)),
            }
        }
        out
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::in_parallel;

    #[test]
    fn parallel_results_keep_the_order_of_the_items() {
        for n in [0, 1, 63, 64, 65, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let out = in_parallel(&items, |i| i * 3);
            assert_eq!(
                out,
                items.iter().map(|i| i * 3).collect::<Vec<_>>(),
                "n = {n}"
            );
        }
    }
}
