//! Stage 2: rules that span files — unique output paths, sane outputs, audiences of generated
//! sections. Record kinds add their own rules in their modules; all findings are collected.

pub mod bcm;
mod budget;
pub mod checklists;
pub mod decisions;
mod editions;
mod legal;
pub mod risks;
mod slugs;
pub mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos};
use crate::model::Site;
use crate::model::common::{Audience, Date};
use crate::model::records::{Failed, Rec, Record, parse_kind, parse_record};
use crate::msg;

pub fn validate_site(site: &mut Site, build_date: Date, diags: &Diagnostics) {
    validate_outputs(site, diags);
    settle_generated_sections(site);
    let failed = parse_records(site, diags);
    values::validate(site, build_date, diags);
    let ids = unique_ids(site, diags);
    slugs::validate(site, diags);
    let mut refs = Vec::new();
    risks::validate(site, build_date, &mut refs, diags);
    decisions::validate(site, build_date, &mut refs, diags);
    checklists::validate(site, build_date, &mut refs, diags);
    bcm::validate(site, build_date, &mut refs, diags);
    legal::validate(site, build_date, diags);
    check_references(site, &ids, &failed, &refs, diags);
    editions::validate(site, diags);
}

/// Parses every record; returns the ids of records that could not be read.
fn parse_records(site: &mut Site, diags: &Diagnostics) -> BTreeSet<String> {
    let data = &site.data;
    let r = &mut site.records;
    let failed = Failed::default();
    let failed_ref = &failed;
    // The kinds are independent: parse them side by side (YAML parsing was the larger part of
    // validation).
    rayon::scope(|s| {
        s.spawn(|_| r.threats = parse_kind(data, "threats", diags, failed_ref));
        s.spawn(|_| r.perspectives = parse_kind(data, "perspectives", diags, failed_ref));
        s.spawn(|_| r.goals = parse_kind(data, "goals", diags, failed_ref));
        s.spawn(|_| r.measures = parse_kind(data, "measures", diags, failed_ref));
        s.spawn(|_| r.risks = parse_kind(data, "risks", diags, failed_ref));
        s.spawn(|_| r.evaluations = parse_kind(data, "evaluations", diags, failed_ref));
        s.spawn(|_| r.provisioning = parse_kind(data, "provisioning", diags, failed_ref));
        s.spawn(|_| r.checklists = parse_kind(data, "checklists", diags, failed_ref));
        s.spawn(|_| r.bcm = bcm::parse(data, diags, failed_ref));
    });
    if let Some(f) = data.iter().find(|f| f.kind == "method") {
        let (m, ds) = parse_record(&f.text, "method", &f.file);
        diags.extend(ds);
        r.method = m.map(|value| Rec {
            file: f.file.clone(),
            value,
        });
    }
    failed.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Where an id is defined: kind, file, position, audience.
#[derive(Debug, Clone)]
pub struct IdDef {
    pub kind: &'static str,
    pub file: PathBuf,
    pub pos: Pos,
    pub audience: Audience,
}

type AddId<'a> = dyn FnMut(&'static str, &PathBuf, &Spanned<String>, Audience) + 'a;

