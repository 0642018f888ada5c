//! Finds the `#[lambda_iam::handler]` and `#[lambda_iam::requires]` attributes — exactly those the
//! compiler would resolve to our macros — and parses and validates their arguments with
//! `lambda-iam-core`, as the macro does.

use crate::report::{Diag, FileId, Sources};
use crate::resolve::{Crate, Ns, Res, Resolver};
use crate::walk::{ModId, SimplePath, Tree};
use crate::workspace::{MACROS_PACKAGE, RUNTIME_PACKAGE};
use lambda_iam_core::decl::{Attr, AttrKind};
use lambda_iam_core::diag::{Code, Diagnostics, Severity};
use proc_macro2::{Span, TokenStream};
use std::collections::HashSet;
use syn::spanned::Spanned;

/// One recognised attribute on one function, as seen from one crate.
#[derive(Debug)]
pub struct Decl {
    pub kind: AttrKind,
    pub attr: Attr,
    /// Parsing or validation reported an error: its statements cannot be trusted.
    pub has_errors: bool,
    pub krate: usize,
    pub module: ModId,
    pub fn_idx: usize,
    pub file: FileId,
    /// The attribute's path (`lambda_iam::handler`), where findings about the whole
    /// declaration point.
    pub attr_span: Span,
    /// The function's name (`storage::put_image`, `Store::put`) from the crate root, crate first.
    pub item: String,
    /// The function, independent of the crate it was reached from (a file can be a module of
    /// two crates): file and byte offset of its name.
    pub key: (FileId, usize),
}

/// Which of our macros an attribute path resolves to, if any.
pub fn recognise(resolver: &Resolver<'_>, module: ModId, path: &SimplePath) -> Option<AttrKind> {
    match resolver.resolve(module, path, Ns::Macro)? {
        Res::Extern { package, rest }
            if package == RUNTIME_PACKAGE || package == MACROS_PACKAGE =>
        {
            match rest.as_slice() {
                [name] if name == "handler" => Some(AttrKind::Handler),
                [name] if name == "requires" => Some(AttrKind::Requires),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Collects every declaration of the tree; pushes parse and validation findings (once per
/// function, even when two crates reach it).
pub fn collect(
    tree: &Tree,
    crates: &[Crate],
    sources: &Sources,
    diags: &mut Vec<Diag>,
) -> Vec<Decl> {
    let resolver = Resolver { tree, crates };
    let mut decls = Vec::new();
    let mut reported = HashSet::new();
    for (module_id, module) in tree.modules.iter().enumerate() {
        for (fn_idx, f) in module.fns.iter().enumerate() {
            for attr in &f.attrs {
                let path = SimplePath::from_syn(attr.path());
                let Some(kind) = recognise(&resolver, module_id, &path) else {
                    continue;
                };
                let key = (f.file, f.ident_span.byte_range().start);
                let first_time = reported.insert((key, kind, attr.span().byte_range().start));
                let mut found = Diagnostics::new();
                let tokens = match &attr.meta {
                    syn::Meta::List(list) => list.tokens.clone(),
                    syn::Meta::Path(_) => TokenStream::new(),
                    syn::Meta::NameValue(nv) => {
                        found.push(
                            lambda_iam_core::diag::Diagnostic::error(
                                Code::Syntax,
                                nv.eq_token.span,
                                format!("expected `(` after `{}`", kind.name()),
                            )
                            .with_help(format!(
                                "write `#[lambda_iam::{}(allow(\"s3:GetObject\", \"arn:..\"))]`",
                                kind.name()
                            )),
                        );
                        TokenStream::new()
                    }
                };
                let (parsed, parse_diags) = lambda_iam_core::attr::parse(kind, tokens);
                found.extend(parse_diags);
                lambda_iam_core::validate::validate(&parsed, &mut found);
                let has_errors = found.has_errors();
                let attr_span = attr.path().span();
                if first_time {
                    for d in found {
                        let loc = sources
                            .loc(f.file, d.span)
                            .or_else(|| sources.loc(f.file, attr_span));
                        diags.push(Diag {
                            severity: d.severity,
                            code: Some(d.code),
                            message: d.message,
                            help: d.help,
                            loc,
                            diff: None,
                            lint: None,
                            related: Vec::new(),
                        });
                    }
                }
                let krate = &crates[module.target];
                let mut item = vec![krate.name.clone()];
                item.extend(module.path.iter().cloned());
                if let Some(ty) = &f.self_ty {
                    item.push(ty.clone());
                }
                item.push(f.name.clone());
                decls.push(Decl {
                    kind,
                    attr: parsed,
                    has_errors,
                    krate: module.target,
                    module: module_id,
                    fn_idx,
                    file: f.file,
                    attr_span,
                    item: item.join("::"),
                    key,
                });
            }
        }
    }
    decls
}

/// Whether a finding is an error.
pub fn is_error(d: &Diag) -> bool {
    d.severity == Severity::Error
}

#[cfg(test)]
mod tests;
