//! `docs/inhalte.md`, the German content reference for editors, cannot go stale: it is checked
//! against the JSON Schemas that are generated from the loader's own types.
//!
//! How the document is read:
//!
//! - A `## ` heading starts a section. A section documents a schema when its heading names a file
//!   in backticks: `content/site.yaml`, `content/method.yaml`, `content/data/<kind>.yaml`
//!   (through `krisenfest::schema::schema_for`) or any `….md` path (the front matter of pages).
//! - The key table of a section is every Markdown table whose first header cell is `Schlüssel`.
//!   The first cell of each row holds the key path in backticks, written as in the schema walk
//!   below: dotted (`legal.publisher.name`), `[]` after a list (`phases[].items[].role`), a map
//!   key chosen by the editor as `<name>` (`criteria[].scores.<option-id>`; any name in angle
//!   brackets matches). Paths of data kinds are relative to one record (a file may hold one record
//!   or a list of them). The `Typ` cell starts with the German name of the schema type (`Text`,
//!   `Zahl`, `ganze Zahl`, `ja/nein`, `Datum`, `Liste`, `Objekt`, `Zuordnung`); the `Pflicht`
//!   cell starts with `ja` exactly when the schema requires the key; every allowed value of an
//!   enum appears in backticks somewhere in its row.
//! - An example is a fenced block, ```` ```yaml ```` (the file's YAML) or ```` ```markdown ````
//!   (a whole page), whose preceding text line names its file in backticks (`content/…`). Every
//!   `yaml` block must sit in a schema section and validate against that schema; together the
//!   examples of a section use every key of the schema, and all examples together are a plan that
//!   builds without errors or warnings.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

const DOC: &str = "docs/inhalte.md";

/// A map key in a normalised path: `<option-id>` in the document, `<*>` here.
const MAP_KEY: &str = "<*>";

/// What the schema says about one key path.
#[derive(Debug, Default, Clone)]
struct KeyInfo {
    required: bool,
    /// Allowed values of an enum (strings only).
    values: BTreeSet<String>,
    /// The schema's description (the Rust doc comment), a hint for the German text.
    description: Option<String>,
    /// What the `Typ` column must start with (None: the schema allows several kinds).
    typ: Option<&'static str>,
}

type Keys = BTreeMap<String, KeyInfo>;

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn list_of(prefix: &str) -> String {
    // A data kind file is one record or a list of records: both have the same key paths.
    if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}[]")
    }
}

/// Follows `$ref`s into `$defs`.
fn resolve<'a>(root: &'a Value, mut s: &'a Value) -> &'a Value {
    for _ in 0..64 {
        let Some(r) = s.get("$ref").and_then(Value::as_str) else {
            return s;
        };
        let name = r
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("unsupported $ref `{r}` (only #/$defs/… is walked)"));
        s = root
            .get("$defs")
            .and_then(|d| d.get(name))
            .unwrap_or_else(|| panic!("$ref `{r}` names no entry of $defs"));
    }
    panic!("$ref chain too long (cycle?)")
}

fn arms(s: &Value) -> impl Iterator<Item = &Value> {
    ["anyOf", "oneOf", "allOf"]
        .into_iter()
        .filter_map(|k| s.get(k).and_then(Value::as_array))
        .flatten()
}

/// Allowed string values of a scalar schema: `enum`, `const`, through `$ref` and arms.
fn enum_values(root: &Value, s: &Value) -> BTreeSet<String> {
    let s = resolve(root, s);
    let mut v: BTreeSet<String> = s
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(String::from)
        .collect();
    if let Some(c) = s.get("const").and_then(Value::as_str) {
        v.insert(c.to_string());
    }
    for a in arms(s) {
        v.extend(enum_values(root, a));
    }
    v
}

