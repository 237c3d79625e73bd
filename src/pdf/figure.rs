//! Figures: a table or an inline SVG chart with its caption. Charts go to typst as SVG images
//! with their title and description as alternative text (PDF/UA-1 requires one); any other
//! figure prints its caption and content as plain blocks.

use std::fmt::Write as _;

use super::dom::{Elem, Node};
use super::markup::{Writer, is_block, is_skipped, lit};
use super::table;

impl Writer {
    pub(super) fn figure(&mut self, e: &Elem) {
        let caption = e.elems().find(|c| c.name == "figcaption");
        let body: Vec<&Elem> = e
            .elems()
            .filter(|c| c.name != "figcaption" && !is_skipped(c))
            .collect();
        let loose_text = e
            .children
            .iter()
            .any(|n| matches!(n, Node::Text(t) if !t.trim().is_empty()));
        if let ([only], false) = (body.as_slice(), loose_text) {
            if let Some(t) = single(only, "table") {
                return table::table(self, t, caption);
            }
            if let Some(svg) = single(only, "svg") {
                return self.svg(svg, caption);
            }
        }
        // Any other figure: its caption as a paragraph before the content (a typst figure
        // would need one alternative text for all of it).
        for n in &e.children {
            if let Node::Elem(c) = n
                && c.name == "figcaption"
            {
                self.block(c);
            }
        }
        self.blocks_filtered(&e.children, "figcaption");
    }

    fn blocks_filtered(&mut self, nodes: &[Node], skip: &str) {
        let mut run: Vec<&Node> = Vec::new();
        for n in nodes {
            match n {
                Node::Elem(e) if e.name == skip || is_skipped(e) => {}
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

    /// An inline SVG chart as an image with its title and description as alternative text. An
    /// SVG typst could not read (an HTML entity XML does not know) prints its text instead.
    pub(super) fn svg(&mut self, e: &Elem, caption: Option<&Elem>) {
        let mut alt = svg_alt(e);
        if alt.is_empty() {
            // PDF/UA-1 requires an alternative text; a chart without title or text gets a word.
            alt = if self.lang == "en" {
                "Graphic"
            } else {
                "Grafik"
            }
            .to_string();
        }
        let raw = e.raw.as_deref().filter(|r| xml_safe(r));
        let Some(raw) = raw else {
            self.blocks(&e.children);
            if let Some(c) = caption {
                self.block(c);
            }
            return;
        };
        let mut src = raw.to_string();
        if !src.contains("xmlns=\"http://www.w3.org/2000/svg\"") {
            src.insert_str(4, " xmlns=\"http://www.w3.org/2000/svg\"");
        }
        let width = e
            .attr("width")
            .and_then(|w| w.trim_end_matches("px").parse::<f64>().ok())
            .filter(|w| w.is_finite() && *w > 0.0);
        let width = match width {
            Some(w) if w * 0.75 < 450.0 => format!("{:.1}pt", w * 0.75),
            _ => "100%".to_string(),
        };
        let mut image = String::from("image(bytes(");
        lit(&mut image, &src);
        let _ = write!(image, "), format: \"svg\", width: {width}, alt: ");
        lit(&mut image, &alt);
        image.push(')');
        match caption {
            Some(c) => {
                let _ = write!(self.out, "#figure({image}, caption: ");
                self.content_block(&c.children);
                self.out.push_str(")\n\n");
            }
            None => {
                let _ = writeln!(self.out, "#figure({image})\n");
            }
        }
    }
}

/// `e` itself if it is `name`, or the one element inside wrappers such as `div.table-scroll`.
fn single<'e>(e: &'e Elem, name: &str) -> Option<&'e Elem> {
    if e.name == name {
        return Some(e);
    }
    if e.name != "div"
        || e.children
            .iter()
            .any(|n| matches!(n, Node::Text(t) if !t.trim().is_empty()))
    {
        return None;
    }
    let mut inner = e.elems();
    match (inner.next(), inner.next()) {
        (Some(only), None) => single(only, name),
        _ => None,
    }
}

fn svg_alt(e: &Elem) -> String {
    let squash = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut parts = Vec::new();
    if let Some(ids) = e.attr("aria-labelledby") {
        for id in ids.split_ascii_whitespace() {
            if let Some(t) = e.find_id(id) {
                parts.push(squash(t.text()));
            }
        }
    }
    if parts.iter().all(String::is_empty) {
        parts.clear();
        if let Some(l) = e.attr("aria-label") {
            parts.push(squash(l.to_string()));
        }
        for name in ["title", "desc"] {
            if let Some(t) = e.elems().find(|c| c.name == name) {
                parts.push(squash(t.text()));
            }
        }
    }
    parts.retain(|p| !p.is_empty());
    if parts.is_empty() {
        return squash(e.text());
    }
    parts.join(". ")
}

/// Whether every entity reference in `s` is one XML defines, so the SVG parses as XML.
fn xml_safe(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        rest = &rest[i + 1..];
        let ok = ["amp;", "lt;", "gt;", "quot;", "apos;", "#"]
            .iter()
            .any(|p| rest.starts_with(p));
        if !ok {
            return false;
        }
    }
    true
}
