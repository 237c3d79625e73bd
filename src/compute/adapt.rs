//! The model's records as the plain inputs of the computations: spans dropped, optional values
//! defaulted, ids turned into indices. Validation and rendering both call these, so a published
//! figure and the check of it come from one conversion.

use crate::model::evaluation::Evaluation;
use crate::model::provisioning::{OptionKind, Provisioning};
use serde_saphyr::Spanned;

use super::{evaluation, provisioning};

/// The plain input of the computation. `weights`: the plan's perspectives (id, weight in
/// percent); unknown perspectives weigh 0 (they are validation errors). Perspective indices
/// follow [`Evaluation::perspective_ids`].
pub fn evaluation_input(e: &Evaluation, weights: &[(String, f64)]) -> evaluation::Input {
    let pids = e.perspective_ids(weights);
    let idx = |p: &str| pids.iter().position(|x| *x == p).unwrap_or(0);
    evaluation::Input {
        options: e.options.len(),
        perspective_weights: pids
            .iter()
            .map(|p| {
                weights
                    .iter()
                    .find(|(id, _)| id == p)
                    .map_or(0.0, |(_, w)| *w)
            })
            .collect(),
        gates: e
            .criteria
            .iter()
            .filter(|c| c.is_gate())
            .map(|c| {
                e.options
                    .iter()
                    .map(|o| {
                        c.pass
                            .as_ref()
                            .and_then(|p| p.value.get(&o.id.value))
                            .map(|b| b.value)
                    })
                    .collect()
            })
            .collect(),
        criteria: e
            .criteria
            .iter()
            .filter(|c| !c.is_gate())
            .map(|c| evaluation::Criterion {
                perspective: idx(&c.perspective.value),
                weight: c.weight.as_ref().map_or(0.0, |w| w.value),
                scores: e
                    .options
                    .iter()
                    .map(|o| {
                        c.scores
                            .as_ref()
                            .and_then(|s| s.value.get(&o.id.value))
                            .map(|s| s.value)
                    })
                    .collect(),
            })
            .collect(),
        annual_cost: e
            .options
            .iter()
            .map(|o| o.annual_cost_eur.as_ref().map(|c| c.value))
            .collect(),
    }
}

pub fn evaluation(e: &Evaluation, weights: &[(String, f64)]) -> evaluation::Output {
    evaluation::compute(&evaluation_input(e, weights))
}

/// Years as a count; validation keeps them within `bounds::YEARS`.
fn whole(x: f64) -> u32 {
    u32::try_from(super::whole_u64(x.round())).unwrap_or(u32::MAX)
}

/// The horizon of a provisioning comparison in whole years (at most 1000).
pub fn horizon(p: &Provisioning) -> u32 {
    whole(p.horizon_years.value).min(1000)
}

pub fn provisioning_input(p: &Provisioning) -> provisioning::Input {
    let v = |s: &Option<Spanned<f64>>| s.as_ref().map_or(0.0, |x| x.value);
    provisioning::Input {
        horizon_years: horizon(p),
        discount_rate: p.discount_rate.value,
        groups: p
            .groups
            .iter()
            .map(|g| provisioning::Group {
                staff: g.staff.value,
                need_share: g.need_share.value,
                simultaneous_share: g.simultaneous_share.value,
            })
            .collect(),
        items: p
            .items
            .iter()
            .map(|i| provisioning::Item {
                price: i.price_eur.value,
                life_years: whole(i.life_years.value),
                annual: v(&i.annual_eur),
            })
            .collect(),
        options: p
            .options
            .iter()
            .map(|o| provisioning::OptionInput {
                kind: match o.kind.value {
                    OptionKind::Individual => provisioning::Kind::Individual,
                    OptionKind::Pool => provisioning::Kind::Pool {
                        reserve: v(&o.reserve),
                    },
                    OptionKind::Service => provisioning::Kind::Service {
                        seats: v(&o.seats),
                        seat_month: v(&o.seat_month_eur),
                    },
                },
                annual: v(&o.annual_eur),
            })
            .collect(),
    }
}

pub fn provisioning(p: &Provisioning) -> provisioning::Output {
    provisioning::compute(&provisioning_input(p))
}
