//! `--message-format sarif`: findings as one SARIF 2.1.0 log on stdout, in the subset GitHub code
//! scanning reads — one run; `tool.driver` with every lint as a rule (id, short and full
//! description, the `--explain` text as help, default level, and `security-severity` with the
//! `security` tag for security lints); each finding a result with its rule, level, message and
//! location (a path relative to the current directory, 1-based lines and columns counted in
//! Unicode code points, end exclusive). Failures of the tool itself (a file that cannot be read
//! or parsed) are tool execution notifications, and mark the invocation unsuccessful.
//!
//! Serialized from typed structs, in a deterministic order: rules by id, results as given.

use crate::policy_lint;
use crate::report::{Diag, Loc, Sources, display_path, end_of};
use lambda_iam_core::diag::Severity;
use lambda_iam_core::lint::{Lint, LintSeverity};
use serde::Serialize;
use std::collections::BTreeMap;

/// What GitHub shows for a security finding: 7.0–8.9 is "high".
const SECURITY_SEVERITY: &str = "8.0";
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help<'a>>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: OwnedText,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: OwnedText,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<OwnedText>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

fn lint_level(severity: LintSeverity) -> &'static str {
    match severity {
        LintSeverity::Error | LintSeverity::Security => "error",
        LintSeverity::Warning => "warning",
        LintSeverity::Suggestion => "note",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// `wildcard-action` → `WildcardAction`.
fn pascal(code: &str) -> String {
    code.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn lint_rule(lint: &'static Lint) -> Rule<'static> {
    let security = lint.severity == LintSeverity::Security;
    let mut tags = vec!["iam"];
    if security {
        tags.push("security");
    }
    Rule {
        id: lint.code,
        name: pascal(lint.code),
        short_description: Text { text: lint.summary },
        full_description: Some(Text {
            text: first_paragraph(lint.explain).unwrap_or(lint.summary),
        }),
        help: Some(Help {
            text: lint.explain,
            markdown: lint.explain,
        }),
        default_configuration: Configuration {
            level: lint_level(lint.severity),
        },
        properties: RuleProperties {
            tags,
            security_severity: security.then_some(SECURITY_SEVERITY),
        },
    }
}

/// The first paragraph of an explain text that is not a heading.
fn first_paragraph(explain: &str) -> Option<&str> {
    explain
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
}

/// Whether a place is in standard input (`cargo iam lint -`).
fn is_stdin(loc: &Loc) -> bool {
    loc.path == std::path::Path::new(crate::cmd::lint::STDIN)
}

/// A path as a relative URI reference: `/`-separated, with the characters a URI cannot hold
/// percent-encoded.
fn uri(loc: &Loc) -> String {
    let shown = display_path(&loc.path);
    let mut out = String::with_capacity(shown.len());
    for b in shown.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn location(sources: &Sources, loc: &Loc, id: Option<usize>, label: Option<&str>) -> Location {
    let region = (loc.line > 0).then(|| {
        let end = end_of(sources, loc).filter(|e| (e.line, e.column) > (loc.line, loc.column));
        Region {
            start_line: loc.line,
            start_column: loc.column,
            end_line: end.map(|e| e.line),
            end_column: end.map(|e| e.column),
        }
    });
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(loc) },
            region,
        },
        message: label.map(|l| OwnedText {
            text: l.to_string(),
        }),
    }
}

/// The SARIF log of `diags`: findings with a code are results; those without (failures of the
/// tool) are notifications. Every lint is a rule, and so is every other code that occurs.
pub fn render(sources: &Sources, diags: &[Diag]) -> String {
    let mut rules: BTreeMap<&'static str, Rule<'static>> = policy_lint::all_lints()
        .into_iter()
        .map(|l| (l.code, lint_rule(l)))
        .collect();
    for d in diags {
        if let (None, Some(code)) = (d.lint, d.code) {
            rules.entry(code.as_str()).or_insert_with(|| Rule {
                id: code.as_str(),
                name: pascal(code.as_str()),
                short_description: Text {
                    text: code.as_str(),
                },
                full_description: None,
                help: None,
                default_configuration: Configuration {
                    level: level(d.severity),
                },
                properties: RuleProperties {
                    tags: vec!["iam"],
                    security_severity: None,
                },
            });
        }
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    let mut failed = false;
    for d in diags {
        // Standard input is no artifact a URI can name: its findings have no location (SARIF
        // makes `locations` optional), and their message says where they come from.
        let locations: Vec<Location> = d
            .loc
            .iter()
            .filter(|l| !is_stdin(l))
            .map(|l| location(sources, l, None, None))
            .collect();
        let message = match &d.loc {
            Some(l) if is_stdin(l) => format!("{} (standard input, line {})", d.message, l.line),
            _ => d.message.clone(),
        };
        // A file that cannot be read or parsed is the tool failing on it, not a finding.
        let tool_failure = d.lint.is_none()
            && (d.code.is_none() || d.code == Some(lambda_iam_core::diag::Code::UnparsableFile));
        match d.code_str() {
            Some(code) if !tool_failure => results.push(SarifResult {
                rule_id: code,
                rule_index: index[code],
                level: d.lint.map_or(level(d.severity), |l| lint_level(l.severity)),
                message: OwnedText { text: message },
                locations,
                related_locations: d
                    .related
                    .iter()
                    .filter(|(l, _)| !is_stdin(l))
                    .enumerate()
                    .map(|(i, (l, label))| location(sources, l, Some(i + 1), Some(label)))
                    .collect(),
            }),
            _ => {
                failed |= d.severity == Severity::Error;
                notifications.push(Notification {
                    level: level(d.severity),
                    message: OwnedText { text: message },
                    locations,
                });
            }
        }
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "cargo-iam",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: rules.into_values().collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: !failed,
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).expect("a SARIF log always serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paragraphs() {
        assert_eq!(pascal("wildcard-action"), "WildcardAction");
        assert_eq!(
            first_paragraph("## What it finds\n\nA key twice.\n\n## Why"),
            Some("A key twice.")
        );
    }
}
