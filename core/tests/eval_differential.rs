//! Differential test of `core::eval` against `@cloud-copilot/iam-simulate`.
//!
//! A seeded generator builds ≥10,000 (policy, request) pairs covering every condition operator,
//! both set qualifiers, `IfExists`, missing and empty keys, `NotAction` / `NotResource`,
//! wildcards, policy variables and resource-policy principals. The oracle (an external Node
//! script, `tests/differential/oracle.cjs`, run against an npm install in a scratch directory)
//! decides each pair; this test compares. A disagreement is *explained* only when our evaluator,
//! run on the oracle's reading of the pair (each documented divergence of
//! `tests/differential/README.md` rewritten, see `oracle_view`), decides as the oracle did; any
//! other disagreement fails.
//!
//! The generator is `eval_differential/generate.rs`; the rewriting `eval_differential/oracle_view.rs`.
//!
//! How the oracle is found, first match wins:
//! - `IAM_SIMULATE_DECISIONS=FILE`: the oracle's decisions, already computed for these pairs;
//! - `IAM_SIMULATE_DIR=DIR`: a directory with `node_modules/@cloud-copilot/iam-simulate`; the
//!   test runs `node` on the script itself;
//! - otherwise the test prints why it skips and passes.
//!
//! `IAM_DIFF_PAIRS_OUT=FILE` writes the generated pairs (JSON lines) to FILE as well.

use lambda_iam_core::catalog::OPERATORS;
use lambda_iam_core::eval::{Outcome, Policy, PolicyKind, Request, evaluate};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[path = "eval_differential/generate.rs"]
mod generate;
#[path = "eval_differential/oracle_view.rs"]
mod oracle_view;

use generate::{Pair, generate};
use oracle_view::oracle_view;

fn ours(pair: &Pair) -> Outcome {
    let parsed: Vec<(PolicyKind, Policy)> = pair
        .policies
        .iter()
        .map(|(k, v)| {
            let policy = Policy::from_json(v).unwrap_or_else(|e| {
                panic!("pair {}: generated policy does not parse: {e}", pair.id)
            });
            (*k, policy)
        })
        .collect();
    let refs: Vec<(PolicyKind, &Policy)> = parsed.iter().map(|(k, p)| (*k, p)).collect();
    evaluate(&refs, &pair.request()).outcome
}

/// Which identity statements apply on their own (as `Allow`): `policy.statement:0|1` each.
fn per_statement(pair: &Pair) -> String {
    let mut out = Vec::new();
    for (pi, (kind, v)) in pair.policies.iter().enumerate() {
        if *kind != PolicyKind::Identity {
            continue;
        }
        let statements = match &v["Statement"] {
            Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        for (si, st) in statements.into_iter().enumerate() {
            let mut st = st;
            st["Effect"] = json!("Allow");
            let doc = json!({"Version": "2012-10-17", "Statement": [st]});
            let policy = Policy::from_json(&doc).expect("generated statements parse");
            let applies = evaluate(&[(PolicyKind::Identity, &policy)], &pair.request()).outcome
                == Outcome::Allow;
            out.push(format!("{pi}.{si}:{}", u8::from(applies)));
        }
    }
    out.join(" ")
}

fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Allow => "Allow",
        Outcome::ExplicitDeny => "ExplicitDeny",
        Outcome::ImplicitDeny => "ImplicitDeny",
    }
}

