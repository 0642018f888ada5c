//! Action look-up and "did you mean" suggestions.
