//! The Rust side of `python3 bench/run.py engines` (see `bench/README.md`): generates the policy
//! corpora from the catalog, and times the lint engine and the evaluator in one process.
//!
//! ```text
//! cargo run --release -p lambda-iam-core --example bench_engines -- corpus DIR [--throughput N] [--valid N] [--per-kind N]
//! cargo run --release -p lambda-iam-core --example bench_engines -- lint DIR OUT.json [--repeats N]
//! cargo run --release -p lambda-iam-core --example bench_engines -- eval PAIRS.jsonl OUT.json [--repeats N] [--limit N]
//! cargo run --release -p lambda-iam-core --example bench_engines -- pairs OUT.jsonl [--count N]
//! ```
//!
//! `pairs` writes the first N (default 10,000) of the differential test's seeded pairs
//! (`core/tests/eval_differential/generate.rs`) as JSON lines, the format `eval` and
//! `tests/differential/oracle.cjs` read.
//!
//! `corpus` writes, deterministically (a fixed seed, the current catalog):
//! - `DIR/throughput/pNNNNN.json`: the mixed corpus the speed comparison lints (about four in five
//!   valid least-privilege policies, the rest each with one seeded defect);
//! - `DIR/accuracy/valid/vNNNNN.json`: valid least-privilege identity policies;
//! - `DIR/accuracy/<kind>/<kind>-NNNNN.json`: one seeded defect of `<kind>` in a copy of a valid
//!   policy (named in `DIR/manifest.jsonl` as `base`);
//! - `DIR/manifest.jsonl`: one line per file: `{"file", "set", "kind", "base", "statement"}`.
//!
//! `lint` reads every `*.json` under DIR into memory, then times parsing plus
//! `lambda_iam_core::lint::lint_policy` over all of them, and writes the timings and every
//! finding (code, severity, path) to OUT.json. `eval` reads (policy, request) pairs as written by
//! `IAM_DIFF_PAIRS_OUT` (`tests/differential/README.md`), then times evaluation alone (policies
//! parsed beforehand) and parsing plus evaluation from the JSON text of each line.
//!
//! Any error (unreadable file, bad JSON) ends the run with a message naming the file and line and
//! exit code 2; nothing here panics on input.

use lambda_iam_catalog::{self as catalog, AccessLevel, ConditionType, Service};
use lambda_iam_core::arn::{self, Resource};
use lambda_iam_core::eval::{
    Context, ContextValue, Outcome, Policy, PolicyKind, Request, RequestPrincipal, evaluate,
};
use lambda_iam_core::lint::{LintOptions, lint_policy};
use lambda_iam_core::lookup;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

// The differential test's seeded (policy, request) generator, shared so that the benchmark runs
// exactly the pairs the evaluator was checked against iam-simulate on.
#[allow(dead_code)]
#[path = "../tests/eval_differential/generate.rs"]
mod generate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("corpus") => corpus_cmd(&args[1..]),
        Some("lint") => lint_cmd(&args[1..]),
        Some("eval") => eval_cmd(&args[1..]),
        Some("pairs") => pairs_cmd(&args[1..]),
        _ => Err(
            "usage: bench_engines corpus DIR [--throughput N] [--valid N] [--per-kind N] \
                  | lint DIR OUT.json [--repeats N] | eval PAIRS.jsonl OUT.json [--repeats N] \
                  [--limit N] | pairs OUT.jsonl [--count N]"
                .to_string(),
        ),
    };
    if let Err(message) = result {
        eprintln!("bench_engines: error: {message}");
        std::process::exit(2);
    }
}

/// The value of `--name N` in `args`, or `default`.
fn flag(args: &[String], name: &str, default: usize) -> Result<usize, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("`{name}` needs a number, as in `{name} 100`")),
    }
}

fn positional(args: &[String], n: usize, what: &str) -> Result<PathBuf, String> {
    let mut plain = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a.starts_with("--") {
            it.next(); // every flag takes a value
        } else {
            plain.push(PathBuf::from(a));
        }
    }
    plain
        .into_iter()
        .nth(n)
        .ok_or_else(|| format!("missing {what}"))
}

