//! A plan built on a baseline (design §10): the baseline's data files are read with the plan's
//! own loader, `overrides.yaml` is applied on the YAML value tree of each record, and the result
//! goes on as ordinary data files — so validation, the typed parse and every later stage see
//! one plan and need not know about baselines.
//!
//! Positions: a baseline record keeps the text of its file (every other record blanked, as
//! `split_items` does), so an untouched field is reported in the baseline file at its line. An
//! overridden top-level key is blanked there and written again below the end of that file, as
//! JSON (a YAML flow value); [`Diagnostics::remap_line`] sends whatever is reported on such a
//! line to the override that set it, in `content/data/overrides.yaml`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::Spanned;

use super::overrides::{self, Entry};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, Sources};
use crate::model::DataFile;
use crate::model::baseline::{BaselineInfo, Deviation, Origin, RecordRef};
use crate::model::common::span_pos;
use crate::msg;

/// One record of a data file, read without its type.
pub(super) struct Item {
    pub id: Spanned<String>,
    pub kind: String,
    pub title: String,
    pub value: Value,
    /// The file's text with every other record blanked (a mapping, at the record's columns).
    pub text: String,
}

#[derive(Deserialize)]
struct Head {
    id: Spanned<String>,
}

/// The records of one data file, and whether they can be cut apart by lines: not in a one-line
/// list (`[{…}, {…}]`), whose records all share the file's text.
pub(super) struct FileItems {
    pub items: Vec<Item>,
    pub cuttable: bool,
}

pub(super) fn items(f: &DataFile) -> FileItems {
    let (texts, cuttable) = if crate::model::records::is_list(&f.text) {
        match crate::model::records::split_items(&f.text) {
            Some(t) => (t, true),
            None => return flow_items(f),
        }
    } else {
        (vec![f.text.to_string()], true)
    };
    let items = texts
        .into_iter()
        .filter_map(|text| {
            // Unreadable records are reported by the typed parse; here they only pass through.
            let head: Head = crate::yaml::parse_raw(&text).ok()?;
            let value: Value = crate::yaml::parse_raw(&text).ok()?;
            Some(item(f, head, value, text))
        })
        .collect();
    FileItems { items, cuttable }
}

type ItemCache = std::collections::HashMap<(PathBuf, String), (Arc<str>, Arc<FileItems>)>;

/// [`items`] of a baseline file, read once per process for all the plans built on it
/// (`build --all`): same path, kind and text give the same records.
fn items_cached(f: &DataFile) -> Arc<FileItems> {
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<ItemCache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (f.file.clone(), f.kind.clone());
    if let Some((text, its)) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key)
        && *text == f.text
    {
        return its.clone();
    }
    let its = Arc::new(items(f));
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, (f.text.clone(), its.clone()));
    its
}

fn flow_items(f: &DataFile) -> FileItems {
    let heads: Vec<Head> = crate::yaml::parse_raw(&f.text).unwrap_or_default();
    let values: Vec<Value> = crate::yaml::parse_raw(&f.text).unwrap_or_default();
    let items = heads
        .into_iter()
        .zip(values)
        .map(|(h, v)| item(f, h, v, f.text.to_string()))
        .collect();
    FileItems {
        items,
        cuttable: false,
    }
}

fn item(f: &DataFile, head: Head, value: Value, text: String) -> Item {
    let title = ["title", "name"]
        .iter()
        .find_map(|k| value.get(*k).and_then(Value::as_str))
        .unwrap_or(&head.id.value)
        .to_string();
    Item {
        id: head.id,
        kind: f.kind.clone(),
        title,
        value,
        text,
    }
}

fn record_ref(i: &Item) -> RecordRef {
    RecordRef {
        id: i.id.value.clone(),
        kind: i.kind.clone(),
        title: i.title.clone(),
    }
}

