//! What one function body does that the scan cares about: the SDK operations it calls (with the
//! values given to their builders), and the workspace functions it calls or passes on.
//!
//! Types are followed only where they are evident: parameters and `let`s with a type, values
//! built with `T::new(..)`, `T { .. }` or a workspace function with a declared return type,
//! fields of workspace structs, `self` inside `impl T`. Wrappers (`&`, `Arc`, `Box`, `Option`,
//! `Result`, ...) are looked through.

use super::index::{FnId, Index};
use super::ops;
use crate::report::Sources;
use crate::resolve::{Crate, Ns, Res, Resolver};
use crate::walk::{ModId, SimplePath, Tree, unraw};
use proc_macro2::Span;
use std::collections::HashMap;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::Visit;

/// What the scan needs from the rest of the analysis.
#[derive(Debug)]
pub struct Cx<'a> {
    pub tree: &'a Tree,
    pub crates: &'a [Crate],
    pub sources: &'a Sources,
    pub index: &'a Index,
    /// Per crate: the `aws-sdk-*` packages its package depends on, sorted.
    pub sdk_deps: &'a [Vec<String>],
}

impl Cx<'_> {
    fn resolver(&self) -> Resolver<'_> {
        Resolver {
            tree: self.tree,
            crates: self.crates,
        }
    }
}

/// A value given to a builder method: a text (with `*` where a part is not known statically),
/// and why parts are unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Val {
    /// `None` when nothing of it is known.
    pub text: Option<String>,
    /// What could not be read: "the environment variable `BUCKET`", "`self.table`".
    pub why: Vec<String>,
}

impl Val {
    fn known(text: impl Into<String>) -> Val {
        Val {
            text: Some(text.into()),
            why: Vec::new(),
        }
    }

    fn unknown(why: impl Into<String>) -> Val {
        Val {
            text: None,
            why: vec![why.into()],
        }
    }
}

/// One SDK operation call.
#[derive(Clone, Debug)]
pub struct SdkCall {
    /// The `aws-sdk-*` package.
    pub package: String,
    /// The client method: `get_object`.
    pub method: String,
    /// The method's name at the call site.
    pub span: Span,
    /// Builder methods with a value, in order: `("bucket", "my-bucket")`.
    pub setters: Vec<(String, Val)>,
    /// Whether the client's type was seen (else the service comes from the package's
    /// dependencies).
    pub typed: bool,
}

/// A workspace function called (or passed as a value) from a body.
#[derive(Clone, Copy, Debug)]
pub struct Callee {
    pub fn_id: FnId,
    pub span: Span,
}

/// What one body does.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub calls: Vec<SdkCall>,
    pub callees: Vec<Callee>,
}

/// The type of a value, as far as the scan follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ty {
    /// An SDK client of this `aws-sdk-*` package.
    Sdk(String),
    /// A type (or trait) of this name, possibly of the workspace.
    Named(String),
    /// A fluent builder of call `facts.calls[i]`, stored in a variable.
    Builder(usize),
    /// A type from outside the workspace that is not an SDK client.
    External,
    Unknown,
}

/// Wrappers the type of whose (first) type argument is what matters.
const WRAPPERS: &[&str] = &[
    "Arc", "Rc", "Box", "Option", "Result", "Cow", "RefCell", "Mutex", "RwLock", "OnceCell",
    "OnceLock", "LazyLock", "Lazy", "Pin",
];

/// Methods that give back (a view of) their receiver.
const PASS_THROUGH: &[&str] = &[
    "clone",
    "as_ref",
    "borrow",
    "unwrap",
    "expect",
    "to_owned",
    "deref",
    "lock",
    "read",
    "write",
    "as_mut",
    "borrow_mut",
    "get_or_init",
];

/// Methods too common to resolve by name alone, when the receiver's type is unknown.
const COMMON_METHODS: &[&str] = &[
    "new",
    "clone",
    "from",
    "into",
    "get",
    "set",
    "send",
    "run",
    "call",
    "build",
    "default",
    "len",
    "push",
    "insert",
    "remove",
    "iter",
    "map",
    "next",
    "to_string",
    "fmt",
    "eq",
    "drop",
    "collect",
    "parse",
    "load",
    "init",
];

