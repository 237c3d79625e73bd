//! `content/data/overrides.yaml`: how a plan changes the records of its baseline (design §10).
//! Read with positions so that every mistake points at the line the editor wrote.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::common::span_pos;
use crate::msg;

pub const FILE: &str = "content/data/overrides.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: Spanned<String>,
    #[serde(default)]
    pub set: Option<BTreeMap<String, Spanned<Value>>>,
    #[serde(default)]
    pub append: Option<BTreeMap<String, Spanned<Value>>>,
    #[serde(default)]
    pub applicable: Option<Spanned<bool>>,
    #[serde(default)]
    pub reason: Option<Spanned<String>>,
}

impl Entry {
    pub fn id_pos(&self) -> Pos {
        span_pos(&self.id, self.id.value.chars().count(), 0)
    }

    pub fn reason(&self) -> String {
        self.reason
            .as_ref()
            .map(|r| r.value.trim().to_string())
            .unwrap_or_default()
    }

    pub fn not_applicable(&self) -> bool {
        self.applicable.as_ref().is_some_and(|a| !a.value)
    }
}

/// Where a field of `set`/`append` was written: at its key when the key is on the value's line
/// (the usual `owner: Kämmerei`), else at the value.
pub fn field_pos(text: &str, key: &str, value: &Spanned<Value>) -> Pos {
    let p = span_pos(value, 1, 0);
    let line = text.lines().nth(p.line.saturating_sub(1)).unwrap_or("");
    let before: String = line.chars().take(p.col.saturating_sub(1)).collect();
    match before.rfind(key) {
        Some(byte) => Pos::new(
            p.line,
            before[..byte].chars().count() + 1,
            key.chars().count(),
        ),
        None => Pos::new(p.line, p.col, 1),
    }
}

/// The entries of the file, or an empty list (with a diagnostic) when it cannot be read.
pub fn parse(text: &str, diags: &Diagnostics) -> Vec<Entry> {
    let display = Path::new(FILE);
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Vec::new();
    }
    match crate::yaml::parse::<Vec<Entry>>(text, display, 0) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d.hint(msg!(
                "overrides.yaml ist eine Liste: `- id: R-001` mit `set: {{feld: wert}}` und `reason: …`, `applicable: false` mit `reason: …` oder `append: {{liste: [..]}}`",
                "overrides.yaml is a list: `- id: R-001` with `set: {{field: value}}` and `reason: …`, `applicable: false` with `reason: …` or `append: {{list: [..]}}`"
            )));
            Vec::new()
        }
    }
}

/// The checks that need nothing but the entry: something to do, and a reason where required.
pub fn check_entry(e: &Entry, diags: &Diagnostics) -> bool {
    let display = Path::new(FILE);
    let id = &e.id.value;
    if e.set.is_none() && e.append.is_none() && e.applicable.is_none() {
        diags.push(
            Diagnostic::error(msg!(
                "die Überschreibung von `{id}` ändert nichts",
                "the override of `{id}` changes nothing"
            ))
            .at(display, e.id_pos())
            .hint(msg!(
                "Geben Sie `set: {{feld: wert}}`, `append: {{liste: [..]}}` oder `applicable: false` an",
                "give `set: {{field: value}}`, `append: {{list: [..]}}` or `applicable: false`"
            )),
        );
        return false;
    }
    let needs_reason = e.set.is_some() || e.not_applicable();
    if needs_reason && e.reason().is_empty() {
        let message = if e.not_applicable() {
            msg!(
                "die Begründung fehlt: `{id}` ist ohne `reason` als nicht anwendbar markiert",
                "missing reason: `{id}` is marked not applicable without `reason`"
            )
        } else {
            msg!(
                "die Begründung fehlt: `{id}` wird ohne `reason` geändert",
                "missing reason: `{id}` is changed without `reason`"
            )
        };
        diags.push(
            Diagnostic::error(message)
            .at(display, e.id_pos())
            .label(msg!("hier", "here"))
            .hint(msg!(
                "Ergänzen Sie `reason: …`: warum weicht Ihre Kommune von der Vorlage ab? Die Begründung steht auf der Seite der Abweichungen",
                "add `reason: …`: why does your municipality deviate from the baseline? The reason is shown on the deviations page"
            )),
        );
        return false;
    }
    true
}

/// Mappings merge key by key, everything else replaces; `null` removes the key.
pub fn deep_merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                if v.is_null() {
                    b.remove(k);
                } else if let Some(bv) = b.get_mut(k) {
                    deep_merge(bv, v);
                } else {
                    b.insert(k.clone(), v.clone());
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
}

/// The leaves an override touches, as (dotted path, baseline value, local value): nested
/// mappings are followed as far as both sides are mappings.
pub fn leaves(
    path: &str,
    base: Option<&Value>,
    over: &Value,
    out: &mut Vec<(String, Value, Value)>,
) {
    match (base, over) {
        (Some(Value::Object(b)), Value::Object(o)) => {
            for (k, v) in o {
                leaves(&format!("{path}.{k}"), b.get(k), v, out);
            }
        }
        (b, o) => out.push((
            path.to_string(),
            b.cloned().unwrap_or(Value::Null),
            o.clone(),
        )),
    }
}

/// The value at a dotted path.
pub fn at_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// A value as the deviation page shows it: text as written, lists joined.
pub fn show(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join(", "),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| format!("{k}: {}", show(v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mappings_merge_lists_replace() {
        let mut base = json!({"a": {"x": 1, "y": [1, 2]}, "b": "alt"});
        deep_merge(&mut base, &json!({"a": {"y": [3], "z": true}, "b": null}));
        assert_eq!(base, json!({"a": {"x": 1, "y": [3], "z": true}}));
    }

    #[test]
    fn leaves_follow_mappings() {
        let mut out = Vec::new();
        let base = json!({"x": 1, "y": "a"});
        leaves("t", Some(&base), &json!({"y": "b", "n": [1]}), &mut out);
        assert_eq!(
            out,
            vec![
                ("t.n".into(), Value::Null, json!([1])),
                ("t.y".into(), json!("a"), json!("b")),
            ]
        );
        assert_eq!(at_path(&json!({"t": {"y": 2}}), "t.y"), Some(&json!(2)));
        assert_eq!(show(&json!(["a", 1, {"k": true}])), "a, 1, k: true");
    }
}
