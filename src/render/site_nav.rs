//! The navigation of one output: its pages and generated pages as entries, and the footer's
//! links (legal pages, open data, changes, the print edition) in the theme's words.

use super::nav::{Nav, NavEntry};
use crate::model::common::Audience;

/// Every page and record page the output shows, and its footer.
pub fn build(
    site: &crate::model::Site,
    words: &std::collections::BTreeMap<String, String>,
    data: &crate::model::Data,
    audience: Audience,
) -> Nav {
    // The theme's words, so that `language: en` gets an English footer.
    let word = |key: &str, de: &str| words.get(key).cloned().unwrap_or_else(|| de.into());
    let mut entries: Vec<NavEntry> = site
        .pages
        .iter()
        .filter(|p| p.audience.visible_in(audience))
        .map(|p| NavEntry {
            out: p.out.clone(),
            // A plan without content/_index.md gets a start page without a title: the
            // breadcrumbs and the print edition's contents name it after the plan.
            title: if p.front.title.is_empty() {
                site.config.title.clone()
            } else {
                p.front.title.clone()
            },
            description: p.front.description.clone(),
            date: p.front.date.map(|d| d.german()),
            weight: p.weight(),
            in_menu: true,
        })
        .collect();
    entries.extend(super::risks::nav_entries(site, data));
    entries.extend(super::decisions::nav_entries(site, data));
    entries.extend(super::checklists::nav_entries(site, data));
    entries.extend(super::bcm::nav_entries(site, data, audience));
    let mut footer: Vec<(String, String)> = super::legal::footer_links(site)
        .into_iter()
        .filter(|(_, out)| site.config.legal.is_some() || site.pages.iter().any(|p| &p.out == out))
        .collect();
    // Only pages visible in this output are linked (a Leichte-Sprache page may be public).
    footer.extend(
        super::legal::accessibility_links(site)
            .into_iter()
            .filter(|(_, out)| {
                site.pages
                    .iter()
                    .any(|p| &p.out == out && p.audience.visible_in(audience))
            }),
    );
    if audience == Audience::Public
        && !(data.risks.is_empty() && data.measures.is_empty() && data.goals.is_empty())
    {
        let seg = crate::urls::segments(site.config.language);
        footer.push((
            word("footer_open_data", "Offene Daten"),
            format!("{}/index.html", seg.data),
        ));
    }
    if site.editions.current().is_some() {
        let seg = crate::urls::segments(site.config.language);
        footer.push((
            word("changes_title", "Änderungen"),
            format!("{}/index.html", seg.changes),
        ));
    }
    footer.push((
        word("footer_print", "Druckfassung"),
        super::print::out(site.config.language),
    ));
    Nav::new(entries, footer)
}
