//! Warnings about links that need the rendered pages.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::LinkUse;
use crate::model::Site;
use crate::model::common::Audience;
use crate::msg;
use crate::render::RenderedPages;

/// `content/static/` is public by definition. A file there that only internal pages link to is
/// most likely an internal document put in the wrong place: warn at every such link. Links in
/// `public_record_links` (the public output's records) count as public uses.
pub fn warn_static_linked_only_internally<'a>(
    site: &Site,
    md: &RenderedPages,
    public_record_links: impl Iterator<Item = &'a LinkUse>,
    diags: &Diagnostics,
) {
    let static_outs: BTreeMap<&str, &std::path::Path> = site
        .statics
        .iter()
        .filter(|s| s.display.starts_with("content/static"))
        .map(|s| (s.out.as_str(), s.display.as_path()))
        .collect();
    if static_outs.is_empty() {
        return;
    }
    let mut public_uses: std::collections::BTreeSet<&str> =
        public_record_links.map(|l| l.out.as_str()).collect();
    let mut internal_uses: Vec<(&std::path::Path, &LinkUse)> = Vec::new();
    for p in &site.pages {
        let Some(r) = md.by_out.get(&p.out) else {
            continue;
        };
        for l in r
            .links
            .iter()
            .filter(|l| static_outs.contains_key(l.out.as_str()))
        {
            if p.audience == Audience::Public {
                public_uses.insert(l.out.as_str());
            } else {
                internal_uses.push((&p.file, l));
            }
        }
    }
    for (file, l) in internal_uses {
        if public_uses.contains(l.out.as_str()) {
            continue;
        }
        let shown = static_outs[l.out.as_str()];
        diags.push(
            Diagnostic::warning(msg!(
                "`{}` wird auf der öffentlichen Website veröffentlicht, aber nur interne Seiten verlinken die Datei",
                "`{}` is published on the public site, but only internal pages link to it";
                crate::diagnostics::display_path(shown)
            ))
            .at(file, l.pos)
            .label(msg!(
                "von einer internen Seite verlinkt",
                "linked from an internal page"
            ))
            .hint(msg!(
                "alles in content/static/ ist öffentlich; legen Sie eine interne Datei neben die interne Seite, die sie verwendet, und verlinken Sie sie von dort, damit nur das Intranet sie erhält",
                "everything in content/static/ is public; put an internal file next to the internal page that uses it and link it from there, so that only the intranet gets it"
            )),
        );
    }
}
