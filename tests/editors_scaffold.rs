//! Issue 18, parts 4 and 5: a fresh plan becomes a clean plan by filling in its placeholders;
//! notes and system files in content/ are never published; "Unicode" files are named as such;
//! the schemas teach every key in the words of docs/inhalte.md.

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn krisenfest() -> Command {
    common::pin_date();
    let mut c = Command::cargo_bin("krisenfest").unwrap();
    c.env("NO_COLOR", "1");
    c.args(["--lang", "en"]);
    c
}

fn scaffold() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    krisenfest::scaffold::new_plan(&plan, "Gemeinde Beispieldorf").unwrap();
    (dir, plan)
}

fn check_strict(plan: &Path) -> (i32, String) {
    let out = krisenfest()
        .args(["check", "--strict", "--root"])
        .arg(plan)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every scaffolded text file, as (path relative to the plan, text).
fn text_files(plan: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(plan.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(plan).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// What an editor would write for a placeholder: chosen by the key it stands under.
fn plausible(key: &str) -> &'static str {
    match key {
        k if k.contains("email") => "\"rathaus@beispieldorf.de\"",
        k if k.contains("url") => "\"https://www.beispieldorf.de/kontakt\"",
        "phone" => "\"+49 2345 678-0\"",
        "address" => "\"Marktplatz 1, 12345 Beispieldorf\"",
        "known_issues" => "[\"Ältere PDF-Dateien sind nicht barrierefrei.\"]",
        _ => "\"Erika Mustermann\"",
    }
}

/// Every line with `TODO` in a value: (file, line number, key).
fn placeholders(plan: &Path) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for (rel, text) in text_files(plan) {
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with('#') || !line.contains("TODO") {
                continue;
            }
            let key = line.split_once(':').unwrap().0.trim().to_string();
            out.push((rel.clone(), i + 1, key));
        }
    }
    out
}

