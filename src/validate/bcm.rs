//! Rules of emergency management (BSI 200-4): references between processes, resources,
//! scenarios, roles, contacts, plans and exercises; the BIA grid against the method's impact
//! scale and the horizons of `bcms.yaml`; RTO below MTPD; and the reviews that are due.

use std::path::Path;

use serde_saphyr::Spanned;

use super::Reference;
use crate::compute::bcm as calc;
use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos};
use crate::model::bcm::{BcmData, Bcms, Hours, PlanType, parse_hours};
use crate::model::common::{Audience, Date, span_pos};
use crate::model::records::{Failed, Rec, parse_kind};
use crate::model::{DataFile, Site};
use crate::msg;

fn pos<T>(s: &Spanned<T>, text: &str) -> Pos {
    span_pos(s, text.chars().count().max(1), 0)
}

fn hpos(s: &Spanned<Hours>) -> Pos {
    // the value as written is not kept; its short form has the usual length
    span_pos(s, s.value.short().chars().count(), 0)
}

/// Reads every emergency-management kind; `bcms.yaml` is one mapping.
pub fn parse(data: &[DataFile], diags: &Diagnostics, failed: &Failed) -> BcmData {
    let mut bcms: Vec<Rec<Bcms>> = Vec::new();
    for f in data.iter().filter(|f| f.kind == "bcms") {
        let first = f
            .text
            .lines()
            .map(str::trim_start)
            .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---");
        if first.is_some_and(|l| l.starts_with('-') || l.starts_with('[')) {
            diags.push(
                Diagnostic::error(msg!(
                    "`bcms.yaml` enthält eine Liste, erwartet wird eine Zuordnung",
                    "`bcms.yaml` holds a list, a mapping is expected"
                ))
                .in_file(&f.file)
                .hint(msg!(
                    "Schreiben Sie die Einstellungen ohne `-` am Zeilenanfang: `stage: reaktiv`, `scope: …`, `horizons: [4h, 1d, 3d]`",
                    "write the settings without a leading `-`: `stage: reaktiv`, `scope: …`, `horizons: [4h, 1d, 3d]`"
                )),
            );
            continue;
        }
        bcms.extend(parse_kind(std::slice::from_ref(f), "bcms", diags, failed));
    }
    if bcms.len() > 1 {
        let first = bcms[0].file.display().to_string();
        diags.push(
            Diagnostic::error(msg!(
                "es gibt mehr als eine Datei mit den Einstellungen des Notfallmanagements",
                "there is more than one file with the emergency-management settings"
            ))
            .in_file(&bcms[1].file)
            .hint(msg!(
                "Behalten Sie nur `content/data/bcms.yaml`; die erste Datei ist `{first}`",
                "keep only `content/data/bcms.yaml`; the first file is `{first}`"
            )),
        );
    }
    BcmData {
        bcms: bcms.into_iter().next(),
        processes: parse_kind(data, "processes", diags, failed),
        resources: parse_kind(data, "resources", diags, failed),
        scenarios: parse_kind(data, "scenarios", diags, failed),
        roles: parse_kind(data, "roles", diags, failed),
        contacts: parse_kind(data, "contacts", diags, failed),
        plans: parse_kind(data, "plans", diags, failed),
        exercises: parse_kind(data, "exercises", diags, failed),
    }
}

struct Refs<'a> {
    refs: &'a mut Vec<Reference>,
}

impl Refs<'_> {
    /// Emergency-management pages exist only in internal outputs, and the public summary shows
    /// no reference: every reference counts as made from inside.
    fn add(
        &mut self,
        file: &Path,
        _from: Audience,
        v: &Spanned<String>,
        kinds: &'static [&'static str],
        what: &'static str,
    ) {
        self.refs.push(Reference {
            file: file.to_path_buf(),
            pos: pos(v, &v.value),
            from: Audience::Internal,
            target: v.value.clone(),
            kinds,
            what,
        });
    }
}

/// Column of `key` on line `line` (1-based) of `file`, for errors at a map key.
fn key_pos(site: &Site, file: &Path, line: usize, key: &str) -> Pos {
    let col = site
        .data
        .iter()
        .find(|f| f.file == file)
        .and_then(|f| f.text.lines().nth(line.saturating_sub(1)))
        .and_then(|l| l.find(key).map(|b| l[..b].chars().count() + 1))
        .unwrap_or(1);
    Pos::new(line, col, key.chars().count().max(1))
}

