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

mod catalogue;
mod goals;
mod measures;
mod register;
mod view;

use catalogue::*;
use goals::*;
use measures::*;
pub use register::dashboard;
use register::*;
pub use view::*;

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

fn find<'a, T: Record>(v: &'a [Rec<T>], id: &str) -> Option<&'a Rec<T>> {
    v.iter().find(|r| r.id_str() == id)
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
