//! `content/editions.yaml` and the snapshot of the previous edition (design §9): read with
//! positions, versions unique and usable as file names, notes about records that exist, and a
//! word when the previous edition's snapshot is missing, since the change page then stays empty.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::Site;
use crate::model::common::{Audience, span_pos};
use crate::model::edition::{Edition, SNAPSHOT_FORMAT, Snapshot, usable_version};
use crate::model::records::{Failed, parse_kind};
use crate::msg;

pub fn validate(site: &mut Site, diags: &Diagnostics) {
    let Some(source) = site.editions.source.clone() else {
        return;
    };
    let failed = Failed::default();
    let recs = parse_kind::<Edition>(std::slice::from_ref(&source), "editions", diags, &failed);
    let file = source.file.as_path();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut list: Vec<Edition> = Vec::new();
    for r in recs {
        let e = r.value;
        let v = e.version.value.trim().to_string();
        let pos = span_pos(&e.version, v.chars().count().max(1), 0);
        if !usable_version(&v) {
            diags.push(
                Diagnostic::error(msg!(
                    "die Fassung `{v}` lässt sich nicht als Dateiname verwenden",
                    "edition `{v}` cannot be used as a file name"
                ))
                .at(file, pos)
                .label(msg!("diese Versionsnummer", "this version"))
                .hint(msg!(
                    "Schreiben Sie die Versionsnummer mit Ziffern, Buchstaben, Punkt und Bindestrich, z. B. `version: \"2.0\"`; ihr Schnappschuss heißt dann content/editions/2.0.json",
                    "write the version with digits, letters, dots and hyphens, e.g. `version: \"2.0\"`; its snapshot is then content/editions/2.0.json"
                )),
            );
            continue;
        }
        if let Some(line) = seen.get(&v) {
            diags.push(
                Diagnostic::error(msg!(
                    "die Fassung `{v}` steht zweimal in der Liste",
                    "edition `{v}` is listed twice"
                ))
                .at(file, pos)
                .label(msg!(
                    "schon in Zeile {line} eingetragen",
                    "already listed on line {line}"
                ))
                .hint(msg!(
                    "Jede Fassung hat ihre eigene Versionsnummer: Geben Sie dieser eine neue (z. B. `2.1`) oder löschen Sie den doppelten Eintrag",
                    "every edition has its own version: give this one a new one (e.g. `2.1`) or delete the duplicate"
                )),
            );
            continue;
        }
        if let Some(prev) = list.last()
            && e.date.value < prev.date.value
        {
            let (d, p) = (e.date.value.german(), prev.date.value.german());
            let pv = &prev.version.value;
            diags.push(
                Diagnostic::warning(msg!(
                    "die Fassung `{v}` ist vom {d}, also älter als die Fassung `{pv}` davor ({p})",
                    "edition `{v}` is dated {d}, before the edition `{pv}` above it ({p})"
                ))
                .at(file, span_pos(&e.date, 10, 0))
                .hint(msg!(
                    "Die Fassungen stehen in der Reihenfolge, in der sie entstanden sind; die letzte ist die aktuelle. Prüfen Sie das Datum oder die Reihenfolge",
                    "editions are listed in the order they were made; the last one is the current one. Check the date or the order"
                )),
            );
        }
        seen.insert(v.clone(), pos.line);
        let mut e = e;
        e.version.value = v;
        list.push(e);
    }
    site.editions.list = list;
    site.editions.previous = previous_snapshot(site, diags);
    check_notes(site, diags);
}

