//! `uses(path)` resolution on workspaces written on the fly: relative paths, imports, methods,
//! cycles, and each way it can fail.

mod common;

use common::{run_in, workspace};

const GET: &str = r#"allow("s3:GetObject", "arn:${Partition}:s3:::a/*")"#;
const PUT: &str = r#"allow("s3:PutObject", "arn:${Partition}:s3:::b/*")"#;
const SEND: &str = r#"allow("sqs:SendMessage", "arn:${Partition}:sqs:${Region}:${Account}:q")"#;

fn main_rs(uses: &str) -> String {
    format!(
        "mod helpers;\n\n#[lambda_iam::handler(uses({uses}))]\nasync fn run() {{}}\n\nfn main() {{}}\n"
    )
}

#[test]
fn relative_paths_imports_and_methods_resolve() {
    let helpers = format!(
        "pub mod inner;\n\
         #[lambda_iam::requires({GET})] pub fn get() {{}}\n\
         pub struct Store;\n\
         impl Store {{ #[lambda_iam::requires({SEND})] pub fn send(&self) {{}} }}\n"
    );
    let inner = format!("#[lambda_iam::requires({PUT}, uses(super::get))] pub fn put() {{}}\n");
    let main = "mod helpers;\nuse helpers::inner::*;\n\n\
                #[lambda_iam::handler(uses(self::put, crate::helpers::Store::send))]\n\
                async fn run() {}\n\nfn main() {}\n";
    let dir = workspace(&[
        ("src/main.rs", main),
        ("src/helpers.rs", &helpers),
        ("src/helpers/inner.rs", &inner),
    ]);
    let r = run_in(dir.path(), &["emit", "--stdout"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    for action in ["s3:GetObject", "s3:PutObject", "sqs:SendMessage"] {
        assert!(r.stdout.contains(action), "`{action}` in {}", r.stdout);
    }
}

#[test]
fn cycles_terminate_and_keep_every_statement() {
    let helpers = format!(
        "#[lambda_iam::requires({GET}, uses(b))] pub fn a() {{}}\n\
         #[lambda_iam::requires({PUT}, uses(a))] pub fn b() {{}}\n"
    );
    let dir = workspace(&[
        ("src/main.rs", &main_rs("helpers::a")),
        ("src/helpers.rs", &helpers),
    ]);
    let r = run_in(dir.path(), &["emit", "--stdout"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout.contains("s3:GetObject") && r.stdout.contains("s3:PutObject"),
        "{}",
        r.stdout
    );
}

#[test]
fn each_failure_is_an_unresolved_uses_error() {
    let helpers = "pub fn plain() {}\n\
                   #[lambda_iam::handler(function = \"other\")] pub async fn other_handler() {}\n";
    for (uses, message) in [
        (
            "helpers::nothing",
            "cannot find `helpers::nothing` from `app`",
        ),
        (
            "helpers::plain",
            "`helpers::plain` is not marked `#[lambda_iam::requires(..)]`",
        ),
        (
            "helpers::other_handler",
            "`helpers::other_handler` is a handler, not a `#[requires]` helper",
        ),
        (
            "serde_json::to_string",
            "`serde_json::to_string` is in `serde_json`, outside the workspace",
        ),
        ("helpers", "`helpers` is not a function"),
    ] {
        let dir = workspace(&[("src/main.rs", &main_rs(uses)), ("src/helpers.rs", helpers)]);
        let r = run_in(dir.path(), &["check"]);
        assert_eq!(r.code, 1, "{uses}: {}", r.transcript());
        assert!(
            r.stderr
                .contains(&format!("error[unresolved-uses]: {message}")),
            "{uses}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(" --> src/main.rs:3:28"),
            "{uses}: points at the path: {}",
            r.stderr
        );
        let r = run_in(dir.path(), &["emit"]);
        assert_eq!(r.code, 1);
        assert!(
            !dir.path().join("iam/app.policy.json").exists(),
            "{uses}: no partial policy is written"
        );
    }
}

#[test]
fn a_requires_with_an_error_fails_every_function_using_it() {
    let helpers = r#"#[lambda_iam::requires(allow("s3:GetObjekt", "arn:${Partition}:s3:::a/*"))] pub fn get() {}
"#;
    let dir = workspace(&[
        ("src/main.rs", &main_rs("helpers::get")),
        ("src/helpers.rs", helpers),
    ]);
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stderr.contains("error[unknown-action]"), "{}", r.stderr);
    assert!(
        r.stderr.contains(" --> src/helpers.rs:1:30"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("iam/app.policy.json").exists());
}

#[test]
fn a_use_of_the_helper_itself_is_an_unresolved_uses_error() {
    // The macro turns `uses(p::f)` into `p::__lambda_iam_requires_f`: a `use` of `f` alone
    // does not bring that declaration, and a rename changes its name.
    let helpers = format!("#[lambda_iam::requires({GET})] pub fn get() {{}}\n");
    for (import, uses) in [
        ("use helpers::get;", "get"),
        ("use helpers::get as fetch;", "fetch"),
        ("use crate::helpers::get as fetch;", "self::fetch"),
    ] {
        let main = format!(
            "mod helpers;\n{import}\n#[lambda_iam::handler(uses({uses}))]\nasync fn run() {{}}\n\nfn main() {{}}\n"
        );
        let dir = workspace(&[("src/main.rs", &main), ("src/helpers.rs", &helpers)]);
        let r = run_in(dir.path(), &["check"]);
        assert_eq!(r.code, 1, "{import}: {}", r.transcript());
        assert!(
            r.stderr.contains(&format!(
                "error[unresolved-uses]: `{uses}` reaches the helper `crate::helpers::get` through a `use` of the function itself"
            )),
            "{import}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("`uses` needs the helper's path through its module (`crate::helpers::get`) or a glob import (`use crate::helpers::*;`)"),
            "{import}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(" --> src/main.rs:3:28"),
            "{import}: {}",
            r.stderr
        );
    }
}

#[test]
fn module_imports_renames_and_globs_reach_the_helper() {
    let helpers = format!("#[lambda_iam::requires({GET})] pub fn get() {{}}\n");
    for (import, uses) in [
        ("use crate::helpers;", "helpers::get"),
        ("use crate::helpers as h;", "h::get"),
        ("use helpers::*;", "get"),
    ] {
        let main = format!(
            "mod helpers;\n{import}\n#[lambda_iam::handler(uses({uses}))]\nasync fn run() {{}}\n\nfn main() {{}}\n"
        );
        let dir = workspace(&[("src/main.rs", &main), ("src/helpers.rs", &helpers)]);
        let r = run_in(dir.path(), &["emit", "--stdout"]);
        assert_eq!(r.code, 0, "{import}: {}", r.transcript());
        assert!(r.stdout.contains("s3:GetObject"), "{import}: {}", r.stdout);
    }
}
