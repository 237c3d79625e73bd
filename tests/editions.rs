//! Issue 20, part 3: editions, `krisenfest snapshot` and the change page. A small plan gets a
//! snapshot of edition 1.0 through the real command, is then changed, and both outputs are
//! asked what they say about the change — the public one never about an internal record.

mod common;

use assert_cmd::Command;
use common::*;
use krisenfest::diagnostics::{Lang, render_all};

const THREATS: &str = "- {id: G0.33, title: Personalausfall, audience: public}\n";
const PERSPECTIVES: &str = "- {id: nutzer, title: Nutzer, weight: 100, audience: public}\n";
const GOALS: &str =
    "- {id: Z-1, stakeholder: verwaltung, title: Arbeitsfähig bleiben, audience: public}\n";
const MEASURES: &str = "\
- {id: M-1, title: Notebooks, status: geplant, due: 2027-03-31, cost_eur: 1000, goals: [Z-1], audience: public}
- {id: M-2, title: Geheime Vertretung, status: geplant, cost_eur: 9000, audience: internal}
";
const R1: &str = "id: R-1\ntitle: Fehlende Geräte\nthreats: [G0.33]\nperspective: nutzer\ninherent: {likelihood: haeufig, impact: betraechtlich}\nresidual: {likelihood: mittel, impact: betraechtlich}\ntreatment: reduzieren\nmeasures: [M-1]\nstatus: offen\nreviewed: 2026-10-01\naudience: public\n";
const R2: &str = "id: R-2\ntitle: Kopfmonopol Firewall\nthreats: [G0.33]\nperspective: nutzer\ninherent: {likelihood: mittel, impact: existenzbedrohend}\nresidual: {likelihood: mittel, impact: existenzbedrohend}\ntreatment: reduzieren\nmeasures: [M-2]\nstatus: offen\nreviewed: 2026-10-01\naudience: internal\n";

const EDITIONS: &str = "\
- version: \"1.0\"
  title: Masterplan 2026
  status: beschlossen
  date: 2026-06-18
  paper: {reference: BV/2026/041, type: Beschlussvorlage}
  consultation:
    - {body: Rat der Stadt, date: 2026-06-18, role: Entscheidung, result: beschlossen}
- version: \"2.0\"
  title: Fortschreibung 2027
  status: in-beratung
  date: 2026-11-20
  notes:
    R-1: Der Gerätepool senkt das Restrisiko.
    M-2: Vertretung ist eingearbeitet.
";

fn base_plan(editions: Option<&str>) -> tempfile::TempDir {
    let mut files = vec![
        ("content/site.yaml", SITE),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\nDer Plan.\n",
        ),
        ("content/data/threats.yaml", THREATS),
        ("content/data/perspectives.yaml", PERSPECTIVES),
        ("content/data/goals.yaml", GOALS),
        ("content/data/measures.yaml", MEASURES),
        ("content/data/risks/r-1.yaml", R1),
        ("content/data/risks/r-2.yaml", R2),
    ];
    if let Some(e) = editions {
        files.push(("content/editions.yaml", e));
    }
    plan(&files)
}

/// Diagnostics about the editions or the records (the small plan has no licence or `base_url`,
/// which open data warns about).
fn ours(r: &krisenfest::build::BuildResult) -> Vec<krisenfest::diagnostics::Diagnostic> {
    r.diagnostics
        .snapshot()
        .into_iter()
        .filter(|d| d.file.as_ref().is_none_or(|f| !f.ends_with("site.yaml")))
        .collect()
}

fn snapshot_cmd(root: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    pin_date();
    Command::cargo_bin("krisenfest")
        .unwrap()
        .arg("snapshot")
        .arg("--root")
        .arg(root)
        .args(args)
        .assert()
}

/// The plan of edition 1.0 with its snapshot, then changed into edition 2.0.
fn changed_plan() -> tempfile::TempDir {
    let dir = base_plan(Some(EDITIONS));
    snapshot_cmd(dir.path(), &["--edition", "1.0"]).success();
    let edit = |file: &str, from: &str, to: &str| {
        let p = dir.path().join(file);
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains(from), "{file}: no `{from}`");
        std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
    };
    edit(
        "content/data/risks/r-1.yaml",
        "residual: {likelihood: mittel, impact: betraechtlich}",
        "residual: {likelihood: selten, impact: begrenzt}",
    );
    edit(
        "content/data/measures.yaml",
        "status: geplant, due: 2027-03-31, cost_eur: 1000",
        "status: in-umsetzung, due: 2027-06-30, cost_eur: 1500",
    );
    edit(
        "content/data/measures.yaml",
        "cost_eur: 9000",
        "cost_eur: 9900",
    );
    let p = dir.path().join("content/data/measures.yaml");
    let mut t = std::fs::read_to_string(&p).unwrap();
    t.push_str("- {id: M-3, title: Rufbereitschaft intern, status: geplant, audience: internal}\n");
    t.push_str(
        "- {id: M-4, title: Handbuch drucken, status: geplant, goals: [Z-1], audience: public}\n",
    );
    std::fs::write(&p, t).unwrap();
    dir
}

