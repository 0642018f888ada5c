#!/bin/sh
# Git pre-commit hook: refuse a commit whose IAM policy files drift from the handlers'
# declarations (`cargo iam check`: missing, stale or orphaned files, unsafe declarations).
#
# Install:  cp docs/ci/pre-commit.sh .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
# Settings: CARGO_IAM       the command (default `cargo iam`)
#           CARGO_IAM_ARGS  extra options (`--manifest-path ..`, `--stage prod`, `--out-dir ..`)
# With the pre-commit framework, use the `cargo-iam-check` hook of .pre-commit-hooks.yaml.
set -eu
CARGO_IAM="${CARGO_IAM:-cargo iam}"
# shellcheck disable=SC2086 # both settings are word lists on purpose
if ! $CARGO_IAM check ${CARGO_IAM_ARGS:-}; then
    echo "pre-commit: the IAM policies do not match the declarations;" >&2
    echo "pre-commit: run \`cargo iam emit\`, review and stage the files, then commit again" >&2
    exit 1
fi
