//! The intranet page of a plan built on a baseline (design §10): what the plan changed (field,
//! baseline value → local value, reason), which baseline records do not apply, what the plan
//! adds, and — once a version is accepted — what the baseline changed since. Public outputs
//! never get it: reasons and deviations are internal working notes.

use std::path::Path;

use super::charts::escape;
use super::{Files, RenderEnv};
use crate::diagnostics::Diagnostics;
use crate::model::baseline::{BaselineInfo, Origin, RecordRef};
use crate::model::common::Audience;
use crate::urls;

/// The page's address in the output.
pub fn out(lang: crate::config::Language) -> String {
    format!("{}/index.html", urls::segments(lang).deviations)
}

/// The provenance label of the record page at `out`, in internal outputs of baseline plans.
pub fn origin_label(env: &RenderEnv<'_>, out: &str) -> String {
    let Some(info) = env.site.baseline.as_ref() else {
        return String::new();
    };
    if env.output.audience != Audience::Internal {
        return String::new();
    }
    match info.origin_by_out.get(out) {
        Some(Origin::Baseline) => env.t("origin_vorlage", "aus der Vorlage"),
        Some(Origin::Adapted) => env.t("origin_angepasst", "aus der Vorlage · lokal angepasst"),
        Some(Origin::Local) => env.t("origin_lokal", "lokal"),
        None => String::new(),
    }
}

pub fn render(env: &RenderEnv<'_>, diags: &Diagnostics) -> Files {
    let mut files = Files::new();
    let Some(info) = env.site.baseline.as_ref() else {
        return files;
    };
    if env.output.audience != Audience::Internal {
        return files;
    }
    let out = out(env.site.config.language);
    if env.site.pages.iter().any(|p| p.out == out) {
        // the plan wrote a page of its own at this address
        return files;
    }
    let html = page_html(env, info, &out);
    let toc = super::legal::toc_of(&html);
    let title = env.t("deviations_title", "Abweichungen von der Vorlage");
    files.extend(env.generated_page(
        &out,
        &title,
        &html,
        &toc,
        "page",
        Path::new("content/data/overrides.yaml"),
        diags,
    ));
    files
}

