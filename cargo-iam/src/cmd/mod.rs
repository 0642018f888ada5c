//! One module per verb.

pub mod check;
pub mod emit;
pub mod explain;
pub mod lint;
pub mod list;
pub mod suggest;

use crate::report::Diag;

/// Lets the analysis go without freeing it: the process ends right after the verb, and freeing
/// thousands of syntax trees one by one costs more than a tenth of a large run.
pub(crate) fn leak(analysis: crate::analyze::Analysis) {
    std::mem::forget(analysis);
}

/// `Outcome::CheckFailed` when a finding is an error.
pub(crate) fn outcome_of(diags: &[Diag]) -> crate::Outcome {
    if diags.iter().any(Diag::is_error) {
        crate::Outcome::CheckFailed
    } else {
        crate::Outcome::Clean
    }
}

/// A table with left-aligned text columns and right-aligned numeric ones.
pub(crate) fn table(header: &[&str], rows: &[Vec<String>], numeric: &[bool]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            let last = i + 1 == cells.len();
            if numeric.get(i).copied().unwrap_or(false) {
                out.push_str(&" ".repeat(pad));
                out.push_str(cell);
            } else {
                out.push_str(cell);
                if !last {
                    out.push_str(&" ".repeat(pad));
                }
            }
            if !last {
                out.push_str("  ");
            }
        }
        out.push('\n');
        out
    };
    let mut out = line(header.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}
