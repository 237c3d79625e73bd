//! The Notfallhandbuch and the Notfallkarte: each one HTML file that stands alone (styles
//! inline, no script, no image, no other file), so that it opens from a USB stick or an e-mail
//! attachment when the network is down, and prints on A4 — cover, contents, every plan on a new
//! page. Texts from records are printed as text, not Markdown: a link or image in them would
//! need another file.

use serde::Serialize;

use super::*;
use crate::model::bcm::PlanType;

pub const HANDBOOK: &str = "notfallhandbuch.html";
pub const CARD: &str = "notfallkarte.html";
const TEMPLATE: &str = "notfallhandbuch.html";

#[derive(Serialize)]
struct HFact {
    label: String,
    text: String,
}

fn hf(label: &str, text: impl Into<String>) -> HFact {
    HFact {
        label: label.into(),
        text: text.into(),
    }
}

#[derive(Serialize)]
struct Section {
    id: String,
    title: String,
    /// Starts a new printed page.
    new_page: bool,
    facts: Vec<HFact>,
    text: Option<String>,
    tables: Vec<TableView>,
}

#[derive(Serialize)]
struct View<'a> {
    lang: &'a str,
    card: bool,
    title: String,
    municipality: &'a str,
    edition: Option<String>,
    stand: String,
    scope: String,
    stage: &'static str,
    owner: Option<String>,
    intro: Option<String>,
    sections: Vec<Section>,
}

pub(super) fn files(cx: &Cx<'_>) -> Vec<Option<Output>> {
    vec![handbook(cx), card(cx)]
}

fn view<'a>(cx: &'a Cx<'_>, card: bool, sections: Vec<Section>) -> View<'a> {
    let s = &cx.settings;
    let cfg = &cx.env.site.config;
    View {
        lang: cfg.language.code(),
        card,
        title: if card {
            "Notfallkarte".into()
        } else {
            "Notfallhandbuch".into()
        },
        municipality: &cfg.municipality,
        edition: s.edition.clone(),
        stand: cx.env.build_date.german(),
        scope: s.scope.clone(),
        stage: s.stage.title(),
        owner: s.owner.clone(),
        intro: s.description.as_ref().map(|d| d.value.clone()),
        sections,
    }
}

fn write(cx: &Cx<'_>, name: &str, v: &View<'_>) -> Option<Output> {
    let file = settings_file(cx);
    super::super::render_template(cx.env.templates, TEMPLATE, v, &file, cx.diags).map(|bytes| {
        Output {
            path: format!("{SECTION}/{name}"),
            bytes,
            origin: crate::files::Origin::generated(crate::msg!(
                "das erzeugte {}",
                "the generated {}";
                v.title
            )),
        }
    })
}

fn plan_section(cx: &Cx<'_>, p: &Rec<crate::model::bcm::Plan>) -> Section {
    let mut facts = vec![hf("Art", p.kind.title())];
    if !p.for_.is_empty() {
        let names: Vec<String> = p
            .for_
            .iter()
            .map(|f| match cx.link("", &f.value) {
                c if c.url.is_some() => c.text,
                _ => f.value.clone(),
            })
            .collect();
        facts.push(hf("für", names.join("; ")));
    }
    if let Some(a) = &p.activation {
        facts.push(hf(
            "ausgelöst von",
            format!(
                "{} ({})",
                cx.role_title(&a.by.value),
                cx.holders(&a.by.value)
            ),
        ));
        facts.push(hf("ausgelöst, wenn", a.when.clone()));
    }
    if let Some(r) = &p.reviewed {
        facts.push(hf("überprüft", r.value.german()));
    }
    let mut steps = super::records::steps_table(cx, p, None);
    steps.id = format!("schritte-{}", crate::slug::slugify(p.id_str()));
    steps.heading = None;
    Section {
        id: format!("plan-{}", crate::slug::slugify(p.id_str())),
        title: format!("{} {}", p.id_str(), p.value.title()),
        new_page: true,
        facts,
        text: p.description.as_ref().map(|d| d.value.clone()),
        tables: vec![steps],
    }
}

fn retarget(mut t: TableView, prefix: &str) -> TableView {
    // no links in a file that must stand alone
    for row in &mut t.rows {
        for c in row {
            c.url = None;
        }
    }
    t.id = format!("{prefix}-{}", t.id);
    t.heading = None;
    t
}

fn handbook(cx: &Cx<'_>) -> Option<Output> {
    let mut sections = vec![
        Section {
            id: "organisation".into(),
            title: "Notfallorganisation: Rollen und Erreichbarkeit".into(),
            new_page: true,
            facts: Vec::new(),
            text: None,
            tables: vec![retarget(super::overview::roles_table(cx), "hb")],
        },
        Section {
            id: "alarmierung".into(),
            title: "Alarmierungskette".into(),
            new_page: false,
            facts: Vec::new(),
            text: None,
            tables: vec![retarget(super::overview::alarm_table(cx), "hb")],
        },
    ];
    for ty in PlanType::all() {
        for p in cx.d.plans.iter().filter(|p| p.kind == ty) {
            sections.push(plan_section(cx, p));
        }
    }
    sections.push(Section {
        id: "bia".into(),
        title: "Anhang: Business-Impact-Analyse".into(),
        new_page: true,
        facts: vec![hf(
            "zeitkritisch",
            format!(
                "maximal tolerierbare Ausfallzeit höchstens {}",
                cx.settings.time_critical().german()
            ),
        )],
        text: None,
        tables: vec![
            retarget(super::overview::bia_table(cx, ""), "hb"),
            retarget(super::overview::resources_table(cx, ""), "hb"),
        ],
    });
    sections.push(Section {
        id: "uebungen".into(),
        title: "Anhang: Übungsplan".into(),
        new_page: false,
        facts: Vec::new(),
        text: None,
        tables: vec![retarget(super::overview::exercises_table(cx, ""), "hb")],
    });
    write(cx, HANDBOOK, &view(cx, false, sections))
}

fn card(cx: &Cx<'_>) -> Option<Output> {
    let mut first = table(
        "karte-erste-schritte",
        "Erste Schritte",
        "Sofortmaßnahmen",
        &["Nr.", "Schritt", "Rolle", "spätestens nach"],
    );
    first.heading = None;
    first.empty = "Keine Sofortmaßnahmen festgelegt.".into();
    let steps =
        cx.d.plans
            .iter()
            .filter(|p| p.kind == PlanType::Sofortmassnahmen)
            .flat_map(|p| p.steps.iter());
    for (i, s) in steps.enumerate() {
        first.rows.push(vec![
            text((i + 1).to_string()),
            text(s.text.clone()),
            text(
                s.role
                    .as_ref()
                    .map_or("–".into(), |r| cx.role_title(&r.value)),
            ),
            text(hours(s.within.as_ref().map(|h| h.value))),
        ]);
    }
    let sections = vec![
        Section {
            id: "erste-schritte".into(),
            title: "Im Notfall zuerst".into(),
            new_page: false,
            facts: Vec::new(),
            text: None,
            tables: vec![first],
        },
        Section {
            id: "alarmierung".into(),
            title: "Alarmierungskette".into(),
            new_page: false,
            facts: Vec::new(),
            text: None,
            tables: vec![retarget(super::overview::alarm_table(cx), "karte")],
        },
        Section {
            id: "rollen".into(),
            title: "Rollen und Rufnummern".into(),
            new_page: false,
            facts: Vec::new(),
            text: None,
            tables: vec![retarget(super::overview::roles_table(cx), "karte")],
        },
    ];
    write(cx, CARD, &view(cx, true, sections))
}