#[test]
fn the_change_page_shows_field_by_field_what_changed() {
    let dir = changed_plan();
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    assert!(ours(&r).is_empty(), "{:#?}", ours(&r));
    let page = file(&r, "public", "aenderungen/index.html");
    for want in [
        "Änderungen von der Fassung 1.0 zur Fassung 2.0",
        "R-1 Fehlende Geräte",
        "Restrisiko",
        "mittel (mittel, beträchtlich)",
        "gering (selten, begrenzt)",
        "niedriger",
        "31.03.2027",
        "30.06.2027",
        "1.000 €",
        "1.500 €",
        "+500 €",
        "M-4 Handbuch drucken",
        "Der Gerätepool senkt das Restrisiko.",
        "href=\"../risiken/r-1/index.html\"",
    ] {
        assert!(page.contains(want), "no `{want}` in\n{page}");
    }
    // every page names the current edition
    let home = file(&r, "public", "index.html");
    assert!(
        home.contains("Fassung 2.0</a> (in Beratung) · Stand 20.11.2026"),
        "{home}"
    );
    let intranet = file(&r, "intranet", "aenderungen/index.html");
    for want in [
        "M-2 Geheime Vertretung",
        "M-3 Rufbereitschaft intern",
        "+900 €",
    ] {
        assert!(intranet.contains(want), "no `{want}` in the intranet");
    }
    assert!(intranet.contains("Vertretung ist eingearbeitet."));
}

#[test]
fn the_public_output_says_nothing_about_internal_changes() {
    let dir = changed_plan();
    let r = build_plan(dir.path());
    let public = r.outputs.iter().find(|o| o.spec.name == "public").unwrap();
    let text_file = |p: &str| {
        [
            ".html", ".csv", ".json", ".xml", ".js", ".txt", ".rdf", ".jsonld",
        ]
        .iter()
        .any(|e| p.ends_with(e))
    };
    for (path, bytes) in public.files.iter().filter(|(p, _)| text_file(p)) {
        let text = String::from_utf8_lossy(bytes);
        for secret in [
            "M-2",
            "M-3",
            "R-2",
            "Geheime Vertretung",
            "Rufbereitschaft",
            "Kopfmonopol",
            "Vertretung ist eingearbeitet",
        ] {
            assert!(!text.contains(secret), "{path} mentions `{secret}`");
        }
    }
    // the counts are those of public records: 1 risk changed, 1 measure changed and 1 new
    let page = file(&r, "public", "aenderungen/index.html");
    assert!(
        page.contains("Risiken</a>: 0 neu, 1 geändert, 0 entfallen"),
        "{page}"
    );
    assert!(
        page.contains("Maßnahmen</a>: 1 neu, 1 geändert, 0 entfallen"),
        "{page}"
    );
    let csv = file(&r, "public", "daten/aenderungen.csv");
    assert_eq!(csv.lines().count(), 1 + 1 + 4, "{csv}");
    assert!(
        csv.contains("massnahme,M-1,Notebooks,geaendert,Kosten,1000,1500,500.0,"),
        "{csv}"
    );
    // the snapshot itself is never published
    for o in &r.outputs {
        assert!(
            o.files
                .keys()
                .all(|k| !k.ends_with(".json") || !k.contains("editions"))
        );
    }
}

#[test]
fn a_record_that_turned_internal_drops_out_of_the_public_comparison() {
    let dir = changed_plan();
    let p = dir.path().join("content/data/risks/r-1.yaml");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, t.replace("audience: public", "audience: internal")).unwrap();
    // the public M-1 names R-1 nowhere, so the plan stays valid
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let page = file(&r, "public", "aenderungen/index.html");
    assert!(!page.contains("R-1"), "{page}");
    assert!(!page.contains("entfallen</span>"), "{page}");
    assert!(file(&r, "intranet", "aenderungen/index.html").contains("R-1 Fehlende Geräte"));
}