/// Ids are unique across all kinds, so `@ID` links are unambiguous.
fn unique_ids(site: &Site, diags: &Diagnostics) -> BTreeMap<String, IdDef> {
    let mut ids: BTreeMap<String, IdDef> = BTreeMap::new();
    let default = site.config.default_audience;
    let mut add = |kind: &'static str,
                   file: &PathBuf,
                   spanned: &Spanned<String>,
                   audience: Audience| {
        let id = spanned.value.as_str();
        let pos = crate::model::common::span_pos(spanned, id.chars().count(), 0);
        if id.trim().is_empty() {
            diags.push(Diagnostic::error(msg!("leere ID", "empty id")).at(file, pos));
            return;
        }
        // (still registered: references to it are not also "unknown")
        values::check_id(kind, spanned, file, diags);
        if let Some(first) = ids.get(id) {
            let (first_kind, first_de) = (first.kind, kind_de(first.kind).noun);
            diags.push(
                    Diagnostic::error(msg!("doppelte ID `{id}`", "duplicate id `{id}`"))
                        .at(file, pos)
                        .label(msg!(
                            "auch als {first_de} angelegt",
                            "also defined as a {first_kind} record"
                        ))
                        .hint(msg!(
                            "zuerst angelegt in {}:{}:{}; jede ID darf im ganzen Plan nur einmal vorkommen, auch zwischen verschiedenen Arten von Einträgen",
                            "first defined at {}:{}:{}; ids must be unique across all kinds";
                            crate::diagnostics::display_path(&first.file),
                            first.pos.line,
                            first.pos.col
                        )),
                );
            return;
        }
        ids.insert(
            id.to_string(),
            IdDef {
                kind,
                file: file.clone(),
                pos,
                audience,
            },
        );
    };
    fn each<T: Record>(v: &[Rec<T>], kind: &'static str, default: Audience, add: &mut AddId<'_>) {
        for r in v {
            add(kind, &r.file, r.value.id(), r.audience_or(default));
        }
    }
    let d = &site.records;
    each(&d.threats, "threat", default, &mut add);
    each(&d.perspectives, "perspective", default, &mut add);
    each(&d.goals, "goal", default, &mut add);
    each(&d.measures, "measure", default, &mut add);
    each(&d.risks, "risk", default, &mut add);
    each(&d.evaluations, "evaluation", default, &mut add);
    each(&d.provisioning, "provisioning", default, &mut add);
    each(&d.checklists, "checklist", default, &mut add);
    each(&d.bcm.processes, "process", default, &mut add);
    each(&d.bcm.resources, "resource", default, &mut add);
    each(&d.bcm.scenarios, "scenario", default, &mut add);
    each(&d.bcm.roles, "role", default, &mut add);
    each(&d.bcm.plans, "plan", default, &mut add);
    each(&d.bcm.exercises, "exercise", default, &mut add);
    // Requirements are addressed by id too (checklist items and criteria refer to them).
    for p in &d.perspectives {
        for r in &p.requirements {
            add("requirement", &p.file, &r.id, p.audience_or(default));
        }
    }
    ids
}

/// "meinten Sie `X`?" when one of `known` is close to `wrong`.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<Msg> {
    values::suggest(wrong, known).map(|k| msg!("meinten Sie `{k}`?", "did you mean `{k}`?"))
}

/// Grammatical gender of a German noun: articles and adjectives agree with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Genus {
    F,
    M,
    N,
}

/// The German name of a kind of record or id (`measure`, `risk`, `item` …) for messages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KindDe {
    pub noun: &'static str,
    pub plural: &'static str,
    pub genus: Genus,
}

impl KindDe {
    /// The adjective before the noun without an article: `unbekannte Maßnahme`,
    /// `unbekanntes Ziel`, `unbekannter Eintrag`.
    pub fn adjective(&self, stem: &str) -> String {
        let ending = match self.genus {
            Genus::F => "e",
            Genus::M => "er",
            Genus::N => "es",
        };
        format!("{stem}{ending}")
    }

    /// `ein`/`eine`.
    pub fn indefinite(&self) -> &'static str {
        if self.genus == Genus::F {
            "eine"
        } else {
            "ein"
        }
    }

    /// `kein`/`keine`.
    pub fn negative(&self) -> &'static str {
        if self.genus == Genus::F {
            "keine"
        } else {
            "kein"
        }
    }

    /// `die interne Maßnahme`, `das interne Ziel`, `den internen Eintrag` (after „auf“).
    pub fn internal_accusative(&self) -> String {
        let article = match self.genus {
            Genus::F => "die interne",
            Genus::M => "den internen",
            Genus::N => "das interne",
        };
        format!("{article} {}", self.noun)
    }
}

/// German names of the kinds used in [`IdDef::kind`] and [`Reference::what`] (and the ids inside
/// a checklist). A kind not listed here is named `Eintrag`.
pub(crate) fn kind_de(kind: &str) -> KindDe {
    let (noun, plural, genus) = match kind {
        "threat" => ("Gefährdung", "Gefährdungen", Genus::F),
        "perspective" => ("Perspektive", "Perspektiven", Genus::F),
        "goal" => ("Ziel", "Ziele", Genus::N),
        "measure" => ("Maßnahme", "Maßnahmen", Genus::F),
        "risk" => ("Risiko", "Risiken", Genus::N),
        "evaluation" => ("Bewertung", "Bewertungen", Genus::F),
        "provisioning" => ("Bereitstellung", "Bereitstellungen", Genus::F),
        "checklist" => ("Checkliste", "Checklisten", Genus::F),
        "requirement" => ("Anforderung", "Anforderungen", Genus::F),
        "decision" => ("Entscheidung", "Entscheidungen", Genus::F),
        "criterion" => ("Kriterium", "Kriterien", Genus::N),
        "option" => ("Option", "Optionen", Genus::F),
        "role" => ("Rolle", "Rollen", Genus::F),
        "phase" => ("Phase", "Phasen", Genus::F),
        "item" => ("Punkt", "Punkte", Genus::M),
        "process" => ("Geschäftsprozess", "Geschäftsprozesse", Genus::M),
        "resource" => ("Ressource", "Ressourcen", Genus::F),
        "scenario" => ("Szenario", "Szenarien", Genus::N),
        "plan" => ("Notfallplan", "Notfallpläne", Genus::M),
        "exercise" => ("Übung", "Übungen", Genus::F),
        _ => ("Eintrag", "Einträge", Genus::M),
    };
    KindDe {
        noun,
        plural,
        genus,
    }
}

