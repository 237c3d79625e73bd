//! Issue 20, part 4: a measure's planned spending per budget year and kind. Every spelling
//! that could put a wrong figure on a public decision page is refused at the value (report
//! pinned in both languages), and a public total never contains an internal measure.

mod common;

use common::*;
use krisenfest::diagnostics::{Lang, render_all};

const SITE_OUTPUTS: &str = "license: {name: \"Datenlizenz Deutschland – Namensnennung – 2.0\", url: \"https://www.govdata.de/dl-de/by-2-0\"}\noutputs:\n  - {name: public, audience: public, dir: public, base_url: \"https://www.teststadt.example/plan/\"}\n  - {name: intranet, audience: internal, dir: intranet}\n";
const START: &str = "---\ntitle: Start\naudience: public\n---\n";
const MEASURES: &str = "\
- id: M-001
  title: Gerätepool
  status: geplant
  cost_eur: 26400
  budget:
    - {year: 2027, kind: investiv, eur: 24000}
    - {year: 2027, kind: konsumtiv, eur: 1200}
    - {year: 2028, kind: konsumtiv, eur: 1200}
  audience: public
- id: M-002
  title: Schulung
  status: geplant
  budget:
    - {year: 2028, kind: konsumtiv, eur: 3250.50}
  audience: public
- id: M-003
  title: Interne Ersatzbeschaffung
  status: geplant
  budget:
    - {year: 2027, kind: investiv, eur: 9600}
    - {year: 2030, kind: investiv, eur: 0.07}
  audience: internal
";

fn build_with(measures: &str) -> krisenfest::build::BuildResult {
    let site = format!("{SITE}{SITE_OUTPUTS}");
    let dir = plan(&[
        ("content/site.yaml", &site),
        ("content/_index.md", START),
        ("content/data/measures.yaml", measures),
    ]);
    build_plan(dir.path())
}

/// Typical mistakes: (name, text to find in MEASURES, replacement).
const MISTAKES: &[(&str, &str, &str)] = &[
    (
        "kind with a synonym",
        "kind: investiv, eur: 24000",
        "kind: investive, eur: 24000",
    ),
    ("German thousands", "eur: 24000", "eur: 24.000"),
    ("German decimal comma", "eur: 3250.50", "eur: 3250,50"),
    ("euro sign", "eur: 24000", "eur: 24000 €"),
    (
        "two-digit year",
        "year: 2028, kind: konsumtiv, eur: 1200",
        "year: 28, kind: konsumtiv, eur: 1200",
    ),
    (
        "year with a thousands dot",
        "year: 2027, kind: investiv, eur: 24000",
        "year: 2.027, kind: investiv, eur: 24000",
    ),
    ("negative amount", "eur: 3250.50", "eur: -3250.50"),
    ("fractions of a cent", "eur: 3250.50", "eur: 3250.505"),
    (
        "same year and kind twice",
        "year: 2028, kind: konsumtiv, eur: 1200",
        "year: 2027, kind: konsumtiv, eur: 1200",
    ),
    ("misspelt key", "eur: 3250.50", "euro: 3250.50"),
    (
        "budget not a list",
        "  budget:\n    - {year: 2028, kind: konsumtiv, eur: 3250.50}\n",
        "  budget: 3250.50\n",
    ),
    (
        "budget total differs from cost_eur",
        "cost_eur: 26400",
        "cost_eur: 26000",
    ),
];

fn report(lang: Lang) -> String {
    let mut out = String::new();
    for (name, find, replace) in MISTAKES {
        assert!(MEASURES.contains(find), "{name}: no `{find}`");
        let r = build_with(&MEASURES.replacen(find, replace, 1));
        let diags = r.diagnostics.snapshot();
        assert!(!diags.is_empty(), "{name}: accepted silently");
        out.push_str(&format!("===== {name}\n"));
        out.push_str(&render_all(&diags, &r.sources, false, lang));
        out.push('\n');
    }
    out
}

