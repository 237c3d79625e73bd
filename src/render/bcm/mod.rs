//! Emergency-management pages (BSI 200-4, design §8): the `notfall/` section of internal
//! outputs — overview with BIA, Soll-Ist gaps, scenario → plan matrix, roles and alarm chain,
//! exercise plan, one page per process, resource, scenario, plan and exercise, the exercise
//! calendar, the self-contained Notfallhandbuch and the Notfallkarte — and the one anonymised
//! page of the public output. Every page is a `RecordView` through `record.html`; the handbook
//! has its own template because it must stand alone.

use std::path::{Path, PathBuf};

use super::nav::NavEntry;
use super::risks::{Block, Cell, Column, Fact, RecordView, TableView};
use super::{Files, LinkSink, Output, RenderEnv, SiteIndex};
use crate::compute::bcm::{self as calc, Derived};
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::model::bcm::{BcmData, Bcms, Hours};
use crate::model::common::Audience;
use crate::model::records::{Md, Rec, Record};
use crate::urls::{record_out, segments};

mod handbook;
mod overview;
mod public;
mod records;

/// The internal section.
pub const SECTION: &str = "notfall";
/// The public page (also in internal outputs: it is public).
pub const PUBLIC_OUT: &str = "notfallvorsorge/index.html";
/// Menu position: after the risk register (100–104) and decisions (105).
const MENU_WEIGHT: i64 = 106;

pub fn overview_out() -> String {
    format!("{SECTION}/index.html")
}

pub fn page_out(id: &str) -> String {
    record_out(SECTION, id)
}

fn any(d: &BcmData) -> bool {
    !d.is_empty()
}

/// `@ID` links to emergency-management records land on their pages, which only internal outputs
/// have.
pub fn register(site: &Site, index: &mut SiteIndex) {
    let d = &site.records.bcm;
    if !any(d) {
        return;
    }
    fn reg<T: Record>(v: &[Rec<T>], index: &mut SiteIndex) {
        for r in v {
            index.add_record(
                r.id_str(),
                &page_out(r.id_str()),
                Audience::Internal,
                r.value.title(),
            );
        }
    }
    reg(&d.processes, index);
    reg(&d.resources, index);
    reg(&d.scenarios, index);
    reg(&d.plans, index);
    reg(&d.exercises, index);
    for r in &d.roles {
        index.add_record_anchor(
            r.id_str(),
            &overview_out(),
            &anchor(r.id_str()),
            Audience::Internal,
            &r.title,
        );
    }
    index
        .audience_by_out
        .insert(overview_out(), Audience::Internal);
    index.audience_by_out.insert(
        format!("{SECTION}/{}", handbook::HANDBOOK),
        Audience::Internal,
    );
    index
        .audience_by_out
        .insert(format!("{SECTION}/{}", handbook::CARD), Audience::Internal);
    index
        .audience_by_out
        .insert(PUBLIC_OUT.to_string(), Audience::Public);
}

pub fn nav_entries(site: &Site, data: &crate::model::Data, audience: Audience) -> Vec<NavEntry> {
    let d = &data.bcm;
    let mut v = Vec::new();
    if !any(&site.records.bcm) {
        return v;
    }
    v.push(NavEntry {
        out: PUBLIC_OUT.into(),
        title: public::TITLE.into(),
        description: None,
        date: None,
        weight: MENU_WEIGHT + 1,
        in_menu: audience == Audience::Public,
    });
    if audience != Audience::Internal {
        return v;
    }
    v.push(NavEntry {
        out: overview_out(),
        title: "Notfallmanagement".into(),
        description: None,
        date: None,
        weight: MENU_WEIGHT,
        in_menu: true,
    });
    let ids = d
        .processes
        .iter()
        .map(|r| (r.id_str(), r.value.title()))
        .chain(d.resources.iter().map(|r| (r.id_str(), r.value.title())))
        .chain(d.scenarios.iter().map(|r| (r.id_str(), r.value.title())))
        .chain(d.plans.iter().map(|r| (r.id_str(), r.value.title())))
        .chain(d.exercises.iter().map(|r| (r.id_str(), r.value.title())));
    for (i, (id, title)) in ids.enumerate() {
        v.push(NavEntry {
            out: page_out(id),
            title: format!("{id} {title}"),
            description: None,
            date: None,
            weight: i as i64,
            in_menu: false,
        });
    }
    v
}

