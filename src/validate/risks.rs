//! Rules for the method, threats, perspectives, goals, measures and risks.

use std::collections::BTreeSet;

use serde_saphyr::Spanned;

use super::Reference;
use crate::compute::risk::{Matrix, next_review};
use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos};
use crate::model::Site;
use crate::model::common::{Date, span_pos};
use crate::model::records::Rec;
use crate::model::risk::{MeasureStatus, Risk};
use crate::msg;

fn pos<T>(s: &Spanned<T>, text: &str) -> Pos {
    span_pos(s, text.chars().count().max(1), 0)
}

/// A "did you mean" hint when one of `known` is close to `wrong`.
fn with_guess(d: Diagnostic, wrong: &str, known: &[&str]) -> Diagnostic {
    match super::did_you_mean(wrong, known.iter().copied()) {
        Some(h) => d.hint(h),
        None => d,
    }
}

/// The label under an unknown value: the values allowed there.
fn expected_one_of(known: &[&str]) -> Msg {
    msg!(
        "erwartet wird einer dieser Werte: {}",
        "expected one of: {}";
        known.join(", ")
    )
}

fn validate_method(site: &Site, diags: &Diagnostics) -> bool {
    let Some(rec) = &site.records.method else {
        return true;
    };
    let m = &rec.value;
    let file = &rec.file;
    let before = diags.error_count();
    for (name, scale) in [("likelihood", &m.likelihood), ("impact", &m.impact)] {
        let n = scale.value.len();
        if !(3..=5).contains(&n) {
            diags.push(
                Diagnostic::error(msg!(
                    "`{name}` hat {n} Stufen; BSI 200-3 erlaubt 3 bis 5",
                    "`{name}` has {n} steps; BSI 200-3 allows 3 to 5"
                ))
                .at(file, span_pos(scale, name.len(), 0)),
            );
        }
        let mut seen = BTreeSet::new();
        for s in &scale.value {
            if !seen.insert(s.id.value.as_str()) {
                diags.push(
                    Diagnostic::error(msg!(
                        "doppelte ID `{}` in `{name}`",
                        "duplicate {name} id `{}`";
                        s.id.value
                    ))
                    .at(file, pos(&s.id, &s.id.value)),
                );
            }
        }
    }
    let level_ids: Vec<&str> = m.levels.value.iter().map(|l| l.id.value.as_str()).collect();
    if m.levels.value.is_empty() {
        diags.push(
            Diagnostic::error(msg!("`levels` ist leer", "`levels` is empty"))
                .at(file, span_pos(&m.levels, 6, 0)),
        );
    }
    let mut seen = BTreeSet::new();
    for l in &m.levels.value {
        if !seen.insert(l.id.value.as_str()) {
            diags.push(
                Diagnostic::error(msg!(
                    "doppelte ID `{}` in `levels`",
                    "duplicate level id `{}`";
                    l.id.value
                ))
                .at(file, pos(&l.id, &l.id.value)),
            );
        }
        crate::model::bounds::REVIEW_DAYS.check_int(&l.review_days, "review_days", file, diags);
    }
    let impacts: Vec<&str> = m.impact.value.iter().map(|s| s.id.value.as_str()).collect();
    let nl = m.likelihood.value.len();
    for (key, row) in &m.matrix.value {
        if !impacts.contains(&key.as_str()) {
            diags.push(
                Diagnostic::error(msg!(
                    "die Matrixzeile `{key}` ist keine ID aus `impact`",
                    "matrix row `{key}` is not an impact id"
                ))
                .at(
                    file,
                    Pos::new(row.referenced.line() as usize, 1, key.chars().count()),
                )
                .hint(msg!(
                    "IDs der Auswirkungen (`impact`): {}",
                    "impact ids: {}";
                    impacts.join(", ")
                )),
            );
        }
        if row.value.len() != nl {
            diags.push(
                Diagnostic::error(msg!(
                    "die Matrixzeile `{key}` hat {} Zellen, aber es gibt {nl} Stufen der Eintrittshäufigkeit",
                    "matrix row `{key}` has {} cells, but there are {nl} likelihood steps";
                    row.value.len()
                ))
                .at(file, span_pos(row, 1, 0))
                .hint(msg!(
                    "Schreiben Sie eine Risikostufe je Stufe der Eintrittshäufigkeit, in der Reihenfolge der Skala (niedrig → hoch)",
                    "one level per likelihood step, in scale order (low → high)"
                )),
            );
        }
        for c in &row.value {
            if !level_ids.contains(&c.value.as_str()) {
                diags.push(with_guess(
                    Diagnostic::error(msg!(
                        "unbekannte Risikostufe `{}` in der Matrix",
                        "unknown level `{}` in the matrix";
                        c.value
                    ))
                    .at(file, pos(c, &c.value))
                    .label(expected_one_of(&level_ids)),
                    &c.value,
                    &level_ids,
                ));
            }
        }
    }
    for i in &impacts {
        if !m.matrix.value.contains_key(*i) {
            diags.push(
                Diagnostic::error(msg!(
                    "die Matrix hat keine Zeile für die Auswirkung `{i}`",
                    "the matrix has no row for impact `{i}`"
                ))
                .at(file, span_pos(&m.matrix, 6, 0)),
            );
        }
    }
    diags.error_count() == before
}

