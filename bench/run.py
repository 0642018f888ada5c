#!/usr/bin/env python3
"""Benchmarks for the budgets in DESIGN.md, measured side by side in one run.

    python3 bench/run.py macro        # cargo check: 100 annotated handlers vs the same without
    python3 bench/run.py workspace    # cargo iam check vs cargo metadata on 200 crates / 2,000 handlers
    python3 bench/run.py all
    python3 bench/run.py lint         # cargo iam lint vs parliament: speed, accuracy, parliament's tests
    python3 bench/run.py eval         # the evaluator vs iam-simulate on 10,000 (policy, request) pairs
    python3 bench/run.py engines      # lint and eval in one run (see bench/README.md)

Each prints medians of N alternating runs and the ratio. Scratch crates go to a temp dir and are
deleted afterwards. Numbers are only meaningful on a quiet machine; quote medians and ratios.
"""

import argparse
import os
import resource  # noqa: F401 (used by the probe child too)
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import engines  # noqa: E402 (bench/engines.py: lint and eval against parliament and iam-simulate)

ROOT = Path(__file__).resolve().parent.parent

STATEMENTS = [
    'allow("s3:GetObject", "arn:${Partition}:s3:::source-{i}/*")',
    'allow("s3:PutObject", "arn:${Partition}:s3:::resized-{i}/*")',
    'allow("dynamodb:PutItem", "arn:${Partition}:dynamodb:${Region}:${Account}:table/Meta{i}")',
    'allow(actions = ["sqs:SendMessage"], resources = ["arn:${Partition}:sqs:${Region}:${Account}:queue-{i}"], '
    'condition("StringEquals", "aws:ResourceAccount", "123456789012"))',
]


def handler_source(i: int, annotated: bool) -> str:
    """A handler with a body of realistic size (~30 lines): parsing, matching, formatting."""
    attr = ""
    if annotated:
        stmts = ",\n    ".join(s.replace("{i}", str(i)) for s in STATEMENTS)
        attr = f'#[lambda_iam::handler(\n    function = "fn-{i}",\n    {stmts},\n)]\n'
    return f"""
#[derive(Debug, Clone, PartialEq)]
pub struct Work{i} {{ pub bucket: String, pub key: String, pub size: u64 }}

{attr}pub async fn handler_{i}(records: Vec<(String, String, u64)>) -> Result<Vec<String>, String> {{
    let mut out = Vec::with_capacity(records.len());
    for (bucket, key, size) in records {{
        let work = Work{i} {{ bucket: bucket.clone(), key: key.clone(), size }};
        if work.key.is_empty() {{
            return Err(format!("empty key in bucket {{}}", work.bucket));
        }}
        let target = match work.key.rsplit_once('.') {{
            Some((stem, ext)) if ext.eq_ignore_ascii_case("png") => format!("{{stem}}-small.png"),
            Some((stem, ext)) => format!("{{stem}}-small.{{ext}}"),
            None => format!("{{}}-small", work.key),
        }};
        let label = if work.size > 1_000_000 {{ "large" }} else {{ "small" }};
        out.push(format!("{{}}/{{}} -> {{}} ({{label}}, {{}} bytes)", work.bucket, work.key, target, work.size));
    }}
    out.sort();
    out.dedup();
    Ok(out)
}}
"""


def write_crate(dir: Path, name: str, annotated: bool, handlers: int, runtime: Path) -> None:
    (dir / "src").mkdir(parents=True, exist_ok=True)
    (dir / "Cargo.toml").write_text(
        f"""[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
lambda-iam = {{ path = "{runtime}" }}

[package.metadata.lambda-iam.vars]
Account = "123456789012"
Region = "eu-west-1"
"""
    )
    body = "".join(handler_source(i, annotated) for i in range(handlers))
    (dir / "src" / "lib.rs").write_text("#![allow(dead_code)]\n" + body)


