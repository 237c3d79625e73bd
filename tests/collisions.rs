//! Two things at one URL are an error naming both, whatever produced them; an id without a
//! slug is an error at the id.

mod common;

use common::*;
use krisenfest::diagnostics::render;

const START: &str = "---\ntitle: Start\naudience: public\n---\n";

fn site(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let mut files = vec![("content/site.yaml", SITE), ("content/_index.md", START)];
    files.extend_from_slice(extra);
    plan(&files)
}

/// Errors about URLs, as (message, location).
fn url_errors(r: &krisenfest::build::BuildResult) -> Vec<(String, String)> {
    errors(r)
        .into_iter()
        .filter(|d| d.message.contains("published") || d.message.contains("gives no URL"))
        .map(|d| (d.message.en.clone(), d.location()))
        .collect()
}

fn goals(a: &str, b: &str) -> String {
    format!(
        "- {{id: \"{a}\", stakeholder: verwaltung, title: Erstes Ziel, audience: public}}\n- {{id: \"{b}\", stakeholder: verwaltung, title: Zweites Ziel, audience: public}}\n"
    )
}

#[test]
fn record_ids_whose_slugs_collide_are_errors_at_the_second_id() {
    // (data file, its text, kinds, first id, second id, URL)
    let threats = |a: &str, b: &str| {
        format!(
            "- {{id: \"{a}\", title: Eins, audience: public}}\n- {{id: \"{b}\", title: Zwei, audience: public}}\n"
        )
    };
    let measures = |a: &str, b: &str| {
        format!(
            "- {{id: \"{a}\", title: Eins, status: geplant, audience: public}}\n- {{id: \"{b}\", title: Zwei, status: geplant, audience: public}}\n"
        )
    };
    let perspectives = |a: &str, b: &str| {
        format!(
            "- {{id: \"{a}\", title: Eins, weight: 50, audience: public}}\n- {{id: \"{b}\", title: Zwei, weight: 50, audience: public}}\n"
        )
    };
    let cases: Vec<(&str, String, &str, &str, &str, &str)> = vec![
        (
            "goals",
            goals("Z-1", "Z.1"),
            "goal",
            "Z-1",
            "Z.1",
            "ziele/z-1/index.html",
        ),
        (
            "goals",
            goals("Z-1", "z_1"),
            "goal",
            "Z-1",
            "z_1",
            "ziele/z-1/index.html",
        ),
        (
            "goals",
            goals("Ä-1", "AE-1"),
            "goal",
            "Ä-1",
            "AE-1",
            "ziele/ae-1/index.html",
        ),
        (
            "goals",
            goals("Z 1", "Z-1"),
            "goal",
            "Z 1",
            "Z-1",
            "ziele/z-1/index.html",
        ),
        (
            "goals",
            goals("Straße", "strasse"),
            "goal",
            "Straße",
            "strasse",
            "ziele/strasse/index.html",
        ),
        (
            "threats",
            threats("G0.33", "g0-33"),
            "threat",
            "G0.33",
            "g0-33",
            "gefaehrdungen/g0-33/index.html",
        ),
        (
            "measures",
            measures("M-007", "m-007"),
            "measure",
            "M-007",
            "m-007",
            "massnahmen/m-007/index.html",
        ),
        (
            "perspectives",
            perspectives("Nutzer", "nutzer!"),
            "perspective",
            "Nutzer",
            "nutzer!",
            "perspektiven/nutzer/index.html",
        ),
    ];
    for (kind, text, what, a, b, url) in cases {
        let path = format!("content/data/{kind}.yaml");
        let dir = site(&[(path.as_str(), text.as_str())]);
        let r = build_plan(dir.path());
        let col = text
            .lines()
            .nth(1)
            .unwrap()
            .find(&format!("\"{b}\""))
            .unwrap()
            + 1;
        assert_eq!(
            url_errors(&r),
            [(
                format!("{what} `{a}` and {what} `{b}` would both be published as `{url}`"),
                format!("{path}:2:{col}")
            )],
            "{kind}: {a} / {b}"
        );
    }
}

