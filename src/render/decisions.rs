//! Decision pages: the overview `entscheidungen/index.html` and one page per evaluation
//! (Nutzwertanalyse) and provisioning record (Wirtschaftlichkeitsbetrachtung). All numbers are
//! computed by `crate::compute` and formatted here (`crate::format`); templates only loop.

use std::path::Path;

use serde::Serialize;

use super::charts::{self, Bar, BarChart};
use super::nav::NavEntry;
use super::{Files, LinkSink, Output, RenderEnv, SiteIndex};
use crate::compute::evaluation as ecalc;
use crate::compute::provisioning as pcalc;
use crate::diagnostics::Diagnostics;
use crate::format::{decimal, decimal_trim, decimal2, eur, percent, percent_value};
use crate::model::common::Audience;
use crate::model::evaluation::Evaluation;
use crate::model::provisioning::{OptionKind, Provisioning};
use crate::model::records::{Md, Rec, Record};
use crate::model::{Data, Site};
use crate::slug::slugify;
use crate::urls::{record_out, segments};

/// Menu position of "Entscheidungen" (content sections use 10–60, the risk register 100–104).
const MENU_WEIGHT: i64 = 105;

fn overview_out(site: &Site) -> String {
    format!("{}/index.html", segments(site.config.language).decisions)
}

fn overview_title(site: &Site) -> &'static str {
    match site.config.language {
        crate::config::Language::De => "Entscheidungen",
        crate::config::Language::En => "Decisions",
    }
}

/// Register every decision page in the index (for `@ID` links and audience checks).
pub fn register(site: &Site, index: &mut SiteIndex) {
    let seg = segments(site.config.language).decisions;
    let a = site.config.default_audience;
    let d = &site.records;
    let mut any_public = false;
    let mut any = false;
    for r in &d.evaluations {
        let aud = r.audience_or(a);
        any = true;
        any_public |= aud == Audience::Public;
        index.add_record(
            r.id_str(),
            &record_out(seg, r.id_str()),
            aud,
            r.value.title(),
        );
    }
    for r in &d.provisioning {
        let aud = r.audience_or(a);
        any = true;
        any_public |= aud == Audience::Public;
        index.add_record(
            r.id_str(),
            &record_out(seg, r.id_str()),
            aud,
            r.value.title(),
        );
    }
    if any {
        let aud = if any_public {
            Audience::Public
        } else {
            Audience::Internal
        };
        index.audience_by_out.insert(overview_out(site), aud);
    }
}

/// Navigation entries of the decision pages visible in this output.
pub fn nav_entries(site: &Site, data: &Data) -> Vec<NavEntry> {
    let seg = segments(site.config.language).decisions;
    let mut v = Vec::new();
    if data.evaluations.is_empty() && data.provisioning.is_empty() {
        return v;
    }
    v.push(NavEntry {
        out: overview_out(site),
        title: overview_title(site).into(),
        description: None,
        date: None,
        weight: MENU_WEIGHT,
        in_menu: true,
    });
    let ids = data
        .evaluations
        .iter()
        .map(|r| (r.id_str(), r.value.title()))
        .chain(
            data.provisioning
                .iter()
                .map(|r| (r.id_str(), r.value.title())),
        );
    for (i, (id, title)) in ids.enumerate() {
        v.push(NavEntry {
            out: record_out(seg, id),
            title: title.to_string(),
            description: None,
            date: None,
            weight: i as i64,
            in_menu: false,
        });
    }
    v
}

pub fn render(env: &RenderEnv<'_>, sink: &LinkSink, diags: &Diagnostics) -> Files {
    let mut files = Files::new();
    let data = env.data;
    if data.evaluations.is_empty() && data.provisioning.is_empty() {
        return files;
    }
    let cx = Cx {
        env,
        sink,
        diags,
        weights: env.site.records.perspective_weights(),
        internal: env.output.audience == Audience::Internal,
    };
    let mut overview = OverviewView {
        evaluations: Vec::new(),
        provisioning: Vec::new(),
    };
    let over_out = overview_out(env.site);
    for rec in &data.evaluations {
        let (page, entry) = cx.evaluation(rec, &over_out);
        files.extend(page);
        overview.evaluations.push(entry);
    }
    for rec in &data.provisioning {
        let (page, entry) = cx.provisioning(rec, &over_out);
        files.extend(page);
        overview.provisioning.push(entry);
    }
    let file = data
        .evaluations
        .first()
        .map(|r| r.file.clone())
        .or_else(|| data.provisioning.first().map(|r| r.file.clone()))
        .unwrap_or_default();
    files.extend(env.record_page(
        "decisions.html",
        "decisions",
        &over_out,
        &file,
        overview_title(env.site),
        Some("Nutzwertanalysen und Wirtschaftlichkeitsbetrachtungen des Masterplans mit ihren Ergebnissen und Entscheidungen"),
        &overview,
        diags,
    ));
    files
}

