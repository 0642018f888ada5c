use crate::testing::{walk, walk_ahead};

#[test]
fn follows_file_modules_like_rustc() {
    let w = walk(
        &[
            ("src/main.rs", b"mod flat; mod nested; mod r#type;"),
            ("src/flat.rs", b"mod child;"),
            ("src/flat/child.rs", b"fn f() {}"),
            ("src/nested/mod.rs", b"mod inner;"),
            ("src/nested/inner.rs", b""),
            ("src/type.rs", b""),
        ],
        "src/main.rs",
    );
    assert!(w.diags.is_empty(), "{:?}", w.messages());
    assert_eq!(w.file_of(&["flat"]), "src/flat.rs");
    assert_eq!(w.file_of(&["flat", "child"]), "src/flat/child.rs");
    assert_eq!(w.file_of(&["nested"]), "src/nested/mod.rs");
    assert_eq!(w.file_of(&["nested", "inner"]), "src/nested/inner.rs");
    assert_eq!(w.file_of(&["type"]), "src/type.rs");
    assert_eq!(
        w.tree.modules[w.module(&["flat", "child"])].path,
        ["flat", "child"]
    );
}

#[test]
fn inline_modules_stand_for_directories() {
    let w = walk(
        &[
            ("src/lib.rs", b"mod a { mod b; } mod x;"),
            ("src/a/b.rs", b""),
            ("src/x.rs", b"mod inl { mod c; }"),
            ("src/x/inl/c.rs", b""),
        ],
        "src/lib.rs",
    );
    assert!(w.diags.is_empty(), "{:?}", w.messages());
    assert_eq!(w.file_of(&["a"]), "src/lib.rs");
    assert_eq!(w.file_of(&["a", "b"]), "src/a/b.rs");
    assert_eq!(w.file_of(&["x", "inl", "c"]), "src/x/inl/c.rs");
}

#[test]
fn path_attributes_follow_the_reference() {
    let w = walk(
        &[
            // On a file module: relative to the current file's directory, even in a non-mod-rs
            // file; the loaded file owns its directory like a mod.rs.
            (
                "src/main.rs",
                b"#[path = \"other/p.rs\"] mod p; mod x; #[path = \"dir\"] mod d { mod e; }",
            ),
            ("src/other/p.rs", b"mod q;"),
            ("src/other/q.rs", b""),
            (
                "src/x.rs",
                b"#[path = \"sib.rs\"] mod s; mod inl { #[path = \"t.rs\"] mod t; }",
            ),
            ("src/sib.rs", b""),
            ("src/x/inl/t.rs", b""),
            ("src/dir/e.rs", b""),
        ],
        "src/main.rs",
    );
    assert!(w.diags.is_empty(), "{:?}", w.messages());
    assert_eq!(w.file_of(&["p"]), "src/other/p.rs");
    assert_eq!(w.file_of(&["p", "q"]), "src/other/q.rs");
    assert_eq!(w.file_of(&["x", "s"]), "src/sib.rs");
    assert_eq!(w.file_of(&["x", "inl", "t"]), "src/x/inl/t.rs");
    assert_eq!(w.file_of(&["d", "e"]), "src/dir/e.rs");
}

#[test]
fn bin_roots_own_their_directory() {
    let w = walk(
        &[
            ("src/bin/tool.rs", b"mod helper;"),
            ("src/bin/helper.rs", b""),
        ],
        "src/bin/tool.rs",
    );
    assert!(w.diags.is_empty(), "{:?}", w.messages());
    assert_eq!(w.file_of(&["helper"]), "src/bin/helper.rs");
}

#[test]
fn cfg_test_modules_and_functions_are_skipped() {
    let w = walk(
        &[(
            "src/main.rs",
            b"#[cfg(test)] mod tests; #[cfg(test)] fn only_in_tests() {} #[cfg(not(test))] fn deployed() {}",
        )],
        "src/main.rs",
    );
    assert!(
        w.diags.is_empty(),
        "a cfg(test) module is not even read: {:?}",
        w.messages()
    );
    let names: Vec<_> = w.tree.modules[w.module(&[])]
        .fns
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["deployed"]);
}

#[test]
fn broken_files_are_reported_and_the_rest_is_walked() {
    let w = walk(
        &[
            (
                "src/main.rs",
                b"mod bad; mod missing; mod ok; mod both; mod latin;",
            ),
            ("src/bad.rs", b"fn f( {\n"),
            ("src/ok.rs", b"fn fine() {}"),
            ("src/both.rs", b""),
            ("src/both/mod.rs", b""),
            ("src/latin.rs", b"// caf\xe9\n"),
        ],
        "src/main.rs",
    );
    let messages = w.messages();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(
        messages.iter().all(|m| m.starts_with("unparsable-file: ")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`src/bad.rs` does not parse")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("could not read") && m.contains("missing.rs")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("two files")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`src/latin.rs` is not valid UTF-8")),
        "{messages:?}"
    );
    let latin = w
        .diags
        .iter()
        .find(|d| d.message.contains("UTF-8"))
        .unwrap()
        .loc
        .clone()
        .unwrap();
    assert_eq!((latin.line, latin.column), (1, 7));
    let bad = w
        .diags
        .iter()
        .find(|d| d.message.contains("does not parse"))
        .unwrap()
        .loc
        .clone()
        .unwrap();
    assert_eq!(bad.line, 1);
    assert_eq!(w.file_of(&["ok"]), "src/ok.rs");
}

