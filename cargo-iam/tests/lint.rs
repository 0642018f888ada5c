//! `cargo iam lint` on the policy files of `tests/lint/`: each output format, exit codes, standard
//! input, directories, invalid JSON, duplicate keys, `--explain`, `--allow`, and exact positions.
//! The SARIF log is also validated against the official SARIF 2.1.0 schema when `.ci/run` (or
//! `tests/sarif-schema.sh`) provides it.

mod common;

use common::{Run, run_in, run_with};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint")
}

fn lint(args: &[&str]) -> Run {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    run_in(&dir(), &all)
}

/// The JSON lines of a `--message-format json` run.
fn json_lines(r: &Run) -> Vec<Value> {
    r.stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn sarif(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.transcript()))
}

#[test]
fn a_clean_policy_exits_0() {
    let r = lint(&["clean.json"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    insta::assert_snapshot!("clean_human", r.transcript());
}

#[test]
fn human_output_points_at_json_line_and_column() {
    let r = lint(&["findings.json"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    insta::assert_snapshot!("findings_human", r.transcript());
}

#[test]
fn json_output_has_exact_positions() {
    let r = lint(&["findings.json", "--message-format", "json"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stdout.is_empty());
    let lines = json_lines(&r);
    let found: Vec<(String, u64, u64, u64, u64)> = lines
        .iter()
        .map(|d| {
            for key in ["file", "code", "severity", "message", "help"] {
                assert!(d.get(key).is_some(), "`{key}` in {d}");
            }
            assert_eq!(d["file"], "findings.json");
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end"]["line"].as_u64().unwrap(),
                d["end"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // `"Action": ["s3:GetObjekt", "iam:PassRole"],` on line 6, `"Resource": "*"` on line 7;
    // `Statement` is a single object here: paths say `Statement[0]` and still land.
    assert!(
        found.contains(&("unknown-action".into(), 6, 16, 6, 30)),
        "{found:?}"
    );
    assert!(
        found.contains(&("unscoped-pass-role".into(), 6, 32, 6, 46)),
        "{found:?}"
    );
    assert!(
        found.iter().any(
            |(code, line, col, _, _)| code == "star-resource-write" && (*line, *col) == (7, 17)
        ),
        "{found:?}"
    );
    let unknown = lines
        .iter()
        .find(|d| d["code"] == "unknown-action")
        .unwrap();
    assert_eq!(unknown["severity"], "error");
    assert_eq!(unknown["help"], "did you mean `s3:GetObject`?");
    insta::assert_snapshot!("findings_json", r.stderr);
}

#[test]
fn sarif_output_for_code_scanning() {
    let r = lint(&[
        "findings.json",
        "warnings.json",
        "--message-format",
        "sarif",
    ]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let log = sarif(&r);
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "cargo-iam");
    assert!(driver["version"].is_string() && driver["informationUri"].is_string());
    let rules = driver["rules"].as_array().unwrap();
    // Every lint is a rule, with its docs and level; security lints carry security-severity.
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for code in [
        "duplicate-key",
        "unknown-action",
        "wildcard-action",
        "unscoped-pass-role",
    ] {
        assert!(ids.contains(&code), "{code} in {ids:?}");
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "rules sorted by id");
    for rule in rules {
        assert!(rule["shortDescription"]["text"].is_string(), "{rule}");
        assert!(rule["fullDescription"]["text"].is_string(), "{rule}");
        assert!(rule["help"]["markdown"].is_string(), "{rule}");
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{rule}");
    }
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(
        rule("unscoped-pass-role")["properties"]["security-severity"],
        "8.0"
    );
    assert!(
        rule("unscoped-pass-role")["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&"security".into())
    );
    assert!(rule("unknown-action")["properties"]["security-severity"].is_null());
    assert_eq!(
        rule("wildcard-action")["defaultConfiguration"]["level"],
        "warning"
    );

    let results = runs[0]["results"].as_array().unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{result}");
    }
    let pass_role = results
        .iter()
        .find(|r| r["ruleId"] == "unscoped-pass-role")
        .unwrap();
    assert_eq!(pass_role["level"], "error");
    let location = &pass_role["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "findings.json");
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 6, "startColumn": 32, "endLine": 6, "endColumn": 46})
    );
    let wildcard = results
        .iter()
        .find(|r| r["ruleId"] == "wildcard-action")
        .unwrap();
    assert_eq!(wildcard["level"], "warning");
    assert_eq!(
        wildcard["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "warnings.json"
    );
    assert_eq!(
        runs[0]["invocations"][0]["executionSuccessful"],
        Value::Bool(true)
    );
    // The findings themselves (rules are long prose: their ids only).
    let mut shown = log.clone();
    shown["runs"][0]["tool"]["driver"]["rules"] = ids.iter().map(|&id| Value::from(id)).collect();
    shown["runs"][0]["tool"]["driver"]["version"] = "[version]".into();
    shown["runs"][0]["tool"]["driver"]["semanticVersion"] = "[version]".into();
    // Indexes move when lints are added; they are checked against the ids above.
    for result in shown["runs"][0]["results"].as_array_mut().unwrap() {
        result["ruleIndex"] = "[index]".into();
    }
    insta::assert_snapshot!(
        "findings_sarif",
        serde_json::to_string_pretty(&shown).unwrap()
    );
}

#[test]
fn sarif_reports_unreadable_inputs_as_notifications() {
    let r = lint(&["invalid.json", "clean.json", "--message-format", "sarif"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    let log = sarif(&r);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], Value::Bool(false));
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert_eq!(
        note["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert!(log["runs"][0]["results"].as_array().unwrap().is_empty());
}

/// The official SARIF 2.1.0 schema, when `.ci/run` fetched it (`SARIF_SCHEMA`), and a validator
/// (`SARIF_VALIDATOR`: a Python with the `jsonschema` package).
#[test]
fn sarif_output_validates_against_the_official_schema() {
    let (Some(schema), Some(python)) = (
        std::env::var_os("SARIF_SCHEMA"),
        std::env::var_os("SARIF_VALIDATOR"),
    ) else {
        println!(
            "SKIPPED: SARIF_SCHEMA / SARIF_VALIDATOR not set; run cargo-iam/tests/sarif-schema.sh \
             (as .ci/run does) to fetch the schema and a validator"
        );
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for args in [
        &["findings.json", "warnings.json", "duplicate.json"][..],
        &["invalid.json", "clean.json", "missing.json"],
        &["tree"],
        &["trust.json", "--policy-type", "trust"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--message-format", "sarif"]);
        let r = lint(&all);
        assert!(!r.stdout.is_empty(), "{}", r.transcript());
        let file = scratch.path().join(format!("{checked}.sarif"));
        std::fs::write(&file, &r.stdout).unwrap();
        let out = Command::new(&python)
            .arg("-c")
            .arg(VALIDATE)
            .arg(&schema)
            .arg(&file)
            .output()
            .expect("the validator runs");
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
    }
    // And check runs, whose locations are Rust sources: a clean one, and one with lint findings
    // (at declarations, with related places) and a stale file (a finding without a region).
    let linted = common::workspace(&[("src/main.rs", LINTED)]);
    // `emit` writes the files and reports the same lint findings: exit 1 (an error-level one).
    let emitted = run_in(linted.path(), &["emit"]);
    assert_eq!(emitted.code, 1, "{}", emitted.transcript());
    let trust = linted.path().join("iam/app.trust.json");
    assert!(trust.exists(), "{}", emitted.transcript());
    std::fs::write(&trust, "{}\n").unwrap();
    for (dir, expected) in [
        (common::fixture("vpc"), 0),
        (linted.path().to_path_buf(), 1),
    ] {
        let r = run_with(&dir, &["check", "--message-format", "sarif"], &[]);
        assert_eq!(r.code, expected, "{}", r.transcript());
        let log = sarif(&r);
        let results = log["runs"][0]["results"].as_array().unwrap();
        if expected == 1 {
            let ids: Vec<&str> = results
                .iter()
                .map(|r| r["ruleId"].as_str().unwrap())
                .collect();
            for id in [
                "stale-file",
                "unsatisfiable-condition",
                "permissions-management",
            ] {
                assert!(ids.contains(&id), "{id} in {ids:?}");
            }
        }
        let file = scratch.path().join(format!("check{checked}.sarif"));
        std::fs::write(&file, &r.stdout).unwrap();
        let out = Command::new(&python)
            .arg("-c")
            .arg(VALIDATE)
            .arg(&schema)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
    }
    println!("validated {checked} SARIF logs against {schema:?}");
}

/// A handler whose declarations pass the macro but trip lints in `check`.
const LINTED: &str = "#[lambda_iam::handler(\n    \
    allow(\"s3:PutBucketPolicy\", \"arn:${Partition}:s3:::bucket\"),\n    \
    allow(\"s3:ListBucket\", \"arn:${Partition}:s3:::bucket\",\n        \
        condition(\"NumericLessThan\", \"s3:max-keys\", \"10\"),\n        \
        condition(\"NumericGreaterThan\", \"s3:max-keys\", \"20\")),\n\
)]\nasync fn handler() {}\n\nfn main() {}\n";

/// Validates argv[2] against the schema argv[1]; prints every error.
const VALIDATE: &str = "\
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding='utf-8'))
log = json.load(open(sys.argv[2], encoding='utf-8'))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(log), key=lambda e: list(e.path))
for e in errors:
    print('/'.join(map(str, e.path)), e.message)
sys.exit(1 if errors else 0)
";

#[test]
fn deny_warnings_makes_warnings_fail() {
    let r = lint(&["warnings.json"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stderr.contains("warning[wildcard-action]"),
        "{}",
        r.stderr
    );
    let r = lint(&["warnings.json", "--deny", "warnings"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains(
            "error: lint: 0 errors, 0 security findings, 1 warning, 0 suggestions in 1 file"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn allow_with_a_reason_suppresses() {
    let r = lint(&[
        "warnings.json",
        "--deny",
        "warnings",
        "--allow",
        "wildcard-action=the table's reader needs every Get",
    ]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stderr.contains("wildcard-action"), "{}", r.stderr);
    // Only that lint: the others still report.
    let r = lint(&["findings.json", "--allow", "unscoped-pass-role=audited"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(!r.stderr.contains("unscoped-pass-role"), "{}", r.stderr);
    assert!(r.stderr.contains("error[unknown-action]"), "{}", r.stderr);
    // The command line's own lint too.
    let r = lint(&[
        "duplicate.json",
        "--allow",
        "duplicate-key=generated, the last wins",
    ]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn allow_without_a_reason_or_with_an_unknown_code_is_a_usage_error() {
    let r = lint(&["warnings.json", "--allow", "wildcard-action"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stderr.contains("needs a reason"), "{}", r.stderr);
    let r = lint(&["warnings.json", "--allow", "wildcard-actoin=because"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    insta::assert_snapshot!("allow_unknown_code", r.transcript());
}

#[test]
fn explain_prints_the_lint_docs() {
    let r = lint(&["--explain", "unscoped-pass-role"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.starts_with("# `unscoped-pass-role` (security)\n"),
        "{}",
        r.stdout
    );
    for part in ["What it finds", "Why it matters", "Example", "How to fix"] {
        assert!(r.stdout.contains(part), "{part} in {}", r.stdout);
    }
    let r = lint(&["--explain", "duplicate-key"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    insta::assert_snapshot!("explain_duplicate_key", r.stdout);
    let r = lint(&["--explain", "wildcard-actions"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr.contains("did you mean `wildcard-action`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn standard_input() {
    let text = std::fs::read(dir().join("findings.json")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cargo-iam"))
        .args(["lint", "-", "--message-format", "json"])
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&text).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let first: Value = serde_json::from_str(stderr.lines().next().unwrap()).unwrap();
    assert_eq!(first["file"], "<stdin>");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(6), Some(16))
    );
}

#[test]
fn sarif_from_standard_input_has_no_artifact_uri() {
    let text = std::fs::read(dir().join("findings.json")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cargo-iam"))
        .args(["lint", "-", "--message-format", "sarif"])
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&text).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let text = out.stdout.escape_ascii().to_string();
    assert!(!text.contains("%3Cstdin%3E"), "{text}");
    for r in results {
        assert_eq!(r["locations"], Value::Array(Vec::new()), "{r}");
        let message = r["message"]["text"].as_str().unwrap();
        assert!(message.contains("(standard input, line "), "{message}");
    }
    // A file keeps its location.
    let file = sarif(&lint(&["findings.json", "--message-format", "sarif"]));
    let uri = &file["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "findings.json");
}

#[test]
fn directories_lint_every_json_file_sorted() {
    let r = lint(&["tree", "--message-format", "json"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let files: Vec<String> = json_lines(&r)
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, ["tree/nested/a.json"], "{}", r.transcript());
    let r = lint(&["tree"]);
    assert!(
        r.stderr.ends_with("in 2 files\n"),
        "b.json and nested/a.json, not notes.txt: {}",
        r.stderr
    );
}

#[test]
fn duplicate_keys_are_findings() {
    let r = lint(&["duplicate.json"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    insta::assert_snapshot!("duplicate_human", r.transcript());
    let r = lint(&["duplicate.json", "--message-format", "json"]);
    let d = &json_lines(&r)[0];
    assert_eq!(d["code"], "duplicate-key");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(8), Some(7))
    );
}

#[test]
fn invalid_json_is_reported_at_its_position_and_the_rest_still_linted() {
    let r = lint(&["invalid.json", "findings.json", "missing.json"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr.contains("unknown action `s3:GetObjekt`"),
        "findings.json is still linted: {}",
        r.stderr
    );
    insta::assert_snapshot!("invalid_human", r.transcript());
}

#[test]
fn non_utf8_input_is_a_clear_error() {
    let scratch = tempfile::tempdir().unwrap();
    std::fs::write(
        scratch.path().join("latin1.json"),
        b"{\n  \"Version\": \"2012-10-17\", \"Sid\": \"caf\xe9\"\n}\n",
    )
    .unwrap();
    let r = run_in(scratch.path(), &["lint", "latin1.json"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr.contains(
            "error[unparsable-file]: not UTF-8: the byte at line 2, column 39 is not valid UTF-8"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("latin1.json:2:39"), "{}", r.stderr);
}

#[test]
fn policy_type_decides_which_lints_apply() {
    let r = lint(&["trust.json", "--policy-type", "trust"]);
    assert!(r.stderr.contains("security[any-principal]"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("principal-in-identity-policy"),
        "{}",
        r.stderr
    );
    let r = lint(&["trust.json", "--policy-type", "identity"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains("error[principal-in-identity-policy]"),
        "{}",
        r.stderr
    );
    let r = lint(&["trust.json", "--policy-type", "nonsense"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
}

#[test]
fn nothing_to_lint_and_sarif_on_other_verbs_are_usage_errors() {
    let r = lint(&[]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    let r = run_in(
        &common::fixture("single"),
        &["list", "--message-format", "sarif"],
    );
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr.contains("is for `lint` and `check` only"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_to_directories_are_not_followed() {
    let scratch = tempfile::tempdir().unwrap();
    std::fs::copy(dir().join("clean.json"), scratch.path().join("a.json")).unwrap();
    std::os::unix::fs::symlink(scratch.path(), scratch.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(scratch.path().join("a.json"), scratch.path().join("b.json"))
        .unwrap();
    let r = run_in(scratch.path(), &["lint", "."]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stderr.ends_with("in 2 files\n"), "{}", r.stderr);
}
