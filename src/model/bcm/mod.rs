//! Emergency management after BSI-Standard 200-4 (design §8): the BCMS settings, business
//! processes with their business impact analysis, resources, scenarios, the emergency
//! organisation (roles, contacts), plans and exercises.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use super::common::{Audience, Date};
use super::records::{Md, Rec, Record};
use super::risk::record_impl;

mod hours;
pub use hours::{Hours, parse_hours};

#[derive(Debug, Clone, Copy, serde::Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Reaktiv,
    Aufbau,
    Standard,
}

impl Stage {
    pub fn title(self) -> &'static str {
        match self {
            Stage::Reaktiv => "Reaktiv-BCMS",
            Stage::Aufbau => "Aufbau-BCMS",
            Stage::Standard => "Standard-BCMS",
        }
    }
}

/// `content/data/bcms.yaml`: scope and grid of the business impact analysis.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bcms {
    pub stage: Stage,
    pub scope: String,
    #[serde(default)]
    #[schemars(with = "Vec<Hours>")]
    pub horizons: Vec<Spanned<Hours>>,
    #[serde(default)]
    #[schemars(with = "Option<u64>", range(min = crate::model::bounds::REVIEW_DAYS.min, max = crate::model::bounds::REVIEW_DAYS.max))]
    pub plan_review_days: Option<Spanned<i64>>,
    #[serde(default)]
    #[schemars(with = "Option<u64>", range(min = crate::model::bounds::REVIEW_DAYS.min, max = crate::model::bounds::REVIEW_DAYS.max))]
    pub contacts_review_days: Option<Spanned<i64>>,
    #[serde(default)]
    #[schemars(with = "Option<Hours>")]
    pub time_critical_mtpd: Option<Spanned<Hours>>,
    /// Fassung of the handbook, on its cover.
    #[serde(default)]
    pub edition: Option<String>,
    /// Who is responsible for emergency management (a role, not a person).
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
}

/// Defaults: 200-4 asks that plans be exercised or reviewed at least yearly; contact lists go
/// stale faster, so half a year; a process whose failure is intolerable within a week is
/// time-critical (200-4 leaves the limit to the institution; a week is where the Reaktiv-BCMS
/// guide draws it for its selection of processes).
pub const PLAN_REVIEW_DAYS: i64 = 365;
pub const CONTACTS_REVIEW_DAYS: i64 = 180;
pub const TIME_CRITICAL: Hours = Hours(168);
/// The BIA grid when `horizons` is not given.
pub const HORIZONS: [Hours; 5] = [Hours(4), Hours(24), Hours(72), Hours(168), Hours(336)];

impl Bcms {
    pub fn plan_review_days(&self) -> i64 {
        self.plan_review_days
            .as_ref()
            .map_or(PLAN_REVIEW_DAYS, |d| d.value)
    }
    pub fn contacts_review_days(&self) -> i64 {
        self.contacts_review_days
            .as_ref()
            .map_or(CONTACTS_REVIEW_DAYS, |d| d.value)
    }
    pub fn time_critical(&self) -> Hours {
        self.time_critical_mtpd
            .as_ref()
            .map_or(TIME_CRITICAL, |d| d.value)
    }
    pub fn horizons(&self) -> Vec<Hours> {
        if self.horizons.is_empty() {
            HORIZONS.to_vec()
        } else {
            self.horizons.iter().map(|h| h.value).collect()
        }
    }
}

/// A business process (Geschäftsprozess) with its BIA results.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Process {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    #[serde(default)]
    pub owner: Option<String>,
    /// Impact per BIA horizon: horizon (`4h`) → impact id of the method.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub impact: BTreeMap<String, Spanned<String>>,
    #[schemars(with = "Hours")]
    pub mtpd: Spanned<Hours>,
    #[serde(default)]
    #[schemars(with = "Option<Hours>")]
    pub rto: Option<Spanned<Hours>>,
    #[serde(default)]
    #[schemars(with = "Option<Hours>")]
    pub rpo: Option<Spanned<Hours>>,
    #[serde(default)]
    pub emergency_level: Option<String>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub depends_on: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Process);

#[derive(Debug, Clone, Copy, serde::Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    ItAnwendung,
    ItSystem,
    Netz,
    Raum,
    Gebaeude,
    Personal,
    Dienstleister,
    Geraete,
    Information,
    Sonstige,
}

