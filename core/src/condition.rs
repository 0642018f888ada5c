//! Condition validation: operator, key applicability, value type.
//!
//! - The operator must be one of IAM's ([`crate::catalog::operator`]; names are case-sensitive,
//!   so another spelling is an error with the canonical one suggested).
//! - The key is a global key (`aws:SourceArn`) or a key of the service it names, and a service
//!   key must apply to every action of the statement (to one of them with `...IfExists`): it is
//!   listed for the action, for a resource type of the action, or by that resource type itself.
//!   The tag keys `aws:RequestTag/..`, `aws:ResourceTag/..` and `aws:TagKeys` are checked the
//!   same way for services whose catalog entry lists them; other global keys apply everywhere.
//! - The operator's family must suit the key's type: `Numeric*` wants a numeric key, `Date*` a
//!   date, `Bool` a boolean, `IpAddress` an address, `Arn*` an ARN (or string) key, `Binary*` a
//!   binary one; `String*` and `Null` go with anything (IAM compares ARNs as strings too).
//!   A `ForAnyValue:`/`ForAllValues:` qualifier on a single-valued key is not flagged: IAM
//!   accepts it, and the catalog's multi-valued types are not complete enough to be sure.
//! - Each value must be of the operator's type (see [`value_fits`]); values holding a
//!   placeholder or policy variable (`${aws:username}`) are checked once resolved, by IAM.

use crate::catalog::{
    self, Action, ConditionKey, ConditionType, OPERATORS, OperatorFamily, ParsedOperator, Service,
};
use crate::decl::ConditionDecl;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::lookup::{self, ActionRef};
use crate::template;

/// The actions of a statement as far as they resolved, with the text each was written as.
#[derive(Clone, Debug, Default)]
pub struct StatementActions {
    pub actions: Vec<(String, ActionRef)>,
}

impl StatementActions {
    /// Whether `*` (every action) is among them: key applicability is then not checked.
    fn has_all(&self) -> bool {
        self.actions
            .iter()
            .any(|(_, a)| matches!(a, ActionRef::All))
    }
}

/// Checks one `condition(..)` of a statement against its actions.
pub fn check_condition(cond: &ConditionDecl, actions: &StatementActions, diags: &mut Diagnostics) {
    let operator = check_operator(cond, diags);
    let key = check_key(cond, operator.as_ref(), actions, diags);
    if let (Some(op), Some(key)) = (operator.as_ref(), key) {
        check_operator_fits_key(cond, op, key, diags);
    }
    for value in &cond.values {
        if let Err(e) = template::parse(&value.value) {
            diags.push(
                Diagnostic::error(Code::MalformedPlaceholder, value.span, e.message)
                    .with_help(e.help),
            );
            continue;
        }
        let Some(op) = operator.as_ref() else {
            continue;
        };
        if value.value.contains("${") {
            continue;
        }
        if let Err(help) = value_fits(op.base.family, &value.value) {
            diags.push(
                Diagnostic::error(
                    Code::ConditionValueType,
                    value.span,
                    format!(
                        "`{}` is not {}, as `{}` needs",
                        value.value,
                        family_article(op.base.family),
                        cond.operator.value
                    ),
                )
                .with_help(help),
            );
        }
    }
}

fn check_operator(cond: &ConditionDecl, diags: &mut Diagnostics) -> Option<ParsedOperator> {
    let text = &cond.operator.value;
    if let Some(op) = catalog::operator(text) {
        return Some(op);
    }
    let message = format!("unknown condition operator `{text}`");
    let help = match suggest_operator(text) {
        Some(s) if s == "Null" && text.to_ascii_lowercase().ends_with("ifexists") => {
            "`Null` has no `IfExists` form: write `Null`".to_string()
        }
        Some(s) => format!("did you mean `{s}`?"),
        None => "operators are `StringEquals`, `StringLike`, `ArnLike`, `NumericLessThan`, \
                 `DateGreaterThan`, `Bool`, `IpAddress`, `Null` and their relatives, with an \
                 optional `IfExists` suffix and `ForAnyValue:`/`ForAllValues:` prefix"
            .to_string(),
    };
    diags.push(
        Diagnostic::error(Code::UnknownOperator, cond.operator.span, message).with_help(help),
    );
    None
}

