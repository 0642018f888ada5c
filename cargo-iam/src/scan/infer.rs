//! The resource a call acts on, from the values given to its builder, and whether the
//! declarations allow the call (the rules are in the [module docs](super)).

use super::body::Val;
use super::ops::{OpAction, placeholders};
use lambda_iam_core::decl::{Effect, StatementSpec};
use lambda_iam_core::eval::{self, Request, RequestPrincipal};
use std::collections::BTreeMap;

/// The resource of one action of a call, as an ARN template with `*` for unknown parts, and why
/// parts are unknown (empty when the resource is fully known).
pub fn resource(op: &OpAction, setters: &[(String, Val)]) -> (String, Vec<String>) {
    if op.arns.is_empty() {
        return ("*".into(), Vec::new());
    }
    let value_of = |field: &str| {
        setters
            .iter()
            .rev()
            .find(|(s, _)| s == field)
            .map(|(_, v)| v)
    };
    // A whole ARN given where a name may be (`topic_arn`, `function_name`, `secret_id`).
    let fields = op
        .fields
        .iter()
        .map(|(f, _)| f.as_str())
        .chain(op.arn_fields.iter().copied());
    for field in fields {
        if let Some(v) = value_of(field)
            && let Some(t) = &v.text
            && t.starts_with("arn:")
        {
            return (t.clone(), v.why.clone());
        }
    }
    // An ARN given to any `*_arn` field, of the service of the action's resources
    // (`assume_role().role_arn(..)`).
    let services: Vec<&str> = op.arns.iter().filter_map(|a| a.split(':').nth(2)).collect();
    for (field, v) in setters.iter().rev() {
        if field.ends_with("_arn")
            && let Some(t) = &v.text
            && t.starts_with("arn:")
            && t.split(':').nth(2).is_some_and(|s| services.contains(&s))
        {
            return (t.clone(), v.why.clone());
        }
    }
    // An action whose resource types are all optional, called without naming one, is on `*`.
    if !op.required && !op.fields.iter().any(|(f, _)| value_of(f).is_some()) {
        return ("*".into(), Vec::new());
    }
    // The resource type whose placeholders the builder fills best (then the first listed).
    let filled = |arn: &str| {
        let names = placeholders(arn);
        let given = names
            .iter()
            .filter(|n| {
                op.fields
                    .iter()
                    .any(|(f, ph)| ph == *n && value_of(f).is_some())
            })
            .count();
        let open = names
            .iter()
            .filter(|n| !matches!(n.as_str(), "Partition" | "Region" | "Account"))
            .count()
            - given;
        (given, std::cmp::Reverse(open))
    };
    let mut best = op.arns[0];
    for arn in &op.arns[1..] {
        if filled(arn) > filled(best) {
            best = arn;
        }
    }
    let mut why = Vec::new();
    let mut out = String::new();
    let mut rest = best;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            rest = after;
            break;
        };
        let name = &after[..end];
        rest = &after[end + 1..];
        if matches!(name, "Partition" | "Region" | "Account") {
            out.push_str("${");
            out.push_str(name);
            out.push('}');
            continue;
        }
        let found = op
            .fields
            .iter()
            .filter(|(_, ph)| ph == name)
            .find_map(|(f, _)| value_of(f).map(|v| (f, v)));
        let Some((field, v)) = found else {
            // Object keys are dynamic by nature: not worth a note.
            if name != "ObjectName" {
                // Named after the table's resource field when it is one (`name`, not
                // `parameter_name_without_leading_slash`).
                let fields: Vec<&str> = op
                    .fields
                    .iter()
                    .filter(|(_, ph)| ph == name)
                    .map(|(f, _)| f.as_str())
                    .collect();
                let shown = fields
                    .iter()
                    .find(|f| op.arn_fields.contains(f))
                    .or_else(|| fields.iter().min_by_key(|f| f.len()))
                    .copied();
                why.push(match shown {
                    Some(f) => format!("no `.{f}(..)` seen"),
                    None => format!("nothing gives `{name}`"),
                });
            }
            out.push('*');
            continue;
        };
        if name != "ObjectName" {
            why.extend(v.why.iter().cloned());
        }
        let mut text = v.text.clone().unwrap_or_else(|| "*".into());
        if field.ends_with("_url") {
            text = text.rsplit('/').next().unwrap_or("*").to_string();
        }
        if name.ends_with("WithoutLeadingSlash") {
            text = text.trim_start_matches('/').to_string();
        }
        if field == "path" {
            // Every parameter under the path.
            text = format!("{}/*", text.trim_end_matches('/'));
        }
        if name == "SecretId" && !text.ends_with('*') {
            // Secrets Manager adds six random characters to a secret's name in its ARN.
            text.push_str("-??????");
        }
        out.push_str(&text);
    }
    out.push_str(rest);
    (out, why)
}

