//! Stage 4: render every page of one output through the theme's Tera templates.
//!
//! Templates receive ready-made view structs (docs/theme.md); all decisions — what is visible,
//! which URL, which order — are made here, not in templates.

pub mod bcm;
pub mod charts;
pub mod checklists;
pub mod dcat;
pub mod decisions;

pub mod intro;
pub mod legal;
pub mod links;
pub mod nav;
pub mod opendata;
pub mod rdf;
pub mod risks;
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

/// 404 page, robots.txt, sitemap.xml.
pub fn render_service_files(env: &RenderEnv<'_>, files: &mut Files, diags: &Diagnostics) {
    let title = env.t("not_found_title", "Seite nicht gefunden");
    let page = PageView {
        title: &title,
        description: None,
        date: None,
        content: "",
        toc: &[],
        kind: "404",
        tags: &[],
        video: None,
        intro: "",
    };
    // A server shows 404.html at the address that was not found, however deep: its relative
    // links would resolve against that folder. With a base_url the page gets
    // <base href="/its/path/"> (the path only, so a staging host or the browser gate's server
    // work as well); without one it stays relative and works from the top folder only.
    #[derive(Serialize)]
    struct NotFound<'a> {
        #[serde(flatten)]
        common: Common<'a>,
        base_path: Option<String>,
    }
    let ctx = NotFound {
        common: env.common("404.html", page, ""),
        base_path: env.output.base_url.as_deref().map(base_path),
    };
    if let Some(html) = render_template(
        env.templates,
        "404.html",
        &ctx,
        Path::new("themes/default/templates/404.html"),
        diags,
    ) {
        files.insert(
            "404.html".into(),
            html,
            Origin::generated(msg!("die erzeugte 404-Seite", "the generated 404 page")),
        );
    }

    // `base_url` is validated as one absolute address; `one_line` makes sure that even an
    // unvalidated one cannot add a directive of its own to robots.txt or break the sitemap.
    let base_url = env.output.base_url.as_deref().map(crate::config::one_line);
    let robots = match (env.output.audience, &base_url) {
        (Audience::Internal, _) => "User-agent: *\nDisallow: /\n".to_string(),
        (Audience::Public, Some(base)) => format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            with_slash(base)
        ),
        (Audience::Public, None) => "User-agent: *\nAllow: /\n".to_string(),
    };
    files.insert(
        "robots.txt".into(),
        robots.into_bytes(),
        Origin::generated(msg!("die erzeugte robots.txt", "the generated robots.txt")),
    );

    if env.output.audience == Audience::Public {
        match &base_url {
            Some(base) => {
                let base = with_slash(base);
                let mut xml = String::from(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
                );
                for path in files.keys().filter(|p| p.ends_with(".html") && *p != "404.html") {
                    let loc = path.strip_suffix("index.html").unwrap_or(path);
                    xml.push_str(&format!(
                        "  <url><loc>{}{}</loc></url>\n",
                        xml_escape(&base),
                        xml_escape(&urls::encode_path(loc))
                    ));
                }
                xml.push_str("</urlset>\n");
                files.insert(
                    "sitemap.xml".into(),
                    xml.into_bytes(),
                    Origin::generated(msg!(
                        "die erzeugte sitemap.xml",
                        "the generated sitemap.xml"
                    )),
                );
            }
            None => diags.push(
                Diagnostic::warning(msg!(
                    "die Ausgabe `{}` hat keine `base_url`, deshalb wird keine sitemap.xml geschrieben",
                    "output `{}` has no base_url, so no sitemap.xml is written";
                    env.output.name
                ))
                .in_file("content/site.yaml")
                .hint(msg!(
                    "eine Sitemap braucht vollständige Adressen: ergänzen Sie bei dieser Ausgabe in site.yaml `base_url: https://…/`",
                    "sitemaps need absolute URLs: add `base_url: https://…/` to this output in site.yaml"
                )),
            ),
        }
    }
}