/// The operator the user probably meant, spelled canonically.
pub fn suggest_operator(text: &str) -> Option<String> {
    let (qualifier, rest) = match text.split_once(':') {
        Some((q, rest)) => {
            let q = lookup::suggest(q, ["ForAnyValue", "ForAllValues"])
                .first()
                .copied()?;
            (Some(q), rest)
        }
        None => (None, text),
    };
    let lower = rest.to_ascii_lowercase();
    let (base, if_exists) = match lower.strip_suffix("ifexists") {
        Some(b) if !b.is_empty() => (&rest[..b.len()], true),
        _ => (rest, false),
    };
    // Operator names are ASCII; `operator_ignore_case` slices bytes, so keep other text away.
    let exact = if base.is_ascii() {
        catalog::operator_ignore_case(base)
    } else {
        None
    };
    let base = exact.or_else(|| {
        lookup::suggest(base, OPERATORS.iter().map(|o| o.name))
            .first()
            .copied()
    })?;
    let if_exists = if_exists && base != "Null";
    let mut out = String::new();
    if let Some(q) = qualifier {
        out.push_str(q);
        out.push(':');
    }
    out.push_str(base);
    if if_exists {
        out.push_str("IfExists");
    }
    Some(out)
}

/// A condition key of the catalog, or why not.
#[derive(Debug)]
pub enum KeyLookup {
    Found(&'static ConditionKey),
    /// Unknown; close names.
    Unknown(Vec<String>),
}

/// Stands for a claim key of an identity provider the catalog does not list by name: an OIDC
/// provider's own host and path (`token.actions.githubusercontent.com:sub`,
/// `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud`). Such keys exist only in requests to
/// `sts:AssumeRoleWith*` and hold the token's string claims.
pub static PROVIDER_CLAIM: ConditionKey = ConditionKey {
    key: "${provider}:${claim}",
    name: "${Provider}:${Claim}",
    ty: ConditionType::String,
};

/// Whether a key names an identity provider's claim (`accounts.google.com:aud`,
/// `token.actions.githubusercontent.com:sub`, `saml:sub`): a key of the federation actions.
fn is_provider_key(key: &ConditionKey) -> bool {
    std::ptr::eq(key, &PROVIDER_CLAIM)
        || key.name.split_once(':').is_some_and(|(prefix, _)| {
            prefix.contains(['.', '/']) || prefix.eq_ignore_ascii_case("saml")
        })
}

/// Looks a key up: global keys for `aws:`, else the keys of the service its prefix names; the
/// keys of identity providers (`saml:sub`, `accounts.google.com:aud`, which the catalog lists
/// under `sts`), and any `host/path:claim` key of an OIDC provider ([`PROVIDER_CLAIM`]).
pub fn find_key(key: &str) -> KeyLookup {
    let Some((prefix, _)) = key.split_once(':') else {
        return KeyLookup::Unknown(Vec::new());
    };
    if prefix.eq_ignore_ascii_case("aws") {
        if let Some(k) = catalog::global_condition_key(key) {
            return KeyLookup::Found(k);
        }
        let names = catalog::global_condition_keys().iter().map(|k| k.name);
        return KeyLookup::Unknown(
            lookup::suggest(key, names)
                .into_iter()
                .map(String::from)
                .collect(),
        );
    }
    match catalog::service(prefix) {
        Some(service) => match service.condition_key(key) {
            Some(k) => KeyLookup::Found(k),
            None => {
                let names = service.condition_keys.iter().map(|k| k.name);
                KeyLookup::Unknown(
                    lookup::suggest(key, names)
                        .into_iter()
                        .map(String::from)
                        .collect(),
                )
            }
        },
        None => {
            if let Some(k) = catalog::service("sts").and_then(|s| s.condition_key(key)) {
                return KeyLookup::Found(k);
            }
            let (prefix, claim) = key.split_once(':').unwrap_or_default();
            if prefix.contains(['.', '/']) && !claim.is_empty() {
                return KeyLookup::Found(&PROVIDER_CLAIM);
            }
            KeyLookup::Unknown(Vec::new())
        }
    }
}

fn check_key(
    cond: &ConditionDecl,
    operator: Option<&ParsedOperator>,
    actions: &StatementActions,
    diags: &mut Diagnostics,
) -> Option<&'static ConditionKey> {
    let text = &cond.key.value;
    let key = match find_key(text) {
        KeyLookup::Found(key) => key,
        KeyLookup::Unknown(suggestions) => {
            let help = lookup::did_you_mean(&suggestions).unwrap_or_else(|| {
                "a key is global (`aws:SourceArn`, `aws:PrincipalTag/team`) or one of the \
                 service's own (`s3:prefix`), as the Service Authorization Reference lists them"
                    .to_string()
            });
            diags.push(
                Diagnostic::error(
                    Code::UnknownConditionKey,
                    cond.key.span,
                    format!("unknown condition key `{text}`"),
                )
                .with_help(help),
            );
            return None;
        }
    };
    let if_exists = operator.is_some_and(|op| op.if_exists);
    let Some((written, any_applies)) = inapplicable_to(key, if_exists, actions) else {
        return Some(key);
    };
    {
        let written = written.as_str();
        let mut help = Vec::new();
        if let Some(users) = actions_with_key(key.name) {
            help.push(users);
        }
        if !if_exists && any_applies {
            help.push(format!(
                "move `{written}` to an `allow` without this condition, or use `{}IfExists`",
                cond.operator.value
            ));
        } else {
            help.push(
                "remove the condition, or move it to a statement of those actions".to_string(),
            );
        }
        let help = help.join("; ");
        diags.push(
            Diagnostic::error(
                Code::InapplicableConditionKey,
                cond.key.span,
                format!("condition key `{text}` does not apply to `{written}`"),
            )
            .with_help(help),
        );
    }
    Some(key)
}