/// A reference from one record to another by id.
pub struct Reference {
    pub file: PathBuf,
    pub pos: Pos,
    /// Audience of the record that holds the reference.
    pub from: Audience,
    pub target: String,
    /// Kinds the target must have (empty = any).
    pub kinds: &'static [&'static str],
    /// How the reference is named in messages (`measure`, `threat` …).
    pub what: &'static str,
}

fn check_references(
    site: &Site,
    ids: &BTreeMap<String, IdDef>,
    failed: &BTreeSet<String>,
    refs: &[Reference],
    diags: &Diagnostics,
) {
    let public_output = site
        .config
        .outputs
        .iter()
        .any(|o| o.value.audience == Audience::Public);
    for r in refs {
        match ids.get(&r.target) {
            // (its own entry is reported already)
            None if failed.contains(&r.target) => {}
            None => {
                let mut known: Vec<&str> = ids
                    .iter()
                    .filter(|(_, d)| r.kinds.is_empty() || r.kinds.contains(&d.kind))
                    .map(|(k, _)| k.as_str())
                    .collect();
                let guess = did_you_mean(&r.target, known.iter().copied());
                let more = known.len() > 15;
                known.truncate(15);
                let (what, target, de) = (r.what, &r.target, kind_de(r.what));
                let (unknown, noun, plural) = (de.adjective("unbekannt"), de.noun, de.plural);
                diags.push(
                    Diagnostic::error(msg!(
                        "{unknown} {noun} `{target}`",
                        "unknown {what} `{target}`"
                    ))
                    .at(&r.file, r.pos)
                    .hint(if let Some(g) = guess {
                        g
                    } else if known.is_empty() && !failed.is_empty() {
                        msg!(
                            "kein Eintrag dieser Art konnte gelesen werden: beheben Sie zuerst die Fehler, die zu diesen Einträgen gemeldet werden",
                            "no record of this kind could be read: fix the errors reported at them first"
                        )
                    } else if known.is_empty() {
                        msg!("es gibt noch keine {plural}", "there are no {what} records yet")
                    } else {
                        msg!(
                            "bekannte IDs: {}{}",
                            "known ids: {}{}";
                            known.join(", "),
                            if more { ", …" } else { "" }
                        )
                    }),
                );
            }
            Some(d) if !r.kinds.is_empty() && !r.kinds.contains(&d.kind) => {
                let (target, is, want) = (&r.target, d.kind, r.what);
                let (is_de, want_de) = (kind_de(is), kind_de(want));
                let (a, is_noun) = (is_de.indefinite(), is_de.noun);
                let (no, want_noun) = (want_de.negative(), want_de.noun);
                diags.push(
                    Diagnostic::error(msg!(
                        "`{target}` ist {a} {is_noun}, {no} {want_noun}",
                        "`{target}` is a {is}, not a {want}"
                    ))
                    .at(&r.file, r.pos),
                );
            }
            // A record with an error of its own: its audience may be the default only because
            // its `audience` could not be read, so a leak would be a follow-on error.
            Some(_) if failed.contains(&r.target) => {}
            Some(d) => {
                if public_output && r.from == Audience::Public && d.audience == Audience::Internal {
                    let (kind, target) = (d.kind, &r.target);
                    let internal_de = kind_de(kind).internal_accusative();
                    diags.push(
                        Diagnostic::error(msg!(
                            "ein öffentlicher Eintrag verweist auf {internal_de} `{target}`",
                            "public record references internal {kind} `{target}`"
                        ))
                        .at(&r.file, r.pos)
                        .label(msg!("intern", "internal"))
                        .hint(msg!(
                            "Die öffentliche Ausgabe darf keine internen Einträge zeigen: setzen Sie bei dem Eintrag, auf den verwiesen wird, `audience: public`, oder machen Sie den verweisenden Eintrag intern",
                            "the public output must not reveal internal records: make the target `audience: public`, or the referring record internal"
                        )),
                    );
                }
            }
        }
    }
}