/// The snapshot of the edition before the current one.
fn previous_snapshot(site: &Site, diags: &Diagnostics) -> Option<Snapshot> {
    let list = &site.editions.list;
    let prev = list.len().checked_sub(2).map(|i| &list[i])?;
    let v = &prev.version.value;
    let name = format!("content/editions/{v}.json");
    let Some(f) = site
        .editions
        .snapshot_files
        .iter()
        .find(|f| f.file == Path::new(&name))
    else {
        let cur = list.last().map_or("", |e| e.version.value.as_str());
        diags.push(
            Diagnostic::warning(msg!(
                "für die vorige Fassung `{v}` fehlt der Schnappschuss `{name}`: die Seite „Änderungen“ kann die Fassung `{cur}` mit nichts vergleichen",
                "the previous edition `{v}` has no snapshot `{name}`: the change page cannot compare edition `{cur}` with anything"
            ))
            .at(
                site.editions.file(),
                span_pos(&prev.version, v.chars().count().max(1), 0),
            )
            .hint(msg!(
                "Holen Sie die Datei aus der Datensicherung oder Versionsverwaltung zurück. Schnappschüsse legt `krisenfest snapshot --edition {v}` an, solange der Plan auf dem Stand dieser Fassung ist",
                "restore the file from the backup or version control. `krisenfest snapshot --edition {v}` makes snapshots while the plan is in the state of that edition"
            )),
        );
        return None;
    };
    let s: Snapshot = match serde_json::from_str(&f.text) {
        Ok(s) => s,
        Err(e) => {
            // serde_json's own words are English; they name the key or value that is wrong.
            let why = e.to_string();
            let why = why.split(" at line ").next().unwrap_or(&why).to_string();
            diags.push(
                Diagnostic::error(msg!(
                    "der Schnappschuss der Fassung `{v}` lässt sich nicht lesen",
                    "the snapshot of edition `{v}` cannot be read"
                ))
                .at(&f.file, Pos::new(e.line().max(1), e.column().max(1), 1))
                .hint(msg!(
                    "Schnappschüsse schreibt `krisenfest snapshot`; ändern Sie sie nicht von Hand, sondern holen Sie die Datei aus der Datensicherung zurück. Meldung des JSON-Lesers (englisch): {why}",
                    "snapshots are written by `krisenfest snapshot`; do not edit them by hand, restore the file from the backup. {why}"
                )),
            );
            return None;
        }
    };
    if s.format > SNAPSHOT_FORMAT {
        let n = s.format;
        diags.push(
            Diagnostic::error(msg!(
                "der Schnappschuss der Fassung `{v}` hat das Format {n}, diese krisenfest-Version kennt nur Format {SNAPSHOT_FORMAT}",
                "the snapshot of edition `{v}` has format {n}, this version of krisenfest knows only format {SNAPSHOT_FORMAT}"
            ))
            .at(&f.file, Pos::new(1, 1, 1))
            .hint(msg!(
                "Bauen Sie den Plan mit der krisenfest-Version, die den Schnappschuss geschrieben hat, oder einer neueren",
                "build the plan with the version of krisenfest that wrote the snapshot, or a newer one"
            )),
        );
        return None;
    }
    Some(s)
}

/// Notes of the current edition name records of the plan or of the previous snapshot, and only
/// records that changed (a note beside nothing would never be shown).
fn check_notes(site: &Site, diags: &Diagnostics) {
    let Some(cur) = site.editions.current() else {
        return;
    };
    let d = &site.records;
    let mut ids: Vec<&str> = Vec::new();
    ids.extend(d.goals.iter().map(|r| r.id_str()));
    ids.extend(d.risks.iter().map(|r| r.id_str()));
    ids.extend(d.measures.iter().map(|r| r.id_str()));
    ids.extend(d.evaluations.iter().map(|r| r.id_str()));
    ids.extend(d.provisioning.iter().map(|r| r.id_str()));
    let prev = site.editions.previous.as_ref();
    if let Some(p) = prev {
        ids.extend(p.goals.iter().map(|r| r.id.as_str()));
        ids.extend(p.risks.iter().map(|r| r.id.as_str()));
        ids.extend(p.measures.iter().map(|r| r.id.as_str()));
        ids.extend(p.decisions.iter().map(|r| r.id.as_str()));
    }
    let changed: Vec<String> = prev
        .map(|p| {
            let now = crate::compute::changes::snapshot(
                d,
                site.config.default_audience,
                &d.method(),
                &cur.version.value,
            );
            crate::compute::changes::compare(p, &now, Audience::Internal)
                .into_iter()
                .map(|c| c.id)
                .collect()
        })
        .unwrap_or_default();
    let file = site.editions.file();
    for (key, _) in &cur.notes.0 {
        let id = key.value.as_str();
        let pos = span_pos(key, id.chars().count().max(1), 0);
        if !ids.contains(&id) {
            let near = crate::yaml::suggest(id, &ids)
                .map(|s| {
                    msg!(
                        "Meinten Sie `{s}`? Anmerkungen stehen unter der Kennung eines Ziels, Risikos, einer Maßnahme oder Entscheidung",
                        "did you mean `{s}`? Notes are keyed by the id of a goal, risk, measure or decision"
                    )
                })
                .unwrap_or_else(|| {
                    msg!(
                        "Anmerkungen stehen unter der Kennung eines Ziels, Risikos, einer Maßnahme oder Entscheidung, z. B. `R-005: \"Der Gerätepool senkt das Restrisiko\"`",
                        "notes are keyed by the id of a goal, risk, measure or decision, e.g. `R-005: \"The device pool lowers the residual risk\"`"
                    )
                });
            diags.push(
                Diagnostic::error(msg!(
                    "die Anmerkung nennt `{id}`, einen solchen Eintrag gibt es nicht",
                    "the note names `{id}`, which is no record"
                ))
                .at(&file, pos)
                .hint(near),
            );
        } else if prev.is_some() && !changed.iter().any(|c| c == id) {
            diags.push(
                Diagnostic::warning(msg!(
                    "die Anmerkung zu `{id}` wird nicht gezeigt: `{id}` hat sich seit der vorigen Fassung nicht geändert",
                    "the note on `{id}` is not shown: `{id}` has not changed since the previous edition"
                ))
                .at(&file, pos)
                .hint(msg!(
                    "Die Seite „Änderungen“ zeigt Anmerkungen neben den Änderungen ihres Eintrags. Löschen Sie die Anmerkung, oder schreiben Sie sie in die Beschreibung des Eintrags",
                    "the change page shows notes beside the changes of their record. Delete the note or put it into the record's description"
                )),
            );
        }
    }
}
