//! Open data of the public output: CSV (RFC 4180, UTF-8, header row) and JSON of the public
//! risks, measures and goals with stable ids and computed levels, and a "Daten" page that links
//! them with their licence. Built from the already filtered model, so nothing internal can appear.

use std::path::Path;

use serde::Serialize;

use super::dcat::{self, Collection, Format};
use super::{Files, RenderEnv};
use crate::compute::risk::{Matrix, next_review};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::TocEntry;
use crate::model::common::{Audience, Date};
use crate::msg;
use crate::urls::segments;

#[derive(Serialize)]
struct RiskRow {
    id: String,
    titel: String,
    perspektive: String,
    verantwortlich: String,
    gefaehrdungen: String,
    brutto_haeufigkeit: String,
    brutto_schaden: String,
    brutto_stufe: String,
    netto_haeufigkeit: String,
    netto_schaden: String,
    netto_stufe: String,
    behandlung: String,
    status: String,
    massnahmen: String,
    ueberprueft: String,
    naechste_ueberpruefung: String,
}

#[derive(Serialize)]
struct MeasureRow {
    id: String,
    titel: String,
    verantwortlich: String,
    faellig: String,
    status: String,
    ziele: String,
    kosten_eur: Option<f64>,
    grundschutz: String,
}

/// One planned amount of a measure: budget year, kind of funds, euros (exact to the cent).
#[derive(Serialize)]
struct BudgetRow {
    massnahme: String,
    haushaltsjahr: i64,
    art: &'static str,
    betrag_eur: f64,
}

#[derive(Serialize)]
struct GoalRow {
    id: String,
    anspruchsgruppe: String,
    titel: String,
    kennzahl: String,
    zielwert: String,
}

