//! Loading data records: `content/data/<kind>.yaml` (a list) or `content/data/<kind>/*.yaml`
//! (one record or a list per file), with spans for every later error.

use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use super::DataFile;
use super::common::{Audience, span_pos};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::msg;

/// Markdown text in a record, with its position for link errors.
pub type Md = Spanned<String>;

/// A record and the file it came from.
#[derive(Debug, Clone)]
pub struct Rec<T> {
    pub file: PathBuf,
    pub value: T,
}

impl<T> std::ops::Deref for Rec<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// What every record kind has.
pub trait Record {
    fn id(&self) -> &Spanned<String>;
    fn title(&self) -> &str;
    fn audience(&self) -> Option<&Spanned<Audience>>;
}

impl<T: Record> Rec<T> {
    pub fn id_str(&self) -> &str {
        &self.value.id().value
    }

    /// Position of the record's id, where record-wide problems are reported.
    pub fn id_pos(&self) -> Pos {
        span_pos(self.value.id(), self.value.id().value.chars().count(), 0)
    }

    pub fn at<V>(&self, v: &Spanned<V>, len: usize) -> (PathBuf, Pos) {
        (self.file.clone(), span_pos(v, len, 0))
    }

    pub fn audience_or(&self, default: Audience) -> Audience {
        self.value.audience().map_or(default, |a| a.value)
    }
}

/// Whether the YAML document is a list (first content line starts with `-` or `[`).
pub(crate) fn is_list(text: &str) -> bool {
    for line in text.lines() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') || t == "---" || t.starts_with("%") {
            continue;
        }
        return t == "-" || t.starts_with("- ") || t.starts_with('[');
    }
    false
}

/// Ids of records that were written but could not be read: references to them are not
/// "unknown" (that would only repeat the error at the record itself).
pub type Failed = std::sync::Mutex<std::collections::BTreeSet<String>>;

pub fn parse_kind<T: DeserializeOwned + Send>(
    data: &[DataFile],
    kind: &str,
    diags: &Diagnostics,
    failed: &Failed,
) -> Vec<Rec<T>> {
    use rayon::prelude::*;
    // Files in parallel (a plan has one file per risk); the result keeps the files' order.
    let files: Vec<&DataFile> = data.iter().filter(|f| f.kind == kind).collect();
    let per_file: Vec<Vec<Rec<T>>> = files
        .par_iter()
        .map(|f| parse_file(f, kind, diags, failed))
        .collect();
    per_file.into_iter().flatten().collect()
}

fn parse_file<T: DeserializeOwned>(
    f: &DataFile,
    kind: &str,
    diags: &Diagnostics,
    failed: &Failed,
) -> Vec<Rec<T>> {
    if f.text.trim().is_empty()
        || f.text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        diags.push(
            Diagnostic::warning(msg!(
                "die Datei für `{kind}` enthält keine Einträge",
                "`{kind}` file has no records"
            ))
            .in_file(&f.file)
            .hint(msg!(
                "Löschen Sie die Datei, oder tragen Sie Einträge ein",
                "delete the file or add records"
            )),
        );
        return Vec::new();
    }
    let rec = |value| Rec {
        file: f.file.clone(),
        value,
    };
    let items = if is_list(&f.text) {
        match split_items(&f.text) {
            Some(items) => items,
            None => {
                // A flow list `[{…}, {…}]`: read as a whole when it reads cleanly, else item by
                // item so that one mistake leaves the siblings readable.
                let (v, ds) = parse_record::<Vec<T>>(&f.text, kind, &f.file);
                let clean = !ds
                    .iter()
                    .any(|d| d.severity == crate::diagnostics::Severity::Error);
                match super::flow::items(&f.text) {
                    Some(items) if !clean => items
                        .into_iter()
                        .map(|r| super::flow::isolate(&f.text, r))
                        .collect(),
                    _ => {
                        diags.extend(ds);
                        return v.into_iter().flatten().map(rec).collect();
                    }
                }
            }
        }
    } else {
        vec![f.text.to_string()]
    };
    let mut out = Vec::new();
    for item in items {
        let (v, ds) = parse_record::<T>(&item, kind, &f.file);
        let had_errors = ds
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error);
        diags.extend(ds);
        match v {
            Some(v) => {
                // Read with a value left at its default (an unreadable `audience`): what
                // follows from that value is not reported again.
                if had_errors && let Some(id) = item_id(&item) {
                    failed.lock().unwrap_or_else(|e| e.into_inner()).insert(id);
                }
                out.push(rec(v))
            }
            None => {
                if let Some(id) = item_id(&item) {
                    failed.lock().unwrap_or_else(|e| e.into_inner()).insert(id);
                }
            }
        }
    }
    out
}

/// One text per item of a block list, each the whole file with everything outside the item
/// blanked: lines, columns and byte offsets stay those of the file, and a mistake in one item
/// (even broken YAML) leaves its siblings readable. None for a flow list.
pub(crate) fn split_items(text: &str) -> Option<Vec<String>> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let first = lines.iter().find(|l| {
        let t = l.trim_start();
        !(t.trim().is_empty() || t.starts_with('#') || t.trim() == "---" || t.starts_with('%'))
    })?;
    let dash = first.len() - first.trim_start().len();
    if !first[dash..].starts_with('-') {
        return None;
    }
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let l = lines[i];
            l.len() - l.trim_start().len() == dash && {
                let t = l.trim_start();
                t.starts_with("- ") || t.trim_end() == "-"
            }
        })
        .collect();
    let blank = |l: &str| -> String {
        l.bytes()
            .map(|b| {
                if b == b'\n' || b == b'\r' {
                    b as char
                } else {
                    ' '
                }
            })
            .collect()
    };
    let mut out = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let e = starts.get(n + 1).copied().unwrap_or(lines.len());
        let mut t = String::with_capacity(text.len());
        for (i, l) in lines.iter().enumerate() {
            if i == s {
                t.push_str(&l[..dash]);
                t.push(' ');
                t.push_str(&l[dash + 1..]);
            } else if i > s && i < e {
                t.push_str(l);
            } else {
                t.push_str(&blank(l));
            }
        }
        out.push(t);
    }
    Some(out)
}

