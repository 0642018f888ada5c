//! The `Condition` element: operators, set qualifiers, `IfExists`, missing keys.

use super::model::Condition;
use super::pattern::{arn_match, glob};
use super::request::{Context, ContextValue};
use crate::catalog::{OperatorFamily, SetQualifier};
use std::net::IpAddr;

/// Whether one operator/key pair of a `Condition` block holds for the request context.
/// `vars`: whether policy variables are resolved (policies of version `2012-10-17`).
pub(crate) fn condition_holds(c: &Condition, ctx: &Context, vars: bool) -> bool {
    let vars = vars.then_some(ctx);
    let op = &c.operator;
    let value = ctx.get(&c.key);
    if op.base.family == OperatorFamily::Null {
        // `true` asks for the key to be absent, `false` for it to be present.
        let wanted = if value.is_some() { "false" } else { "true" };
        return c.values.iter().any(|v| v.eq_ignore_ascii_case(wanted));
    }
    let Some(value) = value else {
        // A missing key: `IfExists` holds; a plain negated operator holds; `ForAllValues`
        // holds (the empty set); everything else does not.
        return op.if_exists
            || match op.set {
                Some(SetQualifier::ForAllValues) => true,
                Some(SetQualifier::ForAnyValue) => false,
                None => op.base.negated,
            };
    };
    match (op.set, value) {
        (Some(SetQualifier::ForAnyValue), v) => v.values().iter().any(|x| value_holds(c, x, vars)),
        (Some(SetQualifier::ForAllValues), v) => v.values().iter().all(|x| value_holds(c, x, vars)),
        (None, ContextValue::Single(x)) => value_holds(c, x, vars),
        // A plain operator on a multivalued key never matches: such keys need a set operator.
        (None, ContextValue::Multi(_)) => false,
    }
}

/// One request value against the condition's values: a positive operator holds when any
/// policy value matches (OR); a negated one when none does (NOR). A value that cannot be read
/// as the family's type (a malformed number, date, address or ARN, on either side) makes
/// neither kind hold for that value; a policy value whose variable has no value matches
/// nothing, so only the negated operator holds for it.
fn value_holds(c: &Condition, request_value: &str, vars: Option<&Context>) -> bool {
    let negated = c.operator.base.negated;
    let mut results = c
        .values
        .iter()
        .map(|policy_value| compare(c, policy_value, request_value, vars));
    if negated {
        results.all(|r| r == Some(false))
    } else {
        results.any(|r| r == Some(true))
    }
}

/// The positive comparison (`StringNotLike` compares as `StringLike`); `None` when either side
/// cannot be read as the family's type.
fn compare(c: &Condition, policy: &str, request: &str, vars: Option<&Context>) -> Option<bool> {
    let name = c.operator.base.name;
    match c.operator.base.family {
        OperatorFamily::String => {
            let like = name.contains("Like");
            let ignore_case = name.ends_with("IgnoreCase");
            // A variable with no value is "effectively null": equal to and like nothing, so the
            // positive comparison is false and a negated operator holds.
            Some(glob(policy, vars, like, request, ignore_case).unwrap_or(false))
        }
        OperatorFamily::Numeric => {
            let (p, r) = (parse_number(policy)?, parse_number(request)?);
            Some(ordered(name, r.partial_cmp(&p)?))
        }
        OperatorFamily::Date => {
            let (p, r) = (parse_date(policy)?, parse_date(request)?);
            Some(ordered(name, r.cmp(&p)))
        }
        OperatorFamily::Bool => {
            // Variables belong to string and ARN operators only: `${..}` here is literal.
            let p = parse_bool(policy)?;
            let r = parse_bool(request)?;
            Some(p == r)
        }
        OperatorFamily::Binary => Some(match (base64_decode(policy), base64_decode(request)) {
            (Some(a), Some(b)) => a == b,
            _ => policy == request,
        }),
        OperatorFamily::IpAddress => {
            let net = parse_cidr(policy)?;
            let ip: IpAddr = request.parse().ok()?;
            Some(net.contains(ip))
        }
        OperatorFamily::Arn => {
            super::pattern::arn_parts(request)?;
            Some(arn_match(policy, request, vars, true))
        }
        OperatorFamily::Null => None,
    }
}

/// `request ⋄ policy` for the operator's comparison (`NumericLessThan`: request < policy).
fn ordered(name: &str, request_vs_policy: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    let rest = name
        .trim_start_matches("Numeric")
        .trim_start_matches("Date");
    match rest {
        "Equals" | "NotEquals" => request_vs_policy == Equal,
        "LessThan" => request_vs_policy == Less,
        "LessThanEquals" => request_vs_policy != Greater,
        "GreaterThan" => request_vs_policy == Greater,
        "GreaterThanEquals" => request_vs_policy != Less,
        _ => false,
    }
}

