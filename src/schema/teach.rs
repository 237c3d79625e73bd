//! The schemas teach in the editor's hover and completion what `docs/inhalte.md` teaches on paper,
//! in the same words: the key tables of the document are read at generation and become the
//! `description` of every property, its yaml examples the schema's `examples`. Text written twice
//! would drift; `tests/reference.rs` already holds the tables to the schema's keys.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

const DOC: &str = include_str!("../../docs/inhalte.md");

/// A map key chosen by the editor: `<option-id>` in the document.
const MAP_KEY: &str = "<*>";

#[derive(Default)]
struct Section {
    intro: String,
    /// Normalised key path → description.
    rows: BTreeMap<String, Row>,
    /// yaml examples of the section's own file.
    examples: Vec<String>,
}

struct Row {
    description: String,
    /// `z. B. \`…\`` from the allowed values.
    example: Option<String>,
}

pub struct Docs {
    sections: BTreeMap<&'static str, Section>,
}

/// The texts in backticks on a line.
fn code_spans(line: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].chars().take_while(|c| *c == '`').count();
        let fence = &rest[start..start + ticks];
        let after = &rest[start + ticks..];
        let Some(end) = after.find(fence) else { break };
        spans.push(after[..end].trim());
        rest = &after[end + ticks..];
    }
    spans
}

fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut out = vec![String::new()];
    let mut escaped = false;
    for c in t.chars() {
        if c == '|' && !escaped {
            out.push(String::new());
        } else if let Some(cell) = out.last_mut() {
            if c == '|' {
                cell.pop();
            }
            cell.push(c);
        }
        escaped = c == '\\';
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// `criteria[].scores.<option-id>` → `criteria[].scores.<*>`.
fn normalise(key: &str) -> String {
    let mut out = String::new();
    let mut rest = key;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(MAP_KEY);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Markdown that a hover shows as plain text: `**` and link targets go, backticks stay.
fn plain(md: &str) -> String {
    let md = md.replace("**", "");
    let mut out = String::new();
    let mut rest = md.as_str();
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() || s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// The description of one table row: meaning, whether it must be given, allowed values.
fn describe(header: &[String], c: &[String]) -> Row {
    let cell = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .and_then(|i| c.get(i))
            .map(|s| plain(s))
            .unwrap_or_default()
    };
    let mut d = sentence(&cell("Bedeutung"));
    let required = cell("Pflicht");
    if !required.is_empty() {
        d.push_str(&format!("\n\nPflicht: {required}."));
    }
    let values = cell("Erlaubte Werte");
    if !values.is_empty() {
        d.push_str(&format!("\nErlaubte Werte: {values}."));
    }
    let example = cell("Erlaubte Werte")
        .split_once("z. B. `")
        .and_then(|(_, r)| r.split_once('`'))
        .map(|(v, _)| v.trim_matches('"').to_string());
    Row {
        description: d,
        example,
    }
}

fn section_schema(heading: &str) -> Option<&'static str> {
    code_spans(heading).iter().find_map(|c| file_schema(c))
}

fn file_schema(file: &str) -> Option<&'static str> {
    if file.ends_with(".md") {
        Some("front-matter.schema.json")
    } else {
        super::schema_for(file)
    }
}

impl Docs {
    pub fn read() -> Docs {
        let mut sections: BTreeMap<&'static str, Section> = BTreeMap::new();
        let mut current: Option<&'static str> = None;
        // Collecting the first paragraph after the heading.
        let mut in_intro = false;
        let mut header: Option<(Vec<String>, bool)> = None;
        let mut last_text = "";
        let mut block: Option<(String, Option<&'static str>, String)> = None;
        for line in DOC.lines() {
            let trimmed = line.trim_start();
            if let Some((fence, file, text)) = &mut block {
                if trimmed.starts_with(fence.as_str())
                    && trimmed.trim_start_matches('`').trim().is_empty()
                {
                    if let (Some(s), Some(f)) = (current, *file)
                        && s == f
                    {
                        let text = std::mem::take(text);
                        sections.entry(s).or_default().examples.push(text);
                    }
                    block = None;
                    last_text = "";
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
                continue;
            }
            if let Some(h) = line.strip_prefix("## ") {
                current = section_schema(h);
                in_intro = current.is_some();
                header = None;
                continue;
            }
            if trimmed.starts_with("```") {
                let ticks = trimmed.chars().take_while(|c| *c == '`').count();
                let is_yaml = trimmed[ticks..].trim() == "yaml";
                let file = code_spans(last_text)
                    .into_iter()
                    .rfind(|c| c.starts_with("content/"))
                    .and_then(file_schema)
                    .filter(|_| is_yaml);
                block = Some(("`".repeat(ticks), file, String::new()));
                in_intro = false;
                continue;
            }
            let Some(schema) = current else { continue };
            let section = sections.entry(schema).or_default();
            if in_intro {
                if line.trim().is_empty() || line.starts_with('#') {
                    in_intro = section.intro.is_empty();
                } else {
                    section.intro.push_str(line);
                    section.intro.push(' ');
                }
            }
            if trimmed.starts_with('|') {
                let c = cells(trimmed);
                match &header {
                    None => header = Some((c.clone(), c.first().is_some_and(|h| h == "Schlüssel"))),
                    Some((h, true)) => {
                        if let [key] = code_spans(&c[0]).as_slice() {
                            section.rows.insert(normalise(key), describe(h, &c));
                        }
                    }
                    Some(_) => {}
                }
            } else {
                header = None;
            }
            if !line.trim().is_empty() {
                last_text = line;
            }
        }
        Docs { sections }
    }

    /// Descriptions, examples and `$id` for schema `name`; returns the key paths the document
    /// does not describe.
    pub fn annotate(&self, name: &str, schema: &mut Value) -> Vec<String> {
        let empty = Section::default();
        let section = self.sections.get(name).unwrap_or(&empty);
        let mut missing = Vec::new();
        let title = schema.get("title").cloned();
        strip(schema);
        if let Some(t) = title {
            schema["title"] = t;
        }
        describe_keys(schema, "", section, &mut missing);
        schema["$id"] = json!(format!(
            "urn:krisenfest:{}:schema:{name}",
            env!("CARGO_PKG_VERSION")
        ));
        let intro = plain(&section.intro);
        if !intro.is_empty() {
            schema["description"] = json!(intro);
        }
        let examples: Vec<Value> = section
            .examples
            .iter()
            .filter_map(|y| serde_saphyr::from_str::<Value>(y).ok())
            .collect();
        if !examples.is_empty() {
            schema["examples"] = Value::Array(examples);
        }
        missing.sort();
        missing.dedup();
        missing
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn list_of(prefix: &str) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}[]")
    }
}

fn is_string(s: &Value) -> bool {
    match s.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(a)) => a.iter().any(|t| t == "string"),
        _ => ["anyOf", "oneOf"].iter().any(|k| {
            s.get(k)
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(is_string))
        }),
    }
}

