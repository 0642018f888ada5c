//! The pipeline shared by every verb: workspace → source walk → declarations → functions.

use crate::cli::GlobalArgs;
use crate::collect;
use crate::functions::{self, Function};
use crate::report::{Diag, Fatal, Sources};
use crate::resolve::{Crate, ExternCrate};
use crate::walk::{Checker, Preloaded, Walker};
use crate::workspace::{MACROS_PACKAGE, RUNTIME_PACKAGE, TargetKind2, Workspace};
use lambda_iam_core::diag::Code;
use lambda_iam_core::vars::Vars;
use std::collections::BTreeMap;

/// The directory `cargo metadata` starts from: that of `--manifest-path`, else the current one.
fn scan_dir(args: &GlobalArgs) -> Option<std::path::PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    Some(match &args.manifest_path {
        Some(manifest) => cwd.join(manifest).parent()?.to_path_buf(),
        None => cwd,
    })
}

/// What the sources of a workspace declare.
#[derive(Debug)]
pub struct Analysis {
    pub ws: Workspace,
    pub sources: Sources,
    /// Findings about the sources, sorted by place.
    pub diags: Vec<Diag>,
    /// Every function of the workspace (selected or not), sorted by name.
    pub functions: Vec<Function>,
    /// Some source file could not be read: functions may be missing, so no file is "orphaned".
    pub incomplete: bool,
    /// What the handlers' code calls, checked against their declarations ([`crate::scan`]);
    /// its findings are kept apart from [`Analysis::diags`] for the verbs that report them.
    pub scan: crate::scan::Scan,
}

impl Analysis {
    pub fn run(args: &GlobalArgs) -> Result<Analysis, Fatal> {
        // While `cargo metadata` runs, this thread reads and parses the likely source files.
        // The checker's threads start parsing whole files as soon as they are read.
        let pending = Workspace::start(args);
        let checker = Checker::spawn();
        let preloaded = match scan_dir(args) {
            Some(dir) => Preloaded::scan(&dir, checker.as_ref(), &|| pending.is_finished()),
            None => Preloaded::default(),
        };
        let ws = pending.finish(args)?;
        let mut sources = Sources::default();
        let mut walker = Walker::ahead(&mut sources, &ws.root, checker, preloaded);

        // One crate per lib and bin target; the lib first so bins can name it.
        let mut crates: Vec<Crate> = Vec::new();
        for (p, pkg) in ws.packages.iter().enumerate() {
            let mut targets: Vec<_> = pkg.targets.iter().collect();
            targets.sort_by_key(|t| t.kind != TargetKind2::Lib);
            for t in targets {
                let idx = crates.len();
                let Some(root) = walker.walk_target(idx, &t.root) else {
                    // Keep indices aligned: an empty crate whose root never resolves anything.
                    crates.push(Crate {
                        package: p,
                        name: t.crate_name.clone(),
                        kind: t.kind.clone(),
                        root: usize::MAX,
                        externs: BTreeMap::new(),
                    });
                    continue;
                };
                crates.push(Crate {
                    package: p,
                    name: t.crate_name.clone(),
                    kind: t.kind.clone(),
                    root,
                    externs: BTreeMap::new(),
                });
            }
        }
        let (tree, mut diags, checker, _) = walker.finish_walk();

        // The extern prelude of each crate.
        let lib_of = |package: &str| {
            crates.iter().position(|c| {
                c.kind == TargetKind2::Lib
                    && ws.packages[c.package].name == package
                    && c.root != usize::MAX
            })
        };
        let mut externs_of = Vec::with_capacity(crates.len());
        for c in &crates {
            let pkg = &ws.packages[c.package];
            let mut externs = BTreeMap::new();
            for (written, package) in &pkg.externs {
                // Our own crates are recognised by name even when they are members (this
                // repository): their macros are not functions to walk into.
                let ext = match lib_of(package) {
                    Some(lib) if package != RUNTIME_PACKAGE && package != MACROS_PACKAGE => {
                        ExternCrate::Workspace(lib)
                    }
                    _ => ExternCrate::Outside(package.clone()),
                };
                externs.insert(written.clone(), ext);
            }
            if matches!(c.kind, TargetKind2::Bin(_))
                && let Some(lib) = lib_of(&pkg.name)
            {
                externs.insert(crates[lib].name.clone(), ExternCrate::Workspace(lib));
            }
            externs_of.push(externs);
        }
        for (c, externs) in crates.iter_mut().zip(externs_of) {
            c.externs = externs;
        }
        // Crates whose root failed have no modules: drop them from resolution by keeping them
        // out of the tree (no module has their index as target).
        let decls = collect::collect(&tree, &crates, &sources, &mut diags);
        // Collecting did not need the syntax errors inside bodies; what follows does.
        if let Some(checker) = checker {
            diags.extend(checker.finish(&sources));
        }
        let incomplete = diags.iter().any(|d| d.code == Some(Code::UnparsableFile));
        // The stage's values over the packages' (they are per environment), `--var` over all.
        let mut cli_vars = Vars::new();
        for (k, v) in ws.stage_vars(args.stage.as_ref())? {
            cli_vars.insert(k, v);
        }
        for (k, v) in &args.vars {
            cli_vars.insert(k.clone(), v.clone());
        }
        cli_vars.strict = args.strict;
        let functions =
            functions::build(&ws, &tree, &crates, &decls, &sources, &cli_vars, &mut diags);
        diags.extend(crate::cargo_lambda::findings(&ws, &functions));
        crate::report::sort_dedup(&mut diags);
        let scan = crate::scan::run(&ws, &tree, &crates, &decls, &sources, &functions);
        Ok(Analysis {
            ws,
            sources,
            diags,
            functions,
            incomplete,
            scan,
        })
    }

