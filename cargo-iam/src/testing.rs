//! Helpers for unit tests: a crate written to a temporary directory and walked.

use crate::report::{Diag, Sources};
use crate::resolve::{Crate, ExternCrate};
use crate::walk::{ModId, Tree, Walker};
use crate::workspace::TargetKind2;
use std::collections::BTreeMap;
use std::path::Path;

/// A walked crate.
pub struct Walked {
    /// Keeps the files while the test runs.
    pub _dir: tempfile::TempDir,
    pub sources: Sources,
    pub tree: Tree,
    pub diags: Vec<Diag>,
    pub root: Option<ModId>,
}

impl Walked {
    /// The module at `path` from the root (`&["a", "b"]`).
    pub fn module(&self, path: &[&str]) -> ModId {
        let mut m = self.root.expect("the root parsed");
        for seg in path {
            m = *self.tree.modules[m]
                .children
                .get(*seg)
                .unwrap_or_else(|| panic!("no module `{seg}` in {path:?}"));
        }
        m
    }

    /// The workspace-relative file of the module at `path`.
    pub fn file_of(&self, path: &[&str]) -> &str {
        &self
            .sources
            .get(self.tree.modules[self.module(path)].file)
            .rel
    }

    /// The codes and messages of the findings.
    pub fn messages(&self) -> Vec<String> {
        self.diags
            .iter()
            .map(|d| format!("{}: {}", d.code.map_or("-", |c| c.as_str()), d.message))
            .collect()
    }

    /// One crate (index 0) named `app` whose extern prelude is `externs` (name → package).
    pub fn crates(&self, externs: &[(&str, &str)]) -> Vec<Crate> {
        let externs: BTreeMap<String, ExternCrate> = externs
            .iter()
            .map(|(n, p)| (n.to_string(), ExternCrate::Outside(p.to_string())))
            .collect();
        vec![Crate {
            package: 0,
            name: "app".into(),
            kind: TargetKind2::Bin("app".into()),
            root: self.root.expect("the root parsed"),
            externs,
        }]
    }
}

/// Writes `files` (path → contents) into a temporary directory and walks from `root`.
pub fn walk(files: &[(&str, &[u8])], root: &str) -> Walked {
    walk_with(files, root, false)
}

/// [`walk`], with every file under `src/` read ahead first ([`crate::walk::Preloaded`]), as
/// while `cargo metadata` runs.
pub fn walk_ahead(files: &[(&str, &[u8])], root: &str) -> Walked {
    walk_with(files, root, true)
}

fn walk_with(files: &[(&str, &[u8])], root: &str, ahead: bool) -> Walked {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
    }
    let mut sources = Sources::default();
    let root_path = dir.path().join(root);
    let (tree, diags, root) = {
        let mut walker = if ahead {
            let checker = crate::walk::Checker::spawn();
            let preloaded = crate::walk::Preloaded::scan(dir.path(), checker.as_ref(), &|| false);
            assert!(!preloaded.is_empty(), "nothing read ahead");
            Walker::ahead(&mut sources, Path::new(dir.path()), checker, preloaded)
        } else {
            Walker::new(&mut sources, Path::new(dir.path()))
        };
        let root = walker.walk_target(0, &root_path);
        let (tree, diags) = walker.finish();
        (tree, diags, root)
    };
    Walked {
        _dir: dir,
        sources,
        tree,
        diags,
        root,
    }
}
