//! The JSON Schemas accept the example plan and the `new` skeleton, and reject the same broken
//! inputs as the loader.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn validator(name: &str) -> jsonschema::Validator {
    let schemas = krisenfest::schema::all();
    jsonschema::validator_for(&schemas[name])
        .unwrap_or_else(|e| panic!("{name} is not a valid schema: {e}"))
}

fn yaml_value(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("test YAML parses")
}

fn check_tree(root: &Path) -> usize {
    let mut n = 0;
    for e in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(schema) = krisenfest::schema::schema_for(&rel) else {
            continue;
        };
        if !e.file_type().is_file() {
            continue;
        }
        let v = yaml_value(&std::fs::read_to_string(e.path()).unwrap());
        let val = validator(schema);
        let errs: Vec<String> = val
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errs.is_empty(),
            "{rel} does not validate against {schema}: {errs:#?}"
        );
        n += 1;
    }
    n
}

#[test]
fn example_plan_validates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(check_tree(root) >= 20);
}

#[test]
fn new_skeleton_validates_and_sets_up_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p");
    krisenfest::scaffold::new_plan(&plan, "Stadt X").unwrap();
    assert!(check_tree(&plan) >= 10);
    let settings: Value =
        serde_json::from_str(&std::fs::read_to_string(plan.join(".vscode/settings.json")).unwrap())
            .unwrap();
    assert_eq!(
        settings["yaml.schemas"]["./schemas/risks.schema.json"][1],
        "content/data/risks/*.yaml"
    );
    assert!(plan.join("schemas/front-matter.schema.json").exists());
}

/// Broken inputs both sides must reject: (data kind file, text).
const SHARED_CASES: &[(&str, &str)] = &[
    (
        "content/data/goals.yaml",
        "- {id: Z-1, stakeholder: politik, title: A, zielwert: 5}\n",
    ),
    (
        "content/data/goals.yaml",
        "- {id: Z-1, stakeholder: presse, title: A}\n",
    ),
    ("content/data/goals.yaml", "- {id: Z-1, title: A}\n"),
    (
        "content/data/measures.yaml",
        "- {id: M-1, title: A, status: fertig}\n",
    ),
    (
        "content/data/measures.yaml",
        "- {id: M-1, title: A, status: geplant, due: 31.12.2026}\n",
    ),
    (
        "content/data/perspectives.yaml",
        "- {id: p, title: P, weight: viel}\n",
    ),
    (
        "content/data/risks/r.yaml",
        "id: R-1\ntitle: A\ninherent: {likelihood: selten}\nresidual: {likelihood: selten, impact: begrenzt}\ntreatment: reduzieren\nstatus: offen\n",
    ),
    (
        "content/data/threats.yaml",
        "- {id: G0.1, title: Feuer, audience: öffentlich}\n",
    ),
    (
        "content/data/checklists.yaml",
        "- {id: c, title: C, phases: [{id: p, title: P, items: [{id: i, txt: x}]}]}\n",
    ),
    (
        "content/site.yaml",
        "title: A\nmunicipality: B\nlanguage: fr\n",
    ),
];

#[test]
fn schema_and_loader_reject_the_same_broken_inputs() {
    for (path, text) in SHARED_CASES {
        let schema = krisenfest::schema::schema_for(path).unwrap();
        let v = yaml_value(text);
        assert!(
            !validator(schema).is_valid(&v),
            "schema {schema} accepts broken {path}: {text}"
        );
        let mut files = vec![("content/_index.md", "---\ntitle: S\n---\n")];
        if *path != "content/site.yaml" {
            files.push(("content/site.yaml", SITE));
        }
        files.push((path, text));
        let dir = plan(&files);
        let r = build_plan(dir.path());
        let e = errors(&r);
        assert!(
            e.iter().any(|d| d.file.as_deref() == Some(Path::new(path))),
            "loader accepts broken {path}: {text}\n{e:#?}"
        );
    }
}
