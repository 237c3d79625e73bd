//! Plans built on a baseline (design §10): records per output, overrides, deviations,
//! conflicts after a baseline change, and the messages for every mistake.

mod common;

use common::*;

const THREATS: &str = "- {id: G0.33, title: Personalausfall, audience: public}\n- {id: G0.1, title: Feuer, audience: public}\n";
const PERSPECTIVES: &str = "- {id: nutzer, title: Nutzer, weight: 60, audience: public}\n- {id: technik, title: Technik, weight: 40, audience: public}\n";
const MEASURES: &str = "\
- id: M-1
  title: Notebooks
  status: geplant
  responsible: IT-Dienstleister
  goals: [Z-1]
  audience: public
- id: M-2
  title: Notstrom
  status: geplant
  goals: [Z-1]
  audience: public
";
const GOALS: &str =
    "- {id: Z-1, stakeholder: verwaltung, title: Arbeitsfähig bleiben, audience: public}\n";

fn risk(id: &str, title: &str) -> String {
    format!(
        "id: {id}\ntitle: {title}\nthreats: [G0.33]\nperspective: nutzer\ninherent: {{likelihood: mittel, impact: betraechtlich}}\nresidual: {{likelihood: selten, impact: begrenzt}}\ntreatment: reduzieren\nmeasures: [M-1]\nstatus: offen\nreviewed: 2026-10-01\naudience: public\n"
    )
}

/// A baseline in `vorlage/` and a plan in `gemeinde/` using it; `extra` are further files.
fn setup(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let r1 = risk("R-001", "Ausfall der Telefonanlage");
    let r2 = risk("R-002", "Ausfall des Fachverfahrens");
    let mut files: Vec<(&str, &str)> = vec![
        ("vorlage/content/site.yaml", SITE),
        (
            "vorlage/content/_index.md",
            "---\ntitle: Start\naudience: public\n---\nVorlage.\n",
        ),
        (
            "vorlage/content/leitfaden.md",
            "---\ntitle: Leitfaden\naudience: public\n---\nSo geht es.\n",
        ),
        ("vorlage/content/data/threats.yaml", THREATS),
        ("vorlage/content/data/perspectives.yaml", PERSPECTIVES),
        ("vorlage/content/data/measures.yaml", MEASURES),
        ("vorlage/content/data/goals.yaml", GOALS),
        ("vorlage/content/data/risks/r-001.yaml", &r1),
        ("vorlage/content/data/risks/r-002.yaml", &r2),
    ];
    let site = format!("{SITE}baseline: {{path: ../vorlage}}\n");
    let site: &'static str = Box::leak(site.into_boxed_str());
    files.push(("gemeinde/content/site.yaml", site));
    files.extend_from_slice(extra);
    plan(&files)
}

fn gemeinde(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("gemeinde")
}

#[test]
fn baseline_records_and_pages_come_along() {
    let d = setup(&[]);
    let r = build_plan(&gemeinde(&d));
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    file(&r, "public", "risiken/r-001/index.html");
    file(&r, "public", "massnahmen/m-2/index.html");
    file(&r, "public", "leitfaden/index.html");
}

#[test]
fn overrides_set_append_and_not_applicable() {
    let d = setup(&[
        (
            "gemeinde/content/data/overrides.yaml",
            "- id: M-1\n  set: {responsible: Kämmerei Teststadt}\n  reason: Bei uns betreut die Kämmerei die Notebooks.\n- id: M-2\n  applicable: false\n  reason: Wir haben kein eigenes Rechenzentrum.\n- id: R-002\n  append:\n    measures: [M-9]\n",
        ),
        (
            "gemeinde/content/data/measures/m-9.yaml",
            "id: M-9\ntitle: Eigene Maßnahme\nstatus: geplant\ngoals: [Z-1]\naudience: public\n",
        ),
    ]);
    let r = build_plan(&gemeinde(&d));
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let m1 = file(&r, "intranet", "massnahmen/m-1/index.html");
    assert!(m1.contains("Kämmerei Teststadt"), "{m1}");
    let o = r.outputs.iter().find(|o| o.spec.name == "public").unwrap();
    assert!(o.files.get("massnahmen/m-2/index.html").is_none());
    file(&r, "public", "massnahmen/m-9/index.html");
}

