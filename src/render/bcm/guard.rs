//! The last guard of the rule that contacts never leave the intranet: every text file of a
//! public output is searched for every contact's name, numbers and address. The public data has
//! no contacts, so only what an editor typed elsewhere (a page, a public record) can put them
//! there — and that is an error at the contact, naming the file.

use super::*;
use crate::diagnostics::Diagnostic;
use crate::msg;

fn is_text(path: &str) -> bool {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "html"
            | "htm"
            | "xml"
            | "json"
            | "jsonld"
            | "csv"
            | "txt"
            | "js"
            | "ics"
            | "rdf"
            | "svg"
            | "css"
            | "md"
    )
}

/// Digits only, for numbers written with other spaces or dashes.
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

pub fn check_public(site: &Site, audience: Audience, files: &Files, diags: &Diagnostics) {
    if audience != Audience::Public {
        return;
    }
    let contacts = &site.records.bcm.contacts;
    if contacts.is_empty() {
        return;
    }
    // each text file once: as written, and with the separators inside numbers taken out
    let mut texts: Vec<(&str, String, String)> = files
        .iter()
        .filter(|(p, _)| is_text(p))
        .map(|(p, b)| {
            let t = String::from_utf8_lossy(b).into_owned();
            let squeezed = squeeze(&t);
            (p.as_str(), t, squeezed)
        })
        .collect();
    // The print edition repeats every page: a leak is named at the page it comes from.
    let print = crate::render::print::out(site.config.language);
    texts.sort_by_key(|(p, _, _)| *p == print);
    for c in contacts {
        let mut needles: Vec<(bool, String)> = Vec::new();
        if c.name.trim().chars().count() >= 3 {
            needles.push((false, c.name.trim().to_string()));
        }
        for p in [&c.phone, &c.phone_alt].into_iter().flatten() {
            needles.push((true, p.trim().to_string()));
        }
        if let Some(e) = &c.email {
            needles.push((false, e.trim().to_string()));
        }
        for (phone, n) in needles {
            let esc = crate::render::rdf::xml_text(&n);
            let num = digits(&n);
            let hit = texts.iter().find(|(_, t, sq)| {
                t.contains(&n)
                    || t.contains(&esc)
                    || (phone && num.len() >= 6 && has_number(sq, &num))
            });
            if let Some((path, _, _)) = hit {
                let (role, path) = (&c.role.value, *path);
                diags.push(
                    Diagnostic::error(msg!(
                        "die öffentliche Datei `{path}` enthält Kontaktdaten der Rolle `{role}` („{n}“)",
                        "the public file `{path}` holds contact data of role `{role}` („{n}“)"
                    ))
                    .at(
                        &c.file,
                        crate::model::common::span_pos(&c.role, role.chars().count(), 0),
                    )
                    .label(msg!("Kontakte sind immer intern", "contacts are always internal"))
                    .hint(msg!(
                        "Namen, Rufnummern und Adressen aus content/data/contacts.yaml gehören nur ins Intranet: Entfernen Sie sie aus der öffentlichen Seite oder dem öffentlichen Eintrag, aus dem `{path}` entsteht",
                        "names, numbers and addresses from content/data/contacts.yaml belong on the intranet only: remove them from the public page or record `{path}` is made from"
                    )),
                );
            }
        }
    }
}

/// The text without the spaces, dashes, slashes and dots people write inside phone numbers.
fn squeeze(t: &str) -> String {
    t.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '/' | '.' | '\u{a0}'))
        .collect()
}

/// Whether `num` stands in the squeezed text as a whole run of digits.
fn has_number(sq: &str, num: &str) -> bool {
    sq.match_indices(num).any(|(i, _)| {
        let before = sq[..i].chars().next_back();
        let after = sq[i + num.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_other_spellings() {
        let n = "0000100110";
        assert!(has_number(&squeeze("Tel. 0000/1001-10."), n));
        assert!(has_number(&squeeze("0000 1001 10"), n));
        assert!(!has_number(&squeeze("0000 1001 101"), n));
        assert!(!has_number(&squeeze("10000100110"), n));
    }
}
