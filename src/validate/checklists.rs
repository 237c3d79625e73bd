//! Rules for checklists and training videos: unique item ids, known roles, item references, and
//! for every `video` (in a checklist or in a page's front matter) a YouTube address whose id can
//! be read and a transcript page that exists.

use std::collections::BTreeMap;
use std::path::Path;

use super::Reference;
use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos};
use crate::index::SiteIndex;
use crate::markdown::Target;
use crate::model::Site;
use crate::model::checklist::{Checklist, ref_is_page, youtube_id};
use crate::model::common::{Audience, Date, span_pos};
use crate::model::page::Video;
use crate::model::records::Rec;
use crate::msg;

pub fn validate(site: &Site, _build_date: Date, refs: &mut Vec<Reference>, diags: &Diagnostics) {
    let has_videos = site.pages.iter().any(|p| p.front.video.is_some())
        || site.records.checklists.iter().any(|c| c.video.is_some());
    let has_page_refs = site.records.checklists.iter().any(|c| {
        c.items()
            .any(|i| i.refs.iter().any(|r| ref_is_page(&r.value)))
    });
    // Pages only: records register themselves later, and transcripts must be pages.
    let index = (has_videos || has_page_refs).then(|| SiteIndex::from_site(site));
    let ctx = Ctx {
        index: index.as_ref(),
        public_output: site
            .config
            .outputs
            .iter()
            .any(|o| o.value.audience == Audience::Public),
        segment: crate::urls::segments(site.config.language).checklists,
    };
    let default = site.config.default_audience;
    for c in &site.records.checklists {
        checklist(&ctx, c, c.audience_or(default), refs, diags);
    }
    for p in &site.pages {
        if let Some(v) = &p.front.video {
            let base = p.rel.rsplit_once('/').map_or("", |(d, _)| d);
            video(
                &ctx,
                v,
                &p.file,
                p.front_offset,
                base,
                &p.out,
                p.audience,
                diags,
            );
        }
    }
}

struct Ctx<'a> {
    index: Option<&'a SiteIndex>,
    public_output: bool,
    segment: &'static str,
}

/// Position of a string value: at its first character, after an opening quote.
fn pos_of(v: &serde_saphyr::Spanned<String>, line_offset: usize) -> Pos {
    let mut pos = span_pos(v, v.value.chars().count().max(1), line_offset);
    let quoted = v
        .referenced
        .span()
        .byte_len()
        .is_some_and(|l| l as usize >= v.value.len() + 2);
    if quoted {
        pos.col += 1;
    }
    pos
}

