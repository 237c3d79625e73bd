//! The changes as CSV (the open-data conventions of `render::opendata`: RFC 4180, UTF-8, CRLF,
//! header row) and the editions as an Atom 1.0 feed whose ids and dates come from
//! `editions.yaml` alone, so the feed is the same from build to build.

use serde::Serialize;

use super::{RenderEnv, anchor, field_label, status_words, value_text};
use crate::compute::changes::Value;
use crate::compute::changes::{ChangeKind, Kind, RecordChange};
use crate::files::{Files, Origin};
use crate::msg;
use crate::render::rdf::xml_text;

#[derive(Serialize)]
struct Row {
    fassung: String,
    vorige_fassung: String,
    art: &'static str,
    id: String,
    titel: String,
    aenderung: &'static str,
    feld: String,
    vorher: String,
    nachher: String,
    differenz_eur: Option<f64>,
    anmerkung: String,
}

const HEADER: [&str; 11] = [
    "fassung",
    "vorige_fassung",
    "art",
    "id",
    "titel",
    "aenderung",
    "feld",
    "vorher",
    "nachher",
    "differenz_eur",
    "anmerkung",
];

/// One row per changed field, and one per new or removed record. Column names and the
/// `art`/`aenderung` codes are German and fixed (like the other open-data files), so scripts
/// keep working whatever the site's language.
pub(super) fn csv(env: &RenderEnv<'_>, list: &[RecordChange], out: &str, files: &mut Files) {
    let eds = &env.site.editions;
    let (Some(cur), Some(prev)) = (eds.current(), eds.previous.as_ref()) else {
        return;
    };
    let mut rows = Vec::new();
    for r in list {
        let art = match r.kind {
            Kind::Goal => "ziel",
            Kind::Risk => "risiko",
            Kind::Measure => "massnahme",
            Kind::Decision => "entscheidung",
        };
        let aenderung = match r.change {
            ChangeKind::Added => "neu",
            ChangeKind::Removed => "entfallen",
            ChangeKind::Changed => "geaendert",
        };
        let row = |feld: String, vorher: String, nachher: String, differenz_eur| Row {
            fassung: cur.version.value.clone(),
            vorige_fassung: prev.edition.clone(),
            art,
            id: r.id.clone(),
            titel: r.title.clone(),
            aenderung,
            feld,
            vorher,
            nachher,
            differenz_eur,
            anmerkung: cur.notes.get(&r.id).cloned().unwrap_or_default(),
        };
        if r.fields.is_empty() {
            rows.push(row(String::new(), String::new(), String::new(), None));
        }
        for f in &r.fields {
            rows.push(row(
                field_label(env, f),
                raw(env, &f.before),
                raw(env, &f.after),
                f.delta_eur(),
            ));
        }
    }
    files.insert(
        out.to_string(),
        crate::render::opendata::csv(&HEADER, &rows),
        Origin::generated(msg!(
            "die Datei der Änderungen `aenderungen.csv`",
            "the file of changes `aenderungen.csv`"
        )),
    );
}

/// A value for machines: dates as `2027-03-31`, euros as a plain number, nothing as empty.
fn raw(env: &RenderEnv<'_>, v: &Value) -> String {
    match v {
        Value::None => String::new(),
        Value::Date(d) => d.iso(),
        Value::Eur(x) => x.to_string(),
        Value::Ids(ids) => ids.join(" "),
        v => value_text(env, v),
    }
}

/// Every edition, newest first. An entry's id names the plan and the version; `updated` is the
/// edition's date, the feed's the latest of them.
pub(super) fn feed(env: &RenderEnv<'_>, page: &str, out: &str, files: &mut Files) {
    let eds = &env.site.editions;
    let cfg = &env.site.config;
    let Some(latest) = eds.list.iter().map(|e| e.date.value).max() else {
        return;
    };
    let plan = crate::slug::slugify(&cfg.municipality);
    let base = env
        .output
        .base_url
        .as_deref()
        .map(|b| crate::config::one_line(b).trim_end_matches('/').to_string() + "/");
    let link = |to: &str| match &base {
        Some(b) => format!("{b}{to}"),
        None => env.url(out, to),
    };
    let stamp = |d: crate::model::common::Date| format!("{}T00:00:00Z", d.iso());
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        cfg.language.code()
    ));
    let feed_title = format!(
        "{} – {}",
        cfg.title,
        env.t("editions_feed_title", "Fassungen")
    );
    x.push_str(&format!("  <title>{}</title>\n", xml_text(&feed_title)));
    x.push_str(&format!(
        "  <id>urn:krisenfest:{}:fassungen</id>\n",
        xml_text(&plan)
    ));
    x.push_str(&format!("  <updated>{}</updated>\n", stamp(latest)));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_text(&link(page))
    ));
    if let Some(b) = &base {
        x.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            xml_text(&format!("{b}{out}"))
        ));
    }
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_text(&cfg.municipality)
    ));
    let label = env.t("edition_label", "Fassung");
    for e in eds.list.iter().rev() {
        let v = &e.version.value;
        let mut summary = format!(
            "{label} {v} · {} · {}",
            status_words(env, e),
            e.date.value.german()
        );
        if let Some(p) = &e.paper {
            summary.push_str(" · ");
            if let Some(k) = &p.kind {
                summary.push_str(k);
                summary.push(' ');
            }
            summary.push_str(&p.reference);
        }
        x.push_str("  <entry>\n");
        x.push_str(&format!(
            "    <title>{}</title>\n",
            xml_text(&format!("{label} {v}: {}", e.title))
        ));
        x.push_str(&format!(
            "    <id>urn:krisenfest:{}:fassung:{}</id>\n",
            xml_text(&plan),
            xml_text(v)
        ));
        x.push_str(&format!("    <updated>{}</updated>\n", stamp(e.date.value)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}#{}\"/>\n",
            xml_text(&link(page)),
            anchor(v)
        ));
        x.push_str(&format!("    <summary>{}</summary>\n", xml_text(&summary)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    files.insert(
        out.to_string(),
        x.into_bytes(),
        Origin::generated(msg!(
            "der Feed der Fassungen `fassungen.xml`",
            "the feed of editions `fassungen.xml`"
        )),
    );
}