    /// The functions `-p`/`--exclude` select.
    pub fn selected(&self) -> impl Iterator<Item = &Function> {
        self.functions.iter().filter(|f| f.selected)
    }

    /// Findings that concern the selected packages: everything, unless `-p` narrowed the run, in
    /// which case findings located in files of unselected packages only are left out.
    pub fn relevant_diags(&self) -> Vec<Diag> {
        self.relevant(&self.diags)
    }

    /// The code scan's findings ([`crate::scan`]) that concern the selected packages, as
    /// [`Analysis::relevant_diags`] selects them.
    pub fn relevant_scan_diags(&self) -> Vec<Diag> {
        self.relevant(&self.scan.diags)
    }

    fn relevant(&self, diags: &[Diag]) -> Vec<Diag> {
        if self.ws.packages.iter().all(|p| p.selected) {
            return diags.to_vec();
        }
        let unselected_dirs: Vec<_> = self
            .ws
            .packages
            .iter()
            .filter(|p| !p.selected)
            .filter_map(|p| p.manifest_path.parent().map(|d| d.to_path_buf()))
            .collect();
        let selected_dirs: Vec<_> = self
            .ws
            .packages
            .iter()
            .filter(|p| p.selected)
            .filter_map(|p| p.manifest_path.parent().map(|d| d.to_path_buf()))
            .collect();
        // The deepest package directory holding the file decides.
        let owner_selected = |path: &std::path::Path| {
            let best = |dirs: &[std::path::PathBuf]| {
                dirs.iter()
                    .filter(|d| path.starts_with(d))
                    .map(|d| d.components().count())
                    .max()
            };
            match (best(&selected_dirs), best(&unselected_dirs)) {
                (Some(s), Some(u)) => s >= u,
                (None, Some(_)) => false,
                _ => true,
            }
        };
        let used_files: std::collections::HashSet<&str> = self
            .selected()
            .flat_map(|f| {
                f.def
                    .statements
                    .iter()
                    .filter_map(|s| s.origin.as_ref().map(|o| o.file.as_str()))
            })
            .collect();
        diags
            .iter()
            .filter(|d| match &d.loc {
                None => true,
                Some(loc) => {
                    owner_selected(&loc.path)
                        || self.sources.by_path(&loc.path).is_some_and(|id| {
                            used_files.contains(self.sources.get(id).rel.as_str())
                        })
                }
            })
            .cloned()
            .collect()
    }
}
