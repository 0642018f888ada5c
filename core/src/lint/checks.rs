//! The checks, by what they read. Each lint's code, severity and docs live in its own module
//! (`super::<lint>`); the checks that share work (resolving a statement's actions, matching its
//! ARNs against the actions' resource types) live together here.

use super::Out;
use super::model::Doc;

mod actions;
mod conditions;
mod coverage;
mod resources;
pub(super) mod security;
mod structure;

pub(super) fn run(doc: &Doc<'_>, out: &mut Out) {
    structure::check(doc, out);
    actions::check(doc, out);
    resources::check(doc, out);
    conditions::check(doc, out);
    security::check(doc, out);
    coverage::check(doc, out);
}

/// "`a`, `b` or `c`".
pub(super) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