/// What every emergency-management page needs.
pub(crate) struct Cx<'a> {
    pub env: &'a RenderEnv<'a>,
    pub d: &'a BcmData,
    pub settings: Bcms,
    pub derived: Derived,
    pub sink: &'a LinkSink,
    pub diags: &'a Diagnostics,
}

impl Cx<'_> {
    fn md(&self, file: &Path, md: &Md, out: &str, prefix: &str) -> String {
        self.env.md(file, md, out, prefix, self.sink, self.diags)
    }

    fn description(&self, file: &Path, desc: &Option<Md>, out: &str) -> Vec<Block> {
        desc.iter()
            .map(|d| Block {
                heading: Some("Beschreibung".into()),
                id: Some("beschreibung".into()),
                html: self.md(file, d, out, "beschreibung-"),
                class: Some("prose".into()),
            })
            .collect()
    }

    fn note(&self, file: &Path, note: &Option<Md>, out: &str) -> Option<String> {
        note.as_ref().map(|n| self.md(file, n, out, "notiz-"))
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

    /// A link to the page of any emergency-management record, or its id as text.
    fn link(&self, from: &str, id: &str) -> Cell {
        let d = self.d;
        let title = d
            .processes
            .iter()
            .find(|r| r.id_str() == id)
            .map(|r| r.title.clone())
            .or_else(|| {
                d.resources
                    .iter()
                    .find(|r| r.id_str() == id)
                    .map(|r| r.title.clone())
            })
            .or_else(|| {
                d.scenarios
                    .iter()
                    .find(|r| r.id_str() == id)
                    .map(|r| r.title.clone())
            })
            .or_else(|| {
                d.plans
                    .iter()
                    .find(|r| r.id_str() == id)
                    .map(|r| r.value.title().to_string())
            })
            .or_else(|| {
                d.exercises
                    .iter()
                    .find(|r| r.id_str() == id)
                    .map(|r| r.value.title().to_string())
            });
        match title {
            Some(t) => link(format!("{id} {t}"), self.env.url(from, &page_out(id))),
            None => text(id),
        }
    }

    /// A link to a risk-register record (risk, threat, measure) when this output has it.
    fn register_link(&self, from: &str, id: &str) -> Cell {
        let seg = segments(self.env.site.config.language);
        let data = self.env.data;
        let hit = data
            .risks
            .iter()
            .find(|r| r.id_str() == id)
            .map(|r| (seg.risks, r.title.clone()))
            .or_else(|| {
                data.threats
                    .iter()
                    .find(|r| r.id_str() == id)
                    .map(|r| (seg.threats, r.title.clone()))
            })
            .or_else(|| {
                data.measures
                    .iter()
                    .find(|r| r.id_str() == id)
                    .map(|r| (seg.measures, r.title.clone()))
            })
            .or_else(|| {
                data.provisioning
                    .iter()
                    .find(|r| r.id_str() == id)
                    .map(|r| (seg.decisions, r.title.clone()))
            })
            .or_else(|| {
                data.evaluations
                    .iter()
                    .find(|r| r.id_str() == id)
                    .map(|r| (seg.decisions, r.title.clone()))
            });
        match hit {
            Some((seg, t)) => link(
                format!("{id} {t}"),
                self.env.url(from, &record_out(seg, id)),
            ),
            None => text(id),
        }
    }

    fn role_title(&self, id: &str) -> String {
        self.d
            .roles
            .iter()
            .find(|r| r.id_str() == id)
            .map_or_else(|| id.to_string(), |r| r.title.clone())
    }

    /// The role with a link to its row on the overview.
    fn role_link(&self, from: &str, id: &str) -> Cell {
        link(
            self.role_title(id),
            format!("{}#{}", self.env.url(from, &overview_out()), anchor(id)),
        )
    }

    /// Who holds a role: names and numbers (internal outputs only have contacts).
    fn holders(&self, role: &str) -> String {
        let v: Vec<String> = self
            .d
            .contacts
            .iter()
            .filter(|c| c.role.value == role)
            .map(|c| {
                let mut s = c.name.clone();
                for p in [&c.phone, &c.phone_alt].into_iter().flatten() {
                    s.push_str(", Tel. ");
                    s.push_str(p);
                }
                s
            })
            .collect();
        if v.is_empty() {
            "–".into()
        } else {
            v.join("; ")
        }
    }
}