/// One text cell, quoted when it contains a separator, quote or line break (RFC 4180).
///
/// A spreadsheet opening the file runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return as a formula (CSV injection), so such a cell gets a leading `'` and quotes, as
/// OWASP recommends: `'=HYPERLINK(…)` shows as text. A cell that is a plain number (`-5`,
/// `-0,5`) cannot carry a formula and stays readable as a number; `-5 Arbeitsplätze` is text.
/// Numeric columns (JSON numbers) never come here.
fn field(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number(s) {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `-5`, `+3`, `-0.5`, `-0,5`: a sign, digits, at most one decimal separator with digits after it.
fn plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = match digits.split_once(['.', ',']) {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && frac.is_none_or(all_digits)
}

/// CSV with CRLF line ends, from the JSON form of the rows (same columns, same order).
pub(crate) fn csv<T: Serialize>(header: &[&str], rows: &[T]) -> Vec<u8> {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for r in rows {
        let v = serde_json::to_value(r).unwrap_or_default();
        let cells: Vec<String> = header
            .iter()
            .map(|h| match &v[*h] {
                serde_json::Value::String(s) => field(s),
                serde_json::Value::Null => String::new(),
                serde_json::Value::Number(n) => n.to_string(),
                other => field(&other.to_string()),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn json<T: Serialize>(rows: &[T]) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(rows).unwrap_or_default();
    v.push(b'\n');
    v
}

fn join(v: impl IntoIterator<Item = String>) -> String {
    v.into_iter().collect::<Vec<_>>().join(" ")
}

pub fn out_page(env: &RenderEnv<'_>) -> String {
    format!("{}/index.html", segments(env.site.config.language).data)
}

pub fn render(env: &RenderEnv<'_>, diags: &Diagnostics) -> Files {
    let mut files = Files::new();
    if env.output.audience != Audience::Public {
        return files;
    }
    let d = env.data;
    if d.risks.is_empty() && d.measures.is_empty() && d.goals.is_empty() {
        return files;
    }
    let seg = segments(env.site.config.language);
    let dir = seg.data;
    let method = env.site.records.method();
    let Some(m) = Matrix::from_method(&method) else {
        return files;
    };
    let title = |ids: &[(String, String)], id: &str| {
        ids.iter()
            .find(|(i, _)| i == id)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let risks: Vec<RiskRow> = d
        .risks
        .iter()
        .filter_map(|r| {
            let inh = m.level(&r.inherent.likelihood.value, &r.inherent.impact.value)?;
            let res = m.level(&r.residual.likelihood.value, &r.residual.impact.value)?;
            Some(RiskRow {
                id: r.id.value.clone(),
                titel: r.title.clone(),
                perspektive: r
                    .perspective
                    .as_ref()
                    .map(|p| p.value.clone())
                    .unwrap_or_default(),
                verantwortlich: r.owner.clone().unwrap_or_default(),
                gefaehrdungen: join(r.threats.iter().map(|t| t.value.clone())),
                brutto_haeufigkeit: title(&m.likelihood, &r.inherent.likelihood.value),
                brutto_schaden: title(&m.impact, &r.inherent.impact.value),
                brutto_stufe: m.levels[inh].title.clone(),
                netto_haeufigkeit: title(&m.likelihood, &r.residual.likelihood.value),
                netto_schaden: title(&m.impact, &r.residual.impact.value),
                netto_stufe: m.levels[res].title.clone(),
                behandlung: r.treatment.value.clone(),
                status: r.status.title().to_string(),
                massnahmen: join(r.measures.iter().map(|x| x.value.clone())),
                ueberprueft: r
                    .reviewed
                    .as_ref()
                    .map(|d| d.value.iso())
                    .unwrap_or_default(),
                naechste_ueberpruefung: next_review(
                    r.reviewed.as_ref().map(|d| d.value),
                    r.next_review.as_ref().map(|d| d.value),
                    m.levels[res].review_days,
                )
                .map(|d| d.iso())
                .unwrap_or_default(),
            })
        })
        .collect();
    let measures: Vec<MeasureRow> = d
        .measures
        .iter()
        .map(|ms| MeasureRow {
            id: ms.id.value.clone(),
            titel: ms.title.clone(),
            verantwortlich: ms.responsible.clone().unwrap_or_default(),
            faellig: ms.due.as_ref().map(|d| d.value.iso()).unwrap_or_default(),
            status: ms.status.title().to_string(),
            ziele: join(ms.goals.iter().map(|g| g.value.clone())),
            kosten_eur: ms.cost_eur.as_ref().map(|c| c.value),
            grundschutz: join(ms.refs.iter().cloned()),
        })
        .collect();
    let budget = budget_rows(d);
    let goals: Vec<GoalRow> = d
        .goals
        .iter()
        .map(|g| GoalRow {
            id: g.id.value.clone(),
            anspruchsgruppe: g.stakeholder.title().to_string(),
            titel: g.title.clone(),
            kennzahl: g.indicator.clone().unwrap_or_default(),
            zielwert: g.target.clone().unwrap_or_default(),
        })
        .collect();
    let rh = [
        "id",
        "titel",
        "perspektive",
        "verantwortlich",
        "gefaehrdungen",
        "brutto_haeufigkeit",
        "brutto_schaden",
        "brutto_stufe",
        "netto_haeufigkeit",
        "netto_schaden",
        "netto_stufe",
        "behandlung",
        "status",
        "massnahmen",
        "ueberprueft",
        "naechste_ueberpruefung",
    ];
    let mh = [
        "id",
        "titel",
        "verantwortlich",
        "faellig",
        "status",
        "ziele",
        "kosten_eur",
        "grundschutz",
    ];
    let bh = ["massnahme", "haushaltsjahr", "art", "betrag_eur"];
    let gh = ["id", "anspruchsgruppe", "titel", "kennzahl", "zielwert"];
    let sets = [
        (
            "risiken",
            "Risiken",
            "Je Risiko: Titel, Perspektive, Verantwortliche, Gefährdungen, Eintrittshäufigkeit, Schadenshöhe und Risikostufe vor und nach den Maßnahmen, Behandlung, Status, Maßnahmen und die Termine der Überprüfung.",
            risks.len(),
            csv(&rh, &risks),
            json(&risks),
        ),
        (
            "massnahmen",
            "Maßnahmen",
            "Je Maßnahme: Titel, Verantwortliche, Fälligkeit, Status, die Ziele, zu denen sie beiträgt, die Kosten in Euro und die Bausteine des IT-Grundschutzes.",
            measures.len(),
            csv(&mh, &measures),
            json(&measures),
        ),
        (
            "massnahmen-haushalt",
            "Haushaltsmittel der Maßnahmen",
            "Je Maßnahme, Haushaltsjahr und Art der Mittel (investiv oder konsumtiv) der geplante Betrag in Euro. Die Kennung der Maßnahme verweist auf den Datensatz Maßnahmen.",
            budget.len(),
            csv(&bh, &budget),
            json(&budget),
        ),
        (
            "ziele",
            "Ziele",
            "Je Ziel: die Anspruchsgruppe (Politik, Bürgerschaft oder Verwaltung), Titel, Kennzahl und Zielwert.",
            goals.len(),
            csv(&gh, &goals),
            json(&goals),
        ),
    ];
    let page_out = out_page(env);
    let mut html = String::from(
        "<p>Die öffentlichen Angaben dieses Masterplans stehen als offene Daten zur Verfügung: als CSV (RFC 4180, UTF-8, Komma als Trennzeichen, erste Zeile mit Spaltennamen) und als JSON. Die Kennungen (id) bleiben über Fassungen hinweg stabil; Risikostufen sind nach der Methode des Plans berechnet.</p>\n",
    );
    html.push_str("<h2 id=\"dateien\">Dateien</h2>\n<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"dateien-caption\">\n<table class=\"kf-table\">\n<caption id=\"dateien-caption\">Offene Daten des Masterplans</caption>\n<thead><tr><th scope=\"col\">Datensatz</th><th scope=\"col\" class=\"align-right\">Einträge</th><th scope=\"col\">CSV</th><th scope=\"col\">JSON</th></tr></thead>\n<tbody>\n");
    for (name, label, _, n, c, j) in &sets {
        let csv_out = format!("{dir}/{name}.csv");
        let json_out = format!("{dir}/{name}.json");
        html.push_str(&format!(
            "<tr><td>{label}</td><td class=\"align-right\">{n}</td><td><a href=\"{}\" download>{name}.csv</a></td><td><a href=\"{}\" download>{name}.json</a></td></tr>\n",
            env.url(&page_out, &csv_out),
            env.url(&page_out, &json_out)
        ));
        files.insert(
            csv_out,
            c.clone(),
            super::Origin::generated(msg!(
                "die Open-Data-Datei `{name}.csv`",
                "the open data file `{name}.csv`"
            )),
        );
        files.insert(
            json_out,
            j.clone(),
            super::Origin::generated(msg!(
                "die Open-Data-Datei `{name}.json`",
                "the open data file `{name}.json`"
            )),
        );
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    // The catalogue describes the bytes just written, so its sizes are those of the files.
    let collections: Vec<Collection> = sets
        .iter()
        .map(|(name, label, about, n, c, j)| Collection {
            name,
            label,
            about,
            entries: *n,
            latest: (*name == "risiken").then(|| latest_risk_date(d)).flatten(),
            files: vec![
                (format!("{dir}/{name}.csv"), c.as_slice(), Format::Csv),
                (format!("{dir}/{name}.json"), j.as_slice(), Format::Json),
            ],
        })
        .collect();
    let catalogue = dcat::catalogue(env, dir, &page_out, &collections, stand(env), diags);
    let mut toc = vec![TocEntry {
        id: "dateien".into(),
        title: "Dateien".into(),
        level: 2,
    }];
    if let Some((rdf, jsonld)) = catalogue {
        let (rdf_out, jsonld_out) = (
            format!("{dir}/catalog.rdf"),
            format!("{dir}/catalog.jsonld"),
        );
        html.push_str(&format!(
            "<h2 id=\"katalog\">Metadaten für Datenportale</h2>\n<p>Die Datensätze sind nach DCAT-AP.de beschrieben, dem Metadatenstandard von GovData. Datenportale wie GovData und Open.NRW können den Katalog regelmäßig abholen:</p>\n<ul>\n<li><a href=\"{}\" type=\"application/rdf+xml\" download>catalog.rdf</a> (RDF/XML)</li>\n<li><a href=\"{}\" type=\"application/ld+json\" download>catalog.jsonld</a> (JSON-LD)</li>\n</ul>\n",
            env.url(&page_out, &rdf_out),
            env.url(&page_out, &jsonld_out)
        ));
        files.insert(
            rdf_out,
            rdf,
            super::Origin::generated(msg!(
                "der DCAT-Katalog `catalog.rdf`",
                "the DCAT catalogue `catalog.rdf`"
            )),
        );
        files.insert(
            jsonld_out,
            jsonld,
            super::Origin::generated(msg!(
                "der DCAT-Katalog `catalog.jsonld`",
                "the DCAT catalogue `catalog.jsonld`"
            )),
        );
        toc.push(TocEntry {
            id: "katalog".into(),
            title: "Metadaten für Datenportale".into(),
            level: 2,
        });
    }
    html.push_str("<h2 id=\"lizenz\">Lizenz</h2>\n");
    match &env.site.config.license {
        Some(l) => html.push_str(&format!(
            "<p>Die Daten stehen unter der Lizenz <a href=\"{}\">{}</a>. Bitte nennen Sie als Quelle: {}.</p>\n",
            esc(&l.url.value),
            esc(&l.name),
            esc(&attribution(env))
        )),
        None => {
            diags.push(
                Diagnostic::warning(msg!(
                    "die offenen Daten werden ohne Lizenz veröffentlicht",
                    "open data is published without a licence"
                ))
                .in_file("content/site.yaml")
                .hint(msg!(
                    "ergänzen Sie `license: {{name: \"Datenlizenz Deutschland – Namensnennung – 2.0\", url: \"https://www.govdata.de/dl-de/by-2-0\"}}`",
                    "add `license: {{name: \"Datenlizenz Deutschland – Namensnennung – 2.0\", url: \"https://www.govdata.de/dl-de/by-2-0\"}}`"
                )),
            );
            html.push_str("<p>Für diese Daten ist keine Lizenz angegeben.</p>\n");
        }
    }
    toc.push(TocEntry {
        id: "lizenz".into(),
        title: "Lizenz".into(),
        level: 2,
    });
    files.extend(env.generated_page(
        &page_out,
        "Offene Daten",
        &html,
        &toc,
        "page",
        Path::new("content/data"),
        diags,
    ));
    files
}

/// The budget lines of the public measures, in the order of the measures, each measure's
/// lines by year and kind. Euros come from exact cents: `n / 100` is the double nearest to
/// the amount as written, which prints as written (`1150.07`).
fn budget_rows(d: &crate::model::Data) -> Vec<BudgetRow> {
    d.measures
        .iter()
        .flat_map(|ms| {
            let mut lines = crate::compute::budget::lines(ms);
            lines.sort_by_key(|l| (l.year, l.kind));
            lines.into_iter().map(|l| BudgetRow {
                massnahme: ms.id.value.clone(),
                haushaltsjahr: l.year,
                art: l.kind.id(),
                betrag_eur: l.cents as f64 / 100.0,
            })
        })
        .collect()
}

/// Whom users of the data name: `open_data.attribution`, else the municipality.
fn attribution(env: &RenderEnv<'_>) -> String {
    let cfg = &env.site.config;
    cfg.open_data
        .as_ref()
        .and_then(|o| o.attribution.clone())
        .unwrap_or_else(|| cfg.municipality.clone())
}

/// The latest date a public risk was reviewed or accepted.
fn latest_risk_date(d: &crate::model::Data) -> Option<Date> {
    d.risks
        .iter()
        .flat_map(|r| {
            r.reviewed
                .as_ref()
                .map(|x| x.value)
                .into_iter()
                .chain(r.acceptance.as_ref().map(|a| a.date))
        })
        .max()
}

/// The plan's date ("Stand"): the latest `date` of the pages this output shows, or the build
/// date when no page has one. Never the clock for a plan that dates its pages, so the catalogue
/// does not change from one day to the next while the plan stays the same.
fn stand(env: &RenderEnv<'_>) -> Date {
    env.site
        .pages
        .iter()
        .filter(|p| p.audience.visible_in(env.output.audience))
        .filter_map(|p| p.front.date)
        .max()
        .unwrap_or(env.build_date)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_per_rfc4180() {
        assert_eq!(field("a"), "a");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("er sagte \"ja\""), "\"er sagte \"\"ja\"\"\"");
        #[derive(Serialize)]
        struct R {
            id: String,
            n: Option<f64>,
        }
        let out = csv(
            &["id", "n"],
            &[
                R {
                    id: "R-1".into(),
                    n: Some(5.0),
                },
                R {
                    id: "x\ny".into(),
                    n: None,
                },
            ],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,n\r\nR-1,5.0\r\n\"x\ny\",\r\n"
        );
    }
}