fn checklist(
    ctx: &Ctx<'_>,
    c: &Rec<Checklist>,
    audience: Audience,
    refs: &mut Vec<Reference>,
    diags: &Diagnostics,
) {
    let file = &c.file;
    let out = crate::urls::record_out(ctx.segment, c.id_str());

    let ids = c.roles.iter().map(|r| ("role", &r.id));
    let ids = ids.chain(c.phases.iter().map(|p| ("phase", &p.id)));
    for (what, id) in ids.chain(c.items().map(|i| ("item", &i.id))) {
        if !id.value.trim().is_empty() {
            super::values::check_id(what, id, file, diags);
        }
    }
    let mut roles: BTreeMap<&str, Pos> = BTreeMap::new();
    for r in &c.roles {
        let pos = pos_of(&r.id, 0);
        if let Some(first) = roles.get(r.id.value.as_str()) {
            diags.push(
                Diagnostic::error(msg!(
                    "doppelte Rolle `{}` in der Checkliste `{}`",
                    "duplicate role `{}` in checklist `{}`";
                    r.id.value,
                    c.id_str()
                ))
                .at(file, pos)
                .hint(first_defined(first.line)),
            );
        } else {
            roles.insert(&r.id.value, pos);
        }
    }
    let role_list = || {
        if roles.is_empty() {
            msg!(
                "diese Checkliste legt keine Rollen fest: ergänzen Sie `roles: [{{id: …, title: …}}]` oder entfernen Sie `role`",
                "this checklist defines no roles: add `roles: [{{id: …, title: …}}]` or remove `role`"
            )
        } else {
            msg!(
                "Rollen dieser Checkliste: {}",
                "roles of this checklist: {}";
                roles.keys().copied().collect::<Vec<_>>().join(", ")
            )
        }
    };

    let mut phases: BTreeMap<&str, Pos> = BTreeMap::new();
    let mut items: BTreeMap<&str, Pos> = BTreeMap::new();
    for ph in &c.phases {
        let pos = pos_of(&ph.id, 0);
        if let Some(first) = phases.get(ph.id.value.as_str()) {
            diags.push(
                Diagnostic::error(msg!(
                    "doppelte Phase `{}` in der Checkliste `{}`",
                    "duplicate phase `{}` in checklist `{}`";
                    ph.id.value,
                    c.id_str()
                ))
                .at(file, pos)
                .hint(first_defined(first.line)),
            );
        } else {
            phases.insert(&ph.id.value, pos);
        }
        for it in &ph.items {
            let pos = pos_of(&it.id, 0);
            if it.id.value.trim().is_empty() {
                diags.push(
                    Diagnostic::error(msg!("leere ID eines Punkts", "empty item id")).at(file, pos),
                );
            } else if let Some(first) = items.get(it.id.value.as_str()) {
                diags.push(
                    Diagnostic::error(msg!(
                        "doppelte ID `{}` eines Punkts in der Checkliste `{}`",
                        "duplicate item id `{}` in checklist `{}`";
                        it.id.value,
                        c.id_str()
                    ))
                    .at(file, pos)
                    .label(msg!("schon vergeben", "already used"))
                    .hint(msg!(
                        "zuerst vergeben in Zeile {}; unter den IDs der Punkte speichert der Browser den Fortschritt, deshalb muss jede ID innerhalb einer Checkliste eindeutig sein",
                        "first used at line {}; item ids are the keys of the progress saved in the browser and must be unique within a checklist";
                        first.line
                    )),
                );
            } else {
                items.insert(&it.id.value, pos);
            }
            if let Some(role) = &it.role
                && !roles.contains_key(role.value.as_str())
            {
                let hint = super::did_you_mean(&role.value, roles.keys().copied()).map_or_else(
                    role_list,
                    |g| {
                        let list = role_list();
                        Msg::new(
                            format!("{} {}", g.de, list.de),
                            format!("{} {}", g.en, list.en),
                        )
                    },
                );
                diags.push(
                    Diagnostic::error(msg!(
                        "unbekannte Rolle `{}`",
                        "unknown role `{}`";
                        role.value
                    ))
                    .at(file, pos_of(role, 0))
                    .hint(hint),
                );
            }
            for r in &it.refs {
                if ref_is_page(&r.value) {
                    page_link(
                        ctx,
                        &r.value,
                        file,
                        pos_of(r, 0),
                        "",
                        &out,
                        audience,
                        Linked::Reference,
                        diags,
                    );
                } else {
                    refs.push(Reference {
                        file: file.clone(),
                        pos: pos_of(r, 0),
                        from: audience,
                        target: r.value.clone(),
                        kinds: &[],
                        what: "record",
                    });
                }
            }
        }
    }
    if items.is_empty() {
        diags.push(
            Diagnostic::warning(msg!(
                "Checkliste `{}` hat keine Punkte",
                "checklist `{}` has no items";
                c.id_str()
            ))
            .at(file, c.id_pos())
            .hint(msg!(
                "Ergänzen Sie `phases: [{{id: …, title: …, items: [{{id: …, text: …}}]}}]`",
                "add `phases: [{{id: …, title: …, items: [{{id: …, text: …}}]}}]`"
            )),
        );
    }
    if let Some(v) = &c.video {
        video(ctx, v, file, 0, "", &out, audience, diags);
    }
}

/// The rules for a `video` value. `base_dir` and `out` place relative transcript links.
#[allow(clippy::too_many_arguments)]
fn video(
    ctx: &Ctx<'_>,
    v: &Video,
    file: &Path,
    line_offset: usize,
    base_dir: &str,
    out: &str,
    audience: Audience,
    diags: &Diagnostics,
) {
    let url_pos = pos_of(&v.url, line_offset);
    if let Some(t) = start_time(&v.url.value) {
        diags.push(
            Diagnostic::warning(msg!(
                "die Startzeit `{t}` in der Videoadresse wird nicht verwendet",
                "the start time `{t}` in the video address is not used"
            ))
            .at(file, url_pos)
            .label(msg!(
                "das eingebettete Video beginnt immer am Anfang",
                "the embedded video always starts at the beginning"
            ))
            .hint(msg!(
                "Entfernen Sie die Startzeit aus der Adresse und schreiben Sie in den Text, wo der Abschnitt beginnt, z. B. „ab Minute 1:30“",
                "remove the start time from the address and say in the text where the part begins, e.g. „ab Minute 1:30“"
            )),
        );
    }
    if youtube_id(&v.url.value).is_none() {
        diags.push(
            Diagnostic::error(msg!(
                "`{}` ist keine Adresse eines YouTube-Videos",
                "`{}` is not the address of a YouTube video";
                v.url.value
            ))
            .at(file, url_pos)
            .label(msg!("keine Video-ID gefunden", "no video id found"))
            .hint(msg!(
                "Schreiben Sie https://youtu.be/ID, https://www.youtube.com/watch?v=ID oder https://www.youtube.com/embed/ID (ID: die 11 Zeichen des Videos)",
                "write https://youtu.be/ID, https://www.youtube.com/watch?v=ID or https://www.youtube.com/embed/ID (ID: the 11 characters of the video)"
            )),
        );
    }
    match &v.transcript {
        None => diags.push(
            Diagnostic::warning(msg!(
                "Video `{}` hat kein Transkript",
                "video `{}` has no transcript";
                v.title
            ))
            .at(file, url_pos)
            .hint(msg!(
                "Ergänzen Sie `transcript: \"@/path/page.md\"`, eine Seite mit der Textfassung des Videos, für Menschen, die es nicht ansehen können oder wollen (WCAG 1.2)",
                "add `transcript: \"@/path/page.md\"`, a page with the text version of the video, for people who cannot or do not want to watch it (WCAG 1.2)"
            )),
        ),
        Some(t) => page_link(
            ctx,
            &t.value,
            file,
            pos_of(t, line_offset),
            base_dir,
            out,
            audience,
            Linked::Transcript,
            diags,
        ),
    }
}

