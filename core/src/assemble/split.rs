//! Splitting a policy over the inline limit into managed policies.
//!
//! A role's inline policies may hold 10,240 characters
//! ([`INLINE_POLICY_LIMIT`](crate::policy::INLINE_POLICY_LIMIT)); one customer managed policy
//! 6,144 ([`MANAGED_POLICY_LIMIT`]); both count the compact JSON (whitespace
//! outside strings excluded, see [`crate::policy::policy_size`]). A role may have 10 managed
//! policies attached by default ([`MANAGED_POLICIES_PER_ROLE`]), 20 with a quota increase
//! ([`MANAGED_POLICIES_MAX`]).
//!
//! [`split`] keeps the policy's statement order and fills the parts one after the other: a
//! statement goes into the current part when it fits, else it starts the next one. A statement
//! is cut only when it alone is over the limit: its resources are cut into consecutive runs
//! (`A × (R₁ ∪ R₂) = A × R₁ ∪ A × R₂`, the same grant), the first filling the room left in the
//! current part, the others a part each; a run of one resource that still does not fit has its
//! actions cut the same way. The pieces keep the statement's effect
//! and conditions and get the Sids `<Sid>Part1`, `<Sid>Part2`, … (made unique against every
//! other Sid). The result depends only on the policy, so it is as stable as the policy.

use super::sid;
use crate::policy::{OneOrMany, PolicyDocument, Statement};

/// IAM's limit on one customer managed policy, in characters (whitespace outside strings not
/// counted).
pub const MANAGED_POLICY_LIMIT: usize = 6_144;

/// Managed policies a role may have attached under the default quota.
pub const MANAGED_POLICIES_PER_ROLE: usize = 10;

/// Managed policies a role may have attached at most (the quota's ceiling).
pub const MANAGED_POLICIES_MAX: usize = 20;

/// One managed policy of a split policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedPart {
    pub document: PolicyDocument,
    /// [`crate::policy::policy_size`] of `document`.
    pub size: usize,
    /// For each statement of `document`, the index of the policy statement it is (a piece of).
    pub statements: Vec<usize>,
}

/// Compact size of one statement.
fn statement_size(s: &Statement) -> usize {
    serde_json::to_string(s)
        .expect("a statement always serialises")
        .chars()
        .count()
}

/// Compact size of a document with statements of these sizes:
/// `{"Version":"2012-10-17","Statement":[` + statements joined by `,` + `]}`.
fn document_size(statement_sizes: impl IntoIterator<Item = usize>) -> usize {
    let empty = crate::policy::policy_size(&PolicyDocument::new(Vec::new()));
    let (mut sum, mut n) = (0usize, 0usize);
    for s in statement_sizes {
        sum += s;
        n += 1;
    }
    empty + sum + n.saturating_sub(1)
}

/// A statement that cannot fit in a managed policy even with one action and one resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge {
    pub sid: String,
}

/// The managed policies for `policy`, in order (see the module docs).
pub fn split(policy: &PolicyDocument) -> Result<Vec<ManagedPart>, TooLarge> {
    let empty = document_size([]);
    let mut taken: Vec<String> = policy
        .statement
        .iter()
        .filter_map(|s| s.sid.clone())
        .collect();
    let mut parts: Vec<ManagedPart> = Vec::new();
    // (statement index, piece, its compact size)
    let mut current: Vec<(usize, Statement, usize)> = Vec::new();
    let flush = |current: &mut Vec<(usize, Statement, usize)>, parts: &mut Vec<ManagedPart>| {
        if current.is_empty() {
            return;
        }
        let taken = std::mem::take(current);
        let document = PolicyDocument::new(taken.iter().map(|(_, s, _)| s.clone()).collect());
        let size = crate::policy::policy_size(&document);
        parts.push(ManagedPart {
            document,
            size,
            statements: taken.iter().map(|(i, _, _)| *i).collect(),
        });
    };
    let used =
        |current: &[(usize, Statement, usize)]| document_size(current.iter().map(|(_, _, z)| *z));
    for (i, s) in policy.statement.iter().enumerate() {
        let size = statement_size(s);
        let with = document_size(current.iter().map(|(_, _, z)| *z).chain([size]));
        if with <= MANAGED_POLICY_LIMIT {
            current.push((i, s.clone(), size));
            continue;
        }
        if empty + size <= MANAGED_POLICY_LIMIT {
            flush(&mut current, &mut parts);
            current.push((i, s.clone(), size));
            continue;
        }
        // Too large for any part: cut it, the first piece sized to the room left here.
        let room = if current.is_empty() {
            MANAGED_POLICY_LIMIT
        } else {
            // as the size of a document holding the piece alone
            (MANAGED_POLICY_LIMIT + empty).saturating_sub(used(&current) + 1)
        };
        for piece in cut_statement(s, room, &mut taken)? {
            let size = statement_size(&piece);
            let with = document_size(current.iter().map(|(_, _, z)| *z).chain([size]));
            if with > MANAGED_POLICY_LIMIT {
                flush(&mut current, &mut parts);
            }
            current.push((i, piece, size));
        }
    }
    flush(&mut current, &mut parts);
    Ok(parts)
}

