//! ARNs and ARN templates: parsing (placeholders, policy variables, `*` and `?`) and matching a
//! declared resource against a resource type's ARN format.
