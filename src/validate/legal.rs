//! The mandatory parts of the generated legal pages: what § 18 Abs. 2 MStV asks of the Impressum
//! and what BGG NRW § 10b, BITVNRW § 4 and the EU model statement (2018/1523) ask of the
//! Erklärung zur Barrierefreiheit. Each part is a key of `legal:`, reported at the entry it
//! belongs to when it is missing. Plans written before these keys existed (and design.md's own
//! example) lack them, so a missing one is a warning, not an error: such a plan keeps building,
//! and `--strict`, which a town hall publishes with, refuses it. A contradiction (a review before
//! the statement was written) is an error. A page written as Markdown instead of generated is the
//! editor's own responsibility and not checked.

use serde_saphyr::Spanned;

use crate::config::Authority;
use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos};
use crate::model::Site;
use crate::model::common::Date;
use crate::msg;
use crate::urls::segments;

const FILE: &str = "content/site.yaml";

/// Where `s` stands in site.yaml, with the width of its value on that line.
fn pos_of<T>(s: &Spanned<T>, lines: &[&str]) -> Option<Pos> {
    let (line, col) = (s.referenced.line() as usize, s.referenced.column() as usize);
    if line == 0 {
        return None;
    }
    let rest: String = lines
        .get(line - 1)?
        .chars()
        .skip(col.saturating_sub(1))
        .collect();
    let len = rest.trim_end().chars().count().max(1);
    Some(Pos::new(line, col, len))
}

fn at<T>(d: Diagnostic, s: Option<&Spanned<T>>, lines: &[&str]) -> Diagnostic {
    match s.and_then(|s| pos_of(s, lines)) {
        Some(p) => d.at(FILE, p),
        None => d.in_file(FILE),
    }
}

pub fn validate(site: &Site, today: Date, diags: &Diagnostics) {
    let Some(legal) = &site.config.legal else {
        return;
    };
    let text = std::fs::read_to_string(site.root.join(FILE)).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let seg = segments(site.config.language);
    let generated = |segment: &str| {
        let out = format!("{segment}/index.html");
        !site.pages.iter().any(|p| p.out == out && !p.generated)
    };
    if generated(seg.imprint)
        && let Some(p) = &legal.publisher
        && p.responsible_for_content.is_none()
    {
        diags.push(
            at(
                Diagnostic::warning(msg!(
                    "`legal.publisher.responsible_for_content` fehlt",
                    "missing `legal.publisher.responsible_for_content`"
                )),
                Some(&p.email),
                &lines,
            )
            .label(msg!("in diesem Eintrag `publisher`", "in this `publisher` entry"))
            .hint(msg!(
                "ein journalistisch-redaktionell gestaltetes Angebot nennt im Impressum nach § 18 Abs. 2 MStV, wer für den Inhalt verantwortlich ist: ergänzen Sie unter `publisher:` die Zeile `responsible_for_content: {{name: …}}`, mit `address: …`, wenn die Anschrift eine andere als die des Anbieters ist",
                "a journalistic-editorial offer names in its Impressum who is responsible for the content (§ 18 (2) MStV): add `responsible_for_content: {{name: …}}` under `publisher:`, with `address: …` when it differs from the publisher's"
            )),
        );
    }
    if generated(seg.accessibility)
        && let Some(a) = &legal.accessibility
    {
        let here = Some(&a.feedback_email);
        if a.reviewed.is_none() {
            stale(a.statement_date, today, here, &lines, diags);
        }
        match a.reviewed {
            None => diags.push(
                at(
                    Diagnostic::warning(msg!(
                        "`legal.accessibility.reviewed` fehlt",
                        "missing `legal.accessibility.reviewed`"
                    )),
                    here,
                    &lines,
                )
                .label(msg!(
                    "in diesem Eintrag `accessibility`",
                    "in this `accessibility` entry"
                ))
                .hint(msg!(
                    "die Erklärung zur Barrierefreiheit wird jährlich überprüft und nennt das Datum der letzten Überprüfung; bis dahin sagt sie, sie sei am `statement_date` „erstellt oder zuletzt überprüft“ worden. Ergänzen Sie `reviewed: JJJJ-MM-TT`",
                    "the accessibility statement is reviewed every year and gives the date of the last review; until then it says it was \"written or last reviewed\" on `statement_date`. Add `reviewed: YYYY-MM-DD`"
                )),
            ),
            Some(r) if r < a.statement_date => {
                let (r, s) = (r.german(), a.statement_date.german());
                diags.push(
                    at(
                        Diagnostic::error(msg!(
                            "die letzte Überprüfung ({r}) liegt vor der Erstellung der Erklärung ({s})",
                            "the last review ({r}) is before the statement was written ({s})"
                        )),
                        here,
                        &lines,
                    )
                    .hint(msg!(
                        "`reviewed` ist das Datum der letzten Überprüfung, `statement_date` das der ersten Fassung",
                        "`reviewed` is the date of the last review, `statement_date` that of the first version"
                    )),
                )
            }
            Some(r) => stale(r, today, here, &lines, diags),
        }
        for i in &a.known_issues {
            if i.value.reason.is_none() {
                diags.push(
                    at(
                        Diagnostic::warning(msg!(
                            "zu diesem nicht barrierefreien Inhalt fehlt die Begründung",
                            "this inaccessible content has no reason"
                        )),
                        Some(i),
                        &lines,
                    )
                    .hint(msg!(
                        "schreiben Sie den Eintrag als `{{text: …, reason: …, alternative: …}}`: `reason` sagt, warum der Inhalt nicht barrierefrei ist (mit den Anforderungen nicht vereinbar, unverhältnismäßige Belastung oder nicht im Anwendungsbereich der BITVNRW), `alternative`, wie man ihn trotzdem erreicht",
                        "write the entry as `{{text: …, reason: …, alternative: …}}`: `reason` says why the content is not accessible (not compatible with the requirements, a disproportionate burden, or outside the scope of the BITVNRW), `alternative` how to reach it anyway"
                    )),
                );
            }
        }
        if a.feedback_url.is_none() {
            diags.push(
                at(
                    Diagnostic::warning(msg!(
                        "die Erklärung zur Barrierefreiheit nennt kein Kontaktformular",
                        "the accessibility statement names no contact form"
                    )),
                    here,
                    &lines,
                )
                .hint(msg!(
                    "§ 10b BGG NRW verlangt einen elektronischen Kontaktweg, über den Barrieren gemeldet werden können; eine E-Mail-Adresse allein genügt dafür womöglich nicht. Ergänzen Sie `feedback_url: https://…` mit der Adresse des barrierefreien Kontaktformulars",
                    "§ 10b BGG NRW asks for an electronic way to report barriers; an e-mail address alone may not be enough. Add `feedback_url: https://…` with the address of the accessible contact form"
                )),
            );
        }
        if let Some(b) = &legal.enforcement_body {
            enforcement_body(b, &lines, diags);
        }
    }
}