/// An integer or decimal number, optionally signed (`3`, `-2`, `1.5`).
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return None;
    }
    text.parse().ok()
}

fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A date as milliseconds since the Unix epoch: epoch seconds (`1700000000`) or ISO 8601
/// (`2024-01-31`, `2024-01-31T12:00Z`, `2024-01-31T12:00:00.5+02:00`; no zone means UTC).
pub(crate) fn parse_date(text: &str) -> Option<i64> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok()?.checked_mul(1000);
    }
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(range)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut ms = days_from_civil(year, month, day) * 86_400_000;
    if b.len() == 10 {
        return Some(ms);
    }
    if b[10] != b'T' || b.len() < 16 || b[13] != b':' {
        return None;
    }
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    if hour > 23 || minute > 59 {
        return None;
    }
    ms += (hour * 3600 + minute * 60) * 1000;
    let mut i = 16;
    if b.get(i) == Some(&b':') {
        let second = num(i + 1..i + 3)?;
        if second > 59 {
            return None;
        }
        ms += second * 1000;
        i += 3;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            let mut end = start;
            while end < b.len() && b[end].is_ascii_digit() {
                end += 1;
            }
            if end == start {
                return None;
            }
            let frac = &text[start..end.min(start + 3)];
            let mut millis: i64 = frac.parse().ok()?;
            for _ in frac.len()..3 {
                millis *= 10;
            }
            ms += millis;
            i = end;
        }
    }
    match &text[i..] {
        "" | "Z" => Some(ms),
        zone => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let z = &zone[1..];
            if z.len() != 5 || z.as_bytes()[2] != b':' {
                return None;
            }
            let (zh, zm): (i64, i64) = (z[..2].parse().ok()?, z[3..].parse().ok()?);
            Some(ms - sign * (zh * 3600 + zm * 60) * 1000)
        }
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A CIDR block or a single address (a `/32` or `/128`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    fn contains(self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            // An IPv4 block never contains an IPv6 address, nor the other way round.
            _ => false,
        }
    }
}

pub(crate) fn parse_cidr(text: &str) -> Option<Cidr> {
    let (addr, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let addr: IpAddr = addr.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
        Some(_) => return None,
    };
    (prefix <= max).then_some(Cidr { addr, prefix })
}

/// Standard base64 (with or without padding); `None` if `text` is not base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let trimmed = text.trim_end_matches('=');
    if text.len() - trimmed.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in trimmed.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_notations() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("1970-01-02T00:00:00Z"), Some(86_400_000));
        assert_eq!(parse_date("86400"), Some(86_400_000));
        assert_eq!(
            parse_date("2024-03-01T01:00:00+01:00"),
            parse_date("2024-03-01T00:00:00Z")
        );
        assert_eq!(parse_date("2024-02-29"), Some(1_709_164_800_000));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(
            parse_date("2024-01-01T00:00:00.250Z"),
            Some(1_704_067_200_250)
        );
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn numbers_are_strict() {
        assert_eq!(parse_number("42"), Some(42.0));
        assert_eq!(parse_number("-1.5"), Some(-1.5));
        assert_eq!(parse_number("1e3"), None);
        assert_eq!(parse_number("12abc"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn cidrs_of_both_families() {
        let net = parse_cidr("10.1.0.0/16").unwrap();
        assert!(net.contains("10.1.200.3".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        assert!(!net.contains("::1".parse().unwrap()));
        let host = parse_cidr("192.0.2.7").unwrap();
        assert!(host.contains("192.0.2.7".parse().unwrap()));
        assert!(!host.contains("192.0.2.8".parse().unwrap()));
        let v6 = parse_cidr("2001:db8::/32").unwrap();
        assert!(v6.contains("2001:db8:1::5".parse().unwrap()));
        assert!(!v6.contains("2001:db9::5".parse().unwrap()));
        assert!(
            parse_cidr("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
        assert!(parse_cidr("10.0.0.0/33").is_none());
        assert!(parse_cidr("10.0.0.0/").is_none());
    }

    #[test]
    fn base64_round_trips() {
        assert_eq!(base64_decode("aGk=").unwrap(), b"hi");
        assert_eq!(base64_decode("aGk").unwrap(), b"hi");
        assert_eq!(base64_decode("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(base64_decode("a$b"), None);
    }
}