#[test]
fn the_whole_collision_diagnostic_names_both_ids_and_the_first_file() {
    let text = "- {id: Z-1, stakeholder: verwaltung, title: Erstes Ziel, audience: public}\n- {id: Z.1, stakeholder: verwaltung, title: Zweites Ziel, audience: public}\n";
    let dir = site(&[("content/data/goals.yaml", text)]);
    let r = build_plan(dir.path());
    let e: Vec<_> = errors(&r)
        .into_iter()
        .filter(|d| d.message.contains("published"))
        .collect();
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(
        render(&e[0], &r.sources, false, krisenfest::diagnostics::Lang::En),
        "error: goal `Z-1` and goal `Z.1` would both be published as `ziele/z-1/index.html`
 --> content/data/goals.yaml:2:8
  |
2 | - {id: Z.1, stakeholder: verwaltung, title: Zweites Ziel, audience: public}
  |        ^^^ the same URL as `Z-1`
  |
help: `Z-1` is defined at content/data/goals.yaml:1:8; URLs are made from ids (lower case, ä→ae, `.`, `_` and spaces → `-`), so give one of them an id that differs in letters or digits"
    );
}

#[test]
fn ids_in_different_files_and_kinds_collide_too() {
    // Evaluations and provisioning share the URL folder of decisions.
    let eval = "id: Plattform\ntitle: Auswahl\noptions:\n  - {id: a, title: A}\ncriteria:\n  - {id: k, perspective: nutzer, title: K, weight: 1, scores: {a: 5}}\naudience: public\n";
    let prov = "id: plattform!\ntitle: Ausstattung\nhorizon_years: 5\ndiscount_rate: 0.03\noptions:\n  - {id: s, kind: service, title: S, seats: 1, seat_month_eur: 10}\naudience: public\n";
    let dir = site(&[
        (
            "content/data/perspectives.yaml",
            "- {id: nutzer, title: Nutzer, weight: 100, audience: public}\n",
        ),
        ("content/data/evaluations/a.yaml", eval),
        ("content/data/provisioning/b.yaml", prov),
    ]);
    let r = build_plan(dir.path());
    assert_eq!(
        url_errors(&r),
        [(
            "evaluation `Plattform` and provisioning `plattform!` would both be published as `entscheidungen/plattform/index.html`".to_string(),
            "content/data/provisioning/b.yaml:1:5".to_string()
        )]
    );
    let e = errors(&r);
    let d = e.iter().find(|d| d.message.contains("published")).unwrap();
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .starts_with("`Plattform` is defined at content/data/evaluations/a.yaml:1:5;"),
        "{d:#?}"
    );
}

#[test]
fn ids_without_a_slug_are_errors_at_the_id() {
    for id in ["目標", "---", "…", "!?"] {
        let text =
            format!("- {{id: \"{id}\", stakeholder: verwaltung, title: Ziel, audience: public}}\n");
        let dir = site(&[("content/data/goals.yaml", &text)]);
        let r = build_plan(dir.path());
        assert_eq!(
            url_errors(&r),
            [(
                format!("the id `{id}` gives no URL for the goal page"),
                "content/data/goals.yaml:1:8".to_string()
            )],
            "{id}"
        );
    }
    // Two of them are not also a clash of one URL.
    let dir = site(&[("content/data/goals.yaml", goals("目標", "---").as_str())]);
    let r = build_plan(dir.path());
    assert_eq!(url_errors(&r).len(), 2, "{:#?}", url_errors(&r));
}

/// (message, location, start of the hint)
type Expected = (String, String, String);