/// Every key path below `s`: `properties`, `$ref` into `$defs`, `items`, `anyOf`/`oneOf`/`allOf`
/// arms and `additionalProperties` maps (as `<*>`).
fn walk(root: &Value, s: &Value, prefix: &str, out: &mut Keys, depth: usize) {
    assert!(
        depth < 64,
        "schema nesting too deep at `{prefix}` (recursive $ref?)"
    );
    let s = resolve(root, s);
    for a in arms(s) {
        walk(root, a, prefix, out, depth + 1);
    }
    if let Some(items) = s.get("items").filter(|i| i.is_object()) {
        walk(root, items, &list_of(prefix), out, depth + 1);
    }
    if let Some(ap) = s.get("additionalProperties").filter(|v| v.is_object()) {
        let p = join(prefix, MAP_KEY);
        let info = out.entry(p.clone()).or_default();
        info.values.extend(enum_values(root, ap));
        info.typ = type_word(root, ap);
        if info.description.is_none() {
            info.description = description(s);
        }
        walk(root, ap, &p, out, depth + 1);
    }
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        let required: BTreeSet<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, ps) in props {
            let p = join(prefix, name);
            let info = out.entry(p.clone()).or_default();
            info.required |= required.contains(name.as_str());
            info.values.extend(enum_values(root, ps));
            info.typ = type_word(root, ps);
            if info.description.is_none() {
                info.description = description(ps).or_else(|| description(resolve(root, ps)));
            }
            walk(root, ps, &p, out, depth + 1);
        }
    }
}

/// JSON types of a value schema, through `$ref` and arms, without `null`; `date` for dates,
/// `map` for objects with free keys.
fn json_types(root: &Value, s: &Value, out: &mut BTreeSet<&'static str>) {
    let s = resolve(root, s);
    let types: Vec<&str> = match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for t in types {
        out.insert(match t {
            "string" if s.get("format").and_then(Value::as_str) == Some("date") => "date",
            "object" if s.get("additionalProperties").is_some_and(Value::is_object) => "map",
            "string" => "string",
            "object" => "object",
            "array" => "array",
            "boolean" => "boolean",
            "integer" => "integer",
            "number" => "number",
            _ => continue,
        });
    }
    for a in arms(s) {
        json_types(root, a, out);
    }
}

/// The German type name the document uses for a schema (the start of the `Typ` cell).
fn type_word(root: &Value, s: &Value) -> Option<&'static str> {
    let mut t = BTreeSet::new();
    json_types(root, s, &mut t);
    if t.contains("date") {
        t.remove("string");
    }
    match t.iter().next().filter(|_| t.len() == 1).copied()? {
        "date" => Some("Datum"),
        "string" => Some("Text"),
        "boolean" => Some("ja/nein"),
        "integer" => Some("ganze Zahl"),
        "number" => Some("Zahl"),
        "array" => Some("Liste"),
        "map" => Some("Zuordnung"),
        _ => Some("Objekt"),
    }
}

fn description(s: &Value) -> Option<String> {
    s.get("description")
        .and_then(Value::as_str)
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn schema_keys(schema: &Value) -> Keys {
    let mut out = Keys::new();
    walk(schema, schema, "", &mut out, 0);
    out
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

/// How a normalised key is best written in the document.
fn written(key: &str) -> String {
    key.replace(MAP_KEY, "<name>")
}

/// The texts in backticks on a line.
fn code_spans(line: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].chars().take_while(|c| *c == '`').count();
        let fence = &rest[start..start + ticks];
        let after = &rest[start + ticks..];
        let Some(end) = after.find(fence) else { break };
        spans.push(after[..end].trim().to_string());
        rest = &after[end + ticks..];
    }
    spans
}

/// Cells of a table row, split at unescaped `|`.
fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut out = vec![String::new()];
    let mut escaped = false;
    for c in t.chars() {
        match c {
            '|' if !escaped => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
        escaped = c == '\\';
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

fn is_separator(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')) && c.contains('-')
    })
}

#[derive(Debug)]
struct Row {
    /// Normalised key path.
    key: String,
    /// As written in the document.
    raw: String,
    line: usize,
    header: Vec<String>,
    cells: Vec<String>,
}

impl Row {
    fn cell(&self, name: &str) -> Option<&str> {
        let i = self.header.iter().position(|h| h == name)?;
        self.cells.get(i).map(String::as_str)
    }
}

#[derive(Debug)]
struct Block {
    lang: String,
    /// File named on the text line before the block.
    file: Option<String>,
    text: String,
    /// Line of the opening fence.
    line: usize,
}