fn page_html(env: &RenderEnv<'_>, info: &BaselineInfo, out: &str) -> String {
    let t = |k: &str, d: &str| escape(&env.t(k, d));
    let mut h = String::new();
    let release = info.release.as_ref().map_or(String::new(), |r| {
        format!(" ({} {})", t("deviations_release", "Fassung"), escape(r))
    });
    h.push_str(&format!(
        "<p>{} <code>{}</code>{release}.</p>\n",
        t("deviations_intro", "Dieser Plan beruht auf der Vorlage"),
        escape(&info.path)
    ));

    h.push_str(&format!(
        "<h2 id=\"abweichungen\">{}</h2>\n",
        t("deviations_changed", "Lokal geänderte Felder")
    ));
    if info.deviations.is_empty() {
        h.push_str(&format!("<p>{}</p>\n", t("deviations_none", "Keine.")));
    } else {
        table_head(
            &mut h,
            &t("deviations_changed", "Lokal geänderte Felder"),
            &[
                t("deviations_record", "Eintrag"),
                t("deviations_field", "Feld"),
                t("deviations_baseline", "Wert der Vorlage"),
                t("deviations_local", "Lokaler Wert"),
                t("deviations_reason", "Begründung"),
            ],
        );
        for d in &info.deviations {
            let local = if d.how == "append" {
                format!(
                    "{} {}",
                    t("deviations_appended", "ergänzt:"),
                    escape(&d.local)
                )
            } else {
                escape(&d.local)
            };
            row(
                &mut h,
                &record_cell(env, &d.record, out),
                &[
                    format!("<code>{}</code>", escape(&d.field)),
                    value(&d.baseline),
                    local,
                    escape(&d.reason),
                ],
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }

    h.push_str(&format!(
        "<h2 id=\"nicht-anwendbar\">{}</h2>\n",
        t(
            "deviations_not_applicable",
            "Nicht anwendbare Einträge der Vorlage"
        )
    ));
    if info.not_applicable.is_empty() {
        h.push_str(&format!("<p>{}</p>\n", t("deviations_none", "Keine.")));
    } else {
        table_head(
            &mut h,
            &t(
                "deviations_not_applicable",
                "Nicht anwendbare Einträge der Vorlage",
            ),
            &[
                t("deviations_record", "Eintrag"),
                t("deviations_reason", "Begründung"),
            ],
        );
        for (r, reason) in &info.not_applicable {
            // the record is not in this plan: no link
            let cell = format!("<code>{}</code> {}", escape(&r.id), escape(&r.title));
            row(&mut h, &cell, &[escape(reason)]);
        }
        h.push_str("</tbody>\n</table>\n");
    }

    h.push_str(&format!(
        "<h2 id=\"lokal\">{}</h2>\n",
        t("deviations_additions", "Lokale Ergänzungen")
    ));
    list(&mut h, env, &info.additions, out, true);

    h.push_str(&format!(
        "<h2 id=\"vorlage-geaendert\">{}</h2>\n",
        t(
            "deviations_baseline_changes",
            "Änderungen der Vorlage seit der Übernahme"
        )
    ));
    match &info.accepted_version {
        None => h.push_str(&format!(
            "<p>{}</p>\n",
            t(
                "deviations_unlocked",
                "Noch keine Version der Vorlage übernommen: „krisenfest baseline accept“ hält den Stand fest, spätere Änderungen der Vorlage stehen dann hier."
            )
        )),
        Some(v) if *v == info.version => h.push_str(&format!(
            "<p>{} <code>{}</code>.</p>\n",
            t("deviations_unchanged", "Die Vorlage ist unverändert seit der Übernahme, Version"),
            escape(v)
        )),
        Some(v) => {
            h.push_str(&format!(
                "<p>{} <code>{}</code>, {} <code>{}</code>.</p>\n",
                t("deviations_accepted", "Übernommen: Version"),
                escape(v),
                t("deviations_now", "jetzt"),
                escape(&info.version)
            ));
            conflicts(&mut h, env, info, out);
            h.push_str(&format!(
                "<h3>{}</h3>\n",
                t("deviations_new", "Neue Einträge der Vorlage")
            ));
            list(&mut h, env, &info.new_records, out, true);
            h.push_str(&format!(
                "<h3>{}</h3>\n",
                t("deviations_removed", "Entfernte Einträge der Vorlage")
            ));
            list(&mut h, env, &info.removed_records, out, false);
        }
    }
    h
}

fn conflicts(h: &mut String, env: &RenderEnv<'_>, info: &BaselineInfo, out: &str) {
    let t = |k: &str, d: &str| escape(&env.t(k, d));
    let title = t(
        "deviations_conflicts",
        "Konflikte: lokal geänderte Felder, die die Vorlage geändert hat",
    );
    h.push_str(&format!("<h3>{title}</h3>\n"));
    if info.conflicts.is_empty() {
        h.push_str(&format!("<p>{}</p>\n", t("deviations_none", "Keine.")));
        return;
    }
    table_head(
        h,
        &title,
        &[
            t("deviations_record", "Eintrag"),
            t("deviations_field", "Feld"),
            t("deviations_then", "Vorlage bei der Übernahme"),
            t("deviations_baseline_now", "Vorlage jetzt"),
            t("deviations_local", "Lokaler Wert"),
            t("deviations_reason", "Begründung"),
        ],
    );
    for c in &info.conflicts {
        row(
            h,
            &record_cell(env, &c.record, out),
            &[
                format!("<code>{}</code>", escape(&c.field)),
                value(&c.accepted),
                value(&c.now),
                value(&c.local),
                escape(&c.reason),
            ],
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn value(v: &str) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        escape(v)
    }
}

fn table_head(h: &mut String, caption: &str, cols: &[String]) {
    h.push_str("<table>\n");
    h.push_str(&format!("<caption>{caption}</caption>\n<thead><tr>"));
    for c in cols {
        h.push_str(&format!("<th scope=\"col\">{c}</th>"));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
}

fn row(h: &mut String, head: &str, cells: &[String]) {
    h.push_str(&format!("<tr><th scope=\"row\">{head}</th>"));
    for c in cells {
        h.push_str(&format!("<td>{c}</td>"));
    }
    h.push_str("</tr>\n");
}

/// The record's id and title, linked to its page when it has one in this output.
fn record_cell(env: &RenderEnv<'_>, r: &RecordRef, out: &str) -> String {
    let text = format!("<code>{}</code> {}", escape(&r.id), escape(&r.title));
    match record_url(env, r, out) {
        Some(u) => format!("<a href=\"{}\">{text}</a>", escape(&u)),
        None => text,
    }
}

fn record_url(env: &RenderEnv<'_>, r: &RecordRef, out: &str) -> Option<String> {
    let seg = urls::segments(env.site.config.language).of_kind(&r.kind)?;
    let target = urls::record_out(seg, &r.id);
    env.site
        .baseline
        .as_ref()
        .is_some_and(|b| b.origin_by_out.contains_key(&target))
        .then(|| env.url(out, &target))
}

fn list(h: &mut String, env: &RenderEnv<'_>, v: &[RecordRef], out: &str, link: bool) {
    if v.is_empty() {
        h.push_str(&format!(
            "<p>{}</p>\n",
            escape(&env.t("deviations_none", "Keine."))
        ));
        return;
    }
    h.push_str("<ul>\n");
    for r in v {
        let cell = if link {
            record_cell(env, r, out)
        } else {
            format!("<code>{}</code> {}", escape(&r.id), escape(&r.title))
        };
        h.push_str(&format!("<li>{cell}</li>\n"));
    }
    h.push_str("</ul>\n");
}
