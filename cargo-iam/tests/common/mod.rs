//! Runs the real `cargo-iam` binary on the fixture workspaces of `tests/fixtures/`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The whole run as one text, for snapshots.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Runs `cargo-iam ARGS` in `dir`, without colour unless the test asks for it.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, &[])
}

/// Runs with extra environment variables (`("NAME", None)` removes one).
pub fn run_with(dir: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-iam"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("CARGO_TERM_COLOR", "never");
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let out = cmd.output().expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs in the fixture itself (for verbs that write nothing).
pub fn run(name: &str, args: &[&str]) -> Run {
    run_in(&fixture(name), args)
}

/// A scratch copy of a fixture in a temporary directory, its path dependencies on this
/// repository made absolute so that `cargo metadata` still finds them.
pub fn scratch(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy(&fixture(name), dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy(&src, &dst);
            }
        } else if entry.file_name() == "Cargo.toml" {
            let runtime = repo().join("runtime");
            let text = std::fs::read_to_string(&src).unwrap();
            let text = text
                .replace(
                    "\"../../../runtime\"",
                    &format!("{:?}", runtime.to_string_lossy()),
                )
                .replace(
                    "\"../../../../runtime\"",
                    &format!("{:?}", runtime.to_string_lossy()),
                );
            std::fs::write(&dst, text).unwrap();
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// The files of a directory, sorted, with their contents.
pub fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().unwrap().is_file())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

/// The fixtures whose committed policies are current, with their output directories.
pub const CLEAN: &[(&str, &str)] = &[
    ("bin_name", "iam"),
    ("conditions", "iam"),
    ("function_override", "iam"),
    ("large", "iam"),
    ("multi_crate", "iam"),
    ("path_module", "iam"),
    ("renamed_dep", "iam"),
    ("single", "iam"),
    ("vars", "deploy/iam"),
    ("vpc", "iam"),
];

/// A one-package workspace written on the fly: `files` are (path, contents) under the package,
/// which depends on this repository's `lambda-iam` and has Account/Region set.
pub fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let runtime = repo().join("runtime");
    let manifest = format!(
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nlambda-iam = {{ path = {:?} }}\nserde_json = \"1\"\n\n\
         [package.metadata.lambda-iam.vars]\nAccount = \"123456789012\"\nRegion = \"eu-west-1\"\n\n[workspace]\n",
        runtime.to_string_lossy()
    );
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}
