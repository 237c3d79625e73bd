//! Risk method, register and matrix: levels by lookup, every validation rule at its place.

mod common;

use common::*;

const THREATS: &str = "- {id: G0.33, title: Personalausfall, audience: public}\n- {id: G0.1, title: Feuer, audience: public}\n";
const PERSPECTIVES: &str = "- {id: nutzer, title: Nutzer, weight: 60, audience: public, requirements: [{id: N1, title: Einfach}]}\n- {id: technik, title: Technik, weight: 40, audience: public}\n";
const MEASURES: &str =
    "- {id: M-1, title: Notebooks, status: geplant, goals: [Z-1], audience: public}\n";
const GOALS: &str =
    "- {id: Z-1, stakeholder: verwaltung, title: Arbeitsfähig bleiben, audience: public}\n";

fn risk(id: &str, inh: (&str, &str), res: (&str, &str), extra: &str) -> String {
    format!(
        "id: {id}\ntitle: Risiko {id}\nthreats: [G0.33]\nperspective: nutzer\ninherent: {{likelihood: {}, impact: {}}}\nresidual: {{likelihood: {}, impact: {}}}\ntreatment: reduzieren\nmeasures: [M-1]\nstatus: offen\nreviewed: 2026-10-01\naudience: public\n{extra}",
        inh.0, inh.1, res.0, res.1
    )
}

fn risk_plan(risks: &[(&str, String)]) -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = vec![
        ("content/site.yaml".into(), SITE.into()),
        (
            "content/_index.md".into(),
            "---\ntitle: Start\naudience: public\n---\n".into(),
        ),
        ("content/data/threats.yaml".into(), THREATS.into()),
        ("content/data/perspectives.yaml".into(), PERSPECTIVES.into()),
        ("content/data/measures.yaml".into(), MEASURES.into()),
        ("content/data/goals.yaml".into(), GOALS.into()),
    ];
    for (name, text) in risks {
        files.push((format!("content/data/risks/{name}"), text.clone()));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    plan(&refs)
}

#[test]
fn register_matrix_and_cross_links() {
    let dir = risk_plan(&[
        (
            "r1.yaml",
            risk(
                "R-1",
                ("mittel", "existenzbedrohend"),
                ("mittel", "begrenzt"),
                "",
            ),
        ),
        (
            "r2.yaml",
            risk(
                "R-2",
                ("haeufig", "betraechtlich"),
                ("selten", "betraechtlich"),
                "",
            ),
        ),
    ]);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let reg = file(&r, "public", "risiken/index.html");
    // Register rows: R-1 inherent hoch → residual gering; R-2 hoch → mittel (BSI matrix lookup).
    assert!(reg.contains("<td data-label=\"Brutto\" class=\"level level-hoch\" data-sort=\"02\">hoch</td><td data-label=\"Netto\" class=\"level level-gering\" data-sort=\"00\">gering</td>"), "{reg}");
    assert!(reg.contains("<td data-label=\"Brutto\" class=\"level level-hoch\" data-sort=\"02\">hoch</td><td data-label=\"Netto\" class=\"level level-mittel\" data-sort=\"01\">mittel</td>"));
    // The residual matrix as a real table: caption with the total, header cells, counts and level names in text.
    let netto = reg
        .split("<table class=\"risk-matrix\" id=\"matrix-netto\">")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert!(netto.contains("<caption id=\"matrix-netto-caption\"><span class=\"kf-caption\">Risikomatrix mit Maßnahmen (Nettorisiko) (2 Risiken)</span></caption>"));
    assert!(netto.contains("<th scope=\"col\">selten</th><th scope=\"col\">mittel</th><th scope=\"col\">häufig</th><th scope=\"col\">sehr häufig</th>"));
    let rows: Vec<&str> = netto.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[0].contains("<th scope=\"row\">existenzbedrohend</th>"));
    // beträchtlich × selten: R-2, level mittel, linked to the list of its cell.
    assert!(rows[1].contains("<td class=\"level level-mittel\"><a href=\"index.html#feld-netto-betraechtlich-selten\">1 Risiko<span class=\"kern-sr-only\"> mit Schadenshöhe beträchtlich und Eintrittshäufigkeit selten</span></a><span class=\"level-name\">mittel</span></td>"), "{}", rows[1]);
    assert!(rows[2].contains("<td class=\"level level-gering\"><a href=\"index.html#feld-netto-begrenzt-mittel\">1 Risiko<span class=\"kern-sr-only\"> mit Schadenshöhe begrenzt und Eintrittshäufigkeit mittel</span></a>"));
    assert!(reg.contains("id=\"feld-netto-begrenzt-mittel\""));
    // Cross links in both directions.
    let r1 = file(&r, "public", "risiken/r-1/index.html");
    assert!(r1.contains("href=\"../../massnahmen/m-1/index.html\""));
    assert!(r1.contains("href=\"../../gefaehrdungen/g0-33/index.html\""));
    assert!(r1.contains("href=\"../../perspektiven/nutzer/index.html\""));
    let m1 = file(&r, "public", "massnahmen/m-1/index.html");
    assert!(
        m1.contains("href=\"../../risiken/r-1/index.html\"")
            && m1.contains("href=\"../../ziele/z-1/index.html\"")
    );
    let g = file(&r, "public", "ziele/z-1/index.html");
    assert!(
        g.contains("href=\"../../massnahmen/m-1/index.html\"")
            && g.contains("0 von 1 Maßnahmen umgesetzt")
    );
    let p = file(&r, "public", "perspektiven/nutzer/index.html");
    assert!(
        p.contains("id=\"anforderung-n1\"") && p.contains("href=\"../../risiken/r-2/index.html\"")
    );
    let t = file(&r, "public", "gefaehrdungen/g0-33/index.html");
    assert!(t.contains("href=\"../../risiken/r-1/index.html\""));
    // Start page shows the residual matrix.
    assert!(file(&r, "public", "index.html").contains("id=\"matrix-netto\""));
    // Roadmap and reviews exist.
    assert!(
        file(&r, "public", "risiken/ueberpruefung/index.html")
            .contains("Überfällige Überprüfungen")
    );
}

