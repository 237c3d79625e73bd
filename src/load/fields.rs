//! The top-level fields of each record kind, from the types' schemas, so that an override of a
//! field no record of the kind can have is caught at the override with „meinten Sie …?“.

use schemars::JsonSchema;

fn props<T: JsonSchema>() -> Vec<String> {
    let v = schemars::SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .to_value();
    v.get("properties")
        .and_then(|p| p.as_object())
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// Empty when the kind is unknown here: the typed parse still rejects unknown keys.
pub fn of(kind: &str) -> Vec<String> {
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
