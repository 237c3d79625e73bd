//! Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit, generated from
//! `site.yaml` → `legal`. A Markdown page at the same path (`content/impressum.md`) replaces the
//! generated one. Linked from every page footer.

use std::path::Path;

use super::{Files, RenderEnv};
use crate::config::{AccessibilityStatus, Legal};
use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos};
use crate::markdown::TocEntry;
use crate::model::common::Audience;
use crate::model::{Page, Site};
use crate::msg;
use crate::urls::segments;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn mail(addr: &str) -> String {
    format!("<a href=\"mailto:{}\">{}</a>", esc(addr), esc(addr))
}

fn lines(s: &str) -> String {
    s.split('\n')
        .map(|l| esc(l.trim()))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("<br>\n")
}

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

fn toc_of(html: &str) -> Vec<TocEntry> {
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
        (seg.imprint, "Impressum", legal.and_then(imprint)),
        (
            seg.privacy,
            "Datenschutzerklärung",
            legal.and_then(|l| privacy(site, l)),
        ),
        (
            seg.accessibility,
            "Erklärung zur Barrierefreiheit",
            legal.and_then(|l| accessibility(site, l)),
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

fn imprint(legal: &Legal) -> Option<String> {
    let p = legal.publisher.as_ref()?;
    let mut h = String::new();
    h.push_str("<h2 id=\"anbieter\">Anbieter</h2>\n");
    h.push_str(&format!("<p>{}", esc(&p.name)));
    if let Some(f) = &p.legal_form {
        h.push_str(&format!("<br>\n{}", esc(f)));
    } else {
        h.push_str("<br>\nKörperschaft des öffentlichen Rechts");
    }
    h.push_str(&format!("<br>\n{}</p>\n", lines(&p.address)));
    h.push_str(&format!(
        "<h2 id=\"vertretung\">Vertretungsberechtigt</h2>\n<p>{}</p>\n",
        esc(&p.represented_by)
    ));
    h.push_str(&format!(
        "<h2 id=\"kontakt\">Kontakt</h2>\n<p>E-Mail: {}<br>\nTelefon: {}</p>\n",
        mail(&p.email.value),
        esc(&p.phone)
    ));
    if let Some(v) = &p.vat_id {
        h.push_str(&format!(
            "<h2 id=\"umsatzsteuer\">Umsatzsteuer-Identifikationsnummer</h2>\n<p>{}</p>\n",
            esc(v)
        ));
    }
    if let Some(a) = &p.supervisory_authority {
        h.push_str(&format!(
            "<h2 id=\"aufsicht\">Aufsichtsbehörde</h2>\n<p>{}</p>\n",
            lines(a)
        ));
    }
    h.push_str("<p>Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG) und § 18 Medienstaatsvertrag (MStV).</p>\n");
    Some(h)
}

fn privacy(site: &Site, legal: &Legal) -> Option<String> {
    let p = legal.publisher.as_ref()?;
    let dpo = legal.data_protection_officer.as_ref()?;
    let (auth_name, auth_rest) = match &legal.supervisory_authority {
        Some(a) => (
            a.name.clone(),
            format!(
                "{}{}",
                a.address.as_deref().map(lines).map(|l| format!("<br>\n{l}")).unwrap_or_default(),
                a.url.as_ref().map(|u| format!("<br>\n<a href=\"{}\">{}</a>", esc(&u.value), esc(&u.value))).unwrap_or_default()
            ) + &a.email.as_ref().map(|m| format!("<br>\nE-Mail: {}", mail(&m.value))).unwrap_or_default(),
        ),
        None => (
            "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW)".into(),
            "<br>\nKavalleriestraße 2–4, 40213 Düsseldorf<br>\n<a href=\"https://www.ldi.nrw.de\">www.ldi.nrw.de</a>".into(),
        ),
    };
    let mut h = String::new();
    h.push_str(&format!(
        "<p>Mit dieser Erklärung informiert {} nach Art. 13 der Datenschutz-Grundverordnung (DSGVO) darüber, welche personenbezogenen Daten beim Besuch dieser Website verarbeitet werden.</p>\n",
        esc(&site.config.municipality)
    ));
    h.push_str(&format!(
        "<h2 id=\"verantwortlich\">Verantwortliche Stelle</h2>\n<p>{}<br>\n{}<br>\nE-Mail: {}<br>\nTelefon: {}</p>\n",
        esc(&p.name),
        lines(&p.address),
        mail(&p.email.value),
        esc(&p.phone)
    ));
    h.push_str(&format!(
        "<h2 id=\"datenschutzbeauftragte\">Behördliche Datenschutzbeauftragte</h2>\n<p>{}{}<br>\nE-Mail: {}{}</p>\n",
        esc(&dpo.name),
        dpo.address.as_deref().map(|a| format!("<br>\n{}", lines(a))).unwrap_or_default(),
        mail(&dpo.email.value),
        dpo.phone.as_deref().map(|t| format!("<br>\nTelefon: {}", esc(t))).unwrap_or_default()
    ));
    h.push_str("<h2 id=\"server-protokolle\">Server-Protokolle</h2>\n<p>Beim Aufruf einer Seite verarbeitet der Webserver technisch notwendige Daten: IP-Adresse, Datum und Uhrzeit, aufgerufene Adresse, übertragene Datenmenge, Statuscode, Referrer und Browserkennung. Zweck ist der sichere und stabile Betrieb der Website; Rechtsgrundlage ist Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit den Vorschriften des Landesdatenschutzrechts. Die Protokolle werden nach spätestens sieben Tagen gelöscht, soweit sie nicht zur Aufklärung eines Sicherheitsvorfalls benötigt werden. Ein vom Anbieter beauftragter Hosting-Dienstleister verarbeitet sie als Auftragsverarbeiter nach Art. 28 DSGVO.</p>\n");
    h.push_str("<h2 id=\"keine-cookies\">Keine Cookies, kein Tracking</h2>\n<p>Diese Website setzt keine Cookies, verwendet keine Analyse- oder Tracking-Werkzeuge und lädt keine Schriften, Skripte oder Bilder von anderen Servern.</p>\n");
    h.push_str("<h2 id=\"lokaler-speicher\">Fortschritt in Checklisten</h2>\n<p>Wenn Sie in einer Checkliste Punkte abhaken, speichert Ihr Browser diesen Stand im lokalen Speicher (localStorage) Ihres Geräts. Die Angaben verlassen Ihr Gerät nicht und werden nicht an uns übertragen. Die Speicherung ist für die von Ihnen gewünschte Funktion unbedingt erforderlich (§ 25 Abs. 2 Nr. 2 TDDDG). Mit der Schaltfläche „Zurücksetzen“ oder über die Einstellungen Ihres Browsers können Sie den Stand jederzeit löschen.</p>\n");
    h.push_str("<h2 id=\"videos\">Eingebundene Videos (YouTube)</h2>\n<p>Schulungsvideos werden zunächst nur als Vorschaubild von diesem Server angezeigt. Erst wenn Sie auf „Video laden“ klicken, wird der Player von YouTube (Google Ireland Limited, Gordon House, Barrow Street, Dublin 4, Irland) im erweiterten Datenschutzmodus (youtube-nocookie.com) geladen. Dabei werden Ihre IP-Adresse und technische Daten an Google übermittelt; eine Übermittlung in die USA ist möglich. Beim Abspielen kann YouTube Informationen auf Ihrem Gerät speichern. Rechtsgrundlage ist Ihre Einwilligung durch den Klick (Art. 6 Abs. 1 lit. a DSGVO, § 25 Abs. 1 TDDDG). Sie können die Einwilligung widerrufen, indem Sie die Seite neu laden; das Video wird dann nicht mehr geladen. Alternativ steht zu jedem Video eine Textfassung bereit.</p>\n");
    h.push_str("<h2 id=\"rechte\">Ihre Rechte</h2>\n<p>Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18) und Widerspruch (Art. 21 DSGVO). Eine erteilte Einwilligung können Sie jederzeit mit Wirkung für die Zukunft widerrufen. Wenden Sie sich dazu an die verantwortliche Stelle oder die Datenschutzbeauftragte.</p>\n");
    h.push_str(&format!(
        "<h2 id=\"beschwerde\">Beschwerderecht</h2>\n<p>Sie können sich bei der Aufsichtsbehörde beschweren:<br>\n{}{}</p>\n",
        esc(&auth_name),
        auth_rest
    ));
    Some(h)
}

fn accessibility(site: &Site, legal: &Legal) -> Option<String> {
    let a = legal.accessibility.as_ref()?;
    let (status, sentence) = match a.status {
        AccessibilityStatus::VollstaendigBarrierefrei => (
            "vollständig vereinbar",
            "Diese Website ist vollständig mit den Anforderungen der Barrierefreie-Informationstechnik-Verordnung vereinbar.",
        ),
        AccessibilityStatus::TeilweiseBarrierefrei => (
            "teilweise vereinbar",
            "Diese Website ist wegen der folgenden Unvereinbarkeiten teilweise mit den Anforderungen der Barrierefreie-Informationstechnik-Verordnung vereinbar.",
        ),
        AccessibilityStatus::NichtBarrierefrei => (
            "nicht vereinbar",
            "Diese Website ist nicht mit den Anforderungen der Barrierefreie-Informationstechnik-Verordnung vereinbar.",
        ),
    };
    let mut h = String::new();
    h.push_str(&format!(
        "<p>{} ist bemüht, diese Website im Einklang mit § 10b des Behindertengleichstellungsgesetzes Nordrhein-Westfalen (BGG NRW) und der Barrierefreie-Informationstechnik-Verordnung NRW (BITVNRW) barrierefrei zugänglich zu machen. Maßstab ist die Norm EN 301 549, die die Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA umsetzt.</p>\n",
        esc(&site.config.municipality)
    ));
    h.push_str(&format!(
        "<h2 id=\"stand\">Stand der Vereinbarkeit</h2>\n<p>{sentence} (Status: {status})</p>\n"
    ));
    if !a.known_issues.is_empty() {
        h.push_str("<h2 id=\"nicht-barrierefrei\">Nicht barrierefreie Inhalte</h2>\n<ul>\n");
        for i in &a.known_issues {
            h.push_str(&format!("<li>{}</li>\n", esc(i)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str(&format!(
        "<h2 id=\"erstellung\">Erstellung dieser Erklärung</h2>\n<p>Diese Erklärung wurde am {} erstellt. Grundlage ist {}.</p>\n",
        a.statement_date.german(),
        esc(a.method.as_deref().unwrap_or("eine Selbstbewertung, unterstützt durch automatische Prüfungen jeder Seite (axe-core, Nu HTML Checker)"))
    ));
    h.push_str("<h2 id=\"feedback\">Feedback und Kontakt</h2>\n<p>Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen oder benötigen Sie Inhalte in einer barrierefreien Form? Dann wenden Sie sich bitte an uns");
    match &a.feedback_url {
        Some(u) => h.push_str(&format!(
            " über unser <a href=\"{}\">barrierefreies Kontaktformular</a> oder per E-Mail an {}.",
            esc(&u.value),
            mail(&a.feedback_email.value)
        )),
        None => h.push_str(&format!(
            " per E-Mail an {}.",
            mail(&a.feedback_email.value)
        )),
    }
    h.push_str(" Wir beantworten Ihre Anfrage innerhalb von sechs Wochen.</p>\n");
    let mut contact = String::new();
    let (body, url) = match &legal.enforcement_body {
        Some(e) => {
            if let Some(a) = &e.address {
                contact.push_str(&format!("<br>\n{}", lines(a)));
            }
            if let Some(m) = &e.email {
                contact.push_str(&format!("<br>\nE-Mail: {}", mail(&m.value)));
            }
            (e.name.clone(), e.url.as_ref().map(|u| u.value.clone()).unwrap_or_default())
        }
        None => (
            "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen bei der Landesbeauftragten für Menschen mit Behinderung".into(),
            "https://www.lbbp.nrw.de/ombudsstelle".into(),
        ),
    };
    h.push_str(&format!(
        "<h2 id=\"durchsetzungsverfahren\">Durchsetzungsverfahren</h2>\n<p>Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die {} wenden (§§ 10d, 10e BGG NRW). Das Verfahren ist kostenlos.{}{contact}</p>\n",
        esc(&body),
        if url.is_empty() { String::new() } else { format!(" <a href=\"{}\">{}</a>", esc(&url), esc(&url)) }
    ));
    Some(h)
}