/// Whether a key applies to a statement's actions (see the module docs): `None` when it does,
/// else the first action (as written) it does not apply to, and whether it applies to any.
pub fn inapplicable_to(
    key: &ConditionKey,
    if_exists: bool,
    actions: &StatementActions,
) -> Option<(String, bool)> {
    if actions.has_all() {
        return None;
    }
    let global = key.name.len() > 4 && key.name[..4].eq_ignore_ascii_case("aws:");
    // Per action as written: whether the key applies (to any action a wildcard covers).
    let mut verdicts: Vec<(&str, bool)> = Vec::new();
    for (written, target) in &actions.actions {
        let covered = target.actions();
        let scoped: Vec<_> = covered
            .iter()
            .filter(|(service, _)| {
                !global || (is_tag_key(key.name) && lists_key(service, key.name))
            })
            .collect();
        if scoped.is_empty() {
            continue;
        }
        let applies = scoped.iter().any(|(service, action)| {
            applies_to(service, action, key.name)
                || (is_provider_key(key)
                    && service.prefix == "sts"
                    && action.name.starts_with("AssumeRoleWith"))
        });
        verdicts.push((written.as_str(), applies));
    }
    // `sts:TagSession` and `sts:SetSourceIdentity` are authorized in the same request as the
    // `sts:AssumeRole*` call they come with, so they see its keys (`sts:ExternalId`, a web
    // identity's claims) when a statement grants them together.
    let assume_applies = verdicts.iter().any(|(w, applies)| {
        *applies
            && w.get(..14)
                .is_some_and(|p| p.eq_ignore_ascii_case("sts:AssumeRole"))
    });
    if assume_applies {
        for (w, applies) in &mut verdicts {
            if w.eq_ignore_ascii_case("sts:TagSession")
                || w.eq_ignore_ascii_case("sts:SetSourceIdentity")
            {
                *applies = true;
            }
        }
    }
    let ok = if if_exists {
        verdicts.is_empty() || verdicts.iter().any(|(_, applies)| *applies)
    } else {
        verdicts.iter().all(|(_, applies)| *applies)
    };
    if ok {
        return None;
    }
    let (written, _) = verdicts.iter().find(|(_, applies)| !applies)?;
    Some((
        written.to_string(),
        verdicts.iter().any(|(_, applies)| *applies),
    ))
}

