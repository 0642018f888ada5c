//! The path by which the generated code reaches the facade crate: `::lambda_iam`, or the name a
//! user gave it (`iam = { package = "lambda-iam", .. }` in their Cargo.toml).
//!
//! The manifest of the crate being compiled is read once per macro process and directory (a
//! small scan of its dependency tables, no TOML parser). The facade itself declares
//! `extern crate self as lambda_iam`, so `::lambda_iam` also works inside it.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

const PACKAGE: &str = "lambda-iam";
const DEFAULT: &str = "lambda_iam";

/// `::lambda_iam` or `::<renamed>`.
pub fn path() -> TokenStream {
    let name = Ident::new(&crate_name(), Span::call_site());
    quote!(::#name)
}

fn crate_name() -> String {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, String>>> = OnceLock::new();
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        return DEFAULT.to_string();
    };
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry(dir)
        .or_insert_with_key(|dir| find_name(dir))
        .clone()
}

fn find_name(dir: &Path) -> String {
    let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
        return DEFAULT.to_string();
    };
    let own = scan(&manifest);
    if let Some(name) = own.renamed {
        return name;
    }
    // `iam = { workspace = true }`: the rename sits in the workspace's dependencies.
    if !own.inherited.is_empty() {
        for ancestor in dir.ancestors().skip(1) {
            let Ok(root) = std::fs::read_to_string(ancestor.join("Cargo.toml")) else {
                continue;
            };
            if !root.lines().any(|l| l.trim() == "[workspace]") {
                continue;
            }
            if let Some(name) = scan(&root)
                .workspace_renamed
                .into_iter()
                .find(|n| own.inherited.contains(n))
            {
                return name;
            }
            break;
        }
    }
    DEFAULT.to_string()
}

/// What a manifest says about how `lambda-iam` is named.
#[derive(Debug, Default, PartialEq)]
struct Scan {
    /// The name in `[dependencies]` (renamed or not), else in `[dev-dependencies]` or
    /// `[build-dependencies]`, as a Rust identifier. The former wins: library code sees only it.
    renamed: Option<String>,
    /// Whether that name came from `[dependencies]`.
    normal: bool,
    /// Renames in `[workspace.dependencies]`.
    workspace_renamed: Vec<String>,
    /// Keys of dependencies inherited with `workspace = true`.
    inherited: Vec<String>,
}