fn list(hs: &[Hours]) -> String {
    hs.iter().map(|h| h.short()).collect::<Vec<_>>().join(", ")
}

pub fn validate(site: &Site, build_date: Date, refs: &mut Vec<Reference>, diags: &Diagnostics) {
    let d = &site.records.bcm;
    if d.is_empty() && d.contacts.is_empty() {
        return;
    }
    let default = site.config.default_audience;
    let settings = d.settings();
    let mut r = Refs { refs };
    if let Some(b) = &d.bcms {
        settings_rules(b, diags);
    }
    let horizons = settings.horizons();
    let method = site.records.method();
    let impacts: Vec<&str> = method
        .impact
        .value
        .iter()
        .map(|s| s.id.value.as_str())
        .collect();

    for p in &d.processes {
        let a = p.audience_or(default);
        for dep in &p.depends_on {
            r.add(&p.file, a, dep, &["resource"], "resource");
        }
        for (key, v) in &p.impact {
            let line = v.referenced.line() as usize;
            match parse_hours(key) {
                Err(m) => diags.push(
                    Diagnostic::error(m)
                        .at(&p.file, key_pos(site, &p.file, line, key))
                        .hint(msg!(
                            "Die Schlüssel unter `impact` sind Zeithorizonte aus `horizons` in bcms.yaml: {}",
                            "the keys under `impact` are horizons from `horizons` in bcms.yaml: {}";
                            list(&horizons)
                        )),
                ),
                Ok(h) if !horizons.contains(&h) => diags.push(
                    Diagnostic::error(msg!(
                        "der Zeithorizont `{key}` gehört nicht zu den Zeithorizonten der Business-Impact-Analyse",
                        "horizon `{key}` is not one of the horizons of the business impact analysis"
                    ))
                    .at(&p.file, key_pos(site, &p.file, line, key))
                    .label(msg!("erwartet wird einer von: {}", "expected one of: {}"; list(&horizons)))
                    .hint(msg!(
                        "Verwenden Sie einen Zeithorizont aus `horizons` in content/data/bcms.yaml, oder ergänzen Sie ihn dort",
                        "use a horizon from `horizons` in content/data/bcms.yaml, or add it there"
                    )),
                ),
                Ok(_) => {}
            }
            if !impacts.contains(&v.value.as_str()) {
                let mut e = Diagnostic::error(msg!(
                    "unbekannte Auswirkung `{}`",
                    "unknown impact `{}`";
                    v.value
                ))
                .at(&p.file, pos(v, &v.value))
                .label(msg!(
                    "erwartet wird einer dieser Werte: {}",
                    "expected one of: {}";
                    impacts.join(", ")
                ));
                if let Some(h) = super::did_you_mean(&v.value, impacts.iter().copied()) {
                    e = e.hint(h);
                }
                diags.push(e);
            }
        }
        if let Some(rto) = &p.rto
            && rto.value >= p.mtpd.value
        {
            let (rto_de, mtpd_de) = (rto.value.german(), p.mtpd.value.german());
            diags.push(
                Diagnostic::error(msg!(
                    "die Wiederanlaufzeit `rto` ({rto_de}) liegt nicht unter der maximal tolerierbaren Ausfallzeit `mtpd` ({mtpd_de})",
                    "`rto` ({rto_de}) is not below `mtpd` ({mtpd_de})"
                ))
                .at(&p.file, hpos(rto))
                .hint(msg!(
                    "Der Prozess muss wieder anlaufen, bevor der Schaden untragbar wird: wählen Sie `rto` kürzer als `mtpd`",
                    "the process must restart before the damage becomes intolerable: make `rto` shorter than `mtpd`"
                )),
            );
        }
    }

    for res in &d.resources {
        if let Some(dec) = &res.decision {
            let a = res.audience_or(default);
            r.add(
                &res.file,
                a,
                dec,
                &["evaluation", "provisioning"],
                "decision",
            );
        }
    }

    for s in &d.scenarios {
        let a = s.audience_or(default);
        for t in &s.threats {
            r.add(&s.file, a, t, &["threat"], "threat");
        }
        for x in &s.risks {
            r.add(&s.file, a, x, &["risk"], "risk");
        }
        for x in &s.processes {
            r.add(&s.file, a, x, &["process"], "process");
        }
        for x in &s.plans {
            r.add(&s.file, a, x, &["plan"], "plan");
        }
        if s.plans.is_empty() {
            diags.push(
                Diagnostic::warning(msg!(
                    "für das Szenario `{}` ist kein Notfallplan angegeben",
                    "scenario `{}` has no plan";
                    s.id.value
                ))
                .at(&s.file, s.id_pos())
                .hint(msg!(
                    "Tragen Sie unter `plans: [GFP-…]` die Pläne ein, mit denen das Szenario bewältigt wird",
                    "list the plans that answer the scenario under `plans: [GFP-…]`"
                )),
            );
        }
    }

    for role in &d.roles {
        let a = role.audience_or(default);
        for dep in &role.deputies {
            r.add(&role.file, a, dep, &["role"], "role");
            if dep.value == role.id.value {
                diags.push(
                    Diagnostic::error(msg!(
                        "die Rolle `{}` ist als ihre eigene Vertretung eingetragen",
                        "role `{}` is listed as its own deputy";
                        dep.value
                    ))
                    .at(&role.file, pos(dep, &dep.value))
                    .hint(msg!(
                        "Eine Vertretung ist eine andere Rolle: tragen Sie unter `deputies` deren id ein",
                        "a deputy is another role: put its id under `deputies`"
                    )),
                );
            }
        }
    }

    let contact_days = settings.contacts_review_days();
    for c in &d.contacts {
        r.add(&c.file, Audience::Internal, &c.role, &["role"], "role");
        let due = calc::contact_due(c.verified.as_ref().map(|v| v.value), contact_days);
        let overdue = due.is_none_or(|due| due < build_date);
        if overdue {
            let (name, role) = (&c.name, &c.role.value);
            let at = c
                .verified
                .as_ref()
                .map_or_else(|| pos(&c.role, role), |v| pos(v, &v.value.iso()));
            diags.push(
                Diagnostic::warning(match &c.verified {
                    Some(v) => msg!(
                        "der Kontakt „{name}“ ({role}) wurde zuletzt am {} geprüft, vor mehr als {contact_days} Tagen",
                        "contact „{name}“ ({role}) was last verified on {}, more than {contact_days} days ago";
                        v.value.german()
                    ),
                    None => msg!(
                        "der Kontakt „{name}“ ({role}) ist nicht als geprüft vermerkt",
                        "contact „{name}“ ({role}) is not marked as verified"
                    ),
                })
                .at(&c.file, at)
                .hint(msg!(
                    "Prüfen Sie Name und Rufnummern und tragen Sie das Datum unter `verified` ein (Frist: `contacts_review_days` in bcms.yaml)",
                    "check name and numbers and put the date under `verified` (period: `contacts_review_days` in bcms.yaml)"
                )),
            );
        }
    }

    let derived = calc::derive(d);
    let plan_days = settings.plan_review_days();
    for p in &d.plans {
        let a = p.audience_or(default);
        let kinds: &'static [&'static str] = match p.kind {
            PlanType::Geschaeftsfortfuehrung => &["process"],
            PlanType::Wiederanlauf | PlanType::Wiederherstellung => &["resource"],
            _ => &["process", "resource", "scenario"],
        };
        let what = match p.kind {
            PlanType::Geschaeftsfortfuehrung => "process",
            PlanType::Wiederanlauf | PlanType::Wiederherstellung => "resource",
            _ => "record",
        };
        for f in &p.for_ {
            r.add(&p.file, a, f, kinds, what);
        }
        if let Some(act) = &p.activation {
            r.add(&p.file, a, &act.by, &["role"], "role");
        }
        for s in &p.steps {
            if let Some(role) = &s.role {
                r.add(&p.file, a, role, &["role"], "role");
            }
        }
        let due = derived.plan_due.get(&p.id.value).copied().flatten();
        if due.is_none_or(|due| due < build_date) {
            let id = &p.id.value;
            let at = p
                .reviewed
                .as_ref()
                .map_or_else(|| p.id_pos(), |v| pos(v, &v.value.iso()));
            diags.push(
                Diagnostic::warning(match due {
                    Some(due) => msg!(
                        "der Notfallplan `{id}` ist seit dem {} weder geübt noch überprüft worden",
                        "plan `{id}` has been neither exercised nor reviewed since {}";
                        due.german()
                    ),
                    None => msg!(
                        "der Notfallplan `{id}` ist noch nie geübt oder überprüft worden",
                        "plan `{id}` has never been exercised or reviewed"
                    ),
                })
                .at(&p.file, at)
                .hint(msg!(
                    "Üben Sie den Plan (`exercises` mit `covers: [{id}]` und `done`) oder überprüfen Sie ihn und tragen Sie das Datum unter `reviewed` ein; die Frist ist `plan_review_days` ({plan_days} Tage)",
                    "exercise the plan (`exercises` with `covers: [{id}]` and `done`) or review it and put the date under `reviewed`; the period is `plan_review_days` ({plan_days} days)"
                )),
            );
        }
    }
    for p in &d.processes {
        if derived.time_critical.contains(&p.id.value) && !calc::has_continuity_plan(d, &p.id.value)
        {
            let (id, mtpd) = (&p.id.value, p.mtpd.value.german());
            diags.push(
                Diagnostic::warning(msg!(
                    "der zeitkritische Geschäftsprozess `{id}` (maximal tolerierbare Ausfallzeit {mtpd}) hat keinen Geschäftsfortführungsplan",
                    "time-critical process `{id}` (mtpd {mtpd}) has no continuity plan"
                ))
                .at(&p.file, p.id_pos())
                .hint(msg!(
                    "Legen Sie einen Plan mit `type: geschaeftsfortfuehrung` und `for: [{id}]` an",
                    "add a plan with `type: geschaeftsfortfuehrung` and `for: [{id}]`"
                )),
            );
        }
    }

    for e in &d.exercises {
        let a = e.audience_or(default);
        for c in &e.covers {
            r.add(&e.file, a, c, &["plan"], "plan");
        }
        for f in &e.findings {
            if let Some(m) = &f.measure {
                r.add(&e.file, a, m, &["measure"], "measure");
            }
        }
        if e.planned.is_none() && e.done.is_none() {
            diags.push(
                Diagnostic::error(msg!(
                    "die Übung `{}` hat weder `planned` noch `done`",
                    "exercise `{}` has neither `planned` nor `done`";
                    e.id.value
                ))
                .at(&e.file, e.id_pos())
                .hint(msg!(
                    "Tragen Sie das geplante Datum unter `planned` ein, nach der Übung das Datum unter `done`",
                    "put the planned day under `planned`, after the exercise the day under `done`"
                )),
            );
        }
        if let Some(done) = &e.done
            && done.value > build_date
        {
            diags.push(
                Diagnostic::error(msg!(
                    "`done` ist der {}, also nach dem Tag des Builds ({})",
                    "`done` is {}, after the day of the build ({})";
                    done.value.german(),
                    build_date.german()
                ))
                .at(&e.file, pos(done, &done.value.iso()))
                .hint(msg!(
                    "`done` ist der Tag, an dem geübt wurde; ein Termin in der Zukunft gehört unter `planned`",
                    "`done` is the day of the exercise; a day still to come goes under `planned`"
                )),
            );
        }
    }
}

