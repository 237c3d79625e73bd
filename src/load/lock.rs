//! `content/data/baseline.lock.json`: the baseline as the plan last accepted it, written by
//! `krisenfest baseline accept`. Comparing it with the baseline of today shows what the provider
//! changed since: overrides of changed fields (conflicts), new records, removed records.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::overrides::{at_path, show};
use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::model::baseline::{BaselineInfo, Conflict, RecordRef};
use crate::msg;

pub const LOCK_FILE: &str = "content/data/baseline.lock.json";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// [`version`] of the accepted records.
    pub version: String,
    pub records: BTreeMap<String, LockedRecord>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedRecord {
    pub kind: String,
    pub title: String,
    pub value: Value,
}

pub fn read(root: &Path, diags: &Diagnostics, sources: &Sources) -> Option<Lock> {
    let text = std::fs::read_to_string(root.join(LOCK_FILE)).ok()?;
    sources.insert(Path::new(LOCK_FILE), text.clone().into());
    match serde_json::from_str(&text) {
        Ok(l) => Some(l),
        Err(e) => {
            diags.push(
                Diagnostic::error(msg!(
                    "baseline.lock.json lässt sich nicht lesen: {e}",
                    "cannot read baseline.lock.json: {e}"
                ))
                .at(
                    LOCK_FILE,
                    crate::diagnostics::Pos::new(e.line().max(1), e.column().max(1), 1),
                )
                .hint(msg!(
                    "Die Datei schreibt `krisenfest baseline accept`; schreiben Sie sie damit neu, statt sie von Hand zu ändern",
                    "`krisenfest baseline accept` writes this file; rewrite it with that command instead of editing it"
                )),
            );
            None
        }
    }
}

/// A short fingerprint of the baseline's records (FNV-1a over their canonical JSON): the same
/// records give the same version on every machine.
pub fn version(records: &BTreeMap<String, (String, String, Value)>) -> String {
    let text = serde_json::to_string(records).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The lock file for the baseline of today.
pub fn lock_json(info: &BaselineInfo) -> String {
    let lock = Lock {
        version: info.version.clone(),
        records: info
            .current
            .iter()
            .map(|(id, (kind, title, value))| {
                (
                    id.clone(),
                    LockedRecord {
                        kind: kind.clone(),
                        title: title.clone(),
                        value: value.clone(),
                    },
                )
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&lock).unwrap_or_default();
    s.push('\n');
    s
}

pub fn compare(lock: &Lock, info: &mut BaselineInfo) {
    info.locked = true;
    info.accepted_version = Some(lock.version.clone());
    let mut conflicts = Vec::new();
    for d in &info.deviations {
        let (Some(then), Some((_, _, now))) = (
            lock.records.get(&d.record.id),
            info.current.get(&d.record.id),
        ) else {
            continue;
        };
        let a = at_path(&then.value, &d.field);
        let n = at_path(now, &d.field);
        if a != n {
            conflicts.push(Conflict {
                record: d.record.clone(),
                field: d.field.clone(),
                accepted: a.map(show).unwrap_or_default(),
                now: n.map(show).unwrap_or_default(),
                local: d.local.clone(),
                reason: d.reason.clone(),
            });
        }
    }
    info.conflicts = conflicts;
    info.new_records = info
        .current
        .iter()
        .filter(|(id, _)| !lock.records.contains_key(*id))
        .map(|(id, (kind, title, _))| RecordRef {
            id: id.clone(),
            kind: kind.clone(),
            title: title.clone(),
        })
        .collect();
    info.removed_records = lock
        .records
        .iter()
        .filter(|(id, _)| !info.current.contains_key(*id))
        .map(|(id, r)| RecordRef {
            id: id.clone(),
            kind: r.kind.clone(),
            title: r.title.clone(),
        })
        .collect();
}

/// What changed in the baseline since it was accepted, as warnings: the build goes on with the
/// plan's overrides, but someone has to look.
pub fn report(info: &BaselineInfo, diags: &Diagnostics) {
    for c in &info.conflicts {
        let pos = info
            .deviations
            .iter()
            .find(|d| d.record.id == c.record.id && d.field == c.field)
            .map(|d| d.pos);
        let d = Diagnostic::warning(msg!(
            "die Vorlage hat `{}` von `{}` geändert, seit Sie sie übernommen haben",
            "the baseline changed `{}` of `{}` since you accepted it";
            c.field,
            c.record.id
        ));
        let d = match pos {
            Some(p) => d.at(super::overrides::FILE, p),
            None => d.in_file(super::overrides::FILE),
        };
        diags.push(d.label(msg!("Ihre Überschreibung", "your override")).hint(msg!(
            "bei der Übernahme: „{}“, jetzt: „{}“, bei Ihnen: „{}“. Prüfen Sie Ihre Überschreibung; danach `krisenfest baseline accept`",
            "when accepted: „{}“, now: „{}“, yours: „{}“. Check your override, then run `krisenfest baseline accept`";
            c.accepted,
            c.now,
            c.local
        )));
    }
    let ids = |v: &[RecordRef]| {
        v.iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !info.new_records.is_empty() {
        diags.push(
            Diagnostic::warning(msg!(
                "die Vorlage hat neue Einträge: {}",
                "the baseline has new records: {}";
                ids(&info.new_records)
            ))
            .in_file(LOCK_FILE)
            .hint(msg!(
                "Sie stehen schon in Ihrem Plan. Prüfen Sie, ob sie für Ihre Kommune gelten (sonst `applicable: false` in overrides.yaml), dann `krisenfest baseline accept`",
                "they are in your plan already. Check whether they apply to your municipality (else `applicable: false` in overrides.yaml), then run `krisenfest baseline accept`"
            )),
        );
    }
    if !info.removed_records.is_empty() {
        diags.push(
            Diagnostic::warning(msg!(
                "die Vorlage hat Einträge entfernt: {}",
                "the baseline removed records: {}";
                ids(&info.removed_records)
            ))
            .in_file(LOCK_FILE)
            .hint(msg!(
                "Sie fehlen nun in Ihrem Plan. Brauchen Sie einen davon, legen Sie ihn als eigenen Eintrag an; dann `krisenfest baseline accept`",
                "they are gone from your plan now. If you need one, add it as a record of your own; then run `krisenfest baseline accept`"
            )),
        );
    }
}
