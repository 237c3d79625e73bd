//! Planned spending of a measure per budget year (Haushaltsjahr) and kind of funds, as in a
//! municipal budget under NKF/Doppik: investive funds (assets, in the Finanzplan) and konsumtive
//! funds (running costs, in the Ergebnisplan). Money is read as written and turned into whole
//! cents once, here, so that no published sum depends on binary fractions.

use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    /// Budget year (Haushaltsjahr), four digits.
    #[schemars(with = "i64", range(min = crate::model::bounds::BUDGET_YEAR.min, max = crate::model::bounds::BUDGET_YEAR.max))]
    pub year: Spanned<i64>,
    #[schemars(with = "BudgetKind")]
    pub kind: Spanned<BudgetKind>,
    /// Planned amount in euros, at most two decimals.
    #[schemars(with = "f64", range(min = crate::model::bounds::EUR.min, max = crate::model::bounds::EUR.max))]
    pub eur: Spanned<f64>,
}

impl BudgetLine {
    /// The amount in whole cents; None when it is negative, not finite or has more than two
    /// decimals (validation reports those, so the renderer never meets one).
    pub fn cents(&self) -> Option<u64> {
        cents(self.eur.value)
    }
}

/// Exact cents of an amount written with at most two decimals. Rust prints an `f64` as the
/// shortest decimal that reads back as the same number, never in exponent notation, so for any
/// amount inside `bounds::EUR` that text is the amount as the editor wrote it (12.5 for `12.50`),
/// and its digits are the cents — no multiplication, no rounding.
pub fn cents(eur: f64) -> Option<u64> {
    if !(0.0..=crate::model::bounds::EUR.max).contains(&eur) {
        return None;
    }
    let s = format!("{eur}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    if frac.len() > 2 {
        return None;
    }
    let int: u64 = int.parse().ok()?;
    let frac: u64 = format!("{frac:0<2}").parse().ok()?;
    int.checked_mul(100)?.checked_add(frac)
}

/// Investive before konsumtive: the order of every table and file.
#[derive(
    Debug, Clone, Copy, Deserialize, schemars::JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum BudgetKind {
    Investiv,
    Konsumtiv,
}

impl BudgetKind {
    pub const ALL: [BudgetKind; 2] = [BudgetKind::Investiv, BudgetKind::Konsumtiv];

    /// As written in the YAML and the open data.
    pub fn id(self) -> &'static str {
        match self {
            BudgetKind::Investiv => "investiv",
            BudgetKind::Konsumtiv => "konsumtiv",
        }
    }

    /// Column heading on the pages.
    pub fn title(self) -> &'static str {
        match self {
            BudgetKind::Investiv => "investiv",
            BudgetKind::Konsumtiv => "konsumtiv",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_are_exact() {
        assert_eq!(cents(0.0), Some(0));
        assert_eq!(cents(24000.0), Some(2_400_000));
        assert_eq!(cents(12500.5), Some(1_250_050));
        assert_eq!(cents(0.1), Some(10));
        assert_eq!(cents(0.29), Some(29));
        assert_eq!(cents(1150.07), Some(115_007));
        assert_eq!(cents(9_999_999_999.99), Some(999_999_999_999));
        assert_eq!(cents(1e10), Some(1_000_000_000_000));
        assert_eq!(cents(12.345), None);
        assert_eq!(cents(0.001), None);
        assert_eq!(cents(-1.0), None);
        assert_eq!(cents(f64::NAN), None);
        assert_eq!(cents(f64::INFINITY), None);
        assert_eq!(cents(1e11), None);
    }
}
