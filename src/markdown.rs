//! Markdown → HTML with pulldown-cmark, plus the fixes an accessible German site needs:
//! umlaut-aware unique heading ids, prefixed footnote ids, labelled task-list checkboxes, GFM
//! alerts with German titles, table alignment as classes, escaped raw HTML, and links rewritten
//! to relative file URLs with every target recorded for the link check.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::config::{Language, RawHtml};
use crate::diagnostics::{Diagnostic, Msg, Pos};
use crate::msg;
use crate::slug::slugify;

pub mod ids;
mod rewrite;
mod tasks;
pub mod textlinks;

use ids::PageIds;
use rewrite::{not_links, rewrite};
pub use tasks::{ChecklistWords, checklist_words};
use tasks::{ends_task_label, heading_end, is_task_item, list_tasks, plain_text};

/// What a Markdown link may point to, resolved by the caller (it knows pages and records).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An output file of this site, with an optional fragment to check.
    Internal {
        out: String,
        fragment: Option<String>,
    },
    /// Left as written (https:, mailto:, tel:).
    External(String),
}

pub trait LinkResolver {
    /// Resolve `dest` as written in the page; Err is a message (and optional hint) for the user.
    fn resolve(&self, dest: &str, image: bool) -> Result<Target, (Msg, Option<Msg>)>;

