//! One snapshot per scenario: exit code, stdout and stderr of the real binary on a fixture.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always`, then `git diff`).

mod common;

use common::{Run, files, run, run_in, run_with, scratch};

fn snap(name: &str, r: &Run) {
    insta::assert_snapshot!(name, r.transcript());
}

#[test]
fn single_crate() {
    snap("single_list", &run("single", &["list"]));
    snap(
        "single_explain",
        &run("single", &["explain", "image-processor"]),
    );
    snap("single_emit_stdout", &run("single", &["emit", "--stdout"]));
}

#[test]
fn multi_crate_helpers_in_another_member() {
    snap("multi_crate_list", &run("multi_crate", &["list"]));
    // `put_image` in `shared` uses `notify`: transitive; `${Bucket}` comes from the handler's
    // package.
    snap(
        "multi_crate_explain_ingest",
        &run("multi_crate", &["explain", "ingest"]),
    );
    let r = run("multi_crate", &["emit", "--stdout", "-p", "report"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.contains("==> iam/report.policy.json <=="),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("ingest"),
        "-p limits the functions: {}",
        r.stdout
    );
}

#[test]
fn renamed_dependency_and_an_unrelated_handler() {
    let r = run("renamed_dep", &["list"]);
    assert!(
        !r.stdout.contains("index"),
        "`some_web_framework::handler` is not ours: {}",
        r.stdout
    );
    snap("renamed_dep_list", &r);
}

#[test]
fn bin_name_differs_from_the_package() {
    snap("bin_name_list", &run("bin_name", &["list"]));
}

#[test]
fn function_override() {
    snap(
        "function_override_list",
        &run("function_override", &["list"]),
    );
    snap(
        "function_override_explain",
        &run("function_override", &["explain", "orders-api"]),
    );
}

#[test]
fn vars_at_both_levels_and_on_the_command_line() {
    let r = run("vars", &["emit", "--stdout"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    // Package over workspace: Region and Table; the workspace's Account and Env.
    assert!(
        r.stdout
            .contains("arn:aws:dynamodb:eu-west-1:111111111111:table/orders-eu-prod"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("==> deploy/iam/app.policy.json <=="),
        "out_dir is honoured: {}",
        r.stdout
    );
    let r = run(
        "vars",
        &[
            "emit",
            "--stdout",
            "--var",
            "Env=staging",
            "--var",
            "Region=ap-south-1",
        ],
    );
    assert!(
        r.stdout
            .contains("arn:aws:dynamodb:ap-south-1:111111111111:table/orders-eu-staging"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("arn:aws:logs:ap-south-1:111111111111:log-group:/aws/lambda/app:*"),
        "{}",
        r.stdout
    );
    // The committed files are for the Cargo.toml values: check with other values fails.
    assert_eq!(run("vars", &["check", "--var", "Env=staging"]).code, 1);
}

#[test]
fn unresolved_variables() {
    let dir = scratch("unresolved_variable");
    std::fs::remove_dir_all(dir.path().join("iam")).unwrap();
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let written: Vec<String> = files(&dir.path().join("iam"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        written,
        ["unresolved.policy.json", "unresolved.trust.json"],
        "no policy for `tables`"
    );
    snap("unresolved_variable_emit", &r);
    let r = run_in(
        dir.path(),
        &["emit", "--stdout", "--strict", "-p", "unresolved"],
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains("error[unresolved-builtin]"),
        "--strict makes it an error: {}",
        r.stderr
    );
    assert!(!r.stdout.contains("unresolved.policy.json"), "{}", r.stdout);
}

#[test]
fn unparsable_file_is_reported_and_the_rest_emitted() {
    let dir = scratch("unparsable");
    std::fs::create_dir_all(dir.path().join("iam")).unwrap();
    std::fs::write(dir.path().join("iam/broken.policy.json"), "{}\n").unwrap();
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let written: Vec<String> = files(&dir.path().join("iam"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        written,
        [
            "broken.policy.json",
            "unparsable.policy.json",
            "unparsable.trust.json"
        ],
        "the good function is written; nothing is removed while a file does not parse"
    );
    snap("unparsable_emit", &r);
}

#[test]
fn a_file_that_is_not_utf8() {
    let dir = scratch("single");
    let main = dir.path().join("src/main.rs");
    let code = std::fs::read_to_string(&main)
        .unwrap()
        .replace("mod storage;", "mod storage;\nmod latin;");
    std::fs::write(&main, code).unwrap();
    std::fs::write(dir.path().join("src/latin.rs"), b"// caf\xe9\nfn f() {}\n").unwrap();
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr
            .contains("error[unparsable-file]: `src/latin.rs` is not valid UTF-8"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("src/latin.rs:1:7"), "{}", r.stderr);
}

#[test]
fn duplicate_function() {
    snap("duplicate_check", &run("duplicate", &["check"]));
}

#[test]
fn vpc() {
    let r = run("vpc", &["explain", "db-reader"]);
    assert!(r.stdout.contains("`vpc` on the handler"), "{}", r.stdout);
    snap("vpc_explain", &r);
}

#[test]
fn conditions_and_reasons() {
    let r = run("conditions", &["explain", "reports"]);
    assert!(
        r.stdout
            .contains("reason: reports are shared by tag, not by prefix"),
        "{}",
        r.stdout
    );
    snap("conditions_explain", &r);
}

#[test]
fn path_modules() {
    snap(
        "path_module_explain",
        &run("path_module", &["explain", "path-module"]),
    );
}

#[test]
fn lib_handler_without_function() {
    snap(
        "lib_unnamed_emit_stdout",
        &run("lib_unnamed", &["emit", "--stdout"]),
    );
}

#[test]
fn config_error() {
    snap("config_error_check", &run("config_error", &["check"]));
}

#[test]
fn validation_errors_point_at_the_literal() {
    let dir = scratch("single");
    let main = dir.path().join("src/main.rs");
    let code = std::fs::read_to_string(&main)
        .unwrap()
        .replace("\"s3:GetObject\"", "\"s3:GetObjekt\"");
    std::fs::write(&main, code).unwrap();
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    snap("validation_error_check", &r);
    let r = run_in(dir.path(), &["check", "--message-format", "json"]);
    let first: serde_json::Value = serde_json::from_str(r.stderr.lines().next().unwrap()).unwrap();
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "unknown-action");
    assert_eq!(first["file"], "src/main.rs");
    assert_eq!(first["line"], 8);
    assert_eq!(first["column"], 11);
    assert!(
        first["help"].as_str().unwrap().contains("s3:GetObject"),
        "{first}"
    );
    assert!(
        first["message"].as_str().unwrap().contains("s3:GetObjekt"),
        "{first}"
    );
}

#[test]
fn colour_follows_the_options() {
    let esc = |r: &Run| r.stderr.contains('\u{1b}');
    let fixture = common::fixture("duplicate");
    assert!(
        !esc(&run_in(&fixture, &["check"])),
        "never by default off a terminal"
    );
    assert!(esc(&run_in(&fixture, &["check", "--color", "always"])));
    assert!(esc(&run_with(
        &fixture,
        &["check"],
        &[("CARGO_TERM_COLOR", Some("always"))]
    )));
    assert!(!esc(&run_with(
        &fixture,
        &["check", "--color", "never"],
        &[("CARGO_TERM_COLOR", Some("always"))]
    )));
    assert!(!esc(&run_with(
        &fixture,
        &["check"],
        &[("CARGO_TERM_COLOR", None), ("NO_COLOR", Some("1"))]
    )));
}
