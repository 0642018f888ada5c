//! The code scan: which AWS SDK operations each Lambda function's code calls, checked against
//! what it declares.
//!
//! From each handler, the scan follows the workspace functions it calls ([`body`]: paths through
//! modules, `use`, `self`/`super`/`crate` and other workspace crates; methods where the
//! receiver's type is evident; trait methods with one workspace impl; closures inline), finds the
//! SDK operation calls (`client.get_object().bucket(..).send()`, builders kept in variables,
//! `.customize()`, `.into_paginator()`), maps each to its IAM actions ([`ops::actions_for`]) and
//! infers the resource from literal and `const` arguments ([`infer`]). Then, in `cargo iam check`:
//!
//! - a call whose action the declarations do not allow on the inferred resource → error
//!   `undeclared-call` at the call, with the `allow(..)` to add;
//! - a call that reaches a `#[requires]` helper not listed in the handler's `uses(..)` → error
//!   `missing-uses` with the `uses(..)` to add (the `declared!` constant and the policy hold only
//!   the helpers named in `uses`, so these are checked, never taken on silently);
//! - a declared action that no reachable call needs → warning `over-privileged`, unless the
//!   declaration gives a `reason`;
//! - a call whose resource cannot be read statically (an environment variable, a field) → note
//!   `uninferred-resource`.
//!
//! **Whether a call is allowed.** Conditions are taken as satisfied (the scan cannot know the
//! request context). In the inferred resource and in declared resources, `${Partition}` is
//! `aws`, `${Region}`/`${Account}` and user variables take their configured values, else `*`;
//! a part the scan cannot read is `*`. A resource with no `*` left is matched with the
//! evaluator ([`lambda_iam_core::eval::resource_matches`]); one with `*` is allowed when some
//! `Allow` of the action has a resource that can match a resource of that shape (the two
//! patterns intersect), and denied when a `Deny` of the action matches it. An action with no
//! resource-level permissions is checked on `*`.
//!
//! Nothing is parsed again unless some member depends on an `aws-sdk-*` crate: for other
//! workspaces the scan costs nothing. Otherwise the files of the packages that can reach an SDK
//! call (they depend on an `aws-sdk-*` crate, directly or through workspace members) and that a
//! handler can reach are parsed whole once ([`index`]); a handler in a package that cannot
//! reach one is not scanned.

pub mod body;
pub mod index;
pub mod infer;
pub mod ops;

use crate::collect::Decl;
use crate::functions::Function;
use crate::report::{Diag, Loc, Sources};
use crate::resolve::{Crate, ExternCrate};
use crate::walk::Tree;
use crate::workspace::Workspace;
use body::{Cx, Facts};
use index::{FnId, Index};
use lambda_iam_core::decl::{AttrKind, Effect};
use lambda_iam_core::diag::{Code, Severity};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// One SDK call reachable from a handler.
#[derive(Clone, Debug)]
pub struct FoundCall {
    /// `s3:GetObject`.
    pub action: String,
    /// The inferred resource, as an ARN template (`arn:${Partition}:s3:::bucket/*`), `*` where
    /// a part is not known; `*` for an action without resource-level permissions.
    pub resource: String,
    /// Why parts of the resource are unknown; empty when it is fully known.
    pub why: Vec<String>,
    /// The operation method at the call site.
    pub loc: Option<Loc>,
    /// `client.get_object()`: package and method.
    pub operation: String,
    /// The functions from the handler to the one holding the call, as `crate::path::fn`.
    pub chain: Vec<String>,
    /// Whether the function's declarations allow it.
    pub allowed: bool,
}

