//! What changed since the previous edition: the plan's records as a [`Snapshot`], and the
//! comparison of two snapshots as seen by one audience (design §9, the change page).

use crate::model::Data;
use crate::model::common::{Audience, Date};
use crate::model::edition::{
    SNAPSHOT_FORMAT, SnapDecision, SnapGoal, SnapMeasure, SnapRating, SnapRisk, Snapshot,
};
use crate::model::method::Method;
use crate::model::records::Record;
use crate::model::risk::Rating;

use super::risk::Matrix;

/// The records of the plan as an edition's snapshot: every audience, each record with its own.
pub fn snapshot(data: &Data, default: Audience, method: &Method, edition: &str) -> Snapshot {
    let m = Matrix::from_method(method);
    let rating = |r: &Rating| {
        let (l, i) = (&r.likelihood.value, &r.impact.value);
        let title = |list: &[(String, String)], id: &str| {
            list.iter()
                .find(|(k, _)| k == id)
                .map_or(id.to_string(), |(_, t)| t.clone())
        };
        match &m {
            Some(m) => SnapRating {
                likelihood: title(&m.likelihood, l),
                impact: title(&m.impact, i),
                level: m
                    .level(l, i)
                    .map_or(String::new(), |x| m.levels[x].title.clone()),
            },
            None => SnapRating {
                likelihood: l.clone(),
                impact: i.clone(),
                level: String::new(),
            },
        }
    };
    let ids = |v: &[serde_saphyr::Spanned<String>]| v.iter().map(|x| x.value.clone()).collect();
    let goals = data
        .goals
        .iter()
        .map(|g| SnapGoal {
            id: g.id_str().to_string(),
            title: g.title.clone(),
            audience: g.audience_or(default),
            stakeholder: g.stakeholder,
            indicator: g.indicator.clone(),
            target: g.target.clone(),
        })
        .collect();
    let risks = data
        .risks
        .iter()
        .map(|r| SnapRisk {
            id: r.id_str().to_string(),
            title: r.title.clone(),
            audience: r.audience_or(default),
            status: r.status,
            owner: r.owner.clone(),
            treatment: r.treatment.value.clone(),
            inherent: rating(&r.inherent),
            residual: rating(&r.residual),
            measures: ids(&r.measures),
        })
        .collect();
    let measures = data
        .measures
        .iter()
        .map(|x| SnapMeasure {
            id: x.id_str().to_string(),
            title: x.title.clone(),
            audience: x.audience_or(default),
            status: x.status,
            responsible: x.responsible.clone(),
            due: x.due.as_ref().map(|d| d.value),
            cost_eur: x.cost_eur.as_ref().map(|c| c.value),
            goals: ids(&x.goals),
        })
        .collect();
    let chosen = |id: Option<&String>, options: Vec<(&str, &str)>| {
        id.map(|id| {
            options
                .iter()
                .find(|(o, _)| o == id)
                .map_or(id.clone(), |(_, t)| t.to_string())
        })
    };
    let mut decisions: Vec<SnapDecision> = data
        .evaluations
        .iter()
        .map(|e| SnapDecision {
            id: e.id_str().to_string(),
            title: e.value.title().to_string(),
            audience: e.audience_or(default),
            kind: "evaluation".into(),
            decision: chosen(
                e.decision.as_ref().map(|d| &d.value),
                e.options
                    .iter()
                    .map(|o| (o.id.value.as_str(), o.title.as_str()))
                    .collect(),
            ),
        })
        .collect();
    decisions.extend(data.provisioning.iter().map(|p| {
        SnapDecision {
            id: p.id_str().to_string(),
            title: p.value.title().to_string(),
            audience: p.audience_or(default),
            kind: "provisioning".into(),
            decision: chosen(
                p.decision.as_ref().map(|d| &d.value),
                p.options
                    .iter()
                    .map(|o| (o.id.value.as_str(), o.title.as_str()))
                    .collect(),
            ),
        }
    }));
    Snapshot {
        format: SNAPSHOT_FORMAT,
        edition: edition.to_string(),
        goals,
        risks,
        measures,
        decisions,
    }
}

