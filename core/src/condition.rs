//! Condition validation: operator, key applicability, value type.
