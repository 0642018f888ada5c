//! The workspace as `cargo metadata --no-deps` describes it: members, their lib and bin targets,
//! the names under which each member sees its dependencies, and the `lambda-iam` configuration.

use crate::cli::GlobalArgs;
use crate::config::{self, Config};
use crate::report::Fatal;
use cargo_metadata::{DependencyKind, MetadataCommand, TargetKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The package users depend on, and the proc-macro crate behind it.
pub const RUNTIME_PACKAGE: &str = "lambda-iam";
pub const MACROS_PACKAGE: &str = "lambda-iam-macros";

/// A workspace member.
#[derive(Clone, Debug)]
pub struct Package {
    pub name: String,
    pub manifest_path: PathBuf,
    /// Whether `-p`/`--exclude` select its functions.
    pub selected: bool,
    pub targets: Vec<Target>,
    /// Extern crate name (as written in code) → package name, for the normal dependencies.
    pub externs: BTreeMap<String, String>,
    pub config: Config,
    /// cargo-lambda's settings (`[package.metadata.lambda]`).
    pub lambda: crate::cargo_lambda::CargoLambda,
}

/// A lib or bin target of a member.
#[derive(Clone, Debug)]
pub struct Target {
    /// The crate name as code writes it (`image_processor`).
    pub crate_name: String,
    pub kind: TargetKind2,
    pub root: PathBuf,
}

/// The kinds of target `cargo iam` reads. Tests, benches, examples and build scripts are not
/// deployed as Lambda functions and are skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetKind2 {
    Lib,
    /// A binary, by its target name (`[[bin]] name`), which names its Lambda function.
    Bin(String),
}

/// Everything read from `cargo metadata`.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub manifest_path: PathBuf,
    pub packages: Vec<Package>,
    pub config: Config,
}

impl Workspace {
    /// Runs `cargo metadata --no-deps` as the options say, and reads the configuration.
    pub fn load(args: &GlobalArgs) -> Result<Workspace, Fatal> {
        Workspace::start(args).finish(args)
    }

    /// Starts `cargo metadata --no-deps` on another thread, so that the caller can work while it
    /// runs; [`Pending::finish`] waits for it.
    pub fn start(args: &GlobalArgs) -> Pending {
        let mut cmd = MetadataCommand::new();
        cmd.no_deps();
        if let Some(path) = &args.manifest_path {
            cmd.manifest_path(path);
        }
        let mut options = Vec::new();
        for (on, flag) in [
            (args.offline, "--offline"),
            (args.locked, "--locked"),
            (args.frozen, "--frozen"),
        ] {
            if on {
                options.push(flag.to_string());
            }
        }
        cmd.other_options(options);
        let thread = std::thread::Builder::new()
            .name("cargo-metadata".into())
            .spawn({
                let cmd = cmd.clone();
                move || cmd.exec()
            })
            .ok();
        Pending { cmd, thread }
    }
}

/// `cargo metadata` running (see [`Workspace::start`]).
#[derive(Debug)]
pub struct Pending {
    cmd: MetadataCommand,
    /// `None` when no thread could be started: [`Pending::finish`] runs the command itself.
    thread: Option<std::thread::JoinHandle<cargo_metadata::Result<cargo_metadata::Metadata>>>,
}

impl Pending {
    /// Whether `cargo metadata` has finished (or never started).
    pub fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(|t| t.is_finished())
    }

    /// Waits for `cargo metadata`, and reads the workspace and its configuration.
    pub fn finish(self, args: &GlobalArgs) -> Result<Workspace, Fatal> {
        let result = match self.thread.map(|t| t.join()) {
            Some(Ok(result)) => result,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => self.cmd.exec(),
        };
        let meta = result.map_err(|e| match e {
            cargo_metadata::Error::CargoMetadata { stderr } => Fatal::new(format!(
                "`cargo metadata` failed: {}",
                stderr.trim().trim_start_matches("error: ")
            ))
            .with_help("run `cargo metadata --no-deps` to see the problem; `--manifest-path` selects another workspace"),
            other => Fatal::new(format!("could not run `cargo metadata`: {other}")),
        })?;

        let root = meta.workspace_root.clone().into_std_path_buf();
        let manifest_path = root.join("Cargo.toml");
        let config = config::parse(
            &meta.workspace_metadata,
            "workspace.metadata.lambda-iam",
            config::WORKSPACE_KEYS,
        )
        .map_err(|e| Fatal::config(&manifest_path, e))?;

        let members: std::collections::HashSet<_> = meta.workspace_members.iter().collect();
        let mut packages = Vec::new();
        for pkg in meta.packages.iter().filter(|p| members.contains(&p.id)) {
            let manifest_path = pkg.manifest_path.clone().into_std_path_buf();
            let config = config::parse(
                &pkg.metadata,
                "package.metadata.lambda-iam",
                config::PACKAGE_KEYS,
            )
            .map_err(|e| Fatal::config(&manifest_path, e))?;
            let mut targets = Vec::new();
            for t in &pkg.targets {
                let is_lib = t.kind.iter().any(|k| {
                    matches!(
                        k,
                        TargetKind::Lib
                            | TargetKind::RLib
                            | TargetKind::DyLib
                            | TargetKind::CDyLib
                            | TargetKind::StaticLib
                            | TargetKind::ProcMacro
                    )
                });
                let kind = if is_lib {
                    TargetKind2::Lib
                } else if t.kind.contains(&TargetKind::Bin) {
                    TargetKind2::Bin(t.name.clone())
                } else {
                    continue;
                };
                targets.push(Target {
                    crate_name: t.name.replace('-', "_"),
                    kind,
                    root: t.src_path.clone().into_std_path_buf(),
                });
            }
            let mut externs = BTreeMap::new();
            for dep in &pkg.dependencies {
                if dep.kind != DependencyKind::Normal {
                    continue;
                }
                let written = dep.rename.as_deref().unwrap_or(&dep.name).replace('-', "_");
                externs.insert(written, dep.name.clone());
            }
            packages.push(Package {
                name: pkg.name.to_string(),
                manifest_path,
                selected: true,
                targets,
                externs,
                config,
                lambda: crate::cargo_lambda::CargoLambda::parse(&pkg.metadata),
            });
        }
        packages.sort_by(|a, b| a.name.cmp(&b.name));
        select(&mut packages, args)?;
        Ok(Workspace {
            root,
            manifest_path,
            packages,
            config,
        })
    }
}