const OVERRIDES: &str = "\
- id: M-1
  set: {responsible: Kämmerei Teststadt}
  reason: Bei uns betreut die Kämmerei die Notebooks.
- id: M-2
  applicable: false
  reason: Wir haben kein eigenes Rechenzentrum.
- id: R-002
  append:
    measures: [M-9]
";
const M9: &str =
    "id: M-9\ntitle: Eigene Maßnahme\nstatus: geplant\ngoals: [Z-1]\naudience: public\n";

#[test]
fn deviation_page_and_origin_labels() {
    let d = setup(&[
        ("gemeinde/content/data/overrides.yaml", OVERRIDES),
        ("gemeinde/content/data/measures/m-9.yaml", M9),
    ]);
    let r = build_plan(&gemeinde(&d));
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let page = file(&r, "intranet", "abweichungen/index.html");
    for s in [
        "Kämmerei Teststadt",
        "IT-Dienstleister",
        "Bei uns betreut die Kämmerei die Notebooks.",
        "Wir haben kein eigenes Rechenzentrum.",
        "M-9",
        "<th scope=\"col\">",
        "<caption>",
    ] {
        assert!(page.contains(s), "{s} missing in {page}");
    }
    let o = r.outputs.iter().find(|o| o.spec.name == "public").unwrap();
    assert!(o.files.get("abweichungen/index.html").is_none());
    let label = |out: &str, p: &str| file(&r, out, p);
    assert!(
        label("intranet", "massnahmen/m-1/index.html")
            .contains("aus der Vorlage · lokal angepasst")
    );
    assert!(label("intranet", "risiken/r-001/index.html").contains(">aus der Vorlage<"));
    assert!(label("intranet", "massnahmen/m-9/index.html").contains(">lokal<"));
    assert!(!label("public", "massnahmen/m-1/index.html").contains("page-origin"));
    assert!(label("intranet", "risiken/r-002/index.html").contains("m-9/index.html"));
}

#[test]
fn not_applicable_records_leave_the_lists_naming_them() {
    let d = setup(&[(
        "gemeinde/content/data/overrides.yaml",
        "- id: M-1\n  applicable: false\n  reason: Keine Notebooks.\n",
    )]);
    let r = build_plan(&gemeinde(&d));
    eprintln!(
        "{:#?}",
        errors(&r)
            .iter()
            .map(|d| (d.message.de.clone(), d.location()))
            .collect::<Vec<_>>()
    );
}

/// Every message of a build, rendered as editors see them, in German.
fn report(r: &krisenfest::build::BuildResult) -> String {
    krisenfest::diagnostics::render_all(
        &errors(r),
        &r.sources,
        false,
        krisenfest::diagnostics::Lang::De,
    )
}

