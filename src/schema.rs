//! JSON Schemas for editors, generated from the very types the loader deserialises, so they
//! cannot drift: `krisenfest schema` writes them, `krisenfest new` sets up VS Code (YAML language
//! server) to validate and complete as people type.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::{JsonSchema, SchemaGenerator, generate::SchemaSettings};
use serde_json::{Value, json};

use crate::config::SiteConfig;
use crate::model::bcm;
use crate::model::checklist::Checklist;
use crate::model::evaluation::Evaluation;
use crate::model::method::Method;
use crate::model::page::FrontMatter;
use crate::model::provisioning::Provisioning;
use crate::model::risk::{Goal, Measure, Perspective, Risk, Threat};

mod teach;

/// Draft 7: the newest draft the YAML language server (VS Code's YAML extension) documents.
fn generator() -> SchemaGenerator {
    SchemaGenerator::new(SchemaSettings::draft07())
}

/// The schema with every `$ref` inlined: a type used at two places (`inherent` and `residual`)
/// needs a different description at each.
fn inlined<T: JsonSchema>() -> Value {
    let mut v = generator().into_root_schema_for::<T>().to_value();
    let defs = v
        .as_object_mut()
        .and_then(|o| o.remove("definitions"))
        .unwrap_or_default();
    teach::inline(&mut v, &defs, 0);
    v
}

fn schema_of<T: JsonSchema>(title: &str) -> Value {
    let mut v = inlined::<T>();
    v["title"] = json!(title);
    v
}

/// A data kind file holds one record or a list of them.
fn kind_schema<T: JsonSchema>(title: &str) -> Value {
    let mut one = inlined::<T>();
    let schema_uri = one.as_object_mut().and_then(|o| o.remove("$schema"));
    let mut root = json!({
        "title": title,
        "anyOf": [one.clone(), {"type": "array", "items": one}],
    });
    if let Some(s) = schema_uri {
        root["$schema"] = s;
    }
    root
}

/// File name → schema, each with the German descriptions and examples of `docs/inhalte.md`.
pub fn all() -> BTreeMap<&'static str, Value> {
    let mut m = bare();
    let docs = teach::Docs::read();
    for (name, schema) in &mut m {
        docs.annotate(name, schema);
    }
    m
}

/// Key paths of a schema that `docs/inhalte.md` does not describe, as `file: path`.
pub fn undocumented() -> Vec<String> {
    let docs = teach::Docs::read();
    let mut out = Vec::new();
    for (name, mut schema) in bare() {
        for key in docs.annotate(name, &mut schema) {
            out.push(format!("{name}: {key}"));
        }
    }
    out
}

fn bare() -> BTreeMap<&'static str, Value> {
    let mut m = BTreeMap::new();
    m.insert(
        "site.schema.json",
        schema_of::<SiteConfig>("krisenfest: content/site.yaml"),
    );
    m.insert(
        "method.schema.json",
        schema_of::<Method>("krisenfest: content/method.yaml"),
    );
    m.insert(
        "front-matter.schema.json",
        schema_of::<FrontMatter>("krisenfest: Front Matter einer Seite"),
    );
    m.insert(
        "threats.schema.json",
        kind_schema::<Threat>("krisenfest: Gefährdungen (content/data/threats)"),
    );
    m.insert(
        "perspectives.schema.json",
        kind_schema::<Perspective>("krisenfest: Perspektiven (content/data/perspectives)"),
    );
    m.insert(
        "goals.schema.json",
        kind_schema::<Goal>("krisenfest: Ziele (content/data/goals)"),
    );
    m.insert(
        "measures.schema.json",
        kind_schema::<Measure>("krisenfest: Maßnahmen (content/data/measures)"),
    );
    m.insert(
        "risks.schema.json",
        kind_schema::<Risk>("krisenfest: Risiken (content/data/risks)"),
    );
    m.insert(
        "evaluations.schema.json",
        kind_schema::<Evaluation>("krisenfest: Nutzwertanalysen (content/data/evaluations)"),
    );
    m.insert(
        "provisioning.schema.json",
        kind_schema::<Provisioning>("krisenfest: Ausstattung (content/data/provisioning)"),
    );
    m.insert(
        "checklists.schema.json",
        kind_schema::<Checklist>("krisenfest: Checklisten (content/data/checklists)"),
    );
    bcm_schemas(&mut m);
    m.insert(
        "editions.schema.json",
        kind_schema::<crate::model::edition::Edition>(
            "krisenfest: Fassungen des Plans (content/editions.yaml)",
        ),
    );
    m
}

