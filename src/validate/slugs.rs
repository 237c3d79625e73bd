//! Record pages are named by their ids: every id needs a slug, and no two ids may share one.
//!
//! `Files` notices two writers of one file too; here the clash is reported at the second id
//! with the first one named, and an id without a slug, which `Files` cannot place.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::model::Site;
use crate::msg;
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
            let (id, kind, noun) = (p.id, p.kind, super::kind_de(p.kind).noun);
            diags.push(
                Diagnostic::error(msg!(
                    "aus der ID `{id}` lässt sich keine Adresse für die Seite ({noun}) bilden",
                    "the id `{id}` gives no URL for the {kind} page"
                ))
                .at(p.file, p.pos)
                .label(msg!(
                    "kein Buchstabe und keine Ziffer, die eine Adresse behalten kann",
                    "no letter or digit that a URL can keep"
                ))
                .hint(msg!(
                    "Seitenadressen werden aus der ID gebildet: Buchstaben a–z, Ziffern und Umlaute (ä→ae, ß→ss) bleiben, alles andere wird zu `-`; nehmen Sie eine ID wie `Z-1`",
                    "page URLs are made from the id: letters a–z, digits and umlauts (ä→ae, ß→ss) are kept, everything else becomes `-`; use an id like `Z-1`"
                )),
            );
            continue;
        }
        match seen.get(fold(&p.out).as_ref()) {
            // The same id twice is a duplicate id (validate::unique_ids).
            Some(first) if first.id == p.id => {}
            Some(first) => {
                let (k1, id1, k2, id2, out) = (first.kind, first.id, p.kind, p.id, &p.out);
                let (n1, n2) = (super::kind_de(k1).noun, super::kind_de(k2).noun);
                let at = format!(
                    "{}:{}:{}",
                    display_path(first.file),
                    first.pos.line,
                    first.pos.col
                );
                diags.push(
                    Diagnostic::error(msg!(
                        "{n1} `{id1}` und {n2} `{id2}` würden beide unter `{out}` veröffentlicht",
                        "{k1} `{id1}` and {k2} `{id2}` would both be published as `{out}`"
                    ))
                    .at(p.file, p.pos)
                    .label(msg!(
                        "dieselbe Adresse wie `{id1}`",
                        "the same URL as `{id1}`"
                    ))
                    .hint(msg!(
                        "`{id1}` steht in {at}; Adressen werden aus IDs gebildet (Kleinbuchstaben, ä→ae, `.`, `_` und Leerzeichen → `-`), geben Sie also einer der beiden eine ID, die sich in Buchstaben oder Ziffern unterscheidet",
                        "`{id1}` is defined at {at}; URLs are made from ids (lower case, ä→ae, `.`, `_` and spaces → `-`), so give one of them an id that differs in letters or digits"
                    )),
                )
            }
            None => {
                seen.insert(fold(&p.out).into_owned(), p);
            }
        }
    }
}
