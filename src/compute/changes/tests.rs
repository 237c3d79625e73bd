use super::*;
use crate::model::risk::{MeasureStatus, RiskStatus, Stakeholder};

fn rating(level: &str) -> SnapRating {
    SnapRating {
        likelihood: "selten".into(),
        impact: "begrenzt".into(),
        level: level.into(),
    }
}

fn risk(id: &str, residual: &str, audience: Audience) -> SnapRisk {
    SnapRisk {
        id: id.into(),
        title: format!("Risiko {id}"),
        audience,
        status: RiskStatus::Offen,
        owner: None,
        treatment: "reduzieren".into(),
        inherent: rating("hoch"),
        residual: rating(residual),
        measures: vec!["M-1".into()],
    }
}

fn measure(id: &str, cost: Option<f64>, audience: Audience) -> SnapMeasure {
    SnapMeasure {
        id: id.into(),
        title: format!("Maßnahme {id}"),
        audience,
        status: MeasureStatus::Geplant,
        responsible: Some("Leitung IT".into()),
        due: Some(crate::model::common::parse_date("2027-03-31").unwrap()),
        cost_eur: cost,
        goals: vec![],
    }
}

fn snap(risks: Vec<SnapRisk>, measures: Vec<SnapMeasure>) -> Snapshot {
    Snapshot {
        format: SNAPSHOT_FORMAT,
        edition: "1.0".into(),
        goals: vec![SnapGoal {
            id: "Z-1".into(),
            title: "Ziel".into(),
            audience: Audience::Public,
            stakeholder: Stakeholder::Politik,
            indicator: None,
            target: None,
        }],
        risks,
        measures,
        decisions: vec![],
    }
}

#[test]
fn nothing_changed_is_no_change() {
    let s = snap(
        vec![risk("R-1", "mittel", Audience::Public)],
        vec![measure("M-1", Some(100.0), Audience::Public)],
    );
    assert!(compare(&s, &s, Audience::Internal).is_empty());
}

#[test]
fn new_removed_and_changed_records() {
    let before = snap(
        vec![
            risk("R-1", "mittel", Audience::Public),
            risk("R-2", "hoch", Audience::Public),
        ],
        vec![measure("M-1", Some(1000.0), Audience::Public)],
    );
    let mut m = measure("M-1", Some(1250.5), Audience::Public);
    m.status = MeasureStatus::InUmsetzung;
    m.due = Some(crate::model::common::parse_date("2027-06-30").unwrap());
    let after = snap(
        vec![
            risk("R-1", "niedrig", Audience::Public),
            risk("R-3", "hoch", Audience::Public),
        ],
        vec![m],
    );
    let c = compare(&before, &after, Audience::Public);
    let summary: Vec<(&str, ChangeKind)> = c.iter().map(|r| (r.id.as_str(), r.change)).collect();
    assert_eq!(
        summary,
        [
            ("R-1", ChangeKind::Changed),
            ("R-3", ChangeKind::Added),
            ("R-2", ChangeKind::Removed),
            ("M-1", ChangeKind::Changed),
        ]
    );
    let r1 = &c[0].fields;
    assert_eq!(r1.len(), 1);
    assert_eq!(r1[0].field, Field::Residual);
    let levels = ["niedrig".to_string(), "mittel".into(), "hoch".into()];
    assert_eq!(r1[0].level_moved(&levels), Some(true));
    let m1: Vec<Field> = c[3].fields.iter().map(|f| f.field).collect();
    assert_eq!(m1, [Field::Status, Field::Due, Field::Cost]);
    assert_eq!(c[3].fields[2].delta_eur(), Some(250.5));
}

#[test]
fn a_cost_given_for_the_first_time_has_no_delta() {
    let before = snap(vec![], vec![measure("M-1", None, Audience::Public)]);
    let after = snap(vec![], vec![measure("M-1", Some(500.0), Audience::Public)]);
    let c = compare(&before, &after, Audience::Public);
    assert_eq!(c[0].fields[0].field, Field::Cost);
    assert_eq!(c[0].fields[0].before, Value::None);
    assert_eq!(c[0].fields[0].delta_eur(), None);
}

#[test]
fn the_public_sees_no_internal_change() {
    let before = snap(
        vec![
            risk("R-1", "mittel", Audience::Internal),
            risk("R-2", "hoch", Audience::Public),
            risk("R-4", "hoch", Audience::Internal),
            risk("R-5", "hoch", Audience::Internal),
        ],
        vec![],
    );
    let after = snap(
        vec![
            // changed, but internal
            risk("R-1", "niedrig", Audience::Internal),
            // turned internal: drops out, is not "removed"
            risk("R-2", "mittel", Audience::Internal),
            // new and internal
            risk("R-3", "hoch", Audience::Internal),
            // turned public: new to the public
            risk("R-5", "hoch", Audience::Public),
        ],
        vec![],
    );
    let public = compare(&before, &after, Audience::Public);
    let ids: Vec<(&str, ChangeKind)> = public.iter().map(|r| (r.id.as_str(), r.change)).collect();
    assert_eq!(ids, [("R-5", ChangeKind::Added)]);
    let internal = compare(&before, &after, Audience::Internal);
    let ids: Vec<(&str, ChangeKind)> = internal.iter().map(|r| (r.id.as_str(), r.change)).collect();
    assert_eq!(
        ids,
        [
            ("R-1", ChangeKind::Changed),
            ("R-2", ChangeKind::Changed),
            ("R-3", ChangeKind::Added),
            ("R-4", ChangeKind::Removed),
        ]
    );
}

#[test]
fn snapshot_json_reads_back_the_same() {
    let s = snap(
        vec![risk("R-1", "mittel", Audience::Public)],
        vec![measure("M-1", Some(18000.0), Audience::Internal)],
    );
    let text = snapshot_json(&s);
    assert!(text.starts_with("{\n  \"format\": 1,"));
    let back: Snapshot = serde_json::from_str(&text).unwrap();
    assert_eq!(back, s);
}