#[test]
fn a_scaffold_with_its_placeholders_filled_in_passes_strict() {
    let (_d, plan) = scaffold();
    let found = placeholders(&plan);
    assert!(found.len() >= 5, "{found:?}");
    for (rel, line_no, key) in &found {
        let path = plan.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i + 1 == *line_no {
                    let indent = &l[..l.len() - l.trim_start().len()];
                    format!("{indent}{key}: {}", plausible(key))
                } else {
                    l.to_string()
                }
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
    // Nothing of the word is left anywhere but in comments, which explain what to do.
    assert_eq!(placeholders(&plan), Vec::new());
    let (code, stderr) = check_strict(&plan);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn an_untouched_scaffold_fails_strict_once_per_placeholder_at_its_value() {
    let (_d, plan) = scaffold();
    let (code, stderr) = check_strict(&plan);
    assert_eq!(code, 1, "{stderr}");
    let site = std::fs::read_to_string(plan.join("content/site.yaml")).unwrap();
    let expected: Vec<String> = placeholders(&plan)
        .iter()
        .map(|(rel, line, _)| {
            let text = site.lines().nth(line - 1).unwrap();
            let col = text[..text.find("TODO").unwrap()].chars().count() + 1;
            format!("{rel}:{line}:{col}")
        })
        .collect();
    let reported: Vec<String> = stderr
        .lines()
        .zip(stderr.lines().skip(1))
        .filter(|(l, _)| *l == "warning: placeholder `TODO` in site.yaml")
        .map(|(_, at)| at.trim().trim_start_matches("--> ").to_string())
        .collect();
    assert_eq!(reported, expected, "{stderr}");
    // The whole diagnostic of the first one, as an editor sees it.
    let first = &expected[0];
    let line: usize = first.split(':').nth(1).unwrap().parse().unwrap();
    let text = site.lines().nth(line - 1).unwrap();
    let col = text.find("TODO").unwrap();
    let pad = " ".repeat(line.to_string().len());
    let whole = format!(
        "warning: placeholder `TODO` in site.yaml\n{pad}--> {first}\n{pad} |\n{line} | {text}\n{pad} | {}^^^^\n{pad} |\nhelp: replace it with the real value before publishing\n",
        " ".repeat(text[..col].chars().count())
    );
    assert!(stderr.contains(&whole), "{whole}\n---\n{stderr}");
    assert!(stderr.contains(&format!("warning: {} warnings", expected.len())));
}

#[test]
fn scaffolded_yaml_files_name_their_schema() {
    let (_d, plan) = scaffold();
    let mut n = 0;
    for (rel, text) in text_files(&plan) {
        let Some(schema) = krisenfest::schema::schema_for(&rel) else {
            continue;
        };
        let first = text.lines().next().unwrap();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{rel} starts with {first:?}"));
        assert!(
            target.ends_with(&format!("schemas/{schema}")),
            "{rel}: {target}"
        );
        let dir = plan.join(&rel);
        assert!(
            dir.parent().unwrap().join(target).is_file(),
            "{rel}: {target}"
        );
        n += 1;
    }
    assert!(n >= 10, "{n}");
}

/// Notes, system and backup files in content/ — beside pages, in sections, in static/ — are
/// neither pages nor published.
#[test]
fn notes_and_system_files_in_content_are_not_published() {
    let (_d, plan) = scaffold();
    let junk = [
        "README",
        "README.md",
        "Readme",
        "LIESMICH",
        "LIESMICH.md",
        "liesmich.md",
        ".gitkeep",
        "Thumbs.db",
        ".DS_Store",
        "desktop.ini",
        "video-tipps.md~",
        "#video-tipps.md#",
        "video-tipps.md.swp",
        ".video-tipps.md.swp",
        "~$Konzept.docx",
    ];
    for dir in [
        "content",
        "content/schulung",
        "content/static",
        "content/data",
    ] {
        for name in junk {
            // Not a page: no front matter, which would be an error if it were read.
            std::fs::write(plan.join(dir).join(name), "Hinweise für die Redaktion\n").unwrap();
        }
    }
    // The placeholders are the only warnings; nothing about the notes.
    let out = krisenfest()
        .args(["build", "--root"])
        .arg(&plan)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: ") || l.starts_with("error: "))
        .filter(|l| !l.contains("placeholder `TODO`") && !l.contains(" warnings"))
        .collect();
    assert_eq!(problems, Vec::<&str>::new(), "{stderr}");
    for site in ["public", "intranet"] {
        for e in walkdir::WalkDir::new(plan.join(site)) {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().to_lowercase();
            assert!(
                !junk.iter().any(|j| j.to_lowercase() == name)
                    && !name.contains("readme")
                    && name != "liesmich"
                    && name != "liesmich.md",
                "published: {}",
                e.path().display()
            );
        }
    }
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut units: Vec<u16> = Vec::new();
    if bom {
        units.push(0xFEFF);
    }
    units.extend(text.encode_utf16());
    units
        .into_iter()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

#[test]
fn utf16_and_utf32_files_are_named_with_what_to_do() {
    let page = "---\ntitle: Übung für den Ernstfall\n---\nText mit Umlauten: äöü.\n";
    let record = "- id: G0.1\n  title: Feuer\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "content/schulung/uebung.md",
            utf16(page, false, true),
            "UTF-16 (little-endian)",
        ),
        (
            "content/schulung/uebung.md",
            utf16(page, false, false),
            "UTF-16 (little-endian)",
        ),
        (
            "content/data/threats.yaml",
            utf16(record, true, true),
            "UTF-16 (big-endian)",
        ),
        (
            "content/data/threats.yaml",
            utf16(record, true, false),
            "UTF-16 (big-endian)",
        ),
        (
            "content/data/threats.yaml",
            [
                &b"\xFF\xFE\x00\x00"[..],
                &record
                    .chars()
                    .flat_map(|c| (c as u32).to_le_bytes())
                    .collect::<Vec<_>>(),
            ]
            .concat(),
            "UTF-32 (little-endian)",
        ),
        (
            "content/site.yaml",
            [
                &b"\x00\x00\xFE\xFF"[..],
                &record
                    .chars()
                    .flat_map(|c| (c as u32).to_be_bytes())
                    .collect::<Vec<_>>(),
            ]
            .concat(),
            "UTF-32 (big-endian)",
        ),
    ];
    for (rel, bytes, enc) in cases {
        let (_d, plan) = scaffold();
        std::fs::write(plan.join(rel), bytes).unwrap();
        let (code, stderr) = check_strict(&plan);
        assert_eq!(code, 1, "{stderr}");
        let whole = format!(
            "error: file is saved as {enc}, not UTF-8\n  --> {rel}\n   = help: krisenfest reads only UTF-8: open the file in your editor and save it as UTF-8 (in Windows Notepad: \"Save as\", encoding \"UTF-8\"; Word and Excel call UTF-16 \"Unicode\")\n"
        );
        assert!(stderr.contains(&whole), "{rel} {enc}:\n{stderr}");
        assert!(
            !stderr.contains("Latin-1") && !stderr.contains("NUL"),
            "{stderr}"
        );
    }
}

/// Every `properties` entry and map value below `s`, with its path.
fn property_schemas<'a>(s: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    for k in ["anyOf", "oneOf", "allOf"] {
        for a in s.get(k).and_then(Value::as_array).into_iter().flatten() {
            property_schemas(a, path.clone(), out);
        }
    }
    if let Some(items) = s.get("items").filter(|i| i.is_object()) {
        property_schemas(items, format!("{path}[]"), out);
    }
    if let Some(ap) = s.get("additionalProperties").filter(|v| v.is_object()) {
        let p = format!("{path}.<name>");
        out.push((p.clone(), ap));
        property_schemas(ap, p, out);
    }
    for (name, ps) in s
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let p = format!("{path}.{name}");
        out.push((p.clone(), ps));
        property_schemas(ps, p, out);
    }
}

