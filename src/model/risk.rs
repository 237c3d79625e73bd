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
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Threat);

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub text: Option<Md>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Perspective {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    /// Percent; all perspectives sum to 100.
    #[schemars(with = "f64", range(min = crate::model::bounds::PERCENT.min, max = crate::model::bounds::PERCENT.max))]
    pub weight: Spanned<f64>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Md>,
    #[serde(default)]
    pub requirements: Vec<Requirement>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Perspective);

#[derive(
    Debug,
    Clone,
    Copy,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
)]
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

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub stakeholder: Stakeholder,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    #[serde(default)]
    pub indicator: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Goal);

#[derive(
    Debug,
    Clone,
    Copy,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
)]
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

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    #[serde(default)]
    pub responsible: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub due: Option<Spanned<Date>>,
    pub status: MeasureStatus,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub goals: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = crate::model::bounds::EUR.min, max = crate::model::bounds::EUR.max))]
    pub cost_eur: Option<Spanned<f64>>,
    /// Planned spending per budget year and kind (Haushaltsmittel).
    #[serde(default)]
    pub budget: Vec<crate::model::budget::BudgetLine>,
    /// IT-Grundschutz references (DER.4.A7, APP.5.4 …), shown as text.
    #[serde(default)]
    pub refs: Vec<String>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Measure);

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    #[schemars(with = "String")]
    pub likelihood: Spanned<String>,
    #[schemars(with = "String")]
    pub impact: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub by: String,
    pub date: Date,
    #[schemars(with = "String")]
    pub rationale: Md,
}

#[derive(
    Debug,
    Clone,
    Copy,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
)]
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

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub threats: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub perspective: Option<Spanned<String>>,
    #[serde(default)]
    pub owner: Option<String>,
    pub inherent: Rating,
    pub residual: Rating,
    #[schemars(with = "String")]
    pub treatment: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub measures: Vec<Spanned<String>>,
    #[serde(default)]
    pub acceptance: Option<Acceptance>,
    pub status: RiskStatus,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub reviewed: Option<Spanned<Date>>,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub next_review: Option<Spanned<Date>>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Risk);
