//! The source walk: from a target's root file, every module the compiler would load — `mod x;`
//! (`x.rs`, `x/mod.rs`), inline `mod x { .. }`, `#[path = ".."]` — with each module's `use`
//! imports and the attributes on its functions. Nothing is resolved here (see [`crate::resolve`]).
//!
//! File lookup follows rustc (`rustc_expand::module`): a module's directory is its file's
//! directory, plus, for a non-`mod.rs` file `a.rs`, a pending `a/` that the first nested module
//! adds; `#[path]` on `mod x;` is relative to the current file's directory (inside inline modules:
//! to the directory they stand for), `#[path]` on an inline module names its directory, and a file
//! loaded through `#[path]` owns its directory like a `mod.rs`.
//!
//! Modules and functions under `#[cfg(test)]` are skipped: they are not part of the deployed
//! function. Other `cfg`s cannot be evaluated without compiling and are read.

mod load;
mod skim;

use load::normalize;
pub use load::{Checker, Preloaded};

use crate::report::{Diag, FileId, Sources};
use lambda_iam_core::diag::Code;
use proc_macro2::Span;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use syn::spanned::Spanned;

/// Index of a module in [`Tree::modules`].
pub type ModId = usize;

/// A path as written: `::a::b`, `crate::c`, `super::d`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimplePath {
    pub leading_colon: bool,
    pub segments: Vec<String>,
}

impl SimplePath {
    pub fn from_syn(path: &syn::Path) -> SimplePath {
        SimplePath {
            leading_colon: path.leading_colon.is_some(),
            segments: path.segments.iter().map(|s| unraw(&s.ident)).collect(),
        }
    }
}

/// `use path as name;` (also `extern crate path as name;`).
#[derive(Clone, Debug)]
pub struct Import {
    pub name: String,
    pub path: SimplePath,
}

/// A function (free, or a method of an `impl Type` block) with its non-builtin attributes.
#[derive(Clone)]
pub struct FnItem {
    pub name: String,
    /// The `Type` of `impl Type { .. }` for a method.
    pub self_ty: Option<String>,
    pub attrs: Vec<syn::Attribute>,
    pub file: FileId,
    pub ident_span: Span,
}

impl std::fmt::Debug for FnItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FnItem")
            .field("name", &self.name)
            .field("self_ty", &self.self_ty)
            .field("attrs", &self.attrs.len())
            .field("file", &self.file)
            .finish()
    }
}

/// One module of one target.
#[derive(Debug)]
pub struct Module {
    pub target: usize,
    pub parent: Option<ModId>,
    /// From the crate root: `["storage", "s3"]`.
    pub path: Vec<String>,
    pub file: FileId,
    pub children: BTreeMap<String, ModId>,
    pub imports: Vec<Import>,
    pub globs: Vec<SimplePath>,
    pub fns: Vec<FnItem>,
    /// Child modules declared with `mod x;` whose file could not be read or parsed (reported).
    pub unreadable: Vec<String>,
}

/// Every module of every target walked.
#[derive(Debug, Default)]
pub struct Tree {
    pub modules: Vec<Module>,
}

/// The directory state of rustc's module loader.
#[derive(Clone, Debug)]
struct ModDir {
    dir: PathBuf,
    /// For a non-`mod.rs` file `a.rs`: `a`, the directory its nested modules live in.
    relative: Option<String>,
}

/// Walks files into a [`Tree`], reading each file once.
pub struct Walker<'a> {
    pub tree: Tree,
    pub sources: &'a mut Sources,
    pub diags: Vec<Diag>,
    root: PathBuf,
    /// Parsed files by id; `None` when the file does not parse (reported once).
    parsed: BTreeMap<FileId, Option<syn::File>>,
    failed: BTreeMap<PathBuf, ()>,
    checker: Option<Checker>,
    preloaded: Preloaded,
}

impl std::fmt::Debug for Walker<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Walker")
            .field("tree", &self.tree)
            .field("diags", &self.diags)
            .finish_non_exhaustive()
    }
}

impl<'a> Walker<'a> {
    /// `root` is the workspace root: files are recorded relative to it.
    pub fn new(sources: &'a mut Sources, root: &Path) -> Walker<'a> {
        Walker::ahead(sources, root, Checker::spawn(), Preloaded::default())
    }

    /// A walker that takes the files read ahead (see [`Preloaded`]), whose bodies `checker` is
    /// checking already, instead of reading them again. Without a checker (no thread could be
    /// started), the walk parses whole files itself.
    pub fn ahead(
        sources: &'a mut Sources,
        root: &Path,
        checker: Option<Checker>,
        preloaded: Preloaded,
    ) -> Walker<'a> {
        Walker {
            tree: Tree::default(),
            sources,
            diags: Vec::new(),
            root: root.to_path_buf(),
            parsed: BTreeMap::new(),
            failed: BTreeMap::new(),
            checker,
            preloaded,
        }
    }

