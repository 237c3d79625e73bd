//! `notfall/bia.json`: the BIA results and the Soll-Ist comparison as data, in hours, for
//! spreadsheets and for checks by other tools. Internal like every page of the section; it holds
//! no contact.

use serde_json::{Value, json};

use super::*;
use crate::compute::bcm::Measure;

pub const FILE: &str = "bia.json";

fn h(v: Option<Hours>) -> Value {
    v.map_or(Value::Null, |h| json!(h.0))
}

pub(super) fn file(cx: &Cx<'_>) -> Option<Output> {
    let d = cx.d;
    let s = &cx.settings;
    let processes: Vec<Value> = d
        .processes
        .iter()
        .map(|p| {
            json!({
                "id": p.id.value,
                "title": p.title,
                "mtpd_hours": p.mtpd.value.0,
                "rto_hours": h(p.rto.as_ref().map(|x| x.value)),
                "rpo_hours": h(p.rpo.as_ref().map(|x| x.value)),
                "time_critical": cx.derived.time_critical.contains(&p.id.value),
                "depends_on": p.depends_on.iter().map(|x| x.value.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let resources: Vec<Value> = d
        .resources
        .iter()
        .map(|r| {
            let n = cx.derived.need(r.id_str());
            json!({
                "id": r.id.value,
                "title": r.title,
                "kind": r.kind.title(),
                "required_rto_hours": h(n.and_then(|n| n.rto)),
                "required_rpo_hours": h(n.and_then(|n| n.rpo)),
                "rto_actual_hours": h(r.rto_actual.as_ref().map(|x| x.value)),
                "rpo_actual_hours": h(r.rpo_actual.as_ref().map(|x| x.value)),
                "processes": n.map(|n| n.processes.clone()).unwrap_or_default(),
            })
        })
        .collect();
    let gaps: Vec<Value> = cx
        .derived
        .gaps
        .iter()
        .map(|g| {
            json!({
                "resource": g.resource,
                "value": match g.what { Measure::Rto => "rto", Measure::Rpo => "rpo" },
                "required_hours": g.required.0,
                "actual_hours": h(g.actual),
                "required_by": g.from,
            })
        })
        .collect();
    let v = json!({
        "stand": cx.env.build_date.iso(),
        "stage": s.stage.title(),
        "time_critical_mtpd_hours": s.time_critical().0,
        "horizons_hours": s.horizons().iter().map(|x| x.0).collect::<Vec<_>>(),
        "processes": processes,
        "resources": resources,
        "gaps": gaps,
    });
    let mut text = serde_json::to_string_pretty(&v).ok()?;
    text.push('\n');
    Some(Output {
        path: format!("{SECTION}/{FILE}"),
        bytes: text.into_bytes(),
        origin: crate::files::Origin::generated(crate::msg!(
            "die erzeugten Daten der Business-Impact-Analyse",
            "the generated business impact analysis data"
        )),
    })
}