/// What the scan found for one function.
#[derive(Clone, Debug, Default)]
pub struct FunctionScan {
    pub calls: Vec<FoundCall>,
    /// `allow(..)` items the declarations lack, in order of the calls.
    pub missing: Vec<Missing>,
    /// Declared statements (index into the function's `def.statements`) with an action no
    /// reachable call needs, and no `reason`.
    pub unused: Vec<(usize, String)>,
    /// `#[requires]` helpers called but not in `uses`, as the handler's crate writes their path.
    pub missing_uses: BTreeSet<String>,
    /// Actions some reachable call may need depending on its input or the resource's settings
    /// (the table's `implied`: KMS behind SSE-KMS): declaring them is not over-privileged.
    pub implied: BTreeSet<String>,
    /// Whether the scan looked at this function (its code can reach an SDK crate).
    pub scanned: bool,
    /// Whether its declarations parse and validate: only then are they compared with the code
    /// (and edited by `suggest`).
    pub trusted: bool,
}

/// An action a call needs that no declaration allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub action: String,
    /// As an ARN template, `*` for unknown parts.
    pub resource: String,
    /// Why parts of the resource are unknown.
    pub why: Vec<String>,
    /// The `requires` helper holding the call, where the `allow` belongs (its name, and where
    /// its attribute's path is); `None`: the handler.
    pub owner: Option<(String, Option<Loc>)>,
}

/// The scan of a workspace.
#[derive(Debug, Default)]
pub struct Scan {
    /// Function name → its scan.
    pub functions: BTreeMap<String, FunctionScan>,
    pub diags: Vec<Diag>,
}

