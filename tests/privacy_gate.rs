//! The privacy gate through the real build: every way a theme template, a stylesheet or raw
//! HTML in a page can make the visitor's browser fetch from another host is refused, at the
//! line and column where it was written; links, data: URLs, same-site URLs and prose pass.

mod common;

use common::*;
use krisenfest::build::BuildResult;
use krisenfest::diagnostics::{Diagnostic, render};

const BASE: &str = include_str!("../themes/default/templates/base.html");

fn site(extra: &str) -> String {
    format!("{SITE}theme: eigen\n{extra}")
}

const PAGE: &str = "---\ntitle: Start\naudience: public\n---\nWillkommen.\n";

/// The default base template with `lines` put in before `</body>`, and the line number of the
/// first of them.
fn base_with(lines: &[&str]) -> (String, usize) {
    let at = BASE.find("</body>").expect("base.html has </body>");
    let first = BASE[..at].matches('\n').count() + 1;
    let mut text = BASE[..at].to_string();
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    text.push_str(&BASE[at..]);
    (text, first)
}

fn public_errors(r: &BuildResult) -> Vec<Diagnostic> {
    errors(r)
        .into_iter()
        .filter(|d| d.message.starts_with("`public/"))
        .collect()
}

/// The message without the list of files: "load `URL` from another host" and the like.
fn claim(d: &Diagnostic) -> &str {
    let m = d.message.as_str();
    let after_files = m.find(" other files ").map_or_else(
        || m.find("` ").map_or(0, |i| i + 2),
        |i| i + " other files ".len(),
    );
    &m[after_files..]
}

fn report(r: &BuildResult) -> String {
    errors(r)
        .iter()
        .map(|d| format!("{} @ {} [{:?}]\n", d.message, d.location(), d.label))
        .collect()
}