fn set_key(s: &mut Value, path: &str, section: &Section, missing: &mut Vec<String>) {
    match section.rows.get(path) {
        Some(row) => {
            s["description"] = json!(row.description);
            if let Some(e) = &row.example
                && is_string(s)
                && s.get("enum").is_none()
            {
                s["examples"] = json!([e]);
            }
        }
        None => missing.push(path.to_string()),
    }
}

/// The same walk as the key paths of `tests/reference.rs`: properties, list items, arms and maps.
fn describe_keys(s: &mut Value, prefix: &str, section: &Section, missing: &mut Vec<String>) {
    let Some(obj) = s.as_object_mut() else { return };
    for k in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(arms)) = obj.get_mut(k) {
            for a in arms {
                describe_keys(a, prefix, section, missing);
            }
        }
    }
    if let Some(items) = obj.get_mut("items").filter(|i| i.is_object()) {
        describe_keys(items, &list_of(prefix), section, missing);
    }
    if let Some(ap) = obj
        .get_mut("additionalProperties")
        .filter(|v| v.is_object())
    {
        let p = join(prefix, MAP_KEY);
        set_key(ap, &p, section, missing);
        describe_keys(ap, &p, section, missing);
    }
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for (name, ps) in props.iter_mut() {
            let p = join(prefix, name);
            set_key(ps, &p, section, missing);
            describe_keys(ps, &p, section, missing);
        }
    }
}

/// Subschemas of a schema object, by keyword.
fn children(obj: &mut Map<String, Value>, mut f: impl FnMut(&mut Value)) {
    for (k, v) in obj.iter_mut() {
        match (k.as_str(), v) {
            ("properties" | "definitions" | "$defs" | "patternProperties", Value::Object(m)) => {
                m.values_mut().for_each(&mut f)
            }
            ("anyOf" | "oneOf" | "allOf" | "items", Value::Array(a)) => {
                a.iter_mut().for_each(&mut f)
            }
            (
                "items" | "additionalProperties" | "not" | "if" | "then" | "else" | "contains",
                v @ Value::Object(_),
            ) => f(v),
            _ => {}
        }
    }
}

/// Replace `$ref`s by copies of their definitions; a single-arm `allOf` (how draft 7 keeps a
/// `$ref` beside other keywords) merges into its parent.
pub fn inline(v: &mut Value, defs: &Value, depth: usize) {
    // The model has no recursive types; the bound only keeps a future one from hanging.
    if depth > 64 {
        return;
    }
    let Some(obj) = v.as_object_mut() else { return };
    if let Some(Value::String(r)) = obj.get("$ref")
        && let Some(def) = r
            .strip_prefix("#/definitions/")
            .and_then(|n| defs.get(n))
            .and_then(Value::as_object)
    {
        let def = def.clone();
        obj.remove("$ref");
        for (k, val) in def {
            obj.entry(k).or_insert(val);
        }
    }
    if let Some(Value::Array(arms)) = obj.get("allOf")
        && arms.len() == 1
        && let Some(arm) = arms[0].as_object()
        && arm.keys().all(|k| !obj.contains_key(k) || k == "allOf")
    {
        let arm = arm.clone();
        obj.remove("allOf");
        for (k, val) in arm {
            obj.insert(k, val);
        }
        return inline(v, defs, depth + 1);
    }
    children(obj, |c| inline(c, defs, depth + 1));
}

/// The model's own descriptions and type names are English notes for programmers; editors get
/// the document's. `oneOf` of constants (an enum with documented variants) becomes `enum`, which
/// editors offer for completion.
fn strip(v: &mut Value) {
    let Some(obj) = v.as_object_mut() else { return };
    obj.remove("description");
    obj.remove("title");
    if let Some(Value::Array(arms)) = obj.get("oneOf")
        && !arms.is_empty()
        && arms
            .iter()
            .all(|a| a.get("const").is_some_and(Value::is_string))
    {
        let values: Vec<Value> = arms
            .iter()
            .filter_map(|a| a.get("const"))
            .cloned()
            .collect();
        obj.remove("oneOf");
        obj.insert("type".into(), json!("string"));
        obj.insert("enum".into(), Value::Array(values));
    }
    children(obj, strip);
}
