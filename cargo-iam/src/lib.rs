//! `cargo iam`: collects the `#[lambda_iam::handler]` declarations of a workspace into each Lambda
//! function's execution-role policy, and checks that committed policies match the code.
