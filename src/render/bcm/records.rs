//! One page per process, resource, scenario, plan and exercise, linked with each other and with
//! the risks, threats, measures and decisions they name.

use super::*;
use crate::model::bcm::{Exercise, Plan, PlanType, Process, Resource, Scenario};

pub(super) fn pages(cx: &Cx<'_>) -> Vec<Option<Output>> {
    let d = cx.d;
    let mut v = Vec::new();
    v.extend(d.processes.iter().map(|r| process(cx, r)));
    v.extend(d.resources.iter().map(|r| resource(cx, r)));
    v.extend(d.scenarios.iter().map(|r| scenario(cx, r)));
    v.extend(d.plans.iter().map(|r| plan(cx, r)));
    v.extend(d.exercises.iter().map(|r| exercise(cx, r)));
    v
}

fn links(cx: &Cx<'_>, from: &str, ids: impl IntoIterator<Item = String>) -> Vec<Cell> {
    let v: Vec<Cell> = ids.into_iter().map(|i| cx.link(from, &i)).collect();
    if v.is_empty() { vec![text("–")] } else { v }
}

fn register_links(cx: &Cx<'_>, from: &str, ids: &[serde_saphyr::Spanned<String>]) -> Vec<Cell> {
    let v: Vec<Cell> = ids
        .iter()
        .map(|i| cx.register_link(from, &i.value))
        .collect();
    if v.is_empty() { vec![text("–")] } else { v }
}

fn plans_for(cx: &Cx<'_>, id: &str) -> Vec<String> {
    cx.d.plans
        .iter()
        .filter(|p| p.for_.iter().any(|f| f.value == id))
        .map(|p| p.id.value.clone())
        .collect()
}

fn scenarios_with(cx: &Cx<'_>, pred: impl Fn(&Scenario) -> bool) -> Vec<String> {
    cx.d.scenarios
        .iter()
        .filter(|s| pred(s))
        .map(|s| s.id.value.clone())
        .collect()
}