#[test]
fn five_by_five_method_with_several_register_files() {
    let method = "likelihood: [{id: l1, title: sehr selten}, {id: l2, title: selten}, {id: l3, title: mittel}, {id: l4, title: oft}, {id: l5, title: sehr oft}]\n\
impact: [{id: i1, title: minimal}, {id: i2, title: gering}, {id: i3, title: spürbar}, {id: i4, title: schwer}, {id: i5, title: katastrophal}]\n\
levels:\n  - {id: niedrig, title: niedrig, acceptable: true, review_days: 365}\n  - {id: erhoeht, title: erhöht, acceptable: true, review_days: 180}\n  - {id: kritisch, title: kritisch, acceptable: false, review_days: 30}\n\
matrix:\n  i1: [niedrig, niedrig, niedrig, niedrig, erhoeht]\n  i2: [niedrig, niedrig, niedrig, erhoeht, erhoeht]\n  i3: [niedrig, niedrig, erhoeht, erhoeht, kritisch]\n  i4: [niedrig, erhoeht, erhoeht, kritisch, kritisch]\n  i5: [erhoeht, erhoeht, kritisch, kritisch, kritisch]\n";
    let dir = risk_plan(&[
        ("a.yaml", risk("R-A", ("l5", "i5"), ("l1", "i5"), "")),
        (
            "b.yaml",
            format!(
                "- {}",
                risk("R-B", ("l3", "i3"), ("l2", "i1"), "").replace('\n', "\n  ")
            ),
        ),
    ]);
    write_files(dir.path(), &[("content/method.yaml", method)]);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let a = file(&r, "public", "risiken/r-a/index.html");
    assert!(a.contains("<span class=\"level level-kritisch\">kritisch</span> · Häufigkeit sehr oft, Schaden katastrophal"), "{a}");
    assert!(a.contains("<span class=\"level level-erhoeht\">erhöht</span> · Häufigkeit sehr selten, Schaden katastrophal"));
    let b = file(&r, "public", "risiken/r-b/index.html");
    assert!(b.contains(
        "<span class=\"level level-erhoeht\">erhöht</span> · Häufigkeit mittel, Schaden spürbar"
    ));
    assert!(b.contains(
        "<span class=\"level level-niedrig\">niedrig</span> · Häufigkeit selten, Schaden minimal"
    ));
    let reg = file(&r, "public", "risiken/index.html");
    assert!(
        reg.contains("<th scope=\"col\">sehr oft</th>")
            && reg.contains("<th scope=\"row\">katastrophal</th>")
    );
    assert!(reg.contains("(2 Risiken)"));
}

fn err_of(files: &[(&str, String)]) -> krisenfest::build::BuildResult {
    let dir = risk_plan(files);
    build_plan(dir.path())
}

#[test]
fn unknown_likelihood_lists_allowed_ids() {
    let r = err_of(&[(
        "r1.yaml",
        risk("R-1", ("sehr-oft", "begrenzt"), ("selten", "begrenzt"), ""),
    )]);
    let e = errors(&r);
    assert_eq!(e[0].message, "unknown likelihood `sehr-oft`");
    assert_eq!(e[0].location(), "content/data/risks/r1.yaml:5:24");
    assert_eq!(
        e[0].label.as_deref(),
        Some("expected one of: selten, mittel, haeufig, sehr-haeufig")
    );
}

#[test]
fn residual_above_inherent() {
    let r = err_of(&[(
        "r1.yaml",
        risk("R-1", ("selten", "begrenzt"), ("haeufig", "begrenzt"), ""),
    )]);
    assert_eq!(
        only_error(&r),
        (
            "residual level `mittel` is above the inherent level `gering`".into(),
            "content/data/risks/r1.yaml:6:24".into()
        )
    );
}

#[test]
fn accept_without_acceptance() {
    let text = risk("R-1", ("selten", "begrenzt"), ("selten", "begrenzt"), "")
        .replace("treatment: reduzieren", "treatment: akzeptieren");
    let r = err_of(&[("r1.yaml", text)]);
    assert_eq!(
        only_error(&r),
        (
            "treatment `akzeptieren` needs an `acceptance`".into(),
            "content/data/risks/r1.yaml:7:12".into()
        )
    );
}

