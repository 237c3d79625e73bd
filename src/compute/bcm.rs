//! The derived values of emergency management (BSI 200-4): what a resource must achieve
//! (required RTO/RPO from the processes that need it), where it falls short (Soll-Ist-Abgleich),
//! which processes are time-critical, and when plans and contact lists are due for review.
//! Validation and every page read these, so each figure is computed by one rule.

use std::collections::BTreeMap;

use crate::model::bcm::{BcmData, Hours, PlanType};
use crate::model::common::Date;

/// A process as the computations see it.
#[derive(Debug, Clone)]
pub struct ProcessIn<'a> {
    pub id: &'a str,
    pub mtpd: Hours,
    pub rto: Option<Hours>,
    pub rpo: Option<Hours>,
    pub depends_on: Vec<&'a str>,
}

/// A resource as the computations see it.
#[derive(Debug, Clone)]
pub struct ResourceIn<'a> {
    pub id: &'a str,
    pub rto_actual: Option<Hours>,
    pub rpo_actual: Option<Hours>,
}

/// What a resource must achieve: the strictest requirement of the processes that depend on it
/// directly, and which processes set it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Need {
    pub rto: Option<Hours>,
    pub rto_from: Vec<String>,
    pub rpo: Option<Hours>,
    pub rpo_from: Vec<String>,
    /// Every process that depends on the resource, in process order.
    pub processes: Vec<String>,
}

fn tighten(cur: &mut Option<Hours>, from: &mut Vec<String>, v: Option<Hours>, id: &str) {
    let Some(v) = v else { return };
    match cur {
        Some(c) if v > *c => {}
        Some(c) if v == *c => from.push(id.to_string()),
        _ => {
            *cur = Some(v);
            *from = vec![id.to_string()];
        }
    }
}

