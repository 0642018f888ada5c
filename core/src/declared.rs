//! The `'static` form of a declaration that the macro emits as a hidden constant, reachable with
//! `lambda_iam::declared!(path::to::handler)`.
