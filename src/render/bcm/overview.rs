//! `notfall/index.html`: the BIA table, required and actual recovery values of every resource,
//! the Soll-Ist gaps, scenario → plan matrix, plans with their review dates, roles with
//! deputies and holders, the alarm chain and the exercise plan; and `notfall/uebungen.ics`.

use super::*;
use crate::compute::bcm::Measure;
use crate::model::bcm::PlanType;

pub(super) fn pages(cx: &Cx<'_>) -> Vec<Option<Output>> {
    vec![overview(cx), calendar(cx)]
}

/// `level level-<id>` of the risk level at the impact's place on the scale: the colour of
/// the BIA cell is a second channel, the text names the impact.
fn impact_cell(cx: &Cx<'_>, id: &str) -> Cell {
    let m = cx.env.site.records.method();
    let imp = &m.impact.value;
    let Some(i) = imp.iter().position(|s| s.id.value == id) else {
        return text(id);
    };
    let levels = &m.levels.value;
    let mut c = text(imp[i].title.clone());
    if !levels.is_empty() {
        // spread the impact steps over the levels, lowest to lowest, highest to highest
        let li = if imp.len() > 1 {
            i * (levels.len() - 1) / (imp.len() - 1)
        } else {
            0
        };
        c.class = Some(format!(
            "level level-{}",
            crate::slug::slugify(&levels[li].id.value)
        ));
    }
    c.sort = Some(format!("{i:02}"));
    c
}

pub(super) fn bia_table(cx: &Cx<'_>, from: &str) -> TableView {
    let horizons = cx.settings.horizons();
    let mut cols: Vec<String> = vec!["Prozess".into()];
    cols.extend(horizons.iter().map(|h| h.after()));
    cols.extend(["MTA", "RTO", "RPO", "zeitkritisch"].map(String::from));
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut t = table(
        "bia",
        "Business-Impact-Analyse",
        "Schadensauswirkung je Zeithorizont, maximal tolerierbare Ausfallzeit (MTA), Wiederanlaufzeit (RTO) und maximal zulässiger Datenverlust (RPO)",
        &cols,
    );
    for p in &cx.d.processes {
        let mut row = vec![cx.link(from, p.id_str())];
        for h in &horizons {
            let v = p
                .impact
                .iter()
                .find(|(k, _)| crate::model::bcm::parse_hours(k).ok() == Some(*h));
            row.push(match v {
                Some((_, v)) => impact_cell(cx, &v.value),
                None => text("–"),
            });
        }
        row.push(hours_cell(Some(p.mtpd.value)));
        row.push(hours_cell(p.rto.as_ref().map(|h| h.value)));
        row.push(hours_cell(p.rpo.as_ref().map(|h| h.value)));
        let critical = cx.derived.time_critical.contains(&p.id.value);
        row.push(text(if critical { "ja" } else { "nein" }));
        t.rows.push(row);
    }
    t
}

pub(super) fn resources_table(cx: &Cx<'_>, from: &str) -> TableView {
    let mut t = table(
        "ressourcen",
        "Ressourcen: Soll und Ist",
        "Soll-Werte aus den abhängigen Prozessen (kürzeste RTO und RPO), Ist-Werte mit Nachweis",
        &[
            "Ressource",
            "Art",
            "Soll-RTO",
            "Ist-RTO",
            "Soll-RPO",
            "Ist-RPO",
            "Abgleich",
        ],
    );
    for r in &cx.d.resources {
        let need = cx.derived.need(r.id_str());
        let gaps = cx
            .derived
            .gaps
            .iter()
            .filter(|g| g.resource == r.id.value)
            .count();
        let state = match (need, gaps) {
            (None, _) => "kein Prozess hängt davon ab",
            (Some(_), 0) => "erfüllt",
            (Some(_), 1) => "1 Lücke",
            (Some(_), _) => "2 Lücken",
        };
        t.rows.push(vec![
            cx.link(from, r.id_str()),
            text(r.kind.title()),
            hours_cell(need.and_then(|n| n.rto)),
            hours_cell(r.rto_actual.as_ref().map(|h| h.value)),
            hours_cell(need.and_then(|n| n.rpo)),
            hours_cell(r.rpo_actual.as_ref().map(|h| h.value)),
            text(state),
        ]);
    }
    t
}