fn process(cx: &Cx<'_>, p: &Rec<Process>) -> Option<Output> {
    let out = page_out(p.id_str());
    let critical = cx.derived.time_critical.contains(&p.id.value);
    let mut facts = Vec::new();
    if let Some(o) = &p.owner {
        facts.push(fact("Verantwortlich", vec![text(o.clone())]));
    }
    facts.push(fact(
        "Maximal tolerierbare Ausfallzeit (MTA)",
        vec![text(p.mtpd.value.german())],
    ));
    facts.push(fact(
        "Wiederanlaufzeit (RTO)",
        vec![text(hours(p.rto.as_ref().map(|h| h.value)))],
    ));
    facts.push(fact(
        "Maximal zulässiger Datenverlust (RPO)",
        vec![text(hours(p.rpo.as_ref().map(|h| h.value)))],
    ));
    if let Some(e) = &p.emergency_level {
        facts.push(fact("Notbetriebsniveau", vec![text(e.clone())]));
    }
    facts.push(fact(
        "zeitkritisch",
        vec![text(if critical {
            format!(
                "ja (MTA höchstens {})",
                cx.settings.time_critical().german()
            )
        } else {
            "nein".into()
        })],
    ));
    facts.push(fact("Pläne", links(cx, &out, plans_for(cx, p.id_str()))));
    facts.push(fact(
        "Szenarien",
        links(
            cx,
            &out,
            scenarios_with(cx, |s| s.processes.iter().any(|x| x.value == p.id.value)),
        ),
    ));
    let mut bia = table(
        "bia",
        "Business-Impact-Analyse",
        "Schadensauswirkung nach Dauer des Ausfalls",
        &["Ausfall seit", "Auswirkung"],
    );
    let method = cx.env.site.records.method();
    for h in cx.settings.horizons() {
        let v = p
            .impact
            .iter()
            .find(|(k, _)| crate::model::bcm::parse_hours(k).ok() == Some(h));
        let imp = v.map_or("–".to_string(), |(_, v)| {
            method
                .impact
                .value
                .iter()
                .find(|s| s.id.value == v.value)
                .map_or(v.value.clone(), |s| s.title.clone())
        });
        bia.rows.push(vec![text(h.german()), text(imp)]);
    }
    let mut res = table(
        "ressourcen",
        "Benötigte Ressourcen",
        "Ressourcen, von denen der Prozess abhängt, mit ihren Ist-Werten",
        &["Ressource", "Art", "Ist-RTO", "Ist-RPO"],
    );
    for r in &p.depends_on {
        let found = cx.d.resources.iter().find(|x| x.id.value == r.value);
        res.rows.push(vec![
            cx.link(&out, &r.value),
            text(found.map_or("–", |x| x.kind.title())),
            hours_cell(found.and_then(|x| x.rto_actual.as_ref().map(|h| h.value))),
            hours_cell(found.and_then(|x| x.rpo_actual.as_ref().map(|h| h.value))),
        ]);
    }
    let view = RecordView {
        id: Some(p.id.value.clone()),
        facts,
        blocks: cx.description(&p.file, &p.description, &out),
        tables: vec![bia, res],
        internal_note: cx.note(&p.file, &p.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &p.file, &p.title, &view)
}

fn resource(cx: &Cx<'_>, r: &Rec<Resource>) -> Option<Output> {
    let out = page_out(r.id_str());
    let need = cx.derived.need(r.id_str());
    let mut facts = vec![fact("Art", vec![text(r.kind.title())])];
    if let Some(o) = &r.owner {
        facts.push(fact("Verantwortlich", vec![text(o.clone())]));
    }
    if let Some(p) = &r.provider {
        facts.push(fact("Betrieb", vec![text(p.clone())]));
    }
    let from = |v: &[String]| {
        if v.is_empty() {
            String::new()
        } else {
            format!(" (gefordert von {})", v.join(", "))
        }
    };
    facts.push(fact(
        "Soll-Wiederanlaufzeit",
        vec![text(
            match need.and_then(|n| n.rto.map(|h| (h, &n.rto_from))) {
                Some((h, f)) => format!("{}{}", h.german(), from(f)),
                None => "– (kein Prozess mit RTO hängt davon ab)".into(),
            },
        )],
    ));
    facts.push(fact(
        "Ist-Wiederanlaufzeit",
        vec![text(hours(r.rto_actual.as_ref().map(|h| h.value)))],
    ));
    facts.push(fact(
        "Soll-Datenverlust",
        vec![text(
            match need.and_then(|n| n.rpo.map(|h| (h, &n.rpo_from))) {
                Some((h, f)) => format!("{}{}", h.german(), from(f)),
                None => "– (kein Prozess mit RPO hängt davon ab)".into(),
            },
        )],
    ));
    facts.push(fact(
        "Ist-Datenverlust",
        vec![text(hours(r.rpo_actual.as_ref().map(|h| h.value)))],
    ));
    if let Some(e) = &r.evidence {
        facts.push(fact("Nachweis", vec![text(e.clone())]));
    }
    if let Some(dec) = &r.decision {
        facts.push(fact(
            "Entscheidung",
            vec![cx.register_link(&out, &dec.value)],
        ));
    }
    facts.push(fact(
        "Prozesse",
        links(
            cx,
            &out,
            need.map(|n| n.processes.clone()).unwrap_or_default(),
        ),
    ));
    facts.push(fact("Pläne", links(cx, &out, plans_for(cx, r.id_str()))));
    let view = RecordView {
        id: Some(r.id.value.clone()),
        facts,
        blocks: cx.description(&r.file, &r.description, &out),
        tables: vec![super::overview::gaps_table(cx, &out, Some(r.id_str()))],
        internal_note: cx.note(&r.file, &r.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &r.file, &r.title, &view)
}

fn scenario(cx: &Cx<'_>, s: &Rec<Scenario>) -> Option<Output> {
    let out = page_out(s.id_str());
    let loss: Vec<Cell> = s.loss.iter().map(|l| text(l.title())).collect();
    let facts = vec![
        fact(
            "Ausfall",
            if loss.is_empty() {
                vec![text("–")]
            } else {
                loss
            },
        ),
        fact("Gefährdungen", register_links(cx, &out, &s.threats)),
        fact("Risiken", register_links(cx, &out, &s.risks)),
        fact(
            "Betroffene Prozesse",
            links(cx, &out, s.processes.iter().map(|p| p.value.clone())),
        ),
    ];
    let mut plans = table(
        "plaene",
        "Pläne für dieses Szenario",
        "Notfallpläne, mit denen das Szenario bewältigt wird",
        &["Plan", "Art", "ausgelöst von", "wenn"],
    );
    plans.empty = "Für dieses Szenario ist noch kein Plan angegeben.".into();
    for p in &s.plans {
        let found = cx.d.plans.iter().find(|x| x.id.value == p.value);
        let act = found.and_then(|x| x.activation.as_ref());
        plans.rows.push(vec![
            cx.link(&out, &p.value),
            text(found.map_or("–", |x| x.kind.title())),
            act.map_or_else(|| text("–"), |a| cx.role_link(&out, &a.by.value)),
            text(act.map_or("–".into(), |a| a.when.clone())),
        ]);
    }
    let view = RecordView {
        id: Some(s.id.value.clone()),
        facts,
        blocks: cx.description(&s.file, &s.description, &out),
        tables: vec![plans],
        internal_note: cx.note(&s.file, &s.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &s.file, &s.title, &view)
}

/// The steps of a plan: who does what by when (also the handbook's table).
pub(super) fn steps_table(cx: &Cx<'_>, p: &Plan, from: Option<&str>) -> TableView {
    let mut t = table(
        "schritte",
        "Schritte",
        "Die Schritte des Plans in ihrer Reihenfolge",
        &[
            "Nr.",
            "Schritt",
            "Rolle",
            "besetzt durch",
            "spätestens nach",
        ],
    );
    t.empty = "Der Plan hat noch keine Schritte.".into();
    for (i, s) in p.steps.iter().enumerate() {
        let role = s.role.as_ref().map(|r| r.value.as_str());
        t.rows.push(vec![
            text((i + 1).to_string()),
            text(s.text.clone()),
            match (role, from) {
                (Some(r), Some(f)) => cx.role_link(f, r),
                (Some(r), None) => text(cx.role_title(r)),
                (None, _) => text("–"),
            },
            text(role.map_or("–".into(), |r| cx.holders(r))),
            text(hours(s.within.as_ref().map(|h| h.value))),
        ]);
    }
    t
}

fn plan(cx: &Cx<'_>, p: &Rec<Plan>) -> Option<Output> {
    let out = page_out(p.id_str());
    let title = p.value.title().to_string();
    let mut facts = vec![fact("Art", vec![text(p.kind.title())])];
    let label = match p.kind {
        PlanType::Geschaeftsfortfuehrung => "für die Prozesse",
        PlanType::Wiederanlauf | PlanType::Wiederherstellung => "für die Ressourcen",
        _ => "für",
    };
    facts.push(fact(
        label,
        links(cx, &out, p.for_.iter().map(|f| f.value.clone())),
    ));
    if let Some(a) = &p.activation {
        facts.push(fact("ausgelöst von", vec![cx.role_link(&out, &a.by.value)]));
        facts.push(fact("ausgelöst, wenn", vec![text(a.when.clone())]));
    }
    facts.push(fact(
        "Szenarien",
        links(
            cx,
            &out,
            scenarios_with(cx, |s| s.plans.iter().any(|x| x.value == p.id.value)),
        ),
    ));
    facts.push(fact(
        "überprüft",
        vec![text(
            p.reviewed.as_ref().map_or("–".into(), |d| d.value.german()),
        )],
    ));
    let ex: Vec<String> =
        cx.d.exercises
            .iter()
            .filter(|e| e.covers.iter().any(|c| c.value == p.id.value))
            .map(|e| e.id.value.clone())
            .collect();
    facts.push(fact("Übungen", links(cx, &out, ex)));
    let due = cx.derived.plan_due.get(&p.id.value).copied().flatten();
    facts.push(fact(
        "nächste Übung oder Überprüfung fällig",
        vec![text(match due {
            Some(d) if d < cx.env.build_date => format!("{} (überfällig)", d.german()),
            Some(d) => d.german(),
            None => "jetzt".into(),
        })],
    ));
    let view = RecordView {
        id: Some(p.id.value.clone()),
        facts,
        blocks: cx.description(&p.file, &p.description, &out),
        tables: vec![steps_table(cx, p, Some(&out))],
        internal_note: cx.note(&p.file, &p.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &p.file, &title, &view)
}

fn exercise(cx: &Cx<'_>, e: &Rec<Exercise>) -> Option<Output> {
    let out = page_out(e.id_str());
    let facts = vec![
        fact("Art", vec![text(e.kind.title())]),
        fact(
            "geplant",
            vec![text(
                e.planned.as_ref().map_or("–".into(), |d| d.value.german()),
            )],
        ),
        fact(
            "durchgeführt",
            vec![text(
                e.done
                    .as_ref()
                    .map_or("noch nicht".into(), |d| d.value.german()),
            )],
        ),
        fact(
            "geübte Pläne",
            links(cx, &out, e.covers.iter().map(|c| c.value.clone())),
        ),
    ];
    let mut f = table(
        "erkenntnisse",
        "Erkenntnisse",
        "Erkenntnisse der Übung und die Maßnahmen, die daraus folgen",
        &["Erkenntnis", "Maßnahme"],
    );
    f.empty = "Keine Erkenntnisse festgehalten.".into();
    for x in &e.findings {
        f.rows.push(vec![
            text(x.text.clone()),
            x.measure
                .as_ref()
                .map_or_else(|| text("–"), |m| cx.register_link(&out, &m.value)),
        ]);
    }
    let title = e.value.title().to_string();
    let view = RecordView {
        id: Some(e.id.value.clone()),
        facts,
        blocks: cx.description(&e.file, &e.description, &out),
        tables: vec![f],
        internal_note: cx.note(&e.file, &e.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &e.file, &title, &view)
}