// ---------------------------------------------------------------- views

#[derive(Serialize)]
struct OverviewView {
    evaluations: Vec<OverviewEntry>,
    provisioning: Vec<OverviewEntry>,
}

#[derive(Serialize)]
struct OverviewEntry {
    title: String,
    url: String,
    /// What the numbers say: the top-ranked / cheapest option with its figure.
    result: String,
    /// The recorded decision, None = not yet decided.
    decision: Option<String>,
    /// How the decision relates to the numbers, when it differs from them.
    note: Option<String>,
}

fn overview_note(
    decision: Option<usize>,
    best: Option<usize>,
    rationale: &Option<Md>,
) -> Option<String> {
    match (decision, best) {
        (Some(d), Some(b)) if d != b => Some(
            if rationale
                .as_ref()
                .is_some_and(|r| !r.value.trim().is_empty())
            {
                "abweichend vom Ergebnis, mit Begründung".into()
            } else {
                "abweichend vom Ergebnis, ohne Begründung".into()
            },
        ),
        _ => None,
    }
}

#[derive(Serialize)]
struct Alert {
    title: String,
    text: String,
}

#[derive(Serialize)]
struct Column {
    id: String,
    title: String,
}

#[derive(Serialize)]
struct EvalView {
    description: Option<String>,
    scale: String,
    options: Vec<Column>,
    /// Option descriptions, when any option has one.
    option_details: Vec<OptionDetail>,
    gates: Vec<GateRow>,
    excluded: Vec<ExcludedView>,
    perspectives: Vec<PerspectiveTable>,
    /// Perspectives with only gate criteria (left out of the weighting).
    unweighted: Vec<String>,
    rescaled: bool,
    contributions: Vec<ContributionRow>,
    contribution_totals: Vec<String>,
    ranking: Vec<RankRow>,
    chart: String,
    chart_id: String,
    sensitivity: SensitivityView,
    winner: Option<String>,
    decision: Option<String>,
    decision_follows: bool,
    rationale: Option<String>,
    alerts: Vec<Alert>,
    internal_note: Option<String>,
}

#[derive(Serialize)]
struct OptionDetail {
    title: String,
    html: Option<String>,
}

#[derive(Serialize)]
struct GateRow {
    title: String,
    perspective: String,
    description: Option<String>,
    cells: Vec<GateCell>,
}

#[derive(Serialize)]
struct GateCell {
    text: &'static str,
    pass: bool,
}

#[derive(Serialize)]
struct ExcludedView {
    title: String,
    reasons: Vec<String>,
}

#[derive(Serialize)]
struct PerspectiveTable {
    id: String,
    title: String,
    url: Option<String>,
    weight: String,
    effective: String,
    weight_sum: String,
    criteria: Vec<CriterionRow>,
    partial: Vec<String>,
}

#[derive(Serialize)]
struct CriterionRow {
    title: String,
    description: Option<String>,
    weight: String,
    share: String,
    scores: Vec<String>,
}

#[derive(Serialize)]
struct ContributionRow {
    perspective: String,
    weight: String,
    cells: Vec<String>,
}

#[derive(Serialize)]
struct RankRow {
    rank: String,
    title: String,
    utility: String,
    cost: String,
    per_1000: String,
    note: String,
}

#[derive(Serialize)]
struct SensitivityView {
    summary: String,
    rows: Vec<SensitivityRow>,
}

#[derive(Serialize)]
struct SensitivityRow {
    perspective: String,
    weight: String,
    change: String,
    new_weight: String,
    new_winner: String,
}

