//! From declarations to Lambda functions: each handler's name (the `function` key, else its bin
//! target), duplicate names, the `uses` graph across crates (transitive, cycle-safe), the
//! [`FunctionDef`] with the provenance of every statement, and assembly with layered variables.

use crate::collect::Decl;
use crate::report::{Diag, FileId, Loc, Sources};
use crate::resolve::{Crate, Ns, Res, Resolver};
use crate::walk::{SimplePath, Tree};
use crate::workspace::{TargetKind2, Workspace};
use lambda_iam_core::assemble::{self, Assembled, FunctionDef, Origin, SourcedStatement};
use lambda_iam_core::decl::{AttrKind, UsePath};
use lambda_iam_core::deploy::DeploySpec;
use lambda_iam_core::diag::{Code, Severity};
use lambda_iam_core::vars::Vars;
use std::collections::{BTreeMap, HashMap};

/// One Lambda function of the workspace.
#[derive(Debug)]
pub struct Function {
    pub name: String,
    /// The package of its handler.
    pub package: String,
    /// Whether `-p`/`--exclude` select it.
    pub selected: bool,
    /// The handler, as `crate::module::function`.
    pub handler: String,
    /// Where the handler's attribute is.
    pub loc: Option<Loc>,
    /// What shapes the policy.
    pub def: FunctionDef,
    /// Where each declared statement's `allow`/`deny` is, for findings and `explain`.
    pub origins: HashMap<Origin, Loc>,
    /// Where each declared statement's literals are, for findings about one of them.
    pub literals: HashMap<Origin, Literals>,
    /// The policies; `None` when an error means no correct policy can be written.
    pub assembled: Option<Assembled>,
    /// Its declarations (indices into the collected ones): the handler first, then every
    /// `requires` helper its `uses` reach.
    pub decls: Vec<usize>,
    /// The placeholder values in force for it (workspace, package, `--var`), for the deploy
    /// formats, which assemble again with the unresolved built-ins left to the deploy tool.
    pub vars: Vars,
    /// The bin target holding the handler, when it is in one.
    pub bin: Option<String>,
    /// The handler's deploy items (`trigger`, `event_source`, `tracing`, ..).
    pub deploy: Vec<DeploySpec>,
}

/// Assembles the execution-role policy and, when the handler has triggers, the resource-based
/// policy; `None` when either cannot be written correctly (`findings` says why).
pub fn assemble_with_permissions(
    def: &FunctionDef,
    deploy: &[DeploySpec],
    vars: &Vars,
    findings: &mut Vec<assemble::Finding>,
) -> Option<Assembled> {
    let mut assembled = assemble::assemble(def, vars, findings)?;
    assembled.permissions =
        assemble::deploy::permissions(&def.name, deploy, vars, findings).ok()?;
    Some(assembled)
}

/// The places of one declared statement's literals (those with a location).
#[derive(Debug, Default)]
pub struct Literals {
    /// Each action as written, and where.
    pub actions: Vec<(String, Loc)>,
    /// Each resource as written (before `${Name}` is resolved), and where.
    pub resources: Vec<(String, Loc)>,
    /// Each condition's operator and key, and where its `condition` keyword is.
    pub conditions: Vec<(String, String, Loc)>,
}

impl Literals {
    fn of(sources: &Sources, file: FileId, s: &lambda_iam_core::decl::StatementDecl) -> Literals {
        let at = |span| sources.loc(file, span);
        Literals {
            actions: s
                .actions
                .iter()
                .filter_map(|a| Some((a.value.clone(), at(a.span)?)))
                .collect(),
            resources: s
                .resources
                .iter()
                .filter_map(|r| Some((r.value.clone(), at(r.span)?)))
                .collect(),
            conditions: s
                .conditions
                .iter()
                .filter_map(|c| Some((c.operator.value.clone(), c.key.value.clone(), at(c.span)?)))
                .collect(),
        }
    }
}

