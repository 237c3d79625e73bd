//! Loading data records: `content/data/<kind>.yaml` (a list) or `content/data/<kind>/*.yaml`
//! (one record or a list per file), with spans for every later error.

use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use super::DataFile;
use super::common::{Audience, span_pos};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};

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
fn is_list(text: &str) -> bool {
    for line in text.lines() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') || t == "---" || t.starts_with("%") {
            continue;
        }
        return t == "-" || t.starts_with("- ") || t.starts_with('[');
    }
    false
}

pub fn parse_kind<T: DeserializeOwned + Send>(
    data: &[DataFile],
    kind: &str,
    diags: &Diagnostics,
) -> Vec<Rec<T>> {
    use rayon::prelude::*;
    // Files in parallel (a plan has one file per risk); the result keeps the files' order.
    let files: Vec<&DataFile> = data.iter().filter(|f| f.kind == kind).collect();
    let per_file: Vec<Vec<Rec<T>>> = files
        .par_iter()
        .map(|f| parse_file(f, kind, diags))
        .collect();
    per_file.into_iter().flatten().collect()
}

fn parse_file<T: DeserializeOwned>(f: &DataFile, kind: &str, diags: &Diagnostics) -> Vec<Rec<T>> {
    if f.text.trim().is_empty()
        || f.text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        diags.push(
            Diagnostic::warning(format!("`{kind}` file has no records"))
                .in_file(&f.file)
                .hint("delete the file or add records"),
        );
        return Vec::new();
    }
    let rec = |value| Rec {
        file: f.file.clone(),
        value,
    };
    if is_list(&f.text) {
        match crate::yaml::parse::<Vec<T>>(&f.text, &f.file, 0) {
            Ok(v) => v.into_iter().map(rec).collect(),
            Err(d) => {
                diags.push(d);
                Vec::new()
            }
        }
    } else {
        match crate::yaml::parse::<T>(&f.text, &f.file, 0) {
            Ok(value) => vec![rec(value)],
            Err(d) => {
                diags.push(d);
                Vec::new()
            }
        }
    }
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
}