impl Workspace {
    /// The output directory: `--out-dir` (relative to the current directory), else `out_dir` of
    /// `[workspace.metadata.lambda-iam]` (relative to the workspace root), else `iam/`.
    pub fn out_dir(&self, cli: Option<&Path>) -> PathBuf {
        match cli {
            Some(dir) => std::env::current_dir()
                .map(|cwd| cwd.join(dir))
                .unwrap_or_else(|_| dir.to_path_buf()),
            None => self
                .root
                .join(self.config.out_dir.as_deref().unwrap_or("iam")),
        }
    }

    /// The output directory of this run: [`Workspace::out_dir`], and `<stage>/` inside it with
    /// `--stage`. When the workspace defines stages, `--stage` is required (the files of one
    /// stage must not be compared with another's values).
    pub fn stage_out_dir(&self, args: &GlobalArgs) -> Result<PathBuf, Fatal> {
        let dir = self.out_dir(args.out_dir.as_deref());
        match &args.stage {
            Some(stage) => {
                self.stage_vars(Some(stage))?;
                Ok(dir.join(stage))
            }
            None if !self.config.stages.is_empty() => Err(Fatal::usage(format!(
                "this workspace defines the stages {}: choose one with `--stage <name>`",
                self.stage_names()
            ))
            .with_help("each stage's files live in their own directory, `<out_dir>/<stage>/`")),
            None => Ok(dir),
        }
    }

    /// The values of `--stage` (none without it); an unknown stage is a usage error.
    pub fn stage_vars(&self, stage: Option<&String>) -> Result<BTreeMap<String, String>, Fatal> {
        let Some(stage) = stage else {
            return Ok(BTreeMap::new());
        };
        match self.config.stages.get(stage) {
            Some(vars) => Ok(vars.clone()),
            None if self.config.stages.is_empty() => Err(Fatal::usage(format!(
                "unknown stage `{stage}`: this workspace defines no stages"
            ))
            .with_help("define it in `[workspace.metadata.lambda-iam.stages.<name>.vars]`")),
            None => Err(Fatal::usage(format!(
                "unknown stage `{stage}`: the stages are {}",
                self.stage_names()
            ))),
        }
    }

    fn stage_names(&self) -> String {
        self.config
            .stages
            .keys()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The lib target of a package, by package name.
    pub fn package(&self, name: &str) -> Option<&Package> {
        self.packages.iter().find(|p| p.name == name)
    }
}

/// Applies `-p`, `--workspace` and `--exclude`. Without `-p`, every member is selected: a
/// workspace's functions are emitted and checked together.
fn select(packages: &mut [Package], args: &GlobalArgs) -> Result<(), Fatal> {
    for spec in args.package.iter().chain(&args.exclude) {
        let name = spec.split('@').next().unwrap_or(spec);
        if !packages.iter().any(|p| p.name == name) {
            let names = packages
                .iter()
                .map(|p| format!("`{}`", p.name))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(
                Fatal::usage(format!("package `{spec}` is not a member of the workspace"))
                    .with_help(format!("the members are {names}")),
            );
        }
    }
    let named = |list: &[String], p: &Package| {
        list.iter()
            .any(|s| s.split('@').next() == Some(p.name.as_str()))
    };
    for p in packages.iter_mut() {
        p.selected =
            (args.package.is_empty() || named(&args.package, p)) && !named(&args.exclude, p);
    }
    Ok(())
}
