//! The print edition (design §9): the whole plan of one output as one document,
//! `druck/index.html` — cover, table of contents, then every page in reading order.
//!
//! It is assembled from the pages already rendered (as mdBook builds `print.html`), so each
//! page, table and chart is printed from the same view and template as on the site, never
//! from a second copy of their logic: the `<main>` of every page becomes a numbered section
//! (see [`extract`]). The search index leaves it out (it would find the plan twice); the
//! checks hold its links and ids to the same rules as every page.

mod extract;
mod links;
mod svg_case;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use super::{Files, Origin, Output, RenderEnv, render_template};
use crate::diagnostics::Diagnostics;
use crate::model::common::Audience;
use crate::msg;

pub use extract::{Document, Place};

/// One line of the table of contents. The template writes nested lists from a flat list
/// (Tera 2 has no recursive macros): after an entry that `opens`, its children follow in a
/// new list; `closes` counts the lists that end after it.
#[derive(Serialize, Debug, PartialEq)]
pub struct TocItem {
    pub number: String,
    pub title: String,
    pub anchor: String,
    pub opens: bool,
    pub closes: Vec<()>,
}

#[derive(Serialize)]
struct SectionView {
    anchor: String,
    /// 1 for the start page and the top level: each of them begins a new sheet.
    depth: usize,
    html: String,
}

#[derive(Serialize)]
struct PrintView<'a> {
    lang: &'a str,
    root: &'a str,
    title: &'a str,
    municipality: &'a str,
    internal: bool,
    stand: String,
    /// The current edition (version, status in words, date), when the plan has editions.
    edition: Option<super::changes::EditionLine>,
    /// The running footer of every printed page, as a CSS string (quotes included).
    running_footer: String,
    toc: Vec<TocItem>,
    sections: Vec<SectionView>,
}

/// A page of the document: where it comes from and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub out: String,
    pub title: String,
    pub depth: usize,
    pub number: String,
    pub anchor: String,
}

/// The output path of the print edition.
pub fn out(lang: crate::config::Language) -> String {
    format!("{}/index.html", crate::urls::segments(lang).print)
}

/// Section numbers from depths (1, 1.1, 1.2, 2 …); a depth that jumps down by more than one
/// level counts the levels between as 1.
pub fn numbers(depths: &[usize]) -> Vec<String> {
    let mut counters: Vec<usize> = Vec::new();
    depths
        .iter()
        .map(|&d| {
            let d = d.max(1);
            if counters.len() >= d {
                counters.truncate(d);
                counters[d - 1] += 1;
            } else {
                counters.resize(d, 1);
            }
            counters
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect()
}

/// The section id of the page at `out`: `risiken/r-001/index.html` → `p-risiken_r-001`.
pub fn anchor(out: &str) -> String {
    let path = out
        .strip_suffix("index.html")
        .or_else(|| out.strip_suffix(".html"))
        .unwrap_or(out)
        .trim_end_matches('/');
    if path.is_empty() {
        "p-start".into()
    } else {
        format!("p-{}", path.replace('/', "_"))
    }
}

/// The table of contents, from the entries in reading order.
pub fn toc(entries: &[Entry]) -> Vec<TocItem> {
    // The nesting written so far: a depth that jumps by more than one level nests one level.
    let levels: Vec<usize> = entries
        .iter()
        .scan(0usize, |prev, e| {
            *prev = e.depth.clamp(1, *prev + 1);
            Some(*prev)
        })
        .collect();
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let level = levels[i];
            let next = levels.get(i + 1).copied().unwrap_or(1);
            TocItem {
                number: e.number.clone(),
                title: e.title.clone(),
                anchor: e.anchor.clone(),
                opens: next > level,
                closes: vec![(); level.saturating_sub(next)],
            }
        })
        .collect()
}

