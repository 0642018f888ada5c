//! Splitting a policy over the inline limit into managed policies.
//!
//! A role's inline policies may hold 10,240 characters ([`INLINE_POLICY_LIMIT`](crate::policy::INLINE_POLICY_LIMIT)); one customer
//! managed policy 6,144 ([`MANAGED_POLICY_LIMIT`]); both count the compact JSON (whitespace
//! outside strings excluded, see [`crate::policy::policy_size`]). A role may have 10 managed
//! policies attached by default ([`MANAGED_POLICIES_PER_ROLE`]), 20 with a quota increase
//! ([`MANAGED_POLICIES_MAX`]).
//!
//! [`split`] keeps the policy's statement order and fills the parts one after the other: a
//! statement goes into the current part when it fits, else it starts the next one. A statement
//! is cut only when it alone is over the limit: its resources are cut into consecutive runs
//! that fit (`A × (R₁ ∪ R₂) = A × R₁ ∪ A × R₂`, the same grant), and a run of one resource that
//! still does not fit has its actions cut the same way. The pieces keep the statement's effect
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
    let mut pieces: Vec<(usize, Statement)> = Vec::new();
    for (i, s) in policy.statement.iter().enumerate() {
        if document_size([statement_size(s)]) <= MANAGED_POLICY_LIMIT {
            pieces.push((i, s.clone()));
            continue;
        }
        pieces.extend(cut_statement(s)?.into_iter().map(|p| (i, p)));
    }
    name_pieces(policy, &mut pieces);

    let mut parts: Vec<ManagedPart> = Vec::new();
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
    for (i, s) in pieces {
        let size = statement_size(&s);
        let with = document_size(current.iter().map(|(_, _, z)| *z).chain([size]));
        if with > MANAGED_POLICY_LIMIT {
            flush(&mut current, &mut parts);
        }
        current.push((i, s, size));
    }
    flush(&mut current, &mut parts);
    Ok(parts)
}

/// Cuts an over-large statement into pieces that each fit alone: by resources, then (for a
/// single resource still too large) by actions.
fn cut_statement(s: &Statement) -> Result<Vec<Statement>, TooLarge> {
    let fits = |st: &Statement| document_size([statement_size(st)]) <= MANAGED_POLICY_LIMIT;
    let with = |actions: &[String], resources: &[String]| Statement {
        action: OneOrMany::from_vec(actions.to_vec()),
        resource: Some(OneOrMany::from_vec(resources.to_vec())),
        ..s.clone()
    };
    let actions = s.action.as_slice().to_vec();
    let resources = s
        .resource
        .as_ref()
        .map(|r| r.as_slice().to_vec())
        .unwrap_or_default();
    let too_large = || TooLarge {
        sid: s.sid.clone().unwrap_or_default(),
    };
    let mut out = Vec::new();
    // The document size of a piece when it fits, for `greedy_runs`.
    let fitting = |st: Statement| {
        let size = document_size([statement_size(&st)]);
        (size <= MANAGED_POLICY_LIMIT).then_some(size)
    };
    for run in greedy_runs(&resources, |run| fitting(with(&actions, run))) {
        if fits(&with(&actions, &run)) {
            out.push(with(&actions, &run));
            continue;
        }
        // One resource with every action is still too large: cut the actions.
        for actions in greedy_runs(&actions, |a| fitting(with(a, &run))) {
            let piece = with(&actions, &run);
            if !fits(&piece) {
                return Err(too_large());
            }
            out.push(piece);
        }
    }
    if out.is_empty() {
        return Err(too_large());
    }
    Ok(out)
}

/// Consecutive runs of `items`, each as long as `fits` allows (at least one item).
///
/// `fits` is asked about runs of one and two items only: a run of three or more is a JSON
/// list, and each further item adds exactly its JSON string and a comma to the run of two
/// (`["a","b"]` → `["a","b","c"]`), so its size is known without serialising it again.
fn greedy_runs(items: &[String], fits: impl Fn(&[String]) -> Option<usize>) -> Vec<Vec<String>> {
    let json_len = |s: &String| {
        serde_json::to_string(s)
            .expect("a string always serialises")
            .chars()
            .count()
    };
    let mut runs = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let mut end = start + 1;
        if end < items.len()
            && let Some(mut size) = fits(&items[start..=end])
        {
            end += 1;
            while end < items.len() {
                size += json_len(&items[end]) + 1;
                if size > MANAGED_POLICY_LIMIT {
                    break;
                }
                end += 1;
            }
        }
        runs.push(items[start..end].to_vec());
        start = end;
    }
    runs
}

/// Pieces of one statement get `<Sid>Part1`, `<Sid>Part2`, …, unique in the policy.
fn name_pieces(policy: &PolicyDocument, pieces: &mut [(usize, Statement)]) {
    let mut count = vec![0usize; policy.statement.len()];
    for (i, _) in pieces.iter() {
        count[*i] += 1;
    }
    let taken: Vec<&str> = policy
        .statement
        .iter()
        .filter_map(|s| s.sid.as_deref())
        .collect();
    let mut bases = Vec::new();
    let mut which = Vec::new();
    let mut nth = vec![0usize; policy.statement.len()];
    for (k, (i, s)) in pieces.iter().enumerate() {
        if count[*i] > 1 {
            nth[*i] += 1;
            bases.push(format!(
                "{}Part{}",
                s.sid.as_deref().unwrap_or("Statement"),
                nth[*i]
            ));
            which.push(k);
        }
    }
    for (k, sid) in which.into_iter().zip(sid::unique(bases, &taken)) {
        pieces[k].1.sid = Some(sid);
    }
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
