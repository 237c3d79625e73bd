//! Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit, generated from
//! `site.yaml` → `legal`. A Markdown page at the same path (`content/impressum.md`) replaces the
//! generated one. Linked from every page footer.

use std::path::Path;

mod text;

use super::{Files, RenderEnv};
use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos};
use crate::markdown::TocEntry;
use crate::model::common::Audience;
use crate::model::{Page, Site};
use crate::msg;
use crate::urls::segments;

/// (title, output path) of the legal pages, for the footer.
pub fn footer_links(site: &Site) -> Vec<(String, String)> {
    let seg = segments(site.config.language);
    vec![
        ("Impressum".into(), format!("{}/index.html", seg.imprint)),
        ("Datenschutz".into(), format!("{}/index.html", seg.privacy)),
        (
            "Barrierefreiheit".into(),
            format!("{}/index.html", seg.accessibility),
        ),
    ]
}

/// Generated legal pages are linkable like the Markdown pages they stand for
/// (`[Impressum](@/impressum.md)`), unless a Markdown page already is one.
pub fn register(site: &Site, index: &mut super::SiteIndex) {
    // A required page left internal is already one error at its front matter (`validate`);
    // every link to it would repeat that error, so links treat it as the public page it must be.
    for (p, _) in hidden_required_pages(site) {
        if let Some(e) = index.pages.get_mut(&p.rel) {
            e.audience = Audience::Public;
        }
        index
            .audience_by_out
            .insert(p.out.clone(), Audience::Public);
    }
    if site.config.legal.is_none() {
        return;
    }
    for (title, out) in footer_links(site) {
        let rel = format!("{}.md", out.trim_end_matches("/index.html"));
        if !index.pages.contains_key(&rel) && !site.pages.iter().any(|p| p.out == out) {
            index.pages.insert(
                rel,
                crate::index::IndexEntry {
                    out: out.clone(),
                    anchor: None,
                    audience: Audience::Public,
                    title,
                },
            );
            index.audience_by_out.insert(out, Audience::Public);
        }
    }
}

/// Pages BITV 2.0 § 4 asks for on the start page: information in Leichte Sprache and in
/// Deutsche Gebärdensprache. They are ordinary Markdown pages at fixed paths
/// (`content/leichte-sprache.md`, `content/gebaerdensprache.md`, or a folder with `_index.md`);
/// when one exists it is linked from every footer, next to the legal pages.
pub fn accessibility_links(site: &Site) -> Vec<(String, String)> {
    [
        ("leichte-sprache/index.html", "Leichte Sprache"),
        ("gebaerdensprache/index.html", "Gebärdensprache"),
    ]
    .into_iter()
    .filter(|(out, _)| site.pages.iter().any(|p| p.out == *out && !p.generated))
    .map(|(out, title)| (title.to_string(), out.to_string()))
    .collect()
}

fn has_public_output(site: &Site) -> bool {
    site.config
        .outputs
        .iter()
        .any(|o| o.value.audience == Audience::Public)
}

/// Pages every page of the public site links to — the start page and the three legal pages —
/// that are not public, with what the public site needs them as. Empty without a public output.
fn hidden_required_pages(site: &Site) -> Vec<(&Page, &'static str)> {
    if !has_public_output(site) {
        return Vec::new();
    }
    let seg = segments(site.config.language);
    let required = [
        ("index.html".to_string(), "start page"),
        (format!("{}/index.html", seg.imprint), "Impressum"),
        (
            format!("{}/index.html", seg.privacy),
            "Datenschutzerklärung",
        ),
        (
            format!("{}/index.html", seg.accessibility),
            "Erklärung zur Barrierefreiheit",
        ),
    ];
    site.pages
        .iter()
        .filter(|p| p.audience != Audience::Public)
        .filter_map(|p| {
            let (_, what) = required.iter().find(|(out, _)| *out == p.out)?;
            Some((p, *what))
        })
        .collect()
}