#[test]
fn mistakes_in_overrides() {
    let d = setup(&[
        (
            "gemeinde/content/data/overrides.yaml",
            "\
- id: M-01
  set: {responsible: Kämmerei}
  reason: Tippfehler in der ID.
- id: M-1
  set:
    responsibel: Kämmerei
  reason: Tippfehler im Feld.
- id: M-2
  applicable: false
- id: R-001
  set:
    status: vielleicht
  reason: Falscher Wert in der Überschreibung.
",
        ),
        (
            "gemeinde/content/data/risks/r-002.yaml",
            "id: R-002\ntitle: Eigenes Risiko\nthreats: [G0.33]\nperspective: nutzer\ninherent: {likelihood: mittel, impact: betraechtlich}\nresidual: {likelihood: selten, impact: begrenzt}\ntreatment: reduzieren\nmeasures: [M-1]\nstatus: offen\nreviewed: 2026-10-01\naudience: public\n",
        ),
    ]);
    let r = build_plan(&gemeinde(&d));
    has_error(
        &r,
        "the baseline has no record `M-01`",
        "content/data/overrides.yaml:1:7",
    );
    has_error(
        &r,
        "`M-1` has no field `responsibel`",
        "content/data/overrides.yaml:6:5",
    );
    has_error(
        &r,
        "the id `R-002` is already in the baseline",
        "content/data/risks/r-002.yaml:1:5",
    );
    let text = report(&r);
    assert!(text.contains("meinten Sie `M-1`?"), "{text}");
    assert!(text.contains("meinten Sie `responsible`?"), "{text}");
    // the wrong value is the override's, not the baseline's
    assert!(
        errors(&r)
            .iter()
            .any(|d| d.location().starts_with("content/data/overrides.yaml:12:")),
        "{text}"
    );
    insta::assert_snapshot!("override_mistakes_de", text);
}

#[test]
fn baseline_changes_after_accept_are_listed() {
    let d = setup(&[
        ("gemeinde/content/data/overrides.yaml", OVERRIDES),
        ("gemeinde/content/data/measures/m-9.yaml", M9),
    ]);
    let root = gemeinde(&d);
    let diags = krisenfest::diagnostics::Diagnostics::new();
    let sources = krisenfest::diagnostics::Sources::default();
    let site = krisenfest::load::load(
        &root,
        &krisenfest::load::LoadOptions { drafts: false },
        &diags,
        &sources,
    )
    .unwrap();
    let lock = krisenfest::load::lock_json(site.baseline.as_ref().unwrap());
    std::fs::write(root.join(krisenfest::load::LOCK_FILE), lock).unwrap();
    let r = build_plan(&root);
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let ours = |r: &krisenfest::build::BuildResult| -> Vec<String> {
        warnings(r)
            .iter()
            .map(|d| d.message.en.clone())
            .filter(|m| m.contains("baseline"))
            .collect()
    };
    assert!(ours(&r).is_empty(), "{:?}", ours(&r));
    let page = file(&r, "intranet", "abweichungen/index.html");
    assert!(page.contains("unverändert seit der Übernahme"), "{page}");

    // the provider changes M-1's responsible, adds M-3 and drops the goal's second record
    let measures = MEASURES.replace("IT-Dienstleister", "Kreis-IT")
        + "- id: M-3\n  title: Neue Maßnahme\n  status: geplant\n  goals: [Z-1]\n  audience: public\n";
    std::fs::write(
        d.path().join("vorlage/content/data/measures.yaml"),
        measures,
    )
    .unwrap();
    std::fs::remove_file(d.path().join("vorlage/content/data/risks/r-001.yaml")).unwrap();
    let r = build_plan(&root);
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let page = file(&r, "intranet", "abweichungen/index.html");
    let conflicts = after(&page, "Konflikte");
    assert!(
        conflicts.contains("Kreis-IT") && conflicts.contains("IT-Dienstleister"),
        "{page}"
    );
    assert!(conflicts.contains("Kämmerei Teststadt"), "{page}");
    let new = after(&page, "Neue Einträge der Vorlage");
    assert!(new.contains("M-3"), "{page}");
    let removed = page
        .split("Entfernte Einträge der Vorlage")
        .nth(1)
        .unwrap_or("");
    assert!(removed.contains("R-001"), "{page}");
    let w = ours(&r);
    assert!(
        w.contains(
            &"the baseline changed `responsible` of `M-1` since you accepted it".to_string()
        ),
        "{w:?}"
    );
    insta::assert_snapshot!("deviation_page_after_change", main_of(&page));
}

