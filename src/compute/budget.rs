//! Financial effects (Finanzielle Auswirkungen): the measures' planned spending summed per
//! budget year and kind of funds, in whole cents, so that every total on a page, in the open
//! data and in the council paper is exact and the sum of its rows.
//!
//! The caller passes only the measures visible in its output: a public total must never
//! include an internal measure, and this module cannot know the audience.

use std::collections::BTreeMap;

use crate::model::budget::BudgetKind;
use crate::model::risk::Measure;

/// One planned amount, plain: no spans, cents already exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub year: i64,
    pub kind: BudgetKind,
    pub cents: u64,
}

/// The amounts of one budget year; `by_kind` is indexed by [`BudgetKind::index`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct YearRow {
    pub year: i64,
    pub by_kind: [u128; 2],
    pub total: u128,
}

/// Sums in cents. u128: no number of measures within the bounds can overflow it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BudgetSummary {
    /// Years ascending; only years with at least one line (an amount of 0 counts).
    pub years: Vec<YearRow>,
    /// Per kind over all years, indexed by [`BudgetKind::index`].
    pub by_kind: [u128; 2],
    pub total: u128,
    /// Measures with at least one line.
    pub measures: usize,
}

impl BudgetSummary {
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }

    /// Whether any amount has cents, so that a table shows all amounts with two decimals.
    pub fn has_cents(&self) -> bool {
        self.years
            .iter()
            .any(|y| y.by_kind.iter().any(|c| c % 100 != 0))
    }
}

/// The lines of one measure. A line whose amount is not exact cents is left out: validation
/// has already stopped the build for it, so this only keeps the renderer total.
pub fn lines(m: &Measure) -> Vec<Line> {
    m.budget
        .iter()
        .filter_map(|b| {
            Some(Line {
                year: b.year.value,
                kind: b.kind.value,
                cents: b.cents()?,
            })
        })
        .collect()
}

/// The summary of the given (visible) measures.
pub fn summary<'a>(measures: impl IntoIterator<Item = &'a Measure>) -> BudgetSummary {
    let mut count = 0;
    let all = measures.into_iter().flat_map(|m| {
        let l = lines(m);
        if !l.is_empty() {
            count += 1;
        }
        l
    });
    let mut s = sum(all.collect::<Vec<_>>());
    s.measures = count;
    s
}

/// The pure sum of plain lines (years ascending, kinds in [`BudgetKind::ALL`] order); it
/// does not know measures, so `measures` stays 0.
pub fn sum(lines: impl IntoIterator<Item = Line>) -> BudgetSummary {
    let mut years: BTreeMap<i64, [u128; 2]> = BTreeMap::new();
    for l in lines {
        years.entry(l.year).or_default()[l.kind.index()] += u128::from(l.cents);
    }
    let mut s = BudgetSummary::default();
    for (year, by_kind) in years {
        for k in BudgetKind::ALL {
            s.by_kind[k.index()] += by_kind[k.index()];
        }
        let total = by_kind.iter().sum();
        s.total += total;
        s.years.push(YearRow {
            year,
            by_kind,
            total,
        });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use BudgetKind::*;

    fn l(year: i64, kind: BudgetKind, cents: u64) -> Line {
        Line { year, kind, cents }
    }

    #[test]
    fn sums_per_year_and_kind_in_order() {
        let s = sum([
            l(2028, Konsumtiv, 120_000),
            l(2027, Konsumtiv, 120_000),
            l(2027, Investiv, 2_400_000),
            l(2028, Konsumtiv, 50),
            l(2026, Investiv, 1),
        ]);
        let years: Vec<i64> = s.years.iter().map(|y| y.year).collect();
        assert_eq!(years, [2026, 2027, 2028]);
        assert_eq!(s.years[0].by_kind, [1, 0]);
        assert_eq!(s.years[1].by_kind, [2_400_000, 120_000]);
        assert_eq!(s.years[1].total, 2_520_000);
        assert_eq!(s.years[2].by_kind, [0, 120_050]);
        assert_eq!(s.by_kind, [2_400_001, 240_050]);
        assert_eq!(s.total, 2_640_051);
        assert!(s.has_cents());
        assert_eq!(BudgetKind::ALL, [Investiv, Konsumtiv]);
    }

    #[test]
    fn cents_add_up_where_floats_would_not() {
        // 0.1 + 0.2 in floats is 0.30000000000000004; in cents it is 30, ten thousand times.
        let s = sum((0..10_000).flat_map(|_| [l(2027, Konsumtiv, 10), l(2027, Konsumtiv, 20)]));
        assert_eq!(s.total, 300_000);
        assert!(!s.has_cents());
    }

    #[test]
    fn largest_amounts_do_not_overflow() {
        let max = 1_000_000_000_000; // 10 billion euros in cents, the bound of one amount
        let s = sum((0..100_000).map(|i| l(2000 + i % 101, Investiv, max)));
        assert_eq!(s.total, 100_000 * u128::from(max));
        assert_eq!(s.years.len(), 101);
        assert_eq!(
            s.years.iter().map(|y| y.total).sum::<u128>(),
            s.total,
            "the rows add up to the total"
        );
    }

    #[test]
    fn zero_amounts_keep_their_year_and_nothing_is_empty() {
        let s = sum([l(2030, Investiv, 0)]);
        assert_eq!(s.years.len(), 1);
        assert_eq!(s.total, 0);
        assert!(sum([]).is_empty());
    }
}
