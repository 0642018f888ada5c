//! `cargo iam check` both ways, and `emit` as the fix: on scratch copies of the fixtures.

mod common;

use common::{CLEAN, files, fixture, run, run_in, scratch};

/// After a deliberate change to the policies `lambda-iam-core` assembles, regenerate the
/// committed files with `BLESS=1 cargo test -p cargo-iam --test check` and review `git diff`.
#[test]
fn committed_policies_of_the_fixtures_are_current() {
    let bless = std::env::var_os("BLESS").is_some();
    for (name, _) in CLEAN
        .iter()
        .chain(&[("unparsable", "iam"), ("unresolved_variable", "iam")])
    {
        if bless {
            run(name, &["emit"]);
            continue;
        }
        if matches!(*name, "unparsable" | "unresolved_variable") {
            continue;
        }
        let r = run(name, &["check"]);
        assert_eq!(r.code, 0, "{name}: {}", r.transcript());
        assert!(
            r.stderr.contains("up to date"),
            "{name}: {}",
            r.transcript()
        );
        assert!(
            r.stdout.is_empty(),
            "{name}: check prints nothing on stdout"
        );
    }
}

#[test]
fn emit_reproduces_the_committed_files_byte_for_byte() {
    for (name, out) in CLEAN {
        let dir = scratch(name);
        std::fs::remove_dir_all(dir.path().join(out)).unwrap();
        let r = run_in(dir.path(), &["emit"]);
        assert_eq!(r.code, 0, "{name}: {}", r.transcript());
        assert_eq!(
            files(&dir.path().join(out)),
            files(&fixture(name).join(out)),
            "{name}"
        );
    }
}

#[test]
fn a_missing_file_fails_with_the_fix() {
    let dir = scratch("single");
    std::fs::remove_file(dir.path().join("iam/image-processor.trust.json")).unwrap();
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr
            .contains("error[missing-file]: `iam/image-processor.trust.json` is missing"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("run `cargo iam emit`"), "{}", r.stderr);
    assert!(
        !dir.path().join("iam/image-processor.trust.json").exists(),
        "check writes nothing"
    );
}

