//! Rules for evaluations and provisioning records, each reported at the offending value.

use std::collections::BTreeSet;
use std::path::Path;

use serde_saphyr::Spanned;

use super::Reference;
use super::{Genus, KindDe};
use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos};
use crate::model::Site;
use crate::model::bounds;
use crate::model::common::{Date, span_pos};
use crate::model::evaluation::{Criterion, Evaluation};
use crate::model::records::{Md, Rec};
use crate::msg;

mod provisioning;

use provisioning::validate_provisioning;

fn pos<T>(s: &Spanned<T>, text: &str) -> Pos {
    span_pos(s, text.chars().count().max(1), 0)
}

fn num_pos(s: &Spanned<f64>) -> Pos {
    pos(s, &s.value.to_string())
}

fn has_text(md: &Option<Md>) -> bool {
    md.as_ref().is_some_and(|m| !m.value.trim().is_empty())
}

pub fn validate(site: &Site, _build_date: Date, refs: &mut Vec<Reference>, diags: &Diagnostics) {
    let weights = site.records.perspective_weights();
    let default = site.config.default_audience;
    for rec in &site.records.evaluations {
        for c in &rec.criteria {
            refs.push(Reference {
                file: rec.file.clone(),
                pos: pos(&c.perspective, &c.perspective.value),
                from: rec.audience_or(default),
                target: c.perspective.value.clone(),
                kinds: &["perspective"],
                what: "perspective",
            });
        }
        validate_evaluation(rec, &weights, diags);
    }
    for rec in &site.records.provisioning {
        validate_provisioning(rec, diags);
    }
}

/// Duplicate ids inside one record (options, criteria, groups, items).
fn unique<'a>(
    (what, de): (&str, KindDe),
    ids: impl Iterator<Item = &'a Spanned<String>>,
    file: &Path,
    diags: &Diagnostics,
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.value.as_str()) {
            let (v, noun, plural) = (&id.value, de.noun, de.plural);
            diags.push(
                Diagnostic::error(msg!(
                    "doppelte ID `{v}` ({noun})",
                    "duplicate {what} id `{v}`"
                ))
                .at(file, pos(id, &id.value))
                .hint(msg!(
                    "die IDs der {plural} müssen innerhalb des Eintrags eindeutig sein",
                    "{what} ids must be unique within the record"
                )),
            );
        }
    }
}

/// The ids inside an evaluation or provisioning record, named in both languages (a provisioning
/// `item` is a Posten, not a checklist's Punkt).
const OPTION: (&str, KindDe) = ("option", kind("Option", "Optionen", Genus::F));
const CRITERION: (&str, KindDe) = ("criterion", kind("Kriterium", "Kriterien", Genus::N));
const GROUP: (&str, KindDe) = ("group", kind("Gruppe", "Gruppen", Genus::F));
const ITEM: (&str, KindDe) = ("item", kind("Posten", "Posten", Genus::M));

const fn kind(noun: &'static str, plural: &'static str, genus: Genus) -> KindDe {
    KindDe {
        noun,
        plural,
        genus,
    }
}

fn not_negative(v: &Spanned<f64>, key: &str, file: &Path, diags: &Diagnostics) {
    bounds::EUR.check(v, key, file, diags);
}

fn whole_count(v: &Spanned<f64>, key: &str, file: &Path, diags: &Diagnostics) {
    bounds::COUNT.check(v, key, file, diags);
}

fn share(v: &Spanned<f64>, key: &str, file: &Path, diags: &Diagnostics) {
    bounds::SHARE.check(v, key, file, diags);
}

/// The option list, led by a "did you mean" when one option is close to `wrong`.
fn options_hint<'a>(wrong: &str, ids: impl Iterator<Item = &'a Spanned<String>> + Clone) -> Msg {
    let list = ids
        .clone()
        .map(|i| i.value.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match super::did_you_mean(wrong, ids.map(|i| i.value.as_str())) {
        Some(g) => {
            let (g_de, g_en) = (&g.de, &g.en);
            msg!("{g_de} Optionen: {list}", "{g_en} options: {list}")
        }
        None => msg!("Optionen: {list}", "options: {list}"),
    }
}

/// Ids inside a record, checked like record ids: they appear in tables, links and scores.
fn check_ids<'a>(
    (what, de): (&str, KindDe),
    ids: impl Iterator<Item = &'a Spanned<String>>,
    file: &Path,
    diags: &Diagnostics,
) {
    for id in ids.filter(|i| !i.value.trim().is_empty()) {
        super::values::check_id_as(what, de, id, file, diags);
    }
}

