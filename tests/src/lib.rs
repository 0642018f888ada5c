//! Test-only crate: trybuild UI tests, fixture workspaces and end-to-end runs of `cargo iam`.