/// Builds every function; findings go to `diags`. `cli_vars` are the `--var` values.
pub fn build(
    ws: &Workspace,
    tree: &Tree,
    crates: &[Crate],
    decls: &[Decl],
    sources: &Sources,
    cli_vars: &Vars,
    diags: &mut Vec<Diag>,
) -> Vec<Function> {
    let resolver = Resolver { tree, crates };
    // The declarations on each function, to find what `uses` points at.
    let mut by_fn: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, d) in decls.iter().enumerate() {
        by_fn.entry((d.module, d.fn_idx)).or_default().push(i);
    }
    // Each declaration's direct `uses`, resolved; `broken` when one of them is not.
    let mut uses: Vec<Vec<usize>> = vec![Vec::new(); decls.len()];
    // A declaration in a file with a syntax error (even inside a body, where the walk does not
    // look) is not trusted: the code it belongs to does not compile.
    let unparsable: std::collections::HashSet<FileId> = diags
        .iter()
        .filter(|d| d.code == Some(Code::UnparsableFile))
        .filter_map(|d| {
            d.loc
                .as_ref()
                .and_then(|l| l.span.as_ref())
                .map(|(id, _)| *id)
        })
        .collect();
    let mut broken: Vec<bool> = decls
        .iter()
        .map(|d| d.has_errors || unparsable.contains(&d.file))
        .collect();
    for (i, d) in decls.iter().enumerate() {
        for u in &d.attr.uses {
            match resolve_use(&resolver, &by_fn, decls, d, u) {
                Ok(target) => uses[i].push(target),
                // The module it names could not be read: that error is reported already.
                Err(None) => broken[i] = true,
                Err(Some((message, help))) => {
                    broken[i] = true;
                    let loc = sources
                        .loc(d.file, u.span)
                        .or_else(|| sources.loc(d.file, d.attr_span));
                    diags.push(
                        Diag::error(Code::UnresolvedUses, message)
                            .with_help(help)
                            .at(loc),
                    );
                }
            }
        }
    }

    // Handlers, grouped by function (a file may be a module of several crates).
    let mut groups: BTreeMap<(FileId, usize), Vec<usize>> = BTreeMap::new();
    for (i, d) in decls.iter().enumerate() {
        if d.kind == AttrKind::Handler {
            groups.entry(d.key).or_default().push(i);
        }
    }
    let mut named: Vec<(String, usize)> = Vec::new();
    for occurrences in groups.values() {
        let first = &decls[occurrences[0]];
        if let Some(function) = &first.attr.function {
            let at = occurrences
                .iter()
                .copied()
                .find(|&i| matches!(crates[decls[i].krate].kind, TargetKind2::Bin(_)))
                .unwrap_or(occurrences[0]);
            if check_name(
                &function.value,
                sources.loc(first.file, function.span),
                sources,
                first,
                diags,
            ) {
                named.push((function.value.clone(), at));
            }
            continue;
        }
        let mut bins: Vec<(String, usize)> = occurrences
            .iter()
            .filter_map(|&i| match &crates[decls[i].krate].kind {
                TargetKind2::Bin(name) => Some((name.clone(), i)),
                TargetKind2::Lib => None,
            })
            .collect();
        bins.dedup_by(|a, b| a.0 == b.0);
        if bins.is_empty() {
            diags.push(
                Diag::error(
                    Code::UnnamedFunction,
                    format!("cannot name the Lambda function of handler `{}`: it is not in a bin target", first.item),
                )
                .with_help("add `function = \"my-function\"` to the attribute, or move the handler into the module tree of a bin target (whose name is the default)")
                .at(sources.loc(first.file, first.attr_span)),
            );
        }
        for (name, i) in bins {
            if check_name(
                &name,
                sources.loc(first.file, first.attr_span),
                sources,
                first,
                diags,
            ) {
                named.push((name, i));
            }
        }
    }

    // Two handlers, one function: an error at each later one, naming the first.
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (name, i) in &named {
        by_name.entry(name.as_str()).or_default().push(*i);
    }
    // Names that differ only in letter case: one file on a case-insensitive file system.
    let mut by_folded: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in by_name.keys() {
        by_folded
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(name);
    }
    let mut case_clash: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for names in by_folded.values().filter(|n| n.len() > 1) {
        case_clash.extend(names.iter().copied());
        let first = &decls[by_name[names[0]][0]];
        let first_at = sources
            .loc(first.file, first.attr_span)
            .map(|l| place(&l))
            .unwrap_or_default();
        for other in &names[1..] {
            let d = &decls[by_name[other][0]];
            diags.push(
                Diag::error(
                    Code::DuplicateFunction,
                    format!(
                        "the Lambda functions `{}` (`{}`, at {first_at}) and `{other}` (`{}`) differ only in letter case: \
                         their files `{}.policy.json` and `{other}.policy.json` would collide on case-insensitive file systems (macOS, Windows)",
                        names[0], first.item, d.item, names[0]
                    ),
                )
                .with_help("give one of them another name with `function = \"..\"`; neither policy is written until then")
                .at(sources.loc(d.file, d.attr_span)),
            );
        }
    }
    let mut functions = Vec::new();
    for (name, handlers) in &by_name {
        let name = *name;
        let duplicate = handlers.len() > 1 || case_clash.contains(name);
        if handlers.len() > 1 {
            let first = &decls[handlers[0]];
            let first_at = sources
                .loc(first.file, first.attr_span)
                .map(|l| place(&l))
                .unwrap_or_default();
            for &h in &handlers[1..] {
                let d = &decls[h];
                diags.push(
                    Diag::error(
                        Code::DuplicateFunction,
                        format!(
                            "two handlers claim the Lambda function `{name}`: `{}` (at {first_at}) and `{}`",
                            first.item, d.item
                        ),
                    )
                    .with_help("give one of them another name with `function = \"..\"`; neither policy is written until then")
                    .at(sources.loc(d.file, d.attr_span)),
                );
            }
        }
        let h = handlers[0];
        let handler = &decls[h];
        let krate = &crates[handler.krate];
        let package = &ws.packages[krate.package];

        let mut closure = Vec::new();
        gather(h, &uses, &mut closure);
        let failed = duplicate || closure.iter().any(|&i| broken[i]);
        let mut statements = Vec::new();
        let mut origins = HashMap::new();
        let mut literals = HashMap::new();
        for &i in &closure {
            let d = &decls[i];
            let rel = &sources.get(d.file).rel;
            for s in &d.attr.statements {
                let loc = sources.loc(d.file, s.effect.span);
                let origin = Origin {
                    file: rel.clone(),
                    line: loc.as_ref().map_or(0, |l| l.line),
                    column: loc.as_ref().map_or(0, |l| l.column),
                    item: format!("{} {}", d.kind.name(), d.item),
                };
                if let Some(loc) = loc {
                    origins.insert(origin.clone(), loc);
                }
                literals.insert(origin.clone(), Literals::of(sources, d.file, s));
                statements.push(SourcedStatement {
                    spec: s.to_spec(),
                    origin: Some(origin),
                });
            }
        }
        // The deploy items' execution-role statements, traced back to the item.
        let deploy: Vec<DeploySpec> = handler.attr.deploy.iter().map(|d| d.to_spec()).collect();
        for (d, spec) in handler.attr.deploy.iter().zip(&deploy) {
            let loc = sources.loc(handler.file, d.key.span);
            let label = if spec.kind.is_empty() {
                format!("`{}`", spec.key)
            } else {
                format!("`{}({})`", spec.key, spec.kind)
            };
            for s in lambda_iam_core::deploy::execution_statements(spec) {
                let origin = Origin {
                    file: sources.get(handler.file).rel.clone(),
                    line: loc.as_ref().map_or(0, |l| l.line),
                    column: loc.as_ref().map_or(0, |l| l.column),
                    item: format!(
                        "{label} of handler {}: {}",
                        handler.item,
                        s.actions.join(", ")
                    ),
                };
                if let Some(loc) = &loc {
                    origins.insert(origin.clone(), loc.clone());
                }
                statements.push(SourcedStatement {
                    spec: s,
                    origin: Some(origin),
                });
            }
        }
        let def = FunctionDef {
            name: name.to_string(),
            log_group: handler.attr.log_group.as_ref().map(|l| l.value.clone()),
            vpc: handler.attr.vpc.is_some(),
            statements,
        };
        let mut vars = Vars::new();
        for (k, v) in &ws.config.vars {
            vars.insert(k.clone(), v.clone());
        }
        let mut pkg_vars = Vars::new();
        for (k, v) in &package.config.vars {
            pkg_vars.insert(k.clone(), v.clone());
        }
        let vars = vars.overlay(&pkg_vars).overlay(cli_vars);
        let handler_loc = sources.loc(handler.file, handler.attr_span);
        let assembled = if failed {
            None
        } else {
            let mut findings = Vec::new();
            let result = assemble_with_permissions(&def, &deploy, &vars, &mut findings);
            let mut errors = false;
            for f in findings {
                errors |= f.severity == Severity::Error;
                let loc = f
                    .origin
                    .as_ref()
                    .and_then(|o| origins.get(o).cloned())
                    .or_else(|| handler_loc.clone());
                diags.push(Diag {
                    severity: f.severity,
                    code: Some(f.code),
                    message: f.message,
                    help: f.help,
                    loc,
                    diff: None,
                    lint: None,
                    related: Vec::new(),
                });
            }
            if errors { None } else { result }
        };
        functions.push(Function {
            name: name.to_string(),
            package: package.name.clone(),
            selected: package.selected,
            handler: handler.item.clone(),
            loc: handler_loc,
            def,
            origins,
            literals,
            assembled,
            decls: closure,
            vars,
            deploy,
            bin: match &krate.kind {
                TargetKind2::Bin(name) => Some(name.clone()),
                TargetKind2::Lib => None,
            },
        });
    }
    functions
}

