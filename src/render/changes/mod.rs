//! The change page since the previous edition (`aenderungen/index.html`), its CSV and the Atom
//! feed of editions, and the edition line every page shows (design §9). Each output compares
//! the records it may show, on both sides (`compute::changes::compare`), so no internal change
//! and no count of one reaches a public output.

mod files;
pub mod paper;

use serde::Serialize;

use super::{Files, RenderEnv};
use crate::compute::changes::{self, ChangeKind, FieldChange, Kind, RecordChange, Value};
use crate::compute::risk::Matrix;
use crate::diagnostics::Diagnostics;
use crate::model::edition::Edition;
use crate::urls::{record_out, segments};

/// "Fassung 2.0 · in Beratung · Stand 20.11.2026", for the footer of every page.
#[derive(Serialize, Clone)]
pub struct EditionLine {
    pub version: String,
    pub status: String,
    pub date: String,
    /// The change page, relative to the page.
    pub url: String,
    /// The Atom feed of editions, relative to the page.
    pub feed: String,
}

pub fn edition_line(env: &RenderEnv<'_>, out: &str) -> Option<EditionLine> {
    let e = env.site.editions.current()?;
    Some(EditionLine {
        version: e.version.value.clone(),
        status: status_words(env, e),
        date: e.date.value.german(),
        url: env.url(out, &page_out(env)),
        feed: env.url(out, &feed_out(env)),
    })
}

pub fn page_out(env: &RenderEnv<'_>) -> String {
    format!("{}/index.html", segments(env.site.config.language).changes)
}

fn feed_out(env: &RenderEnv<'_>) -> String {
    format!(
        "{}/fassungen.xml",
        segments(env.site.config.language).changes
    )
}

fn csv_out(env: &RenderEnv<'_>) -> String {
    format!(
        "{}/aenderungen.csv",
        segments(env.site.config.language).data
    )
}

fn status_words(env: &RenderEnv<'_>, e: &Edition) -> String {
    let key = e.status.value.key();
    env.t(&format!("edition_status_{key}"), key)
}

/// The id of an edition's row in the history table: `fassung-2-0`.
fn anchor(version: &str) -> String {
    format!("fassung-{}", crate::slug::slugify(version))
}

#[derive(Serialize)]
struct EditionRow {
    anchor: String,
    version: String,
    title: String,
    status: String,
    date: String,
    paper: Option<String>,
    current: bool,
}

#[derive(Serialize)]
struct FieldView {
    label: String,
    before: String,
    after: String,
    /// "+12.504 €" for costs, "niedriger"/"höher" for risk levels.
    delta: Option<String>,
}

#[derive(Serialize)]
struct RecordView {
    /// The id of its heading: `aenderung-r-005`.
    anchor: String,
    id: String,
    title: String,
    url: Option<String>,
    /// `added`, `removed` or `changed` (a CSS class and the key of its words).
    change: &'static str,
    change_words: String,
    fields: Vec<FieldView>,
    note: Option<String>,
}

#[derive(Serialize)]
struct GroupView {
    anchor: &'static str,
    title: String,
    added: usize,
    changed: usize,
    removed: usize,
    records: Vec<RecordView>,
}

#[derive(Serialize)]
struct ChangesView {
    current: String,
    /// The edition compared against; none for the first edition or a missing snapshot.
    previous: Option<String>,
    /// `compared`, `first` (one edition only) or `missing` (no snapshot of the previous one).
    state: &'static str,
    groups: Vec<GroupView>,
    total: usize,
    csv: String,
    feed: String,
    /// The council paper of the current edition.
    paper: String,
    editions: Vec<EditionRow>,
}