#[test]
fn a_plan_without_editions_builds_as_before() {
    let dir = base_plan(None);
    let r = build_plan(dir.path());
    assert!(ours(&r).is_empty(), "{:#?}", ours(&r));
    let public = r.outputs.iter().find(|o| o.spec.name == "public").unwrap();
    assert!(public.files.get("aenderungen/index.html").is_none());
    assert!(!file(&r, "public", "index.html").contains("Fassung"));
}

#[test]
fn the_first_edition_has_nothing_to_compare() {
    let one = EDITIONS.split("- version: \"2.0\"").next().unwrap();
    let dir = base_plan(Some(one));
    let r = build_plan(dir.path());
    assert!(ours(&r).is_empty(), "{:#?}", ours(&r));
    let page = file(&r, "public", "aenderungen/index.html");
    assert!(page.contains("Dies ist die erste Fassung"), "{page}");
    assert!(file(&r, "public", "index.html").contains("Fassung 1.0</a> (beschlossen)"));
}

#[test]
fn a_missing_snapshot_is_a_warning_and_said_on_the_page() {
    let dir = base_plan(Some(EDITIONS));
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let w = warnings(&r);
    assert!(
        w.iter().any(|d| d.message.en.contains("has no snapshot")
            && d.location() == "content/editions.yaml:1:12"),
        "{w:#?}"
    );
    let page = file(&r, "public", "aenderungen/index.html");
    assert!(
        page.contains("Es fehlt der Schnappschuss der vorigen Fassung"),
        "{page}"
    );
}

#[test]
fn snapshot_is_deterministic_and_does_not_overwrite_history() {
    let dir = base_plan(Some(EDITIONS));
    snapshot_cmd(dir.path(), &["--edition", "1.0"]).success();
    let path = dir.path().join("content/editions/1.0.json");
    let first = std::fs::read(&path).unwrap();
    snapshot_cmd(dir.path(), &["--edition", "1.0"])
        .success()
        .stderr(predicates::str::contains("ist schon aktuell"));
    assert_eq!(std::fs::read(&path).unwrap(), first);
    let text = String::from_utf8(first).unwrap();
    assert!(text.starts_with("{\n  \"format\": 1,\n  \"edition\": \"1.0\","));
    assert!(
        text.contains("\"audience\": \"internal\""),
        "keeps internal records"
    );
    // a changed plan does not silently replace the snapshot of an edition
    let p = dir.path().join("content/data/measures.yaml");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, t.replace("cost_eur: 1000", "cost_eur: 1200")).unwrap();
    snapshot_cmd(dir.path(), &["--edition", "1.0"])
        .code(2)
        .stderr(predicates::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    snapshot_cmd(dir.path(), &["--edition", "1.0", "--force"]).success();
    assert!(std::fs::read_to_string(&path).unwrap().contains("1200"));
    // without --edition: the current (last) edition
    snapshot_cmd(dir.path(), &[]).success();
    assert!(dir.path().join("content/editions/2.0.json").is_file());
}

#[test]
fn snapshot_writes_nothing_for_a_plan_with_errors() {
    let dir = base_plan(Some(EDITIONS));
    let p = dir.path().join("content/data/measures.yaml");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, t.replace("status: geplant", "status: geplannt")).unwrap();
    snapshot_cmd(dir.path(), &["--edition", "1.0"]).code(1);
    assert!(!dir.path().join("content/editions").exists());
}

/// Mistakes in editions.yaml and the snapshot, as the editor reads them.
fn mistakes(lang: Lang) -> String {
    let cases: &[(&str, &str, &str)] = &[
        ("unknown key", "  paper:", "  vorlage:"),
        ("unknown status", "status: in-beratung", "status: beraten"),
        ("impossible date", "date: 2026-11-20", "date: 2026-11-31"),
        ("duplicate version", "version: \"2.0\"", "version: \"1.0\""),
        (
            "version not a file name",
            "version: \"2.0\"",
            "version: \"2/0\"",
        ),
        ("note on no record", "    R-1: Der", "    R-7: Der"),
        (
            "editions out of order",
            "date: 2026-11-20",
            "date: 2026-01-20",
        ),
    ];
    let mut out = String::new();
    for (name, from, to) in cases {
        assert!(EDITIONS.contains(from), "{name}");
        let dir = base_plan(Some(&EDITIONS.replacen(from, to, 1)));
        snapshot_json(dir.path(), "1.0", "{\"format\": 1, \"edition\": \"1.0\"}\n");
        let r = build_plan(dir.path());
        let diags = ours(&r);
        assert!(!diags.is_empty(), "{name}: accepted silently");
        out.push_str(&format!("===== {name}\n"));
        out.push_str(&render_all(&diags, &r.sources, false, lang));
        out.push('\n');
    }
    for (name, json) in [
        (
            "broken snapshot",
            "{\"format\": 1, \"edition\": \"1.0\",\n  \"risks\": [{\"id\": 5}]}\n",
        ),
        (
            "snapshot from the future",
            "{\"format\": 2, \"edition\": \"1.0\"}\n",
        ),
    ] {
        let dir = base_plan(Some(EDITIONS));
        snapshot_json(dir.path(), "1.0", json);
        let r = build_plan(dir.path());
        out.push_str(&format!("===== {name}\n"));
        out.push_str(&render_all(&ours(&r), &r.sources, false, lang));
        out.push('\n');
    }
    out
}