/// Writes `text` to `path` atomically (a temporary file in the same directory, then a rename).
fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("tmp-bench");
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot rename to {}: {e}", path.display()))
}

// ---- deterministic random numbers -------------------------------------------------------------

/// SplitMix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---- the corpus ---------------------------------------------------------------------------------

const ACCOUNT: &str = "123456789012";
const REGIONS: &[&str] = &["eu-west-1", "us-east-1", "ap-southeast-2"];

/// The defects seeded into valid policies, by the name the manifest and the report use.
const KINDS: &[&str] = &[
    "unknown-action",
    "resource-mismatch",
    "star-on-arn-action",
    "wildcard-action",
    "unscoped-passrole",
    "allow-notaction",
    "bad-operator",
    "malformed-arn",
];

/// An action that a least-privilege policy may name, scoped to one of its resource types.
#[derive(Clone, Copy)]
struct Scoped {
    service: &'static Service,
    action: &'static catalog::Action,
    rt: &'static catalog::ResourceType,
}

/// What the generator draws from: every (action, resource type) whose ARN format is a six-field
/// ARN, and every action without resource-level permissions. Permissions-management actions and
/// privilege-escalation actions are left out: no least-privilege policy for a workload grants
/// them without a reason, and both linters rightly flag them.
struct Pools {
    scoped: Vec<Scoped>,
    unscoped: Vec<(&'static Service, &'static catalog::Action)>,
}

fn sensitive(service: &Service, action: &catalog::Action) -> bool {
    action.access == AccessLevel::PermissionsManagement
        || lookup::privilege_escalation(&format!("{}:{}", service.prefix, action.name)).is_some()
}

fn pools() -> Pools {
    let mut scoped = Vec::new();
    let mut unscoped = Vec::new();
    for service in catalog::services() {
        for action in service.actions {
            if sensitive(service, action) {
                continue;
            }
            if action.resource_types.is_empty() {
                unscoped.push((service, action));
                continue;
            }
            for art in action.resource_types {
                let Some(rt) = service.resource_type(art.name) else {
                    continue;
                };
                if arn::Format::parse(rt.arn).is_some() {
                    scoped.push(Scoped {
                        service,
                        action,
                        rt,
                    });
                }
            }
        }
    }
    Pools { scoped, unscoped }
}