pub(super) fn gaps_table(cx: &Cx<'_>, from: &str, only: Option<&str>) -> TableView {
    let mut t = table(
        "luecken",
        "Soll-Ist-Abgleich: Lücken",
        "Ressourcen, die den geforderten Wiederanlauf oder Datenverlust nicht erreichen oder nicht nachweisen",
        &["Ressource", "Wert", "Soll", "Ist", "gefordert von"],
    );
    t.empty = "Keine Lücken: Jede Ressource erreicht die Werte, die ihre Prozesse fordern.".into();
    for g in cx
        .derived
        .gaps
        .iter()
        .filter(|g| only.is_none_or(|o| o == g.resource))
    {
        let from_ids: Vec<String> = g.from.clone();
        t.rows.push(vec![
            cx.link(from, &g.resource),
            text(match g.what {
                Measure::Rto => "Wiederanlaufzeit (RTO)",
                Measure::Rpo => "Datenverlust (RPO)",
            }),
            text(g.required.german()),
            text(match g.actual {
                Some(a) => format!("{} (länger als gefordert)", a.german()),
                None => "nicht nachgewiesen".into(),
            }),
            text(from_ids.join(", ")),
        ]);
    }
    t
}

fn matrix_table(cx: &Cx<'_>, from: &str) -> TableView {
    let types = PlanType::all();
    let mut cols = vec!["Szenario"];
    cols.extend(types.iter().map(|t| t.title()));
    let mut t = table(
        "szenarien",
        "Szenarien und Pläne",
        "Welche Notfallpläne jedes Szenario bewältigen, nach Art des Plans",
        &cols,
    );
    for s in &cx.d.scenarios {
        let mut row = vec![cx.link(from, s.id_str())];
        for ty in types {
            let ids: Vec<&str> = s
                .plans
                .iter()
                .filter(|p| {
                    cx.d.plans
                        .iter()
                        .any(|x| x.id.value == p.value && x.kind == ty)
                })
                .map(|p| p.value.as_str())
                .collect();
            row.push(match ids.as_slice() {
                [] => text("–"),
                [one] => link(*one, cx.env.url(from, &page_out(one))),
                many => text(many.join(", ")),
            });
        }
        t.rows.push(row);
    }
    t
}

fn plans_table(cx: &Cx<'_>, from: &str) -> TableView {
    let mut t = table(
        "plaene",
        "Notfallpläne",
        "Notfallpläne mit letzter Übung oder Überprüfung und nächster Fälligkeit",
        &["Plan", "Art", "für", "zuletzt geübt", "überprüft", "fällig"],
    );
    let today = cx.env.build_date;
    for p in &cx.d.plans {
        let last = cx
            .derived
            .exercised
            .get(&p.id.value)
            .and_then(|v| v.last())
            .map_or_else(|| "nie".into(), |d| d.german());
        let due = cx.derived.plan_due.get(&p.id.value).copied().flatten();
        let due = match due {
            Some(d) if d < today => format!("{} (überfällig)", d.german()),
            Some(d) => d.german(),
            None => "jetzt (nie geübt oder überprüft)".into(),
        };
        let fors: Vec<&str> = p.for_.iter().map(|f| f.value.as_str()).collect();
        t.rows.push(vec![
            cx.link(from, p.id_str()),
            text(p.kind.title()),
            text(if fors.is_empty() {
                "–".into()
            } else {
                fors.join(", ")
            }),
            text(last),
            text(p.reviewed.as_ref().map_or("–".into(), |d| d.value.german())),
            text(due),
        ]);
    }
    t
}

pub(super) fn roles_table(cx: &Cx<'_>) -> TableView {
    let mut t = table(
        "rollen",
        "Rollen der Notfallorganisation",
        "Rollen mit Vertretungen und den Personen, die sie ausfüllen",
        &["Rolle", "Vertretung", "besetzt durch"],
    );
    for r in &cx.d.roles {
        let deps: Vec<String> = r.deputies.iter().map(|d| cx.role_title(&d.value)).collect();
        t.rows.push(vec![
            text(r.title.clone()),
            text(if deps.is_empty() {
                "–".into()
            } else {
                deps.join(", ")
            }),
            text(cx.holders(r.id_str())),
        ]);
    }
    t
}

