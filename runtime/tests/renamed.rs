//! A crate that renames the dependency (`iam = { package = "lambda-iam", .. }`) compiles and
//! runs: the macros read its Cargo.toml and reach the facade as `::iam`. Builds a scratch crate
//! with the real `cargo`, offline, pinned by this workspace's Cargo.lock.

use std::path::{Path, PathBuf};
use std::process::Command;

const MAIN: &str = r#"
mod storage {
    #[iam::requires(allow("s3:PutObject", "arn:${Partition}:s3:::resized/*"))]
    pub fn put() {}
}

#[iam::handler(
    allow("s3:GetObject", "arn:${Partition}:s3:::source/*"),
    uses(storage::put),
    function = "renamed-fn",
)]
fn handler() {
    storage::put()
}

fn main() {
    handler();
    let d: &'static iam::Declaration = iam::declared!(handler);
    assert_eq!(d.function, Some("renamed-fn"));
    assert_eq!(d.all_statements().len(), 2);
    println!("declared {}", d.path);
}
"#;

/// `target/` of this build: the test binary sits in `target/<profile>/deps/`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.ancestors()
        .nth(3)
        .expect("target directory")
        .to_path_buf()
}

#[test]
fn renamed_dependency_compiles_and_runs() {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().expect("temp dir");
    let manifest = format!(
        "[package]\nname = \"renamed-user\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\niam = {{ package = \"lambda-iam\", path = '{}' }}\n",
        runtime.display()
    );
    std::fs::write(scratch.path().join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(
        runtime.join("../Cargo.lock"),
        scratch.path().join("Cargo.lock"),
    )
    .unwrap();
    std::fs::create_dir(scratch.path().join("src")).unwrap();
    std::fs::write(scratch.path().join("src/main.rs"), MAIN).unwrap();

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--offline"])
        .current_dir(scratch.path())
        .env(
            "CARGO_TARGET_DIR",
            target_dir().join("lambda-iam-renamed-test"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the renamed crate failed to build or run:\n{stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "declared renamed_user::handler\n"
    );
}
