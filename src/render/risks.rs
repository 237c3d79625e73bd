//! Risk register pages: risks with the matrix before and after measures, measures with a
//! roadmap, goals by stakeholder, perspectives, threats, and the review dashboard. All of them
//! use one generic record view (facts, matrices, text blocks, tables) and `record.html`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::nav::NavEntry;
use super::{Files, LinkSink, Output, RenderEnv, SiteIndex};
use crate::compute::risk::{Matrix, next_review, quarter};
use crate::diagnostics::Diagnostics;
use crate::model::common::{Audience, Date};
use crate::model::records::{Rec, Record};
use crate::model::risk::{Goal, Measure, MeasureStatus, Risk, Stakeholder};
use crate::model::{Data, Site};
use crate::slug::slugify;
use crate::urls::{Segments, record_out, segments};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Serialize, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub url: Option<String>,
    pub class: Option<String>,
    /// Sort key for the interactive table (ISO dates, zero-padded levels).
    pub sort: Option<String>,
}

impl Cell {
    fn text(t: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            ..Default::default()
        }
    }
    fn link(t: impl Into<String>, url: String) -> Cell {
        Cell {
            text: t.into(),
            url: Some(url),
            ..Default::default()
        }
    }
    fn class(mut self, c: impl Into<String>) -> Cell {
        self.class = Some(c.into());
        self
    }
    fn sort(mut self, s: impl Into<String>) -> Cell {
        self.sort = Some(s.into());
        self
    }
}

#[derive(Serialize, Clone)]
pub struct Fact {
    pub label: String,
    pub cells: Vec<Cell>,
}

#[derive(Serialize, Clone)]
pub struct Block {
    pub heading: Option<String>,
    pub id: Option<String>,
    pub html: String,
    pub class: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Column {
    pub title: String,
    pub numeric: bool,
}

#[derive(Serialize, Clone)]
pub struct TableView {
    pub id: String,
    pub heading: Option<String>,
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Sortable and filterable with JavaScript (complete without).
    pub interactive: bool,
    pub empty: String,
}

#[derive(Serialize, Clone)]
pub struct MatrixCell {
    pub level: String,
    pub level_class: String,
    pub count: usize,
    pub url: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct MatrixRow {
    pub impact: String,
    pub cells: Vec<MatrixCell>,
}

#[derive(Serialize, Clone)]
pub struct MatrixView {
    pub id: String,
    pub caption: String,
    pub likelihood: Vec<String>,
    pub rows: Vec<MatrixRow>,
    pub total: usize,
}

#[derive(Serialize, Clone, Default)]
pub struct RecordView {
    pub id: Option<String>,
    pub facts: Vec<Fact>,
    pub matrices: Vec<MatrixView>,
    pub blocks: Vec<Block>,
    pub tables: Vec<TableView>,
    pub internal_note: Option<String>,
    pub interactive: bool,
    /// Blocks after the tables (e.g. the lists behind the matrix cells).
    pub appendix: Vec<Block>,
}

fn col(t: &str) -> Column {
    Column {
        title: t.into(),
        numeric: false,
    }
}

fn numcol(t: &str) -> Column {
    Column {
        title: t.into(),
        numeric: true,
    }
}

/// Computed facts of one risk.
struct RiskCalc {
    inherent: usize,
    residual: usize,
    next_review: Option<Date>,
}

fn calc(m: &Matrix, r: &Risk) -> Option<RiskCalc> {
    let inherent = m.level(&r.inherent.likelihood.value, &r.inherent.impact.value)?;
    let residual = m.level(&r.residual.likelihood.value, &r.residual.impact.value)?;
    Some(RiskCalc {
        inherent,
        residual,
        next_review: next_review(
            r.reviewed.as_ref().map(|d| d.value),
            r.next_review.as_ref().map(|d| d.value),
            m.levels[residual].review_days,
        ),
    })
}

fn level_class(m: &Matrix, i: usize) -> String {
    format!("level level-{}", slugify(&m.levels[i].id))
}

fn level_cell(m: &Matrix, i: usize) -> Cell {
    Cell::text(m.levels[i].title.clone())
        .class(level_class(m, i))
        .sort(format!("{i:02}"))
}

pub fn register(site: &Site, index: &mut SiteIndex) {
    let seg = segments(site.config.language);
    let d = &site.records;
    let a = site.config.default_audience;
    fn reg<T: Record>(v: &[Rec<T>], seg: &str, a: Audience, index: &mut SiteIndex) {
        for r in v {
            index.add_record(
                r.id_str(),
                &record_out(seg, r.id_str()),
                r.audience_or(a),
                r.value.title(),
            );
        }
    }
    reg(&d.risks, seg.risks, a, index);
    reg(&d.measures, seg.measures, a, index);
    reg(&d.goals, seg.goals, a, index);
    reg(&d.perspectives, seg.perspectives, a, index);
    reg(&d.threats, seg.threats, a, index);
    for p in &d.perspectives {
        let out = record_out(seg.perspectives, p.id_str());
        for req in &p.requirements {
            // `@N1` lands on the requirement's heading on its perspective page.
            index.add_record_anchor(
                &req.id.value,
                &out,
                &format!("anforderung-{}", slugify(&req.id.value)),
                p.audience_or(a),
                &req.title,
            );
        }
    }
    for (out, _) in list_pages(&seg) {
        index.audience_by_out.insert(out, Audience::Public);
    }
}

fn list_pages(seg: &Segments) -> Vec<(String, &'static str)> {
    vec![
        (format!("{}/index.html", seg.risks), "Risiken"),
        (
            format!("{}/ueberpruefung/index.html", seg.risks),
            "Überprüfungen",
        ),
        (format!("{}/index.html", seg.measures), "Maßnahmen"),
        (format!("{}/index.html", seg.goals), "Ziele"),
        (format!("{}/index.html", seg.perspectives), "Perspektiven"),
        (format!("{}/index.html", seg.threats), "Gefährdungen"),
    ]
}

pub fn nav_entries(site: &Site, data: &Data) -> Vec<NavEntry> {
    let seg = segments(site.config.language);
    let mut v = Vec::new();
    let present = [
        !data.risks.is_empty(),
        !data.risks.is_empty(),
        !data.measures.is_empty(),
        !data.goals.is_empty(),
        !data.perspectives.is_empty(),
        !data.threats.is_empty(),
    ];
    for (i, (out, title)) in list_pages(&seg).into_iter().enumerate() {
        if present[i] {
            v.push(NavEntry {
                out,
                title: title.into(),
                description: None,
                date: None,
                weight: 100 + i as i64,
                in_menu: i != 1 && i < 4,
            });
        }
    }
    fn entries<T: Record>(v: &[Rec<T>], seg: &str, out: &mut Vec<NavEntry>) {
        for (i, r) in v.iter().enumerate() {
            out.push(NavEntry {
                out: record_out(seg, r.id_str()),
                title: format!("{} {}", r.id_str(), r.value.title()),
                description: None,
                date: None,
                weight: i as i64,
                in_menu: false,
            });
        }
    }
    let mut sorted_risks: Vec<&Rec<Risk>> = data.risks.iter().collect();
    sorted_risks.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    for (i, r) in sorted_risks.iter().enumerate() {
        v.push(NavEntry {
            out: record_out(seg.risks, r.id_str()),
            title: format!("{} {}", r.id_str(), r.title),
            description: None,
            date: None,
            weight: i as i64,
            in_menu: false,
        });
    }
    entries(&data.measures, seg.measures, &mut v);
    entries(&data.goals, seg.goals, &mut v);
    entries(&data.perspectives, seg.perspectives, &mut v);
    entries(&data.threats, seg.threats, &mut v);
    v
}

struct Ctx<'a> {
    env: &'a RenderEnv<'a>,
    m: Matrix,
    seg: Segments,
    internal: bool,
    sink: &'a LinkSink,
    diags: &'a Diagnostics,
}

impl Ctx<'_> {
    fn md(&self, file: &Path, md: &crate::model::records::Md, out: &str, prefix: &str) -> String {
        self.env.md(file, md, out, prefix, self.sink, self.diags)
    }