/// (markup in a theme template, the URL as written there, the URL as the browser reads it,
/// what the browser does, the construct)
const TEMPLATE_CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "<link rel='stylesheet' href='https://cdn.example/single.css'>",
        "https://cdn.example/single.css",
        "https://cdn.example/single.css",
        "load",
        "<link href>",
    ),
    (
        "<link rel=stylesheet href=https://cdn.example/unquoted.css>",
        "https://cdn.example/unquoted.css",
        "https://cdn.example/unquoted.css",
        "load",
        "<link href>",
    ),
    (
        "<link rel=\"stylesheet\"\n  href=\"https://cdn.example/broken-line.css\">",
        "https://cdn.example/broken-line.css",
        "https://cdn.example/broken-line.css",
        "load",
        "<link href>",
    ),
    (
        "<link rel=\"preload\" as=\"font\" href=\"https://cdn.example/preload.woff2\">",
        "https://cdn.example/preload.woff2",
        "https://cdn.example/preload.woff2",
        "load",
        "<link href>",
    ),
    (
        "<link rel=\"icon\" href=\"https://cdn.example/icon.png\">",
        "https://cdn.example/icon.png",
        "https://cdn.example/icon.png",
        "load",
        "<link href>",
    ),
    (
        "<link rel=\"manifest\" href=\"https://cdn.example/app.webmanifest\">",
        "https://cdn.example/app.webmanifest",
        "https://cdn.example/app.webmanifest",
        "load",
        "<link href>",
    ),
    (
        "<link rel=\"preconnect\" href=\"//fonts.example\">",
        "//fonts.example",
        "//fonts.example",
        "load",
        "<link href>",
    ),
    (
        "<img alt=\"\" srcset=\"assets/favicon.svg 1x, https://cdn.example/srcset.png 2x\">",
        "https://cdn.example/srcset.png",
        "https://cdn.example/srcset.png",
        "load",
        "<img srcset>",
    ),
    (
        "<video poster=\"https://cdn.example/poster.jpg\"></video>",
        "https://cdn.example/poster.jpg",
        "https://cdn.example/poster.jpg",
        "load",
        "<video poster>",
    ),
    (
        "<object data=\"https://cdn.example/object.pdf\"></object>",
        "https://cdn.example/object.pdf",
        "https://cdn.example/object.pdf",
        "load",
        "<object data>",
    ),
    (
        "<embed src=\"https://cdn.example/embed.swf\">",
        "https://cdn.example/embed.swf",
        "https://cdn.example/embed.swf",
        "load",
        "<embed src>",
    ),
    (
        "<iframe title=\"x\" src=\"https://cdn.example/frame.html\"></iframe>",
        "https://cdn.example/frame.html",
        "https://cdn.example/frame.html",
        "load",
        "<iframe src>",
    ),
    (
        "<audio src=\"https://cdn.example/audio.mp3\"></audio>",
        "https://cdn.example/audio.mp3",
        "https://cdn.example/audio.mp3",
        "load",
        "<audio src>",
    ),
    (
        "<video><source src=\"https://cdn.example/source.mp4\"></video>",
        "https://cdn.example/source.mp4",
        "https://cdn.example/source.mp4",
        "load",
        "<source src>",
    ),
    (
        "<video><track src=\"https://cdn.example/track.vtt\"></video>",
        "https://cdn.example/track.vtt",
        "https://cdn.example/track.vtt",
        "load",
        "<track src>",
    ),
    (
        "<svg><image href=\"https://cdn.example/svg-image.png\"/></svg>",
        "https://cdn.example/svg-image.png",
        "https://cdn.example/svg-image.png",
        "load",
        "<image href>",
    ),
    (
        "<svg><use xlink:href=\"https://cdn.example/sprite.svg#i\"/></svg>",
        "https://cdn.example/sprite.svg#i",
        "https://cdn.example/sprite.svg#i",
        "load",
        "<use xlink:href>",
    ),
    (
        "<form action=\"https://forms.example/send\"><button>Senden</button></form>",
        "https://forms.example/send",
        "https://forms.example/send",
        "send form input to another host",
        "<form action>",
    ),
    (
        "<meta http-equiv=\"refresh\" content=\"0;url=https://elsewhere.example/\">",
        "https://elsewhere.example/",
        "https://elsewhere.example/",
        "redirect to another host",
        "<meta content>",
    ),
    (
        "<div style=\"background:url('https://cdn.example/style-attr.png')\"></div>",
        "'https://cdn.example/style-attr.png'",
        "https://cdn.example/style-attr.png",
        "load",
        "<div style>",
    ),
    (
        "<style>@import \"https://cdn.example/import.css\";</style>",
        "\"https://cdn.example/import.css\"",
        "https://cdn.example/import.css",
        "load",
        "<style> @import",
    ),
    (
        "<style>p{background:URL( https://cdn.example/style-el.png )}</style>",
        "URL( https://cdn.example/style-el.png )",
        "https://cdn.example/style-el.png",
        "load",
        "<style> url()",
    ),
    (
        "<style>p{background-image:image-set(\"https://cdn.example/set.png\" 1x)}</style>",
        "\"https://cdn.example/set.png\"",
        "https://cdn.example/set.png",
        "load",
        "<style> image-set()",
    ),
    (
        "<script src=\"//cdn.example/protocol-relative.js\"></script>",
        "//cdn.example/protocol-relative.js",
        "//cdn.example/protocol-relative.js",
        "load",
        "<script src>",
    ),
    (
        "<script src=\"HTTPS://CDN.example/upper.js\"></script>",
        "HTTPS://CDN.example/upper.js",
        "HTTPS://CDN.example/upper.js",
        "load",
        "<script src>",
    ),
    (
        "<img alt=\"\" src=\"&#104;ttps://cdn.example/entity.png\">",
        "&#104;ttps://cdn.example/entity.png",
        "https://cdn.example/entity.png",
        "load",
        "<img src>",
    ),
    (
        "<img alt=\"\" src=\" ht\ttps://cdn.example/whitespace.png\">",
        " ht\ttps://cdn.example/whitespace.png",
        "https://cdn.example/whitespace.png",
        "load",
        "<img src>",
    ),
    (
        "<noscript><img alt=\"\" src=\"https://tracker.example/pixel.gif\"></noscript>",
        "https://tracker.example/pixel.gif",
        "https://tracker.example/pixel.gif",
        "load",
        "<img src>",
    ),
    (
        "<a href=\"https://example.org/\" ping=\"https://tracker.example/ping\">extern</a>",
        "https://tracker.example/ping",
        "https://tracker.example/ping",
        "load",
        "<a ping>",
    ),
    (
        "<iframe title=\"x\" srcdoc=\"&lt;img src=https://cdn.example/srcdoc.png&gt;\"></iframe>",
        "&lt;img src=https://cdn.example/srcdoc.png&gt;",
        "https://cdn.example/srcdoc.png",
        "load",
        "<img src>",
    ),
    (
        "<base href=\"https://elsewhere.example/base/\">",
        "https://elsewhere.example/base/",
        "https://elsewhere.example/base/",
        "resolve every relative URL against another host",
        "<base href>",
    ),
];