fn scan(manifest: &str) -> Scan {
    let mut out = Scan::default();
    // The current table header, e.g. `dependencies`, `workspace.dependencies`,
    // `target.'cfg(unix)'.dependencies`, `dependencies.iam`.
    let mut table = String::new();
    for line in manifest.lines() {
        let line = strip_comment(line).trim();
        if let Some(header) = line.strip_prefix('[') {
            table = header
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
                .to_string();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (key, value) = (unquote(key.trim()), value.trim());
        let (deps_table, dep_table_key) = classify(&table);
        let workspace = table.starts_with("workspace.");
        let normal = table == "dependencies"
            || table.ends_with(".dependencies") && !workspace
            || table.starts_with("dependencies.")
            || table.contains(".dependencies.");
        let ctx = Ctx { workspace, normal };
        // `[dependencies.iam]` + `package = "lambda-iam"` / `workspace = true`
        if let Some(dep) = dep_table_key {
            record(&mut out, &dep, &key, value, ctx);
        } else if deps_table {
            // `iam = { package = "lambda-iam" }`, or dotted `iam.package = "lambda-iam"`.
            if let Some((dep, field)) = key.split_once('.') {
                record(&mut out, &unquote(dep), &unquote(field), value, ctx);
            } else if key == PACKAGE {
                record(&mut out, &key, "package", "\"lambda-iam\"", ctx);
            } else if value.starts_with('{') {
                for field in value.trim_matches(|c| c == '{' || c == '}').split(',') {
                    if let Some((k, v)) = field.split_once('=') {
                        record(&mut out, &key, &unquote(k.trim()), v.trim(), ctx);
                    }
                }
            }
        }
    }
    out
}

/// Whether `table` is a dependency table, or the table of one dependency (its key).
fn classify(table: &str) -> (bool, Option<String>) {
    const KINDS: &[&str] = &["dependencies", "dev-dependencies", "build-dependencies"];
    let parts: Vec<&str> = table.split('.').collect();
    match parts.as_slice() {
        [.., last] if KINDS.contains(last) => (true, None),
        [.., kind, dep] if KINDS.contains(kind) => (false, Some(unquote(dep))),
        _ => (false, None),
    }
}

#[derive(Clone, Copy)]
struct Ctx {
    /// In `[workspace.dependencies]`.
    workspace: bool,
    /// In `[dependencies]` (possibly target-specific), not dev or build.
    normal: bool,
}

fn record(out: &mut Scan, dep: &str, field: &str, value: &str, ctx: Ctx) {
    let ident = dep.replace('-', "_");
    if field == "package" && unquote(value) == PACKAGE {
        if ctx.workspace {
            if dep != PACKAGE {
                out.workspace_renamed.push(ident);
            }
        } else if out.renamed.is_none() || ctx.normal && !out.normal {
            out.renamed = Some(ident);
            out.normal = ctx.normal;
        }
    } else if field == "workspace" && value == "true" && !ctx.workspace {
        out.inherited.push(ident);
    }
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches(|c| c == '"' || c == '\'').to_string()
}

/// Drops a `#` comment that is not inside a string.
fn strip_comment(line: &str) -> &str {
    let mut in_string = None;
    for (i, c) in line.char_indices() {
        match (c, in_string) {
            ('"' | '\'', None) => in_string = Some(c),
            (q, Some(open)) if q == open => in_string = None,
            ('#', None) => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_dependency_keeps_its_name() {
        let s = scan("[dependencies]\nlambda-iam = { path = \"../runtime\" }\n");
        assert_eq!(s.renamed.as_deref(), Some("lambda_iam"));
    }

    #[test]
    fn normal_dependencies_win_over_dev_dependencies() {
        let s = scan(
            "[dev-dependencies]\niam = { package = \"lambda-iam\", path = \"x\" }\n[dependencies]\nlambda-iam = \"0.1\"\n",
        );
        assert_eq!(s.renamed.as_deref(), Some("lambda_iam"));
        let s = scan(
            "[dependencies]\nlambda-iam = \"0.1\"\n[dev-dependencies]\niam = { package = \"lambda-iam\" }\n",
        );
        assert_eq!(s.renamed.as_deref(), Some("lambda_iam"));
        let s = scan("[dev-dependencies]\niam = { package = \"lambda-iam\" }\n");
        assert_eq!(s.renamed.as_deref(), Some("iam"));
    }

    #[test]
    fn finds_inline_renames() {
        let s = scan(
            "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\niam = { package = \"lambda-iam\", path = \"../runtime\" } # renamed\n",
        );
        assert_eq!(s.renamed.as_deref(), Some("iam"));
        let s =
            scan("[target.'cfg(unix)'.dependencies]\nmy-iam = {path=\"x\",package='lambda-iam'}\n");
        assert_eq!(s.renamed.as_deref(), Some("my_iam"));
    }

    #[test]
    fn finds_table_and_dotted_renames() {
        let s = scan("[dependencies.iam]\npath = \"../runtime\"\npackage = \"lambda-iam\"\n");
        assert_eq!(s.renamed.as_deref(), Some("iam"));
        let s = scan("[dev-dependencies]\niam.package = \"lambda-iam\"\niam.path = \"x\"\n");
        assert_eq!(s.renamed.as_deref(), Some("iam"));
    }

    #[test]
    fn other_packages_and_comments_are_ignored() {
        let s = scan(
            "[dependencies]\n# iam = { package = \"lambda-iam\" }\nfoo = { package = \"lambda-iam-core\" }\n[package.metadata.x]\niam = { package = \"lambda-iam\" }\n",
        );
        assert_eq!(s, Scan::default());
    }

    #[test]
    fn workspace_inheritance() {
        let member = scan("[dependencies]\niam = { workspace = true }\n");
        assert_eq!(member.inherited, ["iam"]);
        let root = scan(
            "[workspace]\nmembers = [\"a\"]\n[workspace.dependencies]\niam = { package = \"lambda-iam\", path = \"runtime\" }\n",
        );
        assert_eq!(root.workspace_renamed, ["iam"]);
        assert_eq!(root.renamed, None);
    }

    #[test]
    fn reads_the_manifest_of_a_directory() {
        let dir =
            std::env::temp_dir().join(format!("lambda-iam-macros-facade-{}", std::process::id()));
        let member = dir.join("member");
        std::fs::create_dir_all(&member).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[workspace]\n[workspace.dependencies]\nawsiam = { package = \"lambda-iam\", path = \"x\" }\n").unwrap();
        std::fs::write(
            member.join("Cargo.toml"),
            "[dependencies]\nawsiam.workspace = true\n",
        )
        .unwrap();
        assert_eq!(find_name(&member), "awsiam");
        std::fs::write(
            member.join("Cargo.toml"),
            "[dependencies]\nlambda-iam.workspace = true\n",
        )
        .unwrap();
        assert_eq!(find_name(&member), "lambda_iam");
        assert_eq!(find_name(&dir.join("missing")), "lambda_iam");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