fn validate_evaluation(rec: &Rec<Evaluation>, weights: &[(String, f64)], diags: &Diagnostics) {
    let e = &rec.value;
    let file = rec.file.as_path();
    let before = diags.error_count();

    let (min, max) = e.scale_range();
    if let Some(s) = &e.scale
        && bounds::SCALE.check(&s.value.min, "min", file, diags)
        && bounds::SCALE.check(&s.value.max, "max", file, diags)
        && min >= max
    {
        diags.push(
            Diagnostic::error(msg!(
                "`max` der Skala ({max}) muss größer sein als ihr `min` ({min})",
                "the scale's `max` ({max}) must be greater than its `min` ({min})"
            ))
            .at(file, num_pos(&s.value.max)),
        );
    }
    if e.options.is_empty() {
        let id = &e.id.value;
        diags.push(
            Diagnostic::error(msg!(
                "die Bewertung `{id}` hat keine Optionen",
                "evaluation `{id}` has no options"
            ))
            .at(file, rec.id_pos())
            .hint(msg!(
                "Führen Sie die Optionen unter `options:` auf",
                "list the options under `options:`"
            )),
        );
    }
    unique(OPTION, e.options.iter().map(|o| &o.id), file, diags);
    unique(CRITERION, e.criteria.iter().map(|c| &c.id), file, diags);
    check_ids(OPTION, e.options.iter().map(|o| &o.id), file, diags);
    check_ids(CRITERION, e.criteria.iter().map(|c| &c.id), file, diags);
    for o in &e.options {
        if let Some(c) = &o.annual_cost_eur {
            not_negative(c, "annual_cost_eur", file, diags);
        }
    }

    // Gates first: options failing a gate need no scores.
    let mut excluded: BTreeSet<&str> = BTreeSet::new();
    for c in e.criteria.iter().filter(|c| c.is_gate()) {
        validate_gate(e, c, file, diags);
        for o in &e.options {
            let ans = c
                .pass
                .as_ref()
                .and_then(|p| p.value.get(&o.id.value))
                .map(|b| b.value);
            if ans == Some(false) {
                excluded.insert(&o.id.value);
            }
        }
    }
    let mut scored = 0;
    for c in e.criteria.iter().filter(|c| !c.is_gate()) {
        scored += 1;
        validate_scored(e, c, (min, max), &excluded, file, diags);
    }
    if scored == 0 && !e.criteria.is_empty() {
        let id = &e.id.value;
        diags.push(
            Diagnostic::warning(msg!(
                "die Bewertung `{id}` hat keine Kriterien mit Punkten",
                "evaluation `{id}` has no scored criteria"
            ))
            .at(file, rec.id_pos())
            .hint(msg!(
                "ohne Kriterien mit Punkten hat jede Option den Nutzwert 0",
                "without scored criteria every option has the utility 0"
            )),
        );
    }

    let Some(d) = &e.decision else {
        return;
    };
    let Some(di) = e.option_index(&d.value) else {
        let v = &d.value;
        diags.push(
            Diagnostic::error(msg!(
                "die Entscheidung `{v}` nennt keine Option dieser Bewertung",
                "decision `{v}` names no option of this evaluation"
            ))
            .at(file, pos(d, &d.value))
            .hint(options_hint(&d.value, e.options.iter().map(|o| &o.id))),
        );
        return;
    };
    if diags.error_count() > before {
        return; // the numbers below would rest on invalid input
    }
    let out = crate::compute::adapt::evaluation(e, weights);
    if let Some(&g) = out.failed_gates[di].first() {
        let gate = e.gates()[g];
        let (v, g) = (&d.value, &gate.id.value);
        diags.push(
            Diagnostic::warning(msg!(
                "die Entscheidung `{v}` ist durch das Ausschlusskriterium `{g}` ausgeschlossen",
                "decision `{v}` is excluded by the gate criterion `{g}`"
            ))
            .at(file, pos(d, &d.value))
            .hint(msg!(
                "eine Option, die ein Ausschlusskriterium nicht erfüllt, kann nicht gewählt werden; prüfen Sie die Entscheidung oder die Antworten unter `pass`",
                "an option that fails a gate (Ausschlusskriterium) cannot be chosen; check the decision or the gate answers"
            )),
        );
    } else if let Some(w) = out.winner()
        && w != di
        && !has_text(&e.rationale)
    {
        let (v, top) = (&d.value, &e.options[w].id.value);
        diags.push(
            Diagnostic::warning(msg!(
                "die Entscheidung `{v}` ist nicht die bestbewertete Option `{top}`, und es gibt keine Begründung (`rationale`)",
                "decision `{v}` is not the top-ranked option `{top}`, and there is no `rationale`"
            ))
            .at(file, pos(d, &d.value))
            .hint(msg!(
                "Begründen Sie unter `rationale`, warum die Entscheidung von der Rangfolge abweicht",
                "explain in `rationale` why the decision differs from the ranking"
            )),
        );
    }
    if !e.options.is_empty() && out.failed_gates.iter().all(|f| !f.is_empty()) {
        let id = &e.id.value;
        diags.push(
            Diagnostic::warning(msg!(
                "jede Option von `{id}` scheitert an einem Ausschlusskriterium",
                "every option of `{id}` fails a gate criterion"
            ))
            .at(file, rec.id_pos()),
        );
    }
}

