//! Reading and parsing one file, once: UTF-8 and syntax errors become `unparsable-file`
//! findings; function bodies are blanked before parsing ([`super::skim`]) and checked on
//! another thread ([`Checker`]).

use super::{Walker, skim};
use crate::report::{Diag, FileId, SourceFile};
use lambda_iam_core::diag::Code;
use proc_macro2::Span;
use std::path::{Path, PathBuf};

/// Parses whole files on another thread, only to report syntax errors inside function bodies
/// (the walk itself parses files with their bodies blanked, see [`skim`]). Spans stay in the
/// thread that made them: only file ids, lines, columns and messages come back.
pub(super) struct Checker {
    pub(super) files: std::sync::mpsc::Sender<(FileId, String)>,
    pub(super) errors: std::thread::JoinHandle<Vec<(FileId, usize, usize, String)>>,
}

impl Checker {
    pub(super) fn spawn() -> Option<Checker> {
        let (files, inbox) = std::sync::mpsc::channel::<(FileId, String)>();
        let errors = std::thread::Builder::new()
            .name("syntax-check".into())
            .spawn(move || {
                let mut errors = Vec::new();
                for (id, text) in inbox {
                    if let Err(e) = syn::parse_str::<syn::File>(&text) {
                        let start = e.span().start();
                        errors.push((id, start.line, start.column + 1, e.to_string()));
                    }
                }
                errors
            })
            .ok()?;
        Some(Checker { files, errors })
    }
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
        let rel = crate::report::relative(&path, &self.root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|| path.to_string_lossy().replace('\\', "/"));
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
                    let sent = self
                        .checker
                        .as_ref()
                        .is_some_and(|c| c.files.send((id, text.clone())).is_ok());
                    if sent {
                        Ok(file)
                    } else {
                        syn::parse_str::<syn::File>(text)
                    }
                }
                Err(_) => syn::parse_str::<syn::File>(text),
            },
            None => syn::parse_str::<syn::File>(text),
        };
        match parsed {
            Ok(file) => {
                self.parsed.insert(id, Some(file));
                Some(id)
            }
            Err(e) => {
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