/// Reads the body of function `id`.
pub fn facts(cx: &Cx<'_>, id: FnId) -> Facts {
    let f = &cx.index.fns[id];
    let krate = cx.tree.modules[f.module].target;
    let mut scan = BodyScan {
        cx,
        module: f.module,
        krate,
        self_ty: f.self_ty.clone(),
        env: HashMap::new(),
        strs: HashMap::new(),
        generics: HashMap::new(),
        bound: HashMap::new(),
        in_macro: 0,
        facts: Facts::default(),
    };
    scan.generics(&f.sig.generics);
    for input in &f.sig.inputs {
        if let syn::FnArg::Typed(pt) = input
            && let Some(name) = pat_name(&pt.pat)
        {
            let ty = scan.ty_of(&pt.ty, f.module, f.self_ty.as_deref());
            scan.env.insert(name, ty);
        }
    }
    scan.visit_block(&f.block);
    scan.facts
}

struct BodyScan<'c, 'a> {
    cx: &'c Cx<'a>,
    module: ModId,
    krate: usize,
    self_ty: Option<String>,
    env: HashMap<String, Ty>,
    strs: HashMap<String, Val>,
    /// Generic parameter → its first trait bound.
    generics: HashMap<String, String>,
    /// A method-call chain (by address) that built a builder without sending it → its call.
    bound: HashMap<usize, usize>,
    /// Inside a macro's arguments, parsed into a temporary tree: no address is recorded there.
    in_macro: usize,
    facts: Facts,
}

fn pat_name(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Ident(i) => Some(unraw(&i.ident)),
        syn::Pat::Type(t) => pat_name(&t.pat),
        syn::Pat::Reference(r) => pat_name(&r.pat),
        _ => None,
    }
}

fn first_type_arg(seg: &syn::PathSegment) -> Option<&syn::Type> {
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|g| match g {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    }
}

fn is_sdk_client(res: &Option<Res>) -> Option<String> {
    match res {
        Some(Res::Extern { package, rest })
            if package.starts_with("aws-sdk-") && rest.last().is_some_and(|s| s == "Client") =>
        {
            Some(package.clone())
        }
        _ => None,
    }
}

impl BodyScan<'_, '_> {
    fn generics(&mut self, g: &syn::Generics) {
        for p in g.type_params() {
            if let Some(b) = p.bounds.iter().find_map(trait_bound_name) {
                self.generics.insert(unraw(&p.ident), b);
            }
        }
        if let Some(w) = &g.where_clause {
            for pred in &w.predicates {
                if let syn::WherePredicate::Type(pt) = pred
                    && let syn::Type::Path(tp) = &pt.bounded_ty
                    && let Some(id) = tp.path.get_ident()
                    && let Some(b) = pt.bounds.iter().find_map(trait_bound_name)
                {
                    self.generics.insert(unraw(id), b);
                }
            }
        }
    }

    /// The type a written type stands for, as the scan follows it.
    fn ty_of(&self, ty: &syn::Type, module: ModId, self_ty: Option<&str>) -> Ty {
        match ty {
            syn::Type::Reference(r) => self.ty_of(&r.elem, module, self_ty),
            syn::Type::Paren(p) => self.ty_of(&p.elem, module, self_ty),
            syn::Type::Group(g) => self.ty_of(&g.elem, module, self_ty),
            syn::Type::ImplTrait(it) => it
                .bounds
                .iter()
                .find_map(trait_bound_name)
                .map_or(Ty::Unknown, Ty::Named),
            syn::Type::TraitObject(to) => to
                .bounds
                .iter()
                .find_map(trait_bound_name)
                .map_or(Ty::Unknown, Ty::Named),
            syn::Type::Path(p) => {
                let Some(last) = p.path.segments.last() else {
                    return Ty::Unknown;
                };
                let name = unraw(&last.ident);
                if WRAPPERS.contains(&name.as_str())
                    && let Some(inner) = first_type_arg(last)
                {
                    return self.ty_of(inner, module, self_ty);
                }
                if name == "Self" {
                    return self_ty.map_or(Ty::Unknown, |t| Ty::Named(t.to_string()));
                }
                if p.path.segments.len() == 1
                    && let Some(b) = self.generics.get(&name)
                {
                    return Ty::Named(b.clone());
                }
                let res =
                    self.cx
                        .resolver()
                        .resolve(module, &SimplePath::from_syn(&p.path), Ns::Type);
                if let Some(package) = is_sdk_client(&res) {
                    return Ty::Sdk(package);
                }
                match res {
                    Some(Res::Extern { .. }) => Ty::External,
                    _ => Ty::Named(name),
                }
            }
            _ => Ty::Unknown,
        }
    }

