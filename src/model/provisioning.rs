//! Provisioning (Einzelausstattung / Gerätepool / Dienstleister, design §2): staff groups, items,
//! options, horizon and discount rate; present value and annuity per option.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::common::Audience;
use super::records::{Md, Record};
use super::risk::record_impl;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    /// Number of staff (whole, ≥ 0).
    #[schemars(with = "u64", range(min = crate::model::bounds::COUNT.min, max = crate::model::bounds::COUNT.max))]
    pub staff: Spanned<f64>,
    /// Share of the staff that needs a set (0–1).
    #[schemars(with = "f64", range(min = crate::model::bounds::SHARE.min, max = crate::model::bounds::SHARE.max))]
    pub need_share: Spanned<f64>,
    /// Share of those who need one at the same time (0–1).
    #[schemars(with = "f64", range(min = crate::model::bounds::SHARE.min, max = crate::model::bounds::SHARE.max))]
    pub simultaneous_share: Spanned<f64>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    /// Price per unit in euros.
    #[schemars(with = "f64", range(min = crate::model::bounds::EUR.min, max = crate::model::bounds::EUR.max))]
    pub price_eur: Spanned<f64>,
    /// Useful life in whole years (≥ 1): replaced in every year that is a multiple of it.
    #[schemars(with = "u64", range(min = crate::model::bounds::YEARS.min, max = crate::model::bounds::YEARS.max))]
    pub life_years: Spanned<f64>,
    /// Running cost per unit and year.
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = crate::model::bounds::EUR.min, max = crate::model::bounds::EUR.max))]
    pub annual_eur: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum OptionKind {
    /// One set for everybody with a need (Einzelausstattung).
    Individual,
    /// Sets for the simultaneous need plus a reserve (Gerätepool).
    Pool,
    /// Seats rented from a service provider (Dienstleister), no purchases.
    Service,
}

impl OptionKind {
    pub fn title(self) -> &'static str {
        match self {
            OptionKind::Individual => "Einzelausstattung",
            OptionKind::Pool => "Gerätepool",
            OptionKind::Service => "Dienstleistung",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            OptionKind::Individual => "individual",
            OptionKind::Pool => "pool",
            OptionKind::Service => "service",
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvOption {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "OptionKind")]
    pub kind: Spanned<OptionKind>,
    pub title: String,
    /// Pool: reserve on top of the simultaneous need (share, 0–1).
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = crate::model::bounds::RESERVE.min, max = crate::model::bounds::RESERVE.max))]
    pub reserve: Option<Spanned<f64>>,
    /// Fixed cost of the option per year (the pool's handling cost).
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = crate::model::bounds::EUR.min, max = crate::model::bounds::EUR.max))]
    pub annual_eur: Option<Spanned<f64>>,
    /// Service: number of seats.
    #[serde(default)]
    #[schemars(with = "Option<u64>", range(min = crate::model::bounds::COUNT.min, max = crate::model::bounds::COUNT.max))]
    pub seats: Option<Spanned<f64>>,
    /// Service: fee per seat and month.
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = crate::model::bounds::EUR.min, max = crate::model::bounds::EUR.max))]
    pub seat_month_eur: Option<Spanned<f64>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provisioning {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Md>,
    /// Years considered (flows at t = 0 … horizon − 1).
    #[schemars(with = "u64", range(min = crate::model::bounds::YEARS.min, max = crate::model::bounds::YEARS.max))]
    pub horizon_years: Spanned<f64>,
    /// Discount rate as a share (0.03 = 3 %).
    #[schemars(with = "f64", range(min = crate::model::bounds::DISCOUNT_RATE.min, max = crate::model::bounds::DISCOUNT_RATE.max))]
    pub discount_rate: Spanned<f64>,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub items: Vec<Item>,
    pub options: Vec<ProvOption>,
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
record_impl!(Provisioning);

impl Provisioning {
    pub fn option_index(&self, id: &str) -> Option<usize> {
        self.options.iter().position(|o| o.id.value == id)
    }
}