/// One error at the front matter of each required page that is not public (instead of a broken
/// footer link on every page), and a warning for the BITV pages the footer would leave out.
fn check_page_audiences(site: &Site, diags: &Diagnostics) {
    let default = if site.config.default_audience == Audience::Public {
        "public"
    } else {
        "internal"
    };
    for (p, what) in hidden_required_pages(site) {
        let file = crate::diagnostics::display_path(&p.file);
        if p.generated {
            // No page to point at: point at the public output that lacks one.
            for o in site
                .config
                .outputs
                .iter()
                .filter(|o| o.value.audience == Audience::Public)
            {
                let d = Diagnostic::error(msg!(
                    "die Ausgabe `{}` hat keine Startseite: keine Seite ist öffentlich",
                    "output `{}` has no start page: no page is public";
                    o.value.name
                ))
                .hint(msg!(
                    "schreiben Sie `content/_index.md` mit `audience: public` im Kopfbereich, oder kennzeichnen Sie die Seiten, die Bürgerinnen und Bürger lesen dürfen, mit `audience: public`",
                    "write `content/_index.md` with `audience: public` in its front matter, or mark the pages citizens may read `audience: public`"
                ));
                diags.push(if o.referenced.line() > 0 {
                    d.at("content/site.yaml", crate::model::common::span_pos(o, 1, 0))
                } else {
                    d.in_file("content/site.yaml")
                });
            }
            continue;
        }
        // German: the page's name alone, and with its article at the start of a sentence.
        let (as_de, the_de) = match what {
            "start page" => ("Startseite", "die Startseite"),
            "Impressum" => ("Impressum", "das Impressum"),
            "Datenschutzerklärung" => ("Datenschutzerklärung", "die Datenschutzerklärung"),
            _ => (what, "die Erklärung zur Barrierefreiheit"),
        };
        let fix = if what == "start page" {
            msg!(
                "ergänzen Sie `audience: public` im Kopfbereich",
                "add `audience: public` to its front matter"
            )
        } else {
            msg!(
                "ergänzen Sie `audience: public` im Kopfbereich, oder löschen Sie die Seite, damit krisenfest sie aus `legal:` in site.yaml erzeugt",
                "add `audience: public` to its front matter, or delete the page to use the one krisenfest makes from `legal:` in site.yaml"
            )
        };
        let d = Diagnostic::error(msg!(
            "`{file}` ist intern, aber die öffentliche Website braucht die Seite als {as_de}",
            "`{file}` is internal, but the public site needs it as its {what}"
        ));
        diags.push(match &p.front.audience {
            Some(a) => d
                .at(&p.file, crate::model::common::span_pos(a, 8, p.front_offset))
                .label(msg!("intern", "internal"))
                .hint(msg!(
                    "{the_de} ist von jeder Seite der öffentlichen Website aus verlinkt: ändern Sie dies in `audience: public`",
                    "the {what} is linked from every page of the public site: change this to `audience: public`"
                )),
            None => d
                .at(&p.file, Pos::new(p.front_offset.max(1), 1, 3))
                .label(msg!(
                    "kein `audience` angegeben: es gilt `default_audience` ({default})",
                    "no `audience`: `default_audience` ({default}) applies"
                ))
                .hint(Msg::new(
                    format!(
                        "{the_de} ist von jeder Seite der öffentlichen Website aus verlinkt: {}",
                        fix.de
                    ),
                    format!(
                        "the {what} is linked from every page of the public site: {}",
                        fix.en
                    ),
                )),
        });
    }
    if !has_public_output(site) {
        return;
    }
    for p in site.pages.iter().filter(|p| {
        !p.generated
            && p.audience != Audience::Public
            && matches!(
                p.out.as_str(),
                "leichte-sprache/index.html" | "gebaerdensprache/index.html"
            )
    }) {
        let file = crate::diagnostics::display_path(&p.file);
        diags.push(
            Diagnostic::warning(msg!(
                "`{file}` ist intern, deshalb verlinkt die öffentliche Website die Seite nicht",
                "`{file}` is internal, so the public site does not link it"
            ))
            .at(&p.file, Pos::new(p.front_offset.max(1), 1, 3))
            .hint(msg!(
                "BITV 2.0 § 4 verlangt diese Seite auf der öffentlichen Website: ergänzen Sie `audience: public` im Kopfbereich, oder `draft: true`, solange sie noch nicht fertig ist",
                "BITV 2.0 § 4 asks for this page on the public site: add `audience: public` to its front matter, or `draft: true` while it is not ready"
            )),
        );
    }
}