/// A CSS string literal holding `s`: it goes into the page's `<style>`, where HTML escapes
/// mean nothing and `</style>` would end the style sheet.
fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3C "),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The pages of the output in reading order, as the document holds them: every rendered
/// HTML page the navigation reaches but the search page and the page list (the table of
/// contents takes its place).
pub fn entries(env: &RenderEnv<'_>, files: &Files) -> Vec<Entry> {
    let lang = env.site.config.language;
    let search = format!("{}/index.html", crate::urls::segments(lang).search);
    let own = out(lang);
    let skip = [
        search.as_str(),
        crate::urls::page_list(lang),
        "404.html",
        own.as_str(),
    ];
    let order: Vec<(&str, &str, usize)> = env
        .nav
        .reading_order()
        .into_iter()
        .filter(|(o, _, _)| !skip.contains(o) && files.contains_key(*o))
        .collect();
    let depths: Vec<usize> = order.iter().map(|(_, _, d)| *d).collect();
    order
        .into_iter()
        .zip(numbers(&depths))
        .map(|((o, title, depth), number)| Entry {
            out: o.to_string(),
            title: title.to_string(),
            depth,
            number,
            anchor: anchor(o),
        })
        .collect()
}

pub fn render(env: &RenderEnv<'_>, files: &Files, diags: &Diagnostics) -> Files {
    let mut out_files = Files::new();
    let entries = entries(env, files);
    if entries.is_empty() {
        return out_files;
    }
    let page = |e: &Entry| std::str::from_utf8(&files[&e.out]).unwrap_or("");
    let sections: BTreeMap<String, (String, String)> = entries
        .iter()
        .map(|e| (e.out.clone(), (e.anchor.clone(), e.number.clone())))
        .collect();
    let see = env.t("print_see", "siehe");
    let doc = Document {
        sections: &sections,
        address: env.output.base_url.as_deref(),
        see: &see,
    };
    // One reading of every page; links to ids wait until all ids are known.
    let mut rewritten: Vec<extract::Rewritten> = entries
        .par_iter()
        .map(|e| {
            let place = Place {
                out: &e.out,
                anchor: &e.anchor,
                shift: u8::try_from(e.depth).unwrap_or(5).min(5),
                number: &e.number,
            };
            extract::rewrite(page(e), &place, &doc)
        })
        .collect();
    let ids: BTreeMap<String, BTreeSet<String>> = entries
        .iter()
        .zip(&mut rewritten)
        .map(|(e, r)| (e.anchor.clone(), std::mem::take(&mut r.ids)))
        .collect();
    let views: Vec<SectionView> = entries
        .par_iter()
        .zip(rewritten)
        .map(|(e, r)| SectionView {
            anchor: e.anchor.clone(),
            depth: e.depth,
            html: extract::finish(r, &ids),
        })
        .collect();
    let cfg = &env.site.config;
    let path = out(cfg.language);
    // The plan's Stand is its edition's date; without editions, the day of the build.
    let edition = super::changes::edition_line(env, &path);
    let stand = edition
        .as_ref()
        .map_or_else(|| env.build_date.german(), |e| e.date.clone());
    let edition_words = edition.as_ref().map_or(String::new(), |e| {
        format!(
            "{} {} ({}) · ",
            env.t("print_output", "Fassung"),
            e.version,
            e.status
        )
    });
    // Short enough to leave room for the page number beside it: the title is on the cover.
    let running_footer = css_string(&format!(
        "{} · {edition_words}{} {stand}",
        cfg.municipality,
        env.t("date_label", "Stand")
    ));
    let view = PrintView {
        lang: cfg.language.code(),
        root: "../",
        title: &cfg.title,
        municipality: &cfg.municipality,
        internal: env.output.audience == Audience::Internal,
        stand,
        edition,
        running_footer,
        toc: toc(&entries),
        sections: views,
    };
    let origin = Origin::generated(msg!("die Druckfassung", "the print edition"));
    if let Some(bytes) = render_template(
        env.templates,
        "print.html",
        &view,
        std::path::Path::new("themes/default/templates/print.html"),
        diags,
    ) {
        out_files.add(Output {
            path,
            bytes,
            origin,
        });
    }
    out_files
}