/// The plan's data: its own files, the baseline's with `overrides.yaml` applied. The baseline's
/// `method` and `bcms` (one per plan) count only when the plan has none of its own.
pub fn apply(
    local: Vec<DataFile>,
    base: Vec<DataFile>,
    base_path: &str,
    root: &Path,
    diags: &Diagnostics,
    sources: &Sources,
) -> (Vec<DataFile>, BaselineInfo) {
    let local_kinds: BTreeSet<&str> = local.iter().map(|f| f.kind.as_str()).collect();
    let base: Vec<DataFile> = base
        .into_iter()
        .filter(|f| {
            !(matches!(f.kind.as_str(), "method" | "bcms") && local_kinds.contains(f.kind.as_str()))
        })
        .collect();

    let base_items: Vec<Arc<FileItems>> = base.iter().map(items_cached).collect();
    let mut base_ids: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (fi, its) in base_items.iter().enumerate() {
        for (ii, it) in its.items.iter().enumerate() {
            base_ids.entry(it.id.value.as_str()).or_insert((fi, ii));
        }
    }
    let local_items: Vec<(PathBuf, Item)> = local
        .iter()
        .filter(|f| f.kind != "method" && f.kind != "bcms")
        .flat_map(|f| items(f).items.into_iter().map(|i| (f.file.clone(), i)))
        .collect();
    let mut info = BaselineInfo {
        path: base_path.to_string(),
        ..Default::default()
    };
    let mut drop: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (file, it) in &local_items {
        if let Some(&at) = base_ids.get(it.id.value.as_str()) {
            let b = &base_items[at.0].items[at.1];
            let id = &it.id.value;
            diags.push(
                Diagnostic::error(msg!(
                    "die ID `{id}` gibt es schon in der Vorlage",
                    "the id `{id}` is already in the baseline"
                ))
                .at(file, span_pos(&it.id, id.chars().count(), 0))
                .label(msg!("auch in der Vorlage", "also in the baseline"))
                .hint(msg!(
                    "Die Vorlage legt `{id}` an in {}:{}. Um ihn zu ändern, schreiben Sie in content/data/overrides.yaml `- id: {id}` mit `set: {{…}}` und `reason: …`; für einen eigenen Eintrag wählen Sie eine neue ID",
                    "the baseline defines `{id}` in {}:{}. To change it, write `- id: {id}` with `set: {{…}}` and `reason: …` in content/data/overrides.yaml; for a record of your own choose a new id";
                    crate::diagnostics::display_path(&base[at.0].file),
                    b.id.referenced.line()
                )),
            );
            // the local record stands; the baseline's would only add a duplicate-id error
            drop.insert(at);
        } else {
            info.origins.insert(it.id.value.clone(), Origin::Local);
            info.additions.push(record_ref(it));
        }
    }

    let over_path = root.join(overrides::FILE);
    let entries = match std::fs::read_to_string(&over_path) {
        Ok(text) => {
            let text = text.trim_start_matches('\u{feff}').to_string();
            sources.insert(Path::new(overrides::FILE), text.clone().into());
            let e = overrides::parse(&text, diags);
            Some((text, e))
        }
        Err(_) => None,
    };
    let lock = super::lock::read(root, diags, sources);
    let (over_text, entries) = entries.unwrap_or_default();
    let local_ids: BTreeSet<&str> = local_items
        .iter()
        .map(|(_, i)| i.id.value.as_str())
        .collect();
    let mut by_record: BTreeMap<(usize, usize), Vec<&Entry>> = BTreeMap::new();
    for e in &entries {
        if !overrides::check_entry(e, diags) {
            continue;
        }
        let id = e.id.value.as_str();
        let Some(&at) = base_ids.get(id) else {
            unknown_id(e, &base_ids, &local_ids, lock.as_ref(), diags);
            continue;
        };
        if drop.contains(&at) {
            continue;
        }
        by_record.entry(at).or_default().push(e);
    }

    // Ids the plan marks not applicable: they leave the baseline's lists with them, or every
    // baseline record naming one would be an error the editor cannot fix but by overriding it.
    let na: BTreeMap<String, Pos> = by_record
        .values()
        .flatten()
        .filter(|e| e.not_applicable())
        .map(|e| (e.id.value.clone(), e.id_pos()))
        .collect();
    // the baseline's records first, in its order, then the plan's own: lists read like the
    // baseline with the local additions at the end
    let mut out = Vec::with_capacity(base.len() + local.len());
    let remap_base = |f: &DataFile| f.text.lines().count() + 2;
    for (fi, f) in base.iter().enumerate() {
        let touched = drop.iter().chain(by_record.keys()).any(|(x, _)| *x == fi)
            || base_items[fi]
                .items
                .iter()
                .any(|it| !pruned_keys(&it.value, &na).is_empty());
        let its = &base_items[fi].items;
        if !touched || !base_items[fi].cuttable {
            if touched {
                diags.push(
                    Diagnostic::error(msg!(
                        "Einträge einer einzeiligen Liste `[…]` lassen sich nicht überschreiben",
                        "records of a one-line list `[…]` cannot be overridden"
                    ))
                    .in_file(&f.file)
                    .hint(msg!(
                        "Schreiben Sie die Liste der Vorlage untereinander, ein Eintrag je `- id: …`",
                        "write the baseline's list one record per `- id: …`"
                    )),
                );
            }
            for it in its {
                info.origins.insert(it.id.value.clone(), Origin::Baseline);
            }
            out.push(f.clone());
            continue;
        }
        let mut next_line = remap_base(f);
        for (ii, it) in its.iter().enumerate() {
            if drop.contains(&(fi, ii)) {
                continue;
            }
            let ents = by_record.get(&(fi, ii)).cloned().unwrap_or_default();
            if let Some(na) = ents.iter().find(|e| e.not_applicable()) {
                info.not_applicable.push((record_ref(it), na.reason()));
                continue;
            }
            let text = if ents.iter().any(|e| e.set.is_some() || e.append.is_some())
                || !pruned_keys(&it.value, &na).is_empty()
            {
                let (text, devs, used) =
                    merged(it, &ents, &na, &f.file, &over_text, next_line, diags);
                next_line += used;
                if devs.is_empty() {
                    info.origins.insert(it.id.value.clone(), Origin::Baseline);
                } else {
                    info.origins.insert(it.id.value.clone(), Origin::Adapted);
                }
                info.deviations.extend(devs);
                text
            } else {
                info.origins.insert(it.id.value.clone(), Origin::Baseline);
                it.text.clone()
            };
            out.push(DataFile {
                kind: f.kind.clone(),
                file: f.file.clone(),
                text: Arc::from(text),
            });
        }
    }
    out.extend(local);
    info.current = base_items
        .iter()
        .flat_map(|f| f.items.iter())
        .map(|i| {
            (
                i.id.value.clone(),
                (i.kind.clone(), i.title.clone(), i.value.clone()),
            )
        })
        .collect();
    info.version = super::lock::version(&info.current);
    if let Some(lock) = lock {
        super::lock::compare(&lock, &mut info);
        super::lock::report(&info, diags);
    }
    (out, info)
}