impl ResourceKind {
    pub fn title(self) -> &'static str {
        match self {
            ResourceKind::ItAnwendung => "IT-Anwendung",
            ResourceKind::ItSystem => "IT-System",
            ResourceKind::Netz => "Netz",
            ResourceKind::Raum => "Raum",
            ResourceKind::Gebaeude => "Gebäude",
            ResourceKind::Personal => "Personal",
            ResourceKind::Dienstleister => "Dienstleister",
            ResourceKind::Geraete => "Geräte",
            ResourceKind::Information => "Information",
            ResourceKind::Sonstige => "Sonstige",
        }
    }
}

/// What processes need: IT applications, rooms, staff, service providers.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub kind: ResourceKind,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<Hours>")]
    pub rto_actual: Option<Spanned<Hours>>,
    #[serde(default)]
    #[schemars(with = "Option<Hours>")]
    pub rpo_actual: Option<Spanned<Hours>>,
    #[serde(default)]
    pub evidence: Option<String>,
    /// A decision (evaluation or provisioning) the resource comes from, e.g. a device pool.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub decision: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Resource);

#[derive(Debug, Clone, Copy, serde::Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Loss {
    Personal,
    Gebaeude,
    It,
    Dienstleister,
    Sonstige,
}

impl Loss {
    pub fn title(self) -> &'static str {
        match self {
            Loss::Personal => "Ausfall von Personal",
            Loss::Gebaeude => "Ausfall von Gebäuden",
            Loss::It => "Ausfall der IT",
            Loss::Dienstleister => "Ausfall von Dienstleistern",
            Loss::Sonstige => "sonstiger Ausfall",
        }
    }
}

/// A loss scenario (Ausfallszenario) tied to threats and risks, answered by plans.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    #[serde(default)]
    pub loss: Vec<Loss>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub threats: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub risks: Vec<Spanned<String>>,
    /// Processes the scenario hits.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub processes: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub plans: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Scenario);

/// A role of the emergency organisation (BAO); people and numbers are in contacts.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    /// Tasks and powers (Aufgaben und Befugnisse).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub deputies: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Role);

/// Who holds a role and how to reach them. Always internal, whatever `audience` says.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[schemars(with = "String")]
    pub role: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub phone_alt: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub verified: Option<Spanned<Date>>,
    /// Read so that it is no error, and ignored: contacts never leave the intranet.
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    pub internal_note: Option<String>,
}

#[derive(
    Debug, Clone, Copy, serde::Deserialize, schemars::JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
#[serde(rename_all = "lowercase")]
pub enum PlanType {
    Sofortmassnahmen,
    Alarmierung,
    Kommunikation,
    Geschaeftsfortfuehrung,
    Wiederanlauf,
    Wiederherstellung,
}

impl PlanType {
    pub fn title(self) -> &'static str {
        match self {
            PlanType::Sofortmassnahmen => "Sofortmaßnahmen",
            PlanType::Alarmierung => "Alarmierungsplan",
            PlanType::Kommunikation => "Kommunikationsplan",
            PlanType::Geschaeftsfortfuehrung => "Geschäftsfortführungsplan",
            PlanType::Wiederanlauf => "Wiederanlaufplan",
            PlanType::Wiederherstellung => "Wiederherstellungsplan",
        }
    }
    pub fn all() -> [PlanType; 6] {
        use PlanType::*;
        [
            Sofortmassnahmen,
            Alarmierung,
            Kommunikation,
            Geschaeftsfortfuehrung,
            Wiederanlauf,
            Wiederherstellung,
        ]
    }
}

#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activation {
    #[schemars(with = "String")]
    pub by: Spanned<String>,
    pub when: String,
}

#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub text: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub role: Option<Spanned<String>>,
    /// Time after activation by which the step is done.
    #[serde(default)]
    #[schemars(with = "Option<Hours>")]
    pub within: Option<Spanned<Hours>>,
}

/// An emergency plan.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub kind: PlanType,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    /// Processes (continuity) or resources (restart, recovery) the plan is for.
    #[serde(default, rename = "for")]
    #[schemars(with = "Vec<String>")]
    pub for_: Vec<Spanned<String>>,
    #[serde(default)]
    pub activation: Option<Activation>,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub reviewed: Option<Spanned<Date>>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}

