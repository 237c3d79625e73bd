//! Decision pages: the overview `entscheidungen/index.html` and one page per evaluation
//! (Nutzwertanalyse) and provisioning record (Wirtschaftlichkeitsbetrachtung). All numbers are
//! computed by `crate::compute` and formatted here (`crate::format`); templates only loop.

use std::path::Path;

use serde::Serialize;

mod evaluation;
mod provisioning;

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
}
