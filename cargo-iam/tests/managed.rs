//! A policy over the 10,240-character inline limit (`tests/fixtures/large`): minimized,
//! collapsed to exact wildcards, split into managed policies; `emit`, `check`, `list` and
//! `explain` on its files.

mod common;

use common::{files, fixture, run, run_in, scratch};

const PART_1: &str = "iam/order-archiver.managed-1.policy.json";
const PART_2: &str = "iam/order-archiver.managed-2.policy.json";

#[test]
fn emit_splits_into_managed_policies_and_says_so() {
    let dir = scratch("large");
    std::fs::remove_dir_all(dir.path().join("iam")).unwrap();
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    insta::assert_snapshot!("large_emit", r.transcript());
    let names: Vec<String> = files(&dir.path().join("iam"))
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        names,
        [
            "order-archiver.managed-1.policy.json",
            "order-archiver.managed-2.policy.json",
            "order-archiver.trust.json"
        ]
    );
    // each part within the managed-policy limit, whitespace outside strings not counted
    for (name, text) in files(&dir.path().join("iam")) {
        let compact: serde_json::Value = serde_json::from_str(&text).unwrap();
        let size = serde_json::to_string(&compact).unwrap().chars().count();
        assert!(size <= 6144, "{name}: {size}");
    }
    // emitting again changes nothing
    let again = run_in(dir.path(), &["emit"]);
    assert!(
        again.stderr.contains("wrote 0 files to iam/ (3 unchanged)"),
        "{}",
        again.stderr
    );
}

#[test]
fn explain_and_list_show_the_parts_and_the_collapses() {
    let r = run("large", &["explain", "order-archiver"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.contains("split into 2 managed policies"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("collapsed  s3:GetObjectT* = s3:GetObjectTagging, s3:GetObjectTorrent"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("large_explain", r.transcript());
    let r = run("large", &["list"]);
    assert!(r.stdout.contains("6 in 2 managed policies"), "{}", r.stdout);
    let r = run("large", &["list", "--message-format", "json"]);
    assert!(r.stdout.contains("\"managed_policies\":2"), "{}", r.stdout);
}

#[test]
fn check_reports_missing_stale_and_orphaned_parts() {
    let dir = scratch("large");
    assert_eq!(run_in(dir.path(), &["check"]).code, 0);

    // a missing part
    std::fs::remove_file(dir.path().join(PART_2)).unwrap();
    // a hand-edited part
    let part_1 = dir.path().join(PART_1);
    let text = std::fs::read_to_string(&part_1).unwrap();
    let edited = text.replace("orders-archive-shard-000\"", "orders-archive-shard-*\"");
    assert_ne!(edited, text);
    std::fs::write(&part_1, edited).unwrap();
    // a part the policy no longer has, and the inline file of before the split
    std::fs::write(
        dir.path().join("iam/order-archiver.managed-3.policy.json"),
        "{}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("iam/order-archiver.policy.json"), "{}\n").unwrap();

    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    for expected in [
        format!("error[missing-file]: `{PART_2}` is missing"),
        format!("error[stale-file]: `{PART_1}` is stale"),
        "error[orphaned-file]: `iam/order-archiver.managed-3.policy.json` is orphaned: the policy now has fewer managed policies".to_string(),
        "error[orphaned-file]: `iam/order-archiver.policy.json` is orphaned: the policy is now split into managed policies".to_string(),
    ] {
        assert!(r.stderr.contains(&expected), "{expected}\n{}", r.stderr);
    }

    // emit is the fix: it writes the parts and removes what the function no longer has
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stderr.contains(
            "removed iam/order-archiver.policy.json: the policy is now split into managed policies"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(
        files(&dir.path().join("iam")),
        files(&fixture("large").join("iam"))
    );
    assert_eq!(run_in(dir.path(), &["check"]).code, 0);
}

#[test]
fn a_policy_that_fits_again_goes_back_inline() {
    let dir = scratch("large");
    let main = dir.path().join("src/main.rs");
    // keep the first ten tables only: the policy fits inline
    let code = std::fs::read_to_string(&main).unwrap();
    let code: String = code
        .lines()
        .filter(|l| !l.contains("orders-archive-shard-") || l.contains("shard-00"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&main, code).unwrap();
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr
            .contains("error[missing-file]: `iam/order-archiver.policy.json` is missing"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "`{PART_1}` is orphaned: the policy fits inline again"
        )),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let names: Vec<String> = files(&dir.path().join("iam"))
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        names,
        ["order-archiver.policy.json", "order-archiver.trust.json"]
    );
    // under the limit the action lists stay explicit
    let policy =
        std::fs::read_to_string(dir.path().join("iam/order-archiver.policy.json")).unwrap();
    assert!(policy.contains("\"s3:GetObjectTagging\""), "{policy}");
    assert!(!policy.contains("GetObjectT*"), "{policy}");
}