/// What a visitor clicks, what stays on the site, data: URLs and text: all allowed.
const ALLOWED_MARKUP: &[&str] = &[
    "<a href=\"https://example.org/\">extern</a>",
    "<a href='HTTPS://example.org/upper'>extern</a>",
    "<svg><a xlink:href=\"https://example.org/svg\"><text>x</text></a></svg>",
    "<img alt=\"\" src=\"data:image/png;base64,iVBORw0KGgo=\">",
    "<img alt=\"\" srcset=\"data:image/png;base64,iVBORw0KGgo= 1x, DATA:image/gif;base64,R0lG 2x\">",
    "<img alt=\"\" src=\"{{ root }}assets/favicon.svg\">",
    "<link rel=\"canonical\" href=\"https://www.teststadt.example/\">",
    "<div style=\"background:url(data:image/svg+xml,%3Csvg%3E)\"></div>",
    "<p>Mehr unter https://example.org/ – src=&quot;https://cdn.example/prose.png&quot; ist nur Text.</p>",
    "<style>p::after{content:\"https://example.org/ \"} /* url(https://cdn.example/c.png) */</style>",
    "<script>const html = \"<img src='https://cdn.example/in-script.png'>\";</script>",
    "<!-- <link rel=stylesheet href=https://cdn.example/comment.css> -->",
    "<meta http-equiv=\"refresh\" content=\"600\">",
];

#[test]
fn every_way_a_template_loads_from_another_host_is_refused_where_it_is_written() {
    let mut lines: Vec<&str> = TEMPLATE_CASES.iter().map(|c| c.0).collect();
    lines.extend(ALLOWED_MARKUP);
    let (base, first) = base_with(&lines);
    let dir = plan(&[
        ("content/site.yaml", &site("")),
        ("content/_index.md", PAGE),
        ("themes/eigen/templates/base.html", &base),
    ]);
    let r = build_plan(dir.path());
    let found = public_errors(&r);
    let mut line = first;
    for (markup, written, url, does, how) in TEMPLATE_CASES {
        let col = markup.find(written).unwrap();
        let (l, c) = match markup[..col].rfind('\n') {
            Some(nl) => (line + markup[..col].matches('\n').count(), col - nl),
            None => (line, col + 1),
        };
        let location = format!("themes/eigen/templates/base.html:{l}:{c}");
        let want = if *does == "load" {
            format!("load `{url}` from another host")
        } else {
            format!("{does}: `{url}`")
        };
        assert!(
            found.iter().any(|d| claim(d) == want
                && d.location() == location
                && d.label.as_deref() == Some(*how)),
            "{markup}: no error `… {want}` at {location} labelled {how}; got:\n{}",
            report(&r)
        );
        line += markup.matches('\n').count() + 1;
    }
    // nothing else: the allowed lines and the default theme raise nothing
    assert_eq!(found.len(), TEMPLATE_CASES.len(), "{}", report(&r));
}

