//! Findings as data ([`Diag`]) and the one place that renders them: like rustc, with a source
//! snippet and a `= help:` line, on stderr; or one JSON object per line with
//! `--message-format json`. Paths are shown relative to the current directory.

use crate::cli::MessageFormat;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use lambda_iam_core::diag::{Code, Severity};
use lambda_iam_core::lint::{Lint, LintSeverity};
use proc_macro2::Span;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// A source file that was read.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Relative to the workspace root, `/`-separated: what policies' provenance records.
    pub rel: String,
    pub text: String,
}

/// Every source file read, so that diagnostics can show snippets.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    by_path: HashMap<PathBuf, FileId>,
    by_rel: HashMap<String, FileId>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = self.files.len();
        self.by_path.insert(file.path.clone(), id);
        self.by_rel.insert(file.rel.clone(), id);
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn by_path(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    pub fn by_rel(&self, rel: &str) -> Option<FileId> {
        self.by_rel.get(rel).copied()
    }

    /// The location of `span`, a span of a token parsed from file `id`.
    pub fn loc(&self, id: FileId, span: Span) -> Option<Loc> {
        let start = span.start();
        if start.line == 0 {
            return None;
        }
        let range = span.byte_range();
        let file = self.get(id);
        let valid = range.end <= file.text.len()
            && range.start <= range.end
            && file.text.is_char_boundary(range.start)
            && file.text.is_char_boundary(range.end);
        if !valid {
            return Some(Loc {
                path: file.path.clone(),
                line: start.line,
                column: start.column + 1,
                span: None,
            });
        }
        // The column from the text itself (the parser may have seen blanked function bodies).
        let line_start = file.text[..range.start].rfind('\n').map_or(0, |n| n + 1);
        let column = file.text[line_start..range.start].chars().count() + 1;
        Some(Loc {
            path: file.path.clone(),
            line: start.line,
            column,
            span: Some((id, range)),
        })
    }

    /// The location of the bytes `range` of file `id`.
    pub fn loc_span(&self, id: FileId, range: Range<usize>) -> Loc {
        let file = self.get(id);
        let (line, column) = crate::json_span::line_col(&file.text, range.start);
        Loc {
            path: file.path.clone(),
            line,
            column,
            span: Some((id, range)),
        }
    }

    /// The location at 1-based `line`:`column` (in characters) of file `id`.
    pub fn loc_at(&self, id: FileId, line: usize, column: usize) -> Loc {
        let file = self.get(id);
        let offset = file
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let rest = &file.text[offset.min(file.text.len())..];
        let start = offset
            + rest
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(0, |(i, _)| i);
        let end = start + file.text[start..].chars().next().map_or(0, char::len_utf8);
        Loc {
            path: file.path.clone(),
            line,
            column,
            span: Some((id, start..end)),
        }
    }
}

/// Where a finding points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loc {
    /// Absolute path of the file.
    pub path: PathBuf,
    /// 1-based; 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// The bytes of a source file in [`Sources`] to underline.
    pub span: Option<(FileId, Range<usize>)>,
}

impl Loc {
    pub fn file(path: impl Into<PathBuf>) -> Loc {
        Loc {
            path: path.into(),
            line: 0,
            column: 0,
            span: None,
        }
    }
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Diag {
    pub severity: Severity,
    /// `None` only for failures of the tool itself (I/O, usage).
    pub code: Option<Code>,
    pub message: String,
    pub help: Option<String>,
    pub loc: Option<Loc>,
    /// For a stale file: the unified diff from the committed file to the expected one.
    pub diff: Option<String>,
    /// For a lint finding: the lint, whose code and severity are shown instead of `code` and
    /// `severity` (which then only decide sorting and the exit code).
    pub lint: Option<&'static Lint>,
    /// Other places that explain the finding, each with a label.
    pub related: Vec<(Loc, String)>,
}

impl Diag {
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Diag {
        Diag {
            severity,
            code: Some(code),
            message: message.into(),
            help: None,
            loc: None,
            diff: None,
            lint: None,
            related: Vec::new(),
        }
    }