/// The page from the first `marker` on.
fn after<'a>(page: &'a str, marker: &str) -> &'a str {
    page.find(marker).map_or("", |i| &page[i..])
}

fn main_of(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").map_or(html.len(), |i| i + 7);
    html[start..end].to_string()
}

fn example(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn has(r: &krisenfest::build::BuildResult, output: &str, path: &str) -> bool {
    r.outputs
        .iter()
        .find(|o| o.spec.name == output)
        .is_some_and(|o| o.files.get(path).is_some())
}

/// The example: one baseline, two municipalities adapting it differently.
#[test]
fn examples_build_with_their_own_overrides() {
    let base = build_plan(&example("baseline-kommunal"));
    assert!(errors(&base).is_empty(), "{:#?}", errors(&base));
    assert!(warnings(&base).is_empty(), "{:#?}", warnings(&base));
    assert!(!has(&base, "intranet", "abweichungen/index.html"));

    let a = build_plan(&example("gemeinde-a"));
    assert!(errors(&a).is_empty(), "{:#?}", errors(&a));
    assert!(warnings(&a).is_empty(), "{:#?}", warnings(&a));
    for out in ["public", "intranet"] {
        assert!(!has(&a, out, "massnahmen/m-004/index.html"));
        assert!(has(&a, out, "massnahmen/m-a01/index.html"));
        assert!(has(&a, out, "leitfaeden/passwoerter/index.html"));
    }
    let r2 = file(&a, "public", "risiken/r-002/index.html");
    assert!(r2.contains("Bürgermeisteramt Adorf") && r2.contains("m-a01/index.html"));
    let dev = file(&a, "intranet", "abweichungen/index.html");
    for s in [
        "Ausweichbüro im Feuerwehrgerätehaus",
        "Leitung Zentrale Dienste",
        "Hauptamt Adorf",
        "12000",
        "unverändert seit der Übernahme",
    ] {
        assert!(dev.contains(s), "{s}: {dev}");
    }

    let b = build_plan(&example("gemeinde-b"));
    assert!(errors(&b).is_empty(), "{:#?}", errors(&b));
    assert!(!has(&b, "public", "risiken/r-016/index.html"));
    assert!(has(&b, "public", "massnahmen/m-b01/index.html"));
    assert!(!has(&b, "public", "massnahmen/m-b02/index.html"));
    assert!(has(&b, "intranet", "massnahmen/m-b02/index.html"));
    assert!(file(&b, "public", "leitfaeden/passwoerter/index.html").contains("in Bestadt"));
    assert!(file(&b, "public", "risiken/r-001/index.html").contains("Fachbereich Organisation"));
    let dev = file(&b, "intranet", "abweichungen/index.html");
    assert!(
        dev.contains("Noch keine Version der Vorlage übernommen"),
        "{dev}"
    );
    // Adorf's overrides are not Bestadt's
    assert!(!dev.contains("Hauptamt Adorf"));
}

#[test]
fn one_line_lists_are_read_and_their_records_not_cut() {
    let d = setup(&[
        (
            "gemeinde/content/data/goals/eigene.yaml",
            "[{id: Z-1, stakeholder: verwaltung, title: Doppelt, audience: public}]\n",
        ),
        (
            "gemeinde/content/data/overrides.yaml",
            "- id: G0.1\n  set: {title: Brand}\n  reason: Bei uns heißt es so.\n",
        ),
        (
            "vorlage/content/data/threats.yaml",
            "[{id: G0.33, title: Personalausfall, audience: public}, {id: G0.1, title: Feuer, audience: public}]\n",
        ),
    ]);
    let r = build_plan(&gemeinde(&d));
    has_error(
        &r,
        "the id `Z-1` is already in the baseline",
        "content/data/goals/eigene.yaml:1:7",
    );
    has_error(
        &r,
        "records of a one-line list `[…]` cannot be overridden",
        "../vorlage/content/data/threats.yaml",
    );
}