/// The `id:` of a record (its first key level), also when the record does not parse.
fn item_id(text: &str) -> Option<String> {
    if text.trim_start().starts_with('{') {
        return super::flow::id(text);
    }
    let mut level = None;
    for l in text.lines() {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let indent = l.len() - t.len();
        let level = *level.get_or_insert(indent);
        if indent != level {
            continue;
        }
        if let Some(v) = t.strip_prefix("id:") {
            let v = v.split(" #").next().unwrap_or(v).trim();
            let v = v.trim_matches(|c| c == '"' || c == '\'');
            return (!v.is_empty()).then(|| v.to_string());
        }
    }
    None
}

/// One record (or the whole of a flow list): every number checked in its spelling, then read
/// into its type. After an error at a key the entry is set aside and the record read again, so
/// that all its mistakes are reported at once; None when it cannot be read at all.
pub fn parse_record<T: DeserializeOwned>(
    text: &str,
    kind: &str,
    file: &std::path::Path,
) -> (Option<T>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut cur = text.to_string();
    for f in crate::model::numbers::scan(text, kind, file) {
        let (off, repl) = &f.fix;
        cur.replace_range(*off..*off + repl.len(), repl);
        diags.push(f.diagnostic);
    }
    let mut removed: Vec<String> = Vec::new();
    for _ in 0..50 {
        let e = match crate::yaml::parse_raw::<T>(&cur) {
            Ok(v) => return (Some(v), diags),
            Err(e) => e,
        };
        let d = crate::yaml::convert_error(&e, &cur, file, 0);
        let inner = match &e {
            serde_saphyr::Error::AliasError { error, .. } => error.as_ref(),
            e => e,
        };
        use serde_saphyr::Error as E;
        if let E::SerdeMissingField { field, .. } = inner {
            // (a key set aside, or misspelt, is not missing a second time)
            let follows = removed
                .iter()
                .any(|r| r == field || crate::yaml::suggest(r, &[field]).is_some());
            if !follows {
                diags.push(d);
            }
            return (None, diags);
        }
        let recoverable = matches!(
            inner,
            E::SerdeUnknownField { .. }
                | E::SerdeUnknownVariant { .. }
                | E::DuplicateMappingKey { .. }
                | E::InvalidBooleanStrict { .. }
                | E::InvalidScalar { .. }
                | E::SerdeInvalidType { .. }
                | E::SerdeInvalidValue { .. }
                | E::Unexpected { .. }
                | E::Message { .. }
                | E::NullIntoString { .. }
        );
        diags.push(d);
        let line = e.location().map_or(0, |l| l.line() as usize);
        let col = e.location().map_or(0, |l| l.column() as usize);
        // A flow mapping inside a block record (`- {year: 2027, kind: …}` under `budget:`) is set
        // aside entry by entry too: blanking its whole line would leave an empty item behind,
        // reported once more as a second, invented mistake.
        let flow = cur.trim_start().starts_with('{')
            || cur
                .lines()
                .nth(line.saturating_sub(1))
                .is_some_and(|l| l.chars().take(col.saturating_sub(1)).any(|c| c == '{'));
        let aside = || {
            if flow {
                super::flow::set_aside(&cur, line, col)
            } else {
                set_aside(&cur, line)
            }
        };
        match recoverable.then(aside).flatten() {
            Some((next, key)) if next != cur => {
                cur = next;
                removed.push(key);
            }
            _ => return (None, diags),
        }
    }
    (None, diags)
}

/// `text` with the entry at `line` (1-based) blanked — its key and every line indented below
/// it — and the entry's key.
fn set_aside(text: &str, line: usize) -> Option<(String, String)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let here = lines.get(line.checked_sub(1)?)?;
    let mut col = here.len() - here.trim_start().len();
    while here[col..].starts_with("- ") {
        col += 2;
        col += here[col..].len() - here[col..].trim_start().len();
    }
    let key = here[col..].split(':').next()?.trim().to_string();
    if key.is_empty() || !here[col..].contains(':') {
        return None;
    }
    let blank = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b == b'\n' || b == b'\r' {
                    b as char
                } else {
                    ' '
                }
            })
            .collect()
    };
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for (i, l) in lines.iter().enumerate() {
        if i + 1 == line {
            out.push_str(&l[..col]);
            out.push_str(&blank(&l[col..]));
            inside = true;
        } else if inside && (l.trim().is_empty() || l.len() - l.trim_start().len() > col) {
            out.push_str(&blank(l));
        } else {
            inside = false;
            out.push_str(l);
        }
    }
    Some((out, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_detection() {
        assert!(is_list("# Kommentar\n\n- id: a\n"));
        assert!(is_list("[{id: a}]"));
        assert!(!is_list("id: a\ntitle: b\n"));
        assert!(!is_list("---\nid: a\n"));
    }

    #[test]
    fn items_keep_their_place_in_the_file() {
        let t = "# Kopf\n- id: a\n  title: x\n\n- id: b\n  title: y\n";
        let items = split_items(t).unwrap();
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|i| i.len() == t.len()));
        assert_eq!(items[1].lines().nth(4), Some("  id: b"));
        assert_eq!(item_id(&items[1]).as_deref(), Some("b"));
    }
}
