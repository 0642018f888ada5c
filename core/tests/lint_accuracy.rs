//! Accuracy of the lints on policies generated from the catalog: valid least-privilege policies
//! should draw (almost) no findings of severity warning or above, and every seeded defect must be
//! found, at the statement it was seeded in.
//!
//! Run with `--nocapture` to see the figures.

use lambda_iam_core::catalog::{self, AccessLevel, Action, Service};
use lambda_iam_core::lint::{
    ESCALATION_COMBOS, LintFinding, LintOptions, LintSeverity, SENSITIVE_ACTIONS, lint_policy,
};
use lambda_iam_core::lookup::PRIVILEGE_ESCALATION;
use serde_json::{Value, json};

const POLICIES: usize = 2_400;
const SEEDED_PER_KIND: usize = 150;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }
}

/// Actions a least-privilege policy for an application plausibly holds: not permissions
/// management, not a known escalation or combination member, not a credential/data action
/// that would have to sit on `"*"`.
fn eligible(service: &Service, action: &Action) -> bool {
    let full = format!("{}:{}", service.prefix, action.name);
    action.access != AccessLevel::PermissionsManagement
        && !PRIVILEGE_ESCALATION
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(&full))
        && !ESCALATION_COMBOS
            .iter()
            .any(|(names, _)| names.iter().any(|n| n.eq_ignore_ascii_case(&full)))
        && (!action.resource_types.is_empty()
            || !SENSITIVE_ACTIONS
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(&full)))
}

