//! The full parse the scan needs: function bodies, `const` strings, struct fields and trait
//! impls of the packages it looks into. The walk blanks bodies for speed ([`crate::walk`]);
//! here only the files of the packages that can reach an SDK call are parsed again, whole.

use crate::report::{FileId, Sources};
use crate::resolve::Crate;
use crate::walk::{ModId, Tree, unraw};
use std::collections::{BTreeSet, HashMap};

/// Index of a function in [`Index::fns`].
pub type FnId = usize;

/// A function with its body.
pub struct FnDef {
    /// The module whose paths its body uses.
    pub module: ModId,
    pub file: FileId,
    pub name: String,
    /// `T` of `impl T` or `impl Trait for T`.
    pub self_ty: Option<String>,
    /// `Trait` of `impl Trait for T`.
    pub trait_name: Option<String>,
    pub sig: syn::Signature,
    pub block: syn::Block,
}

/// A named field of a struct.
pub struct Field {
    pub name: String,
    pub ty: syn::Type,
    pub module: ModId,
}

impl std::fmt::Debug for FnDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FnDef")
            .field("module", &self.module)
            .field("name", &self.name)
            .field("self_ty", &self.self_ty)
            .field("trait_name", &self.trait_name)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Field")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// What the scan reads from the parsed files.
#[derive(Debug, Default)]
pub struct Index {
    pub fns: Vec<FnDef>,
    /// (module, byte offset of the function's name) → function: how the walk's functions
    /// ([`crate::walk::FnItem`]) are found here.
    by_key: HashMap<(ModId, usize), FnId>,
    /// Method name → every method of every impl (inherent and trait).
    pub methods: HashMap<String, Vec<FnId>>,
    /// (module, name) → the value of `const NAME: &str = "..";` (and `static`).
    pub consts: HashMap<(ModId, String), String>,
    /// Struct name → its named fields.
    pub structs: HashMap<String, Vec<Field>>,
}

impl Index {
    /// Parses the files of every module of the crates of `packages`.
    pub fn build(
        tree: &Tree,
        crates: &[Crate],
        sources: &Sources,
        packages: &BTreeSet<usize>,
    ) -> Index {
        let mut index = Index::default();
        let mut parsed: HashMap<FileId, Option<syn::File>> = HashMap::new();
        for (m, module) in tree.modules.iter().enumerate() {
            let Some(krate) = crates.get(module.target) else {
                continue;
            };
            if !packages.contains(&krate.package) {
                continue;
            }
            // Inline modules are reached from the module of their file.
            let file_root = module
                .parent
                .is_none_or(|p| tree.modules[p].file != module.file);
            if !file_root {
                continue;
            }
            let file = parsed
                .entry(module.file)
                .or_insert_with(|| syn::parse_file(&sources.get(module.file).text).ok());
            if let Some(file) = file.as_ref() {
                index.items(tree, m, module.file, &file.items);
            }
        }
        index
    }

    /// The function the walk knows as function `idx` of module `m`.
    pub fn of_tree(&self, tree: &Tree, m: ModId, idx: usize) -> Option<FnId> {
        let f = tree.modules.get(m)?.fns.get(idx)?;
        self.by_key
            .get(&(m, f.ident_span.byte_range().start))
            .copied()
    }

    fn items(&mut self, tree: &Tree, m: ModId, file: FileId, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Fn(f) if !cfg_test(&f.attrs) => {
                    self.add_fn(m, file, None, None, &f.sig, &f.block);
                }
                syn::Item::Impl(imp) if !cfg_test(&imp.attrs) => {
                    let Some(self_ty) = type_name(&imp.self_ty) else {
                        continue;
                    };
                    let trait_name = imp
                        .trait_
                        .as_ref()
                        .and_then(|(p, _)| p.segments.last())
                        .map(|s| unraw(&s.ident));
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it
                            && !cfg_test(&f.attrs)
                        {
                            let id = self.add_fn(
                                m,
                                file,
                                Some(self_ty.clone()),
                                trait_name.clone(),
                                &f.sig,
                                &f.block,
                            );
                            self.methods
                                .entry(self.fns[id].name.clone())
                                .or_default()
                                .push(id);
                        }
                    }
                }
                syn::Item::Const(c) if !cfg_test(&c.attrs) => {
                    if let Some(s) = str_lit(&c.expr) {
                        self.consts.insert((m, unraw(&c.ident)), s);
                    }
                }
                syn::Item::Static(s) if !cfg_test(&s.attrs) => {
                    if let Some(v) = str_lit(&s.expr) {
                        self.consts.insert((m, unraw(&s.ident)), v);
                    }
                }
                syn::Item::Struct(s) if !cfg_test(&s.attrs) => {
                    let fields = s
                        .fields
                        .iter()
                        .filter_map(|f| {
                            Some(Field {
                                name: unraw(f.ident.as_ref()?),
                                ty: f.ty.clone(),
                                module: m,
                            })
                        })
                        .collect();
                    self.structs.insert(unraw(&s.ident), fields);
                }
                syn::Item::Mod(md) if !cfg_test(&md.attrs) => {
                    if let Some((_, inner)) = &md.content
                        && let Some(&child) = tree.modules[m].children.get(&unraw(&md.ident))
                        && tree.modules[child].file == file
                    {
                        self.items(tree, child, file, inner);
                    }
                }
                _ => {}
            }
        }
    }

    fn add_fn(
        &mut self,
        m: ModId,
        file: FileId,
        self_ty: Option<String>,
        trait_name: Option<String>,
        sig: &syn::Signature,
        block: &syn::Block,
    ) -> FnId {
        let id = self.fns.len();
        self.by_key
            .insert((m, sig.ident.span().byte_range().start), id);
        self.fns.push(FnDef {
            module: m,
            file,
            name: unraw(&sig.ident),
            self_ty,
            trait_name,
            sig: sig.clone(),
            block: block.clone(),
        });
        id
    }
}

/// The last segment of a path type: `Store` of `crate::store::Store<T>`.
pub fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| unraw(&s.ident)),
        syn::Type::Reference(r) => type_name(&r.elem),
        syn::Type::Paren(p) => type_name(&p.elem),
        _ => None,
    }
}

/// `"text"`, or `"text"` behind a reference or parentheses.
fn str_lit(e: &syn::Expr) -> Option<String> {
    match e {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        syn::Expr::Paren(p) => str_lit(&p.expr),
        syn::Expr::Reference(r) => str_lit(&r.expr),
        _ => None,
    }
}

fn cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && matches!(&a.meta, syn::Meta::List(l) if l.tokens.to_string().trim() == "test")
    })
}