#[test]
fn every_property_of_every_schema_is_described_from_the_content_reference() {
    assert_eq!(krisenfest::schema::undocumented(), Vec::<String>::new());
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/inhalte.md"))
            .unwrap();
    let mut problems = Vec::new();
    let mut n = 0;
    for (name, schema) in krisenfest::schema::all() {
        let mut props = Vec::new();
        property_schemas(&schema, String::new(), &mut props);
        assert!(!props.is_empty(), "{name}");
        for (path, ps) in props {
            n += 1;
            match ps.get("description").and_then(Value::as_str) {
                None => problems.push(format!("{name}: {path} has no description")),
                // The meaning is the document's sentence, word for word.
                Some(d) => {
                    // (links are flattened to their text, so compare up to one)
                    let meaning = d.split("\n\n").next().unwrap().trim_end_matches('.');
                    let meaning = meaning.split(" (siehe").next().unwrap();
                    if !doc.replace("**", "").contains(meaning) {
                        problems.push(format!("{name}: {path}: {meaning:?} is not in the doc"));
                    }
                    if !d.contains("\n\nPflicht: ") {
                        problems.push(format!("{name}: {path}: no Pflicht line in {d:?}"));
                    }
                }
            }
        }
        // Nothing of the programmers' English notes is left.
        let text = schema.to_string();
        for english in ["\"Goal\"", "Share of", "Number of", "Running cost"] {
            if text.contains(english) {
                problems.push(format!("{name}: contains {english}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(n > 300, "{n}");
}

#[test]
fn schemas_are_draft_7_with_id_examples_and_enums() {
    let schemas = krisenfest::schema::all();
    let mut ids = std::collections::BTreeSet::new();
    for (name, schema) in &schemas {
        assert_eq!(
            schema["$schema"], "http://json-schema.org/draft-07/schema#",
            "{name}"
        );
        let id = schema["$id"].as_str().unwrap();
        assert!(
            id.ends_with(name) && ids.insert(id.to_string()),
            "{name}: {id}"
        );
        let text = schema.to_string();
        assert!(!text.contains("$ref") && !text.contains("$defs"), "{name}");
        assert!(
            !text.contains("\"const\""),
            "{name}: a closed set is not an enum"
        );
        assert!(
            schema["description"].as_str().is_some_and(|d| d.len() > 40),
            "{name}"
        );
        let examples = schema["examples"].as_array().unwrap();
        assert!(!examples.is_empty(), "{name}");
        let v = jsonschema::validator_for(schema).unwrap();
        for e in examples {
            let errs: Vec<String> = v.iter_errors(e).map(|e| e.to_string()).collect();
            assert!(
                errs.is_empty(),
                "{name}: its example does not validate: {errs:?}"
            );
        }
    }
    let kind = |file: &str, pointer: &str| schemas[file].pointer(pointer).cloned().unwrap();
    assert_eq!(
        kind(
            "provisioning.schema.json",
            "/anyOf/0/properties/options/items/properties/kind/enum"
        ),
        serde_json::json!(["individual", "pool", "service"])
    );
    assert_eq!(
        kind("goals.schema.json", "/anyOf/0/properties/stakeholder/enum"),
        serde_json::json!(["politik", "buergerschaft", "verwaltung"])
    );
    // Inherent and residual each say which one they are.
    let risk = &schemas["risks.schema.json"]["anyOf"][0]["properties"];
    let said = |k: &str| risk[k]["properties"]["likelihood"]["description"].clone();
    assert_ne!(said("inherent"), said("residual"));
    assert!(
        said("inherent")
            .as_str()
            .unwrap()
            .contains("ohne Maßnahmen")
    );
}