#[test]
fn a_single_quoted_stylesheet_in_a_template_is_one_located_error_for_all_pages() {
    let (base, line) = base_with(&["<link rel='stylesheet' href='https://cdn.example/x.css'>"]);
    let dir = plan(&[
        (
            "content/site.yaml",
            &site("outputs:\n  - {name: public, audience: public, dir: public}\n"),
        ),
        ("content/_index.md", PAGE),
        ("themes/eigen/templates/base.html", &base),
    ]);
    let r = build_plan(dir.path());
    let e = errors(&r);
    assert_eq!(e.len(), 1, "{}", report(&r));
    // every page but the print edition, which has a template of its own
    let pages = r.outputs[0]
        .files
        .keys()
        .filter(|p| p.ends_with(".html") && *p != "druck/index.html")
        .count();
    // the gutter is as wide as the line number
    let pad = " ".repeat(line.to_string().len());
    assert_eq!(
        render(&e[0], &r.sources, false, krisenfest::diagnostics::Lang::En),
        format!(
            "error: `public/404.html` and {others} other files load `https://cdn.example/x.css` from another host
{pad}--> themes/eigen/templates/base.html:{line}:30
{pad} |
{line} | <link rel='stylesheet' href='https://cdn.example/x.css'>
{pad} |                              ^^^^^^^^^^^^^^^^^^^^^^^^^ <link href>
{pad} |
help: published pages must not make the visitor's browser contact another host (privacy, DSGVO): save the file in content/static/ or the theme's static/ folder and refer to it with a relative URL; data: URLs and links the visitor clicks (<a href>) are fine",
            others = pages - 1
        )
    );
}

/// (stylesheet text, the construct as written, the URL as the browser reads it, the construct)
const CSS_CASES: &[(&str, &str, &str, &str)] = &[
    (
        "@import url(\"https://cdn.example/a.css\");",
        "\"https://cdn.example/a.css\"",
        "https://cdn.example/a.css",
        "url()",
    ),
    (
        "@import 'https://cdn.example/b.css';",
        "'https://cdn.example/b.css'",
        "https://cdn.example/b.css",
        "@import",
    ),
    (
        "p{background:url( HTTPS://cdn.example/c.png )}",
        "url( HTTPS://cdn.example/c.png )",
        "HTTPS://cdn.example/c.png",
        "url()",
    ),
    (
        "p{background:u\\72l(https://cdn.example/d.png)}",
        "u\\72l(https://cdn.example/d.png)",
        "https://cdn.example/d.png",
        "url()",
    ),
    (
        "p{background:url(https\\:\\/\\/cdn.example/e.png)}",
        "url(https\\:\\/\\/cdn.example/e.png)",
        "https://cdn.example/e.png",
        "url()",
    ),
    (
        "@font-face{font-family:X;src:url(//fonts.example/f.woff2) format(\"woff2\")}",
        "url(//fonts.example/f.woff2)",
        "//fonts.example/f.woff2",
        "url()",
    ),
    (
        "p{background-image:image-set('https://cdn.example/g.png' 1x, \"h.png\" 2x)}",
        "'https://cdn.example/g.png'",
        "https://cdn.example/g.png",
        "image-set()",
    ),
    (
        "p{background:url('https://cdn.example/\\\n  i.png')}",
        "'https://cdn.example/\\\n  i.png'",
        "https://cdn.example/  i.png",
        "url()",
    ),
];

