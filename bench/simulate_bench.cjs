#!/usr/bin/env node
// Times @cloud-copilot/iam-simulate for `bench/run.py engines`, in one Node process.
//
// The simulator is AGPL-licensed: it is never vendored here. run.py installs it with npm into a
// scratch directory and finds it through NODE_PATH, as tests/differential/run.sh does.
//
// Usage: node simulate_bench.cjs PAIRS.jsonl OUT.json [REPEATS]
//
// Reads every (policy, request) pair (the JSON lines of `bench_engines pairs`) into memory, then
// per round decides them twice: with `runUnsafeSimulation` (no validation of the inputs; it cannot
// take a resource policy, so only the pairs with identity policies alone) and with
// `runSimulation` (validates policies, request and context keys first; every pair). Both load the
// policies from the parsed JSON objects on every call; neither time includes reading the file.
// Writes the timings, the decisions of the first unvalidated round (identity-only pairs, in file
// order) and the number of pairs the validating entry point rejected.

'use strict';

const fs = require('fs');
const sim = require('@cloud-copilot/iam-simulate');

const OUTCOMES = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

function simulation(pair) {
  const identityPolicies = [];
  let resourcePolicy;
  pair.policies.forEach((p, i) => {
    if (p.kind === 'identity') {
      identityPolicies.push({ name: `policy${i}`, policy: p.policy });
    } else {
      resourcePolicy = p.policy;
    }
  });
  const r = pair.request;
  return {
    request: {
      principal: r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.account },
      contextVariables: r.context,
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy,
  };
}

async function main() {
  const [input, output, repeatsArg] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node simulate_bench.cjs PAIRS.jsonl OUT.json [REPEATS]');
    process.exit(2);
  }
  const repeats = Math.max(1, Number(repeatsArg || 3));
  const pairs = fs
    .readFileSync(input, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, n) => {
      try {
        return JSON.parse(l);
      } catch (e) {
        console.error(`${input}:${n + 1}: invalid JSON: ${e.message}`);
        process.exit(2);
      }
    });
  const sims = pairs.map(simulation);
  const identityOnly = sims.filter((s) => s.resourcePolicy === undefined);
  const unsafeSeconds = [];
  const validatedSeconds = [];
  const decisions = [];
  let rejected = 0;
  for (let round = 0; round < repeats; round++) {
    let start = process.hrtime.bigint();
    for (const s of identityOnly) {
      const d = OUTCOMES[sim.runUnsafeSimulation(s, {})];
      if (round === 0) decisions.push(d || 'error');
    }
    unsafeSeconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    start = process.hrtime.bigint();
    let errors = 0;
    for (const s of sims) {
      const result = await sim.runSimulation(s, {});
      if (result.resultType === 'error') errors += 1;
    }
    validatedSeconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    rejected = errors;
  }
  const tmp = `${output}.tmp`;
  fs.writeFileSync(
    tmp,
    JSON.stringify({
      pairs: pairs.length,
      identity_only_pairs: identityOnly.length,
      unsafe_seconds: unsafeSeconds,
      validated_seconds: validatedSeconds,
      validated_rejected: rejected,
      decisions,
    }) + '\n',
  );
  fs.renameSync(tmp, output);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
