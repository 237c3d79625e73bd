//! The top-level fields of each record kind, from the types' schemas, so that an override of a
//! field no record of the kind can have is caught at the override with „meinten Sie …?“.

use schemars::JsonSchema;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::msg;

fn props<T: JsonSchema>() -> Vec<String> {
    let v = schemars::SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .to_value();
    v.get("properties")
        .and_then(|p| p.as_object())
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// Empty when the kind is unknown here: the typed parse still rejects unknown keys. Generating
/// a schema takes a while and every overridden record asks: once per kind and process.
pub fn of(kind: &str) -> std::sync::Arc<Vec<String>> {
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<BTreeMap<String, Arc<Vec<String>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(kind) {
        return v.clone();
    }
    let v = Arc::new(generate(kind));
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(kind.to_string(), v.clone());
    v
}

fn generate(kind: &str) -> Vec<String> {
    use crate::model::{bcm, checklist, evaluation, provisioning, risk};
    match kind {
        "threats" => props::<risk::Threat>(),
        "perspectives" => props::<risk::Perspective>(),
        "goals" => props::<risk::Goal>(),
        "measures" => props::<risk::Measure>(),
        "risks" => props::<risk::Risk>(),
        "evaluations" => props::<evaluation::Evaluation>(),
        "provisioning" => props::<provisioning::Provisioning>(),
        "checklists" => props::<checklist::Checklist>(),
        "processes" => props::<bcm::Process>(),
        "resources" => props::<bcm::Resource>(),
        "scenarios" => props::<bcm::Scenario>(),
        "roles" => props::<bcm::Role>(),
        "contacts" => props::<bcm::Contact>(),
        "plans" => props::<bcm::Plan>(),
        "exercises" => props::<bcm::Exercise>(),
        _ => Vec::new(),
    }
}

/// Whether `key` is a field of the kind (`fields`, empty = not known here); reports it if not.
pub fn known(key: &str, fields: &[String], id: &str, pos: Pos, diags: &Diagnostics) -> bool {
    if fields.is_empty() || fields.iter().any(|f| f == key) {
        return true;
    }
    let names: Vec<&str> = fields.iter().map(String::as_str).collect();
    let hint = match crate::yaml::suggest(key, &names) {
        Some(s) => msg!(
            "meinten Sie `{s}`? Felder dieser Art: {}",
            "did you mean `{s}`? Fields of this kind: {}";
            names.join(", ")
        ),
        None => msg!(
            "Felder dieser Art: {}",
            "fields of this kind: {}";
            names.join(", ")
        ),
    };
    diags.push(
        Diagnostic::error(msg!(
            "`{id}` hat kein Feld `{key}`",
            "`{id}` has no field `{key}`"
        ))
        .at(super::overrides::FILE, pos)
        .hint(hint),
    );
    false
}