/// The ARN format filled in with concrete values: `${Partition}` → `aws`, region and account,
/// any other placeholder a short lowercase name.
fn instantiate(format: &str, region: &str, n: usize) -> String {
    let mut out = String::with_capacity(format.len() + 16);
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &rest[start + 2..start + len];
        match name {
            "Partition" => out.push_str("aws"),
            "Region" => out.push_str(region),
            "Account" => out.push_str(ACCOUNT),
            _ => out.push_str(&format!("{}{n}", name.to_ascii_lowercase())),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether `text` is an ARN of one of `action`'s resource types, as the core's ARN matcher reads it.
fn arn_fits(service: &Service, action: &catalog::Action, text: &str) -> bool {
    let Ok(Resource::Arn(parsed)) = arn::parse_resource(text) else {
        return false;
    };
    action.resource_types.iter().any(|art| {
        service.resource_type(art.name).is_some_and(|rt| {
            arn::formats(rt).any(|format| arn::match_format(&parsed, &format).is_ok())
        })
    })
}

/// A condition with a well-typed value on `key` (of type `ty`).
fn condition_for(key: &str, ty: ConditionType, region: &str) -> Option<(String, String, Value)> {
    // Keys with a tag-name segment take a concrete tag name.
    let key = key
        .replace("/<key>", "/team")
        .replace("/${TagKey}", "/team")
        .replace("/tag-key", "/team");
    if key.contains('<') || key.contains("${") {
        return None;
    }
    let (op, value) = match ty {
        ConditionType::String => ("StringEquals", json!("example")),
        ConditionType::ArrayOfString => ("ForAnyValue:StringEquals", json!(["alpha", "beta"])),
        ConditionType::Bool => ("Bool", json!("true")),
        ConditionType::Numeric => ("NumericLessThanEquals", json!("100")),
        ConditionType::Date => ("DateLessThan", json!("2027-01-01T00:00:00Z")),
        ConditionType::IpAddress => ("IpAddress", json!("203.0.113.0/24")),
        ConditionType::Arn => (
            "ArnLike",
            json!(format!("arn:aws:iam::{ACCOUNT}:role/service-*")),
        ),
        _ => return None,
    };
    let _ = region;
    Some((op.to_string(), key, value))
}

/// One valid least-privilege statement: one to three actions of one service that share a
/// resource type, on one or two ARNs of that type; sometimes a condition.
fn scoped_statement(rng: &mut Rng, pools: &Pools, n: usize) -> Value {
    loop {
        let pick = *rng.pick(&pools.scoped);
        let region = *rng.pick(REGIONS);
        let first = instantiate(pick.rt.arn, region, n);
        if !arn_fits(pick.service, pick.action, &first) {
            continue;
        }
        let mut resources = vec![first];
        if rng.chance(20) {
            let second = instantiate(pick.rt.arn, region, n + 1);
            if second != resources[0] {
                resources.push(second);
            }
        }
        // Sometimes a condition; a service key only when it applies to every action named.
        let condition = if rng.chance(25) {
            let conditions = condition_candidates(pick);
            (!conditions.is_empty()).then(|| rng.pick(&conditions).clone())
        } else {
            None
        };
        // Other actions of the same service on the same resource type.
        let mut actions = BTreeSet::from([format!("{}:{}", pick.service.prefix, pick.action.name)]);
        let siblings: Vec<&Scoped> = pools
            .scoped
            .iter()
            .filter(|s| std::ptr::eq(s.service, pick.service) && std::ptr::eq(s.rt, pick.rt))
            .collect();
        for _ in 0..rng.below(3) {
            let s = rng.pick(&siblings);
            let key_applies = condition
                .as_ref()
                .is_none_or(|(_, key, _)| key.starts_with("aws:") || supports_key(s, key));
            if key_applies && resources.iter().all(|r| arn_fits(s.service, s.action, r)) {
                actions.insert(format!("{}:{}", s.service.prefix, s.action.name));
            }
        }
        let mut statement = json!({
            "Effect": "Allow",
            "Action": actions.into_iter().collect::<Vec<_>>(),
            "Resource": resources,
        });
        if let Some((op, key, value)) = condition {
            statement["Condition"] = json!({ op: { key: value } });
        }
        return statement;
    }
}

/// Whether the action lists the service condition key `key` (as instantiated by
/// [`condition_for`]), for itself or for the picked resource type.
fn supports_key(pick: &Scoped, key: &str) -> bool {
    let art = pick
        .action
        .resource_types
        .iter()
        .find(|a| a.name == pick.rt.name);
    pick.action
        .condition_keys
        .iter()
        .chain(art.map(|a| a.condition_keys).unwrap_or_default())
        .filter_map(|k| pick.service.condition_key(k))
        .filter_map(|ck| condition_for(ck.name, ck.ty, "eu-west-1"))
        .any(|(_, k, _)| k == key)
}

/// Well-typed conditions that apply to the picked action and resource type: a few global keys
/// and the service's own keys listed for the action or the resource type.
fn condition_candidates(pick: Scoped) -> Vec<(String, String, Value)> {
    let mut out = vec![
        (
            "StringEquals".to_string(),
            "aws:ResourceAccount".to_string(),
            json!(ACCOUNT),
        ),
        (
            "Bool".to_string(),
            "aws:SecureTransport".to_string(),
            json!("true"),
        ),
        (
            "IpAddress".to_string(),
            "aws:SourceIp".to_string(),
            json!(["203.0.113.0/24", "2001:db8::/32"]),
        ),
        (
            "StringEquals".to_string(),
            "aws:RequestedRegion".to_string(),
            json!(["eu-west-1", "us-east-1"]),
        ),
    ];
    let art = pick
        .action
        .resource_types
        .iter()
        .find(|a| a.name == pick.rt.name);
    let keys = pick
        .action
        .condition_keys
        .iter()
        .chain(art.map(|a| a.condition_keys).unwrap_or_default());
    for key in keys {
        if key.starts_with("aws:") {
            continue;
        }
        if let Some(ck) = pick.service.condition_key(key)
            && let Some(c) = condition_for(ck.name, ck.ty, "eu-west-1")
        {
            out.push(c);
        }
    }
    out
}

/// A statement for actions that support no resource-level permissions: `"*"` is the only scope.
fn unscoped_statement(rng: &mut Rng, pools: &Pools) -> Value {
    let (service, action) = *rng.pick(&pools.unscoped);
    json!({
        "Effect": "Allow",
        "Action": format!("{}:{}", service.prefix, action.name),
        "Resource": "*",
    })
}

fn valid_policy(rng: &mut Rng, pools: &Pools, n: usize) -> Value {
    let count = 1 + rng.below(4);
    let mut statements: Vec<Value> = (0..count)
        .map(|i| scoped_statement(rng, pools, n * 8 + i))
        .collect();
    if rng.chance(30) {
        statements.push(unscoped_statement(rng, pools));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// First action name of a statement (`Action` as string or list).
fn first_action(statement: &Value) -> Option<String> {
    match &statement["Action"] {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.first().and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// Seeds one defect of `kind` into a copy of `base`; returns it and the index of the statement
/// that carries the defect.
fn seed(rng: &mut Rng, pools: &Pools, base: &Value, kind: &str) -> (Value, usize) {
    let mut policy = base.clone();
    let statements = policy["Statement"]
        .as_array_mut()
        .expect("generated policies have a Statement list");
    let appended = statements.len();
    match kind {
        "unknown-action" => {
            let name = first_action(&statements[0]).unwrap_or_default();
            let (prefix, action) = name.split_once(':').unwrap_or(("s3", "GetObject"));
            let mut chars: Vec<char> = action.chars().collect();
            // Swap two adjacent letters (a typo); fall back to a suffix if that is an action too.
            let at = chars.len() / 2;
            if at > 0 && chars[at - 1] != chars[at] {
                chars.swap(at - 1, at);
            }
            let mut typo: String = chars.into_iter().collect();
            if catalog::action(&format!("{prefix}:{typo}")).is_some() {
                typo.push_str("Zq");
            }
            statements[0]["Action"] = json!([format!("{prefix}:{typo}")]);
            (policy, 0)
        }
        "resource-mismatch" => loop {
            // An action and an ARN of another resource type of its service that fits none of
            // the action's types (`s3:GetObject` on a bucket ARN).
            let pick = *rng.pick(&pools.scoped);
            let others: Vec<&catalog::ResourceType> = pick
                .service
                .resource_types
                .iter()
                .filter(|rt| arn::Format::parse(rt.arn).is_some())
                .collect();
            let other = *rng.pick(&others);
            let text = instantiate(other.arn, "eu-west-1", 7);
            if arn_fits(pick.service, pick.action, &text)
                || !matches!(arn::parse_resource(&text), Ok(Resource::Arn(_)))
            {
                continue;
            }
            statements.push(json!({
                "Effect": "Allow",
                "Action": format!("{}:{}", pick.service.prefix, pick.action.name),
                "Resource": text,
            }));
            return (policy, appended);
        },
        "star-on-arn-action" => {
            let pick = loop {
                let p = *rng.pick(&pools.scoped);
                if p.action.resource_types.iter().any(|a| a.required) {
                    break p;
                }
            };
            statements.push(json!({
                "Effect": "Allow",
                "Action": format!("{}:{}", pick.service.prefix, pick.action.name),
                "Resource": "*",
            }));
            (policy, appended)
        }
        "wildcard-action" => {
            let name = first_action(&statements[0]).unwrap_or_default();
            let (prefix, action) = name.split_once(':').unwrap_or(("s3", "GetObject"));
            // The action's leading verb (`Get` of `GetObject`), or the whole service.
            let verb: String = action
                .char_indices()
                .take_while(|(i, c)| *i == 0 || !c.is_ascii_uppercase())
                .map(|(_, c)| c)
                .collect();
            let pattern = if rng.chance(25) || verb.is_empty() {
                format!("{prefix}:*")
            } else {
                format!("{prefix}:{verb}*")
            };
            statements[0]["Action"] = json!(pattern);
            (policy, 0)
        }
        "unscoped-passrole" => {
            statements.push(json!({
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": "*",
            }));
            (policy, appended)
        }
        "allow-notaction" => {
            let name = first_action(&statements[0]).unwrap_or_default();
            let resource = statements[0]["Resource"].clone();
            statements.push(json!({
                "Effect": "Allow",
                "NotAction": [name],
                "Resource": resource,
            }));
            (policy, appended)
        }
        "bad-operator" => {
            const TYPOS: &[&str] = &[
                "StringEqual",
                "StringMatches",
                "NumericEqual",
                "ArnEqual",
                "IpAddresses",
                "BoolEquals",
                "DateEqual",
                "StringEqualsIfExist",
            ];
            let op = *rng.pick(TYPOS);
            statements[0]["Condition"] = json!({ op: { "aws:ResourceAccount": ACCOUNT } });
            (policy, 0)
        }
        "malformed-arn" => {
            // Drop the colon between account and resource: five fields instead of six.
            let first = match &statements[0]["Resource"] {
                Value::Array(items) => items.first().and_then(Value::as_str).map(str::to_string),
                Value::String(s) => Some(s.clone()),
                _ => None,
            }
            .unwrap_or_default();
            let cut = first.match_indices(':').nth(4).map(|(i, _)| i);
            let broken = match cut {
                Some(i) => format!("{}{}", &first[..i], &first[i + 1..]),
                None => format!("{first}:"),
            };
            let broken = if arn::parse_resource(&broken).is_ok() {
                // The resource part held colons: cut the ARN after its service instead.
                first.splitn(4, ':').take(3).collect::<Vec<_>>().join(":")
            } else {
                broken
            };
            statements[0]["Resource"] = json!([broken]);
            (policy, 0)
        }
        _ => unreachable!("KINDS lists every kind"),
    }
}

fn corpus_cmd(args: &[String]) -> Result<(), String> {
    let dir = positional(args, 0, "the output directory")?;
    let throughput = flag(args, "--throughput", 10_000)?;
    let valid = flag(args, "--valid", 2_000)?;
    let per_kind = flag(args, "--per-kind", 250)?;
    let pools = pools();
    let mut manifest = String::new();
    let mut write = |rel: String, policy: &Value, line: Value| -> Result<(), String> {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let mut text = serde_json::to_string_pretty(policy).map_err(|e| e.to_string())?;
        text.push('\n');
        write_atomic(&path, &text)?;
        let mut line = line;
        line["file"] = json!(rel);
        manifest.push_str(&line.to_string());
        manifest.push('\n');
        Ok(())
    };

    // The mixed corpus for the speed comparison.
    let mut rng = Rng(0x1A4B_2026_0001);
    for i in 0..throughput {
        let policy = valid_policy(&mut rng, &pools, i);
        let (policy, kind) = if rng.chance(20) {
            let kind = *rng.pick(KINDS);
            (seed(&mut rng, &pools, &policy, kind).0, kind)
        } else {
            (policy, "valid")
        };
        write(
            format!("throughput/p{i:05}.json"),
            &policy,
            json!({"set": "throughput", "kind": kind}),
        )?;
    }

    // The accuracy corpus: valid policies, and each defect kind seeded into copies of them.
    let mut rng = Rng(0x1A4B_2026_0002);
    let bases: Vec<Value> = (0..valid)
        .map(|i| valid_policy(&mut rng, &pools, i))
        .collect();
    for (i, policy) in bases.iter().enumerate() {
        write(
            format!("accuracy/valid/v{i:05}.json"),
            policy,
            json!({"set": "valid", "kind": "valid"}),
        )?;
    }
    for (k, kind) in KINDS.iter().enumerate() {
        for j in 0..per_kind.min(bases.len()) {
            let b = (k * per_kind + j) % bases.len();
            let (policy, statement) = seed(&mut rng, &pools, &bases[b], kind);
            write(
                format!("accuracy/{kind}/{kind}-{j:05}.json"),
                &policy,
                json!({"set": "defect", "kind": kind, "statement": statement,
                       "base": format!("accuracy/valid/v{b:05}.json")}),
            )?;
        }
    }
    write_atomic(&dir.join("manifest.jsonl"), &manifest)?;
    eprintln!(
        "corpus: {throughput} mixed, {valid} valid, {} seeded ({per_kind} per kind) in {}",
        per_kind.min(valid) * KINDS.len(),
        dir.display()
    );
    Ok(())
}

// ---- lint ---------------------------------------------------------------------------------------

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            json_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn lint_cmd(args: &[String]) -> Result<(), String> {
    let dir = positional(args, 0, "the directory of policies")?;
    let out = positional(args, 1, "the output file")?;
    let repeats = flag(args, "--repeats", 5)?.max(1);
    let mut files = Vec::new();
    json_files(&dir, &mut files)?;
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|f| {
            std::fs::read_to_string(f).map_err(|e| format!("cannot read {}: {e}", f.display()))
        })
        .collect::<Result<_, _>>()?;
    let options = LintOptions::default();
    let mut times = Vec::new();
    let mut report = Vec::new();
    for round in 0..repeats {
        let start = Instant::now();
        let mut count = 0usize;
        for (file, text) in files.iter().zip(&texts) {
            let document: Value = serde_json::from_str(text).map_err(|e| {
                format!(
                    "{}:{}:{}: invalid JSON: {e}",
                    file.display(),
                    e.line(),
                    e.column()
                )
            })?;
            let findings = lint_policy(&document, &options);
            count += findings.len();
            if round == 0 {
                let rel = file.strip_prefix(&dir).unwrap_or(file);
                report.push(json!({
                    "file": rel.to_string_lossy(),
                    "findings": findings.iter().map(|f| json!({
                        "code": f.lint.code,
                        "severity": f.lint.severity.as_str(),
                        "statement": f.path.statement(),
                        "path": f.path.to_string(),
                    })).collect::<Vec<_>>(),
                }));
            }
        }
        times.push(start.elapsed().as_secs_f64());
        std::hint::black_box(count);
    }
    let all = times.clone();
    let text = json!({
        "policies": files.len(),
        "seconds": all,
        "median_seconds": median(&mut times),
        "files": report,
    });
    write_atomic(&out, &format!("{text}\n"))
}

// ---- pairs -------------------------------------------------------------------------------------

fn pairs_cmd(args: &[String]) -> Result<(), String> {
    let out = positional(args, 0, "the output file")?;
    let count = flag(args, "--count", 10_000)?;
    let pairs = generate::generate();
    if count > pairs.len() {
        return Err(format!(
            "the generator makes {} pairs; ask for at most that many",
            pairs.len()
        ));
    }
    let mut text = String::new();
    for pair in &pairs[..count] {
        text.push_str(&pair.to_json().to_string());
        text.push('\n');
    }
    write_atomic(&out, &text)
}

// ---- eval ---------------------------------------------------------------------------------------

fn kind_of(text: &str) -> Result<PolicyKind, String> {
    match text {
        "identity" => Ok(PolicyKind::Identity),
        "resource" => Ok(PolicyKind::Resource),
        "trust" => Ok(PolicyKind::Trust),
        other => Err(format!(
            "unknown policy kind `{other}` (identity, resource, trust)"
        )),
    }
}

fn request_of(value: &Value) -> Result<Request, String> {
    let text = |key: &str| {
        value[key]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("request without a string `{key}`"))
    };
    let principal = text("principal")?;
    let principal = if principal.starts_with("arn:") {
        RequestPrincipal::Aws(principal)
    } else {
        RequestPrincipal::Service(principal)
    };
    let mut context = Context::new();
    if let Some(map) = value["context"].as_object() {
        for (key, v) in map {
            let v = match v {
                Value::String(s) => ContextValue::Single(s.clone()),
                Value::Array(items) => ContextValue::Multi(
                    items
                        .iter()
                        .map(|i| i.as_str().map(str::to_string))
                        .collect::<Option<_>>()
                        .ok_or_else(|| format!("context key `{key}`: values must be strings"))?,
                ),
                _ => {
                    return Err(format!(
                        "context key `{key}`: a string or a list of strings"
                    ));
                }
            };
            context.insert(key.clone(), v);
        }
    }
    Ok(Request::new(principal, text("action")?, text("resource")?).with_context(context))
}

type Parsed = (Vec<(PolicyKind, Policy)>, Request);

/// One pair from its JSON line: the policies parsed for the evaluator, and the request.
fn parse_pair(line: &str) -> Result<Parsed, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let mut policies = Vec::new();
    for p in value["policies"].as_array().into_iter().flatten() {
        let kind = kind_of(p["kind"].as_str().unwrap_or(""))?;
        let policy = Policy::from_json(&p["policy"]).map_err(|e| e.to_string())?;
        policies.push((kind, policy));
    }
    Ok((policies, request_of(&value["request"])?))
}

fn decide(pair: &Parsed) -> Outcome {
    let refs: Vec<(PolicyKind, &Policy)> = pair.0.iter().map(|(k, p)| (*k, p)).collect();
    evaluate(&refs, &pair.1).outcome
}

fn eval_cmd(args: &[String]) -> Result<(), String> {
    let input = positional(args, 0, "the pairs file")?;
    let out = positional(args, 1, "the output file")?;
    let repeats = flag(args, "--repeats", 5)?.max(1);
    let limit = flag(args, "--limit", usize::MAX)?;
    let text = std::fs::read_to_string(&input)
        .map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(limit)
        .collect();
    let parsed: Vec<Parsed> = lines
        .iter()
        .map(|(n, l)| parse_pair(l).map_err(|e| format!("{}:{}: {e}", input.display(), n + 1)))
        .collect::<Result<_, _>>()?;
    let decisions: Vec<&str> = parsed
        .iter()
        .map(|p| match decide(p) {
            Outcome::Allow => "Allow",
            Outcome::ExplicitDeny => "ExplicitDeny",
            Outcome::ImplicitDeny => "ImplicitDeny",
        })
        .collect();
    // The pairs without a resource or trust policy: all that iam-simulate's unvalidated entry
    // point can take.
    let identity_only: Vec<&Parsed> = parsed
        .iter()
        .filter(|p| p.0.iter().all(|(k, _)| *k == PolicyKind::Identity))
        .collect();
    let mut eval_times = Vec::new();
    let mut identity_times = Vec::new();
    let mut parse_times = Vec::new();
    for _ in 0..repeats {
        let start = Instant::now();
        let mut allowed = 0usize;
        for p in &identity_only {
            allowed += usize::from(decide(p) == Outcome::Allow);
        }
        identity_times.push(start.elapsed().as_secs_f64());
        std::hint::black_box(allowed);
        let start = Instant::now();
        let mut allowed = 0usize;
        for p in &parsed {
            allowed += usize::from(decide(p) == Outcome::Allow);
        }
        eval_times.push(start.elapsed().as_secs_f64());
        std::hint::black_box(allowed);
        let start = Instant::now();
        let mut allowed = 0usize;
        for (n, l) in &lines {
            let p = parse_pair(l).map_err(|e| format!("{}:{}: {e}", input.display(), n + 1))?;
            allowed += usize::from(decide(&p) == Outcome::Allow);
        }
        parse_times.push(start.elapsed().as_secs_f64());
        std::hint::black_box(allowed);
    }
    let result = json!({
        "pairs": parsed.len(),
        "identity_only_pairs": identity_only.len(),
        "identity_only_eval_seconds": identity_times.clone(),
        "median_identity_only_eval_seconds": median(&mut identity_times),
        "eval_seconds": eval_times.clone(),
        "parse_eval_seconds": parse_times.clone(),
        "median_eval_seconds": median(&mut eval_times),
        "median_parse_eval_seconds": median(&mut parse_times),
        "decisions": decisions,
    });
    write_atomic(&out, &format!("{result}\n"))
}
