//! Stage 4: render every page of one output through the theme's Tera templates.
//!
//! Templates receive ready-made view structs (docs/theme.md); all decisions — what is visible,
//! which URL, which order — are made here, not in templates.

pub mod baseline;
pub mod bcm;
pub mod budget;
pub mod changes;
pub mod charts;
pub mod checklists;
pub mod dcat;
pub mod decisions;

pub mod intro;
pub mod legal;
pub mod links;
pub mod nav;
pub mod opendata;
mod pages;
pub mod print;
pub mod rdf;
pub mod risks;
mod service;
pub mod site_nav;
pub mod squeeze;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos};
use crate::markdown::{self, Rendered};
use crate::model::Site;
use crate::model::common::{Audience, Date};
use crate::msg;
use crate::theme::Theme;
use crate::urls;

pub use service::{copy_statics, render_service_files, script_texts};

pub use crate::files::{Files, Origin, Output};
pub use crate::index::SiteIndex;

/// One output being built: its name, audience, and the files produced so far.
pub struct OutputSpec {
    pub name: String,
    pub audience: Audience,
    pub base_url: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct MenuItem {
    pub title: String,
    pub url: String,
    pub active: bool,
}

#[derive(Serialize, Clone)]
pub struct ChildView {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub date: Option<String>,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub municipality: &'a str,
    pub internal: bool,
    pub output: &'a str,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<String>,
    pub content: &'a str,
    pub toc: &'a [markdown::TocEntry],
    pub kind: &'a str,
    pub tags: &'a [String],
    /// Front matter `video`: the two-click element (`_video.html`), or null.
    pub video: Option<checklists::VideoView>,
    /// Generated list pages: the rendered text of the folder's `_index.md` (`_intro.html`).
    pub intro: &'a str,
}

/// Everything every template gets (docs/theme.md), but for `t`, the theme's UI strings, which
/// are in Tera's global context (see [`templates`]).
#[derive(Serialize)]
pub struct Common<'a> {
    pub root: String,
    pub lang: &'a str,
    pub site: SiteView<'a>,
    pub build_date: String,
    pub noindex: bool,
    pub page: PageView<'a>,
    pub menu: Vec<MenuItem>,
    pub breadcrumbs: Vec<LinkView>,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    pub footer: Vec<LinkView>,
    pub children: Vec<ChildView>,
    /// Start page only: residual matrix, goal progress, overdue reviews.
    pub dashboard: Option<risks::RecordView>,
    /// The current edition ("Fassung 2.0 · in Beratung · Stand …"), when the plan has editions.
    pub edition: Option<changes::EditionLine>,
}

/// Markdown of every page rendered once (the HTML does not depend on the output).
pub struct RenderedPages {
    pub by_out: BTreeMap<String, Rendered>,
}

pub fn render_markdown(site: &Site, index: &SiteIndex, diags: &Diagnostics) -> RenderedPages {
    let by_out: BTreeMap<String, Rendered> = site
        .pages
        .par_iter()
        .map(|p| (p.out.clone(), render_page_markdown(site, index, p, diags)))
        .collect();
    RenderedPages { by_out }
}

/// The Markdown body of one page.
pub fn render_page_markdown(
    site: &Site,
    index: &SiteIndex,
    p: &crate::model::page::Page,
    diags: &Diagnostics,
) -> Rendered {
    let resolver = crate::index::PageResolver {
        index,
        page_rel: &p.rel,
    };
    let checklist_id = format!("page:{}", p.out);
    let mut r = markdown::render(
        &markdown::Input {
            text: &p.body,
            file: &p.file,
            line_offset: p.body_offset,
            raw_html: site.config.markdown.raw_html,
            language: site.config.language,
            page_out: &p.out,
            id_prefix: "",
            checklist: Some(&checklist_id),
        },
        &resolver,
    );
    diags.extend(std::mem::take(&mut r.diagnostics));
    r
}

pub struct Templates {
    pub tera: tera::Tera,
}

