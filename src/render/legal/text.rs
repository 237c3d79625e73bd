//! The text of the three legal pages, from `site.yaml` → `legal`. Every mandatory part has a key,
//! and the build refuses a plan without it (`validate::legal`), so nothing here falls back to an
//! empty line; where a default stands for a body of the Land (LDI NRW, Ombudsstelle NRW, DSG NRW)
//! it is the one for NRW and can be replaced in site.yaml.

use crate::config::{AccessibilityStatus, Authority, Legal};
use crate::model::Site;
use crate::model::common::Audience;
use crate::render::OutputSpec;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn mail(addr: &str) -> String {
    format!("<a href=\"mailto:{}\">{}</a>", esc(addr), esc(addr))
}

fn link(url: &str) -> String {
    format!("<a href=\"{}\">{}</a>", esc(url), esc(url))
}

fn lines(s: &str) -> String {
    s.split('\n')
        .map(|l| esc(l.trim()))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("<br>\n")
}

/// The legal basis of the server logs when site.yaml names none: an NRW body's.
pub const DEFAULT_STATE_LAW: &str = "§ 3 Abs. 1 Datenschutzgesetz Nordrhein-Westfalen (DSG NRW)";

/// The Ombudsstelle für barrierefreie Informationstechnik NRW (§§ 10d, 10e BGG NRW), with the
/// contact data the statement must give: address, e-mail and phone, not only a web address.
pub fn default_enforcement_body() -> Authority {
    Authority {
        name: "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen bei der Beauftragten der Landesregierung für Menschen mit Behinderung".into(),
        address: Some("Fürstenwall 25\n40219 Düsseldorf".into()),
        phone: Some("0211 855-5 (Zentrale des Ministeriums für Arbeit, Gesundheit und Soziales NRW)".into()),
        url: Some(serde_saphyr::Spanned::new(
            "https://www.lbbp.nrw.de/ombudsstelle".into(),
            serde_saphyr::Location::UNKNOWN,
            serde_saphyr::Location::UNKNOWN,
        )),
        email: Some(serde_saphyr::Spanned::new(
            "ombudsstelle-barrierefreie-it@mags.nrw.de".into(),
            serde_saphyr::Location::UNKNOWN,
            serde_saphyr::Location::UNKNOWN,
        )),
    }
}

