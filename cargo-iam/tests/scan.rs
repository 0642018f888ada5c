//! The code scan measured on a corpus of realistic handlers (`tests/scan-corpus/`, a workspace
//! that is scanned, never compiled), and the examples' round trip: a declaration removed makes
//! `check` fail at the SDK call, an unused one warns.

mod common;

use cargo_iam::analyze::Analysis;
use cargo_iam::cli::GlobalArgs;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scan-corpus")
}

fn analyse(manifest: &Path) -> Analysis {
    let args = GlobalArgs {
        manifest_path: Some(manifest.to_path_buf()),
        offline: true,
        ..GlobalArgs::default()
    };
    Analysis::run(&args).expect("the workspace loads")
}

/// `function: action action ..` per line.
fn expected() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(corpus().join("expected.txt")).unwrap();
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, actions) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("expected.txt:{}: no `function:`", n + 1));
        let actions: BTreeSet<String> = actions.split_whitespace().map(str::to_string).collect();
        assert!(
            out.insert(name.trim().to_string(), actions).is_none(),
            "expected.txt:{}: `{name}` twice",
            n + 1
        );
    }
    out
}

#[test]
fn corpus_precision_and_recall_are_at_least_95_percent() {
    let expected = expected();
    let analysis = analyse(&corpus().join("Cargo.toml"));
    let found: BTreeSet<&str> = analysis.functions.iter().map(|f| f.name.as_str()).collect();
    let listed: BTreeSet<&str> = expected.keys().map(String::as_str).collect();
    assert_eq!(
        found, listed,
        "every handler of the corpus has one line in expected.txt"
    );
    assert!(expected.len() >= 30, "at least 30 handlers");
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for (name, want) in &expected {
        let scan = analysis
            .scan
            .functions
            .get(name)
            .unwrap_or_else(|| panic!("`{name}` was not scanned"));
        let got: BTreeSet<String> = scan.calls.iter().map(|c| c.action.clone()).collect();
        for a in &got {
            if want.contains(a) {
                tp += 1;
            } else {
                fp += 1;
                misses.push(format!("{name}: extra {a}"));
            }
        }
        for a in want.difference(&got) {
            fn_ += 1;
            misses.push(format!("{name}: missed {a}"));
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "scan corpus: {} handlers, {} expected actions: precision {:.1}% ({tp}/{}), recall {:.1}% ({tp}/{})",
        expected.len(),
        tp + fn_,
        precision * 100.0,
        tp + fp,
        recall * 100.0,
        tp + fn_
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(
        precision >= 0.95 && recall >= 0.95,
        "precision {precision:.3}, recall {recall:.3}: {misses:#?}"
    );
}