#[derive(Serialize)]
struct ProvView {
    description: Option<String>,
    horizon: String,
    rate: String,
    groups: Vec<GroupRow>,
    group_totals: GroupRow,
    items: Vec<ItemRow>,
    set_price: String,
    set_annual: String,
    options: Vec<ProvOptionView>,
    comparison: Vec<CompareRow>,
    chart: String,
    chart_id: String,
    cheapest: Option<String>,
    decision: Option<String>,
    decision_follows: bool,
    rationale: Option<String>,
    alerts: Vec<Alert>,
    internal_note: Option<String>,
}

#[derive(Serialize)]
struct GroupRow {
    title: String,
    staff: String,
    need_share: String,
    simultaneous_share: String,
    need: String,
    simultaneous: String,
}

#[derive(Serialize)]
struct ItemRow {
    title: String,
    price: String,
    life: String,
    annual: String,
}

#[derive(Serialize)]
struct ProvOptionView {
    id: String,
    title: String,
    kind: &'static str,
    description: Option<String>,
    sets: String,
    sets_label: &'static str,
    quantity: String,
    running: String,
    years: Vec<YearRow>,
    totals: YearRow,
    present_value: String,
    annuity: String,
}

#[derive(Serialize)]
struct YearRow {
    t: String,
    investment: String,
    replacement: String,
    running: String,
    total: String,
    factor: String,
    present_value: String,
    note: String,
}

#[derive(Serialize)]
struct CompareRow {
    title: String,
    kind: &'static str,
    sets: String,
    present_value: String,
    annuity: String,
    difference: String,
    note: String,
}

// ---------------------------------------------------------------- rendering

struct Cx<'a> {
    env: &'a RenderEnv<'a>,
    sink: &'a LinkSink,
    diags: &'a Diagnostics,
    weights: Vec<(String, f64)>,
    internal: bool,
}

fn alert(title: &str, text: String) -> Alert {
    Alert {
        title: title.into(),
        text,
    }
}

/// `Anna & Co` → `„Anna & Co“` (escaping is the template's job).
fn quoted(s: &str) -> String {
    format!("„{s}“")
}

