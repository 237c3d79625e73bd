//! Decision pages: evaluations (Nutzwertanalyse) and provisioning (Barwert, Annuität) built from
//! small fixture plans; the published numbers are checked against values computed by hand, and
//! broken inputs against exact messages and positions.

mod common;

use common::*;

const PERSPECTIVES: &str = "\
- {id: nutzer, title: Nutzer, weight: 50, audience: public}
- {id: technik, title: Technik, weight: 30, audience: public}
- {id: sicherheit, title: Sicherheit, weight: 20, audience: public}
";

/// Evaluation `plattformwahl` (all three perspectives scored) and `zweitwahl` (sicherheit has a
/// gate only, so nutzer and technik are rescaled to 62.5 % and 37.5 %).
///
/// plattformwahl, partial utilities (weighted means inside each perspective):
///   nutzer (k1 weight 3 → 75 %, k2 weight 1 → 25 %):
///     alpha 0.75·10 + 0.25·6 = 7.5 + 1.5 = 9;  beta 0.75·4 + 0.25·8 = 3 + 2 = 5;  gamma 10
///   technik (one criterion): alpha 4, beta 8, gamma 10
///   sicherheit (one scored criterion): alpha 4, beta 7, gamma 10
/// utilities: alpha 0.5·9 + 0.3·4 + 0.2·4 = 4.5 + 1.2 + 0.8 = 6.50
///            beta  0.5·5 + 0.3·8 + 0.2·7 = 2.5 + 2.4 + 1.4 = 6.30
///            gamma 10.00, but excluded by the gate `eu`
/// per 1,000 €: alpha 6.5 / 13 = 0.50; beta 6.3 / 9 = 0.70; gamma 10 / 4 = 2.50
/// sensitivity (see compute::evaluation tests for the algebra):
///   nutzer: R_a = (30·4 + 20·4)/50 = 4, R_b = (30·8 + 20·7)/50 = 7.6
///           9w + 4(100−w) = 5w + 7.6(100−w) → 7.6w = 360 → w = 47.368 → Δ = −2.63 pp
///   technik: → w = 33.333 → Δ = +3.33 pp;  sicherheit: → w = 25 → Δ = +5.00 pp
///   smallest: nutzer, −2.63 pp, beta leads below 47.37 %
///
/// zweitwahl: x: nutzer 8, technik 4 → 0.625·8 + 0.375·4 = 5 + 1.5 = 6.50
///            y: nutzer 4, technik 10 → 0.625·4 + 0.375·10 = 2.5 + 3.75 = 6.25
const EVALUATIONS: &str = "\
- id: plattformwahl
  title: Auswahl der Plattform
  description: Drei Angebote im Vergleich.
  options:
    - {id: alpha, title: Angebot Alpha, annual_cost_eur: 13000}
    - {id: beta, title: Angebot Beta, annual_cost_eur: 9000}
    - {id: gamma, title: Angebot Gamma, annual_cost_eur: 4000}
  criteria:
    - id: eu
      perspective: sicherheit
      title: Verarbeitung in der EU
      kind: gate
      pass: {alpha: true, beta: true, gamma: false}
    - {id: k1, perspective: nutzer, title: Bedienung, weight: 3, scores: {alpha: 10, beta: 4, gamma: 10}}
    - {id: k2, perspective: nutzer, title: Barrierefreiheit, weight: 1, scores: {alpha: 6, beta: 8, gamma: 10}}
    - {id: k3, perspective: technik, title: Skalierung, weight: 2, scores: {alpha: 4, beta: 8, gamma: 10}}
    - {id: k4, perspective: sicherheit, title: Verschlüsselung, weight: 1, scores: {alpha: 4, beta: 7, gamma: 10}}
  decision: beta
  rationale: Beta ist deutlich günstiger; siehe [Technik](@technik).
  audience: public