pub fn validate(site: &Site, build_date: Date, refs: &mut Vec<Reference>, diags: &Diagnostics) {
    let method_ok = validate_method(site, diags);
    let m = site.records.method();
    let matrix = if method_ok {
        Matrix::from_method(&m)
    } else {
        None
    };
    let default = site.config.default_audience;
    let d = &site.records;

    // Perspectives: weights are percentages summing to 100.
    if !d.perspectives.is_empty() {
        let sum: f64 = d.perspectives.iter().map(|p| p.weight.value).sum();
        for p in &d.perspectives {
            crate::model::bounds::PERCENT.check(&p.weight, "weight", &p.file, diags);
        }
        if (sum - 100.0).abs() > 0.001 {
            let first = &d.perspectives[0];
            let list: Vec<String> = d
                .perspectives
                .iter()
                .map(|p| {
                    format!(
                        "{} {}",
                        p.id.value,
                        crate::format::decimal_trim(p.weight.value, 2)
                    )
                })
                .collect();
            diags.push(
                Diagnostic::error(msg!(
                    "die Gewichtungen der Perspektiven ergeben zusammen {}, nicht 100",
                    "perspective weights sum to {}, not 100";
                    crate::format::decimal_trim(sum, 2)
                ))
                .at(
                    &first.file,
                    pos(&first.weight, &first.weight.value.to_string()),
                )
                .hint(msg!("Gewichtungen: {}", "weights: {}"; list.join(", "))),
            );
        }
        for p in &d.perspectives {
            let mut seen = BTreeSet::new();
            for r in &p.requirements {
                if !seen.insert(r.id.value.as_str()) {
                    diags.push(
                        Diagnostic::error(msg!(
                            "doppelte ID `{}` in `requirements`",
                            "duplicate requirement id `{}`";
                            r.id.value
                        ))
                        .at(&p.file, pos(&r.id, &r.id.value)),
                    );
                }
            }
        }
    }

    for ms in &d.measures {
        let a = ms.audience_or(default);
        for g in &ms.goals {
            refs.push(Reference {
                file: ms.file.clone(),
                pos: pos(g, &g.value),
                from: a,
                target: g.value.clone(),
                kinds: &["goal"],
                what: "goal",
            });
        }
        if let Some(c) = &ms.cost_eur {
            crate::model::bounds::EUR.check(c, "cost_eur", &ms.file, diags);
        }
        super::budget::check(ms, diags);
        if let Some(due) = &ms.due
            && due.value < build_date
            && ms.status != MeasureStatus::Umgesetzt
        {
            diags.push(
                Diagnostic::warning(msg!(
                    "Maßnahme `{}` war am {} fällig und ist nicht umgesetzt",
                    "measure `{}` was due on {} and is not done";
                    ms.id.value,
                    due.value.german()
                ))
                .at(&ms.file, pos(due, &due.value.iso()))
                .hint(msg!(
                    "Setzen Sie `status: umgesetzt` oder ein neues Datum bei `due`",
                    "set `status: umgesetzt` or a new `due` date"
                )),
            );
        }
    }

    let treatments = m.treatments();
    let treatment_ids: Vec<&str> = treatments.iter().map(|t| t.id.value.as_str()).collect();
    let like_ids: Vec<&str> = m
        .likelihood
        .value
        .iter()
        .map(|s| s.id.value.as_str())
        .collect();
    let imp_ids: Vec<&str> = m.impact.value.iter().map(|s| s.id.value.as_str()).collect();
    for r in &d.risks {
        let a = r.audience_or(default);
        for t in &r.threats {
            refs.push(Reference {
                file: r.file.clone(),
                pos: pos(t, &t.value),
                from: a,
                target: t.value.clone(),
                kinds: &["threat"],
                what: "threat",
            });
        }
        for ms in &r.measures {
            refs.push(Reference {
                file: r.file.clone(),
                pos: pos(ms, &ms.value),
                from: a,
                target: ms.value.clone(),
                kinds: &["measure"],
                what: "measure",
            });
        }
        if let Some(p) = &r.perspective {
            refs.push(Reference {
                file: r.file.clone(),
                pos: pos(p, &p.value),
                from: a,
                target: p.value.clone(),
                kinds: &["perspective"],
                what: "perspective",
            });
        }
        let mut rating_ok = true;
        for rating in [&r.inherent, &r.residual] {
            if !like_ids.contains(&rating.likelihood.value.as_str()) {
                rating_ok = false;
                diags.push(with_guess(
                    Diagnostic::error(msg!(
                        "unbekannte Eintrittshäufigkeit `{}`",
                        "unknown likelihood `{}`";
                        rating.likelihood.value
                    ))
                    .at(&r.file, pos(&rating.likelihood, &rating.likelihood.value))
                    .label(expected_one_of(&like_ids)),
                    &rating.likelihood.value,
                    &like_ids,
                ));
            }
            if !imp_ids.contains(&rating.impact.value.as_str()) {
                rating_ok = false;
                diags.push(with_guess(
                    Diagnostic::error(msg!(
                        "unbekannte Auswirkung `{}`",
                        "unknown impact `{}`";
                        rating.impact.value
                    ))
                    .at(&r.file, pos(&rating.impact, &rating.impact.value))
                    .label(expected_one_of(&imp_ids)),
                    &rating.impact.value,
                    &imp_ids,
                ));
            }
        }
        if !treatment_ids.contains(&r.treatment.value.as_str()) {
            diags.push(with_guess(
                Diagnostic::error(msg!(
                    "unbekannte Risikobehandlung `{}`",
                    "unknown treatment `{}`";
                    r.treatment.value
                ))
                .at(&r.file, pos(&r.treatment, &r.treatment.value))
                .label(expected_one_of(&treatment_ids)),
                &r.treatment.value,
                &treatment_ids,
            ));
        } else if r.treatment.value == "akzeptieren" && r.acceptance.is_none() {
            diags.push(
                Diagnostic::error(msg!(
                    "die Risikobehandlung `akzeptieren` verlangt eine Risikoakzeptanz (`acceptance`)",
                    "treatment `akzeptieren` needs an `acceptance`"
                ))
                .at(&r.file, pos(&r.treatment, &r.treatment.value))
                .hint(msg!(
                    "Halten Sie fest, wer das Risiko akzeptiert hat: `acceptance: {{by: Verwaltungsvorstand, date: 2026-03-01, rationale: \"…\"}}`",
                    "document who accepted the risk: `acceptance: {{by: Verwaltungsvorstand, date: 2026-03-01, rationale: \"…\"}}`"
                )),
            );
        }
        let dates_ok = review_dates(r, build_date, diags);
        let Some(mx) = matrix.as_ref().filter(|_| rating_ok) else {
            continue;
        };
        let inh = mx.level(&r.inherent.likelihood.value, &r.inherent.impact.value);
        let res = mx.level(&r.residual.likelihood.value, &r.residual.impact.value);
        let (Some(inh), Some(res)) = (inh, res) else {
            continue;
        };
        if res > inh {
            diags.push(
                Diagnostic::error(msg!(
                    "die Risikostufe `{}` des Restrisikos liegt über der Risikostufe `{}` des Ausgangsrisikos",
                    "residual level `{}` is above the inherent level `{}`";
                    mx.levels[res].title,
                    mx.levels[inh].title
                ))
                .at(&r.file, pos(&r.residual.likelihood, &r.residual.likelihood.value))
                .hint(msg!(
                    "Maßnahmen können ein Risiko nur senken: prüfen Sie `inherent` (ohne Maßnahmen) und `residual` (mit Maßnahmen)",
                    "measures can only lower a risk: check `inherent` (without measures) and `residual` (with measures)"
                )),
            );
        }
        let unacceptable = !mx.levels[res].acceptable || !mx.levels[inh].acceptable;
        if unacceptable && r.measures.is_empty() && r.acceptance.is_none() {
            let lvl = if !mx.levels[res].acceptable { res } else { inh };
            diags.push(
                Diagnostic::error(msg!(
                    "das Risiko hat die Risikostufe `{}`, aber weder Maßnahmen noch eine Risikoakzeptanz",
                    "risk at level `{}` has neither measures nor an acceptance";
                    mx.levels[lvl].title
                ))
                .at(&r.file, pos(&r.id, &r.id.value))
                .hint(msg!(
                    "Tragen Sie unter `measures: [M-…]` Maßnahmen ein, die es senken, oder dokumentieren Sie unter `acceptance` die Risikoakzeptanz durch die Verwaltungsleitung",
                    "add `measures: [M-…]` that reduce it, or document an `acceptance` by the management"
                )),
            );
        }
        let review_days = mx.levels[res].review_days;
        let next = next_review(
            r.reviewed.as_ref().map(|d| d.value),
            r.next_review.as_ref().map(|d| d.value),
            review_days,
        );
        // (an overdue warning from impossible dates would only repeat that error)
        if let Some(next) = next
            && dates_ok
            && next < build_date
        {
            let at = r
                .next_review
                .as_ref()
                .or(r.reviewed.as_ref())
                .map(|d| pos(d, &d.value.iso()))
                .unwrap_or_else(|| pos(&r.id, &r.id.value));
            diags.push(
                Diagnostic::warning(msg!(
                    "die Überprüfung von `{}` ist seit dem {} überfällig",
                    "review of `{}` is overdue since {}";
                    r.id.value,
                    next.german()
                ))
                .at(&r.file, at)
                .hint(msg!(
                    "Überprüfen Sie das Risiko und aktualisieren Sie `reviewed`",
                    "review the risk and update `reviewed`"
                )),
            );
        }
    }
}

