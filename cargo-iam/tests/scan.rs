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

/// `function: action action ..` per line of `file` (in the corpus directory).
fn expected(file: &str) -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(corpus().join(file)).unwrap();
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, actions) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{file}:{}: no `function:`", n + 1));
        let actions: BTreeSet<String> = actions.split_whitespace().map(str::to_string).collect();
        assert!(
            out.insert(name.trim().to_string(), actions).is_none(),
            "{file}:{}: `{name}` twice",
            n + 1
        );
    }
    out
}

/// True and false positives and misses of the scan of one workspace against its expected
/// actions; every function must be listed.
fn score(
    analysis: &Analysis,
    expected: &BTreeMap<String, BTreeSet<String>>,
    misses: &mut Vec<String>,
) -> (usize, usize, usize) {
    let found: BTreeSet<&str> = analysis.functions.iter().map(|f| f.name.as_str()).collect();
    let listed: BTreeSet<&str> = expected.keys().map(String::as_str).collect();
    assert_eq!(found, listed, "every function has one expected line");
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (name, want) in expected {
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
    (tp, fp, fn_)
}

#[test]
fn corpus_precision_and_recall_are_at_least_95_percent() {
    let corpus_expected = expected("expected.txt");
    assert!(corpus_expected.len() >= 30, "at least 30 handlers");
    let examples_expected = expected("examples.txt");
    let mut misses = Vec::new();
    let (tp1, fp1, fn1) = score(
        &analyse(&corpus().join("Cargo.toml")),
        &corpus_expected,
        &mut misses,
    );
    let (tp2, fp2, fn2) = score(
        &analyse(&common::repo().join("examples/Cargo.toml")),
        &examples_expected,
        &mut misses,
    );
    let (tp, fp, fn_) = (tp1 + tp2, fp1 + fp2, fn1 + fn2);
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "scan corpus: {} handlers (corpus {}, examples {}), {} expected actions: precision {:.1}% ({tp}/{}), recall {:.1}% ({tp}/{})",
        corpus_expected.len() + examples_expected.len(),
        corpus_expected.len(),
        examples_expected.len(),
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

/// A copy of `examples/` (sources, manifests, committed policies; no `target/`) in a temporary
/// directory, its path dependency on the runtime made absolute.
fn examples_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            if name == "target" {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                copy(&path, &to.join(&name));
            } else {
                std::fs::copy(&path, to.join(&name)).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = common::repo();
    copy(&repo.join("examples"), dir.path());
    let manifest = dir.path().join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let runtime = repo.join("runtime");
    let text = text.replace(
        "path = \"../runtime\"",
        &format!("path = {:?}", runtime.to_string_lossy()),
    );
    std::fs::write(&manifest, text).unwrap();
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(path: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

const PUT: &str = "    allow(\"s3:PutObject\", \"arn:${Partition}:s3:::my-resized-images/*\"),\n";

#[test]
fn a_removed_declaration_fails_check_at_the_sdk_call_and_suggest_write_repairs_it() {
    let dir = examples_copy();
    let handler = dir.path().join("image-processor/src/handler.rs");
    let original = std::fs::read_to_string(&handler).unwrap();
    let clean = common::run_in(dir.path(), &["check", "--offline"]);
    assert_eq!(clean.code, 0, "{}", clean.transcript());

    edit(&handler, PUT, "");
    let failed = common::run_in(dir.path(), &["check", "--offline"]);
    assert_eq!(failed.code, 1, "{}", failed.transcript());
    let at = format!(
        "image-processor/src/handler.rs:{}:10",
        line_of(&handler, ".put_object()")
    );
    assert!(
        failed.stderr.contains(&format!(
            "error[undeclared-call]: `s3:PutObject` on `arn:${{Partition}}:s3:::my-resized-images/*` is not declared for the function `image-processor`\n  --> {at}"
        )),
        "{}",
        failed.transcript()
    );
    assert!(
        failed.stderr.contains(
            "add `allow(\"s3:PutObject\", \"arn:${Partition}:s3:::my-resized-images/*\")`"
        ),
        "{}",
        failed.transcript()
    );

    let printed = common::run_in(dir.path(), &["suggest", "--offline"]);
    assert_eq!(printed.code, 0, "{}", printed.transcript());
    assert!(
        printed
            .stdout
            .contains("allow(\"s3:PutObject\", \"arn:${Partition}:s3:::my-resized-images/*\")")
    );
    assert_ne!(
        std::fs::read_to_string(&handler).unwrap(),
        original,
        "suggest without --write writes nothing"
    );

    let wrote = common::run_in(dir.path(), &["suggest", "--write", "--offline"]);
    assert_eq!(wrote.code, 0, "{}", wrote.transcript());
    let repaired = common::run_in(dir.path(), &["check", "--offline"]);
    assert_eq!(repaired.code, 0, "{}", repaired.transcript());
    assert!(!repaired.stderr.contains("undeclared-call"));
    // Only the attribute changed: the item is back, at the end of the list.
    let text = std::fs::read_to_string(&handler).unwrap();
    assert_eq!(
        text.replace(PUT, "").replace("    ),\n)]", "    )\n)]"),
        original.replace(PUT, "")
    );
}

#[test]
fn an_unused_declaration_warns_and_suggest_write_removes_it() {
    let dir = examples_copy();
    let handler = dir.path().join("image-processor/src/handler.rs");
    let original = std::fs::read_to_string(&handler).unwrap();
    let extra = "    allow(\"s3:DeleteObject\", \"arn:${Partition}:s3:::my-source-images/*\"), // cleanup\n";
    edit(&handler, PUT, &format!("{PUT}{extra}"));
    let warned = common::run_in(dir.path(), &["check", "--offline"]);
    let at = format!(
        "image-processor/src/handler.rs:{}:5",
        line_of(&handler, "s3:DeleteObject")
    );
    assert!(
        warned.stderr.contains(&format!(
            "warning[over-privileged]: `s3:DeleteObject` is declared (handler image_processor::handler::function_handler) but no SDK call reachable from the handler of `image-processor` needs it\n  --> {at}"
        )),
        "{}",
        warned.transcript()
    );
    // With a reason, the same declaration is accepted.
    edit(
        &handler,
        "\"arn:${Partition}:s3:::my-source-images/*\"), // cleanup",
        "\"arn:${Partition}:s3:::my-source-images/*\", reason = \"the bucket's lifecycle job\"), // cleanup",
    );
    let reasoned = common::run_in(dir.path(), &["check", "--offline"]);
    assert!(
        !reasoned.stderr.contains("over-privileged"),
        "{}",
        reasoned.transcript()
    );
    // Without it, `suggest --write` takes it out again, comment included.
    std::fs::write(&handler, original.replace(PUT, &format!("{PUT}{extra}"))).unwrap();
    let wrote = common::run_in(dir.path(), &["suggest", "--write", "--offline"]);
    assert_eq!(wrote.code, 0, "{}", wrote.transcript());
    assert_eq!(std::fs::read_to_string(&handler).unwrap(), original);
    let clean = common::run_in(dir.path(), &["check", "--offline"]);
    assert_eq!(clean.code, 0, "{}", clean.transcript());
}

/// `suggest --write` on a crate that depends on the runtime by path: the edited attribute
/// (an added `allow` with a wildcard, so with a `reason`; an unused one removed with its
/// comment) still compiles, and the scan has nothing left to say.
#[test]
fn suggest_write_keeps_the_crate_compiling() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scan-suggest");
    let dir = tempfile::tempdir().unwrap();
    for rel in [
        "Cargo.toml",
        "app/Cargo.toml",
        "app/src/main.rs",
        "aws-sdk-s3/Cargo.toml",
        "aws-sdk-s3/src/lib.rs",
    ] {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(rel), &to).unwrap();
    }
    let runtime = common::repo().join("runtime");
    edit(
        &dir.path().join("app/Cargo.toml"),
        "path = \"../../../../runtime\"",
        &format!("path = {:?}", runtime.to_string_lossy()),
    );
    let before = common::run_in(dir.path(), &["check", "--offline"]);
    assert!(
        before
            .stderr
            .contains("error[undeclared-call]: `s3:PutObject`"),
        "{}",
        before.transcript()
    );
    assert!(
        before
            .stderr
            .contains("warning[over-privileged]: `s3:DeleteObject`"),
        "{}",
        before.transcript()
    );

    let wrote = common::run_in(dir.path(), &["suggest", "--write", "--offline"]);
    assert_eq!(wrote.code, 0, "{}", wrote.transcript());
    let main = std::fs::read_to_string(dir.path().join("app/src/main.rs")).unwrap();
    assert!(main.contains(
        "    allow(\"s3:GetObject\", \"arn:${Partition}:s3:::photos/*\"), // originals\n"
    ));
    assert!(
        !main.contains("DeleteObject") && !main.contains("no longer needed"),
        "{main}"
    );
    assert!(
        main.contains("allow(\"s3:PutObject\", \"arn:${Partition}:s3:::*/small/*\", reason = "),
        "{main}"
    );

    let after = common::run_in(dir.path(), &["check", "--offline"]);
    assert!(
        !after.stderr.contains("undeclared-call") && !after.stderr.contains("over-privileged"),
        "{}",
        after.transcript()
    );

    // The crate compiles with the edited attribute (the macro validates it).
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_cargo-iam"));
    let target = exe
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("scan-suggest");
    let status =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["check", "--offline", "--quiet"])
            .current_dir(dir.path())
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .unwrap();
    assert!(status.success(), "cargo check failed on:\n{main}");
}

/// A one-package workspace written on the fly that depends on the runtime and on
/// `aws-sdk-dynamodb` (never built: only scanned).
fn sdk_workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let runtime = common::repo().join("runtime");
    let manifest = format!(
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nlambda-iam = {{ path = {:?} }}\naws-sdk-dynamodb = \"1\"\naws-sdk-s3 = \"1\"\n\n\
         [package.metadata.lambda-iam.vars]\nAccount = \"123456789012\"\nRegion = \"eu-west-1\"\n\n[workspace]\n",
        runtime.to_string_lossy()
    );
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

const TABLE_ARN: &str = "arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders";

#[test]
fn a_requires_helper_missing_from_uses_is_an_error_with_the_uses_to_add() {
    let store = format!(
        "use aws_sdk_dynamodb::Client;\n\n\
         pub const TABLE: &str = \"Orders\";\n\n\
         #[lambda_iam::requires(allow(\"dynamodb:GetItem\", \"{TABLE_ARN}\"))]\n\
         pub async fn load(client: &Client, id: &str) {{\n    \
             let _ = client.get_item().table_name(TABLE).send().await;\n}}\n"
    );
    let main = "mod store;\n\n\
                #[lambda_iam::handler(function = \"orders\")]\n\
                async fn handle(client: &aws_sdk_dynamodb::Client) {\n    \
                    store::load(client, \"1\").await;\n}\n\nfn main() {}\n";
    let dir = sdk_workspace(&[("src/main.rs", main), ("src/store.rs", &store)]);
    let r = common::run_in(dir.path(), &["check", "--offline"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains(
            "error[missing-uses]: `app::handle` calls `app::store::load`, a `#[lambda_iam::requires]` helper that the handler of `orders` does not list in `uses`\n --> src/main.rs:5:12"
        ),
        "{}",
        r.transcript()
    );
    assert!(
        r.stderr.contains("add `uses(crate::store::load)`"),
        "{}",
        r.transcript()
    );
    // Only the missing `uses` is reported: the call inside the helper is covered by its own
    // declaration once the handler takes it on.
    assert!(!r.stderr.contains("undeclared-call"), "{}", r.transcript());

    let explained = common::run_in(dir.path(), &["explain", "orders", "--offline"]);
    assert!(
        explained
            .stdout
            .contains("    via      app::handle → app::store::load\n"),
        "{}",
        explained.transcript()
    );
    assert!(
        explained
            .stdout
            .contains("  missing  uses(crate::store::load)\n"),
        "{}",
        explained.transcript()
    );

    let wrote = common::run_in(dir.path(), &["suggest", "--write", "--offline"]);
    assert_eq!(wrote.code, 0, "{}", wrote.transcript());
    let text = std::fs::read_to_string(dir.path().join("src/main.rs")).unwrap();
    assert!(
        text.contains("#[lambda_iam::handler(function = \"orders\", uses(crate::store::load))]"),
        "{text}"
    );
    let again = common::run_in(dir.path(), &["check", "--offline"]);
    assert!(
        !again.stderr.contains("missing-uses") && !again.stderr.contains("undeclared-call"),
        "{}",
        again.transcript()
    );
}

#[test]
fn resources_come_from_literals_consts_format_and_builders_and_env_vars_are_unknown() {
    let main = r#"mod names {
    pub const AUDIT: &str = "Audit";
}

use aws_sdk_dynamodb as ddb;
use names::AUDIT;

const PREFIX: &str = "tenant";

struct Repo {
    client: ddb::Client,
}

impl Repo {
    fn client(&self) -> &ddb::Client {
        &self.client
    }

    async fn audit(&self) {
        let req = self.client().put_item();
        let req = req.table_name(AUDIT);
        let _ = req.send().await;
    }
}

#[lambda_iam::handler(function = "tables")]
async fn handle(repo: &Repo, s3: aws_sdk_s3::Client, tenant: &str) {
    repo.audit().await;
    let _ = repo.client.get_item().set_table_name(Some(format!("{PREFIX}-{tenant}-orders"))).send().await;
    let bucket = std::env::var("BUCKET").unwrap();
    let _ = s3.get_object().bucket(&bucket).key("a").customize().send().await;
    let _ = s3.list_objects_v2().bucket("reports").into_paginator().send();
}

fn main() {}
"#;
    let dir = sdk_workspace(&[("src/main.rs", main)]);
    let analysis = analyse(&dir.path().join("Cargo.toml"));
    let scan = &analysis.scan.functions["tables"];
    let got: BTreeSet<(String, String, bool)> = scan
        .calls
        .iter()
        .map(|c| (c.action.clone(), c.resource.clone(), c.why.is_empty()))
        .collect();
    let want: BTreeSet<(String, String, bool)> = [
        (
            "dynamodb:PutItem",
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/Audit",
            true,
        ),
        (
            "dynamodb:GetItem",
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/tenant-*-orders",
            false,
        ),
        ("s3:GetObject", "arn:${Partition}:s3:::*/a", false),
        ("s3:ListBucket", "arn:${Partition}:s3:::reports", true),
    ]
    .into_iter()
    .map(|(a, r, k)| (a.to_string(), r.to_string(), k))
    .collect();
    assert_eq!(got, want);
    let env = scan
        .calls
        .iter()
        .find(|c| c.action == "s3:GetObject")
        .unwrap();
    assert_eq!(env.why, ["the environment variable `BUCKET`"]);
    // Nothing is declared: every call is missing, each once.
    assert_eq!(scan.missing.len(), 4);
}

#[test]
fn workspaces_without_an_sdk_dependency_are_not_scanned() {
    let analysis = analyse(&common::fixture("single").join("Cargo.toml"));
    assert!(!analysis.functions.is_empty());
    assert!(analysis.scan.functions.is_empty() && analysis.scan.diags.is_empty());
}

#[test]
fn a_call_a_helper_lacks_is_added_to_the_helper() {
    let store = format!(
        "use aws_sdk_dynamodb::Client;\n\n\
         #[lambda_iam::requires(allow(\"dynamodb:GetItem\", \"{TABLE_ARN}\"))]\n\
         pub async fn load(client: &Client) {{\n    \
             let _ = client.get_item().table_name(\"Orders\").send().await;\n    \
             let _ = client.delete_item().table_name(\"Orders\").send().await;\n}}\n"
    );
    let main = "mod store;\n\n\
                #[lambda_iam::handler(function = \"orders\", uses(store::load))]\n\
                async fn handle(client: &aws_sdk_dynamodb::Client) {\n    \
                    store::load(client).await;\n}\n\nfn main() {}\n";
    let dir = sdk_workspace(&[("src/main.rs", main), ("src/store.rs", &store)]);
    let r = common::run_in(dir.path(), &["check", "--offline"]);
    assert!(
        r.stderr.contains("error[undeclared-call]: `dynamodb:DeleteItem` on `arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders` is not declared for the function `orders`"),
        "{}",
        r.transcript()
    );
    assert!(
        r.stderr
            .contains("to `#[lambda_iam::requires]` on `app::store::load`"),
        "{}",
        r.transcript()
    );
    let wrote = common::run_in(dir.path(), &["suggest", "--write", "--offline"]);
    assert_eq!(wrote.code, 0, "{}", wrote.transcript());
    let text = std::fs::read_to_string(dir.path().join("src/store.rs")).unwrap();
    assert!(
        text.contains(&format!(
            "#[lambda_iam::requires(allow(\"dynamodb:GetItem\", \"{TABLE_ARN}\"), allow(\"dynamodb:DeleteItem\", \"{TABLE_ARN}\"))]"
        )),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/main.rs")).unwrap(),
        main
    );
}

#[test]
fn only_packages_that_can_reach_an_sdk_crate_are_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = common::repo().join("runtime");
    let runtime = format!("{:?}", runtime.to_string_lossy());
    let files = [
        ("Cargo.toml".to_string(), "[workspace]\nresolver = \"3\"\nmembers = [\"plain\", \"aws\"]\n".to_string()),
        (
            "plain/Cargo.toml".into(),
            format!("[package]\nname = \"plain\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nlambda-iam = {{ path = {runtime} }}\n"),
        ),
        (
            "plain/src/main.rs".into(),
            "#[lambda_iam::handler(allow(\"s3:GetObject\", \"arn:${Partition}:s3:::a/*\"))]\nasync fn handle() {}\n\nfn main() {}\n".into(),
        ),
        (
            "aws/Cargo.toml".into(),
            format!("[package]\nname = \"aws\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nlambda-iam = {{ path = {runtime} }}\naws-sdk-s3 = \"1\"\n"),
        ),
        (
            "aws/src/main.rs".into(),
            "#[lambda_iam::handler]\nasync fn handle(s3: &aws_sdk_s3::Client) {\n    let _ = s3.delete_object().bucket(\"a\").key(\"k\").send().await;\n}\n\nfn main() {}\n".into(),
        ),
    ];
    for (path, text) in &files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let analysis = analyse(&dir.path().join("Cargo.toml"));
    let scanned: Vec<&str> = analysis.scan.functions.keys().map(String::as_str).collect();
    assert_eq!(scanned, ["aws"]);
    assert_eq!(
        analysis.scan.functions["aws"].calls[0].action,
        "s3:DeleteObject"
    );
}

#[test]
fn kms_behind_sse_kms_is_not_over_privileged_but_other_unused_actions_are() {
    let main = r#"#[lambda_iam::handler(
    function = "reader",
    allow("s3:GetObject", "arn:${Partition}:s3:::docs/*"),
    allow("kms:Decrypt", "arn:${Partition}:kms:${Region}:${Account}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    allow("s3:DeleteObject", "arn:${Partition}:s3:::docs/*"),
)]
async fn read(s3: &aws_sdk_s3::Client) {
    let _ = s3.get_object().bucket("docs").key("a.txt").send().await;
}

fn main() {}
"#;
    let dir = sdk_workspace(&[("src/main.rs", main)]);
    let analysis = analyse(&dir.path().join("Cargo.toml"));
    let unused: Vec<&str> = analysis.scan.functions["reader"]
        .unused
        .iter()
        .map(|(_, a)| a.as_str())
        .collect();
    assert_eq!(unused, ["s3:DeleteObject"]);
    assert!(
        analysis.scan.functions["reader"]
            .implied
            .contains("kms:Decrypt")
    );
}