/// The statement is reviewed at least once a year (BITVNRW): a warning when `last` is older.
fn stale(
    last: Date,
    today: Date,
    here: Option<&Spanned<String>>,
    lines: &[&str],
    diags: &Diagnostics,
) {
    let due = last.0.checked_add(jiff::Span::new().days(365));
    if !due.is_ok_and(|due| due < today.0) {
        return;
    }
    let r = last.german();
    diags.push(
        at(
            Diagnostic::warning(msg!(
                "die Erklärung zur Barrierefreiheit wurde seit mehr als einem Jahr nicht überprüft (zuletzt am {r})",
                "the accessibility statement has not been reviewed for more than a year (last on {r})"
            )),
            here,
            lines,
        )
        .hint(msg!(
            "prüfen Sie die Erklärung, tragen Sie das Datum bei `reviewed` ein und senden Sie sie der Überwachungsstelle",
            "review the statement, put the date into `reviewed` and send it to the monitoring body"
        )),
    );
}

/// A body named instead of the Ombudsstelle NRW needs the contact data the statement must give.
fn enforcement_body(b: &Authority, lines: &[&str], diags: &Diagnostics) {
    let missing: Vec<(&str, Msg)> = [
        (b.address.is_none(), "address", msg!("Anschrift", "address")),
        (
            b.email.is_none(),
            "email",
            msg!("E-Mail-Adresse", "e-mail address"),
        ),
        (
            b.phone.is_none(),
            "phone",
            msg!("Telefonnummer", "phone number"),
        ),
    ]
    .into_iter()
    .filter(|(m, _, _)| *m)
    .map(|(_, k, w)| (k, w))
    .collect();
    for (key, what) in missing {
        let (what_de, what_en) = (&what.de, &what.en);
        diags.push(
            at(
                Diagnostic::warning(msg!(
                    "`legal.enforcement_body.{key}` fehlt",
                    "missing `legal.enforcement_body.{key}`"
                )),
                b.url.as_ref().or(b.email.as_ref()),
                lines,
            )
            .hint(msg!(
                "die Erklärung zur Barrierefreiheit gibt die Schlichtungs- oder Ombudsstelle mit Anschrift, E-Mail-Adresse und Telefonnummer an, nicht nur mit einer Webadresse: ergänzen Sie die {what_de}",
                "the accessibility statement gives the enforcement body with address, e-mail address and phone number, not only a web address: add the {what_en}"
            )),
        );
    }
}