pub fn render(env: &RenderEnv<'_>, diags: &Diagnostics) -> Files {
    let mut out = Files::new();
    let eds = &env.site.editions;
    let Some(cur) = eds.current() else {
        return out;
    };
    let page = page_out(env);
    let list = records(env);
    let previous = eds
        .list
        .len()
        .checked_sub(2)
        .map(|i| eds.list[i].version.value.clone());
    let state = match (&previous, &eds.previous) {
        (None, _) => "first",
        (Some(_), None) => "missing",
        (Some(_), Some(_)) => "compared",
    };
    let groups = groups(env, &page, &list);
    let view = ChangesView {
        current: cur.version.value.clone(),
        previous,
        state,
        total: list.len(),
        groups,
        csv: env.url(&page, &csv_out(env)),
        feed: env.url(&page, &feed_out(env)),
        paper: env.url(&page, &paper::out(env)),
        editions: eds
            .list
            .iter()
            .rev()
            .map(|e| EditionRow {
                anchor: anchor(&e.version.value),
                version: e.version.value.clone(),
                title: e.title.clone(),
                status: status_words(env, e),
                date: e.date.value.german(),
                paper: e.paper.as_ref().map(|p| match &p.kind {
                    Some(k) => format!("{k} {}", p.reference),
                    None => p.reference.clone(),
                }),
                current: std::ptr::eq(e, cur),
            })
            .collect(),
    };
    let title = env.t("changes_title", "Änderungen");
    let description = env.t(
        "changes_description",
        "Was sich seit der vorigen Fassung des Plans geändert hat",
    );
    out.extend(env.record_page(
        "changes.html",
        "changes",
        &page,
        &eds.file(),
        &title,
        Some(&description),
        &view,
        diags,
    ));
    files::csv(env, &list, &csv_out(env), &mut out);
    files::feed(env, &page, &feed_out(env), &mut out);
    out
}

/// The changes this output may show, or none without a previous snapshot.
fn records(env: &RenderEnv<'_>) -> Vec<RecordChange> {
    let eds = &env.site.editions;
    let (Some(cur), Some(prev)) = (eds.current(), eds.previous.as_ref()) else {
        return Vec::new();
    };
    let d = &env.site.records;
    let now = changes::snapshot(
        d,
        env.site.config.default_audience,
        &d.method(),
        &cur.version.value,
    );
    changes::compare(prev, &now, env.output.audience)
}

fn kind_key(k: Kind) -> (&'static str, &'static str, &'static str) {
    match k {
        Kind::Goal => ("ziele", "changes_goals", "Ziele"),
        Kind::Risk => ("risiken", "changes_risks", "Risiken"),
        Kind::Measure => ("massnahmen", "changes_measures", "Maßnahmen"),
        Kind::Decision => ("entscheidungen", "changes_decisions", "Entscheidungen"),
    }
}

fn groups(env: &RenderEnv<'_>, page: &str, list: &[RecordChange]) -> Vec<GroupView> {
    let levels: Vec<String> = Matrix::from_method(&env.site.records.method())
        .map(|m| m.levels.iter().map(|l| l.title.clone()).collect())
        .unwrap_or_default();
    [Kind::Goal, Kind::Risk, Kind::Measure, Kind::Decision]
        .into_iter()
        .filter_map(|k| {
            let recs: Vec<&RecordChange> = list.iter().filter(|r| r.kind == k).collect();
            if recs.is_empty() {
                return None;
            }
            let count = |c: ChangeKind| recs.iter().filter(|r| r.change == c).count();
            let (anchor, key, default) = kind_key(k);
            Some(GroupView {
                anchor,
                title: env.t(key, default),
                added: count(ChangeKind::Added),
                changed: count(ChangeKind::Changed),
                removed: count(ChangeKind::Removed),
                records: recs
                    .iter()
                    .map(|r| record_view(env, page, r, &levels))
                    .collect(),
            })
        })
        .collect()
}

/// Where a record's own page is in this output (none for one that was removed).
fn record_url(env: &RenderEnv<'_>, page: &str, r: &RecordChange) -> Option<String> {
    let seg = segments(env.site.config.language);
    let d = env.data;
    let ids: Vec<&str> = match r.kind {
        Kind::Goal => d.goals.iter().map(|x| x.id_str()).collect(),
        Kind::Risk => d.risks.iter().map(|x| x.id_str()).collect(),
        Kind::Measure => d.measures.iter().map(|x| x.id_str()).collect(),
        Kind::Decision => d
            .evaluations
            .iter()
            .map(|x| x.id_str())
            .chain(d.provisioning.iter().map(|x| x.id_str()))
            .collect(),
    };
    let seg = match r.kind {
        Kind::Goal => seg.goals,
        Kind::Risk => seg.risks,
        Kind::Measure => seg.measures,
        Kind::Decision => seg.decisions,
    };
    let exists = ids.contains(&r.id.as_str());
    (exists && r.change != ChangeKind::Removed).then(|| env.url(page, &record_out(seg, &r.id)))
}