#[test]
fn pages_at_the_path_of_generated_pages_are_errors_naming_both() {
    let goal = "- {id: Z-1, stakeholder: verwaltung, title: Ziel, audience: public}\n";
    let page = "---\ntitle: Eine Seite\naudience: public\n---\nText\n";
    let generated =
        |what: &str| format!("krisenfest publishes {what} there itself; rename or move this file");
    let on_goal = |file: &str| {
        (
            format!(
                "the page `{file}` and goal `Z-1` would both be published as `ziele/z-1/index.html`"
            ),
            "content/data/goals.yaml:1:8".to_string(),
            format!("the page `{file}` is published there too; rename one of them"),
        )
    };
    // (page file, expected (message, location, start of the hint))
    let cases: Vec<(&str, Vec<Expected>)> = vec![
        (
            "content/suche.md",
            vec![(
                "the generated page „Suche“ and the page `content/suche.md` would both be published as `suche/index.html`".into(),
                "content/suche.md:1:1".into(),
                generated("the generated page „Suche“"),
            )],
        ),
        (
            "content/daten.md",
            vec![(
                "the generated page „Offene Daten“ and the page `content/daten.md` would both be published as `daten/index.html`".into(),
                "content/daten.md:1:1".into(),
                generated("the generated page „Offene Daten“"),
            )],
        ),
        (
            "content/ziele.md",
            vec![(
                "the generated page „Ziele“ and the page `content/ziele.md` would both be published as `ziele/index.html`".into(),
                "content/ziele.md:1:1".into(),
                generated("the generated page „Ziele“"),
            )],
        ),
        // the folder's own page is the goal list (tests/editors_pages.rs): only the page on the
        // goal's address collides
        ("content/ziele/z-1.md", vec![on_goal("content/ziele/z-1.md")]),
        ("content/Ziele/Z.1.md", vec![on_goal("content/Ziele/Z.1.md")]),
        ("content/ziele/_index.md", vec![]),
        ("content/ziele/anleitung.md", vec![]),
    ];
    for (file, expected) in cases {
        let dir = site(&[("content/data/goals.yaml", goal), (file, page)]);
        let r = build_plan(dir.path());
        let mut got: Vec<Expected> = errors(&r)
            .into_iter()
            .filter(|d| d.message.contains("published"))
            .map(|d| {
                (
                    d.message.en.clone(),
                    d.location(),
                    d.hint.clone().map(String::from).unwrap_or_default(),
                )
            })
            .collect();
        got.sort();
        assert_eq!(got.len(), expected.len(), "{file}: {got:#?}");
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!((&g.0, &g.1), (&e.0, &e.1), "{file}");
            assert!(g.2.starts_with(&e.2), "{file}: {}", g.2);
        }
    }
}

#[test]
fn pages_and_static_files_that_differ_only_in_case_are_errors() {
    let page = "---\ntitle: Seite\naudience: public\n---\n";
    let dir = site(&[
        ("content/anleitung.md", page),
        ("content/Anleitung.md", page),
    ]);
    let r = build_plan(dir.path());
    let e = url_errors(&r);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].0
            .ends_with("would both be published as `anleitung/index.html`"),
        "{e:#?}"
    );

    // Static files keep their names, so case matters there.
    let dir = site(&[
        ("content/static/bilder/Plan.png", "a"),
        ("content/static/bilder/plan.png", "b"),
        ("content/static/Robots.txt", "c"),
    ]);
    let r = build_plan(dir.path());
    let mut e = url_errors(&r);
    e.sort();
    assert_eq!(
        e,
        [
            (
                "the static file `content/static/Robots.txt` would be published as `Robots.txt`, which differs from `robots.txt` only in upper/lower case".to_string(),
                "content/static/Robots.txt".to_string()
            ),
            (
                "the static file `content/static/bilder/plan.png` would be published as `bilder/plan.png`, which differs from `bilder/Plan.png` only in upper/lower case".to_string(),
                "content/static/bilder/plan.png".to_string()
            ),
        ]
    );
}

#[test]
fn a_plan_file_may_replace_a_theme_file_and_the_example_plan_has_no_clash() {
    let dir = site(&[("content/static/assets/kern.css", "body{}")]);
    let r = build_plan(dir.path());
    assert_eq!(url_errors(&r), []);
    assert_eq!(file(&r, "public", "assets/kern.css"), "body{}");

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = build_plan(root);
    assert_eq!(url_errors(&r), []);
}