fn snapshot_json(root: &std::path::Path, version: &str, text: &str) {
    let dir = root.join("content/editions");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{version}.json")), text).unwrap();
}

#[test]
fn mistakes_in_editions_in_german() {
    insta::assert_snapshot!("editions_mistakes_de", mistakes(Lang::De));
}

#[test]
fn mistakes_in_editions_in_english() {
    insta::assert_snapshot!("editions_mistakes_en", mistakes(Lang::En));
}

#[test]
fn the_council_paper_of_the_current_edition() {
    let dir = changed_plan();
    let p = dir.path().join("content/editions.yaml");
    let t = std::fs::read_to_string(&p).unwrap();
    let t = t.replacen(
        "  status: in-beratung\n  date: 2026-11-20\n",
        "  status: in-beratung\n  date: 2026-11-20\n  paper: {reference: BV/2026/118, type: Beschlussvorlage}\n  consultation:\n    - {body: Rat der Stadt, date: 2026-12-17, role: Entscheidung}\n  proposal: |\n    Der Rat beschließt die Fassung 2.0.\n\n    Die Verwaltung berichtet jährlich.\n",
        1,
    );
    std::fs::write(&p, t).unwrap();
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let paper = file(&r, "public", "druck/vorlage/index.html");
    for want in [
        "<h1 class=\"page-title\">Beschlussvorlage BV/2026/118</h1>",
        "<h2 id=\"betreff\">Betreff</h2>\n<p>Fortschreibung 2027</p>",
        "<th scope=\"row\">Rat der Stadt</th><td>17.12.2026</td><td>Entscheidung</td><td>noch nicht beraten</td>",
        "<p>Der Plan.</p>",
        "Maßnahmen: 1 neu, 1 geändert, 0 entfallen",
        "<p>Der Rat beschließt die Fassung 2.0.</p>\n<p>Die Verwaltung berichtet jährlich.</p>",
        "href=\"../../aenderungen/index.html\"",
    ] {
        assert!(paper.contains(want), "no `{want}` in\n{paper}");
    }
    // no print edition in this build: no attachment that would be a dead link
    assert!(!paper.contains("druck/index.html") && !paper.contains("plan.pdf"));
    // the public paper counts public changes only
    assert!(
        !paper.contains("M-2") && !paper.contains("2 geändert"),
        "{paper}"
    );
    let intranet = file(&r, "intranet", "druck/vorlage/index.html");
    assert!(
        intranet.contains("Maßnahmen: 2 neu, 2 geändert, 0 entfallen"),
        "{intranet}"
    );
}

#[test]
fn english_sites_get_english_words_and_segments() {
    let dir = changed_plan();
    let p = dir.path().join("content/site.yaml");
    let t = std::fs::read_to_string(&p).unwrap();
    // even with everything public by default, the snapshot is no file of the site
    std::fs::write(&p, format!("{t}language: en\ndefault_audience: public\n")).unwrap();
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let page = file(&r, "public", "changes/index.html");
    assert!(
        page.contains("Changes from edition 1.0 to edition 2.0"),
        "{page}"
    );
    assert!(page.contains("Residual risk"), "{page}");
    assert!(file(&r, "public", "index.html").contains("Edition 2.0</a> (under consultation)"));
    assert!(
        file(&r, "public", "print/vorlage/index.html").contains("<h2 id=\"betreff\">Subject</h2>")
    );
    for o in &r.outputs {
        assert!(
            o.files.keys().all(|k| !k.ends_with("1.0.json")),
            "{} publishes the snapshot",
            o.spec.name
        );
    }
}
