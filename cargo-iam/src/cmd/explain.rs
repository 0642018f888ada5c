//! `cargo iam explain FUNCTION`: every statement of the function's policy, each traced back to
//! what put it there — the logs baseline, `vpc`, or the declarations (file:line:col, the handler
//! or helper, and its `reason`) merged into it. A policy over the inline limit shows its managed
//! policy files and which statements each holds; a wildcard collapsed to fit lists the actions
//! it stands for.

use crate::analyze::Analysis;
use crate::cli::GlobalArgs;
use crate::functions::Function;
use crate::output::{self, INLINE_POLICY_LIMIT};
use crate::report::{Fatal, Printer, display_path};
use crate::{Outcome, cmd};
use lambda_iam_core::assemble::{MANAGED_POLICY_LIMIT, Provenance};
use lambda_iam_core::policy::{OneOrMany, Statement};
use std::fmt::Write as _;
use std::io::Write;

pub fn run(args: &GlobalArgs, printer: &Printer, name: &str) -> Result<Outcome, Fatal> {
    let analysis = Analysis::run(args)?;
    let Some(function) = analysis.functions.iter().find(|f| f.name == name) else {
        let names: Vec<String> = analysis
            .functions
            .iter()
            .map(|f| format!("`{}`", f.name))
            .collect();
        let help = if names.is_empty() {
            "no function is declared in this workspace; `cargo iam list` shows them".to_string()
        } else {
            format!("the functions are {}", names.join(", "))
        };
        printer.print_all(&analysis.sources, &analysis.diags);
        return Err(Fatal::usage(format!("no function named `{name}`")).with_help(help));
    };
    // Findings about this function's declarations (and every file-less one).
    let files: Vec<&str> = function
        .def
        .statements
        .iter()
        .filter_map(|s| s.origin.as_ref().map(|o| o.file.as_str()))
        .collect();
    let diags: Vec<_> = analysis
        .diags
        .iter()
        .filter(|d| match &d.loc {
            None => true,
            Some(loc) => {
                analysis
                    .sources
                    .by_path(&loc.path)
                    .is_some_and(|id| files.contains(&analysis.sources.get(id).rel.as_str()))
                    || function.loc.as_ref().is_some_and(|l| l.path == loc.path)
            }
        })
        .cloned()
        .collect();
    printer.print_all(&analysis.sources, &diags);
    if function.assembled.is_none() {
        printer.summary(&diags, Some(&format!("no policy for `{name}`")));
        return Ok(Outcome::CheckFailed);
    }
    let mut text = explain(function, &analysis.ws.out_dir(args.out_dir.as_deref()));
    // The code scan: handler → helper → SDK call.
    if let Some(s) = analysis.scan.functions.get(name) {
        text.push_str(&crate::scan::explain(s));
    }
    let _ = write!(std::io::stdout().lock(), "{text}");
    Ok(cmd::outcome_of(&diags))
}

fn explain(f: &Function, out_dir: &std::path::Path) -> String {
    let a = f.assembled.as_ref().expect("checked by the caller");
    let (statements, actions, size) = output::stats(&a.policy);
    let mut out = String::new();
    let at = f
        .loc
        .as_ref()
        .map(|l| format!(" at {}:{}:{}", display_path(&l.path), l.line, l.column))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "function `{}` (package `{}`): handler `{}`{at}",
        f.name, f.package, f.handler
    );
    let dir = display_path(out_dir);
    if a.managed.is_empty() {
        let _ = writeln!(
            out,
            "policy {dir}/{}.policy.json: {statements} statements, {actions} actions, {size} / {INLINE_POLICY_LIMIT} characters",
            f.name
        );
    } else {
        let _ = writeln!(
            out,
            "policy: {statements} statements, {actions} actions, {size} characters: over the \
             {INLINE_POLICY_LIMIT}-character inline limit, split into {} managed policies",
            a.managed.len()
        );
        for (n, part) in a.managed.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {dir}/{}: {} statements, {} / {MANAGED_POLICY_LIMIT} characters",
                output::managed_file_name(&f.name, n + 1),
                part.document.statement.len(),
                part.size
            );
        }
    }
    if !a.collapsed.is_empty() {
        let _ = writeln!(
            out,
            "action lists collapsed to wildcards to fit: each matches exactly the actions listed \
             today, and also any action AWS adds later under the same prefix"
        );
    }
    for (i, (s, p)) in a.policy.statement.iter().zip(&a.provenance).enumerate() {
        out.push('\n');
        statement(&mut out, i + 1, s);
        for c in a.collapsed.iter().filter(|c| c.statement == i) {
            let _ = writeln!(
                out,
                "  collapsed  {} = {}",
                c.wildcard,
                c.actions.join(", ")
            );
        }
        let parts: Vec<String> = a
            .managed
            .iter()
            .enumerate()
            .filter(|(_, part)| part.statements.contains(&i))
            .map(|(n, _)| output::managed_file_name(&f.name, n + 1))
            .collect();
        if !parts.is_empty() {
            let _ = writeln!(out, "  in         {}", parts.join(", "));
        }
        match p {
            Provenance::LogsBaseline => {
                let group = f
                    .def
                    .log_group
                    .clone()
                    .unwrap_or_else(|| format!("/aws/lambda/{}", f.name));
                let _ = writeln!(
                    out,
                    "  from       the CloudWatch Logs baseline for the log group `{group}`"
                );
            }
            Provenance::Vpc => {
                let _ = writeln!(
                    out,
                    "  from       `vpc` on the handler: the network-interface permissions Lambda needs in a VPC"
                );
            }
            Provenance::Declared(origins) => {
                let mut first = true;
                for origin in origins {
                    let label = if first { "from" } else { "" };
                    first = false;
                    let Some(o) = origin else {
                        let _ = writeln!(out, "  {label:<10} a declaration without source");
                        continue;
                    };
                    let place = f
                        .origins
                        .get(o)
                        .map(|l| format!("{}:{}:{}", display_path(&l.path), l.line, l.column))
                        .unwrap_or_else(|| format!("{}:{}:{}", o.file, o.line, o.column));
                    let _ = writeln!(out, "  {label:<10} {place}  {}", o.item);
                    let reason = f
                        .def
                        .statements
                        .iter()
                        .find(|s| s.origin.as_ref() == Some(o))
                        .and_then(|s| s.spec.reason.as_deref());
                    if let Some(reason) = reason {
                        let _ = writeln!(out, "  {:<10} reason: {reason}", "");
                    }
                }
            }
        }
    }
    out
}

fn statement(out: &mut String, n: usize, s: &Statement) {
    let sid = s
        .sid
        .as_deref()
        .map(|sid| format!(" `{sid}`"))
        .unwrap_or_default();
    let _ = writeln!(out, "statement {n}{sid}: {}", s.effect.as_str());
    let _ = writeln!(out, "  actions    {}", join(&s.action));
    if let Some(resource) = &s.resource {
        let _ = writeln!(out, "  resources  {}", join(resource));
    }
    for (operator, keys) in &s.condition {
        for (key, values) in keys {
            let _ = writeln!(out, "  condition  {operator} {key} = {}", join(values));
        }
    }
}

fn join(v: &OneOrMany) -> String {
    match v {
        OneOrMany::One(s) => s.clone(),
        OneOrMany::Many(list) => list.join(", "),
    }
}