fn validate_outputs(site: &Site, diags: &Diagnostics) {
    use crate::outdir::Overlap;
    let outputs = &site.config.outputs;
    let mut names: BTreeMap<&str, ()> = BTreeMap::new();
    for (i, o) in outputs.iter().enumerate() {
        let at = |d: Diagnostic| {
            if o.referenced.line() > 0 {
                d.at("content/site.yaml", crate::model::common::span_pos(o, 1, 0))
            } else {
                d.in_file("content/site.yaml")
            }
        };
        let dir = &o.value.dir;
        let at_dir = |d: Diagnostic| {
            if dir.referenced.line() > 0 {
                // (the span covers quotes too, when the value has them)
                let len = match dir.referenced.span().len() {
                    0 => dir.value.chars().count(),
                    n => n as usize,
                };
                d.at(
                    "content/site.yaml",
                    crate::model::common::span_pos(dir, len, 0),
                )
            } else {
                at(d)
            }
        };
        if names.insert(&o.value.name, ()).is_some() {
            let name = &o.value.name;
            diags.push(at(Diagnostic::error(msg!(
                "zwei Ausgaben heißen `{name}`",
                "two outputs are named `{name}`"
            ))));
        }
        if let Err(msg) = crate::outdir::check_dir(&dir.value) {
            diags.push(at_dir(Diagnostic::error(msg)));
            continue;
        }
        // Two outputs in one folder are written over each other, and a folder inside another
        // output's folder is deleted or overwritten by that output's build: either way an
        // intranet can end up published with the public site.
        for first in outputs[..i]
            .iter()
            .filter(|f| crate::outdir::check_dir(&f.value.dir.value).is_ok())
        {
            let (name, first_name, first_dir) =
                (&o.value.name, &first.value.name, &first.value.dir.value);
            let msg = match crate::outdir::overlap(&dir.value, first_dir) {
                None => continue,
                Some(Overlap::Same) => msg!(
                    "Ausgabe `{name}` schreibt nach `{}`, in den Ordner der Ausgabe `{first_name}` (`{first_dir}`)",
                    "output `{name}` writes to `{}`, the folder of output `{first_name}` (`{first_dir}`)";
                    dir.value
                ),
                Some(Overlap::Inside) => msg!(
                    "Ausgabe `{name}` schreibt nach `{}`, in den Ordner der Ausgabe `{first_name}` hinein",
                    "output `{name}` writes into `{}`, inside the folder of output `{first_name}`";
                    dir.value
                ),
                Some(Overlap::Contains) => msg!(
                    "Ausgabe `{name}` schreibt nach `{}`, in einen Ordner um den Ordner `{first_dir}` der Ausgabe `{first_name}` herum",
                    "output `{name}` writes to `{}`, around the folder `{first_dir}` of output `{first_name}`";
                    dir.value
                ),
            };
            let mut hint = msg!(
                "Geben Sie jeder Ausgabe einen eigenen Ordner, nebeneinander statt ineinander, z. B. `public` und `intranet`; `./`, ein `/` am Ende und Groß- oder Kleinschreibung machen keinen anderen Ordner daraus (Windows und macOS sehen darin denselben Ordner)",
                "give every output its own folder side by side, e.g. `public` and `intranet`; `./`, a `/` at the end and upper or lower case do not make a folder different (Windows and macOS see one folder)"
            );
            let r = first.value.dir.referenced;
            if r.line() > 0 {
                let (line, col) = (r.line(), r.column());
                hint.de.push_str(&format!(
                    ". Die Ausgabe `{first_name}` ist in content/site.yaml:{line}:{col} festgelegt"
                ));
                hint.en.push_str(&format!(
                    ". Output `{first_name}` is set at content/site.yaml:{line}:{col}"
                ));
            }
            diags.push(at_dir(Diagnostic::error(msg)).hint(hint));
            // (one message per folder, naming the first output it collides with)
            break;
        }
    }
    if outputs.is_empty() {
        diags.push(
            Diagnostic::error(msg!(
                "`outputs` ist leer: es würde nichts erzeugt",
                "`outputs` is empty: nothing would be built"
            ))
            .in_file("content/site.yaml"),
        );
    }
}

/// A section without `_index.md` is public when any page below it is public.
fn settle_generated_sections(site: &mut Site) {
    let public_dirs: Vec<String> = site
        .pages
        .iter()
        .filter(|p| p.audience == Audience::Public)
        .map(|p| p.section.clone())
        .collect();
    for p in site.pages.iter_mut().filter(|p| p.generated) {
        let prefix = if p.section.is_empty() {
            String::new()
        } else {
            format!("{}/", p.section)
        };
        if public_dirs
            .iter()
            .any(|d| *d == p.section || d.starts_with(&prefix))
        {
            p.audience = Audience::Public;
        }
    }
}
