//! Rules for a measure's `budget` lines. Spelling (`24.000`, `1.150,50 €`) is refused earlier by
//! the number scan (`model::numbers`); here the read values are judged. Everything that could
//! make a published sum differ from what the editor meant is an error, at the value.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::bounds::{BUDGET_YEAR, EUR};
use crate::model::budget::cents;
use crate::model::common::span_pos;
use crate::model::records::Rec;
use crate::model::risk::Measure;
use crate::msg;

pub(super) fn check(ms: &Rec<Measure>, diags: &Diagnostics) {
    let file = &ms.file;
    let mut seen = BTreeMap::new();
    let mut total: u128 = 0;
    let mut exact = true;
    for b in &ms.budget {
        let y = b.year.value;
        let year_len = y.to_string().chars().count();
        if !BUDGET_YEAR.contains(y as f64) {
            diags.push(
                Diagnostic::error(msg!(
                    "`year` ist kein plausibles Haushaltsjahr",
                    "`year` is not a plausible budget year"
                ))
                .at(file, span_pos(&b.year, year_len, 0))
                .label(msg!("erlaubt: 2000 bis 2100", "allowed: 2000 to 2100"))
                .hint(msg!(
                    "Schreiben Sie das Haushaltsjahr vierstellig, z. B. `year: 2027`",
                    "write the budget year with four digits, e.g. `year: 2027`"
                )),
            );
        }
        let kind = b.kind.value;
        if let Some(first) = seen.insert((y, kind), b.year.referenced.line()) {
            let k = kind.id();
            diags.push(
                Diagnostic::error(msg!(
                    "Maßnahme `{}`: {y} / {k} steht zweimal in `budget`",
                    "measure `{}`: {y} / {k} appears twice in `budget`";
                    ms.id.value
                ))
                .at(file, span_pos(&b.year, year_len, 0))
                .label(msg!(
                    "schon in Zeile {first} eingetragen",
                    "already entered on line {first}"
                ))
                .hint(msg!(
                    "Je Haushaltsjahr und Art der Mittel gibt es einen Betrag: Fassen Sie beide Beträge in einer Zeile zusammen, oder korrigieren Sie `year` oder `kind`",
                    "one amount per budget year and kind of funds: merge both amounts into one line, or correct `year` or `kind`"
                )),
            );
        }
        let eur = &b.eur;
        let len = format!("{}", eur.value).chars().count().min(20);
        if eur.value.is_finite() && eur.value < 0.0 {
            exact = false;
            diags.push(
                Diagnostic::error(msg!("`eur` ist negativ", "`eur` is negative"))
                    .at(file, span_pos(eur, len, 0))
                    .label(msg!(
                        "geplante Ausgaben sind nie negativ",
                        "planned spending is never negative"
                    ))
                    .hint(msg!(
                        "Schreiben Sie den Betrag ohne Minus. Einnahmen, Fördermittel oder Einsparungen gehören nicht in `budget`, sondern in `description`",
                        "write the amount without a minus; income, grants or savings do not belong in `budget` but in `description`"
                    )),
            );
            continue;
        }
        if !EUR.check(eur, "eur", file, diags) {
            exact = false;
            continue;
        }
        match cents(eur.value) {
            Some(c) => total += u128::from(c),
            None => {
                exact = false;
                diags.push(
                    Diagnostic::error(msg!(
                        "`eur` hat mehr als zwei Nachkommastellen",
                        "`eur` has more than two decimals"
                    ))
                    .at(file, span_pos(eur, len, 0))
                    .label(msg!("höchstens Cent", "cents at most"))
                    .hint(msg!(
                        "Haushaltsmittel werden auf den Cent genau geplant: Schreiben Sie z. B. `1150.5` oder `1150.50`, nicht `1150.505`",
                        "budget funds are planned to the cent: write e.g. `1150.5` or `1150.50`, not `1150.505`"
                    )),
                );
            }
        }
    }
    // cost_eur may include what no budget line carries (staff time, funds of earlier years),
    // so a difference is worth a look, not a stop. Not while the file has errors: the number
    // scan reads a refused spelling as a stand-in value, and a sum of those misleads.
    if let (Some(cost), true, false) = (&ms.cost_eur, exact, ms.budget.is_empty())
        && let Some(c) = cents(cost.value)
        && u128::from(c) != total
        && !diags.snapshot().iter().any(|d| {
            d.severity == crate::diagnostics::Severity::Error && d.file.as_deref() == Some(file)
        })
    {
        let (sum, cost_s) = (
            crate::format::eur_cents(total, false),
            crate::format::eur_cents(u128::from(c), false),
        );
        let len = format!("{}", cost.value).chars().count().min(20);
        diags.push(
            Diagnostic::warning(msg!(
                "Maßnahme `{}`: `budget` ergibt zusammen {sum}, `cost_eur` nennt {cost_s}",
                "measure `{}`: `budget` sums to {sum}, `cost_eur` says {cost_s}";
                ms.id.value
            ))
            .at(file, span_pos(cost, len, 0))
            .hint(msg!(
                "Wenn `cost_eur` Kosten enthält, die in keinem Haushaltsjahr geplant sind (z. B. eigene Personalkosten), ist das in Ordnung; sonst gleichen Sie `cost_eur` an die Summe von `budget` an",
                "if `cost_eur` includes costs planned in no budget year (e.g. own staff time), this is fine; otherwise make `cost_eur` the sum of `budget`"
            )),
        );
    }
}