#[test]
fn the_clean_plan_builds_without_a_word() {
    let r = build_with(MEASURES);
    assert!(
        r.diagnostics.snapshot().is_empty(),
        "{:#?}",
        r.diagnostics.snapshot()
    );
}

#[test]
fn budget_mistakes_in_german() {
    insta::assert_snapshot!("budget_mistakes_de", report(Lang::De));
}

#[test]
fn budget_mistakes_in_english() {
    insta::assert_snapshot!("budget_mistakes_en", report(Lang::En));
}

#[test]
fn every_mistake_but_the_cost_difference_stops_the_build() {
    for (name, find, replace) in MISTAKES {
        let r = build_with(&MEASURES.replacen(find, replace, 1));
        let stops = !errors(&r).is_empty();
        assert_eq!(stops, !name.contains("cost_eur"), "{name}");
    }
}

/// The rows of the summary table on the measure list, as (year, investiv, konsumtiv, sum).
fn summary_rows(html: &str) -> Vec<Vec<String>> {
    let start = html
        .find("id=\"finanzielle-auswirkungen-table\"")
        .expect("no summary table");
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    table
        .split("<tr>")
        .skip(2)
        .map(|row| {
            row.split(['<', '>'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, s)| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .collect()
}

#[test]
fn public_totals_leave_internal_measures_out() {
    let r = build_with(MEASURES);
    let public = summary_rows(&file(&r, "public", "massnahmen/index.html"));
    assert_eq!(
        public,
        [
            ["2027", "24.000,00 €", "1.200,00 €", "25.200,00 €"],
            ["2028", "0,00 €", "4.450,50 €", "4.450,50 €"],
            ["Summe", "24.000,00 €", "5.650,50 €", "29.650,50 €"],
        ]
    );
    let intranet = summary_rows(&file(&r, "intranet", "massnahmen/index.html"));
    assert_eq!(
        intranet,
        [
            ["2027", "33.600,00 €", "1.200,00 €", "34.800,00 €"],
            ["2028", "0,00 €", "4.450,50 €", "4.450,50 €"],
            ["2030", "0,07 €", "0,00 €", "0,07 €"],
            ["Summe", "33.600,07 €", "5.650,50 €", "39.250,57 €"],
        ]
    );
    let public_html = file(&r, "public", "massnahmen/index.html");
    assert!(public_html.contains("von 2 Maßnahmen"), "{public_html}");
    // The open data: public lines only, exact, in year and kind order.
    assert_eq!(
        file(&r, "public", "daten/massnahmen-haushalt.csv"),
        "massnahme,haushaltsjahr,art,betrag_eur\r\nM-001,2027,investiv,24000.0\r\nM-001,2027,konsumtiv,1200.0\r\nM-001,2028,konsumtiv,1200.0\r\nM-002,2028,konsumtiv,3250.5\r\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&file(&r, "public", "daten/massnahmen-haushalt.json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 4);
    assert!(!file(&r, "public", "daten/massnahmen-haushalt.json").contains("M-003"));
}

#[test]
fn a_measure_page_shows_its_own_lines_and_none_without_a_budget() {
    let r = build_with(MEASURES);
    let page = file(&r, "public", "massnahmen/m-001/index.html");
    assert!(page.contains("<h2>Haushaltsmittel</h2>"), "{page}");
    assert!(page.contains("<caption id=\"haushaltsmittel-caption\">"));
    // whole euros: no cents shown when no amount has any
    assert!(page.contains(">24.000 €</td>"), "{page}");
    assert!(page.contains(">26.400 €</td>"), "{page}");
    let plain = build_with("- {id: M-001, title: Ohne Geld, status: geplant, audience: public}\n");
    let list = file(&plain, "public", "massnahmen/index.html");
    assert!(!list.contains("Finanzielle Auswirkungen"));
    let page = file(&plain, "public", "massnahmen/m-001/index.html");
    assert!(!page.contains("Haushaltsmittel"));
}