def timed(cmd, cwd, env=None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


# The floor of the approach: an attribute macro that returns the item untouched, on the same
# handlers. Whatever any attribute on every handler costs rustc, this row shows it.
NOOP_MACRO = """use proc_macro::TokenStream;

#[proc_macro_attribute]
pub fn handler(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}
"""

# Compiling the macro crates with optimisations (as sqlx recommends for its macros).
OPTIMISED_MACROS = """
[profile.dev.package.lambda-iam-macros]
opt-level = 3
[profile.dev.package.lambda-iam-core]
opt-level = 3
[profile.dev.package.lambda-iam-catalog]
opt-level = 3
"""


def noop_source(i: int) -> str:
    return handler_source(i, False).replace(
        f"pub async fn handler_{i}", f"#[noop::handler]\npub async fn handler_{i}"
    )


def bench_macro_once(runs: int, optimised: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="lambda-iam-bench-") as tmp:
        tmp = Path(tmp)
        ws = tmp / "ws"
        ws.mkdir()
        members = '["annotated", "plain", "noop", "noop-user"]'
        manifest = f'[workspace]\nresolver = "3"\nmembers = {members}\n'
        (ws / "Cargo.toml").write_text(manifest + (OPTIMISED_MACROS if optimised else ""))
        write_crate(ws / "annotated", "annotated", True, 100, ROOT / "runtime")
        write_crate(ws / "plain", "plain", False, 100, ROOT / "runtime")
        (ws / "noop" / "src").mkdir(parents=True)
        (ws / "noop" / "Cargo.toml").write_text(
            '[package]\nname = "noop"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n'
            "[lib]\nproc-macro = true\n"
        )
        (ws / "noop" / "src" / "lib.rs").write_text(NOOP_MACRO)
        write_crate(ws / "noop-user", "noop-user", False, 100, ROOT / "runtime")
        with open(ws / "noop-user" / "Cargo.toml", "a") as manifest_file:
            manifest_file.write('\n[dependencies.noop]\npath = "../noop"\n')
        (ws / "noop-user" / "src" / "lib.rs").write_text(
            "#![allow(dead_code)]\n" + "".join(noop_source(i) for i in range(100))
        )
        env = dict(os.environ, CARGO_TARGET_DIR=str(tmp / "target"), CARGO_INCREMENTAL="0")
        subprocess.run(["cargo", "check", "--workspace", "--quiet"], cwd=ws, env=env, check=True)
        crates = ("plain", "noop-user", "annotated")
        times = {name: [] for name in crates}
        for _ in range(runs):
            for name in crates:
                (ws / name / "src" / "lib.rs").touch()
                times[name].append(timed(["cargo", "check", "-p", name, "--quiet"], ws, env))
        p = statistics.median(times["plain"])
        n = statistics.median(times["noop-user"])
        a = statistics.median(times["annotated"])
        how = "macro crates at opt-level 3" if optimised else "default dev profile"
        print(f"macro: cargo check of a crate with 100 handlers, {how} ({runs} alternating runs)")
        print(f"  without annotations          median {p*1000:8.1f} ms")
        print(f"  with a no-op attribute       median {n*1000:8.1f} ms   {((n / p) - 1) * 100:+.1f} % (the floor)")
        print(f"  with #[lambda_iam::handler]  median {a*1000:8.1f} ms   {((a / p) - 1) * 100:+.1f} %   (budget: under +5 %)")


def bench_macro(runs: int) -> None:
    bench_macro_once(runs, optimised=False)
    bench_macro_once(runs, optimised=True)


def cargo_iam() -> list:
    """Builds cargo-iam in release, in CARGO_TARGET_DIR when it is set (as cargo does)."""
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    if not target.is_absolute():
        target = ROOT / target
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "cargo-iam"], cwd=ROOT, check=True)
    return [str(target / "release" / "cargo-iam"), "iam"]


def bench_workspace(runs: int, crates: int = 200, per_crate: int = 10) -> None:
    iam = cargo_iam()
    with tempfile.TemporaryDirectory(prefix="lambda-iam-bench-") as tmp:
        ws = Path(tmp) / "ws"
        ws.mkdir()
        members = [f"fn{c:03}" for c in range(crates)]
        (ws / "Cargo.toml").write_text(
            '[workspace]\nresolver = "3"\nmembers = [' + ", ".join(f'"{m}"' for m in members) + "]\n"
        )
        for c, m in enumerate(members):
            d = ws / m
            (d / "src").mkdir(parents=True)
            (d / "Cargo.toml").write_text(
                f'[package]\nname = "{m}"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n'
                f'[dependencies]\nlambda-iam = {{ path = "{ROOT / "runtime"}" }}\n\n'
                '[package.metadata.lambda-iam.vars]\nAccount = "123456789012"\nRegion = "eu-west-1"\n'
            )
            body = "".join(handler_source(c * per_crate + i, True) for i in range(per_crate))
            (d / "src" / "lib.rs").write_text(body)
        subprocess.run(iam + ["emit", "--manifest-path", str(ws / "Cargo.toml")], check=True,
                       stdout=subprocess.DEVNULL)
        meta = ["cargo", "metadata", "--no-deps", "--format-version", "1", "--offline"]
        check = iam + ["check", "--manifest-path", str(ws / "Cargo.toml")]
        tm, tc = [], []
        for _ in range(runs):
            tm.append(timed(meta, ws))
            tc.append(timed(check, ws))
        probe = ("import resource, subprocess, sys; "
                 "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        peak_kib = int(subprocess.run([sys.executable, "-c", probe] + check, capture_output=True,
                                      text=True, check=True).stdout)
        m, c = statistics.median(tm), statistics.median(tc)
        print(f"workspace: {crates} crates, {crates * per_crate} handlers ({runs} alternating runs)")
        print(f"  cargo metadata --no-deps  median {m*1000:8.1f} ms")
        print(f"  cargo iam check           median {c*1000:8.1f} ms")
        print(f"  ratio                     {c / m:.2f}x   (budget: under 2x)")
        print(f"  peak RSS of cargo iam check {peak_kib / 1024:.0f} MB   (budget: under 200 MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["macro", "workspace", "all", "lint", "eval", "engines"])
    parser.add_argument("--runs", type=int, default=None,
                        help="repeats per measurement (default 7; 5 for lint/eval/engines)")
    engines.add_arguments(parser)
    args = parser.parse_args()
    if shutil.which("cargo") is None:
        print("cargo not found", file=sys.stderr)
        return 2
    if args.what in ("macro", "all"):
        bench_macro(args.runs or 7)
    if args.what in ("workspace", "all"):
        bench_workspace(args.runs or 7)
    if args.what in ("lint", "eval", "engines"):
        return engines.run(args, ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
