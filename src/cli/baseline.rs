//! `krisenfest baseline accept`: record the baseline of today as the one the plan has checked
//! (design §10), in `content/data/baseline.lock.json`. Later builds compare with it and list
//! what the baseline changed since: overrides of changed fields, new and removed records.

use std::path::Path;

use super::say;
use crate::diagnostics::{self, Diagnostics, Lang, Sources};
use crate::load::{LoadOptions, lock_json};

pub fn accept(root: &Path, flag: Option<Lang>) -> i32 {
    let diags = Diagnostics::new();
    let sources = Sources::default();
    let site = crate::load::load(root, &LoadOptions { drafts: true }, &diags, &sources);
    let lang = crate::config::messages_lang(flag, &sources);
    let shown = diags.snapshot();
    if !shown.is_empty() {
        eprint!("{}", diagnostics::render_all(&shown, &sources, false, lang));
    }
    let Some(info) = site.as_ref().and_then(|s| s.baseline.clone()) else {
        if site.is_some() {
            say(
                lang,
                "Fehler: der Plan nennt keine Vorlage\n  = Hilfe: tragen Sie in content/site.yaml `baseline: {path: ../vorlage}` ein".into(),
                "error: the plan names no baseline\n  = help: add `baseline: {path: ../baseline}` to content/site.yaml".into(),
            );
        }
        return 1;
    };
    let path = root.join(crate::load::LOCK_FILE);
    match std::fs::write(&path, lock_json(&info)) {
        Ok(()) => {
            say(
                lang,
                format!(
                    "Vorlage `{}` in Version {} übernommen: {} ({} Einträge)",
                    info.path,
                    info.version,
                    crate::load::LOCK_FILE,
                    info.current.len()
                ),
                format!(
                    "accepted baseline `{}` at version {}: {} ({} records)",
                    info.path,
                    info.version,
                    crate::load::LOCK_FILE,
                    info.current.len()
                ),
            );
            0
        }
        Err(e) => {
            say(
                lang,
                format!("Fehler: {} lässt sich nicht schreiben: {e}", path.display()),
                format!("error: cannot write {}: {e}", path.display()),
            );
            1
        }
    }
}
