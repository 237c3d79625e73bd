//! The budget table (Haushaltsmittel, Finanzielle Auswirkungen) as a view for the partial
//! template `_budget.html`: one row per budget year, one column per kind of funds and their
//! sum, the totals in the footer. The measure pages, the measure list and the council paper
//! all render it from a [`BudgetSummary`], so one figure reads the same everywhere.

use serde::Serialize;

use super::RenderEnv;
use crate::compute::budget::{BudgetSummary, summary};
use crate::format::eur_cents;
use crate::model::budget::BudgetKind;
use crate::model::risk::Measure;

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct BudgetRowView {
    /// The budget year, or the word for the totals row.
    pub label: String,
    /// One amount per kind, in the order of `BudgetView::kinds`.
    pub amounts: Vec<String>,
    pub total: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct BudgetView {
    /// HTML id of the section; the table is `{id}-table`, its caption `{id}-caption`.
    pub id: String,
    /// `<h2>` above the table; None = the includer writes its own heading.
    pub heading: Option<String>,
    pub caption: String,
    /// Heading of the first column ("Haushaltsjahr").
    pub year_label: String,
    /// Headings of the amount columns: investiv, konsumtiv.
    pub kinds: Vec<String>,
    /// Heading of the sum column and label of the totals row ("Summe").
    pub total_label: String,
    pub rows: Vec<BudgetRowView>,
    pub totals: BudgetRowView,
}

/// The view of `s`; None when it has no line (no table at all, rather than an empty one).
/// Amounts show cents in every cell as soon as one has them, and are never rounded.
pub fn budget_view(
    env: &RenderEnv<'_>,
    s: &BudgetSummary,
    id: &str,
    heading: Option<&str>,
    caption: &str,
) -> Option<BudgetView> {
    if s.is_empty() {
        return None;
    }
    let decimals = s.has_cents();
    let total_label = env.t("budget_total", "Summe");
    let row = |label: String, by_kind: &[u128; 2], total: u128| BudgetRowView {
        label,
        amounts: BudgetKind::ALL
            .iter()
            .map(|k| eur_cents(by_kind[k.index()], decimals))
            .collect(),
        total: eur_cents(total, decimals),
    };
    Some(BudgetView {
        id: id.into(),
        heading: heading.map(String::from),
        caption: caption.into(),
        year_label: env.t("budget_year", "Haushaltsjahr"),
        kinds: BudgetKind::ALL
            .iter()
            .map(|k| env.t(&format!("budget_{}", k.id()), k.title()))
            .collect(),
        rows: s
            .years
            .iter()
            .map(|y| row(y.year.to_string(), &y.by_kind, y.total))
            .collect(),
        totals: row(total_label.clone(), &s.by_kind, s.total),
        total_label,
    })
}

/// The table of one measure's own budget lines ("Haushaltsmittel").
pub fn measure_budget(env: &RenderEnv<'_>, m: &Measure) -> Option<BudgetView> {
    budget_view(
        env,
        &summary([m]),
        "haushaltsmittel",
        Some("Haushaltsmittel"),
        &format!(
            "Geplante Haushaltsmittel von {} je Haushaltsjahr, investiv und konsumtiv",
            m.id.value
        ),
    )
}

/// "Finanzielle Auswirkungen": the summary of the measures of this output (already filtered
/// to its audience, so a public total never contains an internal measure).
pub fn financial_effects(
    env: &RenderEnv<'_>,
    id: &str,
    heading: Option<&str>,
) -> Option<BudgetView> {
    let s = summary(env.data.measures.iter().map(|m| &m.value));
    let n = s.measures;
    let caption = if n == 1 {
        "Geplante Haushaltsmittel einer Maßnahme je Haushaltsjahr, investiv und konsumtiv"
            .to_string()
    } else {
        format!(
            "Geplante Haushaltsmittel von {n} Maßnahmen je Haushaltsjahr, investiv und konsumtiv"
        )
    };
    budget_view(env, &s, id, heading, &caption)
}