impl Record for Plan {
    fn id(&self) -> &Spanned<String> {
        &self.id
    }
    fn title(&self) -> &str {
        self.title.as_deref().unwrap_or(self.kind.title())
    }
    fn audience(&self) -> Option<&Spanned<Audience>> {
        self.audience.as_ref()
    }
}

#[derive(Debug, Clone, Copy, serde::Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExerciseType {
    Planbesprechung,
    Alarmierungsuebung,
    Funktionstest,
    Planspiel,
    Stabsuebung,
    Stabsrahmenuebung,
    Notfalluebung,
    Volluebung,
}

impl ExerciseType {
    pub fn title(self) -> &'static str {
        match self {
            ExerciseType::Planbesprechung => "Planbesprechung",
            ExerciseType::Alarmierungsuebung => "Alarmierungsübung",
            ExerciseType::Funktionstest => "Funktionstest",
            ExerciseType::Planspiel => "Planspiel",
            ExerciseType::Stabsuebung => "Stabsübung",
            ExerciseType::Stabsrahmenuebung => "Stabsrahmenübung",
            ExerciseType::Notfalluebung => "Notfallübung",
            ExerciseType::Volluebung => "Vollübung",
        }
    }
}

#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub text: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub measure: Option<Spanned<String>>,
}

/// A test or exercise of plans, planned or done.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub kind: ExerciseType,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub covers: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub planned: Option<Spanned<Date>>,
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub done: Option<Spanned<Date>>,
    #[serde(default)]
    pub findings: Vec<Finding>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}

impl Record for Exercise {
    fn id(&self) -> &Spanned<String> {
        &self.id
    }
    fn title(&self) -> &str {
        self.title.as_deref().unwrap_or(self.kind.title())
    }
    fn audience(&self) -> Option<&Spanned<Audience>> {
        self.audience.as_ref()
    }
}

/// The record kinds of emergency management, with the file names they are read from.
pub const KINDS: &[&str] = &[
    "bcms",
    "processes",
    "resources",
    "scenarios",
    "roles",
    "contacts",
    "plans",
    "exercises",
];

/// Every emergency-management record of the plan.
#[derive(Debug, Clone, Default)]
pub struct BcmData {
    pub bcms: Option<Rec<Bcms>>,
    pub processes: Vec<Rec<Process>>,
    pub resources: Vec<Rec<Resource>>,
    pub scenarios: Vec<Rec<Scenario>>,
    pub roles: Vec<Rec<Role>>,
    pub contacts: Vec<Rec<Contact>>,
    pub plans: Vec<Rec<Plan>>,
    pub exercises: Vec<Rec<Exercise>>,
}

impl BcmData {
    pub fn is_empty(&self) -> bool {
        self.bcms.is_none()
            && self.processes.is_empty()
            && self.resources.is_empty()
            && self.scenarios.is_empty()
            && self.roles.is_empty()
            && self.plans.is_empty()
            && self.exercises.is_empty()
    }

    /// The settings in force (the defaults when there is no `bcms.yaml`).
    pub fn settings(&self) -> Bcms {
        self.bcms.as_ref().map(|b| b.value.clone()).unwrap_or(Bcms {
            stage: Stage::Reaktiv,
            scope: String::new(),
            horizons: Vec::new(),
            plan_review_days: None,
            contacts_review_days: None,
            time_critical_mtpd: None,
            edition: None,
            owner: None,
            description: None,
        })
    }

    /// What an output of `audience` may hold. Contacts are internal by definition: their own
    /// `audience` is never asked.
    pub fn visible(&self, audience: Audience, default: Audience) -> BcmData {
        fn keep<T: Record + Clone>(v: &[Rec<T>], a: Audience, d: Audience) -> Vec<Rec<T>> {
            v.iter()
                .filter(|r| r.audience_or(d).visible_in(a))
                .cloned()
                .collect()
        }
        BcmData {
            bcms: self.bcms.clone(),
            processes: keep(&self.processes, audience, default),
            resources: keep(&self.resources, audience, default),
            scenarios: keep(&self.scenarios, audience, default),
            roles: keep(&self.roles, audience, default),
            contacts: if audience == Audience::Internal {
                self.contacts.clone()
            } else {
                Vec::new()
            },
            plans: keep(&self.plans, audience, default),
            exercises: keep(&self.exercises, audience, default),
        }
    }
}