/// `${Partition}` → `aws`, other `${Name}` → its value, else `*`; policy variables
/// (`${aws:username}`) → `*`.
pub fn substitute(template: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..end];
        match (name, vars.get(name)) {
            ("Partition", None) => out.push_str("aws"),
            (_, Some(v)) if !name.contains(':') => out.push_str(v),
            _ => out.push('*'),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether the statements allow `action` on `resource` (variables substituted).
pub fn allowed(
    specs: &[&StatementSpec],
    action: &str,
    resource: &str,
    vars: &BTreeMap<String, String>,
) -> bool {
    let known = !resource.contains(['*', '?']);
    let request = Request::new(
        RequestPrincipal::Aws("arn:aws:iam::000000000000:role/scan".into()),
        action,
        resource,
    );
    let mut allow = false;
    for s in specs {
        if !s.actions.iter().any(|a| eval::action_matches(a, action)) {
            continue;
        }
        let hit = |covering: bool| {
            s.resources.iter().any(|r| {
                let r = substitute(r, vars);
                if known {
                    eval::resource_matches(&r, &request)
                } else if covering {
                    r == "*"
                        || (!resource.contains(['*', '?']) && eval::resource_matches(&r, &request))
                } else {
                    overlaps(&r, resource)
                }
            })
        };
        match s.effect {
            Effect::Allow => allow |= hit(false),
            Effect::Deny if hit(true) => return false,
            Effect::Deny => {}
        }
    }
    allow
}

/// Whether some text matches both patterns (`*` any run of characters, `?` one).
pub fn overlaps(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut memo = vec![vec![None; b.len() + 1]; a.len() + 1];
    go(&a, &b, 0, 0, &mut memo)
}

fn go(a: &[char], b: &[char], i: usize, j: usize, memo: &mut Vec<Vec<Option<bool>>>) -> bool {
    if let Some(r) = memo[i][j] {
        return r;
    }
    let r = if i == a.len() && j == b.len() {
        true
    } else if i < a.len() && a[i] == '*' {
        go(a, b, i + 1, j, memo) || (j < b.len() && go(a, b, i, j + 1, memo))
    } else if j < b.len() && b[j] == '*' {
        go(a, b, i, j + 1, memo) || (i < a.len() && go(a, b, i + 1, j, memo))
    } else if i < a.len() && j < b.len() && (a[i] == b[j] || a[i] == '?' || b[j] == '?') {
        go(a, b, i + 1, j + 1, memo)
    } else {
        false
    };
    memo[i][j] = Some(r);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(effect: Effect, action: &str, resource: &str) -> StatementSpec {
        StatementSpec {
            effect,
            actions: vec![action.into()],
            resources: vec![resource.into()],
            conditions: Vec::new(),
            reason: None,
        }
    }

    #[test]
    fn patterns_overlap_when_some_text_matches_both() {
        assert!(overlaps("arn:aws:s3:::*/*", "arn:aws:s3:::img/*"));
        assert!(overlaps("arn:aws:s3:::img/a.png", "arn:aws:s3:::img/*"));
        assert!(overlaps("secret:db-*", "secret:db-??????"));
        assert!(!overlaps("arn:aws:s3:::img/*", "arn:aws:s3:::other/*"));
        assert!(!overlaps("table/Orders", "table/Users*"));
    }

    #[test]
    fn known_resources_use_the_evaluator_and_unknown_ones_intersect() {
        let vars = BTreeMap::from([("Account".to_string(), "123".to_string())]);
        let s = spec(
            Effect::Allow,
            "dynamodb:PutItem",
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders",
        );
        let specs = [&s];
        let r = substitute(
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders",
            &vars,
        );
        assert_eq!(r, "arn:aws:dynamodb:*:123:table/Orders");
        assert!(allowed(&specs, "dynamodb:PutItem", &r, &vars));
        assert!(!allowed(&specs, "dynamodb:GetItem", &r, &vars));
        let other = substitute(
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/Users",
            &vars,
        );
        assert!(!allowed(&specs, "dynamodb:PutItem", &other, &vars));
        let deny = spec(Effect::Deny, "dynamodb:*", "*");
        assert!(!allowed(&[&s, &deny], "dynamodb:PutItem", &r, &vars));
        let full = BTreeMap::from([
            ("Account".to_string(), "123".to_string()),
            ("Region".to_string(), "eu-west-1".to_string()),
        ]);
        let r = substitute(
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders",
            &full,
        );
        assert!(allowed(&specs, "dynamodb:PutItem", &r, &full));
    }
}
