//! The plan as plain data: pages, records, static files. Ordered collections only (BTreeMap,
//! sorted Vec) so that output never depends on hash order.

pub mod baseline;
pub mod bcm;
pub mod bounds;
pub mod budget;
pub mod checklist;
pub mod common;
pub mod edition;
pub mod evaluation;
mod flow;
pub mod method;
pub mod numbers;
pub mod page;
pub mod provisioning;
pub mod records;
pub mod risk;

use std::path::PathBuf;

use crate::config::SiteConfig;
pub use page::Page;

/// A file copied verbatim into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    pub src: PathBuf,
    pub display: PathBuf,
    /// Output path relative to the output root.
    pub out: String,
    /// Outputs it is copied into: `content/static/` is public, a file beside pages follows them.
    pub audience: common::Audience,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub data: Vec<DataFile>,
    /// Records parsed from `data`, filled in by validate.
    pub records: Data,
    pub statics: Vec<StaticFile>,
    /// Where records came from, for plans built on a baseline (design §10).
    pub baseline: Option<std::sync::Arc<baseline::BaselineInfo>>,
    /// `content/editions.yaml` and the snapshots of earlier editions (design §9).
    pub editions: edition::Editions,
}

/// A data file under content/data/, read but not yet parsed into records.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub kind: String,
    pub file: PathBuf,
    pub text: std::sync::Arc<str>,
}

/// All records of the plan, one Vec per kind, in file order.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// `content/method.yaml`; None = the built-in BSI 200-3 method.
    pub method: Option<records::Rec<method::Method>>,
    pub threats: Vec<records::Rec<risk::Threat>>,
    pub perspectives: Vec<records::Rec<risk::Perspective>>,
    pub goals: Vec<records::Rec<risk::Goal>>,
    pub measures: Vec<records::Rec<risk::Measure>>,
    pub risks: Vec<records::Rec<risk::Risk>>,
    pub evaluations: Vec<records::Rec<evaluation::Evaluation>>,
    pub provisioning: Vec<records::Rec<provisioning::Provisioning>>,
    pub checklists: Vec<records::Rec<checklist::Checklist>>,
    /// Emergency management (design §8).
    pub bcm: bcm::BcmData,
}

impl Data {
    /// The method in force: `content/method.yaml` when valid, else the BSI 200-3 default.
    pub fn method(&self) -> method::Method {
        self.method
            .as_ref()
            .map(|m| m.value.clone())
            .unwrap_or_else(method::Method::bsi_default)
    }

    /// The plan's perspectives in file order: (id, weight in percent).
    pub fn perspective_weights(&self) -> Vec<(String, f64)> {
        self.perspectives
            .iter()
            .map(|p| (p.id.value.clone(), p.weight.value))
            .collect()
    }

    /// The records an output of `audience` may show — the model is filtered once, before
    /// anything is rendered, so no template or list can leak an internal record.
    pub fn visible(&self, audience: common::Audience, default: common::Audience) -> Data {
        use records::{Rec, Record};
        fn keep<T: Record + Clone>(
            v: &[Rec<T>],
            a: common::Audience,
            d: common::Audience,
        ) -> Vec<Rec<T>> {
            v.iter()
                .filter(|r| r.audience_or(d).visible_in(a))
                .cloned()
                .collect()
        }
        Data {
            method: self.method.clone(),
            threats: keep(&self.threats, audience, default),
            perspectives: keep(&self.perspectives, audience, default),
            goals: keep(&self.goals, audience, default),
            measures: keep(&self.measures, audience, default),
            risks: keep(&self.risks, audience, default),
            evaluations: keep(&self.evaluations, audience, default),
            provisioning: keep(&self.provisioning, audience, default),
            checklists: keep(&self.checklists, audience, default),
            bcm: self.bcm.visible(audience, default),
        }
    }
}
