//! Rules for evaluations and provisioning records, each reported at the offending value.

use std::collections::BTreeSet;
use std::path::Path;

use serde_saphyr::Spanned;

use super::Reference;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::Site;
use crate::model::bounds;
use crate::model::common::{Date, span_pos};
use crate::model::evaluation::{Criterion, Evaluation};
use crate::model::provisioning::{OptionKind, Provisioning};
use crate::model::records::{Md, Rec};

fn pos<T>(s: &Spanned<T>, text: &str) -> Pos {
    span_pos(s, text.chars().count().max(1), 0)
}

fn num_pos(s: &Spanned<f64>) -> Pos {
    pos(s, &s.value.to_string())
}

fn has_text(md: &Option<Md>) -> bool {
    md.as_ref().is_some_and(|m| !m.value.trim().is_empty())
}

/// The plan's perspectives in file order: (id, weight in percent).
pub fn perspective_weights(site: &Site) -> Vec<(String, f64)> {
    site.records
        .perspectives
        .iter()
        .map(|p| (p.id.value.clone(), p.weight.value))
        .collect()
}

pub fn validate(site: &Site, _build_date: Date, refs: &mut Vec<Reference>, diags: &Diagnostics) {
    let weights = perspective_weights(site);
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
    what: &str,
    ids: impl Iterator<Item = &'a Spanned<String>>,
    file: &Path,
    diags: &Diagnostics,
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.value.as_str()) {
            diags.push(
                Diagnostic::error(format!("duplicate {what} id `{}`", id.value))
                    .at(file, pos(id, &id.value))
                    .hint(format!("{what} ids must be unique within the record")),
            );
        }
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

fn option_list(ids: impl Iterator<Item = String>) -> String {
    format!("options: {}", ids.collect::<Vec<_>>().join(", "))
}

/// The option list, led by a "did you mean" when one option is close to `wrong`.
fn options_hint<'a>(wrong: &str, ids: impl Iterator<Item = &'a Spanned<String>> + Clone) -> String {
    let list = option_list(ids.clone().map(|i| i.value.clone()));
    match super::values::did_you_mean(wrong, ids.map(|i| i.value.as_str())) {
        Some(g) => format!("{g} {list}"),
        None => list,
    }
}

/// Ids inside a record, checked like record ids: they appear in tables, links and scores.
fn check_ids<'a>(
    what: &str,
    ids: impl Iterator<Item = &'a Spanned<String>>,
    file: &Path,
    diags: &Diagnostics,
) {
    for id in ids.filter(|i| !i.value.trim().is_empty()) {
        super::values::check_id(what, id, file, diags);
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
            Diagnostic::error(format!(
                "the scale's `max` ({max}) must be greater than its `min` ({min})"
            ))
            .at(file, num_pos(&s.value.max)),
        );
    }
    if e.options.is_empty() {
        diags.push(
            Diagnostic::error(format!("evaluation `{}` has no options", e.id.value))
                .at(file, rec.id_pos())
                .hint("list the options under `options:`"),
        );
    }
    unique("option", e.options.iter().map(|o| &o.id), file, diags);
    unique("criterion", e.criteria.iter().map(|c| &c.id), file, diags);
    check_ids("option", e.options.iter().map(|o| &o.id), file, diags);
    check_ids("criterion", e.criteria.iter().map(|c| &c.id), file, diags);
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
        diags.push(
            Diagnostic::warning(format!(
                "evaluation `{}` has no scored criteria",
                e.id.value
            ))
            .at(file, rec.id_pos())
            .hint("without scored criteria every option has the utility 0"),
        );
    }

    let Some(d) = &e.decision else {
        return;
    };
    let Some(di) = e.option_index(&d.value) else {
        diags.push(
            Diagnostic::error(format!(
                "decision `{}` names no option of this evaluation",
                d.value
            ))
            .at(file, pos(d, &d.value))
            .hint(options_hint(&d.value, e.options.iter().map(|o| &o.id))),
        );
        return;
    };
    if diags.error_count() > before {
        return; // the numbers below would rest on invalid input
    }
    let out = e.compute(weights);
    if let Some(&g) = out.failed_gates[di].first() {
        let gate = e.gates()[g];
        diags.push(
            Diagnostic::warning(format!(
                "decision `{}` is excluded by the gate criterion `{}`",
                d.value, gate.id.value
            ))
            .at(file, pos(d, &d.value))
            .hint("an option that fails a gate (Ausschlusskriterium) cannot be chosen; check the decision or the gate answers"),
        );
    } else if let Some(w) = out.winner()
        && w != di
        && !has_text(&e.rationale)
    {
        diags.push(
            Diagnostic::warning(format!(
                "decision `{}` is not the top-ranked option `{}`, and there is no `rationale`",
                d.value, e.options[w].id.value
            ))
            .at(file, pos(d, &d.value))
            .hint("explain in `rationale` why the decision differs from the ranking"),
        );
    }
    if !e.options.is_empty() && out.failed_gates.iter().all(|f| !f.is_empty()) {
        diags.push(
            Diagnostic::warning(format!(
                "every option of `{}` fails a gate criterion",
                e.id.value
            ))
            .at(file, rec.id_pos()),
        );
    }
}