fn unknown_id(
    e: &Entry,
    base_ids: &BTreeMap<&str, (usize, usize)>,
    local_ids: &BTreeSet<&str>,
    lock: Option<&super::lock::Lock>,
    diags: &Diagnostics,
) {
    let id = e.id.value.as_str();
    let d = Diagnostic::error(msg!(
        "die Vorlage hat keinen Eintrag `{id}`",
        "the baseline has no record `{id}`"
    ))
    .at(overrides::FILE, e.id_pos());
    let candidates: Vec<&str> = base_ids.keys().copied().collect();
    let d = if local_ids.contains(id) {
        d.hint(msg!(
            "`{id}` ist ein eigener Eintrag Ihres Plans: ändern Sie ihn in seiner Datei, nicht in overrides.yaml",
            "`{id}` is a record of your own plan: change it in its file, not in overrides.yaml"
        ))
    } else if lock.is_some_and(|l| l.records.contains_key(id)) {
        d.hint(msg!(
            "die Vorlage hat `{id}` entfernt, seit Sie sie übernommen haben; löschen Sie die Überschreibung oder legen Sie `{id}` als eigenen Eintrag an",
            "the baseline removed `{id}` since you accepted it; delete the override or add `{id}` as a record of your own"
        ))
    } else if let Some(s) = crate::yaml::suggest(id, &candidates) {
        d.hint(msg!("meinten Sie `{s}`?", "did you mean `{s}`?"))
    } else {
        d.hint(msg!(
            "Überschreiben lassen sich nur Einträge der Vorlage; prüfen Sie die ID",
            "only baseline records can be overridden; check the id"
        ))
    };
    diags.push(d);
}

