//! What a plan built on a baseline (design §10) knows about where its records came from: the
//! facts the deviation page and the record pages show. Filled in by `load::baseline`.

use std::collections::BTreeMap;

/// Where a record of the plan comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Taken from the baseline unchanged.
    Baseline,
    /// Taken from the baseline, with fields set or lists appended in `overrides.yaml`.
    Adapted,
    /// A record of the plan's own files.
    Local,
}

impl Origin {
    /// The key the theme's i18n files and templates use.
    pub fn key(self) -> &'static str {
        match self {
            Origin::Baseline => "vorlage",
            Origin::Adapted => "angepasst",
            Origin::Local => "lokal",
        }
    }
}

/// A record named on a list page: id, kind (`risks`, …) and title.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RecordRef {
    pub id: String,
    pub kind: String,
    pub title: String,
}

/// One field an override changed: the baseline's value next to the plan's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    pub record: RecordRef,
    /// Dotted path below the record (`treatment.decision`).
    pub field: String,
    /// `set` or `append`.
    pub how: &'static str,
    /// Where the override wrote the field, in `content/data/overrides.yaml`.
    pub pos: crate::diagnostics::Pos,
    pub baseline: String,
    pub local: String,
    pub reason: String,
}

/// A local override of a field the baseline has changed since the plan accepted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub record: RecordRef,
    pub field: String,
    pub accepted: String,
    pub now: String,
    pub local: String,
    pub reason: String,
}

/// Everything the outputs say about the baseline. Present only for plans with `baseline:`.
#[derive(Debug, Clone, Default)]
pub struct BaselineInfo {
    /// The baseline's folder as site.yaml names it.
    pub path: String,
    /// `baseline.version` of site.yaml, the provider's release name.
    pub release: Option<String>,
    pub origins: BTreeMap<String, Origin>,
    /// The same by the record's page (`risiken/r-001/index.html`), for the record pages.
    pub origin_by_out: BTreeMap<String, Origin>,
    pub deviations: Vec<Deviation>,
    pub not_applicable: Vec<(RecordRef, String)>,
    pub additions: Vec<RecordRef>,
    /// False without `content/data/baseline.lock.json`: nothing to compare with.
    pub locked: bool,
    pub accepted_version: Option<String>,
    pub version: String,
    pub conflicts: Vec<Conflict>,
    /// The baseline's records of today, id → (kind, title, value): what `baseline accept` locks.
    pub current: BTreeMap<String, (String, String, serde_json::Value)>,
    pub new_records: Vec<RecordRef>,
    pub removed_records: Vec<RecordRef>,
}
