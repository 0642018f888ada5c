//! The workers' shared code (the functions are the bins).