fn is_tag_key(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("aws:requesttag/")
        || lower.starts_with("aws:resourcetag/")
        || lower == "aws:tagkeys"
}

/// Whether two key names are the same key: equal ignoring case, or the same `head/` with a
/// pattern tail on one side (`aws:RequestTag/${TagKey}` and `aws:RequestTag/tag-key`).
fn same_key(listed: &str, canonical: &str) -> bool {
    if listed.eq_ignore_ascii_case(canonical) {
        return true;
    }
    match (listed.split_once('/'), canonical.split_once('/')) {
        (Some((a, ta)), Some((b, tb))) => {
            a.eq_ignore_ascii_case(b) && (is_pattern_tail(ta) || is_pattern_tail(tb))
        }
        _ => false,
    }
}

fn is_pattern_tail(tail: &str) -> bool {
    (tail.starts_with('<') && tail.ends_with('>'))
        || (tail.starts_with("${") && tail.ends_with('}'))
        || tail.eq_ignore_ascii_case("tag-key")
}

/// Whether a service's catalog entry mentions the key anywhere.
fn lists_key(service: &Service, name: &str) -> bool {
    service
        .condition_keys
        .iter()
        .any(|k| same_key(k.name, name))
        || service
            .resource_types
            .iter()
            .any(|rt| rt.condition_keys.iter().any(|k| same_key(k, name)))
}

/// Whether `name` applies to `action`: listed for the action, for one of its resource types in
/// the action's entry, or by the resource type itself.
pub fn applies_to(service: &Service, action: &'static Action, name: &str) -> bool {
    action.condition_keys.iter().any(|k| same_key(k, name))
        || service.resource_types_of(action).any(|(art, rt)| {
            art.condition_keys.iter().any(|k| same_key(k, name))
                || rt.condition_keys.iter().any(|k| same_key(k, name))
        })
}

/// "`s3:prefix` applies to `s3:ListBucket`, `s3:ListBucketVersions` and 2 more actions", for
/// a service key (global tag keys apply too widely to list).
pub fn actions_with_key(name: &str) -> Option<String> {
    let (prefix, _) = name.split_once(':')?;
    let service = catalog::service(prefix).filter(|s| s.prefix != "aws")?;
    let users: Vec<String> = service
        .actions
        .iter()
        .filter(|a| applies_to(service, a, name))
        .map(|a| format!("`{}:{}`", service.prefix, a.name))
        .collect();
    if users.is_empty() {
        return Some(format!(
            "no action of `{}` supports `{name}`",
            service.prefix
        ));
    }
    let shown = users.len().min(3);
    let mut text = format!("`{name}` applies to {}", users[..shown].join(", "));
    if users.len() > shown {
        text.push_str(&format!(" and {} more", users.len() - shown));
    }
    Some(text)
}

/// Whether an operator family may compare a key of this type.
pub fn family_fits(family: OperatorFamily, ty: ConditionType) -> bool {
    use ConditionType as T;
    match family {
        OperatorFamily::String | OperatorFamily::Null => true,
        OperatorFamily::Numeric => ty.element() == T::Numeric,
        OperatorFamily::Date => ty.element() == T::Date,
        OperatorFamily::Bool => ty.element() == T::Bool,
        OperatorFamily::IpAddress => ty.element() == T::IpAddress,
        OperatorFamily::Binary => ty.element() == T::Binary,
        OperatorFamily::Arn => matches!(ty.element(), T::Arn | T::String),
    }
}