/// The snapshot as written to `content/editions/<version>.json`: pretty, in plan order, with a
/// final line break, the same bytes for the same plan.
pub fn snapshot_json(s: &Snapshot) -> String {
    let mut out = serde_json::to_string_pretty(s).unwrap_or_default();
    out.push('\n');
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Goal,
    Risk,
    Measure,
    Decision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Status,
    Owner,
    Treatment,
    Inherent,
    Residual,
    Measures,
    Responsible,
    Due,
    Cost,
    Goals,
    Stakeholder,
    Indicator,
    Target,
    Decision,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    None,
    Text(String),
    Date(Date),
    Eur(f64),
    Ids(Vec<String>),
    Rating(SnapRating),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: Field,
    pub before: Value,
    pub after: Value,
}

impl FieldChange {
    /// After minus before, for a cost both editions state.
    pub fn delta_eur(&self) -> Option<f64> {
        match (&self.before, &self.after) {
            (Value::Eur(b), Value::Eur(a)) => Some(a - b),
            _ => None,
        }
    }

    /// For a risk level: whether it went down (`Some(true)`), up, or stayed (`None`), by the
    /// order of the method's levels in `levels` (lowest first).
    pub fn level_moved(&self, levels: &[String]) -> Option<bool> {
        let (Value::Rating(b), Value::Rating(a)) = (&self.before, &self.after) else {
            return None;
        };
        let pos = |l: &str| levels.iter().position(|x| x == l);
        match (pos(&b.level), pos(&a.level)) {
            (Some(b), Some(a)) if a != b => Some(a < b),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordChange {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    pub change: ChangeKind,
    /// What changed, field by field (empty for added and removed records).
    pub fields: Vec<FieldChange>,
}

/// Every change between `before` and `after` that an output of `audience` may show.
///
/// Both sides are seen through the audience: a record internal in both never appears, one that
/// turned internal simply drops out (it was not removed from the plan, and "now internal" would
/// say what the public may not know), and one that turned public shows as new. Order: goals,
/// risks, measures, decisions; within a kind the current plan's order, removed records last.
pub fn compare(before: &Snapshot, after: &Snapshot, audience: Audience) -> Vec<RecordChange> {
    let mut out = Vec::new();
    diff_kind(
        Kind::Goal,
        &before.goals,
        &after.goals,
        audience,
        goal_fields,
        &mut out,
    );
    diff_kind(
        Kind::Risk,
        &before.risks,
        &after.risks,
        audience,
        risk_fields,
        &mut out,
    );
    diff_kind(
        Kind::Measure,
        &before.measures,
        &after.measures,
        audience,
        measure_fields,
        &mut out,
    );
    diff_kind(
        Kind::Decision,
        &before.decisions,
        &after.decisions,
        audience,
        decision_fields,
        &mut out,
    );
    out
}

trait Snap {
    fn id(&self) -> &str;
    fn title(&self) -> &str;
    fn audience(&self) -> Audience;
}

macro_rules! snap {
    ($t:ty) => {
        impl Snap for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn title(&self) -> &str {
                &self.title
            }
            fn audience(&self) -> Audience {
                self.audience
            }
        }
    };
}
snap!(SnapGoal);
snap!(SnapRisk);
snap!(SnapMeasure);
snap!(SnapDecision);

fn diff_kind<T: Snap>(
    kind: Kind,
    before: &[T],
    after: &[T],
    audience: Audience,
    fields: fn(&T, &T, &mut Vec<FieldChange>),
    out: &mut Vec<RecordChange>,
) {
    let shown = |r: &T| r.audience().visible_in(audience);
    let record = |r: &T, change, fields| RecordChange {
        kind,
        id: r.id().to_string(),
        title: r.title().to_string(),
        change,
        fields,
    };
    for a in after.iter().filter(|a| shown(a)) {
        match before.iter().find(|b| b.id() == a.id()) {
            Some(b) if shown(b) => {
                let mut f = Vec::new();
                fields(b, a, &mut f);
                if !f.is_empty() {
                    out.push(record(a, ChangeKind::Changed, f));
                }
            }
            _ => out.push(record(a, ChangeKind::Added, Vec::new())),
        }
    }
    for b in before.iter().filter(|b| shown(b)) {
        if !after.iter().any(|a| a.id() == b.id()) {
            out.push(record(b, ChangeKind::Removed, Vec::new()));
        }
    }
}

fn text(v: &Option<String>) -> Value {
    v.as_ref()
        .filter(|s| !s.trim().is_empty())
        .map_or(Value::None, |s| Value::Text(s.clone()))
}

fn push(out: &mut Vec<FieldChange>, field: Field, before: Value, after: Value) {
    if before != after {
        out.push(FieldChange {
            field,
            before,
            after,
        });
    }
}

fn title(out: &mut Vec<FieldChange>, b: &str, a: &str) {
    push(
        out,
        Field::Title,
        Value::Text(b.into()),
        Value::Text(a.into()),
    );
}

fn goal_fields(b: &SnapGoal, a: &SnapGoal, out: &mut Vec<FieldChange>) {
    title(out, &b.title, &a.title);
    push(
        out,
        Field::Stakeholder,
        Value::Text(b.stakeholder.title().into()),
        Value::Text(a.stakeholder.title().into()),
    );
    push(
        out,
        Field::Indicator,
        text(&b.indicator),
        text(&a.indicator),
    );
    push(out, Field::Target, text(&b.target), text(&a.target));
}

fn risk_fields(b: &SnapRisk, a: &SnapRisk, out: &mut Vec<FieldChange>) {
    title(out, &b.title, &a.title);
    push(
        out,
        Field::Inherent,
        Value::Rating(b.inherent.clone()),
        Value::Rating(a.inherent.clone()),
    );
    push(
        out,
        Field::Residual,
        Value::Rating(b.residual.clone()),
        Value::Rating(a.residual.clone()),
    );
    push(
        out,
        Field::Status,
        Value::Text(b.status.title().into()),
        Value::Text(a.status.title().into()),
    );
    push(
        out,
        Field::Treatment,
        Value::Text(b.treatment.clone()),
        Value::Text(a.treatment.clone()),
    );
    push(out, Field::Owner, text(&b.owner), text(&a.owner));
    push(
        out,
        Field::Measures,
        Value::Ids(b.measures.clone()),
        Value::Ids(a.measures.clone()),
    );
}

fn measure_fields(b: &SnapMeasure, a: &SnapMeasure, out: &mut Vec<FieldChange>) {
    title(out, &b.title, &a.title);
    push(
        out,
        Field::Status,
        Value::Text(b.status.title().into()),
        Value::Text(a.status.title().into()),
    );
    let date = |d: Option<Date>| d.map_or(Value::None, Value::Date);
    push(out, Field::Due, date(b.due), date(a.due));
    let eur = |c: Option<f64>| c.map_or(Value::None, Value::Eur);
    push(out, Field::Cost, eur(b.cost_eur), eur(a.cost_eur));
    push(
        out,
        Field::Responsible,
        text(&b.responsible),
        text(&a.responsible),
    );
    push(
        out,
        Field::Goals,
        Value::Ids(b.goals.clone()),
        Value::Ids(a.goals.clone()),
    );
}

fn decision_fields(b: &SnapDecision, a: &SnapDecision, out: &mut Vec<FieldChange>) {
    title(out, &b.title, &a.title);
    push(out, Field::Decision, text(&b.decision), text(&a.decision));
}

#[cfg(test)]
mod tests;