#[test]
fn a_module_including_itself_stops() {
    let w = walk(
        &[
            ("src/main.rs", b"mod a;"),
            ("src/a.rs", b"#[path = \"main.rs\"] mod again;"),
        ],
        "src/main.rs",
    );
    // `src/a.rs` is non-mod-rs, but a `#[path]` on a file module is relative to its directory.
    assert!(
        w.messages()
            .iter()
            .any(|m| m.contains("already being loaded")),
        "{:?}",
        w.messages()
    );
}

#[test]
fn use_trees_are_flattened() {
    let w = walk(
        &[(
            "src/main.rs",
            b"use a::{b, c as d, e::{self, f}, g::*}; use ::h::i as _; extern crate j as k; use l::m::{self as n};",
        )],
        "src/main.rs",
    );
    let m = &w.tree.modules[w.module(&[])];
    let imports: Vec<String> = m
        .imports
        .iter()
        .map(|i| {
            format!(
                "{}={}{}",
                i.name,
                if i.path.leading_colon { "::" } else { "" },
                i.path.segments.join("::")
            )
        })
        .collect();
    assert_eq!(
        imports,
        ["b=a::b", "d=a::c", "e=a::e", "f=a::e::f", "k=::j", "n=l::m"]
    );
    assert_eq!(m.globs.len(), 1);
    assert_eq!(m.globs[0].segments, ["a", "g"]);
}

#[test]
fn a_shebang_and_bom_keep_positions() {
    let w = walk(
        &[(
            "src/main.rs",
            "\u{feff}#!/usr/bin/env run\nfn f( {}\n".as_bytes(),
        )],
        "src/main.rs",
    );
    let loc = w.diags[0].loc.clone().unwrap();
    assert_eq!(loc.line, 2, "{:?}", w.messages());
}

#[test]
fn a_syntax_error_inside_a_body_is_reported_and_the_items_still_read() {
    let w = walk(
        &[
            (
                "src/main.rs",
                "mod a;\n#[x] fn f() {\n    let é = 1;\n    let y = ;\n}\n".as_bytes(),
            ),
            ("src/a.rs", b""),
        ],
        "src/main.rs",
    );
    let messages = w.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("unparsable-file: `src/main.rs` does not parse"),
        "{messages:?}"
    );
    let loc = w.diags[0].loc.clone().unwrap();
    assert_eq!((loc.line, loc.column), (4, 13));
    assert_eq!(w.file_of(&["a"]), "src/a.rs");
    assert_eq!(w.tree.modules[w.module(&[])].fns.len(), 1);
}

#[test]
fn files_read_ahead_give_the_same_walk_and_findings() {
    let files: &[(&str, &[u8])] = &[
        (
            "src/main.rs",
            "mod a;\n#[x] fn f() {\n    let é = 1;\n    let y = ;\n}\n".as_bytes(),
        ),
        ("src/a.rs", b"mod b;\n#[y] fn g() { let z = ; }\n"),
        ("src/a/b.rs", b"fn h() {}\n"),
        // Read ahead but never walked: their errors are not the walk's.
        ("src/unused.rs", b"fn u() { let w = ; }\n"),
        ("other/src/lib.rs", b"fn v() { ) }\n"),
    ];
    let plain = walk(files, "src/main.rs");
    let ahead = walk_ahead(files, "src/main.rs");
    let mut messages = ahead.messages();
    messages.sort();
    let mut expected = plain.messages();
    expected.sort();
    assert_eq!(messages, expected);
    assert_eq!(messages.len(), 2, "{messages:?}");
    let mut locs: Vec<_> = ahead
        .diags
        .iter()
        .map(|d| d.loc.clone().unwrap())
        .map(|l| (l.path.file_name().unwrap().to_owned(), l.line, l.column))
        .collect();
    locs.sort();
    assert_eq!(
        locs,
        [("a.rs".into(), 2, 23), ("main.rs".into(), 4, 13)],
        "{messages:?}"
    );
    assert_eq!(ahead.file_of(&["a", "b"]), "src/a/b.rs");
    assert_eq!(ahead.tree.modules[ahead.module(&["a"])].fns.len(), 1);
    assert_eq!(ahead.sources.by_rel("src/unused.rs"), None);
}
