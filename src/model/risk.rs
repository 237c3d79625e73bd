//! Threats, perspectives, goals, measures and risks (design §2, Records).

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::common::{Audience, Date};
use super::records::{Md, Record};

macro_rules! record_impl {
    ($t:ty) => {
        impl Record for $t {
            fn id(&self) -> &Spanned<String> {
                &self.id
            }
            fn title(&self) -> &str {
                &self.title
            }
            fn audience(&self) -> Option<&Spanned<Audience>> {
                self.audience.as_ref()
            }
        }
    };
}
pub(crate) use record_impl;

/// An elementare Gefährdung (G 0.x) or a specific threat.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<Md>,
    #[serde(default)]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    pub internal_note: Option<Md>,
}
record_impl!(Threat);

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub text: Option<Md>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Perspective {
    pub id: Spanned<String>,
    pub title: String,
    /// Percent; all perspectives sum to 100.
    pub weight: Spanned<f64>,
    #[serde(default)]
    pub summary: Option<Md>,
    #[serde(default)]
    pub requirements: Vec<Requirement>,
    #[serde(default)]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    pub internal_note: Option<Md>,
}
record_impl!(Perspective);

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Stakeholder {
    Politik,
    Buergerschaft,
    Verwaltung,
}

impl Stakeholder {
    pub fn title(self) -> &'static str {
        match self {
            Stakeholder::Politik => "Politik",
            Stakeholder::Buergerschaft => "Bürgerschaft",
            Stakeholder::Verwaltung => "Verwaltung",
        }
    }
    pub fn all() -> [Stakeholder; 3] {
        [
            Stakeholder::Politik,
            Stakeholder::Buergerschaft,
            Stakeholder::Verwaltung,
        ]
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub id: Spanned<String>,
    pub stakeholder: Stakeholder,
    pub title: String,
    #[serde(default)]
    pub description: Option<Md>,
    #[serde(default)]
    pub indicator: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    pub internal_note: Option<Md>,
}
record_impl!(Goal);

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureStatus {
    Geplant,
    InUmsetzung,
    Umgesetzt,
}

impl MeasureStatus {
    pub fn title(self) -> &'static str {
        match self {
            MeasureStatus::Geplant => "geplant",
            MeasureStatus::InUmsetzung => "in Umsetzung",
            MeasureStatus::Umgesetzt => "umgesetzt",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<Md>,
    #[serde(default)]
    pub responsible: Option<String>,
    #[serde(default)]
    pub due: Option<Spanned<Date>>,
    pub status: MeasureStatus,
    #[serde(default)]
    pub goals: Vec<Spanned<String>>,
    #[serde(default)]
    pub cost_eur: Option<Spanned<f64>>,
    /// IT-Grundschutz references (DER.4.A7, APP.5.4 …), shown as text.
    #[serde(default)]
    pub refs: Vec<String>,
    #[serde(default)]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    pub internal_note: Option<Md>,
}
record_impl!(Measure);

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub likelihood: Spanned<String>,
    pub impact: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub by: String,
    pub date: Date,
    pub rationale: Md,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum RiskStatus {
    Offen,
    InUmsetzung,
    Umgesetzt,
    Akzeptiert,
}

impl RiskStatus {
    pub fn title(self) -> &'static str {
        match self {
            RiskStatus::Offen => "offen",
            RiskStatus::InUmsetzung => "in Umsetzung",
            RiskStatus::Umgesetzt => "umgesetzt",
            RiskStatus::Akzeptiert => "akzeptiert",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<Md>,
    #[serde(default)]
    pub threats: Vec<Spanned<String>>,
    #[serde(default)]
    pub perspective: Option<Spanned<String>>,
    #[serde(default)]
    pub owner: Option<String>,
    pub inherent: Rating,
    pub residual: Rating,
    pub treatment: Spanned<String>,
    #[serde(default)]
    pub measures: Vec<Spanned<String>>,
    #[serde(default)]
    pub acceptance: Option<Acceptance>,
    pub status: RiskStatus,
    #[serde(default)]
    pub reviewed: Option<Spanned<Date>>,
    #[serde(default)]
    pub next_review: Option<Spanned<Date>>,
    #[serde(default)]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    pub internal_note: Option<Md>,
}
record_impl!(Risk);