    /// The "Beschreibung" block of a record page, when the record has a description.
    fn description(
        &self,
        file: &Path,
        desc: &Option<crate::model::records::Md>,
        out: &str,
    ) -> Vec<Block> {
        desc.iter()
            .map(|d| Block {
                heading: Some("Beschreibung".into()),
                id: Some("beschreibung".into()),
                html: self.md(file, d, out, "beschreibung-"),
                class: Some("prose".into()),
            })
            .collect()
    }

    fn rec_link<T: Record>(&self, from: &str, seg: &str, r: &Rec<T>) -> Cell {
        Cell::link(
            format!("{} {}", r.id_str(), r.value.title()),
            self.env.url(from, &record_out(seg, r.id_str())),
        )
    }

    fn note(
        &self,
        file: &Path,
        note: &Option<crate::model::records::Md>,
        out: &str,
    ) -> Option<String> {
        // internal_note renders only in internal outputs, whatever the record's audience.
        match note {
            Some(n) if self.internal => Some(self.md(file, n, out, "notiz-")),
            _ => None,
        }
    }

    fn page(&self, out: &str, file: &Path, title: &str, view: &RecordView) -> Option<Output> {
        self.env.record_page(
            "record.html",
            "record",
            out,
            file,
            title,
            None,
            view,
            self.diags,
        )
    }
}

