//! Issue 18, pages and links: a link the parser leaves as text is an error at its target; a
//! section page shows its video; a folder's `_index.md` introduces the generated list page of
//! that folder instead of colliding with it. Through the real build.

mod common;

use common::*;
use krisenfest::diagnostics::render;

const START: &str = "---\ntitle: Start\naudience: public\n---\n";
const TIPPS: &str = "---\ntitle: Tipps für gute Webmeetings\naudience: public\n---\nText\n";

fn site(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let mut files = vec![
        ("content/site.yaml", SITE),
        ("content/_index.md", START),
        ("content/schulung/webmeeting-tipps.md", TIPPS),
        (
            "content/schulung/regeln.md",
            "---\ntitle: Regeln\naudience: public\n---\nText\n",
        ),
    ];
    files.extend_from_slice(extra);
    plan(&files)
}

fn page(body: &str) -> String {
    format!("---\ntitle: Seite\naudience: public\n---\n{body}")
}

fn located(r: &krisenfest::build::BuildResult) -> Vec<(String, String, String)> {
    errors(r)
        .into_iter()
        .map(|d| {
            (
                d.message.en.clone(),
                d.location(),
                d.hint.clone().map(String::from).unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn a_link_that_is_not_a_link_is_an_error_at_its_target() {
    let body = "Die [Textfassung](Tipps für gute Webmeetings) lesen.\n\n\
| Datei |\n|---|\n| [Plan](mein plan.pdf) |\n\n\
Siehe [Regeln] (regeln.md) und [Regeln][regelwerk].\n\n\
- [**Tipps**] (@/schulung/webmeeting-tipps.md)\n- [Leer][]\n";
    let dir = site(&[("content/schulung/seite.md", &page(body))]);
    let r = build_plan(dir.path());
    let f = "content/schulung/seite.md";
    assert_eq!(
        located(&r),
        [
            (
                "`[Textfassung](Tipps für gute Webmeetings)` is not a link: a link target cannot contain spaces".to_string(),
                format!("{f}:5:19"),
                "`Tipps für gute Webmeetings` is the title of a page: did you mean `[Textfassung](@/schulung/webmeeting-tipps.md)`?".to_string(),
            ),
            (
                "`[Plan](mein plan.pdf)` is not a link: a link target cannot contain spaces".to_string(),
                format!("{f}:9:10"),
                "write the path without spaces (rename the file, e.g. `mein-plan.pdf`) or put it in angle brackets: `[Plan](<mein plan.pdf>)`; the page shows the text as it is written".to_string(),
            ),
            (
                "`[Regeln] (regeln.md)` is not a link: there is a space between `]` and `(`".to_string(),
                format!("{f}:11:17"),
                "write `[Regeln](regeln.md)` without the space; the page shows the text as it is written".to_string(),
            ),
            (
                "`[Regeln][regelwerk]` is not a link: there is no definition of `[regelwerk]`".to_string(),
                format!("{f}:11:41"),
                "add a line `[regelwerk]: @/pfad/seite.md` (or an address) anywhere on the page, or write the link inline: `[…](@/pfad/seite.md)`".to_string(),
            ),
            (
                "`[**Tipps**] (@/schulung/webmeeting-tipps.md)` is not a link: there is a space between `]` and `(`".to_string(),
                format!("{f}:13:16"),
                "write `[**Tipps**](@/schulung/webmeeting-tipps.md)` without the space; the page shows the text as it is written".to_string(),
            ),
            (
                "`[Leer][]` is not a link: there is no definition of `[Leer]`".to_string(),
                format!("{f}:14:4"),
                "add a line `[Leer]: @/pfad/seite.md` (or an address) anywhere on the page, or write the link inline: `[…](@/pfad/seite.md)`".to_string(),
            ),
        ]
    );
    let e = errors(&r);
    assert_eq!(
        render(&e[0], &r.sources, false, krisenfest::diagnostics::Lang::En),
        "error: `[Textfassung](Tipps für gute Webmeetings)` is not a link: a link target cannot contain spaces
 --> content/schulung/seite.md:5:19
  |
5 | Die [Textfassung](Tipps für gute Webmeetings) lesen.
  |                   ^^^^^^^^^^^^^^^^^^^^^^^^^^ written as text, not as a link
  |
help: `Tipps für gute Webmeetings` is the title of a page: did you mean `[Textfassung](@/schulung/webmeeting-tipps.md)`?"
    );
}

#[test]
fn brackets_that_are_no_links_and_code_are_not_reported() {
    let body = "`[a](b c)` im Code, [sic] (siehe oben), [1] (2018), \\[a](b c).\n\n\
```\n[Plan](mein plan.pdf)\n```\n\n    [x](y z)\n\n\
- [ ] offen\n- [x] erledigt (heute)\n\n\
[Regeln] und [Regeln][r] und [ok](<mein plan.pdf>).\n\n[r]: @/schulung/regeln.md\n\n\
> [!NOTE]\n> Hinweis.\n";
    let dir = site(&[("content/schulung/seite.md", &page(body))]);
    let r = build_plan(dir.path());
    let e: Vec<_> = located(&r)
        .into_iter()
        .filter(|e| e.0.contains("not a link"))
        .collect();
    assert_eq!(e, []);
}

#[test]
fn a_link_that_is_not_a_link_in_a_record_field_is_located_in_its_yaml_file() {
    let measures = "- id: M-1\n  title: Schulung\n  status: geplant\n  audience: public\n  description: |\n    Siehe [Tipps](Tipps für gute Webmeetings).\n";
    let dir = site(&[("content/data/measures.yaml", measures)]);
    let r = build_plan(dir.path());
    let e: Vec<_> = located(&r).into_iter().map(|e| (e.0, e.1)).collect();
    assert_eq!(
        e,
        [(
            "`[Tipps](Tipps für gute Webmeetings)` is not a link: a link target cannot contain spaces".to_string(),
            "content/data/measures.yaml:6:19".to_string()
        )]
    );
}

const VIDEO: &str = "video:\n  url: \"https://youtu.be/uilwr6ktHbU\"\n  title: Tipps für gute Webmeetings\n  transcript: \"@/schulung/webmeeting-tipps.md\"\n";

#[test]
fn the_video_of_a_section_page_and_the_start_page_is_shown() {
    let section = format!("---\ntitle: Schulung\naudience: public\n{VIDEO}---\nText\n");
    let start = format!("---\ntitle: Start\naudience: public\n{VIDEO}---\nText\n");
    let dir = site(&[
        ("content/schulung/_index.md", &section),
        ("content/_index.md", &start),
    ]);
    let r = build_plan(dir.path());
    assert_eq!(located(&r), []);
    for (path, transcript) in [
        ("schulung/index.html", "webmeeting-tipps/index.html"),
        ("index.html", "schulung/webmeeting-tipps/index.html"),
    ] {
        let html = file(&r, "public", path);
        assert_eq!(
            html.matches("<figure class=\"video-consent\"").count(),
            1,
            "{path}"
        );
        assert!(
            html.contains(&format!("<a href=\"{transcript}\">")),
            "{path}: {html}"
        );
    }
}

/// The part of a page below its heading, without the introduction and its video, the list of the folder's
/// pages and the pager (which name pages whose titles an introduction may change).
fn body_below_header(html: &str) -> String {
    let start = html.find("<header class=\"page-header\">").unwrap();
    let start = start + html[start..].find("</header>").unwrap();
    let end = [
        "<section class=\"child-pages\"",
        "<nav class=\"pager\"",
        "</article>",
    ]
    .iter()
    .filter_map(|m| html[start..].find(m))
    .min()
    .unwrap();
    let mut s = html[start..start + end].to_string();
    if let Some(i) = s.find("<div class=\"prose page-intro\">") {
        let j = i + s[i..].find("</div>").unwrap() + "</div>".len();
        s.replace_range(i..j, "");
    }
    if let (Some(i), Some(j)) = (
        s.find("<figure class=\"video-consent\""),
        s.find("</figure>"),
    ) {
        s.replace_range(i..j + "</figure>".len(), "");
    }
    while s.contains("\n\n") {
        s = s.replace("\n\n", "\n");
    }
    s
}

#[test]
fn every_generated_list_page_takes_an_introduction_from_its_folder() {
    let folders = [
        "risiken",
        "risiken/ueberpruefung",
        "massnahmen",
        "ziele",
        "perspektiven",
        "gefaehrdungen",
        "entscheidungen",
        "checklisten",
        "suche",
        "daten",
    ];
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let before = build_plan(dir.path());
    assert_eq!(located(&before), []);
    for f in folders {
        let text = format!(
            "---\ntitle: Einleitung {f}\ndescription: Worum es in {f} geht.\naudience: public\n{VIDEO}---\nDiese Einleitung steht über der Liste in {f}, mit [Link](@/schulung/_index.md).\n"
        );
        let text = text.replace("webmeeting-tipps.md", "video-tipps.md");
        write_files(dir.path(), &[(&format!("content/{f}/_index.md"), &text)]);
    }
    let r = build_plan(dir.path());
    assert_eq!(located(&r), []);
    assert_eq!(
        warnings(&r)
            .iter()
            .map(|d| d.message.en.clone())
            .collect::<Vec<_>>(),
        warnings(&before)
            .iter()
            .map(|d| d.message.en.clone())
            .collect::<Vec<_>>()
    );
    for f in folders {
        let path = format!("{f}/index.html");
        let old = file(&before, "public", &path);
        let new = file(&r, "public", &path);
        let depth = "../".repeat(f.matches('/').count() + 1);
        for want in [
            format!("<h1 class=\"page-title\">Einleitung {f}</h1>"),
            format!("<p class=\"page-lead\">Worum es in {f} geht.</p>"),
            format!(
                "<div class=\"prose page-intro\">\n<p>Diese Einleitung steht über der Liste in {f}, mit <a href=\"{depth}schulung/index.html\">Link</a>.</p>\n\n</div>"
            ),
            "<figure class=\"video-consent\"".to_string(),
        ] {
            assert!(new.contains(&want), "{path}: no {want} in\n{new}");
        }
        // the generated list is all there, below the introduction
        assert_eq!(body_below_header(&new), body_below_header(&old), "{path}");
    }
    // the menu names the list as its introduction does, at the list's place
    let home = file(&r, "public", "index.html");
    assert!(home.contains(">Einleitung risiken<"), "{home}");
    // the intranet has the introductions too; a public introduction is not internal
    let intranet = file(&r, "intranet", "risiken/index.html");
    assert!(intranet.contains("Diese Einleitung steht über der Liste in risiken"));
}

#[test]
fn an_introduction_without_its_list_is_a_normal_section_page() {
    // no risks: there is no register, so the folder's page is the editor's page
    let intro = "---\ntitle: Unsere Risiken\naudience: public\n---\nNoch keine Risiken.\n";
    let dir = site(&[("content/risiken/_index.md", intro)]);
    let r = build_plan(dir.path());
    assert_eq!(located(&r), []);
    let html = file(&r, "public", "risiken/index.html");
    assert!(html.contains("<h1 class=\"page-title\">Unsere Risiken</h1>"));
    assert!(html.contains("<p>Noch keine Risiken.</p>"));
}

#[test]
fn an_internal_introduction_shows_only_on_the_intranet() {
    let goals = "- {id: Z-1, stakeholder: verwaltung, title: Ziel, audience: public}\n";
    let intro = "---\ntitle: Ziele intern\naudience: internal\n---\nNur für uns.\n";
    let dir = site(&[
        ("content/data/goals.yaml", goals),
        ("content/ziele/_index.md", intro),
    ]);
    let r = build_plan(dir.path());
    assert_eq!(located(&r), []);
    let public = file(&r, "public", "ziele/index.html");
    assert!(
        !public.contains("Nur für uns") && !public.contains("Ziele intern"),
        "{public}"
    );
    let intranet = file(&r, "intranet", "ziele/index.html");
    assert!(intranet.contains("<p>Nur für uns.</p>") && intranet.contains(">Ziele intern</h1>"));
}
