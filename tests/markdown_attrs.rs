//! Heading attribute blocks (`## Titel {#id .class}`): only a safe id and safe classes reach the
//! HTML; anything else pulldown-cmark would turn into an HTML attribute (`onfocus=…`, `autofocus`,
//! `tabindex`) is an error at the block, and never emitted.

mod common;

use std::path::Path;

use common::{SITE, build_plan, errors, file, plan};
use krisenfest::config::{Language, RawHtml};
use krisenfest::diagnostics::{Msg, render as render_diagnostic};
use krisenfest::markdown::{Input, LinkResolver, Rendered, Target, render};

struct Resolver;
impl LinkResolver for Resolver {
    fn resolve(&self, dest: &str, _image: bool) -> Result<Target, (Msg, Option<Msg>)> {
        match dest.strip_prefix('#') {
            Some(f) => Ok(Target::Internal {
                out: "a/index.html".into(),
                fragment: Some(f.into()),
            }),
            None => Err((
                Msg::new(
                    format!("kaputter Link `{dest}`"),
                    format!("broken link `{dest}`"),
                ),
                None,
            )),
        }
    }
}

fn md(text: &str, raw_html: RawHtml) -> Rendered {
    render(
        &Input {
            text,
            file: Path::new("content/a.md"),
            line_offset: 0,
            raw_html,
            language: Language::De,
            page_out: "a/index.html",
            id_prefix: "",
            checklist: None,
        },
        &Resolver,
    )
}

fn safe(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Every start tag of `html` as (name, [(attribute, value)]); values as written (escaped).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(p) = rest.find('<') {
        rest = &rest[p + 1..];
        let end = rest
            .find('>')
            .expect("every `<` in the output starts a tag");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('/') {
            continue;
        }
        let name_end = tag.find([' ', '\n']).unwrap_or(tag.len());
        let mut attrs = Vec::new();
        let mut a = tag[name_end..].trim_start();
        while !a.is_empty() {
            let n = a.find(['=', ' ']).unwrap_or(a.len());
            let key = a[..n].to_string();
            a = &a[n..];
            let mut value = String::new();
            if let Some(v) = a.strip_prefix("=\"") {
                let q = v.find('"').expect("attribute values are quoted");
                value = v[..q].to_string();
                a = &v[q + 1..];
            }
            attrs.push((key, value));
            a = a.trim_start();
        }
        out.push((tag[..name_end].to_string(), attrs));
    }
    out
}

/// What an attacker might put into or around a heading attribute block.
const HOSTILE: &[&str] = &[
    "## Titel {tabindex=0 autofocus onfocus=alert(1)}\n",
    "## Titel {#x\" onmouseover=alert(1)}\n",
    "## Titel {#x\"onmouseover=alert(1)}\n",
    "## Titel {.x\" onclick=alert(1) .y}\n",
    "## Titel {#a&quot;b .c&#34;d}\n",
    "## Titel {#ä .ｘ}\n",
    "## Titel {onfocus=alert(1)} {autofocus}\n",
    "## Titel {#ok} {onfocus=alert(1)}\n",
    "## Titel ## {onfocus=alert(1) #a #b}\n",
    "# {autofocus onfocus=alert(1)}\n",
    "Titel {autofocus onfocus=alert(1)}\n=====\n",
    "Zeile eins\nZeile zwei {tabindex=1 onfocus=alert(1)}\n---\n",
    "> ## Zitat {onfocus=alert(1) autofocus}\n",
    "- ## Liste {onfocus=alert(1) autofocus}\n",
    "## Titel {x}\n",
    "## Titel {#a {onfocus=alert(1)}\n",
    "## Titel {#}\n",
    "## Titel {style=color:red}\n",
    "## Titel {\u{b}onfocus=alert(1)\u{c}autofocus}\n",
    "## Titel {on\u{0}focus=alert(1)}\n",
];

/// No attribute block for pulldown-cmark (`<`, `>`, a backslash or a newline inside, or text after
/// it): heading text, escaped like any other.
const TEXT: &[&str] = &[
    "## Titel {#x'`><img src=x onerror=alert(1)>}\n",
    "## Titel {#a\\\" onfocus=alert(1)}\n",
    "## Titel {onfocus=alert(1)} mehr\n",
    "## Titel {onfocus=alert(1)} ##\n",
    "Titel {onfocus=alert(1)\nautofocus}\n===\n",
];

#[test]
fn no_heading_attribute_reaches_the_html() {
    // with `raw_html: allow` the editor may write HTML on purpose, but not through `{…}`
    let cases = [RawHtml::Escape, RawHtml::Allow]
        .into_iter()
        .flat_map(|raw| HOSTILE.iter().map(move |t| (raw, t, true)))
        .chain(TEXT.iter().map(|t| (RawHtml::Escape, t, false)));
    {
        for (raw_html, text, is_block) in cases {
            let r = md(text, raw_html);
            assert_eq!(
                !r.diagnostics.is_empty(),
                is_block,
                "{text:?}: {:?}, html {}",
                r.diagnostics,
                r.html
            );
            for (name, attrs) in tags(&r.html) {
                for (k, v) in &attrs {
                    assert!(
                        !k.starts_with("on") && k != "autofocus" && k != "style",
                        "{text:?}: attribute {k} in {}",
                        r.html
                    );
                    assert!(
                        !v.contains(['"', '<', '>', '`']),
                        "{text:?}: value {v:?} in {}",
                        r.html
                    );
                }
                if let [b'h', b'1'..=b'6'] = name.as_bytes() {
                    for (k, v) in &attrs {
                        match k.as_str() {
                            "id" => assert!(safe(v), "{text:?}: id {v:?}"),
                            "class" => assert!(v.split(' ').all(safe), "{text:?}: class {v:?}"),
                            _ => panic!("{text:?}: heading attribute {k} in {}", r.html),
                        }
                    }
                }
            }
            assert!(r.toc.iter().all(|t| safe(&t.id)), "{text:?}: {:?}", r.toc);
            assert!(r.ids.iter().all(|id| safe(id)), "{text:?}: {:?}", r.ids);
        }
    }
}