    /// The modules walked, and every finding, including the syntax errors found inside
    /// function bodies.
    pub fn finish(self) -> (Tree, Vec<Diag>) {
        let (tree, mut diags, checker, sources) = self.finish_walk();
        if let Some(checker) = checker {
            diags.extend(checker.finish(sources));
        }
        (tree, diags)
    }

    /// The modules walked and the findings so far; the syntax errors inside function bodies are
    /// still being looked for ([`Checker::finish`] waits for them).
    pub fn finish_walk(mut self) -> (Tree, Vec<Diag>, Option<Checker>, &'a Sources) {
        (self.tree, self.diags, self.checker.take(), self.sources)
    }

    /// Walks the target rooted at `root_file`; returns its root module, or `None` when the root
    /// file cannot be read or parsed (reported).
    pub fn walk_target(&mut self, target: usize, root_file: &Path) -> Option<ModId> {
        let file = self.load(root_file, None)?;
        let dir = ModDir {
            dir: root_file.parent().unwrap_or(Path::new("")).to_path_buf(),
            relative: None,
        };
        let id = self.new_module(target, None, Vec::new(), file);
        self.walk_file(id, file, dir, &mut vec![root_file.to_path_buf()]);
        Some(id)
    }

    fn new_module(
        &mut self,
        target: usize,
        parent: Option<ModId>,
        path: Vec<String>,
        file: FileId,
    ) -> ModId {
        let id = self.tree.modules.len();
        self.tree.modules.push(Module {
            target,
            parent,
            path,
            file,
            children: BTreeMap::new(),
            imports: Vec::new(),
            globs: Vec::new(),
            fns: Vec::new(),
            unreadable: Vec::new(),
        });
        id
    }

    fn walk_file(&mut self, module: ModId, file: FileId, dir: ModDir, stack: &mut Vec<PathBuf>) {
        let Some(Some(parsed)) = self.parsed.remove(&file) else {
            return;
        };
        self.walk_items(module, file, &parsed.items, dir, stack);
        self.parsed.insert(file, Some(parsed));
    }