- id: zweitwahl
  title: Zweite Auswahl
  options:
    - {id: x, title: Option X}
    - {id: y, title: Option Y}
  criteria:
    - {id: s, perspective: sicherheit, title: Sicher, kind: gate, pass: {x: true, y: true}}
    - {id: n, perspective: nutzer, title: Nutzen, weight: 1, scores: {x: 8, y: 4}}
    - {id: t, perspective: technik, title: Technik, weight: 5, scores: {x: 4, y: 10}}
  decision: x
  audience: public
  internal_note: Nur im Intranet GEHEIM-7788.
";

/// horizon 3 years (t = 0, 1, 2), i = 10 %; one group: 100 staff, need 0.5, simultaneous 0.4;
/// one item: 1,000 €, life 2 years, 10 € a year per unit.
///   individual: ceil(100 · 0.5) = 50 sets
///     t0: 50·1,000 + 50·10 = 50,500; t1: 500; t2: replacement 50,000 + 500 = 50,500
///     PV = 50,500 + 500/1.1 + 50,500/1.21 = 50,500 + 454.55 + 41,735.54 = 92,690.08
///     A = PV · 0.1 · 1.331 / 0.331 = 92,690.08 · 0.4021148 = 37,272.05
///   pool: ceil(100 · 0.5 · 0.4 · 1.2) = 24 sets, handling 3,000 a year
///     t0: 24,000 + 240 + 3,000 = 27,240; t1: 3,240; t2: 27,240
///     PV = 27,240 + 2,945.45 + 22,512.40 = 52,697.85; A = 21,190.59
///   service: 30 seats × 80 € × 12 = 28,800 a year
///     PV = 28,800 · (1 + 1/1.1 + 1/1.21) = 78,783.47; A = 28,800 · 1.1 = 31,680
///   cheapest: pool; individual +39,992.23, service +26,085.62
const PROVISIONING: &str = "\
- id: ausstattung
  title: Ausstattung der Arbeitsplätze
  horizon_years: 3
  discount_rate: 0.1
  groups:
    - {id: verwaltung, title: Verwaltung, staff: 100, need_share: 0.5, simultaneous_share: 0.4}
  items:
    - {id: notebook, title: Notebook, price_eur: 1000, life_years: 2, annual_eur: 10}
  options:
    - {id: einzel, kind: individual, title: Einzelausstattung}
    - {id: pool, kind: pool, title: Gerätepool, reserve: 0.2, annual_eur: 3000}
    - {id: dienst, kind: service, title: Dienstleister, seats: 30, seat_month_eur: 80}
  decision: pool
  rationale: Der Pool ist am günstigsten.
  audience: public
";

fn decision_plan(evaluations: &str, provisioning: &str) -> tempfile::TempDir {
    let home = if evaluations.contains("id: plattformwahl") {
        "---\ntitle: Start\naudience: public\n---\nSiehe [Plattform](@plattformwahl).\n"
    } else {
        "---\ntitle: Start\naudience: public\n---\nStart.\n"
    };
    let mut files = vec![
        ("content/site.yaml", SITE),
        ("content/_index.md", home),
        ("content/data/perspectives.yaml", PERSPECTIVES),
    ];
    if !evaluations.is_empty() {
        files.push(("content/data/evaluations.yaml", evaluations));
    }
    if !provisioning.is_empty() {
        files.push(("content/data/provisioning.yaml", provisioning));
    }
    plan(&files)
}

/// Warnings about the data files (the fixture site has no base_url, which warns as well).
fn data_warnings(r: &krisenfest::build::BuildResult) -> Vec<krisenfest::diagnostics::Diagnostic> {
    warnings(r)
        .into_iter()
        .filter(|d| d.location().starts_with("content/data/"))
        .collect()
}

