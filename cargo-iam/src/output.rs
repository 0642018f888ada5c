//! The output directory: the files each function owns, what is there now, atomic writes.

use crate::functions::Function;
use lambda_iam_core::assemble::Assembled;
use lambda_iam_core::policy::{self, PolicyDocument};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The suffixes of the files `cargo iam` owns in the output directory.
pub const SUFFIXES: &[&str] = &[".policy.json", ".trust.json", ".permissions.json"];

pub use lambda_iam_core::policy::INLINE_POLICY_LIMIT;

/// One file to write: its name in the output directory and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub file_name: String,
    pub contents: String,
}

/// The files of a function whose policy assembled: the policy (or its managed parts), the trust
/// policy, and the resource-based policy when the handler has triggers.
pub fn render(function: &Function) -> Option<Vec<Rendered>> {
    let a = function.assembled.as_ref()?;
    Some(render_documents(&function.name, a))
}

/// `<function>.managed-<n>.policy.json`: the `n`-th (1-based) managed policy of a policy over
/// the inline limit. Lambda function names have no `.`, so the name cannot be a function's.
pub fn managed_file_name(name: &str, n: usize) -> String {
    format!("{name}.managed-{n}.policy.json")
}

/// The files of function `name` (no spans: any thread may call it): `<name>.policy.json`, or,
/// when the policy is over the inline limit, `<name>.managed-1.policy.json` … one per managed
/// policy; then `<name>.trust.json`; then `<name>.permissions.json` when the handler has
/// triggers.
pub fn render_documents(name: &str, a: &Assembled) -> Vec<Rendered> {
    let mut files = Vec::new();
    if a.managed.is_empty() {
        files.push(Rendered {
            file_name: format!("{name}.policy.json"),
            contents: policy::render(&a.policy),
        });
    } else {
        for (i, part) in a.managed.iter().enumerate() {
            files.push(Rendered {
                file_name: managed_file_name(name, i + 1),
                contents: policy::render(&part.document),
            });
        }
    }
    files.push(Rendered {
        file_name: format!("{name}.trust.json"),
        contents: policy::render(&a.trust),
    });
    if let Some(permissions) = &a.permissions {
        files.push(Rendered {
            file_name: format!("{name}.permissions.json"),
            contents: policy::render(permissions),
        });
    }
    files
}

/// Statements, distinct actions, and size as IAM counts it (compact JSON, in characters).
pub fn stats(doc: &PolicyDocument) -> (usize, usize, usize) {
    use lambda_iam_core::policy::OneOrMany;
    let mut actions = BTreeSet::new();
    for s in &doc.statement {
        match &s.action {
            OneOrMany::One(a) => {
                actions.insert(a.as_str());
            }
            OneOrMany::Many(list) => actions.extend(list.iter().map(String::as_str)),
        }
    }
    (doc.statement.len(), actions.len(), policy::policy_size(doc))
}

/// The function a file name in the output directory belongs to, if `cargo iam` owns it.
pub fn owner(file_name: &str) -> Option<&str> {
    let stem = SUFFIXES.iter().find_map(|s| file_name.strip_suffix(s))?;
    let function = match stem.rsplit_once(".managed-") {
        Some((function, n))
            if file_name.ends_with(".policy.json")
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            function
        }
        _ => stem,
    };
    (!function.is_empty()).then_some(function)
}

/// The owned files now in `dir`, sorted (none when it does not exist).
pub fn existing(dir: &Path) -> std::io::Result<Vec<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        if let Some(name) = entry.file_name().to_str()
            && owner(name).is_some()
        {
            names.push(name.to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// Writes `contents` to `dir/name` atomically: a temporary file in the same directory, renamed
/// over the target, so a reader sees the old file or the new one, never a mix. Leaves the file
/// untouched when it already has these bytes. There is no `fsync`: the files are reproducible
/// (`cargo iam emit` again), and syncing thousands of them costs seconds.
pub fn write_atomic(dir: &Path, name: &str, contents: &str) -> std::io::Result<bool> {
    let target = dir.join(name);
    if std::fs::read(&target).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(false);
    }
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents.as_bytes())?;
        drop(f);
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map(|()| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_file_names() {
        assert_eq!(owner("resize.policy.json"), Some("resize"));
        assert_eq!(owner("resize.trust.json"), Some("resize"));
        assert_eq!(owner("resize.permissions.json"), Some("resize"));
        assert_eq!(owner(".policy.json"), None);
        assert_eq!(owner("README.md"), None);
        assert_eq!(owner("resize.json"), None);
        assert_eq!(owner("resize.managed-1.policy.json"), Some("resize"));
        assert_eq!(owner("resize.managed-12.policy.json"), Some("resize"));
        assert_eq!(owner(".managed-1.policy.json"), None);
        // not a part: kept whole (and never a valid function name, so orphaned)
        assert_eq!(
            owner("resize.managed-x.policy.json"),
            Some("resize.managed-x")
        );
        assert_eq!(
            owner("resize.managed-1.trust.json"),
            Some("resize.managed-1")
        );
    }

    #[test]
    fn atomic_write_replaces_and_skips_equal_contents() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(dir.path(), "a.policy.json", "one\n").unwrap());
        assert!(!write_atomic(dir.path(), "a.policy.json", "one\n").unwrap());
        assert!(write_atomic(dir.path(), "a.policy.json", "two\n").unwrap());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.policy.json")).unwrap(),
            "two\n"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    }
}