/// Whether an operator family fits a key: [`family_fits`] on its type, and the keys AWS documents
/// with two types (the global condition keys reference gives `aws:EpochTime` as "Date, Numeric":
/// seconds since the epoch compare with the `Numeric` operators too; the generated catalog holds
/// one type per key).
pub fn key_fits(family: OperatorFamily, key: &ConditionKey) -> bool {
    family_fits(family, key.ty)
        || (family == OperatorFamily::Numeric && key.name.eq_ignore_ascii_case("aws:EpochTime"))
}

fn check_operator_fits_key(
    cond: &ConditionDecl,
    op: &ParsedOperator,
    key: &ConditionKey,
    diags: &mut Diagnostics,
) {
    if key_fits(op.base.family, key) {
        return;
    }
    let ty = key.ty.element();
    let help = format!("compare {} with {}", type_article(ty), operators_for(ty));
    diags.push(
        Diagnostic::error(
            Code::OperatorKeyMismatch,
            cond.operator.span,
            format!(
                "`{}` compares {}, but `{}` is of type {}",
                cond.operator.value,
                family_plural(op.base.family),
                cond.key.value,
                key.ty.as_str()
            ),
        )
        .with_help(help),
    );
}

pub fn family_plural(family: OperatorFamily) -> &'static str {
    match family {
        OperatorFamily::String => "strings",
        OperatorFamily::Numeric => "numbers",
        OperatorFamily::Date => "dates",
        OperatorFamily::Bool => "booleans",
        OperatorFamily::Binary => "binary values",
        OperatorFamily::IpAddress => "IP addresses",
        OperatorFamily::Arn => "ARNs",
        OperatorFamily::Null => "presence",
    }
}

pub fn family_article(family: OperatorFamily) -> &'static str {
    match family {
        OperatorFamily::String => "a string",
        OperatorFamily::Numeric => "a number",
        OperatorFamily::Date => "a date",
        OperatorFamily::Bool | OperatorFamily::Null => "`true` or `false`",
        OperatorFamily::Binary => "base64",
        OperatorFamily::IpAddress => "an IP address or CIDR block",
        OperatorFamily::Arn => "an ARN",
    }
}

pub fn type_article(ty: ConditionType) -> &'static str {
    match ty {
        ConditionType::Numeric => "a numeric key",
        ConditionType::Date => "a date key",
        ConditionType::Bool => "a boolean key",
        ConditionType::IpAddress => "an address key",
        ConditionType::Binary => "a binary key",
        ConditionType::Arn => "an ARN key",
        _ => "a string key",
    }
}

pub fn operators_for(ty: ConditionType) -> &'static str {
    match ty {
        ConditionType::Numeric => "`NumericEquals`, `NumericLessThan`, ...",
        ConditionType::Date => "`DateGreaterThan`, `DateLessThan`, ...",
        ConditionType::Bool => "`Bool`",
        ConditionType::IpAddress => "`IpAddress` or `NotIpAddress`",
        ConditionType::Binary => "`BinaryEquals`",
        ConditionType::Arn => "`ArnLike`, `ArnEquals`, ...",
        _ => "`StringEquals`, `StringLike`, ...",
    }
}

