//! Name resolution, as far as `cargo iam` needs it: which attribute paths reach our macros, and
//! which function a `uses(path)` names. It follows what the compiler does with modules, `use`
//! imports (renames, groups, globs, re-exports), `crate`/`self`/`super`, and the extern prelude
//! (dependencies under their names or renames, and a bin's own lib), across the workspace's
//! crates. Unknown territory (crates outside the workspace) yields [`Res::Extern`].

use crate::walk::{ModId, SimplePath, Tree};
use crate::workspace::TargetKind2;
use std::collections::{BTreeMap, HashSet};

/// A crate (one lib or bin target of a workspace member) whose modules were walked.
#[derive(Clone, Debug)]
pub struct Crate {
    pub package: usize,
    pub name: String,
    pub kind: TargetKind2,
    pub root: ModId,
    /// Names in the extern prelude.
    pub externs: BTreeMap<String, ExternCrate>,
}

/// What an extern crate name stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExternCrate {
    /// A crate of this workspace, walked: index into the crates.
    Workspace(usize),
    /// A crate whose sources are not read, by package name.
    Outside(String),
}

/// What a path resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Res {
    Module(ModId),
    /// A function: module and index into its `fns`.
    Fn(ModId, usize),
    /// `Type` of the `impl Type` blocks in a module, for `Type::method`.
    ImplType(ModId, String),
    /// Something inside a crate that is not read: its package and the path within it.
    Extern {
        package: String,
        rest: Vec<String>,
    },
    /// Inside a module whose file could not be read or parsed (already reported).
    Unreadable,
}

/// The namespace a path's last segment is looked up in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ns {
    Type,
    Value,
    Macro,
}

/// Resolves paths in the modules of a [`Tree`].
#[derive(Debug)]
pub struct Resolver<'a> {
    pub tree: &'a Tree,
    pub crates: &'a [Crate],
}

#[derive(Default)]
struct Guard {
    depth: usize,
    seen: HashSet<(ModId, String, Ns)>,
}

const MAX_DEPTH: usize = 64;