fn validate_gate(e: &Evaluation, c: &Criterion, file: &Path, diags: &Diagnostics) {
    let hint = || {
        msg!(
            "Ausschlusskriterien werden nur mit ja/nein beantwortet (`pass: {{option: true}}`); entfernen Sie `kind: gate`, um das Kriterium stattdessen mit Punkten zu bewerten",
            "gates are pass/fail (`pass: {{option: true}}`); remove `kind: gate` to score the criterion instead"
        )
    };
    if let Some(w) = &c.weight {
        diags.push(
            Diagnostic::error(msg!(
                "`weight` gilt nicht für ein Ausschlusskriterium",
                "`weight` does not apply to a gate criterion"
            ))
            .at(file, num_pos(w))
            .hint(hint()),
        );
    }
    if let Some(s) = &c.scores {
        diags.push(
            Diagnostic::error(msg!(
                "`scores` gilt nicht für ein Ausschlusskriterium",
                "`scores` does not apply to a gate criterion"
            ))
            .at(file, span_pos(s, 1, 0))
            .hint(hint()),
        );
    }
    let Some(pass) = &c.pass else {
        let id = &c.id.value;
        diags.push(
            Diagnostic::error(msg!(
                "das Ausschlusskriterium `{id}` hat keine Antworten unter `pass`",
                "gate criterion `{id}` has no `pass` answers"
            ))
            .at(file, pos(&c.id, &c.id.value))
            .hint(msg!(
                "Ergänzen Sie `pass: {{option-id: true, …}}` mit einer Antwort für jede Option",
                "add `pass: {{option-id: true, …}}` with an answer for every option"
            )),
        );
        return;
    };
    for (k, _) in &pass.value.0 {
        if e.option_index(&k.value).is_none() {
            let v = &k.value;
            diags.push(
                Diagnostic::error(msg!(
                    "unbekannte Option `{v}` unter `pass`",
                    "unknown option `{v}` in `pass`"
                ))
                .at(file, pos(k, &k.value))
                .hint(options_hint(&k.value, e.options.iter().map(|o| &o.id))),
            );
        }
    }
    for o in &e.options {
        if pass.value.get(&o.id.value).is_none() {
            let (cid, oid) = (&c.id.value, &o.id.value);
            diags.push(
                Diagnostic::error(msg!(
                    "das Ausschlusskriterium `{cid}` hat keine Antwort für die Option `{oid}`",
                    "gate criterion `{cid}` has no answer for option `{oid}`"
                ))
                .at(file, span_pos(pass, 1, 0))
                .label(msg!(
                    "ergänzen Sie `{oid}: true` oder `{oid}: false`",
                    "add `{oid}: true` or `{oid}: false`"
                )),
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn validate_scored(
    e: &Evaluation,
    c: &Criterion,
    (min, max): (f64, f64),
    excluded: &BTreeSet<&str>,
    file: &Path,
    diags: &Diagnostics,
) {
    if let Some(p) = &c.pass {
        diags.push(
            Diagnostic::error(msg!(
                "`pass` gilt nur für Ausschlusskriterien",
                "`pass` applies only to gate criteria"
            ))
            .at(file, span_pos(p, 1, 0))
            .hint(msg!(
                "Ergänzen Sie `kind: gate` für ein Kriterium mit ja/nein, oder geben Sie `weight` und `scores` an",
                "add `kind: gate` for a pass/fail criterion, or give `weight` and `scores`"
            )),
        );
    }
    match &c.weight {
        None => {
            let id = &c.id.value;
            diags.push(
                Diagnostic::error(msg!(
                    "das Kriterium `{id}` hat keine Gewichtung (`weight`)",
                    "scored criterion `{id}` has no `weight`"
                ))
                .at(file, pos(&c.id, &c.id.value))
                .hint(msg!(
                    "Ergänzen Sie `weight: 1` (Gewichtungen gelten relativ innerhalb der Perspektive) oder `kind: gate` für ein Kriterium mit ja/nein",
                    "add `weight: 1` (weights are relative within the perspective), or `kind: gate` for a pass/fail criterion"
                )),
            )
        }
        Some(w) if w.value <= 0.0 => diags.push(
            Diagnostic::error(msg!(
                "die Gewichtung eines Kriteriums muss größer als 0 sein",
                "criterion weight must be greater than 0"
            ))
            .at(file, num_pos(w))
            .label(msg!(
                "Gewichtungen gelten relativ innerhalb der Perspektive",
                "weights are relative within the perspective"
            )),
        ),
        Some(w) => {
            bounds::CRITERION_WEIGHT.check(w, "weight", file, diags);
        }
    }
    let Some(scores) = &c.scores else {
        let id = &c.id.value;
        diags.push(
            Diagnostic::error(msg!(
                "das Kriterium `{id}` hat keine Punkte (`scores`)",
                "scored criterion `{id}` has no `scores`"
            ))
            .at(file, pos(&c.id, &c.id.value))
            .hint(msg!(
                "Ergänzen Sie `scores: {{option-id: 7, …}}` mit Punkten für jede Option",
                "add `scores: {{option-id: 7, …}}` with a score for every option"
            )),
        );
        return;
    };
    for (k, s) in &scores.value.0 {
        if e.option_index(&k.value).is_none() {
            let v = &k.value;
            diags.push(
                Diagnostic::error(msg!(
                    "unbekannte Option `{v}` unter `scores`",
                    "unknown option `{v}` in `scores`"
                ))
                .at(file, pos(k, &k.value))
                .hint(options_hint(&k.value, e.options.iter().map(|o| &o.id))),
            );
        }
        if !s.value.is_finite() || s.value < min || s.value > max {
            let v = s.value;
            diags.push(
                Diagnostic::error(msg!(
                    "die Punktzahl {v} liegt außerhalb der Skala {min}–{max}",
                    "score {v} is outside the scale {min}–{max}"
                ))
                .at(file, num_pos(s)),
            );
        }
    }
    for o in &e.options {
        if scores.value.get(&o.id.value).is_none() && !excluded.contains(o.id.value.as_str()) {
            let (oid, cid) = (&o.id.value, &c.id.value);
            diags.push(
                Diagnostic::error(msg!(
                    "die Option `{oid}` hat keine Punkte für das Kriterium `{cid}`",
                    "option `{oid}` has no score for criterion `{cid}`"
                ))
                .at(file, span_pos(scores, 1, 0))
                .label(msg!("ergänzen Sie `{oid}: …`", "add `{oid}: …`")),
            );
        }
    }
}
