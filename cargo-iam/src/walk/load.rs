//! Reading and parsing one file, once: UTF-8 and syntax errors become `unparsable-file`
//! findings; function bodies are blanked before parsing ([`super::skim`]) and checked on
//! other threads ([`Checker`]); files can be read ahead of the walk ([`Preloaded`]).

use super::{Walker, skim};
use crate::report::{Diag, FileId, SourceFile, Sources};
use lambda_iam_core::diag::Code;
use proc_macro2::Span;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Parses whole files on other threads, only to report syntax errors inside function bodies
/// (the walk itself parses files with their bodies blanked, see [`skim`]). Spans stay in the
/// thread that made them: only paths, lines, columns and messages come back. Files are keyed by
/// path, so that files read ahead ([`Preloaded`]) can be checked before the walk needs them;
/// errors of files the walk never loads are dropped.
#[derive(Debug)]
pub struct Checker {
    pub(super) files: std::sync::mpsc::Sender<(PathBuf, String)>,
    errors: Vec<std::thread::JoinHandle<Vec<SyntaxError>>>,
}

/// A syntax error: file, 1-based line and column, message.
type SyntaxError = (PathBuf, usize, usize, String);

impl Checker {
    /// One thread per core; `None` when no thread can be started.
    pub fn spawn() -> Option<Checker> {
        let (files, inbox) = std::sync::mpsc::channel::<(PathBuf, String)>();
        let inbox = std::sync::Arc::new(std::sync::Mutex::new(inbox));
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let errors: Vec<_> = (0..threads)
            .filter_map(|_| {
                let inbox = std::sync::Arc::clone(&inbox);
                std::thread::Builder::new()
                    .name("syntax-check".into())
                    .spawn(move || {
                        let mut errors = Vec::new();
                        loop {
                            // The lock is held only to take the next file.
                            let next = inbox.lock().ok().and_then(|rx| rx.recv().ok());
                            let Some((path, text)) = next else {
                                return errors;
                            };
                            if let Err(e) = syn::parse_str::<syn::File>(&text) {
                                let start = e.span().start();
                                errors.push((path, start.line, start.column + 1, e.to_string()));
                            }
                        }
                    })
                    .ok()
            })
            .collect();
        if errors.is_empty() {
            return None;
        }
        Some(Checker { files, errors })
    }

    /// Waits for every file sent, and reports the errors of the files in `sources`.
    pub fn finish(self, sources: &Sources) -> Vec<Diag> {
        drop(self.files);
        let mut errors: Vec<SyntaxError> = self
            .errors
            .into_iter()
            .flat_map(|t| t.join().unwrap_or_default())
            .collect();
        errors.sort();
        errors
            .into_iter()
            .filter_map(|(path, line, column, message)| {
                let id = sources.by_path(&path)?;
                let loc = sources.loc_at(id, line, column);
                let rel = &sources.get(id).rel;
                Some(
                    Diag::error(
                        Code::UnparsableFile,
                        format!("`{rel}` does not parse: {message}"),
                    )
                    .with_help("fix the syntax (`cargo check` shows it too); until then no policy is written for what is declared in this file")
                    .at(Some(loc)),
                )
            })
            .collect()
    }
}

/// Source files read and parsed (bodies blanked) ahead of the walk, while `cargo metadata` runs
/// and this thread would otherwise wait: every `*.rs` file under a `src` directory below the
/// directory the command runs for. Only files that read, are UTF-8 and parse are kept; the walk
/// takes those it needs and treats them exactly as if it had read them itself (the rest of the
/// work, and every finding, happens in [`Walker::load`]). Parsing stays on this thread because
/// spans are only meaningful on the thread that made them.
#[derive(Default)]
pub struct Preloaded {
    files: HashMap<PathBuf, (String, syn::File)>,
}

impl std::fmt::Debug for Preloaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Preloaded")
            .field("files", &self.files.len())
            .finish()
    }
}

impl Preloaded {
    /// Whether no file was read ahead.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Directories deeper than this below `dir` are not looked at.
    const MAX_DEPTH: usize = 6;

    /// Reads breadth first from `dir` until `stop()` says the walk can begin.
    /// Each file kept is also handed to `checker`.
    pub fn scan(dir: &Path, checker: Option<&Checker>, stop: &dyn Fn() -> bool) -> Preloaded {
        let mut out = Preloaded::default();
        let mut dirs = std::collections::VecDeque::from([(normalize(dir), 0, false)]);
        while let Some((d, depth, in_src)) = dirs.pop_front() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for entry in entries.flatten() {
                if stop() {
                    return out;
                }
                let (Ok(kind), name) = (entry.file_type(), entry.file_name()) else {
                    continue;
                };
                let Some(name) = name.to_str() else {
                    continue;
                };
                if kind.is_dir() {
                    if depth < Self::MAX_DEPTH && !name.starts_with('.') && name != "target" {
                        dirs.push_back((d.join(name), depth + 1, in_src || name == "src"));
                    }
                } else if kind.is_file() && in_src && name.ends_with(".rs") {
                    let path = d.join(name);
                    if let Some(parsed) = preparse(&path) {
                        let sent = checker.is_some_and(|c| {
                            c.files.send((path.clone(), parsed.0.clone())).is_ok()
                        });
                        // Without a checker, the walk parses the whole file itself.
                        if sent {
                            out.files.insert(path, parsed);
                        }
                    }
                }
            }
        }
        out
    }
}

