//! Perspectives and threats: the reference lists the risks point to.

use super::*;

pub(super) fn perspectives_index(cx: &Ctx<'_>) -> Option<Output> {
    let env = cx.env;
    let out = format!("{}/index.html", cx.seg.perspectives);
    let rows = env
        .data
        .perspectives
        .iter()
        .map(|p| {
            let n = env
                .data
                .risks
                .iter()
                .filter(|r| {
                    r.perspective
                        .as_ref()
                        .is_some_and(|x| x.value == p.id.value)
                })
                .count();
            vec![
                Cell::link(
                    p.title.clone(),
                    env.url(&out, &record_out(cx.seg.perspectives, p.id_str())),
                ),
                Cell::text(crate::format::percent_value(p.weight.value)).class("num"),
                Cell::text(p.requirements.len().to_string()).class("num"),
                Cell::text(n.to_string()).class("num"),
            ]
        })
        .collect();
    let view = RecordView {
        blocks: vec![Block {
            heading: None,
            id: None,
            html: "<p>Der Masterplan betrachtet jedes Vorhaben aus vier gewichteten Perspektiven. Die Gewichte gehen in die Nutzwertanalysen der Entscheidungen ein.</p>".into(),
            class: None,
        }],
        tables: vec![TableView {
            id: "perspektiven".into(),
            heading: None,
            caption: "Perspektiven mit Gewicht, Anforderungen und Risiken".into(),
            columns: vec![col("Perspektive"), numcol("Gewicht"), numcol("Anforderungen"), numcol("Risiken")],
            rows,
            interactive: false,
            empty: String::new(),
        }],
        ..Default::default()
    };
    cx.page(
        &out,
        &PathBuf::from("content/data/perspectives.yaml"),
        "Perspektiven",
        &view,
    )
}

pub(super) fn perspective_page(
    cx: &Ctx<'_>,
    p: &Rec<crate::model::risk::Perspective>,
) -> Option<Output> {
    let out = record_out(cx.seg.perspectives, p.id_str());
    let facts = vec![Fact {
        label: "Gewicht".into(),
        cells: vec![Cell::text(crate::format::percent_value(p.weight.value))],
    }];
    let mut blocks = Vec::new();
    if let Some(s) = &p.summary {
        blocks.push(Block {
            heading: Some("Worum es geht".into()),
            id: Some("zusammenfassung".into()),
            html: cx.md(&p.file, s, &out, "zusammenfassung-"),
            class: Some("prose".into()),
        });
    }
    if !p.requirements.is_empty() {
        let mut html = String::new();
        for r in &p.requirements {
            let anchor = format!("anforderung-{}", slugify(&r.id.value));
            html.push_str(&format!(
                "<h3 id=\"{anchor}\">{} {}</h3>\n",
                esc(&r.id.value),
                esc(&r.title)
            ));
            if let Some(t) = &r.text {
                html.push_str(&cx.md(&p.file, t, &out, &format!("{anchor}-")));
            }
        }
        blocks.push(Block {
            heading: Some("Anforderungen".into()),
            id: Some("anforderungen".into()),
            html,
            class: Some("prose".into()),
        });
    }
    let table = risks_table(
        cx,
        &out,
        |r| {
            r.perspective
                .as_ref()
                .is_some_and(|x| x.value == p.id.value)
        },
        "Risiken dieser Perspektive",
        format!("Risiken der {}", p.title),
        false,
    );
    let view = RecordView {
        id: Some(p.id.value.clone()),
        facts,
        blocks,
        tables: vec![table],
        internal_note: cx.note(&p.file, &p.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &p.file, &p.title, &view)
}

pub(super) fn threats_index(cx: &Ctx<'_>) -> Option<Output> {
    let env = cx.env;
    let out = format!("{}/index.html", cx.seg.threats);
    let rows = env
        .data
        .threats
        .iter()
        .map(|t| {
            let n = env
                .data
                .risks
                .iter()
                .filter(|r| r.threats.iter().any(|x| x.value == t.id.value))
                .count();
            vec![
                Cell::id_link(
                    t.id.value.clone(),
                    env.url(&out, &record_out(cx.seg.threats, t.id_str())),
                ),
                Cell::text(t.title.clone()),
                Cell::text(n.to_string()).class("num"),
            ]
        })
        .collect();
    let view = RecordView {
        tables: vec![TableView {
            id: "gefaehrdungen".into(),
            heading: None,
            caption: "Elementare Gefährdungen (IT-Grundschutz-Kompendium) und die Zahl der Risiken"
                .into(),
            columns: vec![col("Nr."), col("Gefährdung"), numcol("Risiken")],
            rows,
            interactive: false,
            empty: String::new(),
        }],
        ..Default::default()
    };
    cx.page(
        &out,
        &PathBuf::from("content/data/threats.yaml"),
        "Gefährdungen",
        &view,
    )
}

pub(super) fn threat_page(cx: &Ctx<'_>, t: &Rec<crate::model::risk::Threat>) -> Option<Output> {
    let out = record_out(cx.seg.threats, t.id_str());
    let blocks = cx.description(&t.file, &t.description, &out);
    let table = risks_table(
        cx,
        &out,
        |r| r.threats.iter().any(|x| x.value == t.id.value),
        "Risiken aus dieser Gefährdung",
        format!("Risiken zu {}", t.id.value),
        false,
    );
    let view = RecordView {
        id: Some(t.id.value.clone()),
        facts: crate::render::bcm::backlinks(cx.env, &t.id.value, &out)
            .into_iter()
            .collect(),
        blocks,
        tables: vec![table],
        internal_note: cx.note(&t.file, &t.internal_note, &out),
        ..Default::default()
    };
    cx.page(&out, &t.file, &format!("{} {}", t.id.value, t.title), &view)
}
