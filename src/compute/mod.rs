//! Stage 3: computations on plain numbers — no spans, no I/O, no formatting. The model is
//! converted into these inputs by `model::evaluation` / `model::provisioning`; validation and
//! rendering use the same results, so a published number is computed exactly once per rule.

pub mod evaluation;
pub mod provisioning;
pub mod risk;