#[derive(Debug)]
struct Section {
    heading: String,
    line: usize,
    schema: Option<&'static str>,
    rows: Vec<Row>,
    /// Rows whose first cell has no key in backticks: (line, text).
    bad_rows: Vec<(usize, String)>,
    blocks: Vec<Block>,
}

impl Section {
    fn new(heading: &str, line: usize) -> Section {
        Section {
            heading: heading.to_string(),
            line,
            schema: section_schema(heading),
            rows: Vec::new(),
            bad_rows: Vec::new(),
            blocks: Vec::new(),
        }
    }

    fn name(&self) -> String {
        format!("section `{}` ({DOC}:{})", self.heading, self.line)
    }
}

/// The schema a section documents, from the file named in its heading.
fn section_schema(heading: &str) -> Option<&'static str> {
    code_spans(heading).iter().find_map(|c| {
        if c.ends_with(".md") {
            Some("front-matter.schema.json")
        } else {
            krisenfest::schema::schema_for(c)
        }
    })
}

/// The schema of an example file.
fn file_schema(file: &str) -> Option<&'static str> {
    if file.ends_with(".md") {
        Some("front-matter.schema.json")
    } else {
        krisenfest::schema::schema_for(file)
    }
}

fn parse_doc(text: &str) -> Vec<Section> {
    let mut sections = vec![Section::new("(before the first ## heading)", 1)];
    let mut last_text: Option<&str> = None;
    // Inside a fenced block: its fence and the block read so far.
    let mut fenced: Option<(String, Block)> = None;
    // Inside a table: header, and whether it is a key table.
    let mut table: Option<(Vec<String>, bool)> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let trimmed = line.trim_start();
        if let Some((fence, block)) = &mut fenced {
            if trimmed.starts_with(fence.as_str())
                && trimmed.trim_start_matches('`').trim().is_empty()
            {
                let (_, block) = fenced.take().unwrap();
                sections.last_mut().unwrap().blocks.push(block);
                last_text = None;
            } else {
                block.text.push_str(line);
                block.text.push('\n');
            }
            continue;
        }
        if trimmed.starts_with("```") {
            let ticks = trimmed.chars().take_while(|c| *c == '`').count();
            let lang = trimmed[ticks..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string();
            let file = last_text.and_then(|l| {
                code_spans(l)
                    .into_iter()
                    .rfind(|c| c.starts_with("content/"))
            });
            let block = Block {
                lang,
                file,
                text: String::new(),
                line: n,
            };
            fenced = Some(("`".repeat(ticks), block));
            table = None;
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            sections.push(Section::new(h.trim(), n));
            table = None;
            last_text = None;
            continue;
        }
        if trimmed.starts_with('|') {
            let c = cells(trimmed);
            match &table {
                None => table = Some((c.clone(), c.first().is_some_and(|h| h == "Schlüssel"))),
                Some(_) if is_separator(&c) => {}
                Some((header, true)) => {
                    let section = sections.last_mut().unwrap();
                    let spans = code_spans(&c[0]);
                    match spans.as_slice() {
                        [key] => section.rows.push(Row {
                            key: normalise(key),
                            raw: key.clone(),
                            line: n,
                            header: header.clone(),
                            cells: c,
                        }),
                        _ => section.bad_rows.push((n, line.to_string())),
                    }
                }
                Some((_, false)) => {}
            }
        } else {
            table = None;
        }
        if !line.trim().is_empty() {
            last_text = Some(line);
        }
    }
    assert!(fenced.is_none(), "{DOC}: a fenced code block is not closed");
    sections
}

fn doc_sections() -> Vec<Section> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse_doc(&text)
}