#[test]
fn high_risk_without_measures_or_acceptance() {
    let text = risk(
        "R-1",
        ("haeufig", "existenzbedrohend"),
        ("haeufig", "existenzbedrohend"),
        "",
    )
    .replace("measures: [M-1]", "measures: []");
    let r = err_of(&[("r1.yaml", text)]);
    assert_eq!(
        only_error(&r),
        (
            "risk at level `sehr hoch` has neither measures nor an acceptance".into(),
            "content/data/risks/r1.yaml:1:5".into()
        )
    );
}

#[test]
fn references_to_missing_records() {
    let text = risk("R-1", ("selten", "begrenzt"), ("selten", "begrenzt"), "")
        .replace("[M-1]", "[M-9]")
        .replace("[G0.33]", "[G0.99]");
    let r = err_of(&[("r1.yaml", text)]);
    has_error(
        &r,
        "unknown threat `G0.99`",
        "content/data/risks/r1.yaml:3:11",
    );
    has_error(
        &r,
        "unknown measure `M-9`",
        "content/data/risks/r1.yaml:8:12",
    );
}

#[test]
fn duplicate_ids_across_files() {
    let r = err_of(&[
        (
            "a.yaml",
            risk("R-1", ("selten", "begrenzt"), ("selten", "begrenzt"), ""),
        ),
        (
            "b.yaml",
            risk("R-1", ("selten", "begrenzt"), ("selten", "begrenzt"), ""),
        ),
    ]);
    let (msg, loc) = only_error(&r);
    assert_eq!(msg, "duplicate id `R-1`");
    assert_eq!(loc, "content/data/risks/b.yaml:1:5");
}

#[test]
fn impossible_review_date() {
    let text = risk("R-1", ("selten", "begrenzt"), ("selten", "begrenzt"), "")
        .replace("2026-10-01", "2026-02-30");
    let r = err_of(&[("r1.yaml", text)]);
    assert_eq!(
        only_error(&r),
        (
            "invalid date `2026-02-30`: this day does not exist; February 2026 has 28 days, so the last one is 2026-02-28".into(),
            "content/data/risks/r1.yaml:10:11".into()
        )
    );
}

#[test]
fn perspective_weights_must_sum_to_100() {
    let dir = risk_plan(&[]);
    write_files(
        dir.path(),
        &[(
            "content/data/perspectives.yaml",
            "- {id: nutzer, title: Nutzer, weight: 60, audience: public}\n- {id: technik, title: Technik, weight: 30, audience: public}\n",
        )],
    );
    let r = build_plan(dir.path());
    let (msg, loc) = only_error(&r);
    assert_eq!(msg, "perspective weights sum to 90, not 100");
    assert_eq!(loc, "content/data/perspectives.yaml:1:39");
}

#[test]
fn matrix_of_the_wrong_shape_and_unknown_levels() {
    let dir = risk_plan(&[]);
    write_files(
        dir.path(),
        &[(
            "content/method.yaml",
            "likelihood: [{id: a, title: a}, {id: b, title: b}, {id: c, title: c}]\nimpact: [{id: x, title: x}, {id: y, title: y}, {id: z, title: z}]\nlevels:\n  - {id: lo, title: lo, acceptable: true, review_days: 365}\n  - {id: hi, title: hi, acceptable: false, review_days: 90}\nmatrix:\n  x: [lo, lo]\n  y: [lo, lo, mega]\n  z: [lo, hi, hi]\n",
        )],
    );
    let r = build_plan(dir.path());
    has_error(
        &r,
        "matrix row `x` has 2 cells, but there are 3 likelihood steps",
        "content/method.yaml:7:6",
    );
    has_error(
        &r,
        "unknown level `mega` in the matrix",
        "content/method.yaml:8:15",
    );
}

#[test]
fn overdue_review_and_late_measure_are_warnings() {
    let text = risk(
        "R-1",
        ("selten", "begrenzt"),
        ("selten", "begrenzt"),
        "next_review: 2026-11-01\n",
    );
    let dir = risk_plan(&[("r1.yaml", text)]);
    write_files(
        dir.path(),
        &[(
            "content/data/measures.yaml",
            "- {id: M-1, title: Notebooks, status: geplant, due: 2026-06-30, goals: [Z-1], audience: public}\n",
        )],
    );
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let w: Vec<(String, String)> = warnings(&r)
        .into_iter()
        .map(|d| (d.message.en.clone(), d.location()))
        .collect();
    assert!(
        w.contains(&(
            "review of `R-1` is overdue since 01.11.2026".into(),
            "content/data/risks/r1.yaml:12:14".into()
        )),
        "{w:#?}"
    );
    assert!(
        w.contains(&(
            "measure `M-1` was due on 30.06.2026 and is not done".into(),
            "content/data/measures.yaml:1:53".into()
        )),
        "{w:#?}"
    );
}