/// The catalog's first ARN format of a resource type, instantiated with concrete values.
fn instantiate(format: &str, tag: &str) -> String {
    let mut out = String::new();
    let mut rest = format;
    let mut field = 0;
    let mut n = 0;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("${") {
            let end = after.find('}').unwrap_or(after.len());
            let value = match field {
                1 => "aws".to_string(),
                3 => "us-east-1".to_string(),
                4 => "123456789012".to_string(),
                _ => {
                    n += 1;
                    format!("{tag}x{n}")
                }
            };
            out.push_str(&value);
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            let c = rest.chars().next().unwrap();
            if c == ':' && field < 5 {
                field += 1;
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// A condition whose key applies to the action and whose value fits the key's type.
fn condition_for(service: &Service, action: &Action, rng: &mut Rng) -> Option<Value> {
    use catalog::ConditionType as T;
    let globals = [
        json!({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}),
        json!({"Bool": {"aws:SecureTransport": "true"}}),
        json!({"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}),
        json!({"StringEquals": {"aws:PrincipalTag/team": "web"}}),
        json!({"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}),
        json!({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}),
    ];
    if rng.below(2) == 0 {
        return Some(rng.pick(&globals).clone());
    }
    let keys: Vec<&'static catalog::ConditionKey> = action
        .condition_keys
        .iter()
        .filter(|k| !k.contains('<') && !k.contains("${") && !k.ends_with('/'))
        .filter(|k| !k.to_ascii_lowercase().starts_with("aws:"))
        .filter_map(|k| service.condition_key(k))
        .collect();
    if keys.is_empty() {
        return None;
    }
    let key = rng.pick(&keys);
    let (op, value) = match key.ty.element() {
        T::Numeric => ("NumericLessThanEquals", json!("100")),
        T::Date => ("DateGreaterThan", json!("2026-01-01T00:00:00Z")),
        T::Bool => ("Bool", json!("true")),
        T::IpAddress => ("IpAddress", json!("10.0.0.0/8")),
        T::Arn => ("ArnLike", json!("arn:aws:iam::123456789012:role/app-*")),
        T::Binary => ("BinaryEquals", json!("QmluYXJ5")),
        _ => ("StringEquals", json!("value-1")),
    };
    let op = if key.ty.is_multivalued() {
        format!("ForAnyValue:{op}")
    } else {
        op.to_string()
    };
    Some(json!({ op: { key.name: value } }))
}

/// One valid least-privilege statement.
fn statement(rng: &mut Rng, tag: &str) -> Value {
    let services = catalog::services();
    loop {
        let service = rng.pick(services);
        let actions: Vec<&Action> = service
            .actions
            .iter()
            .filter(|a| eligible(service, a))
            .collect();
        if actions.is_empty() {
            continue;
        }
        let action = *rng.pick(&actions);
        let mut names = vec![format!("{}:{}", service.prefix, action.name)];
        let resource = match action.resource_types.first() {
            None => {
                // Actions without resource-level permissions share `"*"`.
                for _ in 0..rng.below(3) {
                    let other = rng.pick(&actions);
                    if other.resource_types.is_empty() {
                        names.push(format!("{}:{}", service.prefix, other.name));
                    }
                }
                json!("*")
            }
            Some(art) => {
                let Some(rt) = service.resource_type(art.name) else {
                    continue;
                };
                let Some(format) = rt.arn_formats().next() else {
                    continue;
                };
                // Other actions on the same resource type share the ARN.
                for _ in 0..rng.below(3) {
                    let other = rng.pick(&actions);
                    if other
                        .resource_types
                        .first()
                        .is_some_and(|o| o.name == art.name)
                    {
                        names.push(format!("{}:{}", service.prefix, other.name));
                    }
                }
                json!(instantiate(format, tag))
            }
        };
        names.sort();
        names.dedup();
        let mut st = json!({"Effect": "Allow", "Action": names, "Resource": resource});
        if names.len() == 1
            && rng.below(3) == 0
            && let Some(c) = condition_for(service, action, rng)
        {
            st["Condition"] = c;
        }
        return st;
    }
}

fn policy(rng: &mut Rng, n: usize) -> Value {
    let count = 1 + rng.below(4);
    let mut statements: Vec<Value> = Vec::new();
    for i in 0..count {
        let st = statement(rng, &format!("p{n}s{i}"));
        // A valid policy does not repeat a statement (that is what `duplicate-statement` finds).
        if !statements.contains(&st) {
            statements.push(st);
        }
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn lint(policy: &Value) -> Vec<LintFinding> {
    lint_policy(policy, &LintOptions::default())
}

#[test]
fn valid_policies_draw_under_one_percent_findings() {
    let mut rng = Rng(0x5EED_1A11);
    let mut flagged = 0;
    let mut examples = Vec::new();
    for n in 0..POLICIES {
        let p = policy(&mut rng, n);
        let bad: Vec<LintFinding> = lint(&p)
            .into_iter()
            .filter(|f| f.lint.severity >= LintSeverity::Warning)
            .collect();
        if !bad.is_empty() {
            flagged += 1;
            if examples.len() < 10 {
                examples.push(format!(
                    "{}: {} ({})\n  in {}",
                    bad[0].lint.code,
                    bad[0].message,
                    bad[0].path,
                    serde_json::to_string(&p).unwrap()
                ));
            }
        }
    }
    let rate = flagged as f64 * 100.0 / POLICIES as f64;
    println!("valid policies: {POLICIES}, with a finding >= warning: {flagged} ({rate:.2}%)");
    for e in &examples {
        println!("  {e}");
    }
    assert!(
        flagged * 100 < POLICIES,
        "{flagged} of {POLICIES} valid policies flagged:\n{}",
        examples.join("\n")
    );
}

/// A defect seeded into a generated policy: returns the policy and the statement it is in.
type Seeder = fn(&mut Rng, Value, usize) -> (Value, usize);

fn statements(p: &mut Value) -> &mut Vec<Value> {
    p["Statement"].as_array_mut().unwrap()
}

/// A statement of `p` whose resource is an ARN, if any.
fn typed_statement(p: &Value) -> Option<usize> {
    p["Statement"].as_array()?.iter().position(|s| {
        s["Resource"]
            .as_str()
            .is_some_and(|r| r.starts_with("arn:"))
    })
}

fn insert(rng: &mut Rng, mut p: Value, st: Value) -> (Value, usize) {
    let list = statements(&mut p);
    let at = rng.below(list.len() + 1);
    list.insert(at, st);
    (p, at)
}

fn seed_unknown_action(rng: &mut Rng, mut p: Value, _: usize) -> (Value, usize) {
    let k = rng.below(statements(&mut p).len());
    let action = statements(&mut p)[k]["Action"][0]
        .as_str()
        .unwrap()
        .to_string();
    statements(&mut p)[k]["Action"][0] = json!(format!("{action}Zq"));
    (p, k)
}

fn seed_resource_mismatch(rng: &mut Rng, p: Value, n: usize) -> (Value, usize) {
    let st = match rng.below(3) {
        0 => {
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::bucket-{n}")})
        }
        1 => {
            json!({"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": format!("arn:aws:dynamodb:us-east-1:123456789012:stream/t{n}")})
        }
        _ => {
            json!({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": format!("arn:aws:sqs:us-east-1:123456789012:queue/q{n}")})
        }
    };
    insert(rng, p, st)
}

fn seed_star_resource(rng: &mut Rng, p: Value, n: usize) -> (Value, usize) {
    match typed_statement(&p) {
        Some(k) => {
            let mut p = p;
            statements(&mut p)[k]["Resource"] = json!("*");
            (p, k)
        }
        None => insert(
            rng,
            p,
            json!({"Effect": "Allow", "Action": "dynamodb:Query", "Resource": "*", "Sid": format!("S{n}")}),
        ),
    }
}

fn seed_wildcard_action(rng: &mut Rng, mut p: Value, _: usize) -> (Value, usize) {
    let k = rng.below(statements(&mut p).len());
    let action = statements(&mut p)[k]["Action"][0]
        .as_str()
        .unwrap()
        .to_string();
    let (prefix, name) = action.split_once(':').unwrap();
    statements(&mut p)[k]["Action"][0] = json!(format!("{prefix}:{}*", &name[..3.min(name.len())]));
    (p, k)
}

fn seed_pass_role(rng: &mut Rng, p: Value, n: usize) -> (Value, usize) {
    let st = if rng.below(2) == 0 {
        json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})
    } else {
        json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": format!("arn:aws:iam::123456789012:role/r{n}")})
    };
    insert(rng, p, st)
}

fn seed_not_action(rng: &mut Rng, mut p: Value, _: usize) -> (Value, usize) {
    let k = rng.below(statements(&mut p).len());
    let st = statements(&mut p)[k].as_object_mut().unwrap();
    let action = st.remove("Action").unwrap();
    st.insert("NotAction".into(), action);
    (p, k)
}

fn seed_bad_operator(rng: &mut Rng, mut p: Value, _: usize) -> (Value, usize) {
    let k = rng.below(statements(&mut p).len());
    let op = *rng.pick(&[
        "StringEqual",
        "stringEquals",
        "NumericLessThen",
        "NullIfExists",
        "ForAnyValues:StringLike",
    ]);
    statements(&mut p)[k]["Condition"] = json!({ op: {"aws:PrincipalTag/team": "web"} });
    (p, k)
}

fn seed_malformed_arn(rng: &mut Rng, p: Value, n: usize) -> (Value, usize) {
    match typed_statement(&p) {
        Some(k) => {
            let mut p = p;
            let r = statements(&mut p)[k]["Resource"]
                .as_str()
                .unwrap()
                .to_string();
            let broken = match rng.below(3) {
                0 => r.replacen("arn:", "", 1),
                1 => r.replacen("arn:aws:", "arn:amazon:", 1),
                _ => r.splitn(4, ':').take(3).collect::<Vec<_>>().join(":"),
            };
            statements(&mut p)[k]["Resource"] = json!(broken);
            (p, k)
        }
        None => insert(
            rng,
            p,
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:bucket-{n}/*")}),
        ),
    }
}

fn seed_unknown_key(rng: &mut Rng, mut p: Value, _: usize) -> (Value, usize) {
    let k = rng.below(statements(&mut p).len());
    let key = *rng.pick(&[
        "aws:SourceAcount",
        "aws:PrincipalOrgId2",
        "aws:SecureTransports",
    ]);
    statements(&mut p)[k]["Condition"] = json!({"StringEquals": { key: "x" }});
    (p, k)
}

fn seed_value_type(rng: &mut Rng, mut p: Value, _: usize) -> (Value, usize) {
    let k = rng.below(statements(&mut p).len());
    let c = match rng.below(4) {
        0 => json!({"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}),
        1 => json!({"Bool": {"aws:SecureTransport": "yes"}}),
        2 => json!({"DateGreaterThan": {"aws:CurrentTime": "next tuesday"}}),
        _ => json!({"NumericLessThan": {"aws:MultiFactorAuthAge": "an hour"}}),
    };
    statements(&mut p)[k]["Condition"] = c;
    (p, k)
}

fn seed_escalation_combo(rng: &mut Rng, p: Value, n: usize) -> (Value, usize) {
    // `iam:PassRole` to any service: the same role passed only to Lambda
    // (`iam:PassedToService`) is AWS's least-privilege form and completes no combination.
    let role = format!("arn:aws:iam::123456789012:role/r{n}");
    let pass = json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": role});
    let (mut p, at) = insert(rng, p, pass);
    let other = json!({"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"],
        "Resource": format!("arn:aws:lambda:us-east-1:123456789012:function:f{n}")});
    statements(&mut p).push(other);
    (p, at)
}

fn seed_duplicate(rng: &mut Rng, mut p: Value, _: usize) -> (Value, usize) {
    let list = statements(&mut p);
    let j = rng.below(list.len());
    let copy = list[j].clone();
    let at = j + 1 + rng.below(list.len() - j);
    list.insert(at, copy);
    (p, at)
}

fn trust_with_any_principal(rng: &mut Rng, _: Value, n: usize) -> (Value, usize) {
    let services = [
        "lambda.amazonaws.com",
        "ec2.amazonaws.com",
        "ecs-tasks.amazonaws.com",
    ];
    let count = 1 + rng.below(3);
    let mut list: Vec<Value> = (0..count)
        .map(|_| json!({"Effect": "Allow", "Principal": {"Service": *rng.pick(&services)}, "Action": "sts:AssumeRole"}))
        .collect();
    let at = rng.below(count + 1);
    let any = if n.is_multiple_of(2) {
        json!("*")
    } else {
        json!({"AWS": "*"})
    };
    list.insert(at, json!({"Effect": "Allow", "Principal": any, "Action": ["sts:AssumeRole", "sts:TagSession"]}));
    (json!({"Version": "2012-10-17", "Statement": list}), at)
}

#[test]
fn every_seeded_defect_is_found_at_its_statement() {
    let kinds: &[(&str, &[&str], Seeder)] = &[
        ("unknown action", &["unknown-action"], seed_unknown_action),
        (
            "resource mismatch",
            &["resource-type-mismatch", "arn-service-mismatch"],
            seed_resource_mismatch,
        ),
        (
            "\"*\" on an ARN-capable action",
            &["star-resource", "star-resource-write"],
            seed_star_resource,
        ),
        (
            "wildcard action",
            &["wildcard-action"],
            seed_wildcard_action,
        ),
        (
            "unscoped iam:PassRole",
            &["unscoped-pass-role"],
            seed_pass_role,
        ),
        (
            "Allow with NotAction",
            &["allow-not-action"],
            seed_not_action,
        ),
        ("bad operator", &["unknown-operator"], seed_bad_operator),
        ("malformed ARN", &["malformed-arn"], seed_malformed_arn),
        (
            "unknown condition key",
            &["unknown-condition-key"],
            seed_unknown_key,
        ),
        (
            "wrong value type",
            &["condition-value-type"],
            seed_value_type,
        ),
        (
            "any-principal trust",
            &["any-principal"],
            trust_with_any_principal,
        ),
        (
            "escalation combination",
            &["privilege-escalation-combo"],
            seed_escalation_combo,
        ),
        (
            "duplicate statement",
            &["duplicate-statement"],
            seed_duplicate,
        ),
    ];
    let mut rng = Rng(0xDEFE_C7ED);
    let mut missed = Vec::new();
    let mut total = 0;
    for (name, codes, seed) in kinds {
        let mut found = 0;
        for n in 0..SEEDED_PER_KIND {
            let clean = policy(&mut rng, n);
            let (p, at) = seed(&mut rng, clean, n);
            let hit = lint(&p)
                .iter()
                .any(|f| codes.contains(&f.lint.code) && f.path.statement() == Some(at));
            if hit {
                found += 1;
            } else if missed.len() < 10 {
                missed.push(format!(
                    "{name} at Statement[{at}]: {}",
                    serde_json::to_string(&p).unwrap()
                ));
            }
        }
        total += found;
        println!("seeded {name}: {found}/{SEEDED_PER_KIND} found");
    }
    let all = kinds.len() * SEEDED_PER_KIND;
    println!(
        "seeded defects: {total}/{all} found ({} kinds)",
        kinds.len()
    );
    assert_eq!(total, all, "missed:\n{}", missed.join("\n"));
}

/// Throughput, one thread: `cargo test --release -p lambda-iam-core --test lint_accuracy --
/// --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let mut rng = Rng(0x7417);
    let policies: Vec<Value> = (0..10_000).map(|n| policy(&mut rng, n)).collect();
    // Two passes: the first also fills the per-format caches (each catalog ARN format is
    // compiled once per process), the second is the steady state.
    // CPU time of this thread (Linux), so that a busy machine does not skew the figure.
    let cpu = || {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
    };
    for pass in ["first", "second"] {
        let cpu_start = cpu();
        let start = std::time::Instant::now();
        let mut findings = 0;
        for p in &policies {
            findings += lint(p).len();
        }
        let elapsed = start.elapsed();
        println!(
            "{pass} pass: linted {} policies in {:.3} s: {:.0} policies/s ({findings} findings)",
            policies.len(),
            elapsed.as_secs_f64(),
            policies.len() as f64 / elapsed.as_secs_f64()
        );
        if let (Some(a), Some(b)) = (cpu_start, cpu()) {
            let secs = (b - a) as f64 / 1e9;
            println!(
                "{pass} pass: {secs:.3} s of CPU: {:.0} policies per CPU second",
                policies.len() as f64 / secs
            );
        }
    }
}