/// Scans every function.
pub fn run(
    ws: &Workspace,
    tree: &Tree,
    crates: &[Crate],
    decls: &[Decl],
    sources: &Sources,
    functions: &[Function],
) -> Scan {
    let mut scan = Scan::default();
    let sdk_of_package: Vec<Vec<String>> = ws
        .packages
        .iter()
        .map(|p| {
            let mut v: Vec<String> = p
                .externs
                .values()
                .filter(|n| n.starts_with("aws-sdk-"))
                .cloned()
                .collect();
            v.sort();
            v.dedup();
            v
        })
        .collect();
    if sdk_of_package.iter().all(Vec::is_empty) {
        return scan;
    }
    // Each package's workspace dependencies.
    let mut deps_of: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); ws.packages.len()];
    for c in crates {
        for ext in c.externs.values() {
            if let ExternCrate::Workspace(lib) = ext
                && let Some(l) = crates.get(*lib)
                && l.package != c.package
            {
                deps_of[c.package].insert(l.package);
            }
        }
    }
    // The packages whose code can reach an SDK call: those that depend on an `aws-sdk-*` crate,
    // and those that depend on such a package. Only they are parsed again; a handler in another
    // package calls no SDK and is not scanned.
    let mut reaches_sdk: Vec<bool> = sdk_of_package.iter().map(|v| !v.is_empty()).collect();
    loop {
        let mut changed = false;
        for p in 0..reaches_sdk.len() {
            if !reaches_sdk[p] && deps_of[p].iter().any(|&d| reaches_sdk[d]) {
                reaches_sdk[p] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut packages = BTreeSet::new();
    let mut todo: Vec<usize> = decls
        .iter()
        .filter(|d| d.kind == AttrKind::Handler)
        .filter_map(|d| crates.get(d.krate).map(|c| c.package))
        .filter(|&p| reaches_sdk[p])
        .collect();
    while let Some(p) = todo.pop() {
        if !packages.insert(p) {
            continue;
        }
        todo.extend(deps_of[p].iter().copied().filter(|&d| reaches_sdk[d]));
    }
    let index = Index::build(tree, crates, sources, &packages);
    let sdk_deps: Vec<Vec<String>> = crates
        .iter()
        .map(|c| sdk_of_package[c.package].clone())
        .collect();
    let cx = Cx {
        tree,
        crates,
        sources,
        index: &index,
        sdk_deps: &sdk_deps,
    };
    // Declarations by function.
    let mut decls_of: HashMap<FnId, Vec<usize>> = HashMap::new();
    for (i, d) in decls.iter().enumerate() {
        if let Some(id) = index.of_tree(tree, d.module, d.fn_idx) {
            decls_of.entry(id).or_default().push(i);
        }
    }
    let mut facts: HashMap<FnId, Facts> = HashMap::new();
    for f in functions {
        let Some(&h) = f.decls.first() else { continue };
        let handler = &decls[h];
        let Some(start) = index.of_tree(tree, handler.module, handler.fn_idx) else {
            continue;
        };
        let result = scan_function(
            &cx,
            ws,
            decls,
            &decls_of,
            &mut facts,
            f,
            start,
            &sdk_of_package,
            &mut scan.diags,
        );
        scan.functions.insert(f.name.clone(), result);
    }
    crate::report::sort_dedup(&mut scan.diags);
    scan
}

fn item_name(cx: &Cx<'_>, id: FnId) -> String {
    let f = &cx.index.fns[id];
    let m = &cx.tree.modules[f.module];
    let mut parts = vec![cx.crates[m.target].name.clone()];
    parts.extend(m.path.iter().cloned());
    if let Some(t) = &f.self_ty {
        parts.push(t.clone());
    }
    parts.push(f.name.clone());
    parts.join("::")
}

#[allow(clippy::too_many_arguments)]
fn scan_function(
    cx: &Cx<'_>,
    ws: &Workspace,
    decls: &[Decl],
    decls_of: &HashMap<FnId, Vec<usize>>,
    facts: &mut HashMap<FnId, Facts>,
    f: &Function,
    start: FnId,
    sdk_of_package: &[Vec<String>],
    diags: &mut Vec<Diag>,
) -> FunctionScan {
    let mut out = FunctionScan::default();
    let handler = &decls[f.decls[0]];
    // A declaration with errors is reported already; comparing the code with it would only
    // repeat the error as wrong findings.
    let trusted = f.decls.iter().all(|&d| !decls[d].has_errors);
    out.trusted = trusted;
    let handler_crate = handler.krate;
    let vars = variables(ws, cx.crates[handler_crate].package);
    // Breadth first: each function once, with the chain that reached it first.
    let mut parent: HashMap<FnId, Option<FnId>> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    parent.insert(start, None);
    let mut order = Vec::new();
    while let Some(id) = queue.pop_front() {
        order.push(id);
        let fact = facts
            .entry(id)
            .or_insert_with(|| body::facts(cx, id))
            .clone();
        for callee in &fact.callees {
            if parent.contains_key(&callee.fn_id) {
                continue;
            }
            parent.insert(callee.fn_id, Some(id));
            queue.push_back(callee.fn_id);
            // A `#[requires]` helper the handler does not list in `uses`.
            for &d in decls_of.get(&callee.fn_id).into_iter().flatten() {
                if decls[d].kind != AttrKind::Requires || f.decls.contains(&d) {
                    continue;
                }
                let path = uses_path(&decls[d], handler_crate, cx.crates);
                out.missing_uses.insert(path.clone());
                let file = cx.index.fns[id].file;
                diags.push(
                    Diag::error(
                        Code::MissingUses,
                        format!(
                            "`{}` calls `{}`, a `#[lambda_iam::requires]` helper that the handler of `{}` does not list in `uses`",
                            item_name(cx, id),
                            decls[d].item,
                            f.name
                        ),
                    )
                    .with_help(format!(
                        "add `uses({path})` to `#[lambda_iam::handler]` on `{}`: the policy and `declared!` hold only the helpers named in `uses`",
                        f.handler
                    ))
                    .at(cx.sources.loc(file, callee.span)),
                );
            }
        }
    }
    out.scanned = order.iter().any(|&id| {
        let m = &cx.tree.modules[cx.index.fns[id].module];
        !sdk_of_package[cx.crates[m.target].package].is_empty()
    });
    let chain_of = |id: FnId| {
        let mut chain = vec![item_name(cx, id)];
        let mut cur = id;
        while let Some(Some(p)) = parent.get(&cur) {
            chain.push(item_name(cx, *p));
            cur = *p;
        }
        chain.reverse();
        chain
    };
    // The statements each call is checked against: the function's, and those of `requires`
    // helpers on the way that `uses` misses (reported above).
    let own: Vec<&lambda_iam_core::decl::StatementSpec> =
        f.def.statements.iter().map(|s| &s.spec).collect();
    let mut found_diags = Vec::new();
    let diags_out = &mut *diags;
    let diags = &mut found_diags;
    for &id in &order {
        let fact = &facts[&id];
        if fact.calls.is_empty() {
            continue;
        }
        let mut extra = Vec::new();
        let mut cur = Some(id);
        while let Some(c) = cur {
            for &d in decls_of.get(&c).into_iter().flatten() {
                if decls[d].kind == AttrKind::Requires && !f.decls.contains(&d) {
                    extra.extend(decls[d].attr.statements.iter().map(|s| s.to_spec()));
                }
            }
            cur = parent.get(&c).copied().flatten();
        }
        let mut specs = own.clone();
        specs.extend(extra.iter());
        let fdef = &cx.index.fns[id];
        // Where a missing `allow` goes: the `requires` helper holding the call, else the handler.
        let owner_decl = decls_of
            .get(&id)
            .into_iter()
            .flatten()
            .copied()
            .find(|&d| decls[d].kind == AttrKind::Requires);
        let owner = owner_decl
            .map(|d| format!("`#[lambda_iam::requires]` on `{}`", decls[d].item))
            .unwrap_or_else(|| format!("`#[lambda_iam::handler]` on `{}`", f.handler));
        for call in &fact.calls {
            let Some(needs) = ops::actions_for(&call.package, &call.method) else {
                continue;
            };
            let loc = cx.sources.loc(fdef.file, call.span);
            out.implied.extend(needs.implied.iter().cloned());
            let operation = format!(
                "{}::Client::{}",
                call.package.replace('-', "_"),
                call.method
            );
            let checked: Vec<(ops::OpAction, String, Vec<String>, bool)> = needs
                .actions
                .into_iter()
                .map(|op| {
                    let (resource, why) = infer::resource(&op, &call.setters);
                    let concrete = infer::substitute(&resource, &vars);
                    let allowed = infer::allowed(&specs, &op.action, &concrete, &vars);
                    (op, resource, why, allowed)
                })
                .collect();
            // One of the alternatives suffices (the input decides which): the call is fine when
            // one is declared, and only the declared ones count as needed.
            let any_allowed = checked.iter().any(|c| c.3);
            let alternatives: Vec<String> = checked
                .iter()
                .map(|c| format!("`{}`", c.0.action))
                .collect();
            for (op, resource, why, allowed) in &checked {
                if needs.any_of && any_allowed && !allowed {
                    continue;
                }
                let allowed = *allowed || (needs.any_of && any_allowed);
                if !allowed {
                    let suggestion = format!("allow(\"{}\", \"{}\")", op.action, resource);
                    let m = Missing {
                        action: op.action.clone(),
                        resource: resource.clone(),
                        why: why.clone(),
                        owner: owner_decl.map(|d| {
                            (
                                decls[d].item.clone(),
                                cx.sources.loc(decls[d].file, decls[d].attr_span),
                            )
                        }),
                    };
                    if !out.missing.contains(&m) {
                        out.missing.push(m);
                    }
                    let what = if needs.any_of {
                        format!(
                            "`{}` needs one of {} (depending on its input); none is declared for the function `{}`",
                            call.method,
                            alternatives.join(", "),
                            f.name
                        )
                    } else {
                        format!(
                            "`{}` on `{resource}` is not declared for the function `{}`",
                            op.action, f.name
                        )
                    };
                    diags.push(
                        Diag::error(Code::UndeclaredCall, what)
                            .with_help(format!(
                                "add `{suggestion}` to {owner} (`cargo iam suggest --write` does it for handlers)"
                            ))
                            .at(loc.clone()),
                    );
                }
                if !why.is_empty() {
                    diags.push(
                        Diag::new(
                            Severity::Note,
                            Code::UninferredResource,
                            format!(
                                "cannot tell the resource of `{}` here ({}): checked as `{resource}`",
                                op.action,
                                why.join(", ")
                            ),
                        )
                        .with_help("a literal or a `const` name lets `cargo iam check` compare the resource with the declaration")
                        .at(loc.clone()),
                    );
                }
                out.calls.push(FoundCall {
                    action: op.action.clone(),
                    resource: resource.clone(),
                    why: why.clone(),
                    loc: loc.clone(),
                    operation: operation.clone(),
                    chain: chain_of(id),
                    allowed,
                });
            }
        }
    }
    if out.scanned {
        let needed: BTreeSet<&str> = out
            .calls
            .iter()
            .map(|c| c.action.as_str())
            .chain(out.implied.iter().map(String::as_str))
            .collect();
        for (i, s) in f.def.statements.iter().enumerate() {
            if s.spec.effect != Effect::Allow || s.spec.reason.is_some() {
                continue;
            }
            for a in &s.spec.actions {
                if needed
                    .iter()
                    .any(|n| lambda_iam_core::eval::action_matches(a, n))
                {
                    continue;
                }
                out.unused.push((i, a.clone()));
                let loc = s.origin.as_ref().and_then(|o| f.origins.get(o).cloned());
                let by = s
                    .origin
                    .as_ref()
                    .map(|o| o.item.clone())
                    .unwrap_or_default();
                diags.push(
                    Diag::new(
                        Severity::Warning,
                        Code::OverPrivileged,
                        format!(
                            "`{a}` is declared ({by}) but no SDK call reachable from the handler of `{}` needs it",
                            f.name
                        ),
                    )
                    .with_help("remove it (`cargo iam suggest --write`), or add `reason = \"..\"` saying why the code needs it where the scan cannot see")
                    .at(loc),
                );
            }
        }
    }
    if trusted {
        diags_out.append(diags);
    }
    out
}

/// The path under which the handler's crate names a `requires` helper in `uses(..)`.
fn uses_path(d: &Decl, handler_crate: usize, crates: &[Crate]) -> String {
    let mut parts: Vec<&str> = d.item.split("::").collect();
    if d.krate == handler_crate && !parts.is_empty() {
        parts[0] = "crate";
    } else if let Some(c) = crates.get(d.krate) {
        // Seen from another crate: by its name (the lib's crate name).
        parts[0] = &c.name;
    }
    parts.join("::")
}

/// The placeholder values of a package: the workspace's, overlaid by the package's.
fn variables(ws: &Workspace, package: usize) -> BTreeMap<String, String> {
    let mut vars = ws.config.vars.clone();
    if let Some(p) = ws.packages.get(package) {
        vars.extend(p.config.vars.clone());
    }
    vars
}

/// The scan of one function for `cargo iam explain`: each SDK call with the chain of functions
/// that reaches it, and what the declarations lack or do not need.
pub fn explain(s: &FunctionScan) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if !s.scanned {
        return out;
    }
    let _ = writeln!(
        out,
        "\ncode scan: {} SDK call{}",
        s.calls.len(),
        if s.calls.len() == 1 { "" } else { "s" }
    );
    for c in &s.calls {
        let at = c
            .loc
            .as_ref()
            .map(|l| {
                format!(
                    "{}:{}:{}",
                    crate::report::display_path(&l.path),
                    l.line,
                    l.column
                )
            })
            .unwrap_or_default();
        let status = if c.allowed {
            "declared"
        } else {
            "NOT DECLARED"
        };
        let _ = writeln!(out, "  {} on {}  ({status})", c.action, c.resource);
        let _ = writeln!(out, "    call     {at}  {}", c.operation);
        let _ = writeln!(out, "    via      {}", c.chain.join(" → "));
        if !c.why.is_empty() {
            let _ = writeln!(out, "    unknown  {}", c.why.join(", "));
        }
    }
    for path in &s.missing_uses {
        let _ = writeln!(out, "  missing  uses({path})");
    }
    for (_, action) in &s.unused {
        let _ = writeln!(out, "  unused   {action} (no reachable call needs it)");
    }
    out
}
