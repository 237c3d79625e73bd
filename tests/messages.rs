//! Issue 18, the language of the messages: every diagnostic exists in German and English, German
//! is the default, `language: en` in site.yaml and `--lang` choose, and the whole report of a set
//! of typical mistakes is pinned in both languages (snapshots in tests/snapshots/).

mod common;

use assert_cmd::Command;
use common::*;
use krisenfest::diagnostics::{Lang, render_all};

const THREATS: &str = "- {id: G0.33, title: Personalausfall, audience: public}\n";
const PERSPECTIVES: &str = "- {id: nutzer, title: Nutzer, weight: 100, audience: public}\n";
const MEASURES: &str = "\
- id: M-001
  title: Notebooks
  status: geplant
  cost_eur: 41000
  audience: public
- id: M-002
  title: Headsets
  status: geplant
  audience: public
";
const PAGE: &str = "---\ntitle: Tipps\naudience: public\n---\n## Vorbereitung\n\nText.\n";

fn base() -> Vec<(&'static str, String)> {
    vec![
        (
            "content/site.yaml",
            format!(
                "{SITE}license: {{name: \"Datenlizenz Deutschland – Namensnennung – 2.0\", url: \"https://www.govdata.de/dl-de/by-2-0\"}}\noutputs:\n  - {{name: public, audience: public, dir: public, base_url: \"https://www.teststadt.example/plan/\"}}\n  - {{name: intranet, audience: internal, dir: intranet}}\n"
            ),
        ),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\n".into(),
        ),
        ("content/data/threats.yaml", THREATS.into()),
        ("content/data/perspectives.yaml", PERSPECTIVES.into()),
        ("content/data/measures.yaml", MEASURES.into()),
        ("content/data/risks/r-001.yaml", RISK.into()),
        ("content/schulung/tipps.md", PAGE.into()),
    ]
}

/// Typical mistakes, one class each: (name, file, text to find, replacement).
const MISTAKES: &[(&str, &str, &str, &str)] = &[
    (
        "unclosed list",
        "content/data/risks/r-001.yaml",
        "threats: [G0.33]",
        "threats: [G0.33",
    ),
    (
        "misspelt key",
        "content/data/risks/r-001.yaml",
        "title:",
        "titel:",
    ),
    (
        "missing key",
        "content/data/risks/r-001.yaml",
        "status: offen\n",
        "",
    ),
    (
        "key indented too little",
        "content/data/measures.yaml",
        "  status: geplant\n  cost",
        " status: geplant\n  cost",
    ),
    (
        "tab before a key",
        "content/data/measures.yaml",
        "  title: Headsets",
        "\ttitle: Headsets",
    ),
    (
        "German thousands",
        "content/data/measures.yaml",
        "cost_eur: 41000",
        "cost_eur: 41.000",
    ),
    (
        "euro sign",
        "content/data/measures.yaml",
        "cost_eur: 41000",
        "cost_eur: 41000 €",
    ),
    (
        "unknown likelihood",
        "content/data/risks/r-001.yaml",
        "likelihood: mittel",
        "likelihood: sehr-oft",
    ),
    (
        "German audience word",
        "content/data/measures.yaml",
        "  audience: public\n- id: M-002",
        "  audience: öffentlich\n- id: M-002",
    ),
    (
        "unknown measure",
        "content/data/risks/r-001.yaml",
        "measures: [M-001]",
        "measures: [M-009]",
    ),
    (
        "duplicate id",
        "content/data/measures.yaml",
        "id: M-002",
        "id: M-001",
    ),
    (
        "ids differing in case",
        "content/data/measures.yaml",
        "id: M-002",
        "id: m-001",
    ),
    (
        "review in the future",
        "content/data/risks/r-001.yaml",
        "reviewed: 2026-10-01",
        "reviewed: 2031-10-01",
    ),
    (
        "title cut by a comment",
        "content/data/measures.yaml",
        "title: Headsets",
        "title: Headsets #2",
    ),
    (
        "typographic quotes",
        "content/data/measures.yaml",
        "title: Headsets",
        "title: „Headsets“",
    ),
    (
        "empty title",
        "content/data/measures.yaml",
        "title: Headsets",
        "title: \"\"",
    ),
    (
        "null title",
        "content/schulung/tipps.md",
        "title: Tipps",
        "title:",
    ),
    (
        "script in a heading",
        "content/schulung/tipps.md",
        "## Vorbereitung",
        "## Vorbereitung {onfocus=alert(1)}",
    ),
    (
        "link that is not a link",
        "content/schulung/tipps.md",
        "Text.",
        "[Textfassung](Tipps für gute Webmeetings)",
    ),
    (
        "unknown audience of a page",
        "content/schulung/tipps.md",
        "audience: public",
        "audience: intern",
    ),
];

