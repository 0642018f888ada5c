#!/usr/bin/env bash
# Validates the SARIF logs of `cargo iam lint` and `cargo iam check` against the SARIF 2.1.0 JSON
# schema, as published by the SARIF authors (the 2.1.0 "rtm.5" schema that json.schemastore.org
# serves for SARIF 2.1.0).
#
# The schema comes from the npm package @microsoft/jest-sarif (MIT), which ships it as
# lib/schemas/sarif-2.1.0-rtm.5.json; it is fetched into a scratch directory with `npm pack`,
# checked against a pinned sha256, and never copied into the repository. The validator is the
# Python `jsonschema` package (PyPI, MIT): the system's when importable, else installed into a
# scratch virtual environment.
#
# Usage: cargo-iam/tests/sarif-schema.sh     (from anywhere inside the repository)
# Env:   SARIF_SCHEMA     use this schema file instead of fetching one
#        SARIF_VALIDATOR  use this Python (with `jsonschema`) instead of finding one
#
# When the schema or the validator cannot be had (no npm, no registry, no python3), it prints
# why, and the test then skips with that reason printed.

set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
package="@microsoft/jest-sarif@1.0.0-beta.0"
member="package/lib/schemas/sarif-2.1.0-rtm.5.json"
sha256="2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/sarif-schema.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

run_test() {
  cd "$root"
  # --workspace: the features (and so the build) of the suite step before, nothing rebuilt.
  cargo test --locked --workspace --test lint sarif_output_validates_against_the_official_schema \
    -- --nocapture
}

skip() {
  echo "sarif-schema: SKIPPED: $1"
  unset SARIF_SCHEMA SARIF_VALIDATOR
  run_test
  exit 0
}

if [[ -z "${SARIF_SCHEMA:-}" ]]; then
  command -v npm >/dev/null || skip "npm is not installed, so the schema cannot be fetched"
  echo "sarif-schema: fetching ${package} (for its SARIF 2.1.0 schema) into a scratch directory"
  if ! (cd "$scratch" && npm pack --silent "$package" >/dev/null 2>&1); then
    skip "npm could not fetch ${package}"
  fi
  tar -xzf "$scratch"/*.tgz -C "$scratch" "$member" || skip "${package} has no ${member}"
  echo "${sha256}  ${scratch}/${member}" | sha256sum -c --quiet - ||
    skip "the schema in ${package} is not the pinned one (sha256 differs)"
  export SARIF_SCHEMA="${scratch}/${member}"
fi

if [[ -z "${SARIF_VALIDATOR:-}" ]]; then
  command -v python3 >/dev/null || skip "python3 is not installed, so no validator"
  if python3 -c 'import jsonschema' 2>/dev/null; then
    SARIF_VALIDATOR="$(command -v python3)"
  else
    echo "sarif-schema: installing jsonschema from PyPI into a scratch virtual environment"
    (python3 -m venv "$scratch/venv" && "$scratch/venv/bin/pip" install --quiet --disable-pip-version-check \
      "jsonschema==4.23.0") || skip "pip could not install jsonschema"
    SARIF_VALIDATOR="$scratch/venv/bin/python"
  fi
  export SARIF_VALIDATOR
fi

echo "sarif-schema: schema ${SARIF_SCHEMA}, validator $("$SARIF_VALIDATOR" -c 'import importlib.metadata as m; print("jsonschema", m.version("jsonschema"))')"
run_test
