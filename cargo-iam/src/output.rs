//! The output directory: the files each function owns, what is there now, atomic writes.

use crate::functions::Function;
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

/// The files of a function whose policy assembled: policy, trust, and the resource-based
/// policy when the handler has triggers.
pub fn render(function: &Function) -> Option<Vec<Rendered>> {
    let a = function.assembled.as_ref()?;
    Some(render_assembled(&function.name, a))
}

/// The files of function `name` from its assembled documents (no spans: any thread may call it).
pub fn render_assembled(name: &str, a: &lambda_iam_core::assemble::Assembled) -> Vec<Rendered> {
    let mut files: Vec<Rendered> = render_documents(name, &a.policy, &a.trust).into();
    if let Some(permissions) = &a.permissions {
        files.push(Rendered {
            file_name: format!("{name}.permissions.json"),
            contents: policy::render(permissions),
        });
    }
    files
}

/// The two files of function `name`, from its documents alone (no spans: any thread may call it).
pub fn render_documents(
    name: &str,
    policy: &PolicyDocument,
    trust: &PolicyDocument,
) -> [Rendered; 2] {
    [
        Rendered {
            file_name: format!("{name}.policy.json"),
            contents: policy::render(policy),
        },
        Rendered {
            file_name: format!("{name}.trust.json"),
            contents: policy::render(trust),
        },
    ]
}

/// Whether function `name` assembled without a resource-based policy: its
/// `<name>.permissions.json` must not exist.
pub fn has_no_triggers(analysis: &crate::analyze::Analysis, name: &str) -> bool {
    analysis.functions.iter().any(|f| {
        f.name == name
            && f.assembled
                .as_ref()
                .is_some_and(|a| a.permissions.is_none())
    })
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
    SUFFIXES
        .iter()
        .find_map(|s| file_name.strip_suffix(s))
        .filter(|f| !f.is_empty())
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
