//! Editions of the plan (`content/editions.yaml`, design §9) and the snapshot of an edition's
//! records (`content/editions/<version>.json`) that the change page compares against.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::DataFile;
use super::common::{Audience, Date};
use super::evaluation::IdMap;
use super::risk::{MeasureStatus, RiskStatus, Stakeholder};

#[derive(Debug, Clone, Copy, Deserialize, Serialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum EditionStatus {
    Entwurf,
    InBeratung,
    Beschlossen,
    Abgeloest,
}

impl EditionStatus {
    /// The key of its words in the theme's i18n files (`edition_status_in_beratung`).
    pub fn key(self) -> &'static str {
        match self {
            EditionStatus::Entwurf => "entwurf",
            EditionStatus::InBeratung => "in_beratung",
            EditionStatus::Beschlossen => "beschlossen",
            EditionStatus::Abgeloest => "abgeloest",
        }
    }
}

/// The council paper (Vorlage) an edition goes to the council with.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    /// The paper's number in the council information system, e.g. `BV/2027/014`.
    pub reference: String,
    /// `Beschlussvorlage`, `Mitteilungsvorlage` …
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

/// One step of the Beratungsfolge.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    pub body: String,
    #[schemars(with = "Date")]
    pub date: Spanned<Date>,
    /// `Vorberatung`, `Entscheidung` …
    #[serde(default)]
    pub role: Option<String>,
    /// Empty while the session is ahead.
    #[serde(default)]
    pub result: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    #[schemars(with = "String")]
    pub version: Spanned<String>,
    pub title: String,
    #[schemars(with = "EditionStatus")]
    pub status: Spanned<EditionStatus>,
    #[schemars(with = "Date")]
    pub date: Spanned<Date>,
    #[serde(default)]
    pub paper: Option<Paper>,
    #[serde(default)]
    pub consultation: Vec<Consultation>,
    /// The Beschlussvorschlag.
    #[serde(default)]
    pub proposal: Option<String>,
    /// Change notes per record id (`R-005: "…"`), shown beside that record's changes.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub notes: IdMap<String>,
}

/// What `content/editions.yaml` and `content/editions/` hold: read by load, parsed by validate.
#[derive(Debug, Clone, Default)]
pub struct Editions {
    /// `content/editions.yaml`, when there is one.
    pub source: Option<DataFile>,
    /// `content/editions/*.json`, unparsed (kind = the version from the file name).
    pub snapshot_files: Vec<DataFile>,
    /// The editions in file order; the last one is the current edition.
    pub list: Vec<Edition>,
    /// The snapshot of the edition before the current one, when it exists and reads cleanly.
    pub previous: Option<Snapshot>,
}

impl Editions {
    /// From the files load read: `editions.yaml` and the snapshots.
    pub fn from_files(files: Vec<DataFile>) -> Editions {
        let mut e = Editions::default();
        for f in files {
            if f.kind == SNAPSHOT_KIND {
                e.snapshot_files.push(f);
            } else {
                e.source = Some(f);
            }
        }
        e.snapshot_files.sort_by(|a, b| a.file.cmp(&b.file));
        e
    }

    pub fn current(&self) -> Option<&Edition> {
        self.list.last()
    }

    pub fn file(&self) -> PathBuf {
        PathBuf::from("content/editions.yaml")
    }
}

/// The kinds load gives the files of the editions (no data kind is named so).
pub const KINDS: [&str; 2] = [EDITIONS_KIND, SNAPSHOT_KIND];
const EDITIONS_KIND: &str = "editions";
const SNAPSHOT_KIND: &str = "snapshot";

/// The kind of a file of the editions, by its path below `content/` (`editions.yaml`,
/// `editions/<version>.json`); None for every other file.
pub fn kind_of(rel: &str) -> Option<&'static str> {
    if rel == "editions.yaml" {
        Some(EDITIONS_KIND)
    } else if rel.starts_with("editions/") && rel.ends_with(".json") {
        Some(SNAPSHOT_KIND)
    } else {
        None
    }
}

/// A version names the file of its snapshot, so it must be a plain file name everywhere.
pub fn usable_version(v: &str) -> bool {
    !v.is_empty()
        && !v.starts_with('.')
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The snapshot format's version: a reader refuses a newer one instead of misreading it.
pub const SNAPSHOT_FORMAT: u32 = 1;

/// The records of an edition as `krisenfest snapshot` writes them (docs/inhalte.md, "Fassungen").
/// Every record keeps its audience, so that each output compares only what it may show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub format: u32,
    pub edition: String,
    #[serde(default)]
    pub goals: Vec<SnapGoal>,
    #[serde(default)]
    pub risks: Vec<SnapRisk>,
    #[serde(default)]
    pub measures: Vec<SnapMeasure>,
    #[serde(default)]
    pub decisions: Vec<SnapDecision>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapGoal {
    pub id: String,
    pub title: String,
    pub audience: Audience,
    pub stakeholder: Stakeholder,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// A rating with the level the plan's method gave it when the snapshot was taken: a later
/// change of the method does not rewrite history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapRating {
    pub likelihood: String,
    pub impact: String,
    pub level: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapRisk {
    pub id: String,
    pub title: String,
    pub audience: Audience,
    pub status: RiskStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub treatment: String,
    pub inherent: SnapRating,
    pub residual: SnapRating,
    #[serde(default)]
    pub measures: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapMeasure {
    pub id: String,
    pub title: String,
    pub audience: Audience,
    pub status: MeasureStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_eur: Option<f64>,
    #[serde(default)]
    pub goals: Vec<String>,
}

/// An evaluation or a provisioning study and what was decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapDecision {
    pub id: String,
    pub title: String,
    pub audience: Audience,
    /// `evaluation` or `provisioning`.
    pub kind: String,
    /// The chosen option's title; none while undecided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}
