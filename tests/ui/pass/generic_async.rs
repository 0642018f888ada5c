//! Generic and async functions, other attributes, `where` clauses, `const fn`, visibility.

use std::fmt::Debug;

#[lambda_iam::requires(allow("s3:GetObject", "arn:${Partition}:s3:::source/*"))]
/// Docs before and after the attribute are kept.
#[inline]
pub async fn fetch<T, const N: usize>(keys: [T; N]) -> usize
where
    T: Debug + Send,
{
    keys.len()
}

#[lambda_iam::requires(allow("sqs:SendMessage", "arn:${Partition}:sqs:${Region}:${Account}:q"))]
pub(crate) const fn size<'a>(s: &'a str) -> usize {
    s.len()
}

#[lambda_iam::handler(uses(fetch, size), function = "generic-handler")]
#[allow(clippy::unused_async)]
async fn handler<E: Debug + Send>(event: E) -> usize {
    fetch([event]).await + size("x")
}

fn main() {
    let _ = handler(1_u8);
    let d = lambda_iam::declared!(handler);
    assert_eq!(d.function, Some("generic-handler"));
    assert_eq!(d.all_statements().len(), 2);
}