fn with_slash(s: &str) -> String {
    if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    }
}

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The UI texts the scripts need: one file for every page instead of attributes in each (the
/// search texts were 500 bytes of every page). Read by `assets/search.js` and
/// `assets/krisenfest.js` as `window.krisenfestTexts`.
pub const TEXTS_FILE: &str = "assets/texts.js";

pub fn script_texts(strings: &BTreeMap<String, String>, lang: crate::config::Language) -> Vec<u8> {
    let mut texts: BTreeMap<&str, &str> = strings
        .iter()
        .filter(|(k, _)| {
            matches!(
                k.as_str(),
                "search_loading"
                    | "search_none"
                    | "search_one"
                    | "search_many"
                    | "search_error"
                    | "search_short"
                    | "search_all"
            )
        })
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let w = markdown::checklist_words(lang);
    texts.insert("checklist_count", w.count);
    texts.insert("checklist_reset", w.reset);
    texts.insert("checklist_print", w.print);
    let json = serde_json::to_string(&texts).unwrap_or_else(|_| "{}".to_string());
    format!("window.krisenfestTexts = {json};\n").into_bytes()
}

/// Theme static files, then the plan's own static files (which win on the same path).
/// Theme files, `content/static/` and the files beside pages that this output's audience may
/// see. `md` and `sink` hold the links written in pages and in this output's records: a public
/// output warns about files of `content/static/` that only internal pages link to.
pub fn copy_statics(
    env: &RenderEnv<'_>,
    md: &RenderedPages,
    sink: &LinkSink,
    files: &mut Files,
    diags: &Diagnostics,
) {
    for (path, bytes) in &env.theme.statics {
        files.insert(path.clone(), bytes.clone(), Origin::theme(path));
    }
    files.insert(
        TEXTS_FILE.to_string(),
        script_texts(&env.theme.strings, env.site.config.language),
        Origin::generated(msg!(
            "die Texte der Skripte (Suche, Checklisten)",
            "the scripts' texts (search, checklists)"
        )),
    );
    let audience = env.output.audience;
    for s in env
        .site
        .statics
        .iter()
        .filter(|s| s.audience.visible_in(audience))
    {
        match std::fs::read(&s.src) {
            Ok(b) => {
                if files.contains_key(&s.out) && s.out.ends_with(".html") {
                    diags.push(
                        Diagnostic::error(msg!(
                            "die statische Datei würde die erzeugte Seite `{}` überschreiben",
                            "static file would overwrite the generated page `{}`";
                            s.out
                        ))
                        .in_file(&s.display)
                        .hint(msg!(
                            "benennen Sie die Datei um oder verschieben Sie sie in einen anderen Ordner",
                            "rename the file or move it to another folder"
                        )),
                    );
                    continue;
                }
                files.insert(s.out.clone(), b, Origin::static_file(&s.display));
            }
            Err(e) => diags.push(
                Diagnostic::error(msg!(
                    "die statische Datei lässt sich nicht lesen: {e}",
                    "cannot read static file: {e}"
                ))
                .in_file(&s.display),
            ),
        }
    }
    if audience == Audience::Public {
        let records = sink.lock().unwrap_or_else(|e| e.into_inner());
        let record_links = records.iter().map(|(_, l)| l);
        links::warn_static_linked_only_internally(env.site, md, record_links, diags);
    }
}

/// Where in a page's source a problem with the page as a whole is reported.
pub fn page_pos() -> Pos {
    Pos::new(1, 1, 3)
}

/// Links found in record Markdown, checked like page links: (source file, link).
pub type LinkSink = std::sync::Mutex<Vec<(std::path::PathBuf, markdown::LinkUse)>>;

impl RenderEnv<'_> {
    /// Render Markdown held in a record field (`description: |` …) for the page at `out`.
    /// Links are resolved from content/ (`@/…`, `@ID`) and recorded in `sink` for the check.
    pub fn md(
        &self,
        file: &Path,
        md: &crate::model::records::Md,
        out: &str,
        id_prefix: &str,
        sink: &LinkSink,
        diags: &Diagnostics,
    ) -> String {
        let (line_offset, col_offset) = self.md_offsets(file, md);
        let resolver = crate::index::RecordResolver {
            index: self.index,
            out,
        };
        let mut r = markdown::render(
            &markdown::Input {
                text: &md.value,
                file,
                line_offset,
                raw_html: self.site.config.markdown.raw_html,
                language: self.site.config.language,
                page_out: out,
                id_prefix,
                checklist: None,
            },
            &resolver,
        );
        for d in &mut r.diagnostics {
            if let Some(p) = &mut d.pos {
                p.col += col_offset;
            }
        }
        diags.extend(std::mem::take(&mut r.diagnostics));
        let mut s = sink.lock().unwrap_or_else(|e| e.into_inner());
        for mut l in r.links {
            l.pos.col += col_offset;
            s.push((file.to_path_buf(), l));
        }
        r.html
    }

    /// Where the text of a YAML string starts: for a block scalar (`|`, `>`) on the next line,
    /// indented; otherwise at the value itself (after a quote).
    fn md_offsets(&self, file: &Path, md: &crate::model::records::Md) -> (usize, usize) {
        let line = md.referenced.line() as usize;
        let col = md.referenced.column() as usize;
        // The value starts at its byte offset (the parser records it for text it parsed from a
        // string): no need to walk the file's lines for every Markdown field of every record.
        let (Some(src), Some(start)) = (self.sources.get(file), md.referenced.span().byte_offset())
        else {
            return (line.saturating_sub(1), 0);
        };
        let value = src.get(start as usize..).unwrap_or("");
        match value.chars().next() {
            Some('|' | '>') => {
                let indent = memchr::memchr(b'\n', value.as_bytes())
                    .map_or("", |i| &value[i + 1..])
                    .lines()
                    .find(|x| !x.trim().is_empty())
                    .map_or(0, |x| x.len() - x.trim_start().len());
                (line, indent)
            }
            Some('"' | '\'') => (line - 1, col),
            _ => (line - 1, col.saturating_sub(1)),
        }
    }

    /// Render a record page: the common context plus `view` under the key `kind`.
    #[allow(clippy::too_many_arguments)]
    pub fn record_page<V: Serialize>(
        &self,
        template: &str,
        kind: &str,
        out: &str,
        file: &Path,
        title: &str,
        description: Option<&str>,
        view: &V,
        diags: &Diagnostics,
    ) -> Option<Output> {
        let intro = self.intro(out);
        let front = intro.as_ref().map(|i| &i.page.front);
        let page = PageView {
            title: front.map_or(title, |f| f.title.as_str()),
            description: front.and_then(|f| f.description.as_deref()).or(description),
            date: front.and_then(|f| f.date).map(|d| d.german()),
            content: "",
            toc: &[],
            kind,
            tags: &[],
            video: intro.as_ref().and_then(|i| i.video.clone()),
            intro: intro.as_ref().map_or("", |i| i.html.as_str()),
        };
        let mut common = self.common(out, page, "");
        let (prev, next) = self.nav.prev_next(out);
        common.prev = prev;
        common.next = next;
        if out.ends_with("index.html") && self.nav_has_children(out) {
            common.children = self.nav.children(out);
        }
        // Straight into Tera's context: a detour through serde_json::Value to add the view
        // under its key cost a fifth of the example plan's build (callgrind).
        let mut ctx = match tera::Context::from_serialize(&common) {
            Ok(c) => c,
            Err(e) => {
                diags.push(
                    Diagnostic::error(msg!(
                        "die Daten für diese Seite lassen sich nicht vorbereiten: {}",
                        "cannot prepare page data: {}";
                        error_chain(&e)
                    ))
                    .in_file(file),
                );
                return None;
            }
        };
        match tera::Value::try_from_serializable(view) {
            Ok(v) => ctx.insert_value(kind.to_string(), v),
            Err(e) => {
                diags.push(
                    Diagnostic::error(msg!(
                        "die Daten für diese Seite lassen sich nicht vorbereiten: {}",
                        "cannot prepare page data: {}";
                        error_chain(&e)
                    ))
                    .in_file(file),
                );
                return None;
            }
        }
        render_context(self.templates, template, &ctx, file, diags).map(|bytes| Output {
            path: out.to_string(),
            bytes,
            origin: Origin::record(file, title),
        })
    }

    /// A UI string of the theme, or `default` when the theme's i18n file lacks it.
    pub fn t(&self, key: &str, default: &str) -> String {
        self.theme
            .strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    }

    /// A page whose content krisenfest generates (legal pages, open data, search, page list),
    /// through `page.html`; template errors are reported in `source`.
    #[allow(clippy::too_many_arguments)]
    pub fn generated_page(
        &self,
        out: &str,
        title: &str,
        content: &str,
        toc: &[markdown::TocEntry],
        kind: &str,
        source: &Path,
        diags: &Diagnostics,
    ) -> Option<Output> {
        let intro = self.intro(out);
        let front = intro.as_ref().map(|i| &i.page.front);
        // the introduction's headings come first, as its text does
        let toc: Vec<markdown::TocEntry> = match &intro {
            Some(i) => i.toc.iter().chain(toc).cloned().collect(),
            None => toc.to_vec(),
        };
        let page = PageView {
            title: front.map_or(title, |f| f.title.as_str()),
            description: front.and_then(|f| f.description.as_deref()),
            date: front.and_then(|f| f.date).map(|d| d.german()),
            content,
            toc: &toc,
            kind,
            tags: &[],
            video: intro.as_ref().and_then(|i| i.video.clone()),
            intro: intro.as_ref().map_or("", |i| i.html.as_str()),
        };
        let ctx = self.common(out, page, "");
        render_template(self.templates, "page.html", &ctx, source, diags).map(|bytes| Output {
            path: out.to_string(),
            bytes,
            origin: Origin::generated(msg!(
                "die erzeugte Seite „{title}“",
                "the generated page „{title}“"
            )),
        })
    }

    fn nav_has_children(&self, out: &str) -> bool {
        !self.nav.children(out).is_empty()
    }

    /// Relative URL from the page at `from` to the output file `to`.
    pub fn url(&self, from: &str, to: &str) -> String {
        urls::encode_path(&urls::relative(from, to))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_path_is_the_folder_of_the_address() {
        assert_eq!(super::base_path("https://x.example/plan/"), "/plan/");
        assert_eq!(super::base_path("https://x.example"), "/");
        assert_eq!(
            super::base_path("https://x.example/a/b/index.html"),
            "/a/b/"
        );
        assert_eq!(super::base_path("https://x.example/plan/?q=1"), "/plan/");
    }
}