fn mistake_plan(file: &str, find: &str, replace: &str) -> tempfile::TempDir {
    let mut files = base();
    let f = files
        .iter_mut()
        .find(|(p, _)| *p == file)
        .unwrap_or_else(|| panic!("no file {file}"));
    assert!(f.1.contains(find), "{file} has no `{find}`");
    f.1 = f.1.replacen(find, replace, 1);
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    plan(&refs)
}

fn report(lang: Lang) -> String {
    let mut out = String::new();
    for (name, file, find, replace) in MISTAKES {
        let dir = mistake_plan(file, find, replace);
        let r = build_plan(dir.path());
        let diags = r.diagnostics.snapshot();
        assert!(!diags.is_empty(), "{name}: accepted silently");
        out.push_str(&format!("===== {name}\n"));
        out.push_str(&render_all(&diags, &r.sources, false, lang));
        out.push('\n');
    }
    out
}

#[test]
fn the_clean_base_plan_builds_without_a_word() {
    let files = base();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let dir = plan(&refs);
    let r = build_plan(dir.path());
    assert!(
        r.diagnostics.snapshot().is_empty(),
        "{:#?}",
        r.diagnostics.snapshot()
    );
}

#[test]
fn typical_mistakes_in_german() {
    insta::assert_snapshot!("mistakes_de", report(Lang::De));
}

#[test]
fn typical_mistakes_in_english() {
    insta::assert_snapshot!("mistakes_en", report(Lang::En));
}

fn cli_check(root: &std::path::Path, lang: Option<&str>) -> (i32, String) {
    let mut c = Command::cargo_bin("krisenfest").unwrap();
    c.env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795737600");
    if let Some(l) = lang {
        c.args(["--lang", l]);
    }
    let out = c.args(["check", "--root"]).arg(root).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_terminal_speaks_german_unless_the_plan_or_the_flag_says_english() {
    let dir = mistake_plan(
        "content/data/risks/r-001.yaml",
        "measures: [M-001]",
        "measures: [M-009]",
    );
    let (code, de) = cli_check(dir.path(), None);
    assert_eq!(code, 1, "{de}");
    assert!(de.starts_with("Fehler: "), "{de}");
    assert!(de.contains("Hilfe: "), "{de}");
    assert!(
        de.trim_end()
            .ends_with("Fehler: Build mit 1 Fehler abgebrochen"),
        "{de}"
    );
    assert!(!de.contains("error:") && !de.contains("help:"), "{de}");

    let (code, en) = cli_check(dir.path(), Some("en"));
    assert_eq!(code, 1, "{en}");
    assert!(en.starts_with("error: "), "{en}");
    assert!(
        en.trim_end().ends_with("error: build failed with 1 error"),
        "{en}"
    );

    // `language: en` in the plan: English without a flag, German with `--lang de`.
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{text}language: en\n")).unwrap();
    let (_, plan_en) = cli_check(dir.path(), None);
    assert!(plan_en.starts_with("error: "), "{plan_en}");
    let (_, flag_de) = cli_check(dir.path(), Some("de"));
    assert!(flag_de.starts_with("Fehler: "), "{flag_de}");

    // The success line follows the language too.
    let files = base();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let clean = plan(&refs);
    let (code, ok) = cli_check(clean.path(), None);
    assert_eq!(code, 0, "{ok}");
    assert!(
        ok.contains("geprüft: ") && ok.contains("fertig in "),
        "{ok}"
    );
}

#[test]
fn a_site_yaml_that_does_not_parse_still_gives_its_language() {
    let dir = mistake_plan("content/data/risks/r-001.yaml", "title:", "titel:");
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("language: en\n{text}title: [unclosed\n")).unwrap();
    let (code, out) = cli_check(dir.path(), None);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("error: "), "{out}");
}

#[test]
fn an_unknown_language_flag_is_a_usage_error() {
    let out = Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "fr", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use de or en"));
}