    /// The type a function returns (through `Result`, `Option`, ...).
    fn ret_ty(&self, id: FnId) -> Ty {
        let f = &self.cx.index.fns[id];
        match &f.sig.output {
            syn::ReturnType::Type(_, ty) => self.ty_of(ty, f.module, f.self_ty.as_deref()),
            syn::ReturnType::Default => Ty::Unknown,
        }
    }

    /// The workspace methods a call of `name` on a value of type `ty` can reach.
    fn methods(&self, ty: &Ty, name: &str) -> Vec<FnId> {
        let index = self.cx.index;
        let Some(list) = index.methods.get(name) else {
            return Vec::new();
        };
        match ty {
            Ty::Named(t) => {
                let inherent: Vec<FnId> = list
                    .iter()
                    .copied()
                    .filter(|&f| index.fns[f].self_ty.as_deref() == Some(t.as_str()))
                    .collect();
                if !inherent.is_empty() {
                    return inherent;
                }
                // A trait method: followed when the workspace has one impl of it.
                let impls: Vec<FnId> = list
                    .iter()
                    .copied()
                    .filter(|&f| index.fns[f].trait_name.as_deref() == Some(t.as_str()))
                    .collect();
                if impls.len() == 1 { impls } else { Vec::new() }
            }
            Ty::Unknown if list.len() == 1 && !COMMON_METHODS.contains(&name) => list.clone(),
            _ => Vec::new(),
        }
    }