/// The text of the table row whose first cells contain `first`: cell texts joined by `|`.
fn row(html: &str, first: &str) -> String {
    for tr in html.split("<tr>").skip(1) {
        let tr = tr.split("</tr>").next().unwrap_or("");
        let mut cells = Vec::new();
        let mut rest = tr;
        while let Some(i) = rest.find("<t") {
            rest = &rest[i..];
            let Some(gt) = rest.find('>') else { break };
            let close = rest.find("</t").unwrap_or(rest.len());
            let inner = &rest[gt + 1..close];
            cells.push(strip_tags(inner).trim().to_string());
            rest = &rest[close.min(rest.len())..];
            rest = rest.get(3..).unwrap_or("");
        }
        let text = cells.join("|");
        if cells.iter().take(2).any(|c| c == first) {
            return text;
        }
    }
    panic!("no row starting with {first}")
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

#[test]
fn evaluation_page_publishes_hand_computed_numbers() {
    let dir = decision_plan(EVALUATIONS, PROVISIONING);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    assert!(data_warnings(&r).is_empty(), "{:#?}", data_warnings(&r));
    let html = file(&r, "public", "entscheidungen/plattformwahl/index.html");

    // ranking: rank | option | utility | annual cost | utility per 1,000 € | note
    assert_eq!(
        row(&html, "Angebot Alpha"),
        "1.|Angebot Alpha|6,50|13.000 €|0,50|höchster Nutzwert"
    );
    assert_eq!(
        row(&html, "Angebot Beta"),
        "2.|Angebot Beta|6,30|9.000 €|0,70|Entscheidung"
    );
    assert_eq!(
        row(&html, "Angebot Gamma"),
        "–|Angebot Gamma|10,00|4.000 €|2,50|ausgeschlossen: Verarbeitung in der EU"
    );
    assert!(html.contains("Nutzwert je 1.000 € Jahreskosten"));

    // criteria tables per perspective: weight, share within the perspective, every score
    assert_eq!(row(&html, "Bedienung"), "Bedienung|3|75 %|10|4|10");
    assert_eq!(
        row(&html, "Barrierefreiheit"),
        "Barrierefreiheit|1|25 %|6|8|10"
    );
    assert!(html.contains("Gewicht der Perspektive: 50 %."));
    // partial utility row of the first table (nutzer): 9, 5, 10
    assert!(html.contains("<td class=\"align-right\">9,00</td><td class=\"align-right\">5,00</td><td class=\"align-right\">10,00</td>"));
    // contributions: nutzer 0.5·9 = 4.50, 0.5·5 = 2.50, 0.5·10 = 5.00
    let contributions = &html[html.find("Beiträge der Perspektiven").unwrap()..];
    assert_eq!(row(contributions, "Nutzer"), "Nutzer|50 %|4,50|2,50|5,00");
    assert_eq!(
        row(contributions, "Nutzwert"),
        "Nutzwert|100 %|6,50|6,30|10,00"
    );

    // gate table and the excluded option with its reason
    assert_eq!(
        row(&html, "Verarbeitung in der EU"),
        "Verarbeitung in der EU|Sicherheit|erfüllt|erfüllt|nicht erfüllt"
    );
    assert!(
        html.contains(
            "<li><strong>Angebot Gamma</strong>: erfüllt nicht Verarbeitung in der EU</li>"
        )
    );

    // sensitivity: per perspective, exact crossings
    let sens = &html[html.find("Sensitivität gegenüber").unwrap()..];
    assert_eq!(
        row(sens, "Nutzer"),
        "Nutzer|50 %|-2,63|unter 47,37 %|Angebot Beta"
    );
    assert_eq!(
        row(sens, "Technik"),
        "Technik|30 %|+3,33|über 33,33 %|Angebot Beta"
    );
    assert_eq!(
        row(sens, "Sicherheit"),
        "Sicherheit|20 %|+5,00|über 25 %|Angebot Beta"
    );
    assert!(html.contains(
        "beträgt 2,63 Prozentpunkte: Sinkt das Gewicht von „Nutzer“ von 50 % auf unter 47,37 %"
    ));

    // decision and rationale (with a resolved record link), no warning box
    assert!(html.contains("<p class=\"decision-choice\"><strong>Angebot Beta</strong></p>"));
    assert!(html.contains("Beta ist deutlich günstiger"));
    assert!(html.contains("href=\"../../perspektiven/technik/index.html\""));
    assert!(!html.contains("kern-alert"));

    // the chart: inline SVG with title/desc and the same numbers
    assert!(html.contains(
        "role=\"img\" aria-labelledby=\"diagramm-plattformwahl-title diagramm-plattformwahl-desc\""
    ));
    assert!(html.contains(
        "<title id=\"diagramm-plattformwahl-title\">Nutzwerte: Auswahl der Plattform</title>"
    ));
    assert!(html.contains("Angebot Alpha: 6,50. Angebot Beta (Entscheidung): 6,30. Angebot Gamma (ausgeschlossen): 10,00.</desc>"));
    assert!(html.contains("assets/decisions.css"));
    assert!(!html.contains("<script>"));
}

#[test]
fn perspectives_without_scored_criteria_are_rescaled() {
    let dir = decision_plan(EVALUATIONS, "");
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let html = file(&r, "public", "entscheidungen/zweitwahl/index.html");
    assert!(html.contains("Gewicht der Perspektive: 50 %, in dieser Bewertung 62,5 %."));
    assert!(html.contains("Gewicht der Perspektive: 30 %, in dieser Bewertung 37,5 %."));
    assert_eq!(
        row(&html, "Option X"),
        "1.|Option X|6,50|–|–|höchster Nutzwert, Entscheidung"
    );
    assert_eq!(row(&html, "Option Y"), "2.|Option Y|6,25|–|–|");
    assert!(html.contains("Ohne Bewertungskriterien (nur Ausschlusskriterien): Sicherheit."));
    // internal note only in the intranet
    assert!(!html.contains("GEHEIM-7788"));
    let intranet = file(&r, "intranet", "entscheidungen/zweitwahl/index.html");
    assert!(intranet.contains("GEHEIM-7788"));
}

#[test]
fn provisioning_page_publishes_hand_computed_numbers() {
    let dir = decision_plan("", PROVISIONING);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let html = file(&r, "public", "entscheidungen/ausstattung/index.html");

    // comparison: option | kind | sets | PV | annuity | extra cost vs cheapest | note
    assert_eq!(
        row(&html, "Einzelausstattung"),
        "Einzelausstattung|Einzelausstattung|50|92.690 €|37.272 €|+39.992 €|"
    );
    assert_eq!(
        row(&html, "Gerätepool"),
        "Gerätepool|Gerätepool|24|52.698 €|21.191 €|–|günstigste Option, Entscheidung"
    );
    assert_eq!(
        row(&html, "Dienstleister"),
        "Dienstleister|Dienstleistung|30|78.783 €|31.680 €|+26.086 €|"
    );
    assert!(html.contains("Annuität (nachschüssig)"));

    // year-by-year table of the individual option: t | investment | replacement | running |
    // total | discount factor | present value | reason
    let einzel = &html[html.find("Zahlungen je Jahr: Einzelausstattung").unwrap()..];
    assert_eq!(
        row(einzel, "0"),
        "0|50.000 €|0 €|500 €|50.500 €|1,0000|50.500 €|Anschaffung von 50 Sätzen"
    );
    assert_eq!(row(einzel, "1"), "1|0 €|0 €|500 €|500 €|0,9091|455 €|");
    assert_eq!(
        row(einzel, "2"),
        "2|0 €|50.000 €|500 €|50.500 €|0,8264|41.736 €|Ersatz: Notebook"
    );
    assert_eq!(
        row(einzel, "Summe"),
        "Summe|50.000 €|50.000 €|1.500 €|101.500 €||92.690 €|"
    );
    let pool = &html[html.find("Zahlungen je Jahr: Gerätepool").unwrap()..];
    assert_eq!(row(pool, "1"), "1|0 €|0 €|3.240 €|3.240 €|0,9091|2.945 €|");

    // assumptions
    assert_eq!(
        row(&html, "Verwaltung"),
        "Verwaltung|100|50 %|40 %|50|20,00"
    );
    assert_eq!(row(&html, "Notebook"), "Notebook|1.000 €|2 Jahre|10 €");
    assert!(html.contains("3 Jahre (Jahr 0 bis 2)"));
    assert!(html.contains("<dd>10 %</dd>"));
    assert!(html.contains("20,00 × (1 + 20 % Reserve) = 24,00, aufgerundet 24 Ausstattungssätze"));
    assert!(html.contains("30 Plätze × 80 € im Monat × 12 = 28.800 € im Jahr."));

    // chart of present values
    assert!(html.contains("Einzelausstattung: 92.690 €. Gerätepool (Entscheidung): 52.698 €. Dienstleister: 78.783 €.</desc>"));
    assert!(html.contains("Der Pool ist am günstigsten."));
}

#[test]
fn overview_page_lists_every_decision_and_is_in_the_menu() {
    let dir = decision_plan(EVALUATIONS, PROVISIONING);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let html = file(&r, "public", "entscheidungen/index.html");
    assert!(html.contains("<h1 class=\"page-title\">Entscheidungen</h1>"));
    assert_eq!(
        row(&html, "Auswahl der Plattform"),
        "Auswahl der Plattform|Höchster Nutzwert: Angebot Alpha (6,50)|Angebot Beta (abweichend vom Ergebnis, mit Begründung)"
    );
    assert_eq!(
        row(&html, "Ausstattung der Arbeitsplätze"),
        "Ausstattung der Arbeitsplätze|Günstigste Option: Gerätepool (Barwert 52.698 €)|Gerätepool"
    );
    assert!(html.contains("href=\"plattformwahl/index.html\""));
    let home = file(&r, "public", "index.html");
    assert!(home.contains("href=\"entscheidungen/index.html\">Entscheidungen</a>"));
    // `@plattformwahl` on the start page resolves to the evaluation page
    assert!(home.contains("href=\"entscheidungen/plattformwahl/index.html\""));
}

#[test]
fn internal_decisions_stay_out_of_the_public_output() {
    let evals = EVALUATIONS.replace("  audience: public\n  internal_note", "  internal_note");
    let dir = decision_plan(&evals, "");
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let public = &r
        .outputs
        .iter()
        .find(|o| o.spec.name == "public")
        .unwrap()
        .files;
    assert!(!public.contains_key("entscheidungen/zweitwahl/index.html"));
    assert!(
        !String::from_utf8_lossy(&public["entscheidungen/index.html"]).contains("Zweite Auswahl")
    );
    let intranet = file(&r, "intranet", "entscheidungen/index.html");
    assert!(intranet.contains("Zweite Auswahl"));
}

#[test]
fn decision_against_the_ranking_without_rationale_warns() {
    let evals = "\
- id: wahl
  title: Wahl
  options:
    - {id: a, title: Option A}
    - {id: b, title: Option B}
  criteria:
    - {id: k, perspective: nutzer, title: Nutzen, weight: 1, scores: {a: 9, b: 3}}
  decision: b
  audience: public
";
    let dir = decision_plan(evals, "");
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let w = data_warnings(&r);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(
        w[0].message,
        "decision `b` is not the top-ranked option `a`, and there is no `rationale`"
    );
    assert_eq!(w[0].location(), "content/data/evaluations.yaml:8:13");
    let html = file(&r, "public", "entscheidungen/wahl/index.html");
    assert!(html.contains("Entscheidung ohne Begründung"));
    assert!(html.contains(
        "Die Entscheidung „Option B“ weicht von der Option mit dem höchsten Nutzwert („Option A“) ab"
    ));
    // single scored perspective: no weight change can change the winner
    assert!(html.contains("Keine Änderung des Gewichts einer einzelnen Perspektive"));
}

#[test]
fn provisioning_decision_not_cheapest_without_rationale_warns() {
    let prov = PROVISIONING
        .replace("decision: pool", "decision: dienst")
        .replace("  rationale: Der Pool ist am günstigsten.\n", "");
    let dir = decision_plan("", &prov);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let w = data_warnings(&r);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(
        w[0].message,
        "decision `dienst` is not the cheapest option `pool`, and there is no `rationale`"
    );
    assert_eq!(w[0].location(), "content/data/provisioning.yaml:13:13");
}

const BROKEN_EVALUATION: &str = "\
- id: kaputt
  title: Kaputte Bewertung
  scale: {min: 0, max: 5}
  options:
    - {id: a, title: A, annual_cost_eur: -5}
    - {id: b, title: B}
  criteria:
    - id: g
      perspective: nutzer
      title: Gate
      kind: gate
      pass: {a: true}
    - id: k1
      perspective: unbekannt
      title: K1
      weight: 0
      scores: {a: 7, b: 3}
    - id: k2
      perspective: nutzer
      title: K2
      weight: 2
      scores: {a: 4, c: 2}
    - id: k3
      perspective: technik
      title: K3
      scores: {a: 1, b: 1}
  decision: z
  audience: public
";

#[test]
fn broken_evaluation_reports_every_rule_at_the_value() {
    let dir = decision_plan(BROKEN_EVALUATION, "");
    let r = build_plan(dir.path());
    let f = "content/data/evaluations.yaml";
    has_error(
        &r,
        "`annual_cost_eur` is outside the plausible range",
        &format!("{f}:5:42"),
    );
    has_error(
        &r,
        "gate criterion `g` has no answer for option `b`",
        &format!("{f}:12:13"),
    );
    has_error(&r, "unknown perspective `unbekannt`", &format!("{f}:14:20"));
    has_error(
        &r,
        "criterion weight must be greater than 0",
        &format!("{f}:16:15"),
    );
    has_error(
        &r,
        "score 7 is outside the scale 0–5",
        &format!("{f}:17:19"),
    );
    has_error(&r, "unknown option `c` in `scores`", &format!("{f}:22:22"));
    has_error(
        &r,
        "option `b` has no score for criterion `k2`",
        &format!("{f}:22:15"),
    );
    has_error(
        &r,
        "scored criterion `k3` has no `weight`",
        &format!("{f}:23:11"),
    );
    has_error(
        &r,
        "decision `z` names no option of this evaluation",
        &format!("{f}:27:13"),
    );
    assert_eq!(errors(&r).len(), 9, "{:#?}", errors(&r));
}

#[test]
fn gate_and_scale_misuse_are_errors() {
    let evals = "\
- id: falsch
  title: Falsch
  scale: {min: 10, max: 0}
  options:
    - {id: a, title: A}
  criteria:
    - {id: g, perspective: nutzer, title: G, kind: gate, weight: 2, pass: {a: true}}
    - {id: k, perspective: nutzer, title: K, weight: 1, scores: {a: 5}, pass: {a: true}}
    - {id: h, perspective: nutzer, title: H, kind: gate}
  audience: public
";
    let dir = decision_plan(evals, "");
    let r = build_plan(dir.path());
    let f = "content/data/evaluations.yaml";
    has_error(
        &r,
        "the scale's `max` (0) must be greater than its `min` (10)",
        &format!("{f}:3:25"),
    );
    has_error(
        &r,
        "`weight` does not apply to a gate criterion",
        &format!("{f}:7:66"),
    );
    has_error(
        &r,
        "`pass` applies only to gate criteria",
        &format!("{f}:8:79"),
    );
    has_error(
        &r,
        "gate criterion `h` has no `pass` answers",
        &format!("{f}:9:12"),
    );
    has_error(
        &r,
        "score 5 is outside the scale 10–0",
        &format!("{f}:8:69"),
    );
    assert_eq!(errors(&r).len(), 5, "{:#?}", errors(&r));
}

#[test]
fn unknown_keys_are_errors_at_the_key() {
    let evals = "\
- id: tippfehler
  title: Tippfehler
  options:
    - {id: a, title: A}
  criteria:
    - {id: k, perspective: nutzer, title: K, wieght: 1, scores: {a: 5}}
";
    let dir = decision_plan(evals, "");
    let r = build_plan(dir.path());
    let e = errors(&r);
    assert!(
        e.iter().any(|d| d.message.contains("wieght")
            && d.location().starts_with("content/data/evaluations.yaml:6:")),
        "{e:#?}"
    );
}

const BROKEN_PROVISIONING: &str = "\
- id: kaputt
  title: Kaputt
  horizon_years: 0
  discount_rate: 3
  groups:
    - {id: g1, title: G, staff: -4, need_share: 1.5, simultaneous_share: 0.5}
    - {id: g1, title: G2, staff: 2.5, need_share: 0.5, simultaneous_share: -0.1}
  items:
    - {id: i1, title: I, price_eur: -1, life_years: 0}
    - {id: i2, title: I2, price_eur: 10, life_years: 2.5, annual_eur: -3}
  options:
    - {id: pool, kind: pool, title: Pool, reserve: 1.5, seats: 3}
    - {id: svc, kind: service, title: Dienst, seats: -2}
  decision: nix
  audience: public
";

#[test]
fn broken_provisioning_reports_every_rule_at_the_value() {
    let dir = decision_plan("", BROKEN_PROVISIONING);
    let r = build_plan(dir.path());
    let f = "content/data/provisioning.yaml";
    has_error(
        &r,
        "`horizon_years` is outside the plausible range",
        &format!("{f}:3:18"),
    );
    has_error(
        &r,
        "`discount_rate` is outside the plausible range",
        &format!("{f}:4:18"),
    );
    has_error(
        &r,
        "`staff` is outside the plausible range",
        &format!("{f}:6:33"),
    );
    has_error(
        &r,
        "`need_share` is outside the plausible range",
        &format!("{f}:6:49"),
    );
    has_error(&r, "duplicate group id `g1`", &format!("{f}:7:12"));
    has_error(&r, "`staff` must be a whole number", &format!("{f}:7:34"));
    has_error(
        &r,
        "`simultaneous_share` is outside the plausible range",
        &format!("{f}:7:76"),
    );
    has_error(
        &r,
        "`price_eur` is outside the plausible range",
        &format!("{f}:9:37"),
    );
    has_error(
        &r,
        "`life_years` is outside the plausible range",
        &format!("{f}:9:53"),
    );
    has_error(
        &r,
        "`life_years` must be a whole number",
        &format!("{f}:10:54"),
    );
    has_error(
        &r,
        "`annual_eur` is outside the plausible range",
        &format!("{f}:10:71"),
    );
    has_error(
        &r,
        "`reserve` is outside the plausible range",
        &format!("{f}:12:52"),
    );
    has_error(
        &r,
        "`seats` applies only to options of kind service",
        &format!("{f}:12:64"),
    );
    has_error(
        &r,
        "`seats` is outside the plausible range",
        &format!("{f}:13:54"),
    );
    has_error(
        &r,
        "option `svc` of kind service needs `seat_month_eur`",
        &format!("{f}:13:23"),
    );
    has_error(
        &r,
        "decision `nix` names no option of this provisioning",
        &format!("{f}:14:13"),
    );
    assert_eq!(errors(&r).len(), 16, "{:#?}", errors(&r));
}