    fn walk_items(
        &mut self,
        module: ModId,
        file: FileId,
        items: &[syn::Item],
        dir: ModDir,
        stack: &mut Vec<PathBuf>,
    ) {
        for item in items {
            match item {
                syn::Item::Mod(m) if !is_cfg_test(&m.attrs) => {
                    self.walk_mod(module, file, m, &dir, stack)
                }
                syn::Item::Use(u) if !is_cfg_test(&u.attrs) => {
                    let mut prefix = SimplePath {
                        leading_colon: u.leading_colon.is_some(),
                        segments: Vec::new(),
                    };
                    flatten_use(&u.tree, &mut prefix, &mut self.tree.modules[module]);
                }
                syn::Item::ExternCrate(e) if !is_cfg_test(&e.attrs) => {
                    let krate = unraw(&e.ident);
                    let name = match &e.rename {
                        Some((_, i)) if i == "_" => continue,
                        Some((_, i)) => unraw(i),
                        None => krate.clone(),
                    };
                    let path = if krate == "self" {
                        SimplePath {
                            leading_colon: false,
                            segments: vec!["crate".into()],
                        }
                    } else {
                        SimplePath {
                            leading_colon: true,
                            segments: vec![krate],
                        }
                    };
                    self.tree.modules[module]
                        .imports
                        .push(Import { name, path });
                }
                syn::Item::Fn(f) if !is_cfg_test(&f.attrs) => {
                    let item = FnItem {
                        name: unraw(&f.sig.ident),
                        self_ty: None,
                        attrs: interesting_attrs(&f.attrs),
                        file,
                        ident_span: f.sig.ident.span(),
                    };
                    self.tree.modules[module].fns.push(item);
                }
                syn::Item::Impl(imp) if !is_cfg_test(&imp.attrs) && imp.trait_.is_none() => {
                    let syn::Type::Path(ty) = &*imp.self_ty else {
                        continue;
                    };
                    let Some(last) = ty.path.segments.last() else {
                        continue;
                    };
                    let self_ty = unraw(&last.ident);
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it
                            && !is_cfg_test(&f.attrs)
                        {
                            let item = FnItem {
                                name: unraw(&f.sig.ident),
                                self_ty: Some(self_ty.clone()),
                                attrs: interesting_attrs(&f.attrs),
                                file,
                                ident_span: f.sig.ident.span(),
                            };
                            self.tree.modules[module].fns.push(item);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn walk_mod(
        &mut self,
        parent: ModId,
        file: FileId,
        m: &syn::ItemMod,
        dir: &ModDir,
        stack: &mut Vec<PathBuf>,
    ) {
        let name = unraw(&m.ident);
        let path_attr = path_attr(&m.attrs);
        let target = self.tree.modules[parent].target;
        let mut mod_path = self.tree.modules[parent].path.clone();
        mod_path.push(name.clone());
        if let Some((_, items)) = &m.content {
            let child_dir = match path_attr {
                Some(p) => ModDir {
                    dir: dir.dir.join(p),
                    relative: None,
                },
                None => {
                    let mut d = dir.dir.clone();
                    if let Some(rel) = &dir.relative {
                        d.push(rel);
                    }
                    d.push(&name);
                    ModDir {
                        dir: d,
                        relative: None,
                    }
                }
            };
            let child = self.new_module(target, Some(parent), mod_path, file);
            self.tree.modules[parent].children.insert(name, child);
            self.walk_items(child, file, items, child_dir, stack);
            return;
        }
        let (file_path, child_dir) = match path_attr {
            Some(p) => {
                let f = dir.dir.join(p);
                let d = f.parent().unwrap_or(Path::new("")).to_path_buf();
                (
                    f,
                    ModDir {
                        dir: d,
                        relative: None,
                    },
                )
            }
            None => {
                let mut base = dir.dir.clone();
                if let Some(rel) = &dir.relative {
                    base.push(rel);
                }
                let flat = base.join(format!("{name}.rs"));
                let nested = base.join(&name).join("mod.rs");
                match (flat.is_file(), nested.is_file()) {
                    (true, true) => {
                        let loc = self.sources.loc(file, m.ident.span());
                        self.diags.push(
                            Diag::error(
                                Code::UnparsableFile,
                                format!(
                                    "module `{name}` has two files, `{name}.rs` and `{name}/mod.rs`"
                                ),
                            )
                            .with_help(
                                "delete or rename one of them (the compiler rejects this too)",
                            )
                            .at(loc),
                        );
                        self.tree.modules[parent].unreadable.push(name);
                        return;
                    }
                    (false, true) => (
                        nested,
                        ModDir {
                            dir: base.join(&name),
                            relative: None,
                        },
                    ),
                    _ => (
                        flat,
                        ModDir {
                            dir: base,
                            relative: Some(name.clone()),
                        },
                    ),
                }
            }
        };
        let file_path = normalize(&file_path);
        if stack.contains(&file_path) {
            let loc = self.sources.loc(file, m.span());
            self.diags.push(
                Diag::error(
                    Code::UnparsableFile,
                    format!(
                        "module `{name}` loads `{}`, which is already being loaded",
                        display(&file_path)
                    ),
                )
                .with_help("a `#[path]` makes a module include itself; point it at another file")
                .at(loc),
            );
            return;
        }
        let Some(child_file) = self.load(&file_path, Some((file, m.span()))) else {
            self.tree.modules[parent].unreadable.push(name);
            return;
        };
        let child = self.new_module(target, Some(parent), mod_path, child_file);
        self.tree.modules[parent].children.insert(name, child);
        stack.push(file_path);
        self.walk_file(child, child_file, child_dir, stack);
        stack.pop();
    }
}

fn display(path: &Path) -> String {
    crate::report::display_path(path)
}

/// `r#type` → `type`.
pub fn unraw(ident: &syn::Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && matches!(&a.meta, syn::Meta::List(l) if l.tokens.to_string().trim() == "test")
    })
}

/// The value of `#[path = ".."]`.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| match &a.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

/// Attributes that might be ours: everything but the compiler's own.
fn interesting_attrs(attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
    const BUILTIN: &[&str] = &[
        "doc",
        "allow",
        "warn",
        "deny",
        "forbid",
        "expect",
        "inline",
        "cold",
        "must_use",
        "cfg",
        "cfg_attr",
        "test",
        "track_caller",
        "deprecated",
        "no_mangle",
        "export_name",
        "link_section",
        "target_feature",
    ];
    attrs
        .iter()
        .filter(|a| matches!(a.style, syn::AttrStyle::Outer))
        .filter(|a| !BUILTIN.iter().any(|b| a.path().is_ident(b)))
        .cloned()
        .collect()
}

/// Flattens a `use` tree into the module's imports and globs.
fn flatten_use(tree: &syn::UseTree, prefix: &mut SimplePath, module: &mut Module) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.segments.push(unraw(&p.ident));
            flatten_use(&p.tree, prefix, module);
            prefix.segments.pop();
        }
        syn::UseTree::Name(n) => {
            let name = unraw(&n.ident);
            let mut path = prefix.clone();
            if name == "self" {
                if let Some(last) = path.segments.last().cloned() {
                    module.imports.push(Import { name: last, path });
                }
            } else {
                path.segments.push(name.clone());
                module.imports.push(Import { name, path });
            }
        }
        syn::UseTree::Rename(r) => {
            if r.rename == "_" {
                return;
            }
            let rename = &r.rename;
            let name = unraw(&r.ident);
            let mut path = prefix.clone();
            if name != "self" {
                path.segments.push(name);
            }
            if !path.segments.is_empty() {
                module.imports.push(Import {
                    name: unraw(rename),
                    path,
                });
            }
        }
        syn::UseTree::Glob(_) => module.globs.push(prefix.clone()),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix, module);
            }
        }
    }
}

#[cfg(test)]
mod tests;