pub fn templates(theme: &Theme, diags: &Diagnostics) -> Option<Templates> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    // The same for every page: copied into each page's context, the strings were a third of
    // the cost of preparing it (callgrind, example plan); the global context is shared.
    tera.global_context().insert("t", &theme.strings);
    // All at once: templates inherit from each other in any order. Squeezed (see
    // [`squeeze`]); a template that does not parse is parsed again as written, so that the
    // engine's message speaks of the editor's own lines.
    let squeezed: Vec<(&str, String)> = theme
        .templates
        .iter()
        .map(|(n, s)| (n.as_str(), squeeze::squeeze(s)))
        .collect();
    let parsed = tera
        .add_raw_templates(squeezed.iter().map(|(n, s)| (*n, s.as_str())))
        .or_else(|_| {
            tera.add_raw_templates(
                theme
                    .templates
                    .iter()
                    .map(|(n, s)| (n.as_str(), s.as_str())),
            )
        });
    let ok = match parsed {
        Ok(()) => true,
        Err(e) => {
            let msg = error_chain(&e);
            let name = theme
                .templates
                .keys()
                .find(|n| msg.contains(&format!("'{n}'")) || msg.contains(&format!("`{n}`")))
                .cloned()
                .unwrap_or_default();
            diags.push(
                Diagnostic::error(if name.is_empty() {
                    msg!(
                        "eine Vorlage des Themes ist fehlerhaft geschrieben",
                        "a theme template does not parse"
                    )
                } else {
                    msg!(
                        "die Vorlage `{name}` ist fehlerhaft geschrieben",
                        "template `{name}` does not parse"
                    )
                })
                .in_file(Path::new("themes").join("templates").join(&name))
                .hint(engine_words(&msg)),
            );
            false
        }
    };
    ok.then_some(Templates { tera })
}

/// The template engine's own words, which exist only in English: marked as such in German.
fn engine_words(text: &str) -> Msg {
    msg!(
        "Meldung der Vorlagen-Engine Tera (englisch): {text}",
        "{text}"
    )
}

pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        let t = inner.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = inner.source();
    }
    s
}

pub fn render_template(
    templates: &Templates,
    name: &str,
    ctx: &impl Serialize,
    page_file: &Path,
    diags: &Diagnostics,
) -> Option<Vec<u8>> {
    let context = match tera::Context::from_serialize(ctx) {
        Ok(c) => c,
        Err(e) => {
            diags.push(
                Diagnostic::error(msg!(
                    "die Daten für die Vorlage `{name}` lassen sich nicht vorbereiten",
                    "cannot prepare template data for `{name}`"
                ))
                .in_file(page_file)
                .hint(engine_words(&error_chain(&e))),
            );
            return None;
        }
    };
    render_context(templates, name, &context, page_file, diags)
}

/// [`render_template`] with a ready Tera context. The page is written as bytes, which is what
/// the output holds: `Tera::render` checks the whole page for UTF-8 to return a `String` (part of
/// the 5 % of a 10,000-page build's cycles spent in `from_utf8`, perf), and the templates and
/// every value they print are strings already.
fn render_context(
    templates: &Templates,
    name: &str,
    context: &tera::Context,
    page_file: &Path,
    diags: &Diagnostics,
) -> Option<Vec<u8>> {
    let mut page = Vec::with_capacity(16 * 1024);
    match templates.tera.render_to(name, context, &mut page) {
        Ok(()) => Some(page),
        Err(e) => {
            diags.push(
                Diagnostic::error(msg!(
                    "die Vorlage `{name}` ist beim Erzeugen dieser Seite gescheitert",
                    "template `{name}` failed while rendering this page"
                ))
                .in_file(page_file)
                .hint(engine_words(&error_chain(&e))),
            );
            None
        }
    }
}

pub struct RenderEnv<'a> {
    pub site: &'a Site,
    pub index: &'a SiteIndex,
    pub theme: &'a Theme,
    pub templates: &'a Templates,
    pub output: &'a OutputSpec,
    pub build_date: Date,
    pub nav: nav::Nav,
    /// Source texts, to place Markdown of record fields exactly.
    pub sources: &'a crate::diagnostics::Sources,
    /// Records visible in this output (filtered once, before rendering).
    pub data: &'a crate::model::Data,
}

