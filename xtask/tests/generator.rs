//! The generator on a tiny made-up package (`tests/fixtures/mini`): two services written to
//! exercise each normalisation, so the generator is tested without the npm package.
//!
//! `tests/fixtures/mini.expected.rs` is the exact output; after an intended change, regenerate it
//! with `XTASK_BLESS=1 cargo test -p xtask --test generator` and review the diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use xtask::catalog::model::{AccessLevel, ConditionType, Stats};
use xtask::catalog::{self, Input, Outcome, read_package, render};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini")
}

/// A fresh directory under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("xtask-test-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// A copy of the fixture package to mutate.
    fn with_fixture() -> Scratch {
        let scratch = Scratch::new();
        copy_dir(&fixture(), &scratch.0);
        scratch
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.0.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn services_and_entries_are_sorted_case_insensitively() {
    let package = read_package(&fixture()).unwrap();
    assert_eq!(
        (package.name.as_str(), package.version.as_str()),
        ("@fixture/iam-data", "0.0.1")
    );
    assert_eq!(package.date, "2026-01-02");
    let prefixes: Vec<&str> = package.services.iter().map(|s| s.prefix.as_str()).collect();
    assert_eq!(prefixes, ["alpha", "zeta"]);
    let alpha = &package.services[0];
    assert_eq!(alpha.name, "Alpha Things");
    let actions: Vec<(&str, &str)> = alpha
        .actions
        .iter()
        .map(|a| (a.key.as_str(), a.name.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("listthings", "ListThings"),
            ("readthing", "ReadThing"),
            ("setthingpolicy", "SetThingPolicy"),
            ("tagthing", "TagThing"),
            ("writething", "WriteThing"),
        ]
    );
    let resource_types: Vec<&str> = alpha
        .resource_types
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(resource_types, ["backup", "gadget-set", "thing"]);
    let keys: Vec<(&str, &str)> = alpha
        .condition_keys
        .iter()
        .map(|k| (k.key.as_str(), k.name.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("alpha:mode", "alpha:Mode"),
            ("alpha:thingcolor", "alpha:ThingColor"),
            ("aws:requesttag/${tagkey}", "aws:RequestTag/${TagKey}"),
            ("aws:resourcetag/${tagkey}", "aws:ResourceTag/${TagKey}"),
        ]
    );
    let globals: Vec<&str> = package
        .global_condition_keys
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    assert_eq!(
        globals,
        ["aws:EpochTime", "aws:PrincipalTag/tag-key", "aws:SourceIp"]
    );
    assert_eq!(
        package.global_condition_keys[2].ty,
        ConditionType::IpAddress
    );
    assert_eq!(alpha.condition_keys[0].ty, ConditionType::ArrayOfString);
}

#[test]
fn access_levels_are_normalised() {
    let package = read_package(&fixture()).unwrap();
    let access: Vec<AccessLevel> = package.services[0]
        .actions
        .iter()
        .map(|a| a.access)
        .collect();
    assert_eq!(
        access,
        [
            AccessLevel::List,
            AccessLevel::Read,
            AccessLevel::PermissionsManagement, // "Permissions management, Write"
            AccessLevel::Tagging,               // "Tagging, Write"
            AccessLevel::Write,
        ]
    );
}

#[test]
fn resource_type_references_take_the_resource_type_key() {
    let package = read_package(&fixture()).unwrap();
    let alpha = &package.services[0];
    let refs = |name: &str| -> Vec<(String, bool)> {
        let action = alpha.actions.iter().find(|a| a.name == name).unwrap();
        action
            .resource_types
            .iter()
            .map(|r| (r.name.clone(), r.required))
            .collect()
    };
    assert_eq!(refs("WriteThing"), [("thing".to_owned(), true)]);
    assert_eq!(refs("SetThingPolicy"), [("backup".to_owned(), true)]);
    // `THING` and `thing` are one resource type: merged, required if either says so, the
    // condition keys of both, in source order otherwise.
    assert_eq!(
        refs("ReadThing"),
        [("thing".to_owned(), true), ("gadget-set".to_owned(), false)]
    );
    let read = alpha
        .actions
        .iter()
        .find(|a| a.name == "ReadThing")
        .unwrap();
    assert_eq!(read.resource_types[0].condition_keys, ["alpha:Mode"]);
    assert!(
        alpha
            .actions
            .iter()
            .find(|a| a.name == "ListThings")
            .unwrap()
            .resource_types
            .is_empty()
    );
}

#[test]
fn condition_key_references_take_the_defined_spelling() {
    let package = read_package(&fixture()).unwrap();
    let write = &package.services[0].actions[4];
    assert_eq!(write.resource_types[0].condition_keys, ["alpha:ThingColor"]); // was `alpha:thingcolor`
    assert_eq!(
        write.condition_keys,
        ["aws:RequestTag/${TagKey}", "alpha:Mode"]
    );
    // Dependent actions of a resource-type row are the action's.
    assert_eq!(write.dependent_actions, ["alpha:ReadThing"]);
    let ping = &package.services[1].actions[0];
    assert_eq!(
        ping.condition_keys,
        ["zeta:Count", "zeta:Undefined", "aws:SourceIp"]
    );
}

#[test]
fn arn_formats_are_split_and_repaired() {
    let package = read_package(&fixture()).unwrap();
    let alpha = &package.services[0];
    assert_eq!(
        alpha.resource_types[1].arns,
        [
            "arn:${Partition}:alpha:${Region}:${Account}:gadgets/${SetId}",
            "arn:${Partition}:alpha:${Region}:${Account}:legacy-gadgets/${SetId}"
        ]
    );
    assert_eq!(
        alpha.resource_types[0].arns,
        ["arn:${Partition}:alpha::${Account}:backup/${ThingId}-${TimeStamp}"]
    );
}

#[test]
fn stats_count_each_normalisation() {
    let package = read_package(&fixture()).unwrap();
    assert_eq!(
        package.stats,
        Stats {
            // WriteThing `Thing`, ReadThing `THING`, TagThing `Thing`, SetThingPolicy `Backup`
            resource_type_refs_recased: 4,
            access_levels_combined: 2,
            duplicate_resource_type_refs: 1,
            multi_format_arns: 1,
            bare_placeholders: 1,
            unresolved_condition_keys: 1, // zeta:Undefined
        }
    );
}

#[test]
fn rendered_output_matches_the_expected_file() {
    let package = read_package(&fixture()).unwrap();
    let text = render(&package, &"0".repeat(64));
    let expected_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.expected.rs");
    if std::env::var_os("XTASK_BLESS").is_some() {
        fs::write(&expected_path, &text).unwrap();
    }
    let expected = fs::read_to_string(&expected_path).unwrap();
    assert!(
        text == expected,
        "output differs from {}; bless with XTASK_BLESS=1",
        expected_path.display()
    );
    // Deterministic: a second run gives the same bytes.
    assert_eq!(
        render(&read_package(&fixture()).unwrap(), &"0".repeat(64)),
        text
    );
    // Descriptions stay out.
    assert!(!text.contains("left out"));
}

#[test]
fn the_pin_is_enforced_for_directories() {
    let err = catalog::generate(&Input::Directory(fixture()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the package is @fixture/iam-data 0.0.1, but xtask pins"),
        "{err}"
    );
}

#[test]
fn a_parent_of_the_package_directory_is_accepted() {
    // `tar -xzf` leaves the package in `package/`; `--from` that parent works too.
    let scratch = Scratch::new();
    copy_dir(&fixture(), &scratch.0.join("package"));
    let err = catalog::generate(&Input::Directory(scratch.0.clone()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("@fixture/iam-data 0.0.1"), "{err}");
}

#[test]
fn unexpected_data_is_an_error_naming_file_and_entry() {
    let cases: [(&str, &str, &str, &str); 9] = [
        (
            "data/actions/alpha.json",
            "\"accessLevel\": \"List\"",
            "\"accessLevel\": \"Admin\"",
            "data/actions/alpha.json: action `ListThings`: unknown access level `Admin`",
        ),
        (
            "data/conditionKeys/zeta.json",
            "\"Numeric\"",
            "\"Long\"",
            "data/conditionKeys/zeta.json: condition key `zeta:Count` has unknown type `Long`",
        ),
        (
            "dist/esm/globalConditionKeys.js",
            "type: 'Date'",
            "type: 'Time'",
            "dist/esm/globalConditionKeys.js: condition key `aws:EpochTime` has unknown type `Time`",
        ),
        (
            "data/actions/alpha.json",
            "\"name\": \"gadget-set\"",
            "\"name\": \"gizmo\"",
            "data/actions/alpha.json: action `ReadThing`: resource type `gizmo` is not defined in data/resourceTypes/alpha.json",
        ),
        (
            "data/resourceTypes/alpha.json",
            "thing/${ThingId}",
            "thing/${Thing Id}",
            "data/resourceTypes/alpha.json: resource type `Thing`: ARN format",
        ),
        (
            "data/actions/alpha.json",
            "\"scenarios\"",
            "\"newField\"",
            "data/actions/alpha.json: unknown field `newField`",
        ),
        (
            "data/actions/zeta.json",
            "\"ping\"",
            "\"pong\"",
            "data/actions/zeta.json: entry `pong` is named `Ping`",
        ),
        (
            "data/services.json",
            "\"zeta\"",
            "\"zeta\", \"omega\"",
            "disagree about service `omega`",
        ),
        (
            "package.json",
            "2026-01-02T",
            "yesterday",
            "package.json: `updatedAt` is `yesterday",
        ),
    ];
    for (file, from, to, wanted) in cases {
        let scratch = Scratch::with_fixture();
        scratch.edit(file, from, to);
        let err = read_package(&scratch.0).unwrap_err().to_string();
        assert!(
            err.starts_with(wanted) || err.contains(wanted),
            "{file}: got `{err}`"
        );
    }
}

#[test]
fn check_and_write_compare_byte_for_byte() {
    let workspace = Scratch::new();
    let path = workspace.0.join(catalog::OUTPUT);
    let text = "// @generated\nstatic A: u8 = 1;\n";

    match catalog::apply(&workspace.0, text, true).unwrap() {
        Outcome::Stale(why) => assert!(why.contains("is missing"), "{why}"),
        other => panic!("{other:?}"),
    }
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    assert_eq!(
        catalog::apply(&workspace.0, text, false).unwrap(),
        Outcome::Written
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(
        !path.with_extension("rs.tmp").exists(),
        "the temporary file is renamed away"
    );
    assert_eq!(
        catalog::apply(&workspace.0, text, true).unwrap(),
        Outcome::Current
    );
    assert_eq!(
        catalog::apply(&workspace.0, text, false).unwrap(),
        Outcome::Unchanged
    );

    fs::write(&path, "// @generated\nstatic A: u8 = 2;\n").unwrap();
    match catalog::apply(&workspace.0, text, true).unwrap() {
        Outcome::Stale(why) => assert!(
            why.contains("is stale") && why.ends_with("at line 2"),
            "{why}"
        ),
        other => panic!("{other:?}"),
    }
    // --check never writes.
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "// @generated\nstatic A: u8 = 2;\n"
    );
}

#[test]
fn the_command_line_reports_stale_and_usage_with_distinct_exit_codes() {
    let exe = env!("CARGO_BIN_EXE_xtask");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(exe).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&["catalog", "--frob"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("unexpected argument `--frob`"), "{stderr}");
    let (code, stderr) = run(&["catalog", "--check", "--from", "/nonexistent/iam-data"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("does not exist"), "{stderr}");
    // The fixture is not the pinned package: a tool error (2), not a stale file (1).
    let (code, stderr) = run(&["catalog", "--check", "--from", fixture().to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("but xtask pins"), "{stderr}");
}