#[test]
fn safe_ids_and_classes_are_kept_and_only_they() {
    let r = md(
        "## Ziele {#ziele-2026 .wichtig .Teil_2}\n\nSetext {#setext}\n---\n\n## Ziele\n\nSiehe [Ziele](#ziele-2026).\n",
        RawHtml::Escape,
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(
        r.html,
        "<h2 id=\"ziele-2026\" class=\"wichtig Teil_2\">Ziele</h2>\n<h2 id=\"setext\">Setext</h2>\n<h2 id=\"ziele\">Ziele</h2>\n<p>Siehe <a href=\"#ziele-2026\">Ziele</a>.</p>\n"
    );
    let toc: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(toc, ["ziele-2026", "setext", "ziele"]);
}

#[test]
fn an_earlier_block_is_text_and_escaped() {
    let r = md("## Titel {onfocus=\"x\"} {#ok}\n", RawHtml::Escape);
    assert_eq!(r.html, "<h2 id=\"ok\">Titel {onfocus=\"x\"}</h2>\n");
}

#[test]
fn heading_ids_are_unique_with_explicit_and_suffixed_ids() {
    let r = md(
        "## a\n\n## a\n\n## a-1\n\n## b {#a-2}\n\n## a\n\n## a 1\n\n## c {#fn-1}\n\nText[^1]\n\n[^1]: Fuß\n",
        RawHtml::Escape,
    );
    let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    // `{#fn-1}` collides with the footnote's id: an error, and the heading gets a generated id
    assert_eq!(ids, ["a", "a-1", "a-1-1", "a-2", "a-3", "a-1-2", "c"]);
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].message, "duplicate heading id `fn-1`");
    assert_eq!(r.diagnostics[0].location(), "content/a.md:13:6");
}

fn page_errors(body: &str) -> Vec<String> {
    let page = format!("---\ntitle: Seite\naudience: public\n---\n{body}");
    let dir = plan(&[("content/site.yaml", SITE), ("content/seite.md", &page)]);
    let r = build_plan(dir.path());
    errors(&r)
        .iter()
        .map(|d| render_diagnostic(d, &r.sources, false, krisenfest::diagnostics::Lang::En))
        .collect()
}

#[test]
fn every_bad_block_is_an_error_at_the_block() {
    let got = page_errors(
        "Text\n\n## Titel {tabindex=0 autofocus onfocus=alert(1)}\n\n## Zwei {#x\" .gut .b&c}\n\nDrei {#a #b}\n===\n\n## Vier {#dup}\n\n## Fünf {#dup}\n",
    );
    let want = [
        "error: heading attributes `tabindex=0`, `autofocus`, `onfocus=alert(1)` are not allowed
 --> content/seite.md:7:10
  |
7 | ## Titel {tabindex=0 autofocus onfocus=alert(1)}
  |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
help: only `{#id}` and `{.class}` may follow a heading; remove the rest",
        "error: invalid heading class `.b&c`
 --> content/seite.md:9:9
  |
9 | ## Zwei {#x\" .gut .b&c}
  |         ^^^^^^^^^^^^^^^
  |
help: a class is `.` and then only ASCII letters, digits, `-` and `_`, e.g. `{.hinweis}`",
        "error: invalid heading id `#x\"`
 --> content/seite.md:9:9
  |
9 | ## Zwei {#x\" .gut .b&c}
  |         ^^^^^^^^^^^^^^^
  |
help: an id is `#` and then only ASCII letters, digits, `-` and `_`, e.g. `{#mein-anker}`",
        "error: heading has more than one id: `#a`, `#b`
  --> content/seite.md:11:6
   |
11 | Drei {#a #b}
   |      ^^^^^^^
   |
help: a heading has one id: keep one `{#id}`",
        "error: duplicate heading id `dup`
  --> content/seite.md:16:9
   |
16 | ## Fünf {#dup}
   |         ^^^^^^
   |
help: ids must be unique within a page: choose another `{#id}`",
    ];
    assert_eq!(got, want, "\n{}", got.join("\n\n"));
}

#[test]
fn a_valid_block_builds_and_its_id_is_a_link_target() {
    let page = "---\ntitle: Seite\naudience: public\n---\n## Ziele {#ziele-2026 .wichtig}\n\n## Mehr\n\n[Ziele](#ziele-2026)\n";
    let dir = plan(&[("content/site.yaml", SITE), ("content/seite.md", page)]);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:?}", errors(&r));
    let html = file(&r, "public", "seite/index.html");
    assert!(
        html.contains("<h2 id=\"ziele-2026\" class=\"wichtig\">Ziele</h2>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"#ziele-2026\">Ziele</a>"), "{html}");
}