/// The record's text with the overridden keys blanked and written again from line `first` on;
/// returns it, the deviations and the number of lines used.
fn merged(
    it: &Item,
    ents: &[&Entry],
    na: &BTreeMap<String, Pos>,
    file: &Path,
    over_text: &str,
    first: usize,
    diags: &Diagnostics,
) -> (String, Vec<Deviation>, usize) {
    let fields = super::fields::of(&it.kind);
    let mut value = it.value.clone();
    let mut devs = Vec::new();
    // top-level key → where the override wrote it
    let mut touched: BTreeMap<String, Pos> = BTreeMap::new();
    let over_file = Path::new(overrides::FILE);
    for e in ents {
        let reason = e.reason();
        for (how, map) in [("set", &e.set), ("append", &e.append)] {
            for (key, v) in map.iter().flatten() {
                let pos = overrides::field_pos(over_text, key, v);
                if !super::fields::known(key, &fields, &it.id.value, pos, diags) {
                    continue;
                }
                if touched.contains_key(key) {
                    diags.push(
                        Diagnostic::error(msg!(
                            "`{key}` von `{}` wird zweimal überschrieben",
                            "`{key}` of `{}` is overridden twice";
                            it.id.value
                        ))
                        .at(over_file, pos)
                        .hint(msg!(
                            "Fassen Sie die Änderungen an `{key}` in einem Eintrag zusammen",
                            "combine the changes to `{key}` into one entry"
                        )),
                    );
                    continue;
                }
                // a record is a mapping (it has an `id`)
                let Some(obj) = value.as_object_mut() else {
                    continue;
                };
                let old = obj.get(key).cloned();
                if how == "append" {
                    let Some(add) = v.value.as_array() else {
                        diags.push(
                            Diagnostic::error(msg!(
                                "`append` braucht eine Liste, `{key}` ist keine",
                                "`append` needs a list, `{key}` is none"
                            ))
                            .at(over_file, pos)
                            .hint(msg!(
                                "Schreiben Sie `{key}: [ID-1, ID-2]`; einzelne Werte ändern Sie mit `set`",
                                "write `{key}: [ID-1, ID-2]`; single values are changed with `set`"
                            )),
                        );
                        continue;
                    };
                    let mut list = match &old {
                        Some(Value::Array(a)) => a.clone(),
                        None | Some(Value::Null) => Vec::new(),
                        Some(_) => {
                            diags.push(
                                Diagnostic::error(msg!(
                                    "`{key}` von `{}` ist in der Vorlage keine Liste",
                                    "`{key}` of `{}` is no list in the baseline";
                                    it.id.value
                                ))
                                .at(over_file, pos)
                                .hint(msg!(
                                    "Ersetzen Sie den Wert mit `set: {{{key}: …}}` und `reason: …`",
                                    "replace the value with `set: {{{key}: …}}` and `reason: …`"
                                )),
                            );
                            continue;
                        }
                    };
                    list.extend(add.iter().cloned());
                    let new = Value::Array(list);
                    devs.push(deviation(
                        it,
                        key,
                        "append",
                        old.unwrap_or(Value::Null),
                        new.clone(),
                        &reason,
                        pos,
                    ));
                    obj.insert(key.clone(), new);
                } else {
                    if key == "id" {
                        diags.push(
                            Diagnostic::error(msg!(
                                "die ID eines Eintrags der Vorlage lässt sich nicht ändern",
                                "the id of a baseline record cannot be changed"
                            ))
                            .at(over_file, pos)
                            .hint(msg!(
                                "Setzen Sie `applicable: false` und legen Sie einen eigenen Eintrag mit der neuen ID an",
                                "set `applicable: false` and add a record of your own with the new id"
                            )),
                        );
                        continue;
                    }
                    let mut ls = Vec::new();
                    overrides::leaves(key, old.as_ref(), &v.value, &mut ls);
                    for (path, b, l) in ls {
                        devs.push(deviation(it, &path, "set", b, l, &reason, pos));
                    }
                    let mut slot = old.unwrap_or(Value::Null);
                    if v.value.is_null() {
                        obj.remove(key);
                    } else {
                        overrides::deep_merge(&mut slot, &v.value);
                        obj.insert(key.clone(), slot);
                    }
                }
                touched.insert(key.clone(), pos);
            }
        }
    }
    if let Some(obj) = value.as_object_mut() {
        for (key, pos) in pruned_keys(&Value::Object(obj.clone()), na) {
            if let Some(Value::Array(a)) = obj.get_mut(&key) {
                a.retain(|v| !v.as_str().is_some_and(|s| na.contains_key(s)));
            }
            touched.entry(key).or_insert(pos);
        }
    }
    let indent = first_key_indent(&it.text);
    let mut text = blank_keys(&it.text, indent, &touched);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    // the next line written is line `lines + 1`
    let mut lines = text.matches('\n').count();
    while lines + 1 < first {
        text.push('\n');
        lines += 1;
    }
    let empty = serde_json::Map::new();
    let obj = value.as_object().unwrap_or(&empty);
    let mut used = 0;
    for (key, pos) in &touched {
        let Some(v) = obj.get(key) else { continue };
        let json = serde_json::to_string(v).unwrap_or_default();
        let key_json = serde_json::to_string(key).unwrap_or_default();
        text.push_str(&" ".repeat(indent));
        text.push_str(&format!("{key_json}: {json}\n"));
        diags.remap_line(file, first + used, over_file, *pos);
        used += 1;
    }
    (text, devs, used)
}