fn validate_gate(e: &Evaluation, c: &Criterion, file: &Path, diags: &Diagnostics) {
    let hint = "gates are pass/fail (`pass: {option: true}`); remove `kind: gate` to score the criterion instead";
    if let Some(w) = &c.weight {
        diags.push(
            Diagnostic::error("`weight` does not apply to a gate criterion")
                .at(file, num_pos(w))
                .hint(hint),
        );
    }
    if let Some(s) = &c.scores {
        diags.push(
            Diagnostic::error("`scores` does not apply to a gate criterion")
                .at(file, span_pos(s, 1, 0))
                .hint(hint),
        );
    }
    let Some(pass) = &c.pass else {
        diags.push(
            Diagnostic::error(format!(
                "gate criterion `{}` has no `pass` answers",
                c.id.value
            ))
            .at(file, pos(&c.id, &c.id.value))
            .hint("add `pass: {option-id: true, …}` with an answer for every option"),
        );
        return;
    };
    for (k, _) in &pass.value.0 {
        if e.option_index(&k.value).is_none() {
            diags.push(
                Diagnostic::error(format!("unknown option `{}` in `pass`", k.value))
                    .at(file, pos(k, &k.value))
                    .hint(options_hint(&k.value, e.options.iter().map(|o| &o.id))),
            );
        }
    }
    for o in &e.options {
        if pass.value.get(&o.id.value).is_none() {
            diags.push(
                Diagnostic::error(format!(
                    "gate criterion `{}` has no answer for option `{}`",
                    c.id.value, o.id.value
                ))
                .at(file, span_pos(pass, 1, 0))
                .label(format!(
                    "add `{}: true` or `{}: false`",
                    o.id.value, o.id.value
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
            Diagnostic::error("`pass` applies only to gate criteria")
                .at(file, span_pos(p, 1, 0))
                .hint("add `kind: gate` for a pass/fail criterion, or give `weight` and `scores`"),
        );
    }
    match &c.weight {
        None => diags.push(
            Diagnostic::error(format!("scored criterion `{}` has no `weight`", c.id.value))
                .at(file, pos(&c.id, &c.id.value))
                .hint("add `weight: 1` (weights are relative within the perspective), or `kind: gate` for a pass/fail criterion"),
        ),
        Some(w) if w.value <= 0.0 => diags.push(
            Diagnostic::error("criterion weight must be greater than 0")
                .at(file, num_pos(w))
                .label("weights are relative within the perspective"),
        ),
        Some(w) => {
            bounds::CRITERION_WEIGHT.check(w, "weight", file, diags);
        }
    }
    let Some(scores) = &c.scores else {
        diags.push(
            Diagnostic::error(format!("scored criterion `{}` has no `scores`", c.id.value))
                .at(file, pos(&c.id, &c.id.value))
                .hint("add `scores: {option-id: 7, …}` with a score for every option"),
        );
        return;
    };
    for (k, s) in &scores.value.0 {
        if e.option_index(&k.value).is_none() {
            diags.push(
                Diagnostic::error(format!("unknown option `{}` in `scores`", k.value))
                    .at(file, pos(k, &k.value))
                    .hint(options_hint(&k.value, e.options.iter().map(|o| &o.id))),
            );
        }
        if !s.value.is_finite() || s.value < min || s.value > max {
            diags.push(
                Diagnostic::error(format!(
                    "score {} is outside the scale {min}–{max}",
                    s.value
                ))
                .at(file, num_pos(s)),
            );
        }
    }
    for o in &e.options {
        if scores.value.get(&o.id.value).is_none() && !excluded.contains(o.id.value.as_str()) {
            diags.push(
                Diagnostic::error(format!(
                    "option `{}` has no score for criterion `{}`",
                    o.id.value, c.id.value
                ))
                .at(file, span_pos(scores, 1, 0))
                .label(format!("add `{}: …`", o.id.value)),
            );
        }
    }
}

fn validate_provisioning(rec: &Rec<Provisioning>, diags: &Diagnostics) {
    let p = &rec.value;
    let file = rec.file.as_path();
    let before = diags.error_count();
    bounds::YEARS.check(&p.horizon_years, "horizon_years", file, diags);
    bounds::DISCOUNT_RATE.check(&p.discount_rate, "discount_rate", file, diags);
    unique("group", p.groups.iter().map(|g| &g.id), file, diags);
    unique("item", p.items.iter().map(|g| &g.id), file, diags);
    unique("option", p.options.iter().map(|g| &g.id), file, diags);
    check_ids("group", p.groups.iter().map(|g| &g.id), file, diags);
    check_ids("item", p.items.iter().map(|g| &g.id), file, diags);
    check_ids("option", p.options.iter().map(|g| &g.id), file, diags);
    for g in &p.groups {
        whole_count(&g.staff, "staff", file, diags);
        share(&g.need_share, "need_share", file, diags);
        share(&g.simultaneous_share, "simultaneous_share", file, diags);
    }
    for it in &p.items {
        not_negative(&it.price_eur, "price_eur", file, diags);
        if let Some(a) = &it.annual_eur {
            not_negative(a, "annual_eur", file, diags);
        }
        bounds::YEARS.check(&it.life_years, "life_years", file, diags);
    }
    if p.options.is_empty() {
        diags.push(
            Diagnostic::error(format!("provisioning `{}` has no options", p.id.value))
                .at(file, rec.id_pos())
                .hint("list the options under `options:` (kind individual, pool or service)"),
        );
    }
    for o in &p.options {
        let kind = o.kind.value;
        let wrong_kind = |key: &str, v: &Spanned<f64>, only: OptionKind| {
            if kind != only {
                diags.push(
                    Diagnostic::error(format!(
                        "`{key}` applies only to options of kind {}",
                        only.name()
                    ))
                    .at(file, num_pos(v))
                    .hint(format!("this option is of kind {}", kind.name())),
                );
            }
        };
        if let Some(r) = &o.reserve {
            wrong_kind("reserve", r, OptionKind::Pool);
            bounds::RESERVE.check(r, "reserve", file, diags);
        }
        if let Some(s) = &o.seats {
            wrong_kind("seats", s, OptionKind::Service);
            whole_count(s, "seats", file, diags);
        }
        if let Some(f) = &o.seat_month_eur {
            wrong_kind("seat_month_eur", f, OptionKind::Service);
            not_negative(f, "seat_month_eur", file, diags);
        }
        if let Some(a) = &o.annual_eur {
            not_negative(a, "annual_eur", file, diags);
        }
        if kind == OptionKind::Service {
            for (key, present) in [
                ("seats", o.seats.is_some()),
                ("seat_month_eur", o.seat_month_eur.is_some()),
            ] {
                if !present {
                    diags.push(
                        Diagnostic::error(format!(
                            "option `{}` of kind service needs `{key}`",
                            o.id.value
                        ))
                        .at(file, pos(&o.kind, kind.name()))
                        .hint("a service option is priced as seats × seat_month_eur × 12 per year"),
                    );
                }
            }
        }
    }
    let buys = p
        .options
        .iter()
        .any(|o| o.kind.value != OptionKind::Service);
    if buys && p.groups.is_empty() {
        diags.push(
            Diagnostic::warning(format!(
                "provisioning `{}` has no staff `groups`",
                p.id.value
            ))
            .at(file, rec.id_pos())
            .hint("individual and pool options get their number of sets from the groups"),
        );
    }
    if buys && p.items.is_empty() {
        diags.push(
            Diagnostic::warning(format!("provisioning `{}` has no `items`", p.id.value))
                .at(file, rec.id_pos())
                .hint("individual and pool options buy the items of one set for every set"),
        );
    }

    let Some(d) = &p.decision else {
        return;
    };
    let Some(di) = p.option_index(&d.value) else {
        diags.push(
            Diagnostic::error(format!(
                "decision `{}` names no option of this provisioning",
                d.value
            ))
            .at(file, pos(d, &d.value))
            .hint(options_hint(&d.value, p.options.iter().map(|o| &o.id))),
        );
        return;
    };
    if diags.error_count() > before {
        return;
    }
    let out = p.compute();
    if let Some(c) = out.cheapest
        && c != di
        && !has_text(&p.rationale)
    {
        diags.push(
            Diagnostic::warning(format!(
                "decision `{}` is not the cheapest option `{}`, and there is no `rationale`",
                d.value, p.options[c].id.value
            ))
            .at(file, pos(d, &d.value))
            .hint("explain in `rationale` why the decision differs from the cheapest option"),
        );
    }
}