pub fn imprint(legal: &Legal) -> Option<String> {
    let p = legal.publisher.as_ref()?;
    let mut h = String::new();
    h.push_str("<h2 id=\"anbieter\">Anbieter</h2>\n");
    h.push_str(&format!("<p>{}", esc(&p.name)));
    match &p.legal_form {
        Some(f) => h.push_str(&format!("<br>\n{}", esc(f))),
        None => h.push_str("<br>\nKörperschaft des öffentlichen Rechts"),
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
    if let Some(r) = &p.responsible_for_content {
        h.push_str(&format!(
            "<h2 id=\"verantwortlich\">Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV</h2>\n<p>{}<br>\n{}</p>\n",
            esc(&r.name),
            lines(r.address.as_deref().unwrap_or(&p.address))
        ));
    }
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

fn authority_contact(a: &Authority) -> String {
    let mut out = String::new();
    if let Some(addr) = &a.address {
        out.push_str(&format!("<br>\n{}", lines(addr)));
    }
    if let Some(m) = &a.email {
        out.push_str(&format!("<br>\nE-Mail: {}", mail(&m.value)));
    }
    if let Some(t) = &a.phone {
        out.push_str(&format!("<br>\nTelefon: {}", esc(t)));
    }
    if let Some(u) = &a.url {
        out.push_str(&format!("<br>\n{}", link(&u.value)));
    }
    out
}

pub fn privacy(site: &Site, legal: &Legal) -> Option<String> {
    let p = legal.publisher.as_ref()?;
    let dpo = legal.data_protection_officer.as_ref()?;
    let authority = legal.supervisory_authority.clone().unwrap_or_else(|| Authority {
        name: "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW)".into(),
        address: Some("Kavalleriestraße 2–4\n40213 Düsseldorf".into()),
        phone: None,
        url: Some(serde_saphyr::Spanned::new(
            "https://www.ldi.nrw.de".into(),
            serde_saphyr::Location::UNKNOWN,
            serde_saphyr::Location::UNKNOWN,
        )),
        email: None,
    });
    let law = legal
        .data_protection_law
        .as_deref()
        .unwrap_or(DEFAULT_STATE_LAW);
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
    h.push_str(&format!(
        "<h2 id=\"server-protokolle\">Server-Protokolle</h2>\n<p>Beim Aufruf einer Seite verarbeitet der Webserver technisch notwendige Daten: IP-Adresse, Datum und Uhrzeit, aufgerufene Adresse, übertragene Datenmenge, Statuscode, Referrer und Browserkennung. Zweck ist der sichere und stabile Betrieb der Website; Rechtsgrundlage ist Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit {}. Die Protokolle werden nach spätestens sieben Tagen gelöscht, soweit sie nicht zur Aufklärung eines Sicherheitsvorfalls benötigt werden. Ein vom Anbieter beauftragter Hosting-Dienstleister verarbeitet sie als Auftragsverarbeiter nach Art. 28 DSGVO.</p>\n",
        esc(law)
    ));
    h.push_str("<h2 id=\"suche\">Suche</h2>\n<p>Die Suche dieser Website läuft in Ihrem Browser; der Suchbegriff wird dabei nicht an uns gesendet. Wenn Sie eine Suche abschicken oder einen Link zu Suchergebnissen öffnen, steht der Suchbegriff jedoch in der Adresse der Suchseite (zum Beispiel <code>suche/index.html?q=Datensicherung</code>) und wird damit wie jede aufgerufene Adresse im Server-Protokoll gespeichert und nach spätestens sieben Tagen gelöscht.</p>\n");
    h.push_str("<h2 id=\"keine-cookies\">Keine Cookies, kein Tracking</h2>\n<p>Diese Website setzt keine Cookies, verwendet keine Analyse- oder Tracking-Werkzeuge und lädt keine Schriften, Skripte oder Bilder von anderen Servern.</p>\n");
    h.push_str("<h2 id=\"lokaler-speicher\">Fortschritt in Checklisten</h2>\n<p>Wenn Sie in einer Checkliste Punkte abhaken, speichert Ihr Browser diesen Stand im lokalen Speicher (localStorage) Ihres Geräts. Die Angaben verlassen Ihr Gerät nicht und werden nicht an uns übertragen. Die Speicherung ist für die von Ihnen gewünschte Funktion unbedingt erforderlich (§ 25 Abs. 2 Nr. 2 TDDDG). Mit der Schaltfläche „Zurücksetzen“ oder über die Einstellungen Ihres Browsers können Sie den Stand jederzeit löschen.</p>\n");
    h.push_str("<h2 id=\"videos\">Eingebundene Videos (YouTube)</h2>\n<p>Schulungsvideos werden zunächst nur als Vorschaubild von diesem Server angezeigt. Erst wenn Sie auf „Video laden“ klicken, wird der Player von YouTube (Google Ireland Limited, Gordon House, Barrow Street, Dublin 4, Irland) im erweiterten Datenschutzmodus (youtube-nocookie.com) geladen. Dabei werden Ihre IP-Adresse und technische Daten an Google übermittelt. Beim Abspielen kann YouTube Informationen auf Ihrem Gerät speichern. Rechtsgrundlage ist Ihre Einwilligung durch den Klick (Art. 6 Abs. 1 lit. a DSGVO, § 25 Abs. 1 TDDDG). Sie können die Einwilligung widerrufen, indem Sie die Seite neu laden; das Video wird dann nicht mehr geladen. Alternativ steht zu jedem Video eine Textfassung bereit.</p>\n");
    h.push_str("<p>Dabei können Daten an die Google LLC in den USA übermittelt werden. Die Google LLC ist nach dem EU-US Data Privacy Framework zertifiziert; für Übermittlungen an zertifizierte Unternehmen gilt der Angemessenheitsbeschluss der Europäischen Kommission vom 10. Juli 2023 (Art. 45 DSGVO). Für Übermittlungen, die darunter nicht fallen, hat Google Standardvertragsklauseln der Europäischen Kommission abgeschlossen (Art. 46 Abs. 2 lit. c DSGVO). Trotz dieser Garantien ist nicht auszuschließen, dass US-Behörden auf die Daten zugreifen.</p>\n");
    h.push_str("<h2 id=\"pflicht\">Pflicht zur Bereitstellung</h2>\n<p>Sie sind weder gesetzlich noch vertraglich verpflichtet, personenbezogene Daten bereitzustellen (Art. 13 Abs. 2 lit. e DSGVO). Ohne die technisch notwendigen Daten der Server-Protokolle kann die Website jedoch nicht angezeigt werden. Ohne Ihre Einwilligung wird kein Video geladen; die Textfassung steht Ihnen trotzdem zur Verfügung.</p>\n");
    h.push_str("<h2 id=\"automatisierte-entscheidung\">Keine automatisierte Entscheidung</h2>\n<p>Eine automatisierte Entscheidungsfindung einschließlich Profiling nach Art. 22 DSGVO findet nicht statt (Art. 13 Abs. 2 lit. f DSGVO).</p>\n");
    h.push_str("<h2 id=\"rechte\">Ihre Rechte</h2>\n<p>Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18) und Widerspruch (Art. 21 DSGVO). Eine erteilte Einwilligung können Sie jederzeit mit Wirkung für die Zukunft widerrufen. Wenden Sie sich dazu an die verantwortliche Stelle oder die Datenschutzbeauftragte.</p>\n");
    h.push_str(&format!(
        "<h2 id=\"beschwerde\">Beschwerderecht</h2>\n<p>Sie können sich bei der Aufsichtsbehörde beschweren:<br>\n{}{}</p>\n",
        esc(&authority.name),
        authority_contact(&authority)
    ));
    Some(h)
}

/// Which website a statement covers, said in its first paragraph: the public and the intranet
/// statement are two statements about two websites (Art. 7 RL (EU) 2016/2102).
fn scope(site: &Site, output: &OutputSpec) -> String {
    let place = output
        .base_url
        .as_deref()
        .map(|u| format!(" unter {}", link(u)))
        .unwrap_or_default();
    match output.audience {
        Audience::Public => format!(
            "Diese Erklärung gilt für die öffentliche Website „{}“{place}.",
            esc(&site.config.title)
        ),
        Audience::Internal => format!(
            "Diese Erklärung gilt für die interne Fassung „{}“ im Intranet von {}{place}, die nur den Beschäftigten zugänglich ist.",
            esc(&site.config.title),
            esc(&site.config.municipality)
        ),
    }
}

pub fn accessibility(site: &Site, legal: &Legal, output: &OutputSpec) -> Option<String> {
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
        "<p>{} ist bemüht, diese Website im Einklang mit § 10b des Behindertengleichstellungsgesetzes Nordrhein-Westfalen (BGG NRW) und der Barrierefreie-Informationstechnik-Verordnung NRW (BITVNRW) barrierefrei zugänglich zu machen. Maßstab ist die Norm EN 301 549, die die Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA umsetzt.</p>\n<p>{}</p>\n",
        esc(&site.config.municipality),
        scope(site, output)
    ));
    h.push_str(&format!(
        "<h2 id=\"stand\">Stand der Vereinbarkeit</h2>\n<p>{sentence} (Status: {status})</p>\n"
    ));
    if !a.known_issues.is_empty() {
        h.push_str("<h2 id=\"nicht-barrierefrei\">Nicht barrierefreie Inhalte</h2>\n<ul>\n");
        for i in &a.known_issues {
            let i = &i.value;
            h.push_str(&format!("<li>{}", esc(&i.text)));
            if let Some(r) = &i.reason {
                h.push_str(&format!("<br>\nBegründung: {}", esc(r)));
            }
            if let Some(alt) = &i.alternative {
                h.push_str(&format!("<br>\nBarrierefreie Alternative: {}", esc(alt)));
            }
            h.push_str("</li>\n");
        }
        h.push_str("</ul>\n");
    }
    // Without `reviewed`, `statement_date` is what it always meant: written or last reviewed.
    let dates = match a.reviewed {
        Some(r) => format!(
            "Diese Erklärung wurde am {} erstellt und zuletzt am {} überprüft.",
            a.statement_date.german(),
            r.german()
        ),
        None => format!(
            "Diese Erklärung wurde am {} erstellt oder zuletzt überprüft.",
            a.statement_date.german()
        ),
    };
    h.push_str(&format!(
        "<h2 id=\"erstellung\">Erstellung dieser Erklärung</h2>\n<p>{dates} Grundlage ist {}. Die Erklärung wird mindestens einmal jährlich überprüft.</p>\n",
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
    let body = legal
        .enforcement_body
        .clone()
        .unwrap_or_else(default_enforcement_body);
    h.push_str(&format!(
        "<h2 id=\"durchsetzungsverfahren\">Durchsetzungsverfahren</h2>\n<p>Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Ombudsstelle wenden (§§ 10d, 10e BGG NRW). Das Verfahren ist kostenlos; Sie brauchen dafür keinen Rechtsbeistand.</p>\n<p>{}{}</p>\n",
        esc(&body.name),
        authority_contact(&body)
    ));
    Some(h)
}
