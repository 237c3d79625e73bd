//! Helpers for integration tests: write a plan into a temp dir, build it in memory or via the CLI.
#![allow(dead_code)]

use std::path::Path;

use krisenfest::build::{BuildOptions, BuildResult, build};
use krisenfest::diagnostics::{Diagnostic, Msg, Severity};

pub const SITE: &str = "title: IT-Masterplan Teststadt\nmunicipality: Stadt Teststadt\nlegal:\n  publisher: {name: Stadt Teststadt, address: \"Markt 1, 12345 Teststadt\", represented_by: Bürgermeisterin Test, email: info@teststadt.example, phone: \"01234 5678\", responsible_for_content: {name: Pressestelle Teststadt}}\n  data_protection_officer: {name: Datenschutz Teststadt, email: datenschutz@teststadt.example}\n  accessibility: {status: teilweise-barrierefrei, known_issues: [{text: PDF-Dateien, reason: unverhältnismäßige Belastung}], feedback_email: barrierefrei@teststadt.example, feedback_url: \"https://www.teststadt.example/kontakt\", statement_date: 2026-11-01, reviewed: 2026-11-01}\n";

/// A complete, valid risk record (threat G0.33, perspective `nutzer`, measure M-001).
pub const RISK: &str = "\
id: R-001
title: Ausfall der Telefonanlage
threats: [G0.33]
perspective: nutzer
inherent: {likelihood: mittel, impact: betraechtlich}
residual: {likelihood: selten, impact: begrenzt}
treatment: reduzieren
measures: [M-001]
status: offen
reviewed: 2026-10-01
audience: public
";

pub fn plan(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    dir
}

pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (p, text) in files {
        let path = root.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

pub fn build_plan(root: &Path) -> BuildResult {
    pin_date();
    let r = build(&BuildOptions {
        root: root.to_path_buf(),
        output: None,
        drafts: false,
        date: Some(pinned_date()),
        ..Default::default()
    });
    // Every mistake any test makes is also a test of its German.
    for d in r.diagnostics.snapshot() {
        assert_translated(&d);
    }
    r
}

/// The text outside `code`, quotes, HTML tags and addresses: what the editor reads as
/// sentences. Text a third party wrote in English (the template engine, the operating system)
/// is introduced as such with "(englisch):" and not German prose.
fn prose(s: &str) -> String {
    let s = s.split("(englisch):").next().unwrap_or("");
    let mut out = String::new();
    let mut quoted = None;
    for c in s.chars() {
        match (quoted, c) {
            (None, '`' | '"' | '„' | '“' | '<') => {
                quoted = Some(match c {
                    '„' => '“',
                    '<' => '>',
                    c => c,
                })
            }
            (Some(q), c) if c == q || (q == '“' && c == '”') => quoted = None,
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out.split_whitespace()
        .filter(|w| !w.contains('/') && !w.contains('('))
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

/// Words that show an English sentence where a German one belongs.
const ENGLISH: &[&str] = &[
    "the", "is", "are", "must", "cannot", "should", "expected", "found", "missing", "unknown",
    "invalid", "use", "write", "remove", "which", "this", "that", "has", "have", "does", "only",
    "with", "of", "to", "or", "and",
];

/// Parser and Rust words that must never reach an editor, in either language.
const JARGON: &[&str] = &[
    "invalid floating point",
    "mapping values are not allowed",
    "did not find expected",
    "cannot deserialize",
    "deserializ",
    "deserialis",
    "Option<",
    "from_str",
    "serde",
];

fn check_text(d: &Diagnostic, part: &str, m: &Msg) {
    for j in JARGON {
        assert!(
            !m.de.contains(j) && !m.en.contains(j),
            "jargon `{j}` in the {part} of {d:#?}"
        );
    }
    let de = prose(&m.de);
    let english: Vec<String> = words(&de)
        .into_iter()
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect();
    assert!(
        english.is_empty(),
        "English words {english:?} in the German {part} `{}` of {d:#?}",
        m.de
    );
    if m.de == m.en {
        assert!(
            words(&de).len() < 2,
            "the {part} `{}` has no German text: {d:#?}",
            m.en
        );
    }
}

/// A diagnostic has its German text in message, label and hint, free of English and jargon.
pub fn assert_translated(d: &Diagnostic) {
    check_text(d, "message", &d.message);
    if let Some(l) = &d.label {
        check_text(d, "label", l);
    }
    if let Some(h) = &d.hint {
        check_text(d, "hint", h);
    }
}

pub fn errors(r: &BuildResult) -> Vec<Diagnostic> {
    r.diagnostics
        .snapshot()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

pub fn warnings(r: &BuildResult) -> Vec<Diagnostic> {
    r.diagnostics
        .snapshot()
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect()
}

/// The one error of a build, as (message, location); panics with all diagnostics otherwise.
pub fn only_error(r: &BuildResult) -> (String, String) {
    let e = errors(r);
    assert_eq!(e.len(), 1, "expected exactly one error, got: {e:#?}");
    (e[0].message.en.clone(), e[0].location())
}

pub fn has_error(r: &BuildResult, message: &str, location: &str) {
    let e = errors(r);
    assert!(
        e.iter()
            .any(|d| d.message == message && d.location() == location),
        "no error `{message}` at {location}; got: {:#?}",
        e.iter()
            .map(|d| (d.message.en.clone(), d.location()))
            .collect::<Vec<_>>()
    );
}

pub fn file(r: &BuildResult, output: &str, path: &str) -> String {
    let o = r
        .outputs
        .iter()
        .find(|o| o.spec.name == output)
        .unwrap_or_else(|| panic!("no output {output}"));
    let bytes = o.files.get(path).unwrap_or_else(|| {
        panic!(
            "no file {path} in {output}; have {:?}",
            o.files.keys().take(50).collect::<Vec<_>>()
        )
    });
    String::from_utf8(bytes.clone()).unwrap()
}

/// A copy of the example plan's `content/` in `to`. (The repository's `themes/default` is the
/// theme compiled into the binary, so a copy of the plan needs no copy of it.)
pub fn copy_example(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for e in walkdir::WalkDir::new(&from) {
        let e = e.unwrap();
        let dest = to
            .join("content")
            .join(e.path().strip_prefix(&from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The date every test build speaks of: 27.11.2026 (overdue reviews depend on "today").
pub fn pinned_date() -> krisenfest::model::common::Date {
    krisenfest::model::common::Date::from_epoch("1795737600").unwrap()
}

/// The same for the binary, which reads it from `SOURCE_DATE_EPOCH`.
pub fn pin_date() {
    // SAFETY: every test sets the same value, so concurrent writers cannot disagree.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1795737600") };
}

/// The files of an output below `folder/` (the search folder), written into a temp dir.
pub fn search_dir(files: &krisenfest::files::Files, folder: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let prefix = format!("{folder}/");
    for (p, b) in files.iter() {
        if let Some(rel) = p.strip_prefix(&prefix) {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b).unwrap();
        }
    }
    dir
}

/// `benches/search_replay.cjs` over a search folder: each query as the shipped search.js runs it
/// in a fresh page, with `max` results shown (0: all), loading only the files it asks for.
pub fn replay(dir: &Path, max: usize, queries: &[&str]) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let list = dir.join("queries.json.txt");
    std::fs::write(&list, serde_json::to_string(queries).unwrap()).unwrap();
    let out = std::process::Command::new("node")
        .arg(root.join("benches/search_replay.cjs"))
        .arg(root.join("themes/default/static/assets/search.js"))
        .arg(dir)
        .arg(max.to_string())
        .arg("--json")
        .arg(&list)
        .output()
        .expect("node (>= 20) must be installed to test the shipped search.js");
    assert!(
        out.status.success(),
        "search_replay.cjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