/// What [`Walker::load`] does on the happy path: read, UTF-8, prepare, blank bodies, parse.
fn preparse(path: &Path) -> Option<(String, syn::File)> {
    let text = prepare(String::from_utf8(std::fs::read(path).ok()?).ok()?);
    let skimmed = skim::blank_fn_bodies(&text)?;
    let file = syn::parse_str::<syn::File>(&skimmed).ok()?;
    Some((text, file))
}

impl Walker<'_> {
    /// Reads and parses `path` once; reports failures at `at` (the `mod` item) or the file.
    pub(super) fn load(&mut self, path: &Path, at: Option<(FileId, Span)>) -> Option<FileId> {
        let path = normalize(path);
        if self.failed.contains_key(&path) {
            return None;
        }
        if let Some(id) = self.sources.by_path(&path) {
            return self.parsed.get(&id).and_then(Option::as_ref).map(|_| id);
        }
        let rel = |path: &Path| {
            crate::report::relative(path, &self.root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|| path.to_string_lossy().replace('\\', "/"))
        };
        if let Some((text, skimmed)) = self.preloaded.files.remove(&path) {
            let rel = rel(&path);
            let id = self.sources.add(SourceFile { path, rel, text });
            // Its bodies are being checked already.
            self.parsed.insert(id, Some(skimmed));
            return Some(id);
        }
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                let loc = at.and_then(|(f, s)| self.sources.loc(f, s));
                let shown = crate::report::display_path(&path);
                self.diags.push(
                    Diag::error(Code::UnparsableFile, format!("could not read `{shown}`: {e}"))
                        .with_help("the functions and helpers in it are not seen; fix the `mod` declaration or the file")
                        .at(loc.or_else(|| Some(crate::report::Loc::file(&path)))),
                );
                self.failed.insert(path, ());
                return None;
            }
        };
        let rel = rel(&path);
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                let line = prefix.matches('\n').count() + 1;
                let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let mut loc = crate::report::Loc::file(&path);
                loc.line = line;
                loc.column = column;
                self.diags.push(
                    Diag::error(
                        Code::UnparsableFile,
                        format!("`{rel}` is not valid UTF-8 (byte {valid})"),
                    )
                    .with_help(
                        "Rust source files are UTF-8; the functions and helpers in it are not seen",
                    )
                    .at(Some(loc)),
                );
                self.failed.insert(path, ());
                return None;
            }
        };
        let text = prepare(text);
        let id = self.sources.add(SourceFile {
            path: path.clone(),
            rel: rel.clone(),
            text,
        });
        // Function bodies are blanked first: most of the tokens, and nothing `cargo iam` reads.
        // Should the skimmed text not parse, the original is parsed for an exact error.
        let text = &self.sources.get(id).text;
        let parsed = match skim::blank_fn_bodies(text) {
            Some(skimmed) => match syn::parse_str::<syn::File>(&skimmed) {
                Ok(file) => {
                    // The bodies still have to be checked: on the other thread, or here.
                    if self.check_bodies(id, text) {
                        Ok(file)
                    } else {
                        syn::parse_str::<syn::File>(text)
                    }
                }
                Err(_) => syn::parse_str::<syn::File>(text),
            },
            None => syn::parse_str::<syn::File>(text),
        };
        self.parsed_or_reported(id, parsed)
    }

    /// Hands `text` to the [`Checker`]; `false` when there is none.
    fn check_bodies(&self, id: FileId, text: &str) -> bool {
        self.checker.as_ref().is_some_and(|c| {
            let path = self.sources.get(id).path.clone();
            c.files.send((path, text.to_string())).is_ok()
        })
    }

    /// Records the parse of file `id`; reports the error.
    fn parsed_or_reported(&mut self, id: FileId, parsed: syn::Result<syn::File>) -> Option<FileId> {
        match parsed {
            Ok(file) => {
                self.parsed.insert(id, Some(file));
                Some(id)
            }
            Err(e) => {
                let SourceFile { path, rel, .. } = self.sources.get(id);
                let (path, rel) = (path.clone(), rel.clone());
                let loc = self.sources.loc(id, e.span());
                self.diags.push(
                    Diag::error(Code::UnparsableFile, format!("`{rel}` does not parse: {e}"))
                        .with_help("fix the syntax (`cargo check` shows it too); the rest of the workspace is still read, but nothing declared in this file is seen")
                        .at(loc.or_else(|| Some(crate::report::Loc::file(&path)))),
                );
                self.parsed.insert(id, None);
                None
            }
        }
    }
}

/// Removes `.` and resolves `..` lexically, so that one file has one key.
pub(super) fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Drops a byte-order mark and blanks a shebang line, keeping line and column numbers.
fn prepare(mut text: String) -> String {
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        text = rest.to_string();
    }
    if text.starts_with("#!") && !text[2..].trim_start().starts_with('[') {
        let end = text.find('\n').unwrap_or(text.len());
        let blank: String = text[..end].chars().map(|_| ' ').collect();
        text.replace_range(..end, &blank);
    }
    text
}
