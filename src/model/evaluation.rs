//! Evaluations (Nutzwertanalyse after UfAB, design §2): options, gate and scored criteria
//! grouped by perspective, the recorded decision.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::common::Audience;
use super::records::{Md, Record};
use super::risk::record_impl;

/// A YAML mapping `{option-id: value}` in file order, keys with their positions (for "unknown
/// option" errors at the key). Duplicate keys are already YAML errors.
#[derive(Debug, Clone, Default)]
pub struct IdMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> IdMap<V> {
    pub fn get(&self, id: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k.value == id).map(|(_, v)| v)
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for IdMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Vis<V> {
            type Value = IdMap<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping of option ids to values, e.g. {option-a: 7, option-b: 5}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<IdMap<V>, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = m.next_key::<Spanned<String>>()? {
                    v.push((k, m.next_value::<V>()?));
                }
                Ok(IdMap(v))
            }
        }
        d.deserialize_map(Vis(std::marker::PhantomData))
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    #[schemars(with = "f64", range(min = crate::model::bounds::SCALE.min, max = crate::model::bounds::SCALE.max))]
    pub min: Spanned<f64>,
    #[schemars(with = "f64", range(min = crate::model::bounds::SCALE.min, max = crate::model::bounds::SCALE.max))]
    pub max: Spanned<f64>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvalOption {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    /// Yearly cost, for "Nutzwert je 1.000 € Jahreskosten".
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = crate::model::bounds::EUR.min, max = crate::model::bounds::EUR.max))]
    pub annual_cost_eur: Option<Spanned<f64>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
}

#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CriterionKind {
    /// UfAB A-Kriterium: pass/fail, failing excludes the option.
    Gate,
    /// UfAB B-Kriterium: weighted, scored on the evaluation's scale (the default).
    Scored,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "String")]
    pub perspective: Spanned<String>,
    pub title: String,
    /// `gate` or `scored`; scored when omitted.
    #[serde(default)]
    #[schemars(with = "Option<CriterionKind>")]
    pub kind: Option<Spanned<CriterionKind>>,
    /// Scored: weight within its perspective (> 0).
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = crate::model::bounds::CRITERION_WEIGHT.min, max = crate::model::bounds::CRITERION_WEIGHT.max))]
    pub weight: Option<Spanned<f64>>,
    /// Scored: a score per option on the evaluation's scale.
    #[serde(default)]
    #[schemars(with = "Option<std::collections::BTreeMap<String, f64>>")]
    pub scores: Option<Spanned<IdMap<Spanned<f64>>>>,
    /// Gate: an answer per option.
    #[serde(default)]
    #[schemars(with = "Option<std::collections::BTreeMap<String, bool>>")]
    pub pass: Option<Spanned<IdMap<Spanned<bool>>>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
}

impl Criterion {
    pub fn is_gate(&self) -> bool {
        self.kind.as_ref().map(|k| k.value) == Some(CriterionKind::Gate)
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    /// Score scale; default 0–10 (UfAB Bewertungspunkte).
    #[serde(default)]
    #[schemars(with = "Option<Scale>")]
    pub scale: Option<Spanned<Scale>>,
    pub options: Vec<EvalOption>,
    pub criteria: Vec<Criterion>,
    /// Id of the chosen option.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub decision: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub rationale: Option<Md>,
    #[serde(default)]
    #[schemars(with = "Option<Audience>")]
    pub audience: Option<Spanned<Audience>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub internal_note: Option<Md>,
}
record_impl!(Evaluation);

impl Evaluation {
    /// (min, max) of the score scale.
    pub fn scale_range(&self) -> (f64, f64) {
        self.scale
            .as_ref()
            .map_or((0.0, 10.0), |s| (s.value.min.value, s.value.max.value))
    }

    /// Perspective ids used by the criteria, in the plan's order of perspectives (`plan`: id →
    /// weight, in file order); ids the plan does not know follow in order of first use.
    pub fn perspective_ids<'a>(&'a self, plan: &[(String, f64)]) -> Vec<&'a str> {
        let mut v: Vec<&str> = Vec::new();
        for c in &self.criteria {
            if !v.contains(&c.perspective.value.as_str()) {
                v.push(&c.perspective.value);
            }
        }
        let rank = |id: &str| plan.iter().position(|(p, _)| p == id).unwrap_or(usize::MAX);
        v.sort_by_key(|id| rank(id)); // stable: unknown ids keep their order
        v
    }

    pub fn option_index(&self, id: &str) -> Option<usize> {
        self.options.iter().position(|o| o.id.value == id)
    }

    /// Gate criteria in file order (index = gate index of the computation).
    pub fn gates(&self) -> Vec<&Criterion> {
        self.criteria.iter().filter(|c| c.is_gate()).collect()
    }

    /// Scored criteria in file order (index = criterion index of the computation).
    pub fn scored(&self) -> Vec<&Criterion> {
        self.criteria.iter().filter(|c| !c.is_gate()).collect()
    }
}
