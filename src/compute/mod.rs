//! Stage 3: pure computations (risk levels, utility values, costs) with unit tests.

pub mod risk;