impl Cx<'_> {
    fn weight_of(&self, id: &str) -> f64 {
        self.weights
            .iter()
            .find(|(p, _)| p == id)
            .map_or(0.0, |(_, w)| *w)
    }

    fn md(&self, file: &Path, md: &Option<Md>, out: &str, prefix: &str) -> Option<String> {
        md.as_ref()
            .filter(|m| !m.value.trim().is_empty())
            .map(|m| self.env.md(file, m, out, prefix, self.sink, self.diags))
    }

    fn internal_note(&self, file: &Path, md: &Option<Md>, out: &str) -> Option<String> {
        if self.internal {
            self.md(file, md, out, "notiz-")
        } else {
            None
        }
    }

    /// Title and (when visible in this output) URL of a perspective.
    fn perspective(&self, id: &str, from: &str) -> (String, Option<String>) {
        let seg = segments(self.env.site.config.language);
        match self.env.data.perspectives.iter().find(|p| p.id.value == id) {
            Some(p) => (
                p.title.clone(),
                Some(self.env.url(from, &record_out(seg.perspectives, id))),
            ),
            None => (id.to_string(), None),
        }
    }

    fn evaluation(&self, rec: &Rec<Evaluation>, over_out: &str) -> (Option<Output>, OverviewEntry) {
        let e = &rec.value;
        let file = rec.file.as_path();
        let seg = segments(self.env.site.config.language).decisions;
        let out = record_out(seg, rec.id_str());
        let calc = crate::compute::adapt::evaluation(e, &self.weights);
        let pids = e.perspective_ids(&self.weights);
        let gates = e.gates();
        let scored = e.scored();
        let title_of = |o: usize| e.options[o].title.clone();
        let (min, max) = e.scale_range();

        let options: Vec<Column> = e
            .options
            .iter()
            .map(|o| Column {
                id: format!("option-{}", slugify(&o.id.value)),
                title: o.title.clone(),
            })
            .collect();
        let option_details = if e.options.iter().any(|o| o.description.is_some()) {
            e.options
                .iter()
                .map(|o| OptionDetail {
                    title: o.title.clone(),
                    html: self.md(
                        file,
                        &o.description,
                        &out,
                        &format!("option-{}-", slugify(&o.id.value)),
                    ),
                })
                .collect()
        } else {
            Vec::new()
        };

        let gate_rows: Vec<GateRow> = gates
            .iter()
            .enumerate()
            .map(|(g, c)| GateRow {
                title: c.title.clone(),
                perspective: self.perspective(&c.perspective.value, &out).0,
                description: self.md(
                    file,
                    &c.description,
                    &out,
                    &format!("kriterium-{}-", slugify(&c.id.value)),
                ),
                cells: (0..e.options.len())
                    .map(|o| {
                        let pass = !calc.failed_gates[o].contains(&g);
                        GateCell {
                            text: if pass { "erfüllt" } else { "nicht erfüllt" },
                            pass,
                        }
                    })
                    .collect(),
            })
            .collect();
        let excluded: Vec<ExcludedView> = (0..e.options.len())
            .filter(|&o| !calc.failed_gates[o].is_empty())
            .map(|o| ExcludedView {
                title: title_of(o),
                reasons: calc.failed_gates[o]
                    .iter()
                    .map(|&g| gates[g].title.clone())
                    .collect(),
            })
            .collect();

        let score_text = |s: Option<f64>| s.map_or("–".to_string(), |v| decimal_trim(v, 2));
        let mut perspectives = Vec::new();
        let mut unweighted = Vec::new();
        for (p, pid) in pids.iter().enumerate() {
            let (ptitle, url) = self.perspective(pid, &out);
            let Some(eff) = calc.effective_weights[p] else {
                unweighted.push(ptitle);
                continue;
            };
            let rows: Vec<CriterionRow> = scored
                .iter()
                .enumerate()
                .filter(|(_, c)| c.perspective.value == *pid)
                .map(|(ci, c)| CriterionRow {
                    title: c.title.clone(),
                    description: self.md(
                        file,
                        &c.description,
                        &out,
                        &format!("kriterium-{}-", slugify(&c.id.value)),
                    ),
                    weight: decimal_trim(c.weight.as_ref().map_or(0.0, |w| w.value), 2),
                    share: percent(calc.shares[ci]),
                    scores: e
                        .options
                        .iter()
                        .map(|o| {
                            score_text(
                                c.scores
                                    .as_ref()
                                    .and_then(|s| s.value.get(&o.id.value))
                                    .map(|s| s.value),
                            )
                        })
                        .collect(),
                })
                .collect();
            let weight_sum: f64 = scored
                .iter()
                .filter(|c| c.perspective.value == *pid)
                .map(|c| c.weight.as_ref().map_or(0.0, |w| w.value))
                .sum();
            perspectives.push(PerspectiveTable {
                id: format!("perspektive-{}", slugify(pid)),
                title: ptitle,
                url,
                weight: percent_value(self.weight_of(pid)),
                effective: percent_value(eff),
                weight_sum: decimal_trim(weight_sum, 2),
                criteria: rows,
                partial: calc.partial[p]
                    .iter()
                    .map(|v| v.map_or("–".into(), decimal2))
                    .collect(),
            });
        }
        let rescaled = pids.iter().enumerate().any(|(p, pid)| {
            calc.effective_weights[p].is_some_and(|eff| (eff - self.weight_of(pid)).abs() > 1e-9)
        });
        let contributions: Vec<ContributionRow> = pids
            .iter()
            .enumerate()
            .filter_map(|(p, pid)| {
                let eff = calc.effective_weights[p]?;
                Some(ContributionRow {
                    perspective: self.perspective(pid, &out).0,
                    weight: percent_value(eff),
                    cells: calc.partial[p]
                        .iter()
                        .map(|v| v.map_or("–".into(), |x| decimal2(eff / 100.0 * x)))
                        .collect(),
                })
            })
            .collect();
        let utility_text = |o: usize| calc.utility[o].map_or("–".into(), decimal2);
        let contribution_totals = (0..e.options.len()).map(utility_text).collect();

        let decision = e.decision.as_ref().and_then(|d| e.option_index(&d.value));
        let winner = calc.winner();
        let mut order: Vec<usize> = calc.ranking.clone();
        order.extend((0..e.options.len()).filter(|o| !calc.ranking.contains(o)));
        let ranking: Vec<RankRow> = order
            .iter()
            .map(|&o| {
                let mut notes = Vec::new();
                if !calc.failed_gates[o].is_empty() {
                    notes.push(format!(
                        "ausgeschlossen: {}",
                        calc.failed_gates[o]
                            .iter()
                            .map(|&g| gates[g].title.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                } else if calc.utility[o].is_none() {
                    notes.push("nicht vollständig bewertet".into());
                }
                if Some(o) == winner {
                    notes.push("höchster Nutzwert".into());
                }
                if Some(o) == decision {
                    notes.push("Entscheidung".into());
                }
                RankRow {
                    rank: calc.rank_of(o).map_or("–".into(), |r| format!("{r}.")),
                    title: title_of(o),
                    utility: utility_text(o),
                    cost: e.options[o]
                        .annual_cost_eur
                        .as_ref()
                        .map_or("–".into(), |c| eur(c.value)),
                    per_1000: calc.per_1000_eur[o].map_or("–".into(), decimal2),
                    note: notes.join(", "),
                }
            })
            .collect();

        let chart_id = format!("diagramm-{}", slugify(rec.id_str()));
        let bars: Vec<Bar> = order
            .iter()
            .filter(|&&o| calc.utility[o].is_some())
            .map(|&o| {
                let mut label = title_of(o);
                if !calc.failed_gates[o].is_empty() {
                    label.push_str(" (ausgeschlossen)");
                } else if Some(o) == decision {
                    label.push_str(" (Entscheidung)");
                }
                Bar {
                    label,
                    value: calc.utility[o].unwrap_or(0.0),
                    value_text: utility_text(o),
                    muted: !calc.failed_gates[o].is_empty(),
                }
            })
            .collect();
        let chart_title = format!("Nutzwerte: {}", e.title);
        let chart_desc = format!(
            "Balkendiagramm der Nutzwerte auf der Skala {}–{}; ausgeschlossene Optionen sind grau dargestellt.",
            decimal_trim(min, 2),
            decimal_trim(max, 2)
        );
        let chart = charts::bar_chart(&BarChart {
            id: &chart_id,
            title: &chart_title,
            desc: &chart_desc,
            bars: &bars,
            max: Some(max),
        });

        let sensitivity = self.sensitivity_view(e, &calc, &pids, &out);

        let mut alerts = Vec::new();
        if let (Some(d), Some(w)) = (decision, winner)
            && d != w
        {
            if !calc.failed_gates[d].is_empty() {
                alerts.push(alert(
                    "Entscheidung für eine ausgeschlossene Option",
                    format!(
                        "Die Entscheidung {} erfüllt nicht alle Ausschlusskriterien.",
                        quoted(&title_of(d))
                    ),
                ));
            } else if e
                .rationale
                .as_ref()
                .is_none_or(|r| r.value.trim().is_empty())
            {
                alerts.push(alert(
                    "Entscheidung ohne Begründung",
                    format!(
                        "Die Entscheidung {} weicht von der Option mit dem höchsten Nutzwert ({}) ab, ohne dass eine Begründung festgehalten ist.",
                        quoted(&title_of(d)),
                        quoted(&title_of(w))
                    ),
                ));
            }
        }

        let entry = OverviewEntry {
            title: e.title.clone(),
            url: self.env.url(over_out, &out),
            result: match winner {
                Some(w) => format!("Höchster Nutzwert: {} ({})", title_of(w), utility_text(w)),
                None => "Keine Option erfüllt alle Ausschlusskriterien".into(),
            },
            decision: decision.map(title_of),
            note: overview_note(decision, winner, &e.rationale),
        };
        let view = EvalView {
            description: self.md(file, &e.description, &out, "beschreibung-"),
            scale: format!("{}–{}", decimal_trim(min, 2), decimal_trim(max, 2)),
            options,
            option_details,
            gates: gate_rows,
            excluded,
            perspectives,
            unweighted,
            rescaled,
            contributions,
            contribution_totals,
            ranking,
            chart,
            chart_id,
            sensitivity,
            winner: winner.map(title_of),
            decision: decision.map(title_of),
            decision_follows: decision.is_some() && decision == winner,
            rationale: self.md(file, &e.rationale, &out, "begruendung-"),
            alerts,
            internal_note: self.internal_note(file, &e.internal_note, &out),
        };
        let description = format!("Nutzwertanalyse mit {} Optionen", e.options.len());
        let page = self.env.record_page(
            "evaluation.html",
            "evaluation",
            &out,
            file,
            &e.title,
            Some(&description),
            &view,
            self.diags,
        );
        (page, entry)
    }

    fn sensitivity_view(
        &self,
        e: &Evaluation,
        calc: &ecalc::Output,
        pids: &[&str],
        out: &str,
    ) -> SensitivityView {
        let title_of = |o: usize| e.options[o].title.clone();
        let rows: Vec<SensitivityRow> = calc
            .sensitivity
            .iter()
            .map(|s| {
                let name = self.perspective(pids[s.perspective], out).0;
                match &s.change {
                    Some(c) => SensitivityRow {
                        perspective: name,
                        weight: percent_value(s.weight),
                        change: format!(
                            "{}{}",
                            if c.delta >= 0.0 { "+" } else { "" },
                            decimal2(c.delta)
                        ),
                        new_weight: format!(
                            "{} {}",
                            if c.delta >= 0.0 { "über" } else { "unter" },
                            percent_value(c.new_weight)
                        ),
                        new_winner: title_of(c.new_winner),
                    },
                    None => SensitivityRow {
                        perspective: name,
                        weight: percent_value(s.weight),
                        change: "keine".into(),
                        new_weight: "–".into(),
                        new_winner: "–".into(),
                    },
                }
            })
            .collect();
        let summary = match (calc.winner(), calc.smallest_change()) {
            (None, _) => "Keine Option erfüllt alle Ausschlusskriterien; eine Sensitivitätsanalyse entfällt.".into(),
            (Some(_), _) if calc.ranking.len() < 2 => {
                "Nur eine Option erfüllt alle Ausschlusskriterien; eine Sensitivitätsanalyse entfällt.".into()
            }
            (Some(w), None) => format!(
                "Keine Änderung des Gewichts einer einzelnen Perspektive zwischen 0 % und 100 % (die übrigen anteilig angepasst) ändert das Ergebnis: {} hat stets den höchsten Nutzwert.",
                quoted(&title_of(w))
            ),
            (Some(_), Some(s)) => {
                let c = s.change.as_ref().expect("smallest_change has a change");
                let up = c.delta >= 0.0;
                format!(
                    "Die kleinste Gewichtsänderung, die das Ergebnis ändert, beträgt {} Prozentpunkte: {} das Gewicht von {} von {} auf {} {} (die übrigen Perspektiven anteilig angepasst), hat {} den höchsten Nutzwert.",
                    decimal2(c.delta.abs()),
                    if up { "Steigt" } else { "Sinkt" },
                    quoted(&self.perspective(pids[s.perspective], out).0),
                    percent_value(s.weight),
                    if up { "über" } else { "unter" },
                    percent_value(c.new_weight),
                    quoted(&title_of(c.new_winner))
                )
            }
        };
        SensitivityView { summary, rows }
    }

    fn provisioning(
        &self,
        rec: &Rec<Provisioning>,
        over_out: &str,
    ) -> (Option<Output>, OverviewEntry) {
        let p = &rec.value;
        let file = rec.file.as_path();
        let seg = segments(self.env.site.config.language).decisions;
        let out = record_out(seg, rec.id_str());
        let input = crate::compute::adapt::provisioning_input(p);
        let calc = pcalc::compute(&input);
        let n = input.horizon_years;
        let title_of = |o: usize| p.options[o].title.clone();

        let groups: Vec<GroupRow> = p
            .groups
            .iter()
            .map(|g| GroupRow {
                title: g.title.clone(),
                staff: decimal_trim(g.staff.value, 2),
                need_share: percent(g.need_share.value),
                simultaneous_share: percent(g.simultaneous_share.value),
                need: pcalc::ceil_clean(g.staff.value * g.need_share.value).to_string(),
                simultaneous: decimal2(
                    g.staff.value * g.need_share.value * g.simultaneous_share.value,
                ),
            })
            .collect();
        let group_totals = GroupRow {
            title: "Summe".into(),
            staff: decimal_trim(input.groups.iter().map(|g| g.staff).sum(), 2),
            need_share: String::new(),
            simultaneous_share: String::new(),
            need: pcalc::individual_sets(&input.groups).to_string(),
            simultaneous: decimal2(pcalc::pool_demand(&input.groups, 0.0)),
        };
        let items: Vec<ItemRow> = p
            .items
            .iter()
            .map(|i| ItemRow {
                title: i.title.clone(),
                price: eur(i.price_eur.value),
                life: years_text(i.life_years.value),
                annual: eur(i.annual_eur.as_ref().map_or(0.0, |a| a.value)),
            })
            .collect();
        let set_price: f64 = input.items.iter().map(|i| i.price).sum();
        let set_annual: f64 = input.items.iter().map(|i| i.annual).sum();

        let options: Vec<ProvOptionView> = p
            .options
            .iter()
            .enumerate()
            .map(|(k, o)| {
                let r = &calc.options[k];
                let oin = &input.options[k];
                let sets = r.sets;
                let (quantity, running) = match oin.kind {
                    pcalc::Kind::Individual => (
                        format!(
                            "Je Gruppe aufgerundet Beschäftigte × Bedarfsanteil, summiert: {} = {} Ausstattungssätze.",
                            input
                                .groups
                                .iter()
                                .map(|g| pcalc::ceil_clean(g.staff * g.need_share).to_string())
                                .collect::<Vec<_>>()
                                .join(" + "),
                            sets
                        ),
                        running_text(sets, set_annual, oin.annual, None),
                    ),
                    pcalc::Kind::Pool { reserve } => (
                        format!(
                            "Gleichzeitiger Bedarf (Summe Beschäftigte × Bedarfsanteil × Gleichzeitigkeit) {} × (1 + {} Reserve) = {}, aufgerundet {} Ausstattungssätze.",
                            decimal2(pcalc::pool_demand(&input.groups, 0.0)),
                            percent(reserve),
                            decimal2(r.demand),
                            sets
                        ),
                        running_text(sets, set_annual, oin.annual, Some("Poolbetrieb")),
                    ),
                    pcalc::Kind::Service { seats, seat_month } => (
                        format!(
                            "{} Plätze beim Dienstleister, keine eigenen Anschaffungen.",
                            decimal_trim(seats, 2)
                        ),
                        {
                            let mut t = format!(
                                "{} Plätze × {} im Monat × 12 = {} im Jahr",
                                decimal_trim(seats, 2),
                                eur2(seat_month),
                                eur(seats * seat_month * 12.0)
                            );
                            if oin.annual != 0.0 {
                                t.push_str(&format!(", dazu {} im Jahr", eur(oin.annual)));
                            }
                            t.push('.');
                            t
                        },
                    ),
                };
                let years: Vec<YearRow> = r
                    .years
                    .iter()
                    .map(|y| {
                        let bought: Vec<String> = y
                            .purchased
                            .iter()
                            .map(|&i| p.items[i].title.clone())
                            .collect();
                        let note = if y.t == 0 && !bought.is_empty() {
                            format!("Anschaffung von {sets} Sätzen")
                        } else if !bought.is_empty() {
                            format!("Ersatz: {}", bought.join(", "))
                        } else {
                            String::new()
                        };
                        YearRow {
                            t: y.t.to_string(),
                            investment: eur(y.investment),
                            replacement: eur(y.replacement),
                            running: eur(y.running),
                            total: eur(y.total),
                            factor: decimal(y.factor, 4),
                            present_value: eur(y.present_value),
                            note,
                        }
                    })
                    .collect();
                let sum = |f: fn(&pcalc::Year) -> f64| r.years.iter().map(f).sum::<f64>();
                let totals = YearRow {
                    t: "Summe".into(),
                    investment: eur(sum(|y| y.investment)),
                    replacement: eur(sum(|y| y.replacement)),
                    running: eur(sum(|y| y.running)),
                    total: eur(sum(|y| y.total)),
                    factor: String::new(),
                    present_value: eur(r.present_value),
                    note: String::new(),
                };
                ProvOptionView {
                    id: format!("option-{}", slugify(&o.id.value)),
                    title: o.title.clone(),
                    kind: o.kind.value.title(),
                    description: self.md(file, &o.description, &out, &format!("option-{}-", slugify(&o.id.value))),
                    sets: sets.to_string(),
                    sets_label: if o.kind.value == OptionKind::Service { "Plätze" } else { "Ausstattungssätze" },
                    quantity,
                    running,
                    years,
                    totals,
                    present_value: eur(r.present_value),
                    annuity: eur(r.annuity),
                }
            })
            .collect();

        let decision = p.decision.as_ref().and_then(|d| p.option_index(&d.value));
        let cheapest = calc.cheapest;
        let comparison: Vec<CompareRow> = calc
            .options
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let mut notes = Vec::new();
                if Some(k) == cheapest {
                    notes.push("günstigste Option");
                }
                if Some(k) == decision {
                    notes.push("Entscheidung");
                }
                let diff = cheapest.map(|c| r.present_value - calc.options[c].present_value);
                CompareRow {
                    title: title_of(k),
                    kind: p.options[k].kind.value.title(),
                    sets: r.sets.to_string(),
                    present_value: eur(r.present_value),
                    annuity: eur(r.annuity),
                    difference: match diff {
                        Some(d) if Some(k) != cheapest => format!("+{}", eur(d)),
                        _ => "–".into(),
                    },
                    note: notes.join(", "),
                }
            })
            .collect();

        let chart_id = format!("diagramm-{}", slugify(rec.id_str()));
        let bars: Vec<Bar> = calc
            .options
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let mut label = title_of(k);
                if Some(k) == decision {
                    label.push_str(" (Entscheidung)");
                }
                Bar {
                    label,
                    value: r.present_value,
                    value_text: eur(r.present_value),
                    muted: false,
                }
            })
            .collect();
        let chart_title = format!("Barwerte: {}", p.title);
        let chart_desc = format!(
            "Balkendiagramm der Barwerte über {} bei einem Zinssatz von {}.",
            years_text(f64::from(n)),
            percent(input.discount_rate)
        );
        let chart = charts::bar_chart(&BarChart {
            id: &chart_id,
            title: &chart_title,
            desc: &chart_desc,
            bars: &bars,
            max: None,
        });

        let mut alerts = Vec::new();
        if let (Some(d), Some(c)) = (decision, cheapest)
            && d != c
            && p.rationale
                .as_ref()
                .is_none_or(|r| r.value.trim().is_empty())
        {
            alerts.push(alert(
                "Entscheidung ohne Begründung",
                format!(
                    "Die Entscheidung {} ist nicht die günstigste Option ({}), und es ist keine Begründung festgehalten.",
                    quoted(&title_of(d)),
                    quoted(&title_of(c))
                ),
            ));
        }

        let entry = OverviewEntry {
            title: p.title.clone(),
            url: self.env.url(over_out, &out),
            result: match cheapest {
                Some(c) => format!(
                    "Günstigste Option: {} (Barwert {})",
                    title_of(c),
                    eur(calc.options[c].present_value)
                ),
                None => "Keine Optionen".into(),
            },
            decision: decision.map(title_of),
            note: overview_note(decision, cheapest, &p.rationale),
        };
        let view = ProvView {
            description: self.md(file, &p.description, &out, "beschreibung-"),
            horizon: format!(
                "{} (Jahr 0 bis {})",
                years_text(f64::from(n)),
                n.saturating_sub(1)
            ),
            rate: percent(input.discount_rate),
            groups,
            group_totals,
            items,
            set_price: eur(set_price),
            set_annual: eur(set_annual),
            options,
            comparison,
            chart,
            chart_id,
            cheapest: cheapest.map(title_of),
            decision: decision.map(title_of),
            decision_follows: decision.is_some() && decision == cheapest,
            rationale: self.md(file, &p.rationale, &out, "begruendung-"),
            alerts,
            internal_note: self.internal_note(file, &p.internal_note, &out),
        };
        let description = format!(
            "Wirtschaftlichkeitsbetrachtung mit {} Optionen über {}",
            p.options.len(),
            years_text(f64::from(n))
        );
        let page = self.env.record_page(
            "provisioning.html",
            "provisioning",
            &out,
            file,
            &p.title,
            Some(&description),
            &view,
            self.diags,
        );
        (page, entry)
    }
}

fn years_text(y: f64) -> String {
    if y == 1.0 {
        "1 Jahr".into()
    } else {
        format!("{} Jahre", decimal_trim(y, 2))
    }
}

/// Euros with cents when the amount has them (prices per month): `58 €`, `12,50 €`.
fn eur2(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        eur(x)
    } else {
        format!("{} €", decimal2(x))
    }
}

fn running_text(sets: u64, per_set: f64, fixed: f64, fixed_label: Option<&str>) -> String {
    let mut t = format!(
        "{} Sätze × {} laufende Kosten je Satz = {} im Jahr",
        sets,
        eur2(per_set),
        eur(sets as f64 * per_set)
    );
    if fixed != 0.0 {
        t.push_str(&format!(
            ", dazu {} im Jahr{}",
            eur(fixed),
            fixed_label.map_or(String::new(), |l| format!(" für den {l}"))
        ));
    }
    t.push('.');
    t
}
