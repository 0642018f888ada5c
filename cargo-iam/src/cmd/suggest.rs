//! `cargo iam suggest [--write]`: the attribute each handler needs after the code scan
//! ([`crate::scan`]): what it declares, plus an `allow(..)` for every SDK call it lacks and a
//! `uses(..)` for every `#[requires]` helper it calls without listing, minus the `allow(..)`s
//! whose every action no reachable call needs (unless they give a `reason`). A missing `allow`
//! for a call inside a `#[requires]` helper goes to that helper's attribute.
//!
//! Without `--write` it prints each changed attribute; with `--write` it edits the source: only
//! the bytes of the attribute's items change (everything else, comments and formatting of the
//! other items included, stays), each file is written atomically, and a file is written only
//! when the edited text still parses. An added `allow` whose resource has a wildcard (a part the
//! scan could not read) gets a `reason`, as the macro requires for broad resources, so the
//! crate still compiles; the reason says to narrow it.

use crate::analyze::Analysis;
use crate::cli::GlobalArgs;
use crate::report::{Diag, Fatal, FileId, Loc, Printer, display_path};
use crate::{Outcome, cmd, output};
use lambda_iam_core::decl::AttrKind;
use lambda_iam_core::diag::Code;
use proc_macro2::{TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

/// What to change in one attribute.
#[derive(Debug, Default)]
struct Plan {
    /// Who it belongs to, for messages: `handler x`, `requires y`.
    label: String,
    kind: Option<AttrKind>,
    add: Vec<String>,
    uses: Vec<String>,
    /// Byte offsets of the `allow`/`deny` keywords of items to remove.
    remove: BTreeSet<usize>,
}

pub fn run(args: &GlobalArgs, printer: &Printer, write: bool) -> Result<Outcome, Fatal> {
    let analysis = Analysis::run(args)?;
    let mut diags = analysis.relevant_diags();
    // (file, byte offset of the attribute's path) → the plan.
    let mut plans: BTreeMap<(FileId, usize), Plan> = BTreeMap::new();
    let target = |loc: &Option<Loc>| {
        loc.as_ref()
            .and_then(|l| l.span.clone())
            .map(|(id, r)| (id, r.start))
    };
    for f in analysis.selected() {
        let Some(s) = analysis.scan.functions.get(&f.name) else {
            continue;
        };
        // A declaration with errors is fixed by hand first (its errors are printed).
        if !s.scanned || !s.trusted {
            continue;
        }
        let Some(handler) = target(&f.loc) else {
            continue;
        };
        for m in &s.missing {
            let (key, label, kind) = match &m.owner {
                Some((item, loc)) => match target(loc) {
                    Some(key) => (key, format!("requires {item}"), AttrKind::Requires),
                    None => continue,
                },
                None => (handler, format!("handler {}", f.handler), AttrKind::Handler),
            };
            let plan = plans.entry(key).or_default();
            plan.label = label;
            plan.kind = Some(kind);
            let item = allow_item(&m.action, &m.resource);
            if !plan.add.contains(&item) {
                plan.add.push(item);
            }
        }
        let plan = plans.entry(handler).or_default();
        plan.label = format!("handler {}", f.handler);
        plan.kind = Some(AttrKind::Handler);
        for u in &s.missing_uses {
            if !plan.uses.contains(u) {
                plan.uses.push(u.clone());
            }
        }
        // A handler's own `allow` goes when none of its actions is needed.
        let mut unused_by_statement: BTreeMap<usize, usize> = BTreeMap::new();
        for (i, _) in &s.unused {
            *unused_by_statement.entry(*i).or_default() += 1;
        }
        for (i, n) in unused_by_statement {
            let st = &f.def.statements[i];
            let Some(origin) = &st.origin else { continue };
            if !origin.item.starts_with("handler ") || n < st.spec.actions.len() {
                continue;
            }
            if let Some((_, start)) = target(&f.origins.get(origin).cloned()) {
                plan.remove.insert(start);
            }
        }
    }
    plans.retain(|_, p| !(p.add.is_empty() && p.uses.is_empty() && p.remove.is_empty()));

    let mut by_file: BTreeMap<FileId, Vec<(usize, &Plan)>> = BTreeMap::new();
    for ((file, at), plan) in &plans {
        by_file.entry(*file).or_default().push((*at, plan));
    }
    let mut stdout = std::io::stdout().lock();
    let mut written = 0;
    for (file, targets) in by_file {
        let source = analysis.sources.get(file);
        match edit_file(&source.text, &targets) {
            Ok((text, shown)) => {
                for (label, attr) in &shown {
                    let _ = writeln!(
                        stdout,
                        "// {}: {label}\n{attr}\n",
                        display_path(&source.path)
                    );
                }
                if write {
                    let dir = source.path.parent().unwrap_or(std::path::Path::new("."));
                    let name = source
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    output::write_atomic(dir, &name, &text)
                        .map_err(|e| Fatal::io("write", &source.path, &e))?;
                    written += 1;
                }
            }
            Err(message) => diags.push(
                Diag::error(
                    Code::Syntax,
                    format!(
                        "cannot edit the attributes of `{}`: {message}",
                        display_path(&source.path)
                    ),
                )
                .with_help("edit the attribute by hand as `cargo iam check` suggests")
                .at(Some(Loc::file(&source.path))),
            ),
        }
    }
    printer.print_all(&analysis.sources, &diags);
    if plans.is_empty() {
        printer.status("the declarations match the code: nothing to suggest");
    } else if write {
        printer.status(&format!(
            "updated {} attribute{} in {written} file{}",
            plans.len(),
            if plans.len() == 1 { "" } else { "s" },
            if written == 1 { "" } else { "s" }
        ));
    }
    let outcome = cmd::outcome_of(&diags);
    cmd::leak(analysis);
    Ok(outcome)
}

/// `allow("s3:GetObject", "arn:..")`, with a `reason` when the macro would ask for one (a
/// wildcard the scan put where it could not read the resource).
fn allow_item(action: &str, resource: &str) -> String {
    let plain = format!("allow({}, {})", quote(action), quote(resource));
    let needs_reason = plain
        .parse::<TokenStream>()
        .ok()
        .map(|tokens| {
            let (attr, mut found) = lambda_iam_core::attr::parse(AttrKind::Requires, tokens);
            lambda_iam_core::validate::validate(&attr, &mut found);
            found.as_slice().iter().any(|d| {
                matches!(
                    d.code,
                    Code::StarResource
                        | Code::BroadResource
                        | Code::WildcardAction
                        | Code::PrivilegeEscalation
                )
            })
        })
        .unwrap_or(false);
    if needs_reason {
        format!(
            "allow({}, {}, reason = \"added by cargo iam suggest: the code names this resource at run time; narrow it if you can\")",
            quote(action),
            quote(resource)
        )
    } else {
        plain
    }
}

fn quote(s: &str) -> String {
    format!("{s:?}")
}

/// One item of an attribute's list: its byte range, and whether it is `uses(..)` (with the
/// offset of its closing parenthesis).
#[derive(Debug)]
struct Item {
    start: usize,
    end: usize,
    uses_close: Option<usize>,
}

/// The attribute whose path starts at `at`: its whole range, the inside of its parentheses
/// (`None` for a bare path, with the path's end), and its items.
struct Found {
    range: std::ops::Range<usize>,
    inside: Option<std::ops::Range<usize>>,
    path_end: usize,
    items: Vec<Item>,
}

fn find(file: &syn::File, at: usize) -> Option<Found> {
    struct Finder {
        at: usize,
        found: Option<Found>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_attribute(&mut self, a: &'ast syn::Attribute) {
            use syn::spanned::Spanned;
            if self.found.is_some() || a.path().span().byte_range().start != self.at {
                return;
            }
            let range = a.pound_token.span.byte_range().start
                ..a.bracket_token.span.close().byte_range().end;
            let path_end = a.path().span().byte_range().end;
            let (inside, tokens) = match &a.meta {
                syn::Meta::List(l) => {
                    let d = l.delimiter.span();
                    (
                        Some(d.open().byte_range().end..d.close().byte_range().start),
                        l.tokens.clone(),
                    )
                }
                _ => (None, TokenStream::new()),
            };
            let mut items = Vec::new();
            let mut cur: Option<Item> = None;
            let mut first_ident = None;
            for tt in tokens {
                if let TokenTree::Punct(p) = &tt
                    && p.as_char() == ','
                {
                    items.extend(cur.take());
                    first_ident = None;
                    continue;
                }
                let r = tt.span().byte_range();
                let item = cur.get_or_insert(Item {
                    start: r.start,
                    end: r.end,
                    uses_close: None,
                });
                item.end = r.end;
                match &tt {
                    TokenTree::Ident(i) if first_ident.is_none() => {
                        first_ident = Some(i.to_string())
                    }
                    TokenTree::Group(g) if first_ident.as_deref() == Some("uses") => {
                        item.uses_close = Some(g.span_close().byte_range().start);
                    }
                    _ => {}
                }
            }
            items.extend(cur);
            self.found = Some(Found {
                range,
                inside,
                path_end,
                items,
            });
        }
    }
    let mut finder = Finder { at, found: None };
    syn::visit::Visit::visit_file(&mut finder, file);
    finder.found
}

/// Applies the plans to one file's text: the new text, and each edited attribute as it reads
/// afterwards (with its label).
fn edit_file(
    text: &str,
    targets: &[(usize, &Plan)],
) -> Result<(String, Vec<(String, String)>), String> {
    let file = syn::parse_file(text).map_err(|e| format!("it does not parse ({e})"))?;
    // (start, end, replacement); a removal sorts before an insertion at the same offset.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut ranges = Vec::new();
    for (at, plan) in targets {
        let found = find(&file, *at).ok_or("the attribute was not found")?;
        ranges.push((found.range.clone(), plan.label.clone()));
        let mut add = plan.add.clone();
        // New `uses` paths go into an existing `uses(..)`, else into a new item.
        let existing_uses = found.items.iter().find_map(|i| i.uses_close);
        match existing_uses {
            Some(close) if !plan.uses.is_empty() => {
                edits.push((close, close, format!(", {}", plan.uses.join(", "))));
            }
            _ if !plan.uses.is_empty() => add.push(format!("uses({})", plan.uses.join(", "))),
            _ => {}
        }
        let kept: Vec<&Item> = found
            .items
            .iter()
            .filter(|i| !plan.remove.contains(&i.start))
            .collect();
        let Some(inside) = found.inside.clone() else {
            // `#[lambda_iam::handler]` without a list.
            edits.push((
                found.path_end,
                found.path_end,
                format!("({})", layout(&add, "    ", "")),
            ));
            continue;
        };
        if kept.is_empty() {
            let indent = line_indent(text, found.range.start);
            edits.push((
                inside.start,
                inside.end,
                layout(&add, &format!("{indent}    "), &indent),
            ));
            continue;
        }
        let multiline = text[inside.clone()].contains('\n');
        let bytes = text.as_bytes();
        let next_non_space = |mut i: usize| {
            while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                i += 1;
            }
            i
        };
        let mut removals = Vec::new();
        for item in &found.items {
            if !plan.remove.contains(&item.start) {
                continue;
            }
            // The item, its comma, and the indentation (and line break) before it; comments
            // on other lines stay.
            let mut start = item.start;
            while start > inside.start && (bytes[start - 1] == b' ' || bytes[start - 1] == b'\t') {
                start -= 1;
            }
            if multiline && start > inside.start && bytes[start - 1] == b'\n' {
                start -= 1;
            }
            let after = next_non_space(item.end);
            let mut end = if bytes.get(after) == Some(&b',') {
                after + 1
            } else {
                item.end
            };
            // A comment after the item, on its line, goes with it.
            let comment = next_non_space(end);
            if multiline && text[comment..].starts_with("//") {
                end = text[comment..]
                    .find('\n')
                    .map_or(text.len(), |n| comment + n);
            }
            if !multiline {
                end = next_non_space(end);
            }
            removals.push((start, end));
        }
        // Ranges of neighbouring removed items may touch or overlap: one edit each run.
        removals.sort();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (start, end) in removals {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        if !multiline {
            // A run that ends the list takes the comma before it (after the last kept item).
            for run in &mut merged {
                let after_run = kept.iter().any(|i| i.start >= run.1);
                if let Some(prev) = kept.iter().rev().find(|i| i.end <= run.0)
                    && !after_run
                {
                    run.0 = prev.end;
                }
            }
        }
        edits.extend(merged.into_iter().map(|(s, e)| (s, e, String::new())));
        if !add.is_empty() {
            let last = kept[kept.len() - 1];
            let after = next_non_space(last.end);
            let has_comma = bytes.get(after) == Some(&b',');
            let close_line = text[..inside.end].rfind('\n').map_or(0, |n| n + 1);
            let close_alone = multiline
                && close_line > last.end
                && text[close_line..inside.end].trim().is_empty();
            if close_alone {
                let indent = line_indent(text, kept[0].start);
                if !has_comma {
                    edits.push((last.end, last.end, ",".into()));
                }
                let insert: String = add.iter().map(|a| format!("{indent}{a},\n")).collect();
                edits.push((close_line, close_line, insert));
            } else {
                let sep = if multiline {
                    format!(",\n{}", line_indent(text, kept[0].start))
                } else {
                    ", ".to_string()
                };
                let insert: String = add.iter().map(|a| format!("{sep}{a}")).collect();
                edits.push((last.end, last.end, insert));
            }
        }
    }
    edits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut out = text.to_string();
    for (start, end, replacement) in &edits {
        out.replace_range(*start..*end, replacement);
    }
    let parsed =
        syn::parse_file(&out).map_err(|e| format!("the edited text would not parse ({e})"))?;
    drop(parsed);
    // Each edited attribute as it reads now: its start moves by the edits before it.
    let shift = |pos: usize| -> isize {
        edits
            .iter()
            .filter(|(s, _, _)| *s < pos)
            .map(|(s, e, r)| r.len() as isize - (e - s) as isize)
            .sum()
    };
    let mut shown = Vec::new();
    for (range, label) in ranges {
        let start = (range.start as isize + shift(range.start)) as usize;
        let end = (range.end as isize + shift(range.end)) as usize;
        if let Some(attr) = out.get(start..end) {
            shown.push((label, attr.to_string()));
        }
    }
    Ok((out, shown))
}

/// The items as the inside of a list: one per line when more than one.
fn layout(items: &[String], indent: &str, close_indent: &str) -> String {
    match items {
        [] => String::new(),
        [one] if one.len() < 80 => one.clone(),
        many => {
            let mut s = String::from("\n");
            for i in many {
                s.push_str(indent);
                s.push_str(i);
                s.push_str(",\n");
            }
            s.push_str(close_indent);
            s
        }
    }
}

/// The whitespace that starts the line holding byte `pos`.
fn line_indent(text: &str, pos: usize) -> String {
    let line_start = text[..pos].rfind('\n').map_or(0, |n| n + 1);
    text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(add: &[&str], remove_at: Option<&str>, text: &str) -> Plan {
        Plan {
            label: "handler h".into(),
            kind: Some(AttrKind::Handler),
            add: add.iter().map(|s| s.to_string()).collect(),
            uses: Vec::new(),
            remove: remove_at
                .map(|r| text.find(r).unwrap())
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn adds_and_removes_items_keeping_the_rest_of_the_text() {
        let text = "// top\n#[lambda_iam::handler(\n    allow(\"s3:GetObject\", \"arn:${Partition}:s3:::a/*\"), // read\n    allow(\"s3:DeleteObject\", \"arn:${Partition}:s3:::a/*\")\n)]\nasync fn h() {}\n";
        let at = text.find("lambda_iam").unwrap();
        let p = plan(
            &["allow(\"s3:PutObject\", \"arn:${Partition}:s3:::b/*\")"],
            Some("allow(\"s3:DeleteObject\""),
            text,
        );
        let (out, shown) = edit_file(text, &[(at, &p)]).unwrap();
        assert_eq!(
            out,
            "// top\n#[lambda_iam::handler(\n    allow(\"s3:GetObject\", \"arn:${Partition}:s3:::a/*\"), // read\n    allow(\"s3:PutObject\", \"arn:${Partition}:s3:::b/*\"),\n)]\nasync fn h() {}\n"
        );
        assert_eq!(shown.len(), 1);
        assert!(shown[0].1.starts_with("#[lambda_iam::handler(") && shown[0].1.ends_with(")]"));
    }

    #[test]
    fn a_missing_trailing_comma_is_added_and_single_lines_stay_single() {
        let text = "#[lambda_iam::handler(\n    function = \"f\"\n)]\nfn h() {}\n";
        let p = plan(
            &["allow(\"sns:Publish\", \"arn:${Partition}:sns:${Region}:${Account}:t\")"],
            None,
            text,
        );
        let (out, _) = edit_file(text, &[(2, &p)]).unwrap();
        assert_eq!(
            out,
            "#[lambda_iam::handler(\n    function = \"f\",\n    allow(\"sns:Publish\", \"arn:${Partition}:sns:${Region}:${Account}:t\"),\n)]\nfn h() {}\n"
        );
        let text = "#[lambda_iam::handler(function = \"f\", allow(\"s3:GetObject\", \"arn:${Partition}:s3:::a/*\"))]\nfn h() {}\n";
        let p = plan(&[], Some("allow("), text);
        let (out, _) = edit_file(text, &[(2, &p)]).unwrap();
        assert_eq!(out, "#[lambda_iam::handler(function = \"f\")]\nfn h() {}\n");
    }

    #[test]
    fn neighbouring_removals_do_not_overlap() {
        let text = "#[lambda_iam::handler(function = \"f\", allow(\"s3:GetObject\", \"*\"), deny(\"s3:PutObject\", \"*\"))]\nfn h() {}\n";
        let mut p = plan(&["allow(\"sqs:SendMessage\", \"q\")"], Some("allow("), text);
        p.remove.insert(text.find("deny(").unwrap());
        let (out, _) = edit_file(text, &[(2, &p)]).unwrap();
        assert_eq!(
            out,
            "#[lambda_iam::handler(function = \"f\", allow(\"sqs:SendMessage\", \"q\"))]\nfn h() {}\n"
        );
        let text = "#[lambda_iam::handler(\n    allow(\"s3:GetObject\", \"*\"), // a\n    deny(\"s3:PutObject\", \"*\"), // b\n    function = \"f\",\n)]\nfn h() {}\n";
        let mut p = plan(&[], Some("allow("), text);
        p.remove.insert(text.find("deny(").unwrap());
        let (out, _) = edit_file(text, &[(2, &p)]).unwrap();
        assert_eq!(
            out,
            "#[lambda_iam::handler(\n    function = \"f\",\n)]\nfn h() {}\n"
        );
    }

    /// Every subset of removals, with zero to two additions, on lists written four ways: the
    /// text parses and the attribute holds exactly the kept items, then the added ones.
    #[test]
    fn every_edit_of_small_lists_gives_the_expected_items() {
        let items = [
            "allow(\"s3:GetObject\", \"arn:${Partition}:s3:::a/*\")",
            "function = \"f\"",
            "deny(\"s3:PutObject\", \"*\", reason = \"no\")",
            "uses(crate::x)",
        ];
        let added = [
            "allow(\"sqs:SendMessage\", \"arn:${Partition}:sqs:${Region}:${Account}:q\")",
            "allow(\"sns:Publish\", \"*\", reason = \"r\")",
        ];
        for n in 1..=items.len() {
            let list = &items[..n];
            let layouts = [
                list.join(", "),
                format!("{}, ", list.join(", ")),
                format!("\n    {},\n", list.join(",\n    ")),
                format!("\n    {} // last\n", list.join(", // note\n    ")),
            ];
            for inside in &layouts {
                let text =
                    format!("// head\n#[lambda_iam::handler({inside})]\nasync fn h() {{}}\n");
                for mask in 0..(1u32 << n) {
                    for k in 0..=added.len() {
                        let remove: BTreeSet<usize> = (0..n)
                            .filter(|i| mask & (1 << i) != 0)
                            .map(|i| text.find(list[i]).unwrap())
                            .collect();
                        let p = Plan {
                            label: "handler h".into(),
                            kind: Some(AttrKind::Handler),
                            add: added[..k].iter().map(|s| s.to_string()).collect(),
                            uses: Vec::new(),
                            remove,
                        };
                        let at = text.find("lambda_iam").unwrap();
                        let (out, _) =
                            edit_file(&text, &[(at, &p)]).unwrap_or_else(|e| panic!("{e}\n{text}"));
                        let file = syn::parse_file(&out).unwrap();
                        let found = find(&file, at).unwrap_or_else(|| panic!("{out}"));
                        let got: Vec<&str> =
                            found.items.iter().map(|i| &out[i.start..i.end]).collect();
                        let want: Vec<&str> = (0..n)
                            .filter(|i| mask & (1 << i) == 0)
                            .map(|i| list[i])
                            .chain(added[..k].iter().copied())
                            .collect();
                        assert_eq!(got, want, "from\n{text}\nto\n{out}");
                        assert!(
                            out.starts_with("// head\n#[lambda_iam::handler")
                                && out.ends_with("]\nasync fn h() {}\n")
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_bare_attribute_gets_a_list() {
        let text = "#[lambda_iam::handler]\nfn h() {}\n";
        let p = plan(
            &["allow(\"sqs:SendMessage\", \"arn:${Partition}:sqs:${Region}:${Account}:q\")"],
            None,
            text,
        );
        let (out, _) = edit_file(text, &[(2, &p)]).unwrap();
        assert_eq!(
            out,
            "#[lambda_iam::handler(allow(\"sqs:SendMessage\", \"arn:${Partition}:sqs:${Region}:${Account}:q\"))]\nfn h() {}\n"
        );
    }

    #[test]
    fn a_wildcard_resource_gets_a_reason_so_the_macro_accepts_it() {
        assert!(allow_item("s3:GetObject", "arn:${Partition}:s3:::*/*").contains("reason = "));
        assert!(!allow_item("s3:GetObject", "arn:${Partition}:s3:::img/*").contains("reason"));
    }
}
