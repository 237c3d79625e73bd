//! Stage 3: computations on plain numbers — no spans, no I/O, no formatting. The model is
//! converted into these inputs by `adapt`; validation and
//! rendering use the same results, so a published number is computed exactly once per rule.

pub mod adapt;
pub mod bcm;
pub mod budget;
pub mod changes;
pub mod evaluation;
pub mod provisioning;
pub mod risk;

/// Largest magnitude up to which every whole `f64` is exact (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A whole, non-negative float as an integer; 0 for negative values and NaN. Validation keeps
/// every input inside `model::bounds`, far below 2^53; a value beyond it is clamped there in
/// plain sight instead of by a saturating `as`.
pub fn whole_u64(x: f64) -> u64 {
    if x.is_nan() || x <= 0.0 {
        return 0;
    }
    // In range and whole: the conversion is exact.
    x.min(EXACT).trunc() as u64
}

/// [`whole_u64`] for sort keys that may be negative.
pub fn whole_i64(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    x.clamp(-EXACT, EXACT).trunc() as i64
}