    /// The type of an expression, as far as it is evident.
    fn expr_ty(&self, e: &syn::Expr) -> Ty {
        match e {
            syn::Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
                let name = unraw(&p.path.segments[0].ident);
                if name == "self" {
                    return self.self_ty.clone().map_or(Ty::Unknown, Ty::Named);
                }
                self.env.get(&name).cloned().unwrap_or(Ty::Unknown)
            }
            syn::Expr::Field(f) => {
                let syn::Member::Named(field) = &f.member else {
                    return Ty::Unknown;
                };
                let Ty::Named(t) = self.expr_ty(&f.base) else {
                    return Ty::Unknown;
                };
                let Some(fields) = self.cx.index.structs.get(&t) else {
                    return Ty::Unknown;
                };
                let field = unraw(field);
                fields
                    .iter()
                    .find(|x| x.name == field)
                    .map_or(Ty::Unknown, |x| self.ty_of(&x.ty, x.module, Some(&t)))
            }
            syn::Expr::Reference(r) => self.expr_ty(&r.expr),
            syn::Expr::Paren(p) => self.expr_ty(&p.expr),
            syn::Expr::Group(g) => self.expr_ty(&g.expr),
            syn::Expr::Await(a) => self.expr_ty(&a.base),
            syn::Expr::Try(t) => self.expr_ty(&t.expr),
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => self.expr_ty(&u.expr),
            syn::Expr::MethodCall(m) => {
                let name = unraw(&m.method);
                if let Some(&idx) = self.bound.get(&(m as *const _ as usize)) {
                    return Ty::Builder(idx);
                }
                if PASS_THROUGH.contains(&name.as_str()) {
                    return self.expr_ty(&m.receiver);
                }
                match self.methods(&self.expr_ty(&m.receiver), &name).as_slice() {
                    [one] => self.ret_ty(*one),
                    _ => Ty::Unknown,
                }
            }
            syn::Expr::Call(c) => {
                let syn::Expr::Path(p) = &*c.func else {
                    return Ty::Unknown;
                };
                let segs: Vec<String> = p.path.segments.iter().map(|s| unraw(&s.ident)).collect();
                let first_arg = || c.args.first().map_or(Ty::Unknown, |a| self.expr_ty(a));
                if matches!(segs.as_slice(), [one] if one == "Some" || one == "Ok") {
                    return first_arg();
                }
                if segs.len() >= 2 {
                    let owner = &segs[segs.len() - 2];
                    if WRAPPERS.contains(&owner.as_str()) {
                        return first_arg();
                    }
                    if owner == "Self" {
                        let name = &segs[segs.len() - 1];
                        if let Some(t) = &self.self_ty {
                            return match self.methods(&Ty::Named(t.clone()), name).as_slice() {
                                [one] => self.ret_ty(*one),
                                _ => Ty::Named(t.clone()),
                            };
                        }
                    }
                }
                let path = SimplePath::from_syn(&p.path);
                let resolver = self.cx.resolver();
                if let Some(Res::Fn(m, idx)) = resolver.resolve(self.module, &path, Ns::Value)
                    && let Some(id) = self.cx.index.of_tree(self.cx.tree, m, idx)
                {
                    return self.ret_ty(id);
                }
                if segs.len() >= 2 {
                    // `Type::constructor(..)`: a value of `Type`.
                    let prefix = SimplePath {
                        leading_colon: path.leading_colon,
                        segments: segs[..segs.len() - 1].to_vec(),
                    };
                    let res = resolver.resolve(self.module, &prefix, Ns::Type);
                    if let Some(package) = is_sdk_client(&res) {
                        return Ty::Sdk(package);
                    }
                    return match res {
                        Some(Res::Extern { .. }) => Ty::External,
                        Some(Res::ImplType(_, t)) => Ty::Named(t),
                        _ => Ty::Named(segs[segs.len() - 2].clone()),
                    };
                }
                Ty::Unknown
            }
            syn::Expr::Struct(s) => match s.path.segments.last() {
                Some(last) if last.ident == "Self" => {
                    self.self_ty.clone().map_or(Ty::Unknown, Ty::Named)
                }
                Some(last) => Ty::Named(unraw(&last.ident)),
                None => Ty::Unknown,
            },
            _ => Ty::Unknown,
        }
    }

    /// The source text of a node, for messages.
    fn text_of(&self, node: &impl Spanned) -> String {
        let range = node.span().byte_range();
        let f = self.cx.tree.modules[self.module].file;
        let text = &self.cx.sources.get(f).text;
        text.get(range)
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| "an expression".into())
    }

    /// The value of a string expression.
    fn eval(&self, e: &syn::Expr) -> Val {
        match e {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Val::known(s.value()),
            syn::Expr::Reference(r) => self.eval(&r.expr),
            syn::Expr::Paren(p) => self.eval(&p.expr),
            syn::Expr::Group(g) => self.eval(&g.expr),
            syn::Expr::Try(t) => self.eval(&t.expr),
            syn::Expr::Await(a) => self.eval(&a.base),
            syn::Expr::MethodCall(m) => {
                let name = unraw(&m.method);
                match name.as_str() {
                    "to_string" | "to_owned" | "into" | "clone" | "as_str" | "as_ref"
                    | "as_deref" | "unwrap" | "expect" | "unwrap_or_default" | "borrow"
                    | "trim" | "unwrap_or" | "unwrap_or_else" | "context" | "map_err"
                    | "with_context" | "ok_or" | "ok_or_else" => self.eval(&m.receiver),
                    _ => Val::unknown(format!("`{}`", self.text_of(e))),
                }
            }
            syn::Expr::Call(c) => {
                if let syn::Expr::Path(p) = &*c.func {
                    let segs: Vec<String> =
                        p.path.segments.iter().map(|s| unraw(&s.ident)).collect();
                    let is_env = matches!(segs.as_slice(), [.., a, b] if a == "env" && (b == "var" || b == "var_os"))
                        || matches!(segs.as_slice(), [one] if one == "var");
                    if is_env {
                        let name = c
                            .args
                            .first()
                            .map(|a| self.eval(a))
                            .and_then(|v| v.text)
                            .unwrap_or_else(|| "?".into());
                        return Val::unknown(format!("the environment variable `{name}`"));
                    }
                    if matches!(segs.as_slice(), [one] if one == "Some")
                        && let Some(a) = c.args.first()
                    {
                        return self.eval(a);
                    }
                }
                Val::unknown(format!("`{}`", self.text_of(e)))
            }
            syn::Expr::Path(p) if p.qself.is_none() => {
                if p.path.segments.len() == 1 {
                    let name = unraw(&p.path.segments[0].ident);
                    if let Some(v) = self.strs.get(&name) {
                        return v.clone();
                    }
                }
                match self.lookup_const(&SimplePath::from_syn(&p.path)) {
                    Some(v) => Val::known(v),
                    None => Val::unknown(format!("`{}`", self.text_of(e))),
                }
            }
            syn::Expr::Macro(m) => self.eval_macro(&m.mac),
            _ => Val::unknown(format!("`{}`", self.text_of(e))),
        }
    }

    /// `const` (or `static`) string at `path` as written in the current module.
    fn lookup_const(&self, path: &SimplePath) -> Option<String> {
        self.const_at(self.module, path, 0)
    }

    fn const_at(&self, module: ModId, path: &SimplePath, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        let (last, prefix) = path.segments.split_last()?;
        let consts = &self.cx.index.consts;
        let resolver = self.cx.resolver();
        let owner = if prefix.is_empty() {
            if path.leading_colon {
                return None;
            }
            module
        } else {
            let prefix = SimplePath {
                leading_colon: path.leading_colon,
                segments: prefix.to_vec(),
            };
            match resolver.resolve(module, &prefix, Ns::Type)? {
                Res::Module(m) => m,
                _ => return None,
            }
        };
        if let Some(v) = consts.get(&(owner, last.clone())) {
            return Some(v.clone());
        }
        let m = &self.cx.tree.modules[owner];
        for import in m.imports.iter().filter(|i| &i.name == last) {
            if let Some(v) = self.const_at(owner, &import.path, depth + 1) {
                return Some(v);
            }
        }
        for glob in &m.globs {
            if let Some(Res::Module(g)) = resolver.resolve(owner, glob, Ns::Type)
                && let Some(v) = consts.get(&(g, last.clone()))
            {
                return Some(v.clone());
            }
        }
        None
    }

    /// `format!` (and `concat!`) with literal parts: the known parts, `*` for the others.
    fn eval_macro(&self, mac: &syn::Macro) -> Val {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| unraw(&s.ident))
            .unwrap_or_default();
        let args = mac
            .parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
            .ok();
        let Some(args) = args else {
            return Val::unknown(format!("`{name}!(..)`"));
        };
        let args: Vec<&syn::Expr> = args.iter().collect();
        match name.as_str() {
            "concat" => {
                let mut out = Val::known("");
                for a in args {
                    append(&mut out, self.eval(a));
                }
                out
            }
            "format" => {
                let Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(fmt),
                    ..
                })) = args.first().copied()
                else {
                    return Val::unknown("`format!(..)`");
                };
                let mut positional = Vec::new();
                let mut named = HashMap::new();
                for a in &args[1..] {
                    match a {
                        syn::Expr::Assign(asg) => {
                            if let syn::Expr::Path(p) = &*asg.left
                                && let Some(id) = p.path.get_ident()
                            {
                                named.insert(unraw(id), &*asg.right);
                            }
                        }
                        other => positional.push(*other),
                    }
                }
                let fmt = fmt.value();
                let mut out = Val::known("");
                let mut lit = String::new();
                let mut next = 0;
                let mut chars = fmt.chars().peekable();
                while let Some(c) = chars.next() {
                    match c {
                        '{' if chars.peek() == Some(&'{') => {
                            chars.next();
                            lit.push('{');
                        }
                        '}' if chars.peek() == Some(&'}') => {
                            chars.next();
                            lit.push('}');
                        }
                        '{' => {
                            let mut spec = String::new();
                            for c in chars.by_ref() {
                                if c == '}' {
                                    break;
                                }
                                spec.push(c);
                            }
                            append(&mut out, Val::known(std::mem::take(&mut lit)));
                            let key = spec.split(':').next().unwrap_or("").trim().to_string();
                            let v = if key.is_empty() {
                                next += 1;
                                positional.get(next - 1).map(|a| self.eval(a))
                            } else if let Ok(n) = key.parse::<usize>() {
                                positional.get(n).map(|a| self.eval(a))
                            } else if let Some(a) = named.get(&key) {
                                Some(self.eval(a))
                            } else {
                                Some(self.strs.get(&key).cloned().unwrap_or_else(|| {
                                    self.lookup_const(&SimplePath {
                                        leading_colon: false,
                                        segments: vec![key.clone()],
                                    })
                                    .map(Val::known)
                                    .unwrap_or_else(|| Val::unknown(format!("`{key}`")))
                                }))
                            };
                            append(
                                &mut out,
                                v.unwrap_or_else(|| Val::unknown("`format!` argument")),
                            );
                        }
                        c => lit.push(c),
                    }
                }
                append(&mut out, Val::known(lit));
                out
            }
            _ => Val::unknown(format!("`{name}!(..)`")),
        }
    }

    /// Workspace functions a method call may reach.
    fn method_callees(&mut self, m: &syn::ExprMethodCall) {
        let ty = self.expr_ty(&m.receiver);
        for id in self.methods(&ty, &unraw(&m.method)) {
            self.facts.callees.push(Callee {
                fn_id: id,
                span: m.method.span(),
            });
        }
    }

    /// A chain of method calls `base.a(..).b(..).send()`: finds the SDK operation in it, the
    /// values of its builder methods, and the workspace methods it calls.
    fn chain(&mut self, top: &syn::ExprMethodCall) {
        let mut calls: Vec<&syn::ExprMethodCall> = vec![top];
        let mut cur: &syn::Expr = &top.receiver;
        loop {
            match cur {
                syn::Expr::MethodCall(m) => {
                    calls.push(m);
                    cur = &m.receiver;
                }
                syn::Expr::Await(a) => cur = &a.base,
                syn::Expr::Try(t) => cur = &t.expr,
                syn::Expr::Paren(p) => cur = &p.expr,
                _ => break,
            }
        }
        calls.reverse();
        let base = cur;
        let terminal = |from: usize| {
            calls[from..].iter().any(|c| {
                let n = c.method.to_string();
                n == "send" || n == "into_paginator" || n == "customize" || n == "presigned"
            })
        };
        if let Ty::Builder(idx) = self.expr_ty(base) {
            for c in &calls {
                if let Some(s) = self.setter(c) {
                    self.facts.calls[idx].setters.push(s);
                }
            }
            if !terminal(0) && self.in_macro == 0 {
                self.bound.insert(top as *const _ as usize, idx);
            }
        } else {
            let mut op: Option<(usize, usize)> = None;
            for (i, c) in calls.iter().enumerate() {
                if !c.args.is_empty() {
                    continue;
                }
                let method = unraw(&c.method);
                let (candidates, typed) = match self.expr_ty(&c.receiver) {
                    Ty::Sdk(p) => (vec![p], true),
                    Ty::Unknown if terminal(i + 1) => (
                        self.cx
                            .sdk_deps
                            .get(self.krate)
                            .cloned()
                            .unwrap_or_default(),
                        false,
                    ),
                    _ => continue,
                };
                let Some(package) = candidates
                    .into_iter()
                    .find(|p| ops::actions_for(p, &method).is_some())
                else {
                    continue;
                };
                let idx = self.facts.calls.len();
                self.facts.calls.push(SdkCall {
                    package,
                    method,
                    span: c.method.span(),
                    setters: Vec::new(),
                    typed,
                });
                for s in &calls[i + 1..] {
                    if let Some(s) = self.setter(s) {
                        self.facts.calls[idx].setters.push(s);
                    }
                }
                if !terminal(i + 1) && self.in_macro == 0 {
                    self.bound.insert(top as *const _ as usize, idx);
                }
                op = Some((i, idx));
                break;
            }
            let upto = op.map_or(calls.len(), |(i, _)| i);
            for c in &calls[..upto] {
                self.method_callees(c);
            }
        }
        self.visit_expr(base);
        for c in &calls {
            for a in &c.args {
                self.visit_expr(a);
            }
        }
    }

    /// A builder method with a value: `.bucket(x)`, `.set_bucket(Some(x))`, and the key of
    /// map-valued inputs (`.request_items(TABLE, ..)`).
    fn setter(&self, c: &syn::ExprMethodCall) -> Option<(String, Val)> {
        let name = unraw(&c.method);
        let name = name.strip_prefix("set_").unwrap_or(&name).to_string();
        let arg = c.args.first()?;
        Some((name, self.eval(arg)))
    }
}