/// `reviewed` is a day that has happened, and `next_review` comes after it. Returns whether both
/// hold, i.e. whether the next review computed from them means anything.
fn review_dates(r: &Rec<Risk>, build_date: Date, diags: &Diagnostics) -> bool {
    let mut ok = true;
    if let Some(rev) = &r.reviewed
        && rev.value > build_date
    {
        ok = false;
        diags.push(
            Diagnostic::error(msg!(
                "`reviewed` ist der {}, also nach dem Tag des Builds ({})",
                "`reviewed` is {}, after the day of the build ({})";
                rev.value.german(),
                build_date.german()
            ))
            .at(&r.file, pos(rev, &rev.value.iso()))
            .label(msg!(
                "eine Überprüfung, die noch nicht stattgefunden hat",
                "a review that has not happened yet"
            ))
            .hint(msg!(
                "`reviewed` ist der Tag der letzten Überprüfung; tragen Sie eine geplante Überprüfung unter `next_review` ein",
                "`reviewed` is the day of the last review; a planned review goes into `next_review`"
            )),
        );
    }
    if let (Some(rev), Some(next)) = (&r.reviewed, &r.next_review)
        && next.value < rev.value
    {
        ok = false;
        diags.push(
            Diagnostic::error(msg!(
                "`next_review` ({}) liegt vor `reviewed` ({})",
                "`next_review` ({}) is before `reviewed` ({})";
                next.value.german(),
                rev.value.german()
            ))
            .at(&r.file, pos(next, &next.value.iso()))
            .label(msg!(
                "die nächste Überprüfung kommt nach der letzten",
                "the next review comes after the last one"
            ))
            .hint(msg!(
                "Korrigieren Sie eines der beiden Daten oder entfernen Sie `next_review`: dann gilt `reviewed` plus das Überprüfungsintervall der Risikostufe des Risikos",
                "correct one of the two dates, or remove `next_review`: then it is `reviewed` plus the review interval of the risk's level"
            )),
        );
    }
    ok
}