/// Depth-first over `uses`, each declaration once, the handler first.
fn gather(start: usize, uses: &[Vec<usize>], out: &mut Vec<usize>) {
    if out.contains(&start) {
        return;
    }
    out.push(start);
    for &u in &uses[start] {
        gather(u, uses, out);
    }
}

fn place(loc: &Loc) -> String {
    format!(
        "{}:{}:{}",
        crate::report::display_path(&loc.path),
        loc.line,
        loc.column
    )
}

/// Resolves one `uses(path)` of declaration `d` to the `requires` declaration it names.
fn resolve_use(
    resolver: &Resolver<'_>,
    by_fn: &HashMap<(usize, usize), Vec<usize>>,
    decls: &[Decl],
    d: &Decl,
    u: &UsePath,
) -> Result<usize, Option<(String, String)>> {
    let shown = u.to_path_string();
    let path = SimplePath {
        leading_colon: u.leading_colon,
        segments: u.segments.iter().map(|s| s.value.clone()).collect(),
    };
    let how = "`uses` takes the path of a function marked `#[lambda_iam::requires(..)]` as the declaring module \
               sees it, through its module: `crate::..`, `super::..`, `imported_module::..`, `other_crate::..` for a workspace member, \
               or a name brought by a glob import (`use module::*;`), not by a `use` of the function alone";
    // A module or type is not in the value namespace, but saying so helps more than "not found".
    let found = resolver
        .resolve(d.module, &path, Ns::Value)
        .or_else(|| resolver.resolve(d.module, &path, Ns::Type));
    if found == Some(Res::Unreadable) {
        return Err(None);
    }
    let result = match found {
        Some(Res::Fn(m, idx)) => {
            let on_fn = by_fn.get(&(m, idx)).map(Vec::as_slice).unwrap_or_default();
            if let Some(&r) = on_fn.iter().find(|&&i| decls[i].kind == AttrKind::Requires) {
                if resolver.fn_through_import(d.module, &path) {
                    let (helper, module) = helper_path(resolver, d, m, idx);
                    Err((
                        format!("`{shown}` reaches the helper `{helper}` through a `use` of the function itself, which `uses` cannot follow"),
                        format!("`uses` needs the helper's path through its module (`{helper}`) or a glob import (`use {module}::*;`): a `use` of the function alone does not bring its declaration"),
                    ))
                } else {
                    Ok(r)
                }
            } else if on_fn.iter().any(|&i| decls[i].kind == AttrKind::Handler) {
                Err((
                    format!("`{shown}` is a handler, not a `#[requires]` helper"),
                    "move the permissions both need into a function marked `#[lambda_iam::requires(..)]` and use it from both".into(),
                ))
            } else {
                Err((
                    format!("`{shown}` is not marked `#[lambda_iam::requires(..)]`"),
                    "declare the helper's permissions on it with `#[lambda_iam::requires(allow(..))]`".into(),
                ))
            }
        }
        Some(Res::Extern { package, .. }) => Err((
            format!("`{shown}` is in `{package}`, outside the workspace"),
            "`cargo iam` reads the sources of workspace members only: declare these permissions on a helper in this workspace".into(),
        )),
        Some(_) => Err((format!("`{shown}` is not a function"), how.into())),
        None => Err((format!("cannot find `{shown}` from `{}`", module_name(resolver.tree, d)), how.into())),
    };
    result.map_err(Some)
}

