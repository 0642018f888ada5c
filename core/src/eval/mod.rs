//! IAM request evaluation (issue: policy engine). Work in progress.