/// Characters kept free in each cut piece for a number `sid::unique` may append to its Sid
/// (only when `<Sid>PartN` is already taken).
const SID_MARGIN: usize = 4;

/// Cuts an over-large statement into pieces: by resources (the first piece within `first` as
/// the size of a document holding it alone, the others within the limit), then, for a single
/// resource still too large, by actions. Pieces are named `<Sid>Part1`, `<Sid>Part2`, ….
fn cut_statement(
    s: &Statement,
    first: usize,
    taken: &mut Vec<String>,
) -> Result<Vec<Statement>, TooLarge> {
    let base = s.sid.clone().unwrap_or_else(|| "Statement".into());
    let piece_sid = |k: usize| format!("{base}Part{k}");
    let with = |actions: &[String], resources: &[String], k: usize| Statement {
        sid: Some(piece_sid(k)),
        action: OneOrMany::from_vec(actions.to_vec()),
        resource: Some(OneOrMany::from_vec(resources.to_vec())),
        ..s.clone()
    };
    let alone = |st: &Statement| document_size([statement_size(st)]) + SID_MARGIN;
    let limit = |k: usize| if k == 1 { first } else { MANAGED_POLICY_LIMIT };
    let actions = s.action.as_slice().to_vec();
    let resources = s
        .resource
        .as_ref()
        .map(|r| r.as_slice().to_vec())
        .unwrap_or_default();
    let too_large = || TooLarge { sid: base.clone() };
    let mut out: Vec<Statement> = Vec::new();
    let runs = greedy_runs(&resources, |run, k| alone(&with(&actions, run, k)), limit);
    for run in runs {
        let k = out.len() + 1;
        let piece = with(&actions, &run, k);
        if alone(&piece) <= MANAGED_POLICY_LIMIT {
            out.push(piece);
            continue;
        }
        // One resource with every action is still too large: cut the actions.
        let first_k = out.len() + 1;
        let runs = greedy_runs(
            &actions,
            |a, j| alone(&with(a, &run, first_k + j - 1)),
            |_| MANAGED_POLICY_LIMIT,
        );
        for actions in runs {
            let piece = with(&actions, &run, out.len() + 1);
            if alone(&piece) > MANAGED_POLICY_LIMIT {
                return Err(too_large());
            }
            out.push(piece);
        }
    }
    if out.is_empty() {
        return Err(too_large());
    }
    let names = sid::unique(
        (1..=out.len()).map(piece_sid).collect(),
        &taken.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for (piece, name) in out.iter_mut().zip(names) {
        taken.push(name.clone());
        piece.sid = Some(name);
    }
    Ok(out)
}

/// Consecutive runs of `items`: run `k` (1-based) as long as `size(run, k) <= limit(k)` allows,
/// and at least one item.
///
/// `size` is asked about runs of one and two items only: a run of three or more is a JSON
/// list, and each further item adds exactly its JSON string and a comma to the run of two
/// (`["a","b"]` → `["a","b","c"]`), so its size is known without serialising it again.
fn greedy_runs(
    items: &[String],
    size: impl Fn(&[String], usize) -> usize,
    limit: impl Fn(usize) -> usize,
) -> Vec<Vec<String>> {
    let json_len = |s: &String| {
        serde_json::to_string(s)
            .expect("a string always serialises")
            .chars()
            .count()
    };
    let mut runs = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let k = runs.len() + 1;
        let mut end = start + 1;
        if end < items.len() {
            let mut total = size(&items[start..=end], k);
            if total <= limit(k) {
                end += 1;
                while end < items.len() {
                    total += json_len(&items[end]) + 1;
                    if total > limit(k) {
                        break;
                    }
                    end += 1;
                }
            }
        }
        runs.push(items[start..end].to_vec());
        start = end;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decl::Effect;
    use std::collections::BTreeMap;

    fn statement(sid: &str, actions: &[&str], resources: Vec<String>) -> Statement {
        Statement {
            sid: Some(sid.into()),
            effect: Effect::Allow,
            principal: None,
            action: OneOrMany::from_vec(actions.iter().map(|s| s.to_string()).collect()),
            resource: Some(OneOrMany::from_vec(resources)),
            condition: BTreeMap::new(),
        }
    }

    fn buckets(prefix: &str, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("arn:aws:s3:::{prefix}-bucket-number-{i:04}/*"))
            .collect()
    }

    #[test]
    fn document_size_is_exact() {
        let doc = PolicyDocument::new(vec![
            statement("A", &["s3:GetObject"], buckets("a", 3)),
            statement("B", &["s3:PutObject"], buckets("b", 2)),
        ]);
        assert_eq!(
            document_size(doc.statement.iter().map(statement_size)),
            crate::policy::policy_size(&doc)
        );
        assert_eq!(
            document_size([]),
            crate::policy::policy_size(&PolicyDocument::new(vec![]))
        );
    }

    #[test]
    fn splits_in_order_and_cuts_only_oversized_statements() {
        let doc = PolicyDocument::new(vec![
            statement("Small", &["s3:GetObject"], buckets("small", 2)),
            statement("Huge", &["s3:PutObject"], buckets("huge", 300)),
            statement("Medium", &["s3:DeleteObject"], buckets("medium", 60)),
        ]);
        let parts = split(&doc).unwrap();
        assert!(parts.len() >= 3, "{}", parts.len());
        for p in &parts {
            assert!(p.size <= MANAGED_POLICY_LIMIT, "{}", p.size);
            assert_eq!(p.size, crate::policy::policy_size(&p.document));
        }
        // order kept: indices never go back
        let order: Vec<usize> = parts.iter().flat_map(|p| p.statements.clone()).collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
        // the huge statement is cut, its resources all there, in order, once
        let huge: Vec<&Statement> = parts
            .iter()
            .flat_map(|p| p.document.statement.iter().zip(&p.statements))
            .filter(|(_, i)| **i == 1)
            .map(|(s, _)| s)
            .collect();
        assert!(huge.len() > 1);
        let got: Vec<String> = huge
            .iter()
            .flat_map(|s| s.resource.as_ref().unwrap().as_slice().to_vec())
            .collect();
        assert_eq!(got, buckets("huge", 300));
        let sids: Vec<&str> = huge.iter().map(|s| s.sid.as_deref().unwrap()).collect();
        assert_eq!(sids[0], "HugePart1");
        assert_eq!(sids[1], "HugePart2");
        // its first piece fills the part the small statement opened
        assert_eq!(parts[0].statements[..2], [0, 1]);
        // the others are whole
        let whole: Vec<&str> = parts
            .iter()
            .flat_map(|p| p.document.statement.iter())
            .filter_map(|s| s.sid.as_deref())
            .filter(|s| !s.starts_with("Huge"))
            .collect();
        assert_eq!(whole, ["Small", "Medium"]);
        // deterministic
        assert_eq!(split(&doc).unwrap(), parts);
    }

    #[test]
    fn a_single_resource_with_too_many_actions_is_cut_by_action() {
        let actions: Vec<String> = (0..400)
            .map(|i| format!("s3:SomeLongActionName{i:04}"))
            .collect();
        let refs: Vec<&str> = actions.iter().map(String::as_str).collect();
        let doc = PolicyDocument::new(vec![statement(
            "Many",
            &refs,
            vec!["arn:aws:s3:::b/*".into()],
        )]);
        let parts = split(&doc).unwrap();
        let got: Vec<String> = parts
            .iter()
            .flat_map(|p| p.document.statement.iter())
            .flat_map(|s| s.action.as_slice().to_vec())
            .collect();
        assert_eq!(got, actions);
        assert!(parts.iter().all(|p| p.size <= MANAGED_POLICY_LIMIT));
    }
}