    /// A finding of `lint`.
    pub fn lint(lint: &'static Lint, message: impl Into<String>) -> Diag {
        let severity = match lint.severity {
            LintSeverity::Error | LintSeverity::Security => Severity::Error,
            LintSeverity::Warning => Severity::Warning,
            LintSeverity::Suggestion => Severity::Note,
        };
        Diag {
            severity,
            code: None,
            message: message.into(),
            help: None,
            loc: None,
            diff: None,
            lint: Some(lint),
            related: Vec::new(),
        }
    }

    /// The code shown: the lint's, else the finding's.
    pub fn code_str(&self) -> Option<&'static str> {
        self.lint.map(|l| l.code).or(self.code.map(Code::as_str))
    }

    /// The severity shown (`error`, `security`, `warning`, `suggestion`, `note`).
    pub fn severity_str(&self) -> &'static str {
        match (self.lint, self.severity) {
            (Some(lint), _) => lint.severity.as_str(),
            (None, Severity::Error) => "error",
            (None, Severity::Warning) => "warning",
            (None, Severity::Note) => "note",
        }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Diag {
        Diag::new(Severity::Error, code, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diag {
        self.help = Some(help.into());
        self
    }

    pub fn at(mut self, loc: Option<Loc>) -> Diag {
        self.loc = loc;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key: file, line, column, then the rest for determinism.
    fn sort_key(&self) -> (bool, PathBuf, usize, usize, String) {
        match &self.loc {
            Some(l) => (
                false,
                l.path.clone(),
                l.line,
                l.column,
                self.message.clone(),
            ),
            None => (true, PathBuf::new(), 0, 0, self.message.clone()),
        }
    }
}

/// Sorts findings by place and removes exact repeats (a helper used by two functions).
pub fn sort_dedup(diags: &mut Vec<Diag>) {
    diags.sort_by_key(Diag::sort_key);
    diags.dedup_by(|a, b| {
        a.code_str() == b.code_str()
            && a.message == b.message
            && a.loc == b.loc
            && a.severity == b.severity
    });
}

/// A failure that stops the command with exit code 2: usage, configuration, I/O.
#[derive(Clone, Debug)]
pub struct Fatal(pub Box<Diag>);

impl Fatal {
    pub fn new(message: impl Into<String>) -> Fatal {
        Fatal(Box::new(Diag {
            severity: Severity::Error,
            code: None,
            message: message.into(),
            help: None,
            loc: None,
            diff: None,
            lint: None,
            related: Vec::new(),
        }))
    }

    pub fn usage(message: impl Into<String>) -> Fatal {
        Fatal::new(message)
    }

    pub fn io(what: &str, path: &Path, err: &std::io::Error) -> Fatal {
        Fatal::new(format!("could not {what} `{}`: {err}", display_path(path)))
    }

    pub fn config(manifest: &Path, err: crate::config::ConfigError) -> Fatal {
        let mut d = Diag::error(Code::InvalidConfig, err.message).with_help(err.help);
        d.loc = Some(Loc::file(manifest));
        Fatal(Box::new(d))
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Fatal {
        self.0.help = Some(help.into());
        self
    }
}

/// Prints diagnostics on stderr as the options say.
#[derive(Debug)]
pub struct Printer {
    pub format: MessageFormat,
    pub color: anstream::ColorChoice,
}

impl Printer {
    pub fn print(&self, sources: &Sources, diag: &Diag) {
        let text = match self.format {
            MessageFormat::Json => json_line(sources, diag),
            // With SARIF (one document on stdout, written by the verb at the end), people
            // reading the log still get the findings on stderr.
            MessageFormat::Human | MessageFormat::Sarif => human(sources, diag),
        };
        let mut err = anstream::AutoStream::new(std::io::stderr(), self.color).lock();
        let _ = err.write_all(text.as_bytes());
    }

    pub fn print_all(&self, sources: &Sources, diags: &[Diag]) {
        for d in diags {
            self.print(sources, d);
        }
    }

    /// A line of progress or outcome on stderr, for people (not printed with JSON messages).
    pub fn status(&self, text: &str) {
        if self.format != MessageFormat::Json {
            let _ = writeln!(std::io::stderr().lock(), "{text}");
        }
    }

    /// With `--message-format sarif`: the SARIF log of `diags` on stdout.
    pub fn sarif(&self, sources: &Sources, diags: &[Diag]) {
        if self.format == MessageFormat::Sarif {
            let text = crate::sarif::render(sources, diags);
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }

    /// A closing line on stderr (human formats only): an error title when `failed`, else a
    /// warning title when there were findings, else plain.
    pub fn closing(&self, failed: bool, findings: bool, text: &str) {
        if self.format == MessageFormat::Json {
            return;
        }
        let line = if failed {
            Renderer::styled().render(&[Group::with_title(Level::ERROR.primary_title(text))])
        } else if findings {
            Renderer::styled().render(&[Group::with_title(Level::WARNING.primary_title(text))])
        } else {
            text.to_string()
        };
        let mut err = anstream::AutoStream::new(std::io::stderr(), self.color).lock();
        let _ = writeln!(err, "{line}");
    }

    /// A closing line on stderr, like rustc's `aborting due to ...` (human format only).
    pub fn summary(&self, diags: &[Diag], what_failed: Option<&str>) {
        if self.format == MessageFormat::Json {
            return;
        }
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diags
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        if errors == 0 && warnings == 0 && what_failed.is_none() {
            return;
        }
        let plural = |n: usize, w: &str| {
            if n == 1 {
                format!("1 {w}")
            } else {
                format!("{n} {w}s")
            }
        };
        let counts = match (errors, warnings) {
            (0, w) => plural(w, "warning"),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        };
        let line = match what_failed {
            Some(what) => {
                let level = Level::ERROR.primary_title(format!("{what} ({counts})"));
                Renderer::styled().render(&[Group::with_title(level)])
            }
            None => {
                let level = Level::WARNING.primary_title(format!("{counts} emitted"));
                Renderer::styled().render(&[Group::with_title(level)])
            }
        };
        let mut err = anstream::AutoStream::new(std::io::stderr(), self.color).lock();
        let _ = writeln!(err, "{line}\n");
    }
}

fn human(sources: &Sources, diag: &Diag) -> String {
    let level = match (diag.lint.map(|l| l.severity), diag.severity) {
        (Some(LintSeverity::Security), _) => Level::ERROR.with_name("security"),
        (Some(LintSeverity::Suggestion), _) => Level::HELP.with_name("suggestion"),
        (_, Severity::Error) => Level::ERROR,
        (_, Severity::Warning) => Level::WARNING,
        (_, Severity::Note) => Level::NOTE,
    };
    let mut title = level.primary_title(diag.message.as_str());
    if let Some(code) = diag.code_str() {
        title = title.id(code);
    }
    let mut group = Group::with_title(title);
    let shown = diag.loc.as_ref().map(|l| display_path(&l.path));
    match (&diag.loc, &shown) {
        (
            Some(Loc {
                span: Some((id, range)),
                ..
            }),
            Some(path),
        ) => {
            let file = sources.get(*id);
            let mut snippet = Snippet::source(file.text.as_str())
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(range.clone()));
            // Related places in the same file are labelled in the same snippet.
            for (loc, label) in &diag.related {
                if let Some((rid, rrange)) = &loc.span
                    && rid == id
                {
                    snippet = snippet
                        .annotation(AnnotationKind::Context.span(rrange.clone()).label(label));
                }
            }
            group = group.element(snippet);
        }
        (Some(loc), Some(path)) => {
            let mut origin = Origin::path(path.as_str());
            if loc.line > 0 {
                origin = origin.line(loc.line).char_column(loc.column);
            }
            group = group.element(origin);
        }
        _ => {}
    }
    if let Some(help) = &diag.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let mut out = Renderer::styled().render(&[group]);
    out.push('\n');
    if let Some(diff) = &diag.diff {
        out.push_str(&color_diff(diff));
    }
    out.push('\n');
    out
}

fn color_diff(diff: &str) -> String {
    use anstyle::{AnsiColor, Style};
    let mut out = String::with_capacity(diff.len() + 64);
    for line in diff.split_inclusive('\n') {
        let style = match line.as_bytes().first() {
            Some(b'+') if !line.starts_with("+++") => AnsiColor::Green.on_default(),
            Some(b'-') if !line.starts_with("---") => AnsiColor::Red.on_default(),
            Some(b'@') => AnsiColor::Cyan.on_default(),
            _ => Style::new(),
        };
        let body = line.trim_end_matches('\n');
        out.push_str(&format!("{style}{body}{style:#}\n"));
    }
    out
}

#[derive(Serialize)]
struct JsonDiag<'a> {
    severity: &'static str,
    code: Option<&'static str>,
    message: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    /// Where the underlined text ends (exclusive), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<LineCol>,
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<&'a str>,
}

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Where the underlined text of `loc` ends (exclusive).
pub fn end_of(sources: &Sources, loc: &Loc) -> Option<LineCol> {
    let (id, range) = loc.span.as_ref()?;
    let (line, column) = crate::json_span::line_col(&sources.get(*id).text, range.end);
    Some(LineCol { line, column })
}

fn json_line(sources: &Sources, diag: &Diag) -> String {
    let json = JsonDiag {
        severity: diag.severity_str(),
        code: diag.code_str(),
        message: &diag.message,
        file: diag.loc.as_ref().map(|l| display_path(&l.path)),
        line: diag.loc.as_ref().filter(|l| l.line > 0).map(|l| l.line),
        column: diag.loc.as_ref().filter(|l| l.line > 0).map(|l| l.column),
        end: diag.loc.as_ref().and_then(|l| end_of(sources, l)),
        help: diag.help.as_deref(),
        diff: diag.diff.as_deref(),
    };
    let mut line = serde_json::to_string(&json).expect("a diagnostic always serialises");
    line.push('\n');
    line
}

/// `path` relative to the current directory when that is shorter, `/`-separated.
pub fn display_path(path: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| relative(path, &cwd));
    let shown = rel.as_deref().unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// `path` relative to `base` (both absolute), with `..` where needed.
pub fn relative(path: &Path, base: &Path) -> Option<PathBuf> {
    if !path.is_absolute() || !base.is_absolute() {
        return None;
    }
    let path: Vec<Component<'_>> = path.components().collect();
    let base: Vec<Component<'_>> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for c in &path[common..] {
        out.push(c);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let r = |p: &str, b: &str| {
            relative(Path::new(p), Path::new(b)).map(|p| p.to_string_lossy().into_owned())
        };
        assert_eq!(
            r("/w/a/src/main.rs", "/w/a").as_deref(),
            Some("src/main.rs")
        );
        assert_eq!(
            r("/w/b/src/main.rs", "/w/a").as_deref(),
            Some("../b/src/main.rs")
        );
        assert_eq!(r("/w/a", "/w/a").as_deref(), Some("."));
        assert_eq!(r("rel", "/w"), None);
    }

    #[test]
    fn renders_like_rustc_with_a_help_line() {
        let mut sources = Sources::default();
        let id = sources.add(SourceFile {
            path: PathBuf::from("/nonexistent/src/main.rs"),
            rel: "src/main.rs".into(),
            text: "fn a() {}\n#[handler(allow(\"s3:GetObjekt\", \"*\"))]\nfn b() {}\n".into(),
        });
        let loc = sources.loc_at(id, 2, 17);
        assert_eq!(&sources.get(id).text[loc.span.clone().unwrap().1], "\"");
        let diag = Diag::error(Code::UnknownAction, "unknown action `s3:GetObjekt`")
            .with_help("did you mean `s3:GetObject`?")
            .at(Some(loc));
        let text = anstream::adapter::strip_str(&human(&sources, &diag)).to_string();
        assert!(
            text.starts_with("error[unknown-action]: unknown action `s3:GetObjekt`\n"),
            "{text}"
        );
        assert!(text.contains("src/main.rs:2:17"), "{text}");
        assert!(
            text.contains("2 | #[handler(allow(\"s3:GetObjekt\", \"*\"))]"),
            "{text}"
        );
        assert!(
            text.contains("= help: did you mean `s3:GetObject`?"),
            "{text}"
        );
        let json: serde_json::Value = serde_json::from_str(&json_line(&sources, &diag)).unwrap();
        assert_eq!(json["code"], "unknown-action");
        assert_eq!(json["line"], 2);
        assert_eq!(json["column"], 17);
        assert_eq!(json["help"], "did you mean `s3:GetObject`?");
    }
}