/// The alarm chain: the steps of the alarm plans in order, with who is called.
pub(super) fn alarm_rows(cx: &Cx<'_>) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for p in
        cx.d.plans
            .iter()
            .filter(|p| p.kind == PlanType::Alarmierung)
    {
        for s in &p.steps {
            let role = s.role.as_ref().map(|r| r.value.as_str());
            out.push((
                s.text.clone(),
                role.map_or("–".into(), |r| cx.role_title(r)),
                role.map_or("–".into(), |r| cx.holders(r)),
                hours(s.within.as_ref().map(|h| h.value)),
            ));
        }
    }
    out
}

pub(super) fn alarm_table(cx: &Cx<'_>) -> TableView {
    let mut t = table(
        "alarmierung",
        "Alarmierungskette",
        "Wer in welcher Reihenfolge alarmiert wird (aus den Alarmierungsplänen)",
        &[
            "Nr.",
            "Schritt",
            "Rolle",
            "Person und Rufnummer",
            "spätestens nach",
        ],
    );
    t.empty = "Noch kein Alarmierungsplan festgelegt.".into();
    for (i, (step, role, who, within)) in alarm_rows(cx).into_iter().enumerate() {
        t.rows.push(vec![
            text((i + 1).to_string()),
            text(step),
            text(role),
            text(who),
            text(within),
        ]);
    }
    t
}

pub(super) fn exercises_table(cx: &Cx<'_>, from: &str) -> TableView {
    let mut t = table(
        "uebungen",
        "Übungsplan",
        "Geplante und durchgeführte Übungen mit den geübten Plänen und den Maßnahmen aus ihren Erkenntnissen",
        &[
            "Übung",
            "Art",
            "geplant",
            "durchgeführt",
            "Pläne",
            "Maßnahmen",
        ],
    );
    for e in &cx.d.exercises {
        let measures: Vec<&str> = e
            .findings
            .iter()
            .filter_map(|f| f.measure.as_ref().map(|m| m.value.as_str()))
            .collect();
        let covers: Vec<&str> = e.covers.iter().map(|c| c.value.as_str()).collect();
        t.rows.push(vec![
            cx.link(from, e.id_str()),
            text(e.kind.title()),
            text(e.planned.as_ref().map_or("–".into(), |d| d.value.german())),
            text(
                e.done
                    .as_ref()
                    .map_or("noch nicht".into(), |d| d.value.german()),
            ),
            text(if covers.is_empty() {
                "–".into()
            } else {
                covers.join(", ")
            }),
            text(if measures.is_empty() {
                "–".into()
            } else {
                measures.join(", ")
            }),
        ]);
    }
    t
}

