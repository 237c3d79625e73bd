//! The plausible range of every number in the data model, in one table: the validators refuse
//! values outside it (at the value, with the range in the hint), the JSON schemas state it
//! (`minimum`/`maximum`), and docs/inhalte.md lists it. Bounds are sized for a municipality,
//! and keep every computation and every printed figure finite and short: nothing beyond them
//! reaches an integer conversion or a formatter.

use std::path::Path;

use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Msg};
use crate::model::common::span_pos;
use crate::msg;

#[derive(Clone, Copy, Debug)]
pub struct Bound {
    pub min: f64,
    pub max: f64,
    /// Only whole numbers (counts, years, days).
    pub whole: bool,
    /// Unit after the number in the hint (`€`, `%`, `Jahre` …); empty for none.
    pub unit: &'static str,
    /// A fraction of one (0.3 = 30 %): `30 %` written here means 0.3.
    pub share: bool,
}

/// Amounts in euros (prices, annual and monthly costs): up to ten billion.
pub const EUR: Bound = Bound {
    min: 0.0,
    max: 1e10,
    whole: false,
    unit: "€",
    share: false,
};
/// Shares written as a fraction (0.25 = 25 %).
pub const SHARE: Bound = Bound {
    min: 0.0,
    max: 1.0,
    whole: false,
    unit: "",
    share: true,
};
/// Perspective weights, in percent.
pub const PERCENT: Bound = Bound {
    min: 0.0,
    max: 100.0,
    whole: false,
    unit: "%",
    share: false,
};
/// People or devices (staff of a group, rented seats).
pub const COUNT: Bound = Bound {
    min: 0.0,
    max: 1_000_000.0,
    whole: true,
    unit: "",
    share: false,
};
/// Years of a provisioning comparison, and the useful life of an item.
pub const YEARS: Bound = Bound {
    min: 1.0,
    max: 50.0,
    whole: true,
    unit: "Jahre",
    share: false,
};
/// Discount rate as a share: −5 % to 20 % a year.
pub const DISCOUNT_RATE: Bound = Bound {
    min: -0.05,
    max: 0.2,
    whole: false,
    unit: "",
    share: true,
};
/// The pool's reserve on top of the simultaneous need, as a share (up to doubling it).
pub const RESERVE: Bound = Bound {
    min: 0.0,
    max: 1.0,
    whole: false,
    unit: "",
    share: true,
};
/// Weight of a criterion within its perspective (relative; must be above 0).
pub const CRITERION_WEIGHT: Bound = Bound {
    min: 0.0,
    max: 1000.0,
    whole: false,
    unit: "",
    share: false,
};
/// Ends of an evaluation's score scale.
pub const SCALE: Bound = Bound {
    min: -1000.0,
    max: 1000.0,
    whole: false,
    unit: "",
    share: false,
};
/// Budget years (Haushaltsjahre) of a measure's planned spending.
pub const BUDGET_YEAR: Bound = Bound {
    min: 2000.0,
    max: 2100.0,
    whole: true,
    unit: "",
    share: false,
};
/// Days between reviews of a risk level: up to ten years.
pub const REVIEW_DAYS: Bound = Bound {
    min: 1.0,
    max: 3650.0,
    whole: true,
    unit: "Tage",
    share: false,
};

/// A number in a record, by the key it is written under: the one table the number scan
/// (`model::numbers`) reads, so that every numeric field gets the same spelling checks.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Record kind (`content/data/<kind>`, or `method`).
    pub kind: &'static str,
    /// Key of the enclosing mapping or list (`criteria`, `scale`); None = anywhere in the record.
    pub parent: Option<&'static str>,
    /// The key; `*` = every key of the mapping (the scores per option).
    pub key: &'static str,
    pub bound: Bound,
}

pub const FIELDS: &[Field] = &[
    f("measures", None, "cost_eur", EUR),
    f("measures", Some("budget"), "year", BUDGET_YEAR),
    f("measures", Some("budget"), "eur", EUR),
    f("perspectives", None, "weight", PERCENT),
    f("evaluations", None, "annual_cost_eur", EUR),
    f("evaluations", Some("criteria"), "weight", CRITERION_WEIGHT),
    f("evaluations", Some("scale"), "min", SCALE),
    f("evaluations", Some("scale"), "max", SCALE),
    f("evaluations", Some("scores"), "*", SCALE),
    f("provisioning", None, "horizon_years", YEARS),
    f("provisioning", None, "discount_rate", DISCOUNT_RATE),
    f("provisioning", Some("groups"), "staff", COUNT),
    f("provisioning", Some("groups"), "need_share", SHARE),
    f("provisioning", Some("groups"), "simultaneous_share", SHARE),
    f("provisioning", Some("items"), "price_eur", EUR),
    f("provisioning", Some("items"), "life_years", YEARS),
    f("provisioning", Some("items"), "annual_eur", EUR),
    f("provisioning", Some("options"), "reserve", RESERVE),
    f("provisioning", Some("options"), "annual_eur", EUR),
    f("provisioning", Some("options"), "seats", COUNT),
    f("provisioning", Some("options"), "seat_month_eur", EUR),
    f("method", Some("levels"), "review_days", REVIEW_DAYS),
    f("bcms", None, "plan_review_days", REVIEW_DAYS),
    f("bcms", None, "contacts_review_days", REVIEW_DAYS),
];