pub fn anchor(id: &str) -> String {
    format!("rolle-{}", crate::slug::slugify(id))
}

pub(crate) fn text(t: impl Into<String>) -> Cell {
    Cell {
        text: t.into(),
        ..Default::default()
    }
}

pub(crate) fn link(t: impl Into<String>, url: String) -> Cell {
    Cell {
        text: t.into(),
        url: Some(url),
        ..Default::default()
    }
}

pub(crate) fn col(t: &str) -> Column {
    Column {
        title: t.into(),
        numeric: false,
    }
}

pub(crate) fn fact(label: &str, cells: Vec<Cell>) -> Fact {
    Fact {
        label: label.into(),
        cells,
    }
}

pub(crate) fn table(id: &str, heading: &str, caption: &str, columns: &[&str]) -> TableView {
    TableView {
        id: id.into(),
        heading: Some(heading.into()),
        caption: caption.into(),
        columns: columns.iter().map(|c| col(c)).collect(),
        rows: Vec::new(),
        interactive: false,
        empty: "Keine Einträge.".into(),
    }
}

pub(crate) fn hours(h: Option<Hours>) -> String {
    h.map_or_else(|| "–".into(), |h| h.german())
}

pub(crate) fn hours_cell(h: Option<Hours>) -> Cell {
    Cell {
        text: hours(h),
        sort: Some(format!("{:08}", h.map_or(u32::MAX, |h| h.0))),
        ..Default::default()
    }
}

pub fn render(env: &RenderEnv<'_>, sink: &LinkSink, diags: &Diagnostics) -> Files {
    let d = &env.data.bcm;
    let mut files = Files::new();
    if !any(&env.site.records.bcm) {
        return files;
    }
    let cx = Cx {
        env,
        d,
        settings: d.settings(),
        derived: calc::derive(d),
        sink,
        diags,
    };
    if let Some(o) = public::page(&cx) {
        files.add(o);
    }
    if env.output.audience != Audience::Internal {
        return files;
    }
    for o in overview::pages(&cx)
        .into_iter()
        .chain(records::pages(&cx))
        .chain(handbook::files(&cx))
        .flatten()
    {
        files.add(o);
    }
    files
}

/// The file of the BCMS settings, where pages about the whole are traced to.
fn settings_file(cx: &Cx<'_>) -> PathBuf {
    cx.d.bcms.as_ref().map_or_else(
        || PathBuf::from("content/data/bcms.yaml"),
        |b| b.file.clone(),
    )
}

/// The emergency-management records that name a risk, threat or measure: the fact the risk
/// register's pages show for the way back (internal outputs only, where the pages are).
pub fn backlinks(env: &RenderEnv<'_>, id: &str, from: &str) -> Option<Fact> {
    if env.output.audience != Audience::Internal {
        return None;
    }
    let d = &env.data.bcm;
    let named = |v: &[serde_saphyr::Spanned<String>]| v.iter().any(|x| x.value == id);
    let mut cells: Vec<Cell> = d
        .scenarios
        .iter()
        .filter(|s| named(&s.risks) || named(&s.threats))
        .map(|s| {
            link(
                format!("Szenario {} {}", s.id_str(), s.title),
                env.url(from, &page_out(s.id_str())),
            )
        })
        .collect();
    cells.extend(
        d.exercises
            .iter()
            .filter(|e| {
                e.findings
                    .iter()
                    .any(|f| f.measure.as_ref().is_some_and(|m| m.value == id))
            })
            .map(|e| {
                link(
                    format!("Erkenntnis aus Übung {} {}", e.id_str(), e.value.title()),
                    env.url(from, &page_out(e.id_str())),
                )
            }),
    );
    (!cells.is_empty()).then(|| fact("Notfallmanagement", cells))
}