const ALLOWED_CSS: &str = "/* @import \"https://cdn.example/comment.css\"; */
p::after{content:\"https://example.org/\"}
p{background:url(data:image/png;base64,AAAA)}
q{background:url(\"../assets/favicon.svg\")}
@namespace svg url(http://www.w3.org/2000/svg);
";

#[test]
fn every_way_a_stylesheet_loads_from_another_host_is_refused_in_theme_and_content_css() {
    let css: String = CSS_CASES
        .iter()
        .map(|c| format!("{}\n", c.0))
        .collect::<String>()
        + ALLOWED_CSS;
    let dir = plan(&[
        ("content/site.yaml", &site("")),
        ("content/_index.md", PAGE),
        // a theme stylesheet, the theme's override of a default one, and the plan's own
        ("themes/eigen/static/assets/extra.css", &css),
        ("themes/eigen/static/assets/krisenfest.css", &css),
        ("content/static/css/eigen.css", &css),
    ]);
    let r = build_plan(dir.path());
    let found = public_errors(&r);
    for file in [
        "themes/eigen/static/assets/extra.css",
        "themes/eigen/static/assets/krisenfest.css",
        "content/static/css/eigen.css",
    ] {
        let out = file
            .trim_start_matches("themes/eigen/static/")
            .trim_start_matches("content/static/");
        let mut line = 1;
        for (text, written, url, how) in CSS_CASES {
            let col = text.find(written).unwrap() + 1;
            let location = format!("{file}:{line}:{col}");
            let message = format!("`public/{out}` loads `{url}` from another host");
            assert!(
                found.iter().any(|d| d.message == message
                    && d.location() == location
                    && d.label.as_deref() == Some(*how)),
                "no error `{message}` at {location} labelled {how}; got:\n{}",
                report(&r)
            );
            line += text.matches('\n').count() + 1;
        }
    }
    assert_eq!(found.len(), 3 * CSS_CASES.len(), "{}", report(&r));
}

#[test]
fn raw_html_in_a_page_is_refused_at_its_line_and_escaped_html_is_only_text() {
    let body = "Willkommen.\n\n<img alt=\"Plan\" src='https://cdn.example/plan.png'>\n\n<iframe title=\"Karte\" src=https://maps.example/embed></iframe>\n\n[Externe Seite](https://example.org/) und https://example.org/ im Text.\n";
    let page = format!("---\ntitle: Start\naudience: public\n---\n{body}");
    let allowed = plan(&[("content/site.yaml", SITE), ("content/_index.md", &page)]);
    let r = build_plan(allowed.path());
    // escaped (the default): the markup is text on the page, nothing is loaded
    assert!(errors(&r).is_empty(), "{}", report(&r));
    assert!(file(&r, "public", "index.html").contains("&lt;img alt="));

    let dir = plan(&[
        (
            "content/site.yaml",
            &format!("{SITE}markdown: {{raw_html: allow}}\n"),
        ),
        ("content/_index.md", &page),
    ]);
    let r = build_plan(dir.path());
    let got: Vec<(String, String, Option<String>)> = public_errors(&r)
        .into_iter()
        .map(|d| {
            (
                d.message.en.clone(),
                d.location(),
                d.label.clone().map(String::from),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "`public/index.html` loads `https://cdn.example/plan.png` from another host"
                    .to_string(),
                "content/_index.md:7:22".to_string(),
                Some("<img src>".to_string())
            ),
            (
                "`public/index.html` loads `https://maps.example/embed` from another host".into(),
                "content/_index.md:9:27".into(),
                Some("<iframe src>".into())
            ),
        ],
        "{}",
        report(&r)
    );
}

#[test]
fn a_static_html_file_is_refused_at_its_own_line() {
    let dir = plan(&[
        ("content/site.yaml", SITE),
        ("content/_index.md", PAGE),
        (
            "content/static/alt/seite.html",
            "<!DOCTYPE html>\n<title>Alt</title>\n<script\n  src=//cdn.example/jquery.js></script>\n",
        ),
    ]);
    let r = build_plan(dir.path());
    has_error(
        &r,
        "`public/alt/seite.html` loads `//cdn.example/jquery.js` from another host",
        "content/static/alt/seite.html:4:7",
    );
}
