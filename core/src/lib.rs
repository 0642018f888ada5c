//! The model behind `lambda-iam`: one implementation of the rules, used by the attribute macros
//! (at compile time) and by `cargo iam` (on the sources of a workspace).
//!
//! The pipeline, one module per stage:
//!
//! 1. [`attr`] parses the tokens of `#[handler(..)]` / `#[requires(..)]` into a [`decl::Attr`],
//!    keeping the span of every literal;
//! 2. [`validate`] checks a declaration against the AWS IAM catalog ([`lambda_iam_catalog`]):
//!    actions, ARNs ([`arn`]) against resource types, conditions ([`condition`]), and the
//!    least-privilege rules that need a `reason`;
//! 3. [`assemble`] turns the declarations of one Lambda function into its execution-role policy
//!    ([`policy`]): the logs baseline, the declared statements, the VPC statement; resolved
//!    ([`vars`]), merged, ordered, rendered.
//!
//! Everything reports through [`diag::Diagnostic`], which the macro turns into `compile_error!`
//! and the CLI renders like rustc. This crate knows nothing of cargo or the command line.

pub mod arn;
pub mod assemble;
pub mod attr;
pub mod condition;
pub mod decl;
pub mod declared;
pub mod deploy;
pub mod diag;
pub mod eval;
pub mod lint;
pub mod lookup;
pub mod policy;
pub mod template;
pub mod validate;
pub mod vars;

pub use lambda_iam_catalog as catalog;
