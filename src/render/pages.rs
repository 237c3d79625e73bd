//! Writing pages: a record's Markdown fields rendered for the page they appear on, and the
//! page and generated-page writers every section calls.

use super::*;

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
        ctx.insert("origin_label", &super::baseline::origin_label(self, out));
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