/// Every schema with its section; panics unless each schema has exactly one.
fn schema_sections(sections: &[Section]) -> Vec<(&'static str, Value, &Section)> {
    let schemas = krisenfest::schema::all();
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (name, schema) in schemas {
        let found: Vec<&Section> = sections.iter().filter(|s| s.schema == Some(name)).collect();
        match found.as_slice() {
            [s] => out.push((name, schema, *s)),
            [] => problems.push(format!(
                "{name}: no section in {DOC}; add a `## …` heading naming the file in backticks (e.g. `content/data/risks.yaml`)"
            )),
            many => problems.push(format!(
                "{name}: {} sections in {DOC} ({}); keep one",
                many.len(),
                many.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    out
}

fn fail_if(problems: Vec<String>, what: &str) {
    assert!(
        problems.is_empty(),
        "{what} ({} problems):\n- {}",
        problems.len(),
        problems.join("\n- ")
    );
}

#[test]
fn every_schema_has_one_section_with_a_key_table() {
    let sections = doc_sections();
    let mut problems = Vec::new();
    for (name, _, s) in schema_sections(&sections) {
        if s.rows.is_empty() {
            problems.push(format!(
                "{}: no key table for {name}; add a table whose first column is `Schlüssel`",
                s.name()
            ));
        }
        for (line, text) in &s.bad_rows {
            problems.push(format!(
                "{DOC}:{line}: the first cell must hold exactly one key in backticks: {text}"
            ));
        }
        let mut seen = BTreeMap::new();
        for r in &s.rows {
            if let Some(first) = seen.insert(r.key.clone(), r.line) {
                problems.push(format!(
                    "{DOC}:{}: key `{}` is listed twice in {} (first at line {first})",
                    r.line,
                    r.raw,
                    s.name()
                ));
            }
        }
    }
    fail_if(problems, "key tables of docs/inhalte.md");
}

#[test]
fn every_schema_key_is_documented() {
    let sections = doc_sections();
    let mut problems = Vec::new();
    for (name, schema, s) in schema_sections(&sections) {
        let documented: BTreeMap<&str, usize> =
            s.rows.iter().map(|r| (r.key.as_str(), r.line)).collect();
        for (key, info) in schema_keys(&schema) {
            if documented.contains_key(key.as_str()) {
                continue;
            }
            // Where the row belongs: after the row of its parent key, if there is one.
            let parent = key
                .rsplit_once('.')
                .map(|(p, _)| p.trim_end_matches("[]"))
                .and_then(|p| documented.get(p).map(|l| (p, l)));
            let place = match parent {
                Some((p, l)) => format!(" after the row of `{}` ({DOC}:{l})", written(p)),
                None => String::new(),
            };
            let mut facts = vec![
                if info.required {
                    "required"
                } else {
                    "optional"
                }
                .to_string(),
            ];
            if !info.values.is_empty() {
                facts.push(format!(
                    "values {}",
                    info.values.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
            if let Some(d) = &info.description {
                facts.push(format!("schema says: {d}"));
            }
            problems.push(format!(
                "key `{}` of {name} is missing from {}: add a row `| `{}` | Typ | {} | Bedeutung | Erlaubte Werte |`{place} ({})",
                written(&key),
                s.name(),
                written(&key),
                if info.required { "ja" } else { "nein" },
                facts.join("; ")
            ));
        }
    }
    fail_if(problems, "schema keys missing from docs/inhalte.md");
}

#[test]
fn every_documented_key_exists_in_the_schema() {
    let sections = doc_sections();
    let mut problems = Vec::new();
    for (name, schema, s) in schema_sections(&sections) {
        let keys = schema_keys(&schema);
        for r in &s.rows {
            if !keys.contains_key(&r.key) {
                problems.push(format!(
                    "{DOC}:{}: key `{}` in {} does not exist in {name}; remove or rename the row (keys of this schema: {})",
                    r.line,
                    r.raw,
                    s.name(),
                    keys.keys().map(|k| written(k)).collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    for s in &sections {
        if s.schema.is_none() && !s.rows.is_empty() {
            problems.push(format!(
                "{} has a key table but names no schema file in its heading",
                s.name()
            ));
        }
    }
    fail_if(problems, "stale keys in docs/inhalte.md");
}

#[test]
fn type_required_and_allowed_values_match_the_schema() {
    let sections = doc_sections();
    let mut problems = Vec::new();
    for (name, schema, s) in schema_sections(&sections) {
        let keys = schema_keys(&schema);
        for r in &s.rows {
            let Some(info) = keys.get(&r.key) else {
                continue; // reported by every_documented_key_exists_in_the_schema
            };
            if r.cells.len() != r.header.len() {
                problems.push(format!(
                    "{DOC}:{}: the row of `{}` has {} cells, its table {} columns (a `|` inside a cell?)",
                    r.line,
                    r.raw,
                    r.cells.len(),
                    r.header.len()
                ));
            }
            match (r.cell("Typ"), info.typ) {
                (None, _) => problems.push(format!(
                    "{DOC}:{}: the table of {} has no `Typ` column",
                    r.line,
                    s.name()
                )),
                (Some(t), Some(want)) if !t.starts_with(want) => problems.push(format!(
                    "{DOC}:{}: `{}` is of type `{want}` in {name}, but its `Typ` cell says `{t}`",
                    r.line, r.raw
                )),
                _ => {}
            }
            match r.cell("Pflicht") {
                None => problems.push(format!(
                    "{DOC}:{}: the table of {} has no `Pflicht` column",
                    r.line,
                    s.name()
                )),
                Some(p) => {
                    let says_required = p.to_lowercase().starts_with("ja");
                    if says_required != info.required {
                        problems.push(format!(
                            "{DOC}:{}: `{}` is {} in {name}, but its `Pflicht` cell says `{p}`; start it with {}",
                            r.line,
                            r.raw,
                            if info.required { "required" } else { "optional" },
                            if info.required { "`ja`" } else { "`nein` or `bedingt`" }
                        ));
                    }
                }
            }
            let row_spans: BTreeSet<String> = r.cells.iter().flat_map(|c| code_spans(c)).collect();
            for v in &info.values {
                if !row_spans.contains(v) {
                    problems.push(format!(
                        "{DOC}:{}: the row of `{}` in {} does not name the allowed value `{v}` (in backticks); allowed: {}",
                        r.line,
                        r.raw,
                        s.name(),
                        info.values.iter().cloned().collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
    }
    fail_if(
        problems,
        "Typ or Pflicht column or allowed values out of date",
    );
}

fn validator(schemas: &BTreeMap<&'static str, Value>, name: &str) -> jsonschema::Validator {
    jsonschema::validator_for(&schemas[name])
        .unwrap_or_else(|e| panic!("{name} is not a valid schema: {e}"))
}

/// The schema of one record of a data kind (whose file schema is "a record or a list of them"),
/// for messages that name the offending key instead of the whole `anyOf`.
fn record_schema(schema: &Value) -> Option<Value> {
    let arms = schema.get("anyOf")?.as_array()?;
    let mut one = arms
        .iter()
        .find(|a| a.get("type") != Some(&Value::from("array")))?
        .clone();
    if let Some(defs) = schema.get("$defs") {
        one["$defs"] = defs.clone();
    }
    Some(one)
}

/// Schema errors of an example, record by record for data kinds.
fn validation_errors(
    schemas: &BTreeMap<&'static str, Value>,
    name: &str,
    value: &Value,
) -> Vec<String> {
    if validator(schemas, name).is_valid(value) {
        return Vec::new();
    }
    let describe = |v: &jsonschema::Validator, x: &Value, at: &str| -> Vec<String> {
        v.iter_errors(x)
            .map(|e| format!("{e} at `{at}{}`", e.instance_path()))
            .collect()
    };
    let record = record_schema(&schemas[name]).map(|r| {
        jsonschema::validator_for(&r).unwrap_or_else(|e| panic!("record schema of {name}: {e}"))
    });
    let errs = match (&record, value) {
        (Some(r), Value::Array(list)) => list
            .iter()
            .enumerate()
            .flat_map(|(i, x)| describe(r, x, &format!("/{i}")))
            .collect(),
        (Some(r), x) => describe(r, x, ""),
        (None, x) => describe(&validator(schemas, name), x, ""),
    };
    if errs.is_empty() {
        describe(&validator(schemas, name), value, "")
    } else {
        errs
    }
}

/// The front matter of a page: the YAML between the opening `---` line and the next `---` line.
fn front_matter(page: &str) -> Option<&str> {
    let rest = page.strip_prefix("---\n")?;
    let mut end = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(&rest[..end]);
        }
        end += line.len();
    }
    None
}

/// The YAML an example holds, parsed: the file for `yaml`, the front matter for `markdown`.
fn example_value(b: &Block) -> Result<Option<Value>, String> {
    let yaml = match b.lang.as_str() {
        "yaml" | "yml" => b.text.as_str(),
        "markdown" | "md" => front_matter(&b.text)
            .ok_or("the page does not start with front matter between `---` lines")?,
        _ => return Ok(None),
    };
    serde_saphyr::from_str::<Value>(yaml)
        .map(Some)
        .map_err(|e| format!("does not parse as YAML: {e}"))
}

/// Key paths an example value uses, in the notation of `schema_keys`.
fn value_keys(v: &Value, prefix: &str, schema: &Keys, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            let map_key = join(prefix, MAP_KEY);
            let is_map = schema.contains_key(&map_key);
            for (k, child) in m {
                let p = if is_map {
                    map_key.clone()
                } else {
                    join(prefix, k)
                };
                out.insert(p.clone());
                value_keys(child, &p, schema, out);
            }
        }
        Value::Array(a) => {
            let p = list_of(prefix);
            for x in a {
                value_keys(x, &p, schema, out);
            }
        }
        _ => {}
    }
}

#[test]
fn examples_validate_against_their_section_schema_and_use_every_key() {
    let sections = doc_sections();
    let schemas = krisenfest::schema::all();
    let mut problems = Vec::new();
    for s in &sections {
        for b in &s.blocks {
            let at = format!("{DOC}:{}: ```{} example in {}", b.line, b.lang, s.name());
            let value = match example_value(b) {
                Ok(Some(v)) => v,
                Ok(None) => continue,
                Err(e) => {
                    problems.push(format!("{at} {e}"));
                    continue;
                }
            };
            let Some(schema) = s.schema else {
                problems.push(format!(
                    "{at}: examples belong in a section whose heading names their file; use ```text for fragments"
                ));
                continue;
            };
            match b.file.as_deref() {
                None => problems.push(format!(
                    "{at}: the text line before the block must name its file in backticks, e.g. Datei `content/data/risks.yaml`:"
                )),
                Some(f) if file_schema(f) != Some(schema) => problems.push(format!(
                    "{at}: its file `{f}` is checked against {}, not against {schema}",
                    file_schema(f).unwrap_or("no schema")
                )),
                Some(_) => {}
            }
            let errs = validation_errors(&schemas, schema, &value);
            if !errs.is_empty() {
                problems.push(format!(
                    "{at} does not validate against {schema}: {}",
                    errs.join("; ")
                ));
            }
        }
    }
    for (name, schema, s) in schema_sections(&sections) {
        let keys = schema_keys(&schema);
        let mut used = BTreeSet::new();
        let mut examples = 0;
        for b in &s.blocks {
            if let Ok(Some(v)) = example_value(b) {
                examples += 1;
                value_keys(&v, "", &keys, &mut used);
            }
        }
        if examples == 0 {
            problems.push(format!("{} has no ```yaml example of {name}", s.name()));
            continue;
        }
        let unused: Vec<String> = keys
            .keys()
            .filter(|k| !used.contains(*k))
            .map(|k| format!("`{}`", written(k)))
            .collect();
        if !unused.is_empty() {
            problems.push(format!(
                "the examples of {} never use {}: show every key in an example",
                s.name(),
                unused.join(", ")
            ));
        }
        for k in &used {
            if !keys.contains_key(k) {
                problems.push(format!(
                    "an example of {} uses `{}`, which {name} does not know",
                    s.name(),
                    written(k)
                ));
            }
        }
    }
    fail_if(problems, "examples in docs/inhalte.md");
}

/// A file of the example plan and where its text starts in the document.
struct PlanFile {
    text: String,
    /// Document line of the file's line 1.
    doc_line: usize,
}

fn example_plan(sections: &[Section]) -> BTreeMap<String, PlanFile> {
    let mut files: BTreeMap<String, PlanFile> = BTreeMap::new();
    for s in sections {
        for b in &s.blocks {
            let Some(file) = &b.file else { continue };
            let (text, doc_line) = match (b.lang.as_str(), file.ends_with(".md")) {
                ("yaml" | "yml", false) | ("markdown" | "md", true) => (b.text.clone(), b.line + 1),
                // The front matter of a page: give it the fences and a body.
                ("yaml" | "yml", true) => (
                    format!("---\n{}---\nBeispielseite aus {DOC}.\n", b.text),
                    b.line,
                ),
                _ => continue,
            };
            if let Some(first) = files.get(file) {
                panic!(
                    "{DOC}:{}: `{file}` is already the file of the example at line {}; give each example its own file",
                    b.line,
                    first.doc_line.saturating_sub(1)
                );
            }
            files.insert(file.clone(), PlanFile { text, doc_line });
        }
    }
    files
}

#[test]
fn examples_together_build_a_plan_without_errors_or_warnings() {
    let sections = doc_sections();
    let files = example_plan(&sections);
    assert!(
        files.contains_key("content/site.yaml"),
        "{DOC} has no example of content/site.yaml, so its examples are no plan"
    );
    let list: Vec<(String, &str)> = files
        .iter()
        .map(|(f, p)| (format!("plan/{f}"), p.text.as_str()))
        .collect();
    let list: Vec<(&str, &str)> = list.iter().map(|(f, t)| (f.as_str(), *t)).collect();
    let dir = common::plan(&list);
    let root = dir.path().join("plan");
    // The site.yaml example names a theme folder with overrides and a baseline beside the plan;
    // empty ones are enough here.
    std::fs::create_dir_all(root.join("themes/musterstadt")).unwrap();
    std::fs::create_dir_all(dir.path().join("vorlage/content")).unwrap();
    let r = common::build_plan(&root);
    let found: Vec<String> = r
        .diagnostics
        .snapshot()
        .into_iter()
        .map(|d| {
            let file = d
                .file
                .as_ref()
                .map(|f| f.to_string_lossy().replace('\\', "/"));
            let origin = match (file.as_ref().and_then(|f| files.get(f)), d.pos) {
                (Some(p), Some(pos)) => {
                    format!(" — example line {DOC}:{}", p.doc_line + pos.line - 1)
                }
                (Some(p), None) => format!(" — example at {DOC}:{}", p.doc_line),
                _ => String::new(),
            };
            format!(
                "{:?}: {} at {}{origin}{}",
                d.severity,
                d.message,
                d.location(),
                d.hint.map(|h| format!(" (hint: {h})")).unwrap_or_default()
            )
        })
        .collect();
    fail_if(
        found,
        "the examples of docs/inhalte.md, built together as one plan, are not clean",
    );
    assert!(
        r.outputs.iter().any(|o| o.spec.name == "public"),
        "the example plan built no public output"
    );
}

#[test]
fn the_walk_covers_maps_lists_and_refs() {
    // The notation the document relies on, on the real schemas.
    let schemas = krisenfest::schema::all();
    let eval = schema_keys(&schemas["evaluations.schema.json"]);
    assert!(eval.contains_key("criteria[].scores.<*>"), "{eval:#?}");
    assert!(eval["criteria[].kind"].values.contains("gate"));
    assert!(eval["options"].required && !eval["decision"].required);
    let method = schema_keys(&schemas["method.schema.json"]);
    assert!(method.contains_key("matrix.<*>"));
    let check = schema_keys(&schemas["checklists.schema.json"]);
    assert!(check.contains_key("phases[].items[].role"));
    let site = schema_keys(&schemas["site.schema.json"]);
    assert!(site["legal.publisher.name"].required);
    assert_eq!(
        site["legal.accessibility.statement_date"].typ,
        Some("Datum")
    );
    assert_eq!(method["matrix"].typ, Some("Zuordnung"));
    assert_eq!(eval["criteria[].kind"].typ, Some("Text"));
    // Every key has one type, so the `Typ` column is checked everywhere.
    for (name, schema) in &schemas {
        for (key, info) in schema_keys(schema) {
            assert!(info.typ.is_some(), "{name}: `{key}` has no single type");
        }
    }
    assert_eq!(
        normalise("criteria[].pass.<option-id>"),
        "criteria[].pass.<*>"
    );
    assert_eq!(
        code_spans("| `` a `b` `` | `c` |"),
        ["a `b`".to_string(), "c".to_string()]
    );
}
