//! An editor's introduction to a generated list page: `content/risiken/_index.md` puts its
//! front matter (title, description, date, video) and its text above the risk register, and so
//! for every list krisenfest generates. The folder's page is then that list page, not a second
//! page at the same address; any other page at a generated address is still a collision.

use std::collections::BTreeSet;

use super::{RenderEnv, checklists, decisions, markdown, risks};
use crate::diagnostics::Diagnostics;
use crate::model::common::Audience;
use crate::model::page::Page;
use crate::urls::segments;

/// Output paths of the generated list pages (whether this output has them or not).
pub fn list_outs(site: &crate::model::Site) -> Vec<String> {
    let seg = segments(site.config.language);
    let mut v: Vec<String> = [
        seg.risks,
        seg.measures,
        seg.goals,
        seg.perspectives,
        seg.threats,
        seg.decisions,
        seg.checklists,
        seg.search,
        seg.data,
    ]
    .iter()
    .map(|s| format!("{s}/index.html"))
    .collect();
    v.push(format!("{}/ueberpruefung/index.html", seg.risks));
    v.push(crate::urls::page_list(site.config.language).to_string());
    v
}

/// The part of a list page that comes from its introduction.
pub struct Intro<'a> {
    pub page: &'a Page,
    pub html: String,
    pub toc: Vec<markdown::TocEntry>,
    pub video: Option<checklists::VideoView>,
}

impl RenderEnv<'_> {
    /// The list pages this output generates: the conditions are those of their menu entries
    /// (search, page list and open data have none and are checked here).
    pub fn generated_lists(&self) -> BTreeSet<String> {
        let outs: BTreeSet<String> = list_outs(self.site).into_iter().collect();
        let (site, data) = (self.site, self.data);
        let mut have: BTreeSet<String> = risks::nav_entries(site, data)
            .into_iter()
            .chain(decisions::nav_entries(site, data))
            .chain(checklists::nav_entries(site, data))
            .map(|e| e.out)
            .filter(|o| outs.contains(o))
            .collect();
        let seg = segments(site.config.language);
        have.insert(format!("{}/index.html", seg.search));
        have.insert(crate::urls::page_list(site.config.language).to_string());
        if self.output.audience == Audience::Public
            && !(data.risks.is_empty() && data.measures.is_empty() && data.goals.is_empty())
        {
            have.insert(format!("{}/index.html", seg.data));
        }
        have
    }

    /// Whether `p` is the folder page of a list this output generates, so that the list page
    /// stands in its place (an `_index.md` as its introduction, or the overview krisenfest
    /// would make for the folder, whose pages the list page lists too).
    pub fn replaced_by_list(&self, p: &Page, lists: &BTreeSet<String>) -> bool {
        p.is_section && lists.contains(&p.out)
    }

    /// The introduction of the list page at `out` in this output, if an editor wrote one.
    pub fn intro(&self, out: &str) -> Option<Intro<'_>> {
        if !list_outs(self.site).iter().any(|o| o == out) {
            return None;
        }
        let page = self.site.pages.iter().find(|p| {
            p.out == out
                && p.is_section
                && !p.generated
                && p.audience.visible_in(self.output.audience)
        })?;
        // Its Markdown was rendered and its problems reported with all pages (at this same
        // output path, so the links are the same); this copy only provides the HTML.
        let mut r = super::render_page_markdown(self.site, self.index, page, &Diagnostics::new());
        let video = page
            .front
            .video
            .as_ref()
            .and_then(|v| checklists::video_view(self, out, &page.rel, v));
        Some(Intro {
            page,
            html: std::mem::take(&mut r.html),
            toc: std::mem::take(&mut r.toc),
            video,
        })
    }
}