#[test]
fn a_hand_edited_file_is_stale_with_a_diff() {
    let dir = scratch("single");
    let path = dir.path().join("iam/image-processor.policy.json");
    let committed = std::fs::read_to_string(&path).unwrap();
    let edited = committed.replace("my-source-images/*", "*");
    assert_ne!(edited, committed);
    std::fs::write(&path, &edited).unwrap();
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr
            .contains("error[stale-file]: `iam/image-processor.policy.json` is stale"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("--- iam/image-processor.policy.json (committed)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("+++ iam/image-processor.policy.json (from the code)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("-      \"Resource\": \"arn:aws:s3:::*\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("+      \"Resource\": \"arn:aws:s3:::my-source-images/*\""),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("run `cargo iam emit`"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        edited,
        "check writes nothing"
    );

    // Even a whitespace change is drift: the comparison is byte for byte.
    std::fs::write(&path, committed.trim_end()).unwrap();
    assert_eq!(run_in(dir.path(), &["check"]).code, 1);
}

#[test]
fn stale_after_a_code_change_then_emit_fixes_it() {
    let dir = scratch("single");
    let main = dir.path().join("src/main.rs");
    let code = std::fs::read_to_string(&main)
        .unwrap()
        .replace("my-resized-images", "my-thumbnails");
    std::fs::write(&main, code).unwrap();
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr
            .contains("+      \"Resource\": \"arn:aws:s3:::my-thumbnails/*\""),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stderr.contains("wrote 1 file to iam/ (1 unchanged)"),
        "{}",
        r.stderr
    );
    assert_eq!(run_in(dir.path(), &["check"]).code, 0);
}

#[test]
fn an_orphaned_file_fails_and_emit_removes_it() {
    let dir = scratch("single");
    std::fs::write(dir.path().join("iam/retired.policy.json"), "{}\n").unwrap();
    std::fs::write(dir.path().join("iam/retired.trust.json"), "{}\n").unwrap();
    std::fs::write(dir.path().join("iam/README.md"), "not ours\n").unwrap();
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains(
            "error[orphaned-file]: `iam/retired.policy.json` is orphaned: no handler declares the function `retired`"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("`iam/retired.trust.json` is orphaned"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("README"), "{}", r.stderr);

    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stderr.contains("removed iam/retired.policy.json"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("iam/retired.policy.json").exists());
    assert!(
        dir.path().join("iam/README.md").exists(),
        "files that are not ours stay"
    );
    assert_eq!(run_in(dir.path(), &["check"]).code, 0);
}

#[test]
fn an_error_in_the_sources_fails_check() {
    let dir = scratch("single");
    let main = dir.path().join("src/main.rs");
    let code = std::fs::read_to_string(&main)
        .unwrap()
        .replace("${Region}", "${Regio}");
    std::fs::write(&main, code).unwrap();
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains("error[unresolved-variable]"),
        "{}",
        r.stderr
    );
    // No policy for the function: its committed files are neither compared nor orphaned.
    assert!(
        !r.stderr.contains("stale-file") && !r.stderr.contains("orphaned-file"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_config_error_exits_2() {
    let r = run("config_error", &["check"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stderr.contains("error[invalid-config]"), "{}", r.stderr);
    assert!(
        r.stderr.contains("Cargo.toml"),
        "the message names the manifest: {}",
        r.stderr
    );
}

#[test]
fn check_with_a_package_only_compares_that_package() {
    let dir = scratch("multi_crate");
    std::fs::remove_file(dir.path().join("iam/ingest.policy.json")).unwrap();
    let r = run_in(dir.path(), &["check", "-p", "report"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stderr.contains("checked 2 files of 1 function"),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["check", "-p", "ingest"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    // The other package's files are not orphans.
    assert!(!r.stderr.contains("orphaned"), "{}", r.stderr);
}

#[test]
fn findings_in_unselected_packages_do_not_fail_a_narrowed_check() {
    let dir = scratch("multi_crate");
    let main = dir.path().join("crates/ingest/src/main.rs");
    let code = std::fs::read_to_string(&main)
        .unwrap()
        .replace("dynamodb:PutItem", "dynamodb:PutItems");
    std::fs::write(&main, code).unwrap();
    let r = run_in(dir.path(), &["check", "-p", "report"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains(" --> crates/ingest/src/main.rs:5:11"),
        "{}",
        r.stderr
    );
}

#[test]
fn two_handlers_in_one_bin_claim_the_same_function() {
    let main = "#[lambda_iam::handler(allow(\"s3:GetObject\", \"arn:${Partition}:s3:::a/*\"))]\nasync fn one() {}\n\n\
                #[lambda_iam::handler(allow(\"s3:PutObject\", \"arn:${Partition}:s3:::a/*\"))]\nasync fn two() {}\n\nfn main() {}\n";
    let dir = common::workspace(&[("src/main.rs", main)]);
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains("error[duplicate-function]: two handlers claim the Lambda function `app`: `app::one` (at src/main.rs:1:3) and `app::two`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(" --> src/main.rs:4:3"), "{}", r.stderr);
    assert!(
        files(&dir.path().join("iam")).is_empty(),
        "neither policy is written"
    );
}

#[test]
fn function_names_differing_only_in_case_collide() {
    let main = "#[lambda_iam::handler(function = \"Resize\", allow(\"s3:GetObject\", \"arn:${Partition}:s3:::a/*\"))]\nasync fn one() {}\n\n\
                #[lambda_iam::handler(function = \"resize\", allow(\"s3:PutObject\", \"arn:${Partition}:s3:::a/*\"))]\nasync fn two() {}\n\nfn main() {}\n";
    let dir = common::workspace(&[("src/main.rs", main)]);
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains("error[duplicate-function]: the Lambda functions `Resize` (`app::one`, at src/main.rs:1:3) and `resize` (`app::two`) differ only in letter case"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("would collide on case-insensitive file systems"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(" --> src/main.rs:4:3"), "{}", r.stderr);
    assert!(
        files(&dir.path().join("iam")).is_empty(),
        "neither policy is written"
    );
}

/// A handler whose declarations pass the macro but trip the policy lints: an unsatisfiable
/// condition (error), a permissions-management action (warning), and a wildcard with a `reason`
/// (silenced by it).
const LINTED: &str = "#[lambda_iam::handler(\n    \
    allow(\"s3:GetObject\", \"arn:${Partition}:s3:::bucket/*\"),\n    \
    allow(\"s3:PutBucketPolicy\", \"arn:${Partition}:s3:::bucket\"),\n    \
    allow(\"s3:ListBucket\", \"arn:${Partition}:s3:::bucket\",\n        \
        condition(\"NumericLessThan\", \"s3:max-keys\", \"10\"),\n        \
        condition(\"NumericGreaterThan\", \"s3:max-keys\", \"20\")),\n    \
    allow(actions = [\"s3:Get*\"], resources = [\"arn:${Partition}:s3:::logs/*\"], reason = \"reads every kind of object metadata\"),\n\
)]\nasync fn handler() {}\n\nfn main() {}\n";

#[test]
fn check_lints_the_policy_and_points_at_the_declarations() {
    let dir = common::workspace(&[("src/main.rs", LINTED)]);
    let r = run_in(dir.path(), &["emit"]);
    // `emit` runs the same lints on what it writes: it fails, but writes the files (they are a
    // faithful rendering of the declarations).
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains("error[unsatisfiable-condition]"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(" --> src/main.rs:5:9"), "{}", r.stderr);
    assert!(!r.stderr.contains("wildcard-action"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("not emitted"),
        "lint findings do not stop the files: {}",
        r.stderr
    );
    let names: Vec<String> = files(&dir.path().join("iam"))
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        names,
        ["app.policy.json", "app.trust.json"],
        "{}",
        r.transcript()
    );
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(
        r.code,
        1,
        "an error-level lint fails the check: {}",
        r.transcript()
    );
    assert!(
        r.stderr.contains("error[unsatisfiable-condition]: the `Numeric*` conditions on `s3:max-keys` leave no value (in statement"),
        "{}",
        r.stderr
    );
    // In the declaration that produced the statement, not in the JSON: at the literal the
    // finding is about (here the first `condition` of the block).
    assert!(r.stderr.contains(" --> src/main.rs:5:9"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning[permissions-management]: `s3:PutBucketPolicy` changes permissions"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(" --> src/main.rs:3:11"), "{}", r.stderr);
    // The wildcard has a reason: silenced in check...
    assert!(!r.stderr.contains("wildcard-action"), "{}", r.stderr);
    insta::assert_snapshot!("linted_check", r.transcript());
    // ...while the same policy linted on its own (no declarations, no reasons) reports it.
    let r = run_in(dir.path(), &["lint", "iam/app.policy.json"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains("warning[wildcard-action]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("error[unsatisfiable-condition]"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_sarif_locates_findings_in_the_rust_source() {
    let dir = common::workspace(&[("src/main.rs", LINTED)]);
    run_in(dir.path(), &["emit"]);
    let r = run_in(dir.path(), &["check", "--message-format", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let log: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let unsat = results
        .iter()
        .find(|r| r["ruleId"] == "unsatisfiable-condition")
        .unwrap_or_else(|| panic!("{results:?}"));
    assert_eq!(unsat["level"], "error");
    let location = &unsat["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "src/main.rs");
    assert_eq!(location["region"]["startLine"], 5);
    assert_eq!(location["region"]["startColumn"], 9);
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "permissions-management" && r["level"] == "warning")
    );
    assert!(!results.iter().any(|r| r["ruleId"] == "wildcard-action"));
}

#[test]
fn warnings_alone_do_not_fail_check() {
    let main = "#[lambda_iam::handler(allow(\"s3:PutBucketPolicy\", \"arn:${Partition}:s3:::bucket\"))]\nasync fn handler() {}\n\nfn main() {}\n";
    let dir = common::workspace(&[("src/main.rs", main)]);
    run_in(dir.path(), &["emit"]);
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stderr.contains("warning[permissions-management]"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(" --> src/main.rs:1:29"), "{}", r.stderr);
}

#[test]
fn emit_passes_warnings_and_clean_policies() {
    // A warning is printed but does not fail `emit`.
    let main = "#[lambda_iam::handler(allow(\"s3:PutBucketPolicy\", \"arn:${Partition}:s3:::bucket\"))]\nasync fn handler() {}\n\nfn main() {}\n";
    let dir = common::workspace(&[("src/main.rs", main)]);
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stderr.contains("warning[permissions-management]"),
        "{}",
        r.stderr
    );
    // The VPC baseline's `"*"` is known to be needed, as in `check`.
    let r = run("vpc", &["emit", "--stdout"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stderr.contains("star-resource"), "{}", r.stderr);
}

#[test]
fn the_vpc_baseline_is_not_flagged_by_check() {
    // `"*"` on the ENI actions is what Lambda needs: check knows where the statement comes from.
    let r = run("vpc", &["check"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stderr.contains("star-resource"), "{}", r.stderr);
    // A plain lint of the same file cannot know, and says so.
    let r = run("vpc", &["lint", "iam/db-reader.policy.json"]);
    assert!(
        r.stderr.contains("[star-resource-write]"),
        "{}",
        r.transcript()
    );
}

#[test]
fn a_reason_covers_its_own_actions_in_a_merged_statement() {
    // Both declarations share the resource: assembly merges them into one statement, whose
    // `s3:Get*` comes from the declaration with a reason only.
    let main = "#[lambda_iam::handler(\n    \
        allow(\"s3:PutObject\", \"arn:${Partition}:s3:::logs/*\"),\n    \
        allow(actions = [\"s3:Get*\"], resources = [\"arn:${Partition}:s3:::logs/*\"], reason = \"reads every kind of object metadata\"),\n\
        )]\nasync fn handler() {}\n\nfn main() {}\n";
    let dir = common::workspace(&[("src/main.rs", main)]);
    run_in(dir.path(), &["emit"]);
    let policy = std::fs::read_to_string(dir.path().join("iam/app.policy.json")).unwrap();
    assert!(
        policy.contains("\"s3:Get*\",\n        \"s3:PutObject\""),
        "one merged statement: {policy}"
    );
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!r.stderr.contains("wildcard-action"), "{}", r.stderr);
    let r = run_in(dir.path(), &["lint", "iam/app.policy.json"]);
    assert!(
        r.stderr.contains("warning[wildcard-action]"),
        "{}",
        r.stderr
    );
}