fn record_view(env: &RenderEnv<'_>, page: &str, r: &RecordChange, levels: &[String]) -> RecordView {
    let (change, key, default) = match r.change {
        ChangeKind::Added => ("added", "changes_added", "neu"),
        ChangeKind::Removed => ("removed", "changes_removed", "entfallen"),
        ChangeKind::Changed => ("changed", "changes_changed", "geändert"),
    };
    let note = env
        .site
        .editions
        .current()
        .and_then(|e| e.notes.get(&r.id))
        .cloned();
    RecordView {
        anchor: format!("aenderung-{}", crate::slug::slugify(&r.id)),
        id: r.id.clone(),
        title: r.title.clone(),
        url: record_url(env, page, r),
        change,
        change_words: env.t(key, default),
        fields: r
            .fields
            .iter()
            .map(|f| field_view(env, f, levels))
            .collect(),
        note,
    }
}

pub(super) fn field_label(env: &RenderEnv<'_>, f: &FieldChange) -> String {
    use changes::Field as F;
    let (key, default) = match f.field {
        F::Title => ("changes_field_title", "Titel"),
        F::Status => ("changes_field_status", "Status"),
        F::Owner => ("changes_field_owner", "Verantwortlich"),
        F::Treatment => ("changes_field_treatment", "Behandlung"),
        F::Inherent => ("changes_field_inherent", "Risiko vor Maßnahmen"),
        F::Residual => ("changes_field_residual", "Restrisiko"),
        F::Measures => ("changes_field_measures", "Maßnahmen"),
        F::Responsible => ("changes_field_responsible", "Verantwortlich"),
        F::Due => ("changes_field_due", "Fällig"),
        F::Cost => ("changes_field_cost", "Kosten"),
        F::Goals => ("changes_field_goals", "Ziele"),
        F::Stakeholder => ("changes_field_stakeholder", "Anspruchsgruppe"),
        F::Indicator => ("changes_field_indicator", "Kennzahl"),
        F::Target => ("changes_field_target", "Zielwert"),
        F::Decision => ("changes_field_decision", "Entscheidung"),
    };
    env.t(key, default)
}

pub(super) fn value_text(env: &RenderEnv<'_>, v: &Value) -> String {
    match v {
        Value::None => env.t("changes_none", "nicht angegeben"),
        Value::Text(s) => s.clone(),
        Value::Date(d) => d.german(),
        Value::Eur(x) => crate::format::eur(*x),
        Value::Ids(ids) if ids.is_empty() => env.t("changes_none", "nicht angegeben"),
        Value::Ids(ids) => ids.join(", "),
        Value::Rating(r) if r.level.is_empty() => format!("{}, {}", r.likelihood, r.impact),
        Value::Rating(r) => format!("{} ({}, {})", r.level, r.likelihood, r.impact),
    }
}

/// `+12.504 €`, with a true minus sign for a saving.
pub(super) fn signed_eur(x: f64) -> String {
    let s = crate::format::eur(x.abs());
    if x > 0.0 {
        format!("+{s}")
    } else if x < 0.0 {
        format!("\u{2212}{s}")
    } else {
        s
    }
}

fn field_view(env: &RenderEnv<'_>, f: &FieldChange, levels: &[String]) -> FieldView {
    let delta = match (f.delta_eur(), f.level_moved(levels)) {
        (Some(x), _) => Some(signed_eur(x)),
        (None, Some(true)) => Some(env.t("changes_level_down", "niedriger")),
        (None, Some(false)) => Some(env.t("changes_level_up", "höher")),
        (None, None) => None,
    };
    FieldView {
        label: field_label(env, f),
        before: value_text(env, &f.before),
        after: value_text(env, &f.after),
        delta,
    }
}
