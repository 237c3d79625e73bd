//! Record pages are named by their ids: every id needs a slug, and no two ids may share one.
//!
//! `Files` notices two writers of one file too; here the clash is reported at the second id
//! with the first one named, and an id without a slug, which `Files` cannot place.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::model::Site;
use crate::urls::{RecordPage, fold, record_pages};

pub fn validate(site: &Site, diags: &Diagnostics) {
    let pages = record_pages(site);
    let mut seen: HashMap<String, &RecordPage<'_>> = HashMap::with_capacity(pages.len());
    for p in &pages {
        // An empty id is reported as such (validate::unique_ids).
        if p.id.trim().is_empty() {
            continue;
        }
        if crate::slug::slugify(p.id).is_empty() {
            diags.push(
                Diagnostic::error(format!("the id `{}` gives no URL for the {} page", p.id, p.kind))
                    .at(p.file, p.pos)
                    .label("no letter or digit that a URL can keep")
                    .hint("page URLs are made from the id: letters a–z, digits and umlauts (ä→ae, ß→ss) are kept, everything else becomes `-`; use an id like `Z-1`"),
            );
            continue;
        }
        match seen.get(fold(&p.out).as_ref()) {
            // The same id twice is a duplicate id (validate::unique_ids).
            Some(first) if first.id == p.id => {}
            Some(first) => diags.push(
                Diagnostic::error(format!(
                    "{} `{}` and {} `{}` would both be published as `{}`",
                    first.kind, first.id, p.kind, p.id, p.out
                ))
                .at(p.file, p.pos)
                .label(format!("the same URL as `{}`", first.id))
                .hint(format!(
                    "`{}` is defined at {}:{}:{}; URLs are made from ids (lower case, ä→ae, `.`, `_` and spaces → `-`), so give one of them an id that differs in letters or digits",
                    first.id,
                    display_path(first.file),
                    first.pos.line,
                    first.pos.col
                )),
            ),
            None => {
                seen.insert(fold(&p.out).into_owned(), p);
            }
        }
    }
}