impl Resolver<'_> {
    /// Resolves `path` as written in `module`, its last segment in `ns`.
    pub fn resolve(&self, module: ModId, path: &SimplePath, ns: Ns) -> Option<Res> {
        self.resolve_in(module, path, ns, &mut Guard::default())
    }

    fn resolve_in(
        &self,
        module: ModId,
        path: &SimplePath,
        ns: Ns,
        guard: &mut Guard,
    ) -> Option<Res> {
        guard.depth += 1;
        let res = if guard.depth > MAX_DEPTH {
            None
        } else {
            self.resolve_inner(module, path, ns, guard)
        };
        guard.depth -= 1;
        res
    }

    fn resolve_inner(
        &self,
        module: ModId,
        path: &SimplePath,
        ns: Ns,
        guard: &mut Guard,
    ) -> Option<Res> {
        let segs = &path.segments;
        let first = segs.first()?;
        let krate = &self.crates[self.tree.modules[module].target];
        let ns_at = |i: usize| if i + 1 == segs.len() { ns } else { Ns::Type };
        let (mut cur, mut i) = if path.leading_colon {
            (self.extern_crate(krate, first)?, 1)
        } else {
            match first.as_str() {
                "crate" => (Res::Module(krate.root), 1),
                "self" => (Res::Module(module), 1),
                "super" => {
                    let mut m = module;
                    let mut i = 0;
                    while segs.get(i).is_some_and(|s| s == "super") {
                        m = self.tree.modules[m].parent?;
                        i += 1;
                    }
                    (Res::Module(m), i)
                }
                name => (self.lookup(module, name, ns_at(0), true, guard)?, 1),
            }
        };
        while let Some(seg) = segs.get(i) {
            let seg_ns = ns_at(i);
            cur = match cur {
                Res::Module(m) if seg == "self" => Res::Module(m),
                Res::Module(m) if seg == "super" => Res::Module(self.tree.modules[m].parent?),
                Res::Module(m) => self.lookup(m, seg, seg_ns, false, guard)?,
                Res::ImplType(m, ty) => {
                    let idx = self.tree.modules[m].fns.iter().position(|f| {
                        f.self_ty.as_deref() == Some(ty.as_str()) && &f.name == seg
                    })?;
                    Res::Fn(m, idx)
                }
                Res::Extern { package, mut rest } => {
                    rest.push(seg.clone());
                    Res::Extern { package, rest }
                }
                Res::Unreadable => Res::Unreadable,
                Res::Fn(..) => return None,
            };
            i += 1;
        }
        let fits = matches!(
            (&cur, ns),
            (Res::Extern { .. } | Res::Unreadable, _)
                | (Res::Fn(..), Ns::Value)
                | (Res::Module(_) | Res::ImplType(..), Ns::Type)
        );
        fits.then_some(cur)
    }

    /// Looks `name` up in module `m`: its own items, its imports, its globs, and (for the first
    /// segment of a path) the extern prelude.
    fn lookup(&self, m: ModId, name: &str, ns: Ns, first: bool, guard: &mut Guard) -> Option<Res> {
        let module = &self.tree.modules[m];
        match ns {
            Ns::Type => {
                if let Some(&child) = module.children.get(name) {
                    return Some(Res::Module(child));
                }
                if module
                    .fns
                    .iter()
                    .any(|f| f.self_ty.as_deref() == Some(name))
                {
                    return Some(Res::ImplType(m, name.to_string()));
                }
                if module.unreadable.iter().any(|u| u == name) {
                    return Some(Res::Unreadable);
                }
            }
            Ns::Value => {
                if let Some(idx) = module
                    .fns
                    .iter()
                    .position(|f| f.self_ty.is_none() && f.name == name)
                {
                    return Some(Res::Fn(m, idx));
                }
            }
            Ns::Macro => {}
        }
        for import in module.imports.iter().filter(|i| i.name == name) {
            if !guard.seen.insert((m, name.to_string(), ns)) {
                continue;
            }
            let found = self.resolve_in(m, &import.path, ns, guard);
            guard.seen.remove(&(m, name.to_string(), ns));
            if found.is_some() {
                return found;
            }
        }
        let mut outside = None;
        for glob in &module.globs {
            let key = (m, format!("*{}", glob.segments.join("::")), ns);
            if !guard.seen.insert(key.clone()) {
                continue;
            }
            let found = match self.resolve_in(m, glob, Ns::Type, guard) {
                Some(Res::Module(g)) => self.lookup(g, name, ns, false, guard),
                Some(Res::Extern { package, mut rest }) => {
                    rest.push(name.to_string());
                    outside.get_or_insert(Res::Extern { package, rest });
                    None
                }
                _ => None,
            };
            guard.seen.remove(&key);
            if found.is_some() {
                return found;
            }
        }
        // A glob of a crate that is not read might hold any name, but the extern prelude is
        // known: it goes first.
        if first
            && ns == Ns::Type
            && let Some(ext) = self.extern_crate(&self.crates[module.target], name)
        {
            return Some(ext);
        }
        outside
    }

    /// Whether the function `path` (as written in `module`) is reached, at its last segment,
    /// through a `use` of the function itself (`use m::f;`, `use m::f as g;`) rather than
    /// through the module it is declared in or a glob. The `uses` macro turns `p::f` into
    /// `p::__lambda_iam_requires_f`, which such an import does not bring (and a rename changes
    /// the name), so that path does not compile. Module imports and renames are fine.
    pub fn fn_through_import(&self, module: ModId, path: &SimplePath) -> bool {
        let Some((last, prefix)) = path.segments.split_last() else {
            return false;
        };
        let owner = if prefix.is_empty() {
            if path.leading_colon {
                return false;
            }
            Some(Res::Module(module))
        } else {
            let prefix = SimplePath {
                leading_colon: path.leading_colon,
                segments: prefix.to_vec(),
            };
            self.resolve(module, &prefix, Ns::Type)
        };
        match owner {
            Some(Res::Module(m)) => self
                .value_via_import(m, last, &mut HashSet::new())
                .unwrap_or(false),
            _ => false,
        }
    }

    /// How `name` is a function in module `m`: `Some(false)` declared there (or reached by
    /// globs down to its declaration), `Some(true)` through a named `use` of it, `None` not
    /// found.
    fn value_via_import(&self, m: ModId, name: &str, seen: &mut HashSet<ModId>) -> Option<bool> {
        if !seen.insert(m) {
            return None;
        }
        let module = &self.tree.modules[m];
        if module
            .fns
            .iter()
            .any(|f| f.self_ty.is_none() && f.name == name)
        {
            return Some(false);
        }
        if module.imports.iter().any(|i| {
            i.name == name && matches!(self.resolve(m, &i.path, Ns::Value), Some(Res::Fn(..)))
        }) {
            return Some(true);
        }
        module
            .globs
            .iter()
            .find_map(|g| match self.resolve(m, g, Ns::Type) {
                Some(Res::Module(g)) => self.value_via_import(g, name, seen),
                _ => None,
            })
    }

    fn extern_crate(&self, krate: &Crate, name: &str) -> Option<Res> {
        match krate.externs.get(name)? {
            ExternCrate::Workspace(c) => Some(Res::Module(self.crates[*c].root)),
            ExternCrate::Outside(package) => Some(Res::Extern {
                package: package.clone(),
                rest: Vec::new(),
            }),
        }
    }
}
