#!/usr/bin/env node
// Differential oracle: reads (policy, request) pairs as JSON lines and writes the decision of
// @cloud-copilot/iam-simulate for each, one JSON line per pair: {"id": N, "decision": "..."}
// or {"id": N, "error": "..."}.
//
// The simulator is AGPL-licensed: it is never vendored here. It is installed into a scratch
// directory (see run.sh) and found through NODE_PATH.
//
// Usage: node oracle.cjs PAIRS.jsonl DECISIONS.jsonl

'use strict';

const fs = require('fs');
const readline = require('readline');
const sim = require('@cloud-copilot/iam-simulate');

const OUTCOMES = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

function simulation(pair) {
  const identity = [];
  let resourcePolicy;
  pair.policies.forEach((p, i) => {
    if (p.kind === 'identity') {
      identity.push({ name: `policy${i}`, policy: p.policy });
    } else {
      resourcePolicy = p.policy;
    }
  });
  const r = pair.request;
  return {
    sim: {
      request: {
        principal: r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: r.account },
        contextVariables: r.context,
      },
      identityPolicies: identity,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    },
    hasResourcePolicy: resourcePolicy !== undefined,
  };
}

async function decide(pair) {
  const { sim: s, hasResourcePolicy } = simulation(pair);
  // runUnsafeSimulation skips validation (so test-only context keys reach the conditions), but
  // it cannot take a resource policy; pairs with one go through the validating entry point.
  if (!hasResourcePolicy) {
    return OUTCOMES[sim.runUnsafeSimulation(s, {})];
  }
  const result = await sim.runSimulation(s, {});
  if (result.resultType === 'error') {
    throw new Error(result.errors.message || JSON.stringify(result.errors));
  }
  if (result.result && result.result.ignoredContextKeys && result.result.ignoredContextKeys.length) {
    throw new Error(`context keys ignored: ${result.result.ignoredContextKeys.join(', ')}`);
  }
  return OUTCOMES[result.overallResult];
}

async function main() {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node oracle.cjs PAIRS.jsonl DECISIONS.jsonl');
    process.exit(2);
  }
  const out = fs.createWriteStream(output);
  const lines = readline.createInterface({ input: fs.createReadStream(input) });
  let n = 0;
  const started = process.hrtime.bigint();
  for await (const line of lines) {
    if (!line.trim()) continue;
    const pair = JSON.parse(line);
    let record;
    try {
      const decision = await decide(pair);
      record = decision ? { id: pair.id, decision } : { id: pair.id, error: 'no decision' };
    } catch (e) {
      record = { id: pair.id, error: String(e && e.message ? e.message : e) };
    }
    out.write(JSON.stringify(record) + '\n');
    n += 1;
  }
  out.end();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.error(`oracle: ${n} pairs in ${ms.toFixed(0)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