fn write_pairs(pairs: &[Pair], path: &Path) {
    let mut out = String::new();
    for p in pairs {
        out.push_str(&p.to_json().to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core sits in the workspace root")
        .to_path_buf()
}

/// The oracle's decisions by pair id, or why there are none.
fn oracle_decisions(pairs: &[Pair]) -> Result<BTreeMap<usize, Result<String, String>>, String> {
    let file = if let Ok(file) = std::env::var("IAM_SIMULATE_DECISIONS") {
        PathBuf::from(file)
    } else if let Ok(dir) = std::env::var("IAM_SIMULATE_DIR") {
        let modules = Path::new(&dir).join("node_modules");
        if !modules.join("@cloud-copilot/iam-simulate").is_dir() {
            return Err(format!(
                "IAM_SIMULATE_DIR has no node_modules/@cloud-copilot/iam-simulate ({dir})"
            ));
        }
        let scratch = std::env::temp_dir().join(format!("iam-diff-{}", std::process::id()));
        std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
        let input = scratch.join("pairs.jsonl");
        let output = scratch.join("decisions.jsonl");
        write_pairs(pairs, &input);
        let status = std::process::Command::new("node")
            .arg(repo_root().join("tests/differential/oracle.cjs"))
            .arg(&input)
            .arg(&output)
            .env("NODE_PATH", &modules)
            .status()
            .map_err(|e| format!("cannot run `node`: {e}"))?;
        if !status.success() {
            panic!("the oracle script failed: {status}");
        }
        output
    } else {
        return Err(
            "neither IAM_SIMULATE_DECISIONS nor IAM_SIMULATE_DIR is set \
                    (tests/differential/run.sh sets them up)"
                .into(),
        );
    };
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("the oracle writes JSON lines");
        let id = v["id"].as_u64().expect("each decision has an id") as usize;
        let decision = match (v["decision"].as_str(), v["error"].as_str()) {
            (Some(d), _) => Ok(d.to_string()),
            (None, Some(e)) => Err(e.to_string()),
            _ => Err("neither decision nor error".into()),
        };
        out.insert(id, decision);
    }
    Ok(out)
}

#[test]
fn differential_against_iam_simulate() {
    let pairs = generate();
    if let Ok(path) = std::env::var("IAM_DIFF_PAIRS_OUT") {
        write_pairs(&pairs, Path::new(&path));
    }
    let decisions = match oracle_decisions(&pairs) {
        Ok(d) => d,
        Err(reason) => {
            println!("SKIPPED differential test against iam-simulate: {reason}");
            return;
        }
    };
    assert_eq!(
        decisions.len(),
        pairs.len(),
        "the oracle decided {} of {} pairs",
        decisions.len(),
        pairs.len()
    );
    let mut agree = 0;
    let mut explained: BTreeMap<String, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut oracle_errors = Vec::new();
    let mut emulated_agree = 0;
    let mut explained_total = 0;
    let mut rewritten = 0;
    for pair in &pairs {
        let mine = outcome_name(ours(pair));
        let (view, applied) = oracle_view(pair);
        let emulated = outcome_name(ours(&view));
        if !applied.is_empty() {
            rewritten += 1;
        }
        match &decisions[&pair.id] {
            Err(e) => oracle_errors.push(format!("pair {}: {e}", pair.id)),
            Ok(theirs) => {
                if theirs == emulated {
                    emulated_agree += 1;
                } else if std::env::var("IAM_DIFF_DEBUG").is_ok() {
                    println!(
                        "emulation differs on pair {} ({applied:?}): ours {mine}, oracle {theirs}, \
                         emulated {emulated}",
                        pair.id
                    );
                }
                if theirs == mine {
                    agree += 1;
                } else if theirs == emulated && !applied.is_empty() {
                    explained_total += 1;
                    for d in &applied {
                        *explained.entry(d.name().to_string()).or_default() += 1;
                    }
                } else {
                    unexplained.push(format!(
                        "pair {}: ours {mine}, iam-simulate {theirs}, ours on the oracle's reading \
                         {emulated} [{}]\n{}",
                        pair.id,
                        per_statement(pair),
                        serde_json::to_string_pretty(&pair.to_json()).unwrap_or_default()
                    ));
                }
            }
        }
    }
    println!(
        "differential: {} pairs, {agree} agree, {explained_total} explained disagreements \
         (involving, per divergence: {explained:?}), {} unexplained, {} oracle errors",
        pairs.len(),
        unexplained.len(),
        oracle_errors.len()
    );
    println!(
        "differential: {rewritten} pairs touch a documented divergence; with those rewritten to \
         the oracle's reading, ours and the oracle agree on {emulated_agree} of {} pairs",
        pairs.len()
    );
    for u in unexplained.iter().take(100) {
        println!("{}", u.lines().next().unwrap_or_default());
    }
    for e in oracle_errors.iter().take(5) {
        println!("oracle error: {e}");
    }
    if let Ok(path) = std::env::var("IAM_DIFF_DISAGREEMENTS_OUT") {
        let ids: BTreeSet<usize> = unexplained
            .iter()
            .filter_map(|u| u.strip_prefix("pair ")?.split(':').next()?.parse().ok())
            .collect();
        let only: Vec<&Pair> = pairs.iter().filter(|p| ids.contains(&p.id)).collect();
        let mut out = String::new();
        for p in only {
            out.push_str(&p.to_json().to_string());
            out.push('\n');
        }
        std::fs::write(&path, out).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
    assert!(
        oracle_errors.is_empty(),
        "the oracle rejected {} pairs",
        oracle_errors.len()
    );
    assert!(
        unexplained.is_empty(),
        "{} unexplained disagreements; first ones:\n{}",
        unexplained.len(),
        unexplained
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn generator_is_deterministic_and_covers_every_operator() {
    let pairs = generate();
    assert!(pairs.len() >= 10_000);
    let again = generate();
    assert_eq!(pairs[1234].to_json(), again[1234].to_json());
    let features: BTreeSet<&str> = pairs
        .iter()
        .flat_map(|p| p.features.iter().map(String::as_str))
        .collect();
    for op in OPERATORS {
        assert!(
            features.contains(format!("op:{}", op.name).as_str()),
            "no pair uses `{}`",
            op.name
        );
    }
    for f in [
        "set:ForAnyValue:",
        "set:ForAllValues:",
        "IfExists",
        "missing-key",
        "NotAction",
        "NotResource",
        "NotPrincipal",
        "resource-variable",
        "resource-wildcard",
        "condition-variable",
        "resource-policy",
        "trust-policy",
    ] {
        assert!(features.contains(f), "no pair has {f}");
    }
    // Every generated policy parses, and the outcomes are not all the same.
    let outcomes: BTreeSet<&str> = pairs.iter().map(|p| outcome_name(ours(p))).collect();
    assert_eq!(outcomes.len(), 3, "outcomes seen: {outcomes:?}");
}

/// Throughput on the generated pairs (not a benchmark with statistics; run in release:
/// `cargo test --release -p lambda-iam-core --test eval_differential throughput -- --ignored
/// --nocapture`).
#[test]
#[ignore = "timing; run on demand in release mode"]
fn throughput() {
    let pairs = generate();
    let parsed: Vec<(Vec<(PolicyKind, Policy)>, Request)> = pairs
        .iter()
        .map(|p| {
            let policies = p
                .policies
                .iter()
                .map(|(k, v)| (*k, Policy::from_json(v).expect("generated policies parse")))
                .collect();
            (policies, p.request())
        })
        .collect();
    let start = std::time::Instant::now();
    let mut allowed = 0usize;
    for (policies, req) in &parsed {
        let refs: Vec<(PolicyKind, &Policy)> = policies.iter().map(|(k, p)| (*k, p)).collect();
        allowed += usize::from(evaluate(&refs, req).outcome == Outcome::Allow);
    }
    let eval = start.elapsed();
    let texts: Vec<Vec<String>> = pairs
        .iter()
        .map(|p| p.policies.iter().map(|(_, v)| v.to_string()).collect())
        .collect();
    let start = std::time::Instant::now();
    for t in &texts {
        for text in t {
            std::hint::black_box(Policy::parse(text).expect("generated policies parse"));
        }
    }
    let parse = start.elapsed();
    println!(
        "throughput: {} evaluations in {:?} ({:.0}/s, {allowed} allowed); parsing their policies \
         from JSON text: {:?} ({:.0} pairs/s)",
        parsed.len(),
        eval,
        parsed.len() as f64 / eval.as_secs_f64(),
        parse,
        parsed.len() as f64 / parse.as_secs_f64()
    );
}
