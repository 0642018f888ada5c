"""Runs parliament for `bench/run.py engines`. Runs inside the scratch venv where parliament is
installed (never imported by run.py itself).

    python parliament_driver.py lint FILES.txt OUT.json [--repeats N]
        Reads every policy named in FILES.txt (one path a line) into memory, then lints them all
        in this one process through parliament's library API (`analyze_policy_string` with the
        community auditors, as `parliament --include-community-auditors` does), N times; writes
        the timings and the findings of the first round (issue, severity) to OUT.json.

    python parliament_driver.py tests SRC_DIR OUT.json
        Collects the policies parliament's own unit tests analyse: imports every test module
        under SRC_DIR (a checkout of parliament's repository), records each policy string passed
        to `analyze_policy_string` while the tests run (their assertions are not our concern),
        then analyses each recorded policy once more with the community auditors and writes
        policy text, test name and findings to OUT.json.
"""

import builtins
import importlib.util
import inspect
import json
import sys
import time
import traceback
from pathlib import Path

import parliament

# As `parliament --include-community-auditors` does: their finding types' titles and severities.
parliament.override_config(
    str(Path(parliament.__file__).parent / "community_auditors" / "config_override.yaml")
)


def findings_of(policy_text):
    """parliament's findings for one policy, with the severity its config gives each issue."""
    policy = parliament.analyze_policy_string(policy_text, include_community_auditors=True)
    out = []
    for finding in policy.findings:
        finding = parliament.enhance_finding(finding)
        out.append({"issue": finding.issue, "severity": finding.severity})
    return out


def lint(files_list, out_path, repeats):
    paths = [line.strip() for line in Path(files_list).read_text().splitlines() if line.strip()]
    texts = [Path(p).read_text() for p in paths]
    seconds = []
    report = []
    for round_ in range(repeats):
        start = time.perf_counter()
        for path, text in zip(paths, texts):
            found = findings_of(text)
            if round_ == 0:
                report.append({"file": path, "findings": found})
        seconds.append(time.perf_counter() - start)
    write_json(out_path, {"policies": len(paths), "seconds": seconds, "files": report})


def collect_test_policies(src_dir):
    """Runs parliament's test functions with analyze_policy_string wrapped to record its input."""
    recorded = []
    current = {"test": None}
    real = parliament.analyze_policy_string

    def recording(policy_str, *args, **kwargs):
        if isinstance(policy_str, str):
            recorded.append({"test": current["test"], "policy": policy_str})
        return real(policy_str, *args, **kwargs)

    parliament.analyze_policy_string = recording
    # Some of parliament's tests use nose's `assert_equal` without importing it.
    if not hasattr(builtins, "assert_equal"):
        def assert_equal(a, b, message=None):
            assert a == b, message

        builtins.assert_equal = assert_equal
    errors = []
    try:
        files = sorted(Path(src_dir).glob("tests/unit/test_*.py"))
        files += sorted(Path(src_dir).glob("parliament/community_auditors/tests/test_*.py"))
        for file in files:
            name = "ptest_" + file.stem
            spec = importlib.util.spec_from_file_location(name, file)
            module = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(module)
            except Exception as e:  # a module that does not import: note it, go on
                errors.append(f"{file.name}: import failed: {e}")
                continue
            for cname, cls in sorted(inspect.getmembers(module, inspect.isclass)):
                if not cname.startswith("Test"):
                    continue
                for mname, fn in sorted(inspect.getmembers(cls, inspect.isfunction)):
                    # Only the tests that analyse a policy (others walk the whole action data).
                    if not mname.startswith("test") or "analyze_policy_string" not in inspect.getsource(fn):
                        continue
                    current["test"] = f"{file.name}::{cname}::{mname}"
                    try:
                        getattr(cls(), mname)()
                    except AssertionError:
                        pass  # parliament's own expectation; we only want its input
                    except Exception:
                        errors.append(f"{current['test']}: {traceback.format_exc(limit=1)}")
    finally:
        parliament.analyze_policy_string = real
    return recorded, errors


def tests(src_dir, out_path):
    recorded, errors = collect_test_policies(src_dir)
    seen = set()
    policies = []
    for item in recorded:
        if item["policy"] in seen:
            continue
        seen.add(item["policy"])
        item["findings"] = findings_of(item["policy"])
        policies.append(item)
    write_json(out_path, {"policies": policies, "errors": errors})


def write_json(path, value):
    tmp = Path(str(path) + ".tmp")
    tmp.write_text(json.dumps(value))
    tmp.replace(path)


def main(argv):
    if len(argv) >= 3 and argv[0] == "lint":
        repeats = int(argv[argv.index("--repeats") + 1]) if "--repeats" in argv else 3
        lint(argv[1], argv[2], repeats)
        return 0
    if len(argv) == 3 and argv[0] == "tests":
        tests(argv[1], argv[2])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
