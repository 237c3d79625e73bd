//! Reading the baseline plan's folder for a plan that names one in `site.yaml` (design §10):
//! its pages, static files and data files come along, shown in messages by their path from
//! the plan (`../vorlage/content/…`) so that editors can open them. A local page or static file
//! at the same path replaces the baseline's, as a theme file replaces the default theme's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Entry, load_page, read_data, walk};
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
    super::baseline::apply(local, base, path, root, diags, sources)
}