    /// The `@/…` path of a page whose title is `title` (a name written where a path belongs).
    fn page_titled(&self, _title: &str) -> Option<String> {
        None
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub level: u8,
}

/// A resolved internal link, checked after rendering (target exists, fragment exists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkUse {
    pub out: String,
    pub fragment: Option<String>,
    pub written: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskItem {
    pub id: String,
    pub text: String,
    pub checked: bool,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub links: Vec<LinkUse>,
    pub tasks: Vec<TaskItem>,
    pub ids: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

pub struct Input<'a> {
    pub text: &'a str,
    pub file: &'a Path,
    /// Lines in the file before `text` starts (front matter).
    pub line_offset: usize,
    /// Column offset of the first line (for Markdown embedded in a YAML value), 0 for pages.
    pub raw_html: RawHtml,
    pub language: Language,
    /// Output path of the page that will contain the HTML (for relative links).
    pub page_out: &'a str,
    /// Prefix for generated ids, so several Markdown fields on one record page do not collide.
    pub id_prefix: &'a str,
    /// `data-checklist` id for task lists (`page:<output path>`): a list with task items is
    /// wrapped in `<form data-checklist=…>` so that its progress is saved in the browser.
    /// None: task items are labelled checkboxes without a form (Markdown inside a checklist).
    pub checklist: Option<&'a str>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

fn alert_title(kind: BlockQuoteKind, lang: Language) -> (&'static str, &'static str) {
    match (kind, lang) {
        (BlockQuoteKind::Note, Language::De) => ("note", "Hinweis"),
        (BlockQuoteKind::Tip, Language::De) => ("tip", "Tipp"),
        (BlockQuoteKind::Important, Language::De) => ("important", "Wichtig"),
        (BlockQuoteKind::Warning, Language::De) => ("warning", "Warnung"),
        (BlockQuoteKind::Caution, Language::De) => ("caution", "Vorsicht"),
        (BlockQuoteKind::Note, Language::En) => ("note", "Note"),
        (BlockQuoteKind::Tip, Language::En) => ("tip", "Tip"),
        (BlockQuoteKind::Important, Language::En) => ("important", "Important"),
        (BlockQuoteKind::Warning, Language::En) => ("warning", "Warning"),
        (BlockQuoteKind::Caution, Language::En) => ("caution", "Caution"),
    }
}

/// Line and column (1-based, characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    // memchr: every link's position is computed this way, from the start of the page, and with
    // `str::matches` that was 9 % of rendering Markdown (callgrind, 1,000 pages)
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape_html(&mut out, s);
    out
}

fn pulldown_cmark_escape_html(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

pub fn render(input: &Input<'_>, resolver: &dyn LinkResolver) -> Rendered {
    let mut out = Rendered::default();
    // `[text][ref]` without a definition of `ref`: the parser leaves it as text
    let broken = std::cell::RefCell::new(Vec::new());
    let parser = Parser::new_with_broken_link_callback(
        input.text,
        options(),
        Some(|b: pulldown_cmark::BrokenLink<'_>| {
            broken.borrow_mut().push((b.span, b.link_type));
            None
        }),
    );
    let mut events: Vec<(Event<'_>, Range<usize>)> = parser.into_offset_iter().collect();

    let pos_at = |range: &Range<usize>, needle: Option<&str>| -> Pos {
        let slice = &input.text[range.start.min(input.text.len())..range.end.min(input.text.len())];
        let (start, len) = match needle.and_then(|n| slice.find(n).map(|i| (i, n))) {
            Some((i, n)) => (range.start + i, n.chars().count()),
            None => (
                range.start,
                slice.lines().next().map_or(1, |l| l.chars().count().max(1)),
            ),
        };
        let (l, c) = line_col(input.text, start);
        Pos::new(l + input.line_offset, c, len)
    };

    not_links(input, &events, &broken.into_inner(), resolver, &mut out);

    // Raw HTML first, so that our own Html events below are never escaped.
    if input.raw_html == RawHtml::Escape {
        for (e, _) in events.iter_mut() {
            if let Event::Html(h) | Event::InlineHtml(h) = e {
                *e = Event::Text(h.clone());
            }
        }
    }

    let mut ids = PageIds::default();
    // Footnote numbering by first reference; definitions rendered at the end.
    let mut fn_numbers: BTreeMap<String, usize> = BTreeMap::new();
    let mut fn_ref_count: BTreeMap<String, usize> = BTreeMap::new();
    for (e, _) in &events {
        if let Event::FootnoteReference(l) = e {
            let n = fn_numbers.len() + 1;
            fn_numbers.entry(l.to_string()).or_insert(n);
        }
    }
    let fn_slug = |label: &str| format!("{}fn-{}", input.id_prefix, slugify(label));
    for label in fn_numbers.keys() {
        ids.reserve(&fn_slug(label));
    }
    // Every heading attribute block is checked here, once; its valid `{#id}` is reserved before
    // any id is generated, so that generated ones do not steal it.
    let mut heading_attrs: BTreeMap<usize, ids::HeadingAttrs> = BTreeMap::new();
    for (k, (e, range)) in events.iter().enumerate() {
        let Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) = e
        else {
            continue;
        };
        let end = heading_end(&events, k);
        let content_end = events[k + 1..end]
            .iter()
            .map(|(_, r)| r.end)
            .max()
            .unwrap_or(range.start);
        let parsed: Vec<String> = id
            .iter()
            .map(|i| format!("#{i}"))
            .chain(classes.iter().map(|c| format!(".{c}")))
            .chain(attrs.iter().map(|(k, v)| match v {
                Some(v) => format!("{k}={v}"),
                None => k.to_string(),
            }))
            .collect();
        let mut a = ids::check_heading(input.text, range, content_end, &parsed);
        let pos = pos_at(a.block.as_ref().unwrap_or(range), None);
        for (message, hint) in a.problems.drain(..) {
            out.diagnostics
                .push(Diagnostic::error(message).at(input.file, pos).hint(hint));
        }
        if let Some(id) = &a.id
            && !ids.reserve(id)
        {
            out.diagnostics.push(
                Diagnostic::error(msg!(
                    "doppelte Sprungmarke `{id}` an einer Überschrift",
                    "duplicate heading id `{id}`"
                ))
                .at(input.file, pos)
                .hint(msg!(
                    "Sprungmarken müssen auf einer Seite eindeutig sein: wählen Sie ein anderes `{{#id}}`",
                    "ids must be unique within a page: choose another `{{#id}}`"
                )),
            );
            // the page keeps unique ids: this heading gets a generated one
            a.id = None;
        }
        heading_attrs.insert(k, a);
    }

    let mut result: Vec<Event<'_>> = Vec::with_capacity(events.len() + 16);
    let mut footnotes: BTreeMap<usize, (String, Vec<Event<'_>>)> = BTreeMap::new();
    let mut in_footnote: Option<(String, Vec<Event<'_>>)> = None;
    let mut table_aligns: Vec<Alignment> = Vec::new();
    let mut table_count = 0usize;
    // The heading above the next table and how many tables it has above that one: a table is
    // named after its heading ("Tabelle 3" says nothing), the second under one heading
    // "Kosten (Tabelle 2)".
    let mut table_heading: Option<(String, usize)> = None;
    let mut in_table_head = false;
    let mut cell_index = 0usize;
    // Open task-list label: closes before the first nested block or at the item's end.
    let mut label_open = false;
    let mut task_ids = PageIds::default();
    // Lists whose tags we write ourselves: index of the closing event → closing HTML.
    let mut list_closers: BTreeMap<usize, String> = BTreeMap::new();
    // Index of the closing event of the list that opened the current checklist form.
    let mut form_end: Option<usize> = None;

    // the events one source event becomes (one buffer for all, not a vector per event)
    let mut emit: Vec<Event<'_>> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (ev, range) = events[i].clone();
        if label_open && ends_task_label(&ev) {
            label_open = false;
            emit.push(Event::Html(CowStr::from("</span></label>")));
        }
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                // Collect the heading's inline events to derive its id and TOC text.
                let end = heading_end(&events, i);
                let text = plain_text(&events[i + 1..end]);
                let checked = heading_attrs.remove(&i).unwrap_or_default();
                let id = match checked.id {
                    Some(id) => id,
                    None => ids.unique(&format!("{}{}", input.id_prefix, slugify(&text))),
                };
                table_heading = Some((text.clone(), 0));
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    out.toc.push(TocEntry {
                        id: id.clone(),
                        title: text,
                        level: if level == HeadingLevel::H2 { 2 } else { 3 },
                    });
                }
                out.ids.push(id.clone());
                // Only what the check let through: never pulldown's `key=value` attributes.
                emit.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: checked.classes.into_iter().map(CowStr::from).collect(),
                    attrs: Vec::new(),
                }));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert_title(kind, input.language);
                emit.push(Event::Html(CowStr::from(format!(
                    "<div class=\"markdown-alert markdown-alert-{class}\">\n<p class=\"markdown-alert-title\">{title}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                emit.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Table(aligns)) => {
                table_aligns = aligns;
                table_count += 1;
                let word = match input.language {
                    Language::De => "Tabelle",
                    Language::En => "Table",
                };
                let name = match &mut table_heading {
                    Some((heading, n)) if !heading.trim().is_empty() => {
                        *n += 1;
                        if *n == 1 {
                            heading.trim().to_string()
                        } else {
                            format!("{} ({word} {n})", heading.trim())
                        }
                    }
                    _ => format!("{word} {table_count}"),
                };
                let name = escape_html(&name);
                // The table is named (it has no caption), and so is its box: focusable and a
                // region, so that a wide table can be scrolled with the keyboard. krisenfest.js
                // takes both away again from a box whose table fits.
                emit.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{name}\">\n<table aria-label=\"{name}\">\n"
                ))));
            }
            Event::End(TagEnd::Table) => {
                emit.push(Event::Html(CowStr::from("</tbody>\n</table>\n</div>\n")));
            }
            Event::Start(Tag::TableHead) => {
                in_table_head = true;
                cell_index = 0;
                emit.push(Event::Html(CowStr::from("<thead>\n<tr>")));
            }
            Event::End(TagEnd::TableHead) => {
                in_table_head = false;
                emit.push(Event::Html(CowStr::from("</tr>\n</thead>\n<tbody>\n")));
            }
            Event::Start(Tag::TableRow) => {
                cell_index = 0;
                emit.push(Event::Html(CowStr::from("<tr>")));
            }
            Event::End(TagEnd::TableRow) => {
                emit.push(Event::Html(CowStr::from("</tr>\n")));
            }
            Event::Start(Tag::TableCell) => {
                let class = match table_aligns.get(cell_index) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                let tag = if in_table_head {
                    format!("<th scope=\"col\"{class}>")
                } else {
                    format!("<td{class}>")
                };
                emit.push(Event::Html(CowStr::from(tag)));
            }
            Event::End(TagEnd::TableCell) => {
                emit.push(Event::Html(CowStr::from(if in_table_head {
                    "</th>"
                } else {
                    "</td>"
                })));
                cell_index += 1;
            }
            Event::Start(Tag::List(first)) => {
                let (end, count, direct) = list_tasks(&events, i);
                let form = count > 0 && form_end.is_none() && input.checklist.is_some();
                if direct || form {
                    let mut open = String::new();
                    let mut close = String::new();
                    if let (true, Some(checklist)) = (form, input.checklist) {
                        form_end = Some(end);
                        // The toolbar (count, reset, print) works only with the script, so
                        // the script adds it (assets/krisenfest.js, texts from assets/texts.js).
                        open.push_str(&format!(
                            "<form class=\"checklist checklist--page\" data-checklist=\"{}\" autocomplete=\"off\">\n",
                            escape_html(checklist)
                        ));
                        close.push_str("</form>\n");
                    }
                    let tag = if first.is_some() { "ol" } else { "ul" };
                    let class = if direct {
                        " class=\"checklist__items\""
                    } else {
                        ""
                    };
                    let start = match first {
                        Some(n) if n != 1 => format!(" start=\"{n}\""),
                        _ => String::new(),
                    };
                    open.push_str(&format!("<{tag}{class}{start}>\n"));
                    list_closers.insert(end, format!("</{tag}>\n{close}"));
                    emit.push(Event::Html(CowStr::from(open)));
                } else {
                    emit.push(Event::Start(Tag::List(first)));
                }
            }
            Event::End(TagEnd::List(ordered)) => match list_closers.remove(&i) {
                Some(close) => {
                    if form_end == Some(i) {
                        form_end = None;
                    }
                    emit.push(Event::Html(CowStr::from(close)));
                }
                None => emit.push(Event::End(TagEnd::List(ordered))),
            },
            Event::Start(Tag::Item) if is_task_item(&events, i) => {
                emit.push(Event::Html(CowStr::from("<li>")));
            }
            Event::TaskListMarker(checked) => {
                // The item text up to the first nested block names the item; its slug is the
                // item id (the key of the saved progress), so it changes only with the text.
                let end = events[i + 1..]
                    .iter()
                    .position(|(e, _)| ends_task_label(e))
                    .map_or(events.len(), |p| i + 1 + p);
                let text = plain_text(&events[i + 1..end]);
                let base: String = slugify(&text).chars().take(60).collect();
                let base = base.trim_end_matches('-');
                let id = task_ids.unique(if base.is_empty() { "punkt" } else { base });
                out.tasks.push(TaskItem {
                    id: id.clone(),
                    text,
                    checked,
                });
                emit.push(Event::Html(CowStr::from(format!(
                    // Labelled by nesting: no id and `for` needed. The span keeps links and
                    // code in the text one flex item.
                    "<label><input type=\"checkbox\" data-item=\"{}\"{}><span>",
                    escape_html(&id),
                    if checked { " checked" } else { "" }
                ))));
                label_open = true;
            }
            Event::FootnoteReference(label) => {
                let n = fn_numbers.get(label.as_ref()).copied().unwrap_or(0);
                let count = fn_ref_count.entry(label.to_string()).or_insert(0);
                *count += 1;
                let base = fn_slug(&label);
                let ref_id = if *count == 1 {
                    format!("{}ref-{}", input.id_prefix, &base[input.id_prefix.len()..])
                } else {
                    format!(
                        "{}ref-{}-{}",
                        input.id_prefix,
                        &base[input.id_prefix.len()..],
                        count
                    )
                };
                let ref_id = ids.unique(&ref_id);
                out.ids.push(ref_id.clone());
                emit.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{base}\" id=\"{ref_id}\" aria-describedby=\"{}footnotes-title\">{n}</a></sup>",
                    input.id_prefix
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                in_footnote = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, evs)) = in_footnote.take() {
                    let n = fn_numbers.get(&label).copied().unwrap_or_else(|| {
                        out.diagnostics.push(
                            Diagnostic::warning(msg!(
                                "auf die Fußnote `[^{label}]` wird nirgends verwiesen",
                                "footnote `[^{label}]` is never referenced"
                            ))
                            .at(input.file, pos_at(&range, None)),
                        );
                        usize::MAX - footnotes.len()
                    });
                    footnotes.insert(n, (label, evs));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let new = match link_type {
                    LinkType::Email => dest_url.clone(),
                    _ => rewrite(&dest_url, false, resolver, input, &range, &pos_at, &mut out),
                };
                emit.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: new,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let new = rewrite(&dest_url, true, resolver, input, &range, &pos_at, &mut out);
                emit.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: new,
                    title,
                    id,
                }));
            }
            other => emit.push(other),
        }
        match &mut in_footnote {
            Some((_, evs)) if !matches!(&events[i].0, Event::Start(Tag::FootnoteDefinition(_))) => {
                evs.append(&mut emit)
            }
            _ => result.append(&mut emit),
        }
        i += 1;
    }

    let mut html = String::with_capacity(input.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, result.into_iter());
    if !footnotes.is_empty() {
        let (heading, back) = match input.language {
            Language::De => ("Fußnoten", "Zurück zum Text"),
            Language::En => ("Footnotes", "Back to text"),
        };
        html.push_str(&format!(
            "<section class=\"footnotes\">\n<h2 class=\"footnotes-title\" id=\"{}footnotes-title\">{heading}</h2>\n<ol>\n",
            input.id_prefix
        ));
        out.ids.push(format!("{}footnotes-title", input.id_prefix));
        for (label, evs) in footnotes.into_values() {
            let id = fn_slug(&label);
            out.ids.push(id.clone());
            let mut inner = String::new();
            pulldown_cmark::html::push_html(&mut inner, evs.into_iter());
            let back_link = if fn_ref_count.contains_key(&label) {
                format!(
                    " <a href=\"#{}ref-{}\" class=\"footnote-backref\" aria-label=\"{back}\">↩</a>",
                    input.id_prefix,
                    &id[input.id_prefix.len()..]
                )
            } else {
                String::new()
            };
            // Put the back link inside the last paragraph rather than after it.
            let inner = match inner.rfind("</p>") {
                Some(p) => format!("{}{}{}", &inner[..p], back_link, &inner[p..]),
                None => format!("{inner}{back_link}"),
            };
            html.push_str(&format!("<li id=\"{id}\">{inner}</li>\n"));
        }
        html.push_str("</ol>\n</section>\n");
    }
    if label_open {
        // Unreachable with pulldown's event order, but never emit unbalanced markup.
        html.push_str("</span></label>");
    }
    out.html = html;
    out
}

#[cfg(test)]
mod tests;