impl RenderEnv<'_> {
    /// The parts of the context that every page shares, for the page written at `out`.
    pub fn common<'b>(&'b self, out: &str, page: PageView<'b>, section_of: &str) -> Common<'b> {
        let cfg = &self.site.config;
        Common {
            root: urls::root_prefix(out),
            lang: cfg.language.code(),
            site: SiteView {
                title: &cfg.title,
                municipality: &cfg.municipality,
                internal: self.output.audience == Audience::Internal,
                output: &self.output.name,
            },
            build_date: self.build_date.german(),
            noindex: self.output.audience == Audience::Internal,
            page,
            menu: self.nav.menu(out, section_of),
            breadcrumbs: self.nav.breadcrumbs(out, section_of),
            prev: None,
            next: None,
            footer: self.nav.footer(out),
            children: Vec::new(),
            dashboard: None,
            edition: changes::edition_line(self, out),
        }
    }
}

/// Render all Markdown pages of the output.
pub fn render_pages(env: &RenderEnv<'_>, md: &RenderedPages, diags: &Diagnostics) -> Files {
    let mut visible: Vec<_> = env
        .site
        .pages
        .iter()
        .filter(|p| p.audience.visible_in(env.output.audience))
        .collect();
    let lists = env.generated_lists();
    visible.retain(|p| !env.replaced_by_list(p, &lists));
    visible
        .par_iter()
        .filter_map(|p| render_page(env, md, p, diags))
        .collect()
}

/// One Markdown page through its template (`home.html`, `section.html` or `page.html`).
pub fn render_page(
    env: &RenderEnv<'_>,
    md: &RenderedPages,
    p: &crate::model::page::Page,
    diags: &Diagnostics,
) -> Option<Output> {
    if p.is_section
        && intro::list_outs(env.site).contains(&p.out)
        && env.replaced_by_list(p, &env.generated_lists())
    {
        // the list page shows it (serve then builds everything)
        return None;
    }
    let empty = Rendered::default();
    let r = md.by_out.get(&p.out).unwrap_or(&empty);
    let kind = if p.out == "index.html" {
        "home"
    } else if p.is_section {
        "section"
    } else {
        "page"
    };
    let page = PageView {
        title: &p.front.title,
        description: p.front.description.as_deref(),
        date: p.front.date.map(|d| d.german()),
        content: &r.html,
        toc: &r.toc,
        kind,
        tags: &p.front.tags,
        video: p
            .front
            .video
            .as_ref()
            .and_then(|v| checklists::video_view(env, &p.out, &p.rel, v)),
        intro: "",
    };
    let mut ctx = env.common(&p.out, page, &p.section);
    if !p.is_section {
        let (prev, next) = env.nav.prev_next(&p.out);
        ctx.prev = prev;
        ctx.next = next;
    } else {
        ctx.children = env.nav.children(&p.out);
        ctx.next = ctx.children.first().map(|c| LinkView {
            title: c.title.clone(),
            url: c.url.clone(),
        });
    }
    if kind == "home" {
        ctx.dashboard = risks::dashboard(env, &p.out);
    }
    let template = format!("{kind}.html");
    let origin = if p.generated {
        // The folder is what an editor can rename.
        let folder = Path::new("content").join(&p.section);
        Origin {
            what: msg!(
                "die Übersicht des Ordners `{}/`",
                "the overview of the folder `{}/`";
                crate::diagnostics::display_path(&folder)
            ),
            file: Some(folder),
            pos: None,
            kind: crate::files::OriginKind::Page,
        }
    } else {
        Origin::page(&p.file, page_pos())
    };
    render_template(env.templates, &template, &ctx, &p.file, diags).map(|bytes| Output {
        path: p.out.clone(),
        bytes,
        origin,
    })
}

/// The path of an absolute address, ending in `/`: `https://x.example/plan/` → `/plan/`.
fn base_path(url: &str) -> String {
    let url = crate::config::one_line(url);
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let path = after_scheme
        .find('/')
        .map_or("/", |i| &after_scheme[i..])
        .split(['?', '#'])
        .next()
        .unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        // `…/plan/index.html` names a file: its folder
        path.rsplit_once('/')
            .map_or("/".to_string(), |(dir, _)| format!("{dir}/"))
    }
}

/// Where in a page's source a problem with the page as a whole is reported.
pub fn page_pos() -> Pos {
    Pos::new(1, 1, 3)
}

/// Links found in record Markdown, checked like page links: (source file, link).
pub type LinkSink = std::sync::Mutex<Vec<(std::path::PathBuf, markdown::LinkUse)>>;

#[cfg(test)]
mod tests;