pub fn render(env: &RenderEnv<'_>, sink: &LinkSink, diags: &Diagnostics) -> Files {
    let method = env.site.records.method();
    let Some(m) = Matrix::from_method(&method) else {
        return Files::new();
    };
    let cx = Ctx {
        env,
        m,
        seg: segments(env.site.config.language),
        internal: env.output.audience == Audience::Internal,
        sink,
        diags,
    };
    let d = env.data;
    // One task per page, rendered in parallel; `Files` is ordered, so the order of completion
    // does not show in the output.
    type Task<'t> = Box<dyn Fn(&Ctx<'_>) -> Option<Output> + Send + Sync + 't>;
    let mut tasks: Vec<Task<'_>> = Vec::new();
    if !d.risks.is_empty() {
        tasks.push(Box::new(risks_index));
        tasks.push(Box::new(reviews));
        tasks.extend(
            d.risks
                .iter()
                .map(|r| Box::new(move |cx: &Ctx<'_>| risk_page(cx, r)) as Task<'_>),
        );
    }
    if !d.measures.is_empty() {
        tasks.push(Box::new(measures_index));
        tasks.extend(
            d.measures
                .iter()
                .map(|r| Box::new(move |cx: &Ctx<'_>| measure_page(cx, r)) as Task<'_>),
        );
    }
    if !d.goals.is_empty() {
        tasks.push(Box::new(goals_index));
        tasks.extend(
            d.goals
                .iter()
                .map(|r| Box::new(move |cx: &Ctx<'_>| goal_page(cx, r)) as Task<'_>),
        );
    }
    if !d.perspectives.is_empty() {
        tasks.push(Box::new(perspectives_index));
        tasks.extend(
            d.perspectives
                .iter()
                .map(|r| Box::new(move |cx: &Ctx<'_>| perspective_page(cx, r)) as Task<'_>),
        );
    }
    if !d.threats.is_empty() {
        tasks.push(Box::new(threats_index));
        tasks.extend(
            d.threats
                .iter()
                .map(|r| Box::new(move |cx: &Ctx<'_>| threat_page(cx, r)) as Task<'_>),
        );
    }
    tasks.par_iter().filter_map(|task| task(&cx)).collect()
}

fn build_matrices(
    m: &Matrix,
    risks: &[Rec<Risk>],
    from: &str,
    list_out: &str,
    env: &RenderEnv<'_>,
) -> Vec<MatrixView> {
    let mut out = Vec::new();
    for (key, caption, residual) in [
        (
            "brutto",
            "Risikomatrix ohne zusätzliche Maßnahmen (Bruttorisiko)",
            false,
        ),
        ("netto", "Risikomatrix mit Maßnahmen (Nettorisiko)", true),
    ] {
        let mut counts = vec![vec![0usize; m.likelihood.len()]; m.impact.len()];
        let mut total = 0;
        for r in risks {
            let rating = if residual { &r.residual } else { &r.inherent };
            if let (Some(i), Some(l)) = (
                m.impact_index(&rating.impact.value),
                m.likelihood_index(&rating.likelihood.value),
            ) {
                counts[i][l] += 1;
                total += 1;
            }
        }
        // Highest impact first, as risk matrices are read.
        let rows = (0..m.impact.len())
            .rev()
            .map(|i| MatrixRow {
                impact: m.impact[i].1.clone(),
                cells: (0..m.likelihood.len())
                    .map(|l| {
                        let lvl = m.cells[i][l];
                        let n = counts[i][l];
                        MatrixCell {
                            level: m.levels[lvl].title.clone(),
                            level_class: level_class(m, lvl),
                            count: n,
                            url: (n > 0).then(|| {
                                format!(
                                    "{}#{}",
                                    env.url(from, list_out),
                                    cell_anchor(key, &m.impact[i].0, &m.likelihood[l].0)
                                )
                            }),
                        }
                    })
                    .collect(),
            })
            .collect();
        out.push(MatrixView {
            id: format!("matrix-{key}"),
            caption: caption.into(),
            likelihood: m.likelihood.iter().map(|(_, t)| t.clone()).collect(),
            rows,
            total,
        });
    }
    out
}

fn cell_anchor(key: &str, impact: &str, likelihood: &str) -> String {
    format!("feld-{key}-{}-{}", slugify(impact), slugify(likelihood))
}

fn find<'a, T: Record>(v: &'a [Rec<T>], id: &str) -> Option<&'a Rec<T>> {
    v.iter().find(|r| r.id_str() == id)
}

fn risks_index(cx: &Ctx<'_>) -> Option<Output> {
    let env = cx.env;
    let m = &cx.m;
    let out = format!("{}/index.html", cx.seg.risks);
    let d = env.data;
    let mut sorted: Vec<&Rec<Risk>> = d.risks.iter().collect();
    sorted.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let mut rows = Vec::new();
    for r in &sorted {
        let Some(c) = calc(m, r) else { continue };
        let persp = r
            .perspective
            .as_ref()
            .and_then(|p| find(&d.perspectives, &p.value))
            .map(|p| {
                Cell::link(
                    p.title.clone(),
                    env.url(&out, &record_out(cx.seg.perspectives, p.id_str())),
                )
            })
            .unwrap_or_default();
        rows.push(vec![
            Cell::link(
                r.id.value.clone(),
                env.url(&out, &record_out(cx.seg.risks, r.id_str())),
            ),
            Cell::text(r.title.clone()),
            persp,
            Cell::text(r.owner.clone().unwrap_or_default()),
            level_cell(m, c.inherent),
            level_cell(m, c.residual),
            Cell::text(treatment_title(r)),
            Cell::text(r.status.title()),
            review_cell(c.next_review, env.build_date),
        ]);
    }
    let register = TableView {
        id: "register".into(),
        heading: Some("Risikoregister".into()),
        caption: format!("Risikoregister: {} Risiken", sorted.len()),
        columns: vec![
            col("ID"),
            col("Risiko"),
            col("Perspektive"),
            col("Verantwortlich"),
            col("Brutto"),
            col("Netto"),
            col("Behandlung"),
            col("Status"),
            col("Nächste Überprüfung"),
        ],
        rows,
        interactive: true,
        empty: "Keine Risiken erfasst.".into(),
    };
    // One list per non-empty matrix cell, the target of the cell links.
    let mut cell_html = String::new();
    for (key, label, residual) in [
        ("brutto", "Bruttorisiko", false),
        ("netto", "Nettorisiko", true),
    ] {
        for i in (0..m.impact.len()).rev() {
            for l in 0..m.likelihood.len() {
                let members: Vec<&&Rec<Risk>> = sorted
                    .iter()
                    .filter(|r| {
                        let rt = if residual { &r.residual } else { &r.inherent };
                        rt.impact.value == m.impact[i].0 && rt.likelihood.value == m.likelihood[l].0
                    })
                    .collect();
                if members.is_empty() {
                    continue;
                }
                cell_html.push_str(&format!(
                    "<h3 id=\"{}\">{label}: Schaden {}, Häufigkeit {} – Stufe {}</h3>\n<ul>\n",
                    cell_anchor(key, &m.impact[i].0, &m.likelihood[l].0),
                    esc(&m.impact[i].1),
                    esc(&m.likelihood[l].1),
                    esc(&m.levels[m.cells[i][l]].title)
                ));
                for r in members {
                    cell_html.push_str(&format!(
                        "<li><a href=\"{}\">{} {}</a></li>\n",
                        env.url(&out, &record_out(cx.seg.risks, r.id_str())),
                        esc(&r.id.value),
                        esc(&r.title)
                    ));
                }
                cell_html.push_str("</ul>\n");
            }
        }
    }
    let intro = format!(
        "<p>Die Stufe eines Risikos ergibt sich aus der Matrix der Methode (Eintrittshäufigkeit × Schadensauswirkung, nachgeschlagen, nicht multipliziert). Bruttorisiko: ohne zusätzliche Maßnahmen; Nettorisiko: mit den Maßnahmen. <a href=\"{}\">Überprüfungen ansehen</a>.</p>",
        env.url(&out, &format!("{}/ueberpruefung/index.html", cx.seg.risks))
    );
    let view = RecordView {
        matrices: build_matrices(m, &d.risks, &out, &out, env),
        blocks: vec![Block {
            heading: None,
            id: None,
            html: intro,
            class: None,
        }],
        tables: vec![register],
        interactive: true,
        ..Default::default()
    };
    let mut view = view;
    view.appendix.push(Block {
        heading: Some("Risiken je Matrixfeld".into()),
        id: Some("matrixfelder".into()),
        html: cell_html,
        class: Some("matrix-cells".into()),
    });
    cx.page(&out, &PathBuf::from("content/data/risks"), "Risiken", &view)
}

fn treatment_title(r: &Risk) -> String {
    match r.treatment.value.as_str() {
        "uebertragen" => "übertragen".into(),
        t => t.to_string(),
    }
}

fn review_cell(next: Option<Date>, today: Date) -> Cell {
    match next {
        Some(n) if n < today => Cell::text(format!("{} (überfällig)", n.german()))
            .class("overdue")
            .sort(n.iso()),
        Some(n) => Cell::text(n.german()).sort(n.iso()),
        None => Cell::text("–").sort("9999"),
    }
}

fn risk_page(cx: &Ctx<'_>, r: &Rec<Risk>) -> Option<Output> {
    let env = cx.env;
    let m = &cx.m;
    let d = env.data;
    let out = record_out(cx.seg.risks, r.id_str());
    let c = calc(m, r)?;
    let mut facts = vec![Fact {
        label: "Risiko-ID".into(),
        cells: vec![Cell::text(r.id.value.clone())],
    }];
    if let Some(p) = r
        .perspective
        .as_ref()
        .and_then(|p| find(&d.perspectives, &p.value))
    {
        facts.push(Fact {
            label: "Perspektive".into(),
            cells: vec![Cell::link(
                p.title.clone(),
                env.url(&out, &record_out(cx.seg.perspectives, p.id_str())),
            )],
        });
    }
    if let Some(o) = &r.owner {
        facts.push(Fact {
            label: "Verantwortlich".into(),
            cells: vec![Cell::text(o.clone())],
        });
    }
    let threats: Vec<Cell> = r
        .threats
        .iter()
        .filter_map(|t| find(&d.threats, &t.value))
        .map(|t| cx.rec_link(&out, cx.seg.threats, t))
        .collect();
    if !threats.is_empty() {
        facts.push(Fact {
            label: "Gefährdungen".into(),
            cells: threats,
        });
    }
    let rating = |rt: &crate::model::risk::Rating, lvl: usize| {
        let lt = m
            .likelihood_index(&rt.likelihood.value)
            .map(|i| m.likelihood[i].1.clone())
            .unwrap_or_default();
        let it = m
            .impact_index(&rt.impact.value)
            .map(|i| m.impact[i].1.clone())
            .unwrap_or_default();
        vec![
            Cell::text(m.levels[lvl].title.clone()).class(level_class(m, lvl)),
            Cell::text(format!("Häufigkeit {lt}, Schaden {it}")),
        ]
    };
    facts.push(Fact {
        label: "Bruttorisiko (ohne zusätzliche Maßnahmen)".into(),
        cells: rating(&r.inherent, c.inherent),
    });
    facts.push(Fact {
        label: "Nettorisiko (mit Maßnahmen)".into(),
        cells: rating(&r.residual, c.residual),
    });
    facts.push(Fact {
        label: "Behandlung".into(),
        cells: vec![Cell::text(treatment_title(r))],
    });
    facts.push(Fact {
        label: "Status".into(),
        cells: vec![Cell::text(r.status.title())],
    });
    if let Some(rv) = &r.reviewed {
        facts.push(Fact {
            label: "Zuletzt überprüft".into(),
            cells: vec![Cell::text(rv.value.german())],
        });
    }
    facts.push(Fact {
        label: "Nächste Überprüfung".into(),
        cells: vec![review_cell(c.next_review, env.build_date)],
    });
    let mut blocks = cx.description(&r.file, &r.description, &out);
    if let Some(acc) = &r.acceptance {
        let html = format!(
            "<p>Akzeptiert durch {} am {}.</p>\n{}",
            esc(&acc.by),
            acc.date.german(),
            cx.md(&r.file, &acc.rationale, &out, "akzeptanz-")
        );
        blocks.push(Block {
            heading: Some("Risikoakzeptanz".into()),
            id: Some("akzeptanz".into()),
            html,
            class: Some("prose".into()),
        });
    }
    let measure_rows: Vec<Vec<Cell>> = r
        .measures
        .iter()
        .filter_map(|id| find(&d.measures, &id.value))
        .map(|ms| measure_row(cx, &out, ms))
        .collect();
    let tables = vec![measures_table(
        "massnahmen",
        "Maßnahmen",
        &format!("Maßnahmen zu {}", r.id.value),
        measure_rows,
    )];
    let view = RecordView {
        id: Some(r.id.value.clone()),
        facts,
        blocks,
        tables,
        internal_note: cx.note(&r.file, &r.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &r.file, &format!("{} {}", r.id.value, r.title), &view)
}

fn measure_row(cx: &Ctx<'_>, from: &str, ms: &Rec<Measure>) -> Vec<Cell> {
    vec![
        Cell::link(
            ms.id.value.clone(),
            cx.env.url(from, &record_out(cx.seg.measures, ms.id_str())),
        ),
        Cell::text(ms.title.clone()),
        Cell::text(ms.responsible.clone().unwrap_or_default()),
        ms.due
            .as_ref()
            .map(|d| Cell::text(d.value.german()).sort(d.value.iso()))
            .unwrap_or_else(|| Cell::text("–")),
        Cell::text(ms.status.title())
            .class(format!("status status-{}", slugify(ms.status.title()))),
    ]
}

fn measures_table(id: &str, heading: &str, caption: &str, rows: Vec<Vec<Cell>>) -> TableView {
    TableView {
        id: id.into(),
        heading: Some(heading.into()),
        caption: caption.into(),
        columns: vec![
            col("ID"),
            col("Maßnahme"),
            col("Verantwortlich"),
            col("Fällig"),
            col("Status"),
        ],
        rows,
        interactive: false,
        empty: "Keine Maßnahmen zugeordnet.".into(),
    }
}

/// The table of risks that a record page lists (a measure's, a perspective's, a threat's).
fn risks_table(
    cx: &Ctx<'_>,
    out: &str,
    keep: impl Fn(&Risk) -> bool,
    heading: &str,
    caption: String,
    with_inherent: bool,
) -> TableView {
    let rows = cx
        .env
        .data
        .risks
        .iter()
        .filter(|r| keep(r))
        .filter_map(|r| {
            let c = calc(&cx.m, r)?;
            let mut row = vec![
                Cell::link(
                    r.id.value.clone(),
                    cx.env.url(out, &record_out(cx.seg.risks, r.id_str())),
                ),
                Cell::text(r.title.clone()),
            ];
            if with_inherent {
                row.push(level_cell(&cx.m, c.inherent));
            }
            row.push(level_cell(&cx.m, c.residual));
            Some(row)
        })
        .collect();
    let mut columns = vec![col("ID"), col("Risiko")];
    if with_inherent {
        columns.push(col("Brutto"));
    }
    columns.push(col("Netto"));
    TableView {
        id: "risiken".into(),
        heading: Some(heading.into()),
        caption,
        columns,
        rows,
        interactive: false,
        empty: "Keine Risiken zugeordnet.".into(),
    }
}

fn reviews(cx: &Ctx<'_>) -> Option<Output> {
    let env = cx.env;
    let out = format!("{}/ueberpruefung/index.html", cx.seg.risks);
    let today = env.build_date;
    let soon = Date(
        today
            .0
            .checked_add(jiff::Span::new().days(90))
            .unwrap_or(today.0),
    );
    let mut overdue = Vec::new();
    let mut upcoming = Vec::new();
    let mut all: Vec<(Date, &Rec<Risk>, RiskCalc)> = env
        .data
        .risks
        .iter()
        .filter_map(|r| calc(&cx.m, r).and_then(|c| c.next_review.map(|n| (n, r, c))))
        .collect();
    all.sort_by(|a, b| (a.0, &a.1.id.value).cmp(&(b.0, &b.1.id.value)));
    for (n, r, c) in all {
        let row = vec![
            Cell::link(
                r.id.value.clone(),
                env.url(&out, &record_out(cx.seg.risks, r.id_str())),
            ),
            Cell::text(r.title.clone()),
            level_cell(&cx.m, c.residual),
            Cell::text(r.owner.clone().unwrap_or_default()),
            review_cell(Some(n), today),
        ];
        if n < today {
            overdue.push(row);
        } else if n <= soon {
            upcoming.push(row);
        }
    }
    let cols = || {
        vec![
            col("ID"),
            col("Risiko"),
            col("Netto"),
            col("Verantwortlich"),
            col("Fällig am"),
        ]
    };
    let view = RecordView {
        blocks: vec![Block {
            heading: None,
            id: None,
            html: format!(
                "<p>Stand: {}. Ohne ausdrückliches Datum ist eine Überprüfung fällig, wenn seit der letzten die Frist der Netto-Risikostufe verstrichen ist.</p>",
                today.german()
            ),
            class: None,
        }],
        tables: vec![
            TableView {
                id: "ueberfaellig".into(),
                heading: Some("Überfällige Überprüfungen".into()),
                caption: format!("{} überfällige Überprüfungen", overdue.len()),
                columns: cols(),
                rows: overdue,
                interactive: false,
                empty: "Keine Überprüfung ist überfällig.".into(),
            },
            TableView {
                id: "demnaechst".into(),
                heading: Some("In den nächsten 90 Tagen".into()),
                caption: format!("{} anstehende Überprüfungen", upcoming.len()),
                columns: cols(),
                rows: upcoming,
                interactive: false,
                empty: "In den nächsten 90 Tagen steht keine Überprüfung an.".into(),
            },
        ],
        ..Default::default()
    };
    cx.page(
        &out,
        &PathBuf::from("content/data/risks"),
        "Überprüfungen",
        &view,
    )
}

fn measures_index(cx: &Ctx<'_>) -> Option<Output> {
    let env = cx.env;
    let out = format!("{}/index.html", cx.seg.measures);
    let d = env.data;
    let rows: Vec<Vec<Cell>> = d
        .measures
        .iter()
        .map(|ms| measure_row(cx, &out, ms))
        .collect();
    let done = d
        .measures
        .iter()
        .filter(|m| m.status == MeasureStatus::Umgesetzt)
        .count();
    let mut tables = vec![TableView {
        interactive: true,
        ..measures_table(
            "liste",
            "Alle Maßnahmen",
            &format!("{} Maßnahmen, davon {done} umgesetzt", d.measures.len()),
            rows,
        )
    }];
    // Roadmap: measures by quarter of their due date.
    let mut by_q: BTreeMap<(i16, i8), Vec<Vec<Cell>>> = BTreeMap::new();
    let mut undated = Vec::new();
    for ms in &d.measures {
        match &ms.due {
            Some(due) => by_q
                .entry(quarter(due.value))
                .or_default()
                .push(measure_row(cx, &out, ms)),
            None => undated.push(measure_row(cx, &out, ms)),
        }
    }
    for ((y, q), rows) in by_q {
        tables.push(TableView {
            id: format!("roadmap-{y}-q{q}"),
            heading: Some(format!("Roadmap {q}. Quartal {y}")),
            caption: format!("Maßnahmen mit Fälligkeit im {q}. Quartal {y}"),
            ..measures_table("", "", "", rows)
        });
    }
    if !undated.is_empty() {
        tables.push(TableView {
            id: "roadmap-ohne-termin".into(),
            heading: Some("Ohne Termin".into()),
            caption: "Maßnahmen ohne Fälligkeit".into(),
            ..measures_table("", "", "", undated)
        });
    }
    let progress = format!(
        "<p>{done} von {} Maßnahmen sind umgesetzt.</p>\n<p><progress max=\"{}\" value=\"{done}\" aria-label=\"Fortschritt der Maßnahmen\">{done} von {}</progress></p>",
        d.measures.len(),
        d.measures.len(),
        d.measures.len()
    );
    let view = RecordView {
        blocks: vec![Block {
            heading: None,
            id: None,
            html: progress,
            class: None,
        }],
        tables,
        interactive: true,
        ..Default::default()
    };
    cx.page(
        &out,
        &PathBuf::from("content/data/measures.yaml"),
        "Maßnahmen",
        &view,
    )
}

fn measure_page(cx: &Ctx<'_>, ms: &Rec<Measure>) -> Option<Output> {
    let env = cx.env;
    let d = env.data;
    let out = record_out(cx.seg.measures, ms.id_str());
    let mut facts = vec![
        Fact {
            label: "Maßnahmen-ID".into(),
            cells: vec![Cell::text(ms.id.value.clone())],
        },
        Fact {
            label: "Status".into(),
            cells: vec![Cell::text(ms.status.title())],
        },
    ];
    if let Some(r) = &ms.responsible {
        facts.push(Fact {
            label: "Verantwortlich".into(),
            cells: vec![Cell::text(r.clone())],
        });
    }
    if let Some(due) = &ms.due {
        facts.push(Fact {
            label: "Fällig".into(),
            cells: vec![Cell::text(due.value.german())],
        });
    }
    if let Some(c) = &ms.cost_eur {
        facts.push(Fact {
            label: "Kosten".into(),
            cells: vec![Cell::text(crate::format::eur(c.value))],
        });
    }
    let goals: Vec<Cell> = ms
        .goals
        .iter()
        .filter_map(|g| find(&d.goals, &g.value))
        .map(|g| cx.rec_link(&out, cx.seg.goals, g))
        .collect();
    if !goals.is_empty() {
        facts.push(Fact {
            label: "Ziele".into(),
            cells: goals,
        });
    }
    if !ms.refs.is_empty() {
        facts.push(Fact {
            label: "IT-Grundschutz".into(),
            cells: ms.refs.iter().map(|r| Cell::text(r.clone())).collect(),
        });
    }
    let blocks = cx.description(&ms.file, &ms.description, &out);
    let table = risks_table(
        cx,
        &out,
        |r| r.measures.iter().any(|m| m.value == ms.id.value),
        "Reduziert diese Risiken",
        format!("Risiken, die {} behandelt", ms.id.value),
        true,
    );
    let view = RecordView {
        id: Some(ms.id.value.clone()),
        facts,
        blocks,
        tables: vec![table],
        internal_note: cx.note(&ms.file, &ms.internal_note, &out),
        ..Default::default()
    };
    cx.page(
        &out,
        &ms.file,
        &format!("{} {}", ms.id.value, ms.title),
        &view,
    )
}

/// (done, total) of the measures serving a goal.
fn goal_progress(d: &Data, g: &Goal) -> (usize, usize) {
    let ms: Vec<&Rec<Measure>> = d
        .measures
        .iter()
        .filter(|m| m.goals.iter().any(|x| x.value == g.id.value))
        .collect();
    (
        ms.iter()
            .filter(|m| m.status == MeasureStatus::Umgesetzt)
            .count(),
        ms.len(),
    )
}

pub fn goal_table(env: &RenderEnv<'_>, from: &str, stakeholder: Stakeholder) -> TableView {
    let seg = segments(env.site.config.language);
    let rows = env
        .data
        .goals
        .iter()
        .filter(|g| g.stakeholder == stakeholder)
        .map(|g| {
            let (done, total) = goal_progress(env.data, g);
            vec![
                Cell::link(
                    g.id.value.clone(),
                    env.url(from, &record_out(seg.goals, g.id_str())),
                ),
                Cell::text(g.title.clone()),
                Cell::text(g.target.clone().unwrap_or_default()),
                Cell::text(format!("{done} von {total} Maßnahmen umgesetzt"))
                    .sort(format!("{done:04}")),
            ]
        })
        .collect();
    TableView {
        id: format!("ziele-{}", slugify(stakeholder.title())),
        heading: Some(format!("Ziele der {}", stakeholder.title())),
        caption: format!(
            "Ziele der {} und Fortschritt ihrer Maßnahmen",
            stakeholder.title()
        ),
        columns: vec![col("ID"), col("Ziel"), col("Zielwert"), col("Fortschritt")],
        rows,
        interactive: false,
        empty: "Keine Ziele erfasst.".into(),
    }
}

fn goals_index(cx: &Ctx<'_>) -> Option<Output> {
    let out = format!("{}/index.html", cx.seg.goals);
    let view = RecordView {
        blocks: vec![Block {
            heading: None,
            id: None,
            html: "<p>Der Masterplan verbindet die Ziele von Politik, Bürgerschaft und Verwaltung. Der Fortschritt zählt die umgesetzten Maßnahmen, die einem Ziel dienen.</p>".into(),
            class: None,
        }],
        tables: Stakeholder::all().into_iter().map(|s| goal_table(cx.env, &out, s)).collect(),
        ..Default::default()
    };
    cx.page(
        &out,
        &PathBuf::from("content/data/goals.yaml"),
        "Ziele",
        &view,
    )
}

fn goal_page(cx: &Ctx<'_>, g: &Rec<Goal>) -> Option<Output> {
    let env = cx.env;
    let out = record_out(cx.seg.goals, g.id_str());
    let (done, total) = goal_progress(env.data, g);
    let mut facts = vec![
        Fact {
            label: "Ziel-ID".into(),
            cells: vec![Cell::text(g.id.value.clone())],
        },
        Fact {
            label: "Anspruchsgruppe".into(),
            cells: vec![Cell::text(g.stakeholder.title())],
        },
    ];
    if let Some(i) = &g.indicator {
        facts.push(Fact {
            label: "Kennzahl".into(),
            cells: vec![Cell::text(i.clone())],
        });
    }
    if let Some(t) = &g.target {
        facts.push(Fact {
            label: "Zielwert".into(),
            cells: vec![Cell::text(t.clone())],
        });
    }
    facts.push(Fact {
        label: "Fortschritt".into(),
        cells: vec![Cell::text(format!(
            "{done} von {total} Maßnahmen umgesetzt"
        ))],
    });
    let blocks = cx.description(&g.file, &g.description, &out);
    let rows = env
        .data
        .measures
        .iter()
        .filter(|m| m.goals.iter().any(|x| x.value == g.id.value))
        .map(|m| measure_row(cx, &out, m))
        .collect();
    let view = RecordView {
        id: Some(g.id.value.clone()),
        facts,
        blocks,
        tables: vec![measures_table(
            "massnahmen",
            "Maßnahmen für dieses Ziel",
            &format!("Maßnahmen für {}", g.id.value),
            rows,
        )],
        internal_note: cx.note(&g.file, &g.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &g.file, &format!("{} {}", g.id.value, g.title), &view)
}

fn perspectives_index(cx: &Ctx<'_>) -> Option<Output> {
    let env = cx.env;
    let out = format!("{}/index.html", cx.seg.perspectives);
    let rows = env
        .data
        .perspectives
        .iter()
        .map(|p| {
            let n = env
                .data
                .risks
                .iter()
                .filter(|r| {
                    r.perspective
                        .as_ref()
                        .is_some_and(|x| x.value == p.id.value)
                })
                .count();
            vec![
                Cell::link(
                    p.title.clone(),
                    env.url(&out, &record_out(cx.seg.perspectives, p.id_str())),
                ),
                Cell::text(crate::format::percent_value(p.weight.value)).class("num"),
                Cell::text(p.requirements.len().to_string()).class("num"),
                Cell::text(n.to_string()).class("num"),
            ]
        })
        .collect();
    let view = RecordView {
        blocks: vec![Block {
            heading: None,
            id: None,
            html: "<p>Der Masterplan betrachtet jedes Vorhaben aus vier gewichteten Perspektiven. Die Gewichte gehen in die Nutzwertanalysen der Entscheidungen ein.</p>".into(),
            class: None,
        }],
        tables: vec![TableView {
            id: "perspektiven".into(),
            heading: None,
            caption: "Perspektiven mit Gewicht, Anforderungen und Risiken".into(),
            columns: vec![col("Perspektive"), numcol("Gewicht"), numcol("Anforderungen"), numcol("Risiken")],
            rows,
            interactive: false,
            empty: String::new(),
        }],
        ..Default::default()
    };
    cx.page(
        &out,
        &PathBuf::from("content/data/perspectives.yaml"),
        "Perspektiven",
        &view,
    )
}

fn perspective_page(cx: &Ctx<'_>, p: &Rec<crate::model::risk::Perspective>) -> Option<Output> {
    let out = record_out(cx.seg.perspectives, p.id_str());
    let facts = vec![Fact {
        label: "Gewicht".into(),
        cells: vec![Cell::text(crate::format::percent_value(p.weight.value))],
    }];
    let mut blocks = Vec::new();
    if let Some(s) = &p.summary {
        blocks.push(Block {
            heading: Some("Worum es geht".into()),
            id: Some("zusammenfassung".into()),
            html: cx.md(&p.file, s, &out, "zusammenfassung-"),
            class: Some("prose".into()),
        });
    }
    if !p.requirements.is_empty() {
        let mut html = String::new();
        for r in &p.requirements {
            let anchor = format!("anforderung-{}", slugify(&r.id.value));
            html.push_str(&format!(
                "<h3 id=\"{anchor}\">{} {}</h3>\n",
                esc(&r.id.value),
                esc(&r.title)
            ));
            if let Some(t) = &r.text {
                html.push_str(&cx.md(&p.file, t, &out, &format!("{anchor}-")));
            }
        }
        blocks.push(Block {
            heading: Some("Anforderungen".into()),
            id: Some("anforderungen".into()),
            html,
            class: Some("prose".into()),
        });
    }
    let table = risks_table(
        cx,
        &out,
        |r| {
            r.perspective
                .as_ref()
                .is_some_and(|x| x.value == p.id.value)
        },
        "Risiken dieser Perspektive",
        format!("Risiken der {}", p.title),
        false,
    );
    let view = RecordView {
        id: Some(p.id.value.clone()),
        facts,
        blocks,
        tables: vec![table],
        internal_note: cx.note(&p.file, &p.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &p.file, &p.title, &view)
}

fn threats_index(cx: &Ctx<'_>) -> Option<Output> {
    let env = cx.env;
    let out = format!("{}/index.html", cx.seg.threats);
    let rows = env
        .data
        .threats
        .iter()
        .map(|t| {
            let n = env
                .data
                .risks
                .iter()
                .filter(|r| r.threats.iter().any(|x| x.value == t.id.value))
                .count();
            vec![
                Cell::link(
                    t.id.value.clone(),
                    env.url(&out, &record_out(cx.seg.threats, t.id_str())),
                ),
                Cell::text(t.title.clone()),
                Cell::text(n.to_string()).class("num"),
            ]
        })
        .collect();
    let view = RecordView {
        tables: vec![TableView {
            id: "gefaehrdungen".into(),
            heading: None,
            caption: "Elementare Gefährdungen (IT-Grundschutz-Kompendium) und die Zahl der Risiken"
                .into(),
            columns: vec![col("Nr."), col("Gefährdung"), numcol("Risiken")],
            rows,
            interactive: false,
            empty: String::new(),
        }],
        ..Default::default()
    };
    cx.page(
        &out,
        &PathBuf::from("content/data/threats.yaml"),
        "Gefährdungen",
        &view,
    )
}

fn threat_page(cx: &Ctx<'_>, t: &Rec<crate::model::risk::Threat>) -> Option<Output> {
    let out = record_out(cx.seg.threats, t.id_str());
    let blocks = cx.description(&t.file, &t.description, &out);
    let table = risks_table(
        cx,
        &out,
        |r| r.threats.iter().any(|x| x.value == t.id.value),
        "Risiken aus dieser Gefährdung",
        format!("Risiken zu {}", t.id.value),
        false,
    );
    let view = RecordView {
        id: Some(t.id.value.clone()),
        blocks,
        tables: vec![table],
        internal_note: cx.note(&t.file, &t.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &t.file, &format!("{} {}", t.id.value, t.title), &view)
}

/// The start page's overview: residual matrix, goal progress, overdue reviews.
pub fn dashboard(env: &RenderEnv<'_>, from: &str) -> Option<RecordView> {
    if env.data.risks.is_empty() && env.data.goals.is_empty() {
        return None;
    }
    let method = env.site.records.method();
    let m = Matrix::from_method(&method)?;
    let seg = segments(env.site.config.language);
    let mut view = RecordView::default();
    if !env.data.risks.is_empty() {
        view.matrices = build_matrices(
            &m,
            &env.data.risks,
            from,
            &format!("{}/index.html", seg.risks),
            env,
        )
        .into_iter()
        .filter(|mv| mv.id == "matrix-netto")
        .collect();
        let today = env.build_date;
        let rows: Vec<Vec<Cell>> = env
            .data
            .risks
            .iter()
            .filter_map(|r| {
                let c = calc(&m, r)?;
                let n = c.next_review?;
                (n < today).then(|| {
                    vec![
                        Cell::link(
                            r.id.value.clone(),
                            env.url(from, &record_out(seg.risks, r.id_str())),
                        ),
                        Cell::text(r.title.clone()),
                        review_cell(Some(n), today),
                    ]
                })
            })
            .collect();
        view.tables.push(TableView {
            id: "ueberfaellige-ueberpruefungen".into(),
            heading: Some("Überfällige Überprüfungen".into()),
            caption: format!("{} überfällige Risikoüberprüfungen", rows.len()),
            columns: vec![col("ID"), col("Risiko"), col("Fällig seit")],
            rows,
            interactive: false,
            empty: "Keine Überprüfung ist überfällig.".into(),
        });
    }
    if !env.data.goals.is_empty() {
        for s in Stakeholder::all() {
            let mut t = goal_table(env, from, s);
            t.id = format!("start-{}", t.id);
            view.tables.push(t);
        }
    }
    Some(view)
}