/// Appends `v` to `out`: texts joined, unknown parts as `*`.
fn append(out: &mut Val, v: Val) {
    let part = v.text.clone().unwrap_or_else(|| "*".into());
    if let Some(t) = &mut out.text {
        t.push_str(&part);
    }
    out.why.extend(v.why);
}

fn trait_bound_name(b: &syn::TypeParamBound) -> Option<String> {
    match b {
        syn::TypeParamBound::Trait(t) => t.path.segments.last().map(|s| unraw(&s.ident)),
        _ => None,
    }
}

impl<'ast> Visit<'ast> for BodyScan<'_, '_> {
    fn visit_item(&mut self, _: &'ast syn::Item) {
        // Items inside a body are functions of their own, reached only when called.
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let Some(init) = &l.init {
            self.visit_expr(&init.expr);
            if let Some((_, e)) = &init.diverge {
                self.visit_expr(e);
            }
        }
        let Some(name) = pat_name(&l.pat) else {
            return;
        };
        let declared = match &l.pat {
            syn::Pat::Type(pt) => {
                Some(self.ty_of(&pt.ty, self.module, self.self_ty.clone().as_deref()))
            }
            _ => None,
        };
        let ty = match (&declared, &l.init) {
            (Some(Ty::Unknown) | None, Some(init)) => self.expr_ty(&init.expr),
            (Some(t), _) => t.clone(),
            (None, None) => Ty::Unknown,
        };
        self.env.insert(name.clone(), ty);
        match &l.init {
            Some(init) => {
                let v = self.eval(&init.expr);
                self.strs.insert(name, v);
            }
            None => {
                self.strs.remove(&name);
            }
        }
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        for input in &c.inputs {
            if let syn::Pat::Type(pt) = input
                && let Some(name) = pat_name(&pt.pat)
            {
                let ty = self.ty_of(&pt.ty, self.module, self.self_ty.clone().as_deref());
                self.env.insert(name, ty);
            }
        }
        syn::visit::visit_expr_closure(self, c);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        self.chain(m);
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if p.qself.is_some() {
            return;
        }
        let segs: Vec<String> = p.path.segments.iter().map(|s| unraw(&s.ident)).collect();
        if segs.len() == 1 && self.env.contains_key(&segs[0]) {
            return;
        }
        let span = p.path.segments.last().map_or(p.span(), |s| s.ident.span());
        if segs.len() == 2 && segs[0] == "Self" {
            if let Some(t) = self.self_ty.clone() {
                for id in self.methods(&Ty::Named(t), &segs[1]) {
                    self.facts.callees.push(Callee { fn_id: id, span });
                }
            }
            return;
        }
        let resolver = self.cx.resolver();
        if let Some(Res::Fn(m, idx)) =
            resolver.resolve(self.module, &SimplePath::from_syn(&p.path), Ns::Value)
            && let Some(id) = self.cx.index.of_tree(self.cx.tree, m, idx)
        {
            self.facts.callees.push(Callee { fn_id: id, span });
            return;
        }
        // `Type::method` of a trait impl (which the walk does not record).
        if segs.len() >= 2 {
            let ty = Ty::Named(segs[segs.len() - 2].clone());
            for id in self.methods(&ty, &segs[segs.len() - 1]) {
                self.facts.callees.push(Callee { fn_id: id, span });
            }
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Ok(args) =
            mac.parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        {
            self.in_macro += 1;
            for a in &args {
                self.visit_expr(a);
            }
            self.in_macro -= 1;
        }
    }
}