fn settings_rules(b: &Rec<Bcms>, diags: &Diagnostics) {
    for (key, v) in [
        ("plan_review_days", &b.plan_review_days),
        ("contacts_review_days", &b.contacts_review_days),
    ] {
        if let Some(v) = v {
            crate::model::bounds::REVIEW_DAYS.check_int(v, key, &b.file, diags);
        }
    }
    let mut seen: Vec<Hours> = Vec::new();
    for h in &b.horizons {
        if seen.contains(&h.value) {
            diags.push(
                Diagnostic::error(msg!(
                    "der Zeithorizont `{}` steht zweimal in `horizons`",
                    "horizon `{}` is listed twice in `horizons`";
                    h.value.short()
                ))
                .at(&b.file, hpos(h)),
            );
        } else if seen.last().is_some_and(|l| *l > h.value) {
            diags.push(
                Diagnostic::error(msg!(
                    "die Zeithorizonte in `horizons` stehen nicht der Länge nach",
                    "the horizons in `horizons` are not in order of length"
                ))
                .at(&b.file, hpos(h))
                .hint(hint_order(&b.horizons)),
            );
        }
        seen.push(h.value);
    }
}

fn hint_order(hs: &[Spanned<Hours>]) -> Msg {
    let mut v: Vec<Hours> = hs.iter().map(|h| h.value).collect();
    v.sort();
    v.dedup();
    let l = list(&v);
    msg!(
        "Schreiben Sie sie vom kürzesten zum längsten: `[{l}]`",
        "write them from shortest to longest: `[{l}]`"
    )
}
