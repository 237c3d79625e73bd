//! Reading the baseline plan's folder for a plan that names one in `site.yaml` (design §10):
//! its pages, static files and data files come along, shown in messages by their path from
//! the plan (`../vorlage/content/…`) so that editors can open them. A local page or static file
//! at the same path replaces the baseline's, as a theme file replaces the default theme's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use super::{Entry, load_page, walk};
use crate::config::BaselineConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::model::baseline::BaselineInfo;
use crate::model::common::{Audience, span_pos};
use crate::model::page::Page;
use crate::model::{DataFile, StaticFile};
use crate::msg;
use crate::source::Plan;

pub(super) fn load_baseline(
    root: &Path,
    cfg: &BaselineConfig,
    local: Vec<DataFile>,
    pages: &mut Vec<Page>,
    statics: &mut Vec<StaticFile>,
    diags: &Diagnostics,
    sources: &Sources,
) -> (Vec<DataFile>, BaselineInfo) {
    let path = cfg.path.value.trim().trim_end_matches(['/', '\\']);
    let base_root = root.join(path);
    let base_content = base_root.join("content");
    if path.is_empty() || !base_content.is_dir() {
        diags.push(
            Diagnostic::error(msg!(
                "die Vorlage `{path}` hat keinen Ordner content/",
                "the baseline `{path}` has no content/ folder"
            ))
            .at(
                "content/site.yaml",
                span_pos(&cfg.path, cfg.path.value.chars().count().max(1), 0),
            )
            .hint(msg!(
                "`baseline: {{path: …}}` nennt den Ordner des Vorlagen-Plans, vom Ordner Ihres Plans aus gesehen, z. B. `../baseline-kommunal`; er muss content/ enthalten",
                "`baseline: {{path: …}}` names the baseline plan's folder as seen from your plan's folder, e.g. `../baseline-kommunal`; it must contain content/"
            )),
        );
        return (local, BaselineInfo::default());
    }
    let shown = PathBuf::from(path).join("content");
    let plan = Plan::new(&base_root, &[]);
    let mut entries = Vec::new();
    walk(&base_content, &plan, diags, &mut entries);

    let local_pages: BTreeSet<String> = pages.iter().map(|p| p.rel.clone()).collect();
    let local_statics: BTreeSet<String> = statics.iter().map(|s| s.out.clone()).collect();
    let mut base = Vec::new();
    for e in &entries {
        match e {
            Entry::Page { path, rel } if !local_pages.contains(rel) => {
                pages.extend(load_page(path, rel, &shown, diags, sources));
            }
            Entry::Data { path, rel, kind } => {
                base.extend(read_data(path, &shown.join(rel), kind, diags, sources));
            }
            Entry::Static { path, rel, out } if !local_statics.contains(out) => {
                statics.push(StaticFile {
                    src: path.clone(),
                    display: shown.join(rel),
                    out: out.clone(),
                    audience: Audience::Public,
                });
            }
            _ => {}
        }
    }
    let (data, mut info) = super::baseline::apply(local, base, path, root, diags, sources);
    info.release = cfg.version.clone();
    (data, info)
}

/// Each record's page, for the provenance label on it.
pub(super) fn index_pages(info: &mut BaselineInfo, lang: crate::config::Language) {
    let seg = crate::urls::segments(lang);
    let kinds: BTreeMap<&str, &str> = info
        .current
        .iter()
        .map(|(id, (kind, _, _))| (id.as_str(), kind.as_str()))
        .chain(
            info.additions
                .iter()
                .map(|r| (r.id.as_str(), r.kind.as_str())),
        )
        .collect();
    let mut by_out = BTreeMap::new();
    for (id, origin) in &info.origins {
        if let Some(s) = kinds.get(id.as_str()).and_then(|k| seg.of_kind(k)) {
            by_out.insert(crate::urls::record_out(s, id), *origin);
        }
    }
    info.origin_by_out = by_out;
}

/// An `overrides.yaml` needs a baseline to override: without one it would be ignored silently.
pub(super) fn overrides_without_baseline(root: &Path, diags: &Diagnostics) {
    if root.join(super::overrides::FILE).is_file() {
        diags.push(
            Diagnostic::error(msg!(
                "overrides.yaml ohne Vorlage",
                "overrides.yaml without a baseline"
            ))
            .in_file(super::overrides::FILE)
            .hint(msg!(
                "Überschreibungen ändern Einträge einer Vorlage: geben Sie sie in content/site.yaml an, `baseline: {{path: ../vorlage}}`, oder löschen Sie die Datei",
                "overrides change records of a baseline: name it in content/site.yaml, `baseline: {{path: ../baseline}}`, or delete the file"
            )),
        );
    }
}

pub(super) fn read_data(
    path: &Path,
    display: &Path,
    kind: &str,
    diags: &Diagnostics,
    sources: &Sources,
) -> Option<DataFile> {
    match crate::source::read_text(path, display) {
        Ok(text) => {
            let text: Arc<str> = text.into();
            sources.insert(display, text.clone());
            Some(DataFile {
                kind: kind.to_string(),
                file: display.to_path_buf(),
                text,
            })
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}
