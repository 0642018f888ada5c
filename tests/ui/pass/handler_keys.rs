//! `function`, `vpc` and `log_group` on a handler, and a handler that declares nothing else.

#[lambda_iam::handler(vpc, function = "vpc-reader", log_group = "/app/${Stage}/${FunctionName}")]
fn handler() {}

#[lambda_iam::handler()]
fn bare() {}

#[lambda_iam::requires]
fn nothing() {}

fn main() {
    handler();
    bare();
    nothing();
    let d = lambda_iam::declared!(handler);
    assert!(d.vpc);
    assert_eq!(d.function, Some("vpc-reader"));
    assert_eq!(d.log_group, Some("/app/${Stage}/${FunctionName}"));
    assert!(d.statements.is_empty());
    let bare = lambda_iam::declared!(bare);
    assert!(!bare.vpc && bare.function.is_none() && bare.log_group.is_none());
    assert!(lambda_iam::declared!(nothing).all_statements().is_empty());
}