/// Missing legal data is an error for public outputs (a published site needs all three pages).
/// The addresses in site.yaml are checked here as well, where the file is read anyway.
pub fn validate(site: &Site, diags: &Diagnostics) {
    check_page_audiences(site, diags);
    // `krisenfest new` leaves TODO placeholders in the legal data: never publish them unnoticed.
    if let Ok(text) = std::fs::read_to_string(site.root.join("content/site.yaml")) {
        crate::config::validate_addresses(&site.config, &text, diags);
        crate::config::opendata::validate(&site.config, &text, diags);
        for (i, line) in text.lines().enumerate() {
            if let Some(col) = line.find("TODO") {
                diags.push(
                    Diagnostic::warning(msg!(
                        "Platzhalter `TODO` in site.yaml",
                        "placeholder `TODO` in site.yaml"
                    ))
                    .at(
                        "content/site.yaml",
                        Pos::new(i + 1, line[..col].chars().count() + 1, 4),
                    )
                    .hint(msg!(
                        "ersetzen Sie ihn vor der Veröffentlichung durch den richtigen Wert",
                        "replace it with the real value before publishing"
                    )),
                );
            }
        }
    }
    if !has_public_output(site) {
        return;
    }
    let seg = segments(site.config.language);
    let overridden = |seg: &str| {
        site.pages
            .iter()
            .any(|p| p.out == format!("{seg}/index.html") && !p.generated)
    };
    let missing = |key: &str| {
        diags.push(
            Diagnostic::error(msg!(
                "`{key}` fehlt in site.yaml",
                "missing `{key}` in site.yaml"
            ))
            .in_file("content/site.yaml")
            .hint(msg!(
                "die öffentliche Ausgabe braucht Impressum, Datenschutzerklärung und Erklärung zur Barrierefreiheit; füllen Sie `legal:` aus (siehe README, Abschnitt zu den Inhalten) oder schreiben Sie die Seite selbst als Markdown",
                "the public output needs Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit; fill in `legal:` (see README, content reference) or write the page yourself as Markdown"
            )),
        )
    };
    let legal = site.config.legal.as_ref();
    if !overridden(seg.imprint) && legal.and_then(|l| l.publisher.as_ref()).is_none() {
        missing("legal.publisher");
    }
    if !overridden(seg.privacy) {
        if legal.and_then(|l| l.publisher.as_ref()).is_none() && overridden(seg.imprint) {
            missing("legal.publisher");
        }
        if legal
            .and_then(|l| l.data_protection_officer.as_ref())
            .is_none()
        {
            missing("legal.data_protection_officer");
        }
    }
    if !overridden(seg.accessibility) && legal.and_then(|l| l.accessibility.as_ref()).is_none() {
        missing("legal.accessibility");
    }
}

pub(crate) fn toc_of(html: &str) -> Vec<TocEntry> {
    let mut toc = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<h2 id=\"") {
        rest = &rest[i + 8..];
        let Some(end) = rest.find('"') else { break };
        let id = rest[..end].to_string();
        let Some(t0) = rest.find('>') else { break };
        let Some(t1) = rest.find("</h2>") else { break };
        toc.push(TocEntry {
            id,
            title: rest[t0 + 1..t1].replace("&amp;", "&"),
            level: 2,
        });
        rest = &rest[t1..];
    }
    toc
}

pub fn render(env: &RenderEnv<'_>, diags: &Diagnostics) -> Files {
    let mut files = Files::new();
    let site = env.site;
    let seg = segments(site.config.language);
    let legal = site.config.legal.as_ref();
    let pages: [(&str, &str, Option<String>); 3] = [
        (seg.imprint, "Impressum", legal.and_then(text::imprint)),
        (
            seg.privacy,
            "Datenschutzerklärung",
            legal.and_then(|l| text::privacy(site, l)),
        ),
        (
            seg.accessibility,
            "Erklärung zur Barrierefreiheit",
            legal.and_then(|l| text::accessibility(site, l, env.output)),
        ),
    ];
    // Stand-ins for required pages left internal: the build already fails with one error at
    // such a page (`validate`), and a stand-in keeps every link to it from failing as well.
    // Nothing of a failed build is written, so a stand-in is never published.
    let hidden = if env.output.audience == Audience::Public {
        hidden_required_pages(site)
    } else {
        Vec::new()
    };
    let stand_in = |out: &str| hidden.iter().any(|(p, _)| p.out == out);
    if stand_in("index.html") {
        files.extend(env.generated_page(
            "index.html",
            &site.config.title,
            "",
            &[],
            "page",
            Path::new("content/_index.md"),
            diags,
        ));
    }
    for (segment, title, html) in pages {
        let out = format!("{segment}/index.html");
        if site.pages.iter().any(|p| p.out == out) && !stand_in(&out) {
            continue;
        }
        let html = match html {
            Some(h) => h,
            None if stand_in(&out) => String::new(),
            None => continue,
        };
        let toc = toc_of(&html);
        files.extend(env.generated_page(
            &out,
            title,
            &html,
            &toc,
            "page",
            Path::new("content/site.yaml"),
            diags,
        ));
    }
    files
}
