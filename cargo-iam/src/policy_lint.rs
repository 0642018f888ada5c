//! The lints of `lambda-iam-core` on policy JSON text: findings turned into [`Diag`]s placed at
//! the JSON line:column of the value they are about, plus the one lint only the text can show
//! (a key given twice, which a parsed value has already lost). Shared by `cargo iam lint` and the
//! tests; `cargo iam check` places findings at the Rust declarations instead.

use crate::json_span::{self, Positioned};
use crate::report::{Diag, Fatal, FileId, Loc, Sources};
use lambda_iam_core::diag::Code;
use lambda_iam_core::lint::{self, JsonPath, Lint, LintFinding, LintOptions, LintSeverity};

/// A key given twice in one JSON object.
pub static DUPLICATE_KEY: Lint = Lint {
    code: "duplicate-key",
    severity: LintSeverity::Error,
    summary: "a key given twice in one JSON object",
    explain: "\
## What it finds

A key that occurs twice in the same JSON object of a policy document, such as two `Effect` or
two `Resource` members in one statement.

## Why it matters

IAM rejects a policy with duplicate keys (`MalformedPolicyDocument`). Many JSON parsers keep only
the last value silently, so a tool that reads the document may see a different policy than the
one you meant, and one of the two values is never reviewed.

## Example

```json
{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Action\": \"s3:PutObject\", \"Resource\": \"*\"}
```

## How to fix

Keep one member per key; to give several values, use a list:
`\"Action\": [\"s3:GetObject\", \"s3:PutObject\"]`.
",
};

/// The lints only the command line adds, sorted by code.
pub static CLI_LINTS: &[&Lint] = &[&DUPLICATE_KEY];

/// Every lint `cargo iam lint` can report, sorted by code.
pub fn all_lints() -> Vec<&'static Lint> {
    let mut all: Vec<&'static Lint> = lint::LINTS.iter().chain(CLI_LINTS).copied().collect();
    all.sort_by_key(|l| l.code);
    all.dedup_by_key(|l| l.code);
    all
}

/// The lint with this code, from core or the command line.
pub fn by_code(code: &str) -> Option<&'static Lint> {
    lint::lint_by_code(code).or_else(|| CLI_LINTS.iter().copied().find(|l| l.code == code))
}

/// The usage error for a code that names no lint, with the close ones.
pub fn unknown_code(code: &str) -> Fatal {
    let lints = all_lints();
    let close = lambda_iam_core::lookup::suggest(code, lints.iter().map(|l| l.code));
    let help = if close.is_empty() {
        format!(
            "the codes are {}",
            lints
                .iter()
                .map(|l| format!("`{}`", l.code))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        let close: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
        format!("did you mean {}?", close.join(" or "))
    };
    Fatal::usage(format!("no lint has the code `{code}`")).with_help(help)
}

/// Lints the JSON document of file `id`. `Err`: the text is not JSON (a diagnostic at the
/// parse error's line:column).
pub fn lint_file(
    sources: &Sources,
    id: FileId,
    options: &LintOptions,
) -> Result<Vec<Diag>, Box<Diag>> {
    let text = &sources.get(id).text;
    let positioned = json_span::parse(text).map_err(|e| {
        Box::new(
            Diag::error(
                Code::UnparsableFile,
                format!("not a JSON document: {}", e.message),
            )
            .with_help("an IAM policy is one JSON object: fix the syntax at this place")
            .at(Some(sources.loc_at(id, e.line, e.column))),
        )
    })?;
    let mut diags = Vec::new();
    // Core knows only its own codes (and flags suppressions of others).
    let core_options = LintOptions {
        policy_type: options.policy_type,
        suppressions: options
            .suppressions
            .iter()
            .filter(|s| !CLI_LINTS.iter().any(|l| l.code == s.code))
            .cloned()
            .collect(),
    };
    for finding in lint::lint_policy(&positioned.value, &core_options) {
        diags.push(finding_diag(sources, id, &positioned, &finding));
    }
    let allowed = |lint: &Lint| {
        options
            .suppressions
            .iter()
            .any(|s| s.code == lint.code && s.statement.is_none() && !s.reason.trim().is_empty())
    };
    if !allowed(&DUPLICATE_KEY) {
        for d in &positioned.duplicates {
            let mut diag = Diag::lint(
                &DUPLICATE_KEY,
                format!(
                    "`{}` is given twice in this object: IAM rejects the policy",
                    d.key
                ),
            )
            .with_help("keep one member; to give several values, use a list")
            .at(Some(sources.loc_span(id, d.span.clone())));
            diag.related.push((
                sources.loc_span(id, d.first.clone()),
                "first given here".into(),
            ));
            diags.push(diag);
        }
    }
    // In the order of the text (stable: the engine's order among findings at one place).
    diags.sort_by_key(|d| d.loc.as_ref().map(|l| (l.line, l.column)));
    Ok(diags)
}

/// A finding placed at the value its path points to.
pub fn finding_diag(
    sources: &Sources,
    id: FileId,
    positioned: &Positioned,
    finding: &LintFinding,
) -> Diag {
    let mut diag = Diag::lint(finding.lint, finding.message.clone()).at(Some(place(
        sources,
        id,
        positioned,
        &finding.path,
    )));
    diag.help = finding.help.clone();
    for (path, label) in &finding.related {
        diag.related
            .push((place(sources, id, positioned, path), label.clone()));
    }
    diag
}

/// Where to point for `path`: the value when it fits on one line; for a multi-line object or
/// list, its key (or, without one, its opening bracket).
fn place(sources: &Sources, id: FileId, positioned: &Positioned, path: &JsonPath) -> Loc {
    let located = positioned.locate(path);
    let text = &sources.get(id).text;
    let value = located.value.clone();
    let range = if text.get(value.clone()).is_some_and(|v| v.contains('\n')) {
        located
            .key
            .unwrap_or(value.start..(value.start + 1).min(value.end))
    } else {
        value
    };
    sources.loc_span(id, range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_lints_have_docs_and_known_codes() {
        for lint in CLI_LINTS {
            assert!(by_code(lint.code).is_some());
            for part in [
                "## What it finds",
                "## Why it matters",
                "## Example",
                "## How to fix",
            ] {
                assert!(lint.explain.contains(part), "{}: {part}", lint.code);
            }
        }
        let codes: Vec<_> = all_lints().iter().map(|l| l.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn an_unknown_code_suggests_close_ones() {
        let Fatal(d) = unknown_code("duplicate-keys");
        assert_eq!(d.help.as_deref(), Some("did you mean `duplicate-key`?"));
    }
}
