//! Markdown pages: where each is written, its front matter, and the section pages a folder
//! without `_index.md` gets.

use super::*;

/// Output path of a page: `a/b.md` → `a/b/index.html`, `a/_index.md` → `a/index.html`.
pub fn page_out(rel: &str) -> String {
    let no_ext = rel.strip_suffix(".md").unwrap_or(rel);
    let mut segs: Vec<String> = no_ext.split('/').map(slugify).collect();
    if no_ext.rsplit('/').next() == Some("_index") {
        segs.pop();
    }
    segs.retain(|s| !s.is_empty());
    if segs.is_empty() {
        "index.html".into()
    } else {
        format!("{}/index.html", segs.join("/"))
    }
}

#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body: &'a str,
    pub front_offset: usize,
    pub body_offset: usize,
}

/// Split `---` front matter from the body, keeping line offsets so that errors point at the
/// absolute line in the file.
pub fn split_front_matter<'a>(text: &'a str, display: &Path) -> Result<Split<'a>, Diagnostic> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(Diagnostic::error(msg!(
            "die Seite hat keinen Kopfbereich",
            "page has no front matter"
        ))
        .at(display, Pos::new(1, 1, first_line.chars().count().max(1)))
        .hint(msg!(
            "Beginnen Sie die Datei mit einer Zeile `---`, dann `title: …`, dann wieder einer Zeile `---`",
            "start the file with a line `---`, then `title: …`, then another `---`"
        )));
    }
    let yaml_start = first_line.len() + 1;
    let mut offset = yaml_start;
    for (i, line) in text[yaml_start.min(text.len())..]
        .split_inclusive('\n')
        .enumerate()
    {
        let line_no = i + 2;
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let yaml = &text[yaml_start..offset];
            let body = &text[(offset + line.len()).min(text.len())..];
            return Ok(Split {
                yaml,
                body,
                front_offset: 1,
                body_offset: line_no,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(msg!(
        "der Kopfbereich ist nicht abgeschlossen",
        "front matter is not closed"
    ))
    .at(display, Pos::new(1, 1, 3))
    .label(msg!("hier geöffnet", "opened here"))
    .hint(msg!(
        "Beenden Sie den Kopfbereich mit einer Zeile, die nur `---` enthält",
        "end the front matter with a line containing only `---`"
    )))
}

/// `content_display`: how the content folder holding `rel` is shown in messages.
pub(super) fn load_page(
    path: &Path,
    rel: &str,
    content_display: &Path,
    diags: &Diagnostics,
    sources: &Sources,
) -> Option<Page> {
    let display = content_display.join(rel);
    let text = match crate::source::read_text(path, &display) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    sources.insert(&display, text.clone().into());
    let split = match split_front_matter(&text, &display) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let front: FrontMatter = if split.yaml.trim().is_empty() {
        diags.push(
            Diagnostic::error(msg!(
                "der Pflichtschlüssel `title` fehlt",
                "missing required key `title`"
            ))
            .at(&display, Pos::new(1, 1, 3))
            .hint(msg!(
                "Ergänzen Sie `title: …` zwischen den Zeilen `---`",
                "add `title: …` between the `---` lines"
            )),
        );
        return None;
    } else {
        match yaml::parse(split.yaml, &display, split.front_offset) {
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                return None;
            }
        }
    };
    let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let section = dir.to_string();
    Some(Page {
        file: display,
        rel: rel.to_string(),
        out: page_out(rel),
        section,
        is_section,
        generated: false,
        audience: Audience::Internal,
        body: split.body.to_string(),
        body_offset: split.body_offset,
        front_offset: split.front_offset,
        front_yaml: split.yaml.to_string(),
        front,
    })
}

/// Every folder holding pages is a section; without `_index.md` its page is a generated list.
pub(super) fn add_generated_sections(pages: &mut Vec<Page>, default_audience: Audience) {
    let mut have: BTreeMap<String, ()> = BTreeMap::new();
    let mut need: BTreeMap<String, ()> = BTreeMap::new();
    for p in pages.iter() {
        if p.is_section {
            have.insert(p.section.clone(), ());
        }
        let mut d = p.section.as_str();
        loop {
            need.insert(d.to_string(), ());
            match d.rsplit_once('/') {
                Some((parent, _)) => d = parent,
                None if !d.is_empty() => d = "",
                None => break,
            }
        }
    }
    for dir in need.keys() {
        if have.contains_key(dir) {
            continue;
        }
        let name = dir.rsplit('/').next().unwrap_or("");
        let title = if dir.is_empty() {
            String::new()
        } else {
            let mut t: String = name.replace(['-', '_'], " ");
            if let Some(first) = t.get(..1) {
                t = first.to_uppercase() + &t[1..];
            }
            t
        };
        let rel = if dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{dir}/_index.md")
        };
        pages.push(Page {
            file: Path::new("content").join(&rel),
            out: page_out(&rel),
            rel,
            section: dir.clone(),
            is_section: true,
            generated: true,
            front: FrontMatter {
                title,
                description: None,
                date: None,
                tags: Vec::new(),
                weight: None,
                audience: None,
                draft: false,
                video: None,
            },
            // A generated section is as visible as its most visible page; fixed up in validate.
            audience: default_audience,
            body: String::new(),
            body_offset: 0,
            front_offset: 0,
            front_yaml: String::new(),
        });
    }
}