fn deviation(
    it: &Item,
    field: &str,
    how: &'static str,
    b: Value,
    l: Value,
    reason: &str,
    pos: Pos,
) -> Deviation {
    Deviation {
        pos,
        record: record_ref(it),
        field: field.to_string(),
        how,
        baseline: overrides::show(&b),
        local: overrides::show(&l),
        reason: reason.to_string(),
    }
}

/// The record's top-level lists that name a record marked not applicable, each with where
/// that was said.
fn pruned_keys(v: &Value, na: &BTreeMap<String, Pos>) -> Vec<(String, Pos)> {
    if na.is_empty() {
        return Vec::new();
    }
    v.as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| {
            let pos = v
                .as_array()?
                .iter()
                .find_map(|x| x.as_str().and_then(|s| na.get(s)))?;
            Some((k.clone(), *pos))
        })
        .collect()
}

/// Column (0-based) of the record's keys.
fn first_key_indent(text: &str) -> usize {
    text.lines()
        .find(|l| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with('#') && t != "---"
        })
        .map_or(0, |l| l.len() - l.trim_start().len())
}

/// Blank (keep the line breaks, so every other position stays) the lines of each key in `keys`
/// at indentation `indent`, with everything indented below it.
fn blank_keys(text: &str, indent: usize, keys: &BTreeMap<String, Pos>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blanking = false;
    for l in text.split_inclusive('\n') {
        let t = l.trim_start();
        let ind = l.len() - t.len();
        let content = !t.trim().is_empty();
        if content && ind <= indent {
            blanking = ind == indent && keys.keys().any(|k| key_of(t) == Some(k.as_str()));
        }
        if blanking {
            out.extend(
                l.chars()
                    .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
            );
        } else {
            out.push_str(l);
        }
    }
    out
}

fn key_of(t: &str) -> Option<&str> {
    let (k, _) = t.split_once(':')?;
    Some(k.trim().trim_matches(|c| c == '"' || c == '\''))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanking_keeps_positions() {
        let text = "  id: R-1\n  owner: IT\n  treatment:\n    decision: reduce\n  title: T\n";
        let keys: BTreeMap<String, Pos> = [("treatment".to_string(), Pos::default())].into();
        let out = blank_keys(text, 2, &keys);
        assert_eq!(out.len(), text.len());
        assert!(out.contains("owner: IT") && out.contains("title: T"));
        assert!(!out.contains("decision"));
    }
}