/// Emergency management (design §8): `bcms.yaml` is one mapping, the others are record kinds.
fn bcm_schemas(m: &mut BTreeMap<&'static str, Value>) {
    m.insert(
        "bcms.schema.json",
        schema_of::<bcm::Bcms>("krisenfest: Notfallmanagement (content/data/bcms.yaml)"),
    );
    m.insert(
        "processes.schema.json",
        kind_schema::<bcm::Process>("krisenfest: Geschäftsprozesse (content/data/processes)"),
    );
    m.insert(
        "resources.schema.json",
        kind_schema::<bcm::Resource>("krisenfest: Ressourcen (content/data/resources)"),
    );
    m.insert(
        "scenarios.schema.json",
        kind_schema::<bcm::Scenario>("krisenfest: Ausfallszenarien (content/data/scenarios)"),
    );
    m.insert(
        "roles.schema.json",
        kind_schema::<bcm::Role>("krisenfest: Rollen der Notfallorganisation (content/data/roles)"),
    );
    m.insert(
        "contacts.schema.json",
        kind_schema::<bcm::Contact>("krisenfest: Kontakte (content/data/contacts)"),
    );
    m.insert(
        "plans.schema.json",
        kind_schema::<bcm::Plan>("krisenfest: Notfallpläne (content/data/plans)"),
    );
    m.insert(
        "exercises.schema.json",
        kind_schema::<bcm::Exercise>("krisenfest: Übungen (content/data/exercises)"),
    );
}

/// The schema a content file is checked against (path relative to the plan root), if any.
pub fn schema_for(rel: &str) -> Option<&'static str> {
    let rel = rel.replace('\\', "/");
    match rel.as_str() {
        "content/site.yaml" => return Some("site.schema.json"),
        "content/method.yaml" => return Some("method.schema.json"),
        "content/editions.yaml" => return Some("editions.schema.json"),
        _ => {}
    }
    let d = rel.strip_prefix("content/data/")?;
    let kind = d
        .split('/')
        .next()?
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml");
    crate::load::DATA_KINDS
        .iter()
        .find(|k| **k == kind)
        .map(|k| -> &'static str {
            match *k {
                "threats" => "threats.schema.json",
                "perspectives" => "perspectives.schema.json",
                "goals" => "goals.schema.json",
                "measures" => "measures.schema.json",
                "risks" => "risks.schema.json",
                "evaluations" => "evaluations.schema.json",
                "provisioning" => "provisioning.schema.json",
                "bcms" => "bcms.schema.json",
                "processes" => "processes.schema.json",
                "resources" => "resources.schema.json",
                "scenarios" => "scenarios.schema.json",
                "roles" => "roles.schema.json",
                "contacts" => "contacts.schema.json",
                "plans" => "plans.schema.json",
                "exercises" => "exercises.schema.json",
                _ => "checklists.schema.json",
            }
        })
}

/// `.vscode/settings.json` associating the schemas with the plan's files (YAML extension by
/// Red Hat, setting `yaml.schemas`).
pub fn vscode_settings(schema_dir: &str) -> Value {
    let mut map = serde_json::Map::new();
    map.insert(
        format!("./{schema_dir}/site.schema.json"),
        json!("content/site.yaml"),
    );
    map.insert(
        format!("./{schema_dir}/method.schema.json"),
        json!("content/method.yaml"),
    );
    map.insert(
        format!("./{schema_dir}/editions.schema.json"),
        json!("content/editions.yaml"),
    );
    for kind in crate::load::DATA_KINDS {
        map.insert(
            format!("./{schema_dir}/{kind}.schema.json"),
            json!([
                format!("content/data/{kind}.yaml"),
                format!("content/data/{kind}/*.yaml")
            ]),
        );
    }
    json!({ "yaml.schemas": map, "files.encoding": "utf8" })
}

pub fn write(dir: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let schemas = all();
    for (name, v) in &schemas {
        let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
        text.push('\n');
        std::fs::write(dir.join(name), text)?;
    }
    Ok(schemas.len())
}