fn overview(cx: &Cx<'_>) -> Option<Output> {
    let out = overview_out();
    let s = &cx.settings;
    let mut facts = vec![fact("Stufe", vec![text(s.stage.title())])];
    if !s.scope.is_empty() {
        facts.push(fact("Geltungsbereich", vec![text(s.scope.clone())]));
    }
    if let Some(o) = &s.owner {
        facts.push(fact("Verantwortlich", vec![text(o.clone())]));
    }
    facts.push(fact(
        "zeitkritisch",
        vec![text(format!(
            "maximal tolerierbare Ausfallzeit höchstens {}",
            s.time_critical().german()
        ))],
    ));
    facts.push(fact(
        "Fristen",
        vec![text(format!(
            "Pläne üben oder überprüfen alle {} Tage, Kontakte prüfen alle {} Tage",
            s.plan_review_days(),
            s.contacts_review_days()
        ))],
    ));
    facts.push(fact(
        "Zum Ausdrucken",
        vec![
            link(
                "Notfallhandbuch (eine Datei, auch ohne Netz)",
                cx.env
                    .url(&out, &format!("{SECTION}/{}", handbook::HANDBOOK)),
            ),
            link(
                "Notfallkarte (eine Seite)",
                cx.env.url(&out, &format!("{SECTION}/{}", handbook::CARD)),
            ),
            link(
                "Übungstermine als Kalender (iCalendar)",
                cx.env.url(&out, &format!("{SECTION}/{CALENDAR}")),
            ),
            link(
                "Business-Impact-Analyse und Soll-Ist-Abgleich als Daten (JSON)",
                cx.env
                    .url(&out, &format!("{SECTION}/{}", super::data::FILE)),
            ),
        ],
    ));
    let mut blocks = Vec::new();
    if let Some(b) = &cx.d.bcms {
        blocks = cx.description(&b.file, &b.description, &out);
    }
    let roles = roles_table(cx);
    // each role row is the target of `@ROLLE-…` links
    let mut appendix = Vec::new();
    if !cx.d.roles.is_empty() {
        let mut html = String::from("<ul>");
        for r in &cx.d.roles {
            html.push_str(&format!(
                "<li id=\"{}\">{}: {}</li>",
                anchor(r.id_str()),
                esc(&r.title),
                esc(&cx.holders(r.id_str()))
            ));
        }
        html.push_str("</ul>");
        appendix.push(Block {
            heading: Some("Erreichbarkeit der Rollen".into()),
            id: Some("erreichbarkeit".into()),
            html,
            class: None,
        });
    }
    let view = RecordView {
        facts,
        blocks,
        tables: vec![
            bia_table(cx, &out),
            resources_table(cx, &out),
            gaps_table(cx, &out, None),
            matrix_table(cx, &out),
            plans_table(cx, &out),
            roles,
            alarm_table(cx),
            exercises_table(cx, &out),
        ],
        appendix,
        ..Default::default()
    };
    cx.page(&out, &settings_file(cx), "Notfallmanagement", &view)
}

pub(super) fn esc(s: &str) -> String {
    crate::render::rdf::xml_text(s)
}

pub(super) const CALENDAR: &str = "uebungen.ics";

/// The planned exercises as iCalendar (RFC 5545): all-day events, stable UIDs, no timestamps
/// but the build date, so the file is deterministic.
fn calendar(cx: &Cx<'_>) -> Option<Output> {
    fn ical(s: &str) -> String {
        s.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
            .replace('\n', "\\n")
    }
    let stamp = cx.env.build_date.iso().replace('-', "");
    let mut s = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//krisenfest//Notfallmanagement//DE\r\nCALSCALE:GREGORIAN\r\n",
    );
    for e in &cx.d.exercises {
        let (Some(day), None) = (&e.planned, &e.done) else {
            continue;
        };
        let d = day.value.iso().replace('-', "");
        let next = day
            .value
            .0
            .checked_add(jiff::Span::new().days(1))
            .map_or(d.clone(), |n| {
                crate::model::common::Date(n).iso().replace('-', "")
            });
        let plans: Vec<&str> = e.covers.iter().map(|c| c.value.as_str()).collect();
        s.push_str("BEGIN:VEVENT\r\n");
        s.push_str(&format!(
            "UID:{}@krisenfest\r\nDTSTAMP:{stamp}T000000Z\r\nDTSTART;VALUE=DATE:{d}\r\nDTEND;VALUE=DATE:{next}\r\n",
            ical(e.id_str())
        ));
        s.push_str(&format!(
            "SUMMARY:{}\r\n",
            ical(&format!("{}: {}", e.kind.title(), e.value.title()))
        ));
        if !plans.is_empty() {
            s.push_str(&format!(
                "DESCRIPTION:{}\r\n",
                ical(&format!("Geübte Pläne: {}", plans.join(", ")))
            ));
        }
        s.push_str("END:VEVENT\r\n");
    }
    s.push_str("END:VCALENDAR\r\n");
    Some(Output {
        path: format!("{SECTION}/{CALENDAR}"),
        bytes: s.into_bytes(),
        origin: crate::files::Origin::generated(crate::msg!(
            "der erzeugte Übungskalender",
            "the generated exercise calendar"
        )),
    })
}