/// What links to a page, as named in messages.
#[derive(Clone, Copy)]
enum Linked {
    /// A page in a checklist item's `refs`.
    Reference,
    /// A video's `transcript`.
    Transcript,
}

impl Linked {
    fn en(self) -> &'static str {
        match self {
            Linked::Reference => "reference",
            Linked::Transcript => "transcript",
        }
    }

    fn de(self) -> &'static str {
        match self {
            Linked::Reference => "Verweis",
            Linked::Transcript => "Transkript",
        }
    }

    fn public_de(self) -> &'static str {
        match self {
            Linked::Reference => "öffentlicher Verweis",
            Linked::Transcript => "öffentliches Transkript",
        }
    }
}

/// The hint at a duplicate role or phase.
fn first_defined(line: usize) -> Msg {
    msg!(
        "zuerst definiert in Zeile {line}",
        "first defined at line {line}"
    )
}

/// A link that must name a page of this plan (a transcript, a page in an item's `refs`).
#[allow(clippy::too_many_arguments)]
fn page_link(
    ctx: &Ctx<'_>,
    dest: &str,
    file: &Path,
    pos: Pos,
    base_dir: &str,
    out: &str,
    audience: Audience,
    what: Linked,
    diags: &Diagnostics,
) {
    let (what_en, what_de, public_de) = (what.en(), what.de(), what.public_de());
    let Some(index) = ctx.index else { return };
    match index.resolve_from(base_dir, out, dest, false) {
        Ok(Target::Internal { out: target, .. }) => {
            let page = index.pages.values().find(|p| p.out == target);
            match page {
                None => diags.push(
                    Diagnostic::error(msg!(
                        "{what_de} `{dest}` ist keine Seite",
                        "{what_en} `{dest}` is not a page"
                    ))
                    .at(file, pos)
                    .hint(msg!(
                        "Verlinken Sie eine Markdown-Seite dieses Plans: `@/schulung/video-tipps.md`",
                        "link a Markdown page of this plan: `@/schulung/video-tipps.md`"
                    )),
                ),
                Some(p) => {
                    if ctx.public_output && audience == Audience::Public && p.audience == Audience::Internal {
                        diags.push(
                            Diagnostic::error(msg!(
                                "{public_de} `{dest}` führt zu einer internen Seite",
                                "public {what_en} `{dest}` links to an internal page"
                            ))
                            .at(file, pos)
                            .label(msg!("intern", "internal"))
                            .hint(msg!(
                                "Die öffentliche Ausgabe darf nicht auf interne Seiten verlinken: setzen Sie bei der Seite `audience: public`, oder machen Sie diesen Eintrag oder diese Seite intern",
                                "the public output must not link to internal pages: make the page `audience: public`, or this record or page internal"
                            )),
                        );
                    }
                }
            }
        }
        Ok(Target::External(_)) => diags.push(
            Diagnostic::error(msg!(
                "{what_de} `{dest}` ist keine Seite dieses Plans",
                "{what_en} `{dest}` is not a page of this plan"
            ))
            .at(file, pos)
            .hint(msg!(
                "Schreiben Sie die Textfassung als Seite dieses Plans und verlinken Sie sie mit `@/path/page.md`",
                "write the text version as a page of this plan and link it with `@/path/page.md`"
            )),
        ),
        Err((msg, hint)) => {
            let mut d = Diagnostic::error(msg).at(file, pos);
            if let Some(h) = hint {
                d = d.hint(h);
            }
            diags.push(d);
        }
    }
}

/// A start time in a video address (`?t=90`, `&start=90`, `#t=1m30s`): the two-click embed
/// plays from the beginning, so a start time there would be dropped without a word.
fn start_time(url: &str) -> Option<&str> {
    let (_, after) = url.split_once(['?', '#'])?;
    after
        .split(['&', '?', '#'])
        .find(|kv| kv.starts_with("t=") || kv.starts_with("start="))
}