/// Required RTO/RPO per resource id = the minimum over the processes depending on it.
/// Resources no process depends on have no entry.
pub fn needs(processes: &[ProcessIn<'_>]) -> BTreeMap<String, Need> {
    let mut out: BTreeMap<String, Need> = BTreeMap::new();
    for p in processes {
        let mut seen = Vec::new();
        for r in &p.depends_on {
            // (a resource listed twice counts once)
            if seen.contains(r) {
                continue;
            }
            seen.push(*r);
            let n = out.entry(r.to_string()).or_default();
            n.processes.push(p.id.to_string());
            tighten(&mut n.rto, &mut n.rto_from, p.rto, p.id);
            tighten(&mut n.rpo, &mut n.rpo_from, p.rpo, p.id);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Measure {
    Rto,
    Rpo,
}

/// A Soll-Ist gap: the resource does not reach (or has not shown) the required value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub resource: String,
    pub what: Measure,
    pub required: Hours,
    /// None: no actual value is known, so the requirement is not shown to be met.
    pub actual: Option<Hours>,
    pub from: Vec<String>,
}

/// Gaps in resource order, RTO before RPO.
pub fn gaps(resources: &[ResourceIn<'_>], needs: &BTreeMap<String, Need>) -> Vec<Gap> {
    let mut out = Vec::new();
    for r in resources {
        let Some(n) = needs.get(r.id) else { continue };
        for (what, req, from, actual) in [
            (Measure::Rto, n.rto, &n.rto_from, r.rto_actual),
            (Measure::Rpo, n.rpo, &n.rpo_from, r.rpo_actual),
        ] {
            let Some(req) = req else { continue };
            if actual.is_none_or(|a| a > req) {
                out.push(Gap {
                    resource: r.id.to_string(),
                    what,
                    required: req,
                    actual,
                    from: from.clone(),
                });
            }
        }
    }
    out
}

/// A process is time-critical when its MTPD is at or under `limit`.
pub fn is_time_critical(mtpd: Hours, limit: Hours) -> bool {
    mtpd <= limit
}

/// The day by which a plan must next be exercised or reviewed: `days` after the later of its
/// review and the exercises done with it. None when it never was either.
pub fn plan_due(reviewed: Option<Date>, exercised: &[Date], days: i64) -> Option<Date> {
    let last = exercised.iter().copied().chain(reviewed).max()?;
    add_days(last, days)
}

/// The day by which a contact must next be verified; None when it never was.
pub fn contact_due(verified: Option<Date>, days: i64) -> Option<Date> {
    add_days(verified?, days)
}

fn add_days(d: Date, days: i64) -> Option<Date> {
    d.0.checked_add(jiff::Span::new().days(days)).ok().map(Date)
}

/// Everything derived from the plan's emergency-management records at once.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    pub needs: BTreeMap<String, Need>,
    pub gaps: Vec<Gap>,
    /// Ids of time-critical processes, in file order.
    pub time_critical: Vec<String>,
    /// Plan id → the dates of the exercises done with it, ascending.
    pub exercised: BTreeMap<String, Vec<Date>>,
    /// Plan id → the day it is next due for exercise or review.
    pub plan_due: BTreeMap<String, Option<Date>>,
}

impl Derived {
    pub fn need(&self, resource: &str) -> Option<&Need> {
        self.needs.get(resource)
    }
}

pub fn derive(d: &BcmData) -> Derived {
    let settings = d.settings();
    let processes: Vec<ProcessIn<'_>> = d
        .processes
        .iter()
        .map(|p| ProcessIn {
            id: &p.id.value,
            mtpd: p.mtpd.value,
            rto: p.rto.as_ref().map(|h| h.value),
            rpo: p.rpo.as_ref().map(|h| h.value),
            depends_on: p.depends_on.iter().map(|r| r.value.as_str()).collect(),
        })
        .collect();
    let resources: Vec<ResourceIn<'_>> = d
        .resources
        .iter()
        .map(|r| ResourceIn {
            id: &r.id.value,
            rto_actual: r.rto_actual.as_ref().map(|h| h.value),
            rpo_actual: r.rpo_actual.as_ref().map(|h| h.value),
        })
        .collect();
    let needs = needs(&processes);
    let gaps = gaps(&resources, &needs);
    let limit = settings.time_critical();
    let time_critical = processes
        .iter()
        .filter(|p| is_time_critical(p.mtpd, limit))
        .map(|p| p.id.to_string())
        .collect();
    let mut exercised: BTreeMap<String, Vec<Date>> = BTreeMap::new();
    for e in &d.exercises {
        let Some(done) = &e.done else { continue };
        for c in &e.covers {
            exercised
                .entry(c.value.clone())
                .or_default()
                .push(done.value);
        }
    }
    for v in exercised.values_mut() {
        v.sort();
        v.dedup();
    }
    let days = settings.plan_review_days();
    let plan_due = d
        .plans
        .iter()
        .map(|p| {
            let ex = exercised.get(&p.id.value).map_or(&[][..], |v| v.as_slice());
            (
                p.id.value.clone(),
                plan_due(p.reviewed.as_ref().map(|r| r.value), ex, days),
            )
        })
        .collect();
    Derived {
        needs,
        gaps,
        time_critical,
        exercised,
        plan_due,
    }
}

/// Whether a continuity plan (Geschäftsfortführungsplan) names the process.
pub fn has_continuity_plan(d: &BcmData, process: &str) -> bool {
    d.plans.iter().any(|p| {
        p.kind == PlanType::Geschaeftsfortfuehrung && p.for_.iter().any(|f| f.value == process)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p<'a>(
        id: &'a str,
        mtpd: u32,
        rto: Option<u32>,
        rpo: Option<u32>,
        deps: &[&'a str],
    ) -> ProcessIn<'a> {
        ProcessIn {
            id,
            mtpd: Hours(mtpd),
            rto: rto.map(Hours),
            rpo: rpo.map(Hours),
            depends_on: deps.to_vec(),
        }
    }

    #[test]
    fn required_values_are_the_minimum_of_the_dependent_processes() {
        let ps = [
            p("P-A", 72, Some(24), Some(4), &["R-1", "R-2"]),
            p("P-B", 168, Some(8), None, &["R-1"]),
            p("P-C", 336, None, Some(48), &["R-2", "R-2"]),
            p("P-D", 24, Some(8), Some(24), &["R-1"]),
        ];
        let n = needs(&ps);
        assert_eq!(n["R-1"].rto, Some(Hours(8)));
        assert_eq!(n["R-1"].rto_from, ["P-B", "P-D"]);
        assert_eq!(n["R-1"].rpo, Some(Hours(4)));
        assert_eq!(n["R-1"].rpo_from, ["P-A"]);
        assert_eq!(n["R-2"].rto, Some(Hours(24)));
        assert_eq!(n["R-2"].rpo, Some(Hours(4)));
        assert_eq!(n["R-2"].processes, ["P-A", "P-C"]);
        assert!(!n.contains_key("R-3"));
    }

    #[test]
    fn gaps_where_actual_exceeds_or_is_missing() {
        let ps = [p("P-A", 72, Some(24), Some(4), &["R-1", "R-2", "R-3"])];
        let n = needs(&ps);
        let rs = [
            ResourceIn {
                id: "R-1",
                rto_actual: Some(Hours(48)),
                rpo_actual: Some(Hours(4)),
            },
            ResourceIn {
                id: "R-2",
                rto_actual: Some(Hours(24)),
                rpo_actual: None,
            },
            ResourceIn {
                id: "R-3",
                rto_actual: Some(Hours(2)),
                rpo_actual: Some(Hours(1)),
            },
            ResourceIn {
                id: "R-4",
                rto_actual: None,
                rpo_actual: None,
            },
        ];
        let g = gaps(&rs, &n);
        assert_eq!(g.len(), 2, "{g:#?}");
        assert_eq!(
            (g[0].resource.as_str(), g[0].what, g[0].actual),
            ("R-1", Measure::Rto, Some(Hours(48)))
        );
        assert_eq!(
            (g[1].resource.as_str(), g[1].what, g[1].actual),
            ("R-2", Measure::Rpo, None)
        );
    }

    #[test]
    fn time_critical_at_or_under_the_limit() {
        assert!(is_time_critical(Hours(168), Hours(168)));
        assert!(is_time_critical(Hours(24), Hours(168)));
        assert!(!is_time_critical(Hours(169), Hours(168)));
    }

    #[test]
    fn review_dates() {
        let d = |s| crate::model::common::parse_date(s).unwrap();
        assert_eq!(plan_due(None, &[], 365), None);
        assert_eq!(
            plan_due(Some(d("2026-01-01")), &[d("2026-03-01")], 30),
            Some(d("2026-03-31"))
        );
        assert_eq!(
            plan_due(Some(d("2026-05-01")), &[d("2026-03-01")], 30),
            Some(d("2026-05-31"))
        );
        assert_eq!(
            contact_due(Some(d("2026-01-01")), 180),
            Some(d("2026-06-30"))
        );
        assert_eq!(contact_due(None, 180), None);
    }
}
