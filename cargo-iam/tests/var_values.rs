//! `--var` values and `[..metadata.lambda-iam.vars]` values are checked before anything runs:
//! a bad account or a wildcard in a user variable is a usage/config error (exit 2), never a
//! value silently written into a policy.

use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/single/Cargo.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-iam"))
        .args(["iam", "check", "--manifest-path"])
        .arg(&fixture)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs cargo-iam");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_malformed_account_is_a_usage_error() {
    let (code, stderr) = run(&["--var", "Account=12345"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`12345` is not a valid `Account`"),
        "{stderr}"
    );
}

#[test]
fn a_wildcard_in_a_user_variable_is_a_usage_error() {
    let (code, stderr) = run(&["--var", "Bucket=images-*"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("has a wildcard"), "{stderr}");
}

#[test]
fn function_name_cannot_be_set() {
    let (code, stderr) = run(&["--var", "FunctionName=other"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("`FunctionName` cannot be set"), "{stderr}");
}

#[test]
fn a_valid_value_still_runs_the_check() {
    let (code, stderr) = run(&["--var", "Region=eu-west-1"]);
    assert_ne!(code, 2, "{stderr}");
}
