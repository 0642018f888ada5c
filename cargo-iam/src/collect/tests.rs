use super::recognise;
use crate::resolve::Resolver;
use crate::testing::{Walked, walk};
use crate::walk::SimplePath;
use lambda_iam_core::decl::AttrKind;

/// What each function's first attribute in the module at `path` resolves to.
fn kinds(w: &Walked, externs: &[(&str, &str)], path: &[&str]) -> Vec<(String, Option<AttrKind>)> {
    let crates = w.crates(externs);
    let resolver = Resolver {
        tree: &w.tree,
        crates: &crates,
    };
    let m = w.module(path);
    w.tree.modules[m]
        .fns
        .iter()
        .map(|f| {
            (
                f.name.clone(),
                recognise(&resolver, m, &SimplePath::from_syn(f.attrs[0].path())),
            )
        })
        .collect()
}

const PRELUDE: &[(&str, &str)] = &[("lambda_iam", "lambda-iam"), ("other", "other-crate")];

#[test]
fn full_paths_and_imports_reach_the_macros() {
    let w = walk(
        &[(
            "src/main.rs",
            b"
use lambda_iam::handler;
use lambda_iam::{handler as h, requires};
use lambda_iam as iam;
#[lambda_iam::handler] fn full() {}
#[::lambda_iam::handler] fn rooted() {}
#[handler] fn imported() {}
#[h] fn renamed() {}
#[requires] fn helper() {}
#[iam::requires] fn aliased_crate() {}
#[lambda_iam::declared] fn other_item() {}
#[tokio::main] fn unrelated() {}
",
        )],
        "src/main.rs",
    );
    let got = kinds(&w, PRELUDE, &[]);
    let expect = [
        ("full", Some(AttrKind::Handler)),
        ("rooted", Some(AttrKind::Handler)),
        ("imported", Some(AttrKind::Handler)),
        ("renamed", Some(AttrKind::Handler)),
        ("helper", Some(AttrKind::Requires)),
        ("aliased_crate", Some(AttrKind::Requires)),
        ("other_item", None),
        ("unrelated", None),
    ];
    assert_eq!(got, expect.map(|(n, k)| (n.to_string(), k)));
}

#[test]
fn an_unrelated_handler_is_not_ours() {
    let w = walk(
        &[(
            "src/main.rs",
            b"
use other::handler;
#[handler] fn theirs() {}
mod child {
    #[handler] fn not_imported_here() {}
    #[super::handler] fn through_parent() {}
}
mod mine {
    use lambda_iam::*;
    #[handler] fn glob() {}
    #[crate::handler] fn via_crate_root() {}
}
",
        )],
        "src/main.rs",
    );
    assert_eq!(kinds(&w, PRELUDE, &[]), [("theirs".to_string(), None)]);
    assert_eq!(
        kinds(&w, PRELUDE, &["child"]),
        [
            ("not_imported_here".to_string(), None),
            ("through_parent".to_string(), None)
        ]
    );
    assert_eq!(
        kinds(&w, PRELUDE, &["mine"]),
        [
            ("glob".to_string(), Some(AttrKind::Handler)),
            ("via_crate_root".to_string(), None)
        ]
    );
}

#[test]
fn a_renamed_dependency_is_followed() {
    let w = walk(
        &[(
            "src/main.rs",
            b"#[iam::handler] fn renamed() {} #[lambda_iam::handler] fn old_name() {}",
        )],
        "src/main.rs",
    );
    // `iam = { package = "lambda-iam" }`: `lambda_iam` is then not in the extern prelude.
    let got = kinds(&w, &[("iam", "lambda-iam")], &[]);
    assert_eq!(
        got,
        [
            ("renamed".to_string(), Some(AttrKind::Handler)),
            ("old_name".to_string(), None)
        ]
    );
}

#[test]
fn without_the_dependency_nothing_is_ours() {
    let w = walk(
        &[("src/main.rs", b"#[lambda_iam::handler] fn f() {}")],
        "src/main.rs",
    );
    assert_eq!(kinds(&w, &[], &[]), [("f".to_string(), None)]);
}

#[test]
fn import_cycles_terminate() {
    let w = walk(
        &[("src/main.rs", b"mod a { pub use super::b::*; } mod b { pub use super::a::*; #[x] fn f() {} } use a::x;")],
        "src/main.rs",
    );
    assert_eq!(kinds(&w, PRELUDE, &["b"]), [("f".to_string(), None)]);
}
