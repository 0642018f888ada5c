//! `cargo iam lint FILE.. | -`: lints IAM policy documents (identity, trust, resource-based) with
//! the engine of `lambda-iam-core`, each finding at the JSON line:column of the value it is about.
//! A directory stands for every `*.json` file under it (sorted); `-` for standard input. A file
//! that cannot be read or parsed is reported and the others are still linted.

use crate::Outcome;
use crate::cli::{LintArgs, PolicyTypeArg};
use crate::policy_lint;
use crate::report::{Diag, Fatal, Loc, Printer, SourceFile, Sources};
use lambda_iam_core::diag::Code;
use lambda_iam_core::lint::{LintOptions, LintSeverity, PolicyType, Suppression};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub fn run(args: &LintArgs, printer: &Printer) -> Result<Outcome, Fatal> {
    if let Some(code) = &args.explain {
        let lint = policy_lint::by_code(code).ok_or_else(|| policy_lint::unknown_code(code))?;
        let text = format!(
            "# `{}` ({})\n\n{}\n\n{}",
            lint.code,
            lint.severity,
            lint.summary,
            lint.explain.trim_end()
        );
        let _ = writeln!(std::io::stdout().lock(), "{text}");
        return Ok(Outcome::Clean);
    }
    if args.files.is_empty() {
        return Err(Fatal::usage("nothing to lint").with_help(
            "give policy files, directories (every *.json under them), or `-` for standard input",
        ));
    }
    let mut suppressions = Vec::new();
    for (code, reason) in &args.allow {
        if policy_lint::by_code(code).is_none() {
            return Err(policy_lint::unknown_code(code));
        }
        suppressions.push(Suppression {
            code: code.clone(),
            statement: None,
            reason: reason.clone(),
        });
    }
    let options = LintOptions {
        policy_type: match args.policy_type {
            PolicyTypeArg::Auto => None,
            PolicyTypeArg::Identity => Some(PolicyType::Identity),
            PolicyTypeArg::Trust => Some(PolicyType::Trust),
            PolicyTypeArg::Resource => Some(PolicyType::Resource),
        },
        suppressions,
    };

    let mut sources = Sources::default();
    let mut diags: Vec<Diag> = Vec::new();
    // Read in order, then lint on every core; findings are kept in the order of the inputs.
    let read: Vec<Result<usize, Box<Diag>>> = inputs(&args.files, &mut diags)
        .iter()
        .map(|input| read(input).map(|file| sources.add(file)))
        .collect();
    let ids: Vec<usize> = read
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    let mut linted =
        super::check::in_parallel(&ids, |&id| policy_lint::lint_file(&sources, id, &options))
            .into_iter();
    let mut count = 0;
    for input in read {
        let result = match input {
            Ok(_) => linted.next().expect("one result per file read"),
            Err(diag) => Err(diag),
        };
        match result {
            Ok(found) => {
                count += 1;
                diags.extend(found);
            }
            Err(diag) => diags.push(*diag),
        }
    }
    let linted = count;

    printer.print_all(&sources, &diags);
    printer.sarif(&sources, &diags);
    let count = |s: LintSeverity| {
        diags
            .iter()
            .filter(|d| d.lint.is_some_and(|l| l.severity == s))
            .count()
    };
    let (errors, security, warnings, suggestions) = (
        count(LintSeverity::Error),
        count(LintSeverity::Security),
        count(LintSeverity::Warning),
        count(LintSeverity::Suggestion),
    );
    let tool_errors = diags.iter().filter(|d| d.lint.is_none()).count();
    let failed = errors + security > 0 || args.deny_warnings() && warnings > 0;
    let outcome = if tool_errors > 0 {
        Outcome::Error
    } else if failed {
        Outcome::CheckFailed
    } else {
        Outcome::Clean
    };
    let parts = [
        counted(errors, "error"),
        counted(security, "security finding"),
        counted(warnings, "warning"),
        counted(suggestions, "suggestion"),
    ];
    let mut text = format!("lint: {} in {}", parts.join(", "), counted(linted, "file"));
    if tool_errors > 0 {
        text.push_str(&format!(
            "; {} could not be linted",
            counted(tool_errors, "input")
        ));
    }
    printer.closing(
        outcome != Outcome::Clean,
        errors + security + warnings + suggestions > 0,
        &text,
    );
    Ok(outcome)
}

fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// One thing to read: a file, or standard input.
enum Input {
    File(PathBuf),
    Stdin,
}

/// The inputs named on the command line, directories expanded to their `*.json` files (sorted,
/// recursively). A directory that cannot be read is reported in `diags`.
fn inputs(args: &[PathBuf], diags: &mut Vec<Diag>) -> Vec<Input> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = Vec::new();
    let mut stdin_seen = false;
    for arg in args {
        if arg.as_os_str() == "-" {
            if !stdin_seen {
                out.push(Input::Stdin);
            }
            stdin_seen = true;
            continue;
        }
        let path = cwd.join(arg);
        if path.is_dir() {
            let mut found = Vec::new();
            json_files(&path, &mut found, diags);
            found.sort();
            if found.is_empty() {
                diags.push(tool_error(
                    format!("no `*.json` file under `{}`", arg.display()),
                    Some(Loc::file(&path)),
                ));
            }
            out.extend(found.into_iter().map(Input::File));
        } else {
            out.push(Input::File(path));
        }
    }
    out
}

fn json_files(dir: &Path, found: &mut Vec<PathBuf>, diags: &mut Vec<Diag>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(tool_error(
                format!("could not read the directory: {e}"),
                Some(Loc::file(dir)),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // Symbolic links to directories are not followed (they could loop); to files, they are.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            json_files(&path, found, diags);
        } else if path.extension().is_some_and(|e| e == "json") && path.is_file() {
            found.push(path);
        }
    }
}

/// A failure of the tool on one input (exit code 2 once everything else is linted).
fn tool_error(message: String, loc: Option<Loc>) -> Diag {
    let mut d = Diag::error(Code::UnparsableFile, message);
    d.code = None;
    d.loc = loc;
    d
}

/// How standard input is named in messages (and recognised by the SARIF renderer).
pub(crate) const STDIN: &str = "<stdin>";

/// The text of one input, or why it has none.
fn read(input: &Input) -> Result<SourceFile, Box<Diag>> {
    let (path, bytes) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| {
                    Box::new(tool_error(
                        format!("could not read standard input: {e}"),
                        None,
                    ))
                })?;
            (PathBuf::from(STDIN), bytes)
        }
        Input::File(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                let mut d = tool_error(
                    format!("could not read the file: {e}"),
                    Some(Loc::file(path)),
                );
                d.help = Some(
                    "give the path of a policy file, a directory, or `-` for standard input".into(),
                );
                Box::new(d)
            })?;
            (path.clone(), bytes)
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // Position of the first invalid byte, counted in the valid text before it.
        let before = String::from_utf8_lossy(&bytes[..valid]);
        let (line, column) = crate::json_span::line_col(&before, before.len());
        let mut d = Diag::error(
            Code::UnparsableFile,
            format!("not UTF-8: the byte at line {line}, column {column} is not valid UTF-8"),
        )
        .with_help("IAM policies are UTF-8 JSON: re-save the file as UTF-8");
        d.loc = Some(Loc {
            path: path.clone(),
            line,
            column,
            span: None,
        });
        Box::new(d)
    })?;
    // A byte-order mark is not JSON; IAM does not accept one either, but say so plainly.
    if text.starts_with('\u{feff}') {
        let d = Diag::error(
            Code::UnparsableFile,
            "the file starts with a byte-order mark, which is not JSON",
        )
        .with_help("re-save the file as UTF-8 without a BOM");
        return Err(Box::new(d.at(Some(Loc {
            path: path.clone(),
            line: 1,
            column: 1,
            span: None,
        }))));
    }
    Ok(SourceFile {
        rel: path.to_string_lossy().into_owned(),
        path,
        text,
    })
}

impl LintArgs {
    /// `--deny warnings`: warnings fail the run too.
    pub fn deny_warnings(&self) -> bool {
        !self.deny.is_empty()
    }
}
