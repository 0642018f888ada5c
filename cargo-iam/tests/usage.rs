//! The command line itself: both argv shapes, help, exit codes for usage errors, JSON output,
//! function names that would be unsafe as paths.

mod common;

use common::{fixture, run, run_in, scratch};

#[test]
fn both_argv_shapes_give_the_same_result() {
    let installed = run("single", &["iam", "list"]);
    let direct = run("single", &["list"]);
    assert_eq!(installed.code, 0, "{}", installed.transcript());
    assert_eq!(installed.stdout, direct.stdout);
    assert!(
        direct.stdout.contains("image-processor"),
        "{}",
        direct.stdout
    );
}

#[test]
fn help_lists_the_verbs_and_exit_codes() {
    let r = run("single", &["--help"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    for needle in [
        "emit",
        "check",
        "list",
        "explain",
        "lint",
        "Exit codes:",
        "0  clean",
        "1  check failed",
        "2  usage",
    ] {
        assert!(r.stdout.contains(needle), "`{needle}` in:\n{}", r.stdout);
    }
    let r = run("single", &["iam", "check", "--help"]);
    assert!(r.stdout.contains("--manifest-path"), "{}", r.stdout);
}

#[test]
fn usage_errors_exit_2() {
    let no_verb = run("single", &[]);
    assert_eq!(no_verb.code, 2, "{}", no_verb.transcript());
    let unknown_verb = run("single", &["frobnicate"]);
    assert_eq!(unknown_verb.code, 2, "{}", unknown_verb.transcript());
    let nothing_to_lint = run("single", &["lint"]);
    assert_eq!(nothing_to_lint.code, 2, "{}", nothing_to_lint.transcript());
    assert!(
        nothing_to_lint.stderr.contains("nothing to lint"),
        "{}",
        nothing_to_lint.stderr
    );
    let bad_var = run("single", &["emit", "--var", "Region"]);
    assert_eq!(bad_var.code, 2, "{}", bad_var.transcript());
    assert!(bad_var.stderr.contains("NAME=VALUE"), "{}", bad_var.stderr);

    let unknown_package = run("single", &["check", "-p", "nope"]);
    assert_eq!(unknown_package.code, 2, "{}", unknown_package.transcript());
    assert!(
        unknown_package
            .stderr
            .contains("package `nope` is not a member of the workspace"),
        "{}",
        unknown_package.stderr
    );
    assert!(
        unknown_package.stderr.contains("`image-processor`"),
        "{}",
        unknown_package.stderr
    );

    let unknown_function = run("single", &["explain", "nope"]);
    assert_eq!(
        unknown_function.code,
        2,
        "{}",
        unknown_function.transcript()
    );
    assert!(
        unknown_function.stderr.contains("no function named `nope`"),
        "{}",
        unknown_function.stderr
    );
    assert!(
        unknown_function.stderr.contains("`image-processor`"),
        "{}",
        unknown_function.stderr
    );
}

#[test]
fn no_workspace_is_an_error_2() {
    let empty = tempfile::tempdir().unwrap();
    let r = run_in(empty.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stderr.contains("`cargo metadata` failed"), "{}", r.stderr);
    assert!(r.stderr.contains("Cargo.toml"), "{}", r.stderr);
}

#[test]
fn manifest_path_selects_the_workspace() {
    let elsewhere = tempfile::tempdir().unwrap();
    let manifest = fixture("multi_crate").join("Cargo.toml");
    let r = run_in(
        elsewhere.path(),
        &["check", "--manifest-path", manifest.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run_in(
        elsewhere.path(),
        &[
            "list",
            "--offline",
            "--manifest-path",
            manifest.to_str().unwrap(),
        ],
    );
    assert!(
        r.stdout.contains("ingest") && r.stdout.contains("report"),
        "{}",
        r.transcript()
    );
}

#[test]
fn out_dir_option() {
    let dir = scratch("single");
    let r = run_in(dir.path(), &["emit", "--out-dir", "policies"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        dir.path()
            .join("policies/image-processor.policy.json")
            .is_file()
    );
    assert_eq!(
        run_in(dir.path(), &["check", "--out-dir", "policies"]).code,
        0
    );
}

#[test]
fn list_as_json() {
    let r = run("multi_crate", &["list", "--message-format", "json"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let rows: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["function"], "ingest");
    assert_eq!(rows[0]["package"], "ingest");
    assert_eq!(rows[0]["file"], "crates/ingest/src/main.rs");
    assert_eq!(rows[0]["statements"], 5);
}

#[test]
fn json_diagnostics_have_stable_fields() {
    let r = run("duplicate", &["check", "--message-format", "json"]);
    assert_eq!(r.code, 1);
    let lines: Vec<serde_json::Value> = r
        .stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    let d = &lines[0];
    for key in [
        "severity", "code", "message", "file", "line", "column", "help",
    ] {
        assert!(d.get(key).is_some(), "`{key}` in {d}");
    }
    assert_eq!(d["code"], "duplicate-function");
    assert_eq!(d["file"], "src/bin/second.rs");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(3))
    );
}

#[test]
fn unsafe_function_names_are_rejected_not_used_as_paths() {
    let dir = scratch("single");
    let main = dir.path().join("src/main.rs");
    let code = std::fs::read_to_string(&main).unwrap().replace(
        "#[lambda_iam::handler(\n",
        "#[lambda_iam::handler(\n    function = \"../escape\",\n",
    );
    std::fs::write(&main, code).unwrap();
    std::fs::remove_dir_all(dir.path().join("iam")).unwrap();
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains(
            "error[invalid-function-name]: `../escape` is not a valid Lambda function name"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("src/main.rs:8:16"),
        "points at the name: {}",
        r.stderr
    );
    assert!(!dir.path().join("escape.policy.json").exists());
    assert!(common::files(&dir.path().join("iam")).is_empty());
}

#[test]
fn emit_is_idempotent() {
    let dir = scratch("bin_name");
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stderr.contains("wrote 0 files to iam/ (4 unchanged)"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("bin_name_emit", r.transcript());
}

#[test]
fn json_mode_prints_only_json_on_stderr() {
    for (fixture, args) in [
        ("single", &["check", "--message-format", "json"][..]),
        (
            "unresolved_variable",
            &["check", "--message-format", "json"],
        ),
        ("lib_unnamed", &["list", "--message-format", "json"]),
    ] {
        let r = run(fixture, args);
        for line in r.stderr.lines() {
            assert!(
                serde_json::from_str::<serde_json::Value>(line).is_ok(),
                "{fixture}: not JSON: {line}"
            );
        }
    }
}