/// Whether a value (without placeholders) is of the operator family's type; the help line
/// when not.
pub fn value_fits(family: OperatorFamily, value: &str) -> Result<(), String> {
    let ok = match family {
        OperatorFamily::String => true,
        OperatorFamily::Bool | OperatorFamily::Null => {
            value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false")
        }
        OperatorFamily::IpAddress => is_ip_or_cidr(value),
        OperatorFamily::Arn => value.starts_with("arn:") || lookup::is_wildcard(value),
        OperatorFamily::Date => is_date(value),
        OperatorFamily::Numeric => is_number(value),
        OperatorFamily::Binary => is_base64(value),
    };
    if ok {
        return Ok(());
    }
    Err(match family {
        OperatorFamily::Bool | OperatorFamily::Null => "write `true` or `false`".into(),
        OperatorFamily::IpAddress => {
            "write an IPv4 or IPv6 address or CIDR block, as in `10.0.0.0/8` or `2001:db8::/32`"
                .into()
        }
        OperatorFamily::Arn => {
            "write an ARN (`arn:${Partition}:sqs:${Region}:${Account}:my-queue`), wildcards \
             allowed"
                .into()
        }
        OperatorFamily::Date => {
            "write an ISO 8601 date or date-time (`2026-01-31`, `2026-01-31T12:00:00Z`) or epoch \
             seconds"
                .into()
        }
        OperatorFamily::Numeric => "write an integer or decimal number, as in `10` or `2.5`".into(),
        OperatorFamily::Binary => "write the value base64-encoded".into(),
        OperatorFamily::String => String::new(),
    })
}

/// An IPv4 or IPv6 address, optionally with a prefix length in range.
pub fn is_ip_or_cidr(value: &str) -> bool {
    let (addr, prefix) = match value.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (value, None),
    };
    let max = if addr.parse::<std::net::Ipv4Addr>().is_ok() {
        32
    } else if addr.parse::<std::net::Ipv6Addr>().is_ok() {
        128
    } else {
        return false;
    };
    match prefix {
        None => true,
        Some(p) => {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| n <= max)
        }
    }
}

/// An integer or decimal number, optionally signed.
pub fn is_number(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && frac.is_none_or(all_digits)
}

/// Base64 (standard alphabet, padded to a multiple of four).
pub fn is_base64(value: &str) -> bool {
    let body = value.trim_end_matches('=');
    !value.is_empty()
        && value.len().is_multiple_of(4)
        && value.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// An ISO 8601 date (`2026-01-31`), date-time (`2026-01-31T12:00:00Z`, with optional
/// fractional seconds and a `Z` or `±hh:mm` offset; minutes-only accepted), or epoch seconds.
pub fn is_date(value: &str) -> bool {
    if !value.is_ascii() {
        return false;
    }
    if !value.is_empty() && value.len() <= 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let (date, time) = match value.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    if !is_calendar_date(date) {
        return false;
    }
    let Some(time) = time else { return true };
    let (clock, offset) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, None)
    } else if let Some(i) = time.rfind(['+', '-']) {
        (&time[..i], Some(&time[i + 1..]))
    } else {
        (time, None)
    };
    if let Some(offset) = offset
        && !is_hh_mm(offset, 23)
    {
        return false;
    }
    let (hm, seconds) = match clock.len() {
        5 => (clock, None),
        n if n >= 8 => (&clock[..5], Some(&clock[5..])),
        _ => return false,
    };
    if !is_hh_mm(hm, 23) {
        return false;
    }
    match seconds {
        None => true,
        Some(s) => {
            let Some(s) = s.strip_prefix(':') else {
                return false;
            };
            let (whole, frac) = match s.split_once('.') {
                Some((w, f)) => (w, Some(f)),
                None => (s, None),
            };
            whole.len() == 2
                && whole.parse::<u8>().is_ok_and(|n| n <= 60)
                && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
        }
    }
}

fn is_hh_mm(text: &str, max_hour: u8) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 5
        && bytes[2] == b':'
        && text[..2].bytes().all(|b| b.is_ascii_digit())
        && text[3..].bytes().all(|b| b.is_ascii_digit())
        && text[..2].parse::<u8>().is_ok_and(|h| h <= max_hour)
        && text[3..].parse::<u8>().is_ok_and(|m| m <= 59)
}

fn is_calendar_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return false;
    }
    let (y, m, d): (u32, u32, u32) = (
        year.parse().unwrap_or(0),
        month.parse().unwrap_or(0),
        day.parse().unwrap_or(0),
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests;