const fn f(
    kind: &'static str,
    parent: Option<&'static str>,
    key: &'static str,
    bound: Bound,
) -> Field {
    Field {
        kind,
        parent,
        key,
        bound,
    }
}

/// The bound of the number under `key` (inside `parent`) in a record of `kind`, if it is one.
pub fn field(kind: &str, parent: Option<&str>, key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| {
        f.kind == kind
            && (f.key == key || (f.key == "*" && parent == f.parent))
            && (f.parent.is_none() || f.parent == parent)
    })
}

impl Bound {
    pub fn contains(&self, x: f64) -> bool {
        x.is_finite() && x >= self.min && x <= self.max && (!self.whole || x.fract() == 0.0)
    }

    fn show(&self, x: f64) -> String {
        let n = crate::format::decimal_trim(x, 2);
        if self.unit.is_empty() {
            n
        } else {
            format!("{n} {}", self.unit)
        }
    }

    /// "from 0 to 10.000.000.000 €", "whole numbers from 1 to 50 Jahre".
    pub fn range(&self) -> Msg {
        let whole = if self.whole {
            msg!("ganze Zahlen ", "whole numbers ")
        } else {
            Msg::same("")
        };
        let span = self.span();
        Msg::new(whole.de + &span.de, whole.en + &span.en)
    }

    /// "from 0 to 10.000.000.000 €", without "whole numbers".
    fn span(&self) -> Msg {
        let (min, max) = (
            crate::format::decimal_trim(self.min, 2),
            self.show(self.max),
        );
        msg!("von {min} bis {max}", "from {min} to {max}")
    }

    /// An error at `v` when it lies outside the bound; `Ok` says it is inside.
    pub fn check(&self, v: &Spanned<f64>, key: &str, file: &Path, diags: &Diagnostics) -> bool {
        if self.contains(v.value) {
            return true;
        }
        diags.push(
            self.error(v.value, key)
                .at(file, span_pos(v, shown_len(v.value), 0)),
        );
        false
    }

    /// [`Bound::check`] for whole numbers the model holds as integers.
    pub fn check_int(&self, v: &Spanned<i64>, key: &str, file: &Path, diags: &Diagnostics) {
        // Exact: every bound is far below 2^53.
        let x = v.value as f64;
        if !self.contains(x) {
            let len = v.value.to_string().chars().count();
            diags.push(self.error(x, key).at(file, span_pos(v, len, 0)));
        }
    }

    fn error(&self, x: f64, key: &str) -> Diagnostic {
        // The value itself is not repeated: it is under the caret, and a `1e308` would print
        // as 309 digits.
        let what = if x.is_nan() {
            msg!("ist keine Zahl", "is not a number")
        } else if x.is_infinite() {
            msg!("ist unendlich", "is infinite")
        } else if self.whole && x.fract() != 0.0 && x >= self.min && x <= self.max {
            msg!("muss eine ganze Zahl sein", "must be a whole number")
        } else {
            msg!(
                "liegt außerhalb des plausiblen Bereichs",
                "is outside the plausible range"
            )
        };
        let (range, span) = (self.range(), self.span());
        let (whole_de, whole_en) = if self.whole {
            ("(eine ganze Zahl) ", "(a whole number) ")
        } else {
            ("", "")
        };
        let (what_de, what_en) = (&what.de, &what.en);
        let (range_de, range_en) = (&range.de, &range.en);
        let (span_de, span_en) = (&span.de, &span.en);
        Diagnostic::error(msg!("`{key}` {what_de}", "`{key}` {what_en}"))
            .label(msg!("erlaubt: {range_de}", "allowed: {range_en}"))
            .hint(msg!(
                "Schreiben Sie einen Wert {whole_de}{span_de}; größere oder kleinere Werte sind in einem kommunalen Plan nicht plausibel",
                "write a value {whole_en}{span_en}; larger or smaller values are not plausible in a municipal plan"
            ))
    }
}

/// Characters the value takes in the file, for the caret: as the YAML parser wrote it back
/// (long values are capped, so that a `1e308` does not underline 300 characters).
fn shown_len(x: f64) -> usize {
    let s = if x.is_finite() {
        format!("{x}")
    } else {
        ".inf".into()
    };
    s.chars().count().clamp(1, 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_include_their_ends_only() {
        assert!(EUR.contains(0.0) && EUR.contains(1e10));
        assert!(!EUR.contains(-0.01) && !EUR.contains(1e10 + 1.0));
        assert!(!EUR.contains(f64::NAN) && !EUR.contains(f64::INFINITY));
        assert!(YEARS.contains(1.0) && YEARS.contains(50.0) && !YEARS.contains(2.5));
        assert!(DISCOUNT_RATE.contains(-0.05) && !DISCOUNT_RATE.contains(-0.99));
        assert_eq!(EUR.range(), "from 0 to 10.000.000.000 €");
        assert_eq!(YEARS.range(), "whole numbers from 1 to 50 Jahre");
        assert_eq!(DISCOUNT_RATE.range(), "from -0,05 to 0,2");
    }
}