/// The path of function `idx` of module `m` as `d`'s crate sees it, and that of its module:
/// `crate::..` within the same crate, `other_crate::..` otherwise.
fn helper_path(resolver: &Resolver<'_>, d: &Decl, m: usize, idx: usize) -> (String, String) {
    let tree = resolver.tree;
    let module = &tree.modules[m];
    let root = if module.target == tree.modules[d.module].target {
        "crate".to_string()
    } else {
        resolver.crates[module.target].name.clone()
    };
    let mut parts = vec![root];
    parts.extend(module.path.iter().cloned());
    let module_path = parts.join("::");
    (
        format!("{module_path}::{}", module.fns[idx].name),
        module_path,
    )
}

fn module_name(tree: &Tree, d: &Decl) -> String {
    let m = &tree.modules[d.module];
    let mut parts = vec![d.item.split("::").next().unwrap_or("crate").to_string()];
    parts.extend(m.path.iter().cloned());
    parts.join("::")
}

/// Whether `name` can be a Lambda function's name and a file name; reports it when not.
fn check_name(
    name: &str,
    at: Option<Loc>,
    sources: &Sources,
    d: &Decl,
    diags: &mut Vec<Diag>,
) -> bool {
    if is_valid_function_name(name) {
        return true;
    }
    let at = at.or_else(|| sources.loc(d.file, d.attr_span));
    diags.push(
        Diag::error(Code::InvalidFunctionName, format!("`{name}` is not a valid Lambda function name"))
            .with_help("use 1 to 64 letters, digits, `-` and `_` (the name is also the file name `<name>.policy.json`); set it with `function = \"..\"`")
            .at(at),
    );
    false
}

/// 1 to 64 of `A-Z a-z 0-9 - _`: a valid Lambda function name, and a safe file name.
pub fn is_valid_function_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_are_safe_file_names() {
        assert!(is_valid_function_name("image-processor_2"));
        for bad in [
            "",
            "../etc/passwd",
            "a/b",
            "a.b",
            "x y",
            ".",
            "ü",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_function_name(bad), "{bad:?}");
        }
    }
}
