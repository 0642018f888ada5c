//! Compile-time behaviour of the attributes, with trybuild: `ui/pass/*.rs` must compile and
//! run (their `main` asserts what `declared!` reads back); every other directory of `ui/` is a
//! category of compile errors, each case with the `.stderr` rustc must print.
//!
//! Bless after a deliberate change: `TRYBUILD=overwrite cargo test -p lambda-iam-tests --test ui`,
//! then read every changed `.stderr`.

use std::path::Path;

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    for category in fail_categories() {
        t.compile_fail(format!("ui/{category}/*.rs"));
    }
}

/// Every directory of `ui/` except `pass`, sorted, so a new category is picked up on its own.
fn fail_categories() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut categories: Vec<String> = std::fs::read_dir(&root)
        .expect("tests/ui exists")
        .map(|entry| entry.expect("readable tests/ui").path())
        .filter(|path| {
            path.is_dir() && std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_some())
        })
        .filter_map(|path| path.file_name()?.to_str().map(str::to_string))
        .filter(|name| name != "pass")
        .collect();
    categories.sort();
    categories
}

#[test]
fn the_known_categories_are_tested() {
    let categories = fail_categories();
    for expected in ["grammar", "placeholders", "uses"] {
        assert!(
            categories.iter().any(|c| c == expected),
            "missing ui/{expected} in {categories:?}"
        );
    }
}
