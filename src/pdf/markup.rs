//! The element tree as typst markup. Every piece of editor text goes into a typst string literal
//! (`#"…"`, `raw("…")`, `bytes("…")`), whose only escapes are `\\`, `\"` and `\u{…}`: a `#`, `*`,
//! `$`, `<` or `//` in a risk's title is never markup or code. Structure is function calls whose
//! names and arguments are ours.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::dom::{Elem, Node};
use super::table;

/// Elements whose content is not printed: the document head, scripts, and the HTML table of
/// contents (typst writes its own outline, with page numbers).
const SKIP: &[&str] = &[
    "head", "script", "style", "template", "noscript", "title", "button", "select", "textarea",
];

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "svg",
    "table",
    "ul",
];

/// Appends `s` as a typst string literal.
pub fn lit(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn is_skipped(e: &Elem) -> bool {
    SKIP.contains(&e.name.as_str())
        || e.attr("hidden").is_some()
        || (e.name == "nav" && e.has_class("print-toc"))
}

pub fn is_block(e: &Elem) -> bool {
    BLOCKS.contains(&e.name.as_str())
        || e.children
            .iter()
            .any(|n| matches!(n, Node::Elem(c) if is_block(c)))
}

/// Whitespace collapsing across one paragraph, as a browser does: runs become one space, none at
/// the start or end.
#[derive(Default)]
struct Ws {
    pending: bool,
    started: bool,
}

pub struct Writer {
    pub out: String,
    /// Element id → typst label, for the ids that a heading carries (directly, or as the first
    /// heading of a `section`). A link to any other id prints as text: typst fails on a link to
    /// a missing label.
    labels: HashMap<String, String>,
    /// Heading (by address in the tree, which outlives the writer) → its label. A typst element
    /// carries one label, so a section and its first heading share it.
    heading_labels: HashMap<usize, String>,
    /// "de" or "en", for the few words the PDF adds.
    pub lang: String,
    /// Headings written now stay out of the outline and bookmarks (the cover's title).
    pub unoutlined: bool,
    /// Level of the heading written last (0 before the first).
    last_level: u8,
    /// Inside a table cell: links into the document print as text there (typst 0.15.1 fails
    /// with "expected link ancestor in logical tree" on some of them, e.g. the risk matrix's
    /// cell links; the print edition's "(siehe 9.1)" after each one still names the target).
    pub in_cell: bool,
}

impl Writer {
    pub fn new(root: &Elem, lang: &str) -> Self {
        let mut w = Writer {
            out: String::new(),
            labels: HashMap::new(),
            heading_labels: HashMap::new(),
            lang: lang.to_string(),
            unoutlined: false,
            last_level: 0,
            in_cell: false,
        };
        w.collect_labels(root);
        w
    }

    fn collect_labels(&mut self, e: &Elem) {
        let heading = match e.name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(e),
            "section" | "article" if e.attr("id").is_some() => first_heading(e),
            _ => None,
        };
        if let (Some(id), Some(h)) = (e.attr("id"), heading) {
            let key = std::ptr::from_ref(h) as usize;
            let label = match self.heading_labels.get(&key) {
                Some(l) => Some(l.clone()),
                // An id seen before (the same anchor on two pages) stays with the first.
                None if self.labels.contains_key(id) => None,
                None => {
                    let l = format!("kf-{}", self.heading_labels.len());
                    self.heading_labels.insert(key, l.clone());
                    Some(l)
                }
            };
            if let Some(l) = label {
                for id in [Some(id), h.attr("id")].into_iter().flatten() {
                    self.labels
                        .entry(id.to_string())
                        .or_insert_with(|| l.clone());
                }
            }
        }
        for c in e.elems() {
            self.collect_labels(c);
        }
    }

    /// Block content: runs of inline nodes become paragraphs, block elements stand alone.
    pub fn blocks(&mut self, nodes: &[Node]) {
        let mut run: Vec<&Node> = Vec::new();
        for n in nodes {
            match n {
                Node::Elem(e) if is_skipped(e) => {}
                Node::Elem(e) if is_block(e) => {
                    self.paragraph(&run);
                    run.clear();
                    self.block(e);
                }
                _ => run.push(n),
            }
        }
        self.paragraph(&run);
    }

    pub(super) fn paragraph(&mut self, run: &[&Node]) {
        let start = self.out.len();
        let mut ws = Ws::default();
        for n in run {
            self.inline(n, &mut ws);
        }
        if ws.started {
            self.out.push_str("\n\n");
        } else {
            self.out.truncate(start);
        }
    }

    /// Inline content of an element as a `[...]` block.
    fn inline_block(&mut self, nodes: &[Node]) {
        self.out.push('[');
        let mut ws = Ws::default();
        for n in nodes {
            self.inline(n, &mut ws);
        }
        self.out.push(']');
    }

    /// Block content as a `[...]` block.
    pub fn content_block(&mut self, nodes: &[Node]) {
        self.out.push('[');
        self.blocks(nodes);
        self.out.push(']');
    }

    fn text(&mut self, t: &str, ws: &mut Ws) {
        let mut s = String::new();
        for c in t.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                ws.pending = ws.started;
            } else {
                if ws.pending {
                    s.push(' ');
                    ws.pending = false;
                }
                ws.started = true;
                s.push(super::printable(c));
            }
        }
        if !s.is_empty() {
            self.out.push('#');
            lit(&mut self.out, &s);
        }
    }

    /// Wraps the inline children of `e` in `#func[...]`, keeping the paragraph's whitespace state.
    fn wrapped(&mut self, func: &str, e: &Elem, ws: &mut Ws) {
        let _ = write!(self.out, "#{func}[");
        for n in &e.children {
            self.inline(n, ws);
        }
        self.out.push(']');
    }

    fn inline(&mut self, n: &Node, ws: &mut Ws) {
        let e = match n {
            Node::Text(t) => return self.text(t, ws),
            Node::Elem(e) if is_skipped(e) => return,
            Node::Elem(e) => e,
        };
        match e.name.as_str() {
            "strong" | "b" => self.wrapped("strong", e, ws),
            "em" | "i" | "cite" | "dfn" | "var" => self.wrapped("emph", e, ws),
            "sup" => self.wrapped("super", e, ws),
            "sub" => self.wrapped("sub", e, ws),
            "mark" => self.wrapped("highlight", e, ws),
            "s" | "del" => self.wrapped("strike", e, ws),
            "u" | "ins" => self.wrapped("underline", e, ws),
            "small" => self.wrapped("text(size: 0.85em)", e, ws),
            "code" | "kbd" | "samp" | "tt" => {
                let t: String = e
                    .text()
                    .chars()
                    .map(super::printable)
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !t.is_empty() {
                    if ws.pending {
                        self.out.push_str("#\" \"");
                        ws.pending = false;
                    }
                    ws.started = true;
                    self.out.push_str("#raw(");
                    lit(&mut self.out, &t);
                    self.out.push(')');
                }
            }
            "br" => {
                if ws.started {
                    self.out.push_str("#linebreak()");
                    ws.pending = false;
                }
            }
            "a" => self.link(e, ws),
            "img" => {
                let alt = e.attr("alt").unwrap_or("").trim();
                if !alt.is_empty() {
                    let word = if self.lang == "en" { "Image" } else { "Bild" };
                    self.text(&format!(" [{word}: {alt}] "), ws);
                }
            }
            "input" => {
                let mark = if e.attr("checked").is_some() {
                    "[x] "
                } else {
                    "[ ] "
                };
                self.text(mark, ws);
            }
            // A block inside a paragraph run can only come from a transparent element such as
            // `a` or `span` around blocks, which `is_block` already routed to `block`.
            _ => {
                for c in &e.children {
                    self.inline(c, ws);
                }
            }
        }
    }

    fn link(&mut self, e: &Elem, ws: &mut Ws) {
        let href = e.attr("href").unwrap_or("");
        let target = if let Some(id) = href.strip_prefix('#') {
            if self.in_cell {
                None
            } else {
                self.labels.get(id).map(|l| format!("<{l}>"))
            }
        } else if href.starts_with("https://")
            || href.starts_with("http://")
            || href.starts_with("mailto:")
            || href.starts_with("tel:")
        {
            let mut s = String::new();
            lit(&mut s, href);
            Some(s)
        } else {
            None
        };
        let has_text = !e.text().trim().is_empty();
        match target {
            Some(t) if has_text => {
                // The space before the link stays outside it, so it is not underlined.
                if ws.pending {
                    self.out.push_str("#\" \"");
                    ws.pending = false;
                }
                let _ = write!(self.out, "#link({t})");
                self.wrapped_children(e, ws);
            }
            _ => {
                for c in &e.children {
                    self.inline(c, ws);
                }
            }
        }
    }

    fn wrapped_children(&mut self, e: &Elem, ws: &mut Ws) {
        self.out.push('[');
        for n in &e.children {
            self.inline(n, ws);
        }
        self.out.push(']');
    }

    pub(super) fn block(&mut self, e: &Elem) {
        match e.name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                // PDF/UA-1 forbids empty headings and skipped levels (h2 after h4 is fine, h4
                // after h2 is not): an empty one is left out, a deeper one moves up.
                if e.text().trim().is_empty() {
                    return;
                }
                let level = e.name[1..]
                    .parse::<u8>()
                    .unwrap_or(1)
                    .min(self.last_level + 1);
                self.last_level = level;
                let _ = write!(self.out, "#heading(level: {level}");
                if self.unoutlined {
                    self.out.push_str(", outlined: false");
                }
                self.out.push(')');
                self.inline_block(&e.children);
                self.attach_label(e);
                self.out.push_str("\n\n");
            }
            "p" | "dt" | "summary" | "legend" => {
                let mut ws = Ws::default();
                let start = self.out.len();
                if e.name != "p" {
                    self.out.push_str("#strong[");
                }
                for n in &e.children {
                    self.inline(n, &mut ws);
                }
                if e.name != "p" {
                    self.out.push(']');
                }
                if ws.started {
                    self.out.push_str("\n\n");
                } else {
                    self.out.truncate(start);
                }
            }
            "ul" | "ol" => self.list(e),
            "dl" => self.terms(e),
            "table" => table::table(self, e, None),
            "figure" => self.figure(e),
            "svg" => self.svg(e, None),
            "pre" => {
                let mut t: String = e.text().chars().map(super::printable).collect();
                if t.starts_with('\n') {
                    t.remove(0);
                }
                let t = t.trim_end();
                if !t.is_empty() {
                    self.out.push_str("#raw(block: true, ");
                    lit(&mut self.out, t);
                    self.out.push_str(")\n\n");
                }
            }
            "blockquote" => {
                self.out.push_str("#quote(block: true)");
                self.content_block(&e.children);
                self.out.push_str("\n\n");
            }
            "hr" => self
                .out
                .push_str("#line(length: 100%, stroke: 0.5pt + luma(60%))\n\n"),
            "figcaption" | "caption" => {
                self.out.push_str("#emph");
                self.content_block(&e.children);
                self.out.push_str("\n\n");
            }
            _ => self.blocks(&e.children),
        }
    }

    fn attach_label(&mut self, e: &Elem) {
        let key = std::ptr::from_ref(e) as usize;
        if let Some(l) = self.heading_labels.get(&key) {
            let _ = write!(self.out, " <{l}>");
        }
    }

    fn list(&mut self, e: &Elem) {
        let items: Vec<&Elem> = e.elems().filter(|c| !is_skipped(c)).collect();
        if items.is_empty() {
            return;
        }
        if e.name == "ol" {
            let start = e
                .attr("start")
                .and_then(|s| s.trim().parse::<i64>().ok())
                .filter(|n| *n >= 0)
                .unwrap_or(1);
            let _ = write!(self.out, "#enum(start: {start}");
        } else {
            self.out.push_str("#list(");
            // Typst's `list` has no `start`; keep the argument list uniform.
            self.out.push_str("tight: true");
        }
        for item in items {
            self.out.push_str(", ");
            self.content_block(&item.children);
        }
        self.out.push_str(")\n\n");
    }

    fn terms(&mut self, e: &Elem) {
        // `div` may group a `dt` with its `dd`s (HTML allows it).
        let mut flat: Vec<&Elem> = Vec::new();
        for c in e.elems() {
            if c.name == "div" {
                flat.extend(c.elems());
            } else {
                flat.push(c);
            }
        }
        // (terms, descriptions) in order; several `dt` share the `dd`s that follow them.
        let mut items: Vec<(Vec<&Elem>, Vec<&Elem>)> = Vec::new();
        for c in flat {
            if is_skipped(c) {
                continue;
            }
            if c.name == "dd" {
                match items.last_mut() {
                    Some(last) => last.1.push(c),
                    None => items.push((Vec::new(), vec![c])),
                }
            } else {
                match items.last_mut() {
                    Some(last) if last.1.is_empty() => last.0.push(c),
                    _ => items.push((vec![c], Vec::new())),
                }
            }
        }
        if items.is_empty() {
            return;
        }
        self.out.push_str("#terms(separator: [: ]");
        for (terms, descs) in items {
            self.out.push_str(", terms.item([");
            for (i, t) in terms.iter().enumerate() {
                if i > 0 {
                    self.out.push_str("#\", \"");
                }
                let mut ws = Ws::default();
                for n in &t.children {
                    self.inline(n, &mut ws);
                }
            }
            self.out.push_str("], [");
            for d in descs {
                self.blocks(&d.children);
            }
            self.out.push_str("])");
        }
        self.out.push_str(")\n\n");
    }
}

pub fn first_heading(e: &Elem) -> Option<&Elem> {
    for c in e.elems() {
        if matches!(c.name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            return Some(c);
        }
        if is_skipped(c) || matches!(c.name.as_str(), "section" | "article" | "table" | "svg") {
            continue;
        }
        if let Some(h) = first_heading(c) {
            return Some(h);
        }
    }
    None
}
