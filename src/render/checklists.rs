//! Checklist pages (`checklisten/index.html`, `checklisten/<id>/index.html`) and the two-click
//! video element shared with Markdown pages.
//!
//! Markup contract (theme templates `checklist.html`, `_video.html`, the script
//! `assets/krisenfest.js` and the browser gate rely on it): a checklist is
//! `<form data-checklist="ID">` whose checkboxes are `<input type="checkbox" data-item="ITEM">`
//! inside their `<label>`; items of one role carry `data-role`; the video container carries
//! `data-video` (the embed address) and a `<button>`, and no iframe before the click.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::nav::NavEntry;
use super::{Files, LinkSink, RenderEnv, SiteIndex};
use crate::config::Language;
use crate::diagnostics::Diagnostics;
use crate::markdown::{Target, checklist_words};
use crate::model::checklist::{Checklist, ref_is_page, youtube_id};
use crate::model::common::Audience;
use crate::model::page::Video;
use crate::model::records::Rec;
use crate::model::{Data, Site};
use crate::slug::{IdSet, slugify};
use crate::urls::{record_out, segments};

/// Weight of the "Checklisten" entry in the main menu (after the training section).
const MENU_WEIGHT: i64 = 65;

fn index_title(lang: Language) -> &'static str {
    match lang {
        Language::De => "Checklisten",
        Language::En => "Checklists",
    }
}

fn index_out(site: &Site) -> String {
    format!("{}/index.html", segments(site.config.language).checklists)
}

/// Register every checklist page in the index (for `@ID` links and audience checks).
pub fn register(site: &Site, index: &mut SiteIndex) {
    let seg = segments(site.config.language).checklists;
    let default = site.config.default_audience;
    let mut any_public = false;
    for c in &site.records.checklists {
        let a = c.audience_or(default);
        any_public |= a == Audience::Public;
        index.add_record(c.id_str(), &record_out(seg, c.id_str()), a, &c.title);
    }
    if !site.records.checklists.is_empty() {
        let a = if any_public {
            Audience::Public
        } else {
            Audience::Internal
        };
        index.audience_by_out.insert(index_out(site), a);
    }
}

/// Navigation entries of the checklist pages visible in this output.
pub fn nav_entries(site: &Site, data: &Data) -> Vec<NavEntry> {
    if data.checklists.is_empty() {
        return Vec::new();
    }
    let seg = segments(site.config.language).checklists;
    let mut v = vec![NavEntry {
        out: index_out(site),
        title: index_title(site.config.language).into(),
        description: None,
        date: None,
        weight: MENU_WEIGHT,
        in_menu: true,
    }];
    for (i, c) in data.checklists.iter().enumerate() {
        v.push(NavEntry {
            out: record_out(seg, c.id_str()),
            title: c.title.clone(),
            description: None,
            date: None,
            weight: i as i64,
            in_menu: false,
        });
    }
    v
}

// ------------------------------------------------------------------------------------------
// the video

/// UI text of the two-click video element.
#[derive(Serialize, Clone)]
pub struct VideoWords {
    pub notice: &'static str,
    pub button: &'static str,
    pub fallback: &'static str,
    pub transcript: &'static str,
    pub transcript_here: &'static str,
    /// Prefix of the iframe's `title` (axe `frame-title`).
    pub frame: &'static str,
}

fn video_words(lang: Language) -> VideoWords {
    match lang {
        Language::De => VideoWords {
            notice: "Das Video wird von YouTube bereitgestellt. Es wird erst geladen, wenn Sie auf „Video laden“ klicken. Dann werden Daten wie Ihre IP-Adresse an YouTube (Google) übertragen, auch in die USA, und YouTube kann Cookies setzen. Vorher werden keine Daten an YouTube gesendet.",
            button: "Video laden",
            fallback: "Video bei YouTube ansehen",
            transcript: "Textfassung des Videos",
            transcript_here: "Die Textfassung des Videos steht auf dieser Seite.",
            frame: "Video",
        },
        Language::En => VideoWords {
            notice: "The video is provided by YouTube. It is loaded only when you click “Load video”. Then data such as your IP address is sent to YouTube (Google), also to the USA, and YouTube may set cookies. Before that, no data is sent to YouTube.",
            button: "Load video",
            fallback: "Watch the video on YouTube",
            transcript: "Text version of the video",
            transcript_here: "The text version of the video is on this page.",
            frame: "Video",
        },
    }
}

/// The two-click element: static HTML holds only a local placeholder, a notice, a hidden button
/// and a plain link; the script inserts the iframe from `embed` after the click.
#[derive(Serialize, Clone)]
pub struct VideoView {
    pub title: String,
    /// YouTube video id.
    pub id: String,
    /// `https://www.youtube-nocookie.com/embed/ID` (the script adds `?autoplay=1`).
    pub embed: String,
    /// `https://www.youtube.com/watch?v=ID`: the link without JavaScript.
    pub watch: String,
    /// Relative URL of the transcript page, when it is another page.
    pub transcript: Option<String>,
    /// The transcript is the page the video is on.
    pub transcript_here: bool,
    /// DOM id of the notice (the button is described by it).
    pub notice_id: String,
    pub words: VideoWords,
}

/// The video view for the page written at `out`; `source_rel` is the content-relative Markdown
/// path of a page (relative transcript links start in its folder) or "" for records. None when
/// the address has no video id (validation reported it).
pub fn video_view(
    env: &RenderEnv<'_>,
    out: &str,
    source_rel: &str,
    v: &Video,
) -> Option<VideoView> {
    let id = youtube_id(&v.url.value)?;
    let base = source_rel.rsplit_once('/').map_or("", |(d, _)| d);
    let mut transcript = None;
    let mut transcript_here = false;
    if let Some(t) = &v.transcript
        && let Ok(Target::Internal {
            out: target,
            fragment,
        }) = env.index.resolve_from(base, out, &t.value, false)
        && env
            .index
            .audience_by_out
            .get(&target)
            .is_some_and(|a| a.visible_in(env.output.audience))
    {
        if target == out {
            transcript_here = true;
        } else {
            let url = env.url(out, &target);
            transcript = Some(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url,
            });
        }
    }
    Some(VideoView {
        title: v.title.clone(),
        embed: format!("https://www.youtube-nocookie.com/embed/{id}"),
        watch: format!("https://www.youtube.com/watch?v={id}"),
        id,
        transcript,
        transcript_here,
        notice_id: "kf-video-hinweis".into(),
        words: video_words(env.site.config.language),
    })
}

// ------------------------------------------------------------------------------------------
// checklist pages

#[derive(Serialize)]
pub struct Words {
    pub count: String,
    pub reset: &'static str,
    pub print: &'static str,
    pub filter: &'static str,
    pub refs: &'static str,
    pub role: &'static str,
    pub roles: &'static str,
    pub item: &'static str,
    pub items: &'static str,
    pub video: &'static str,
    pub note: &'static str,
    pub intro_list: &'static str,
}

fn words(lang: Language) -> Words {
    let w = checklist_words(lang);
    let (refs, roles, item, items, video, note, intro_list) = match lang {
        Language::De => (
            "Siehe",
            "Rollen",
            "Punkt",
            "Punkte",
            "Mit Video",
            "Interner Hinweis",
            "Checklisten zum Abhaken im Browser oder auf Papier. Ihr Fortschritt wird nur in Ihrem Browser gespeichert.",
        ),
        Language::En => (
            "See",
            "Roles",
            "item",
            "items",
            "With video",
            "Internal note",
            "Checklists to tick off in the browser or on paper. Your progress is stored in your browser only.",
        ),
    };
    Words {
        count: w.count.into(),
        reset: w.reset,
        print: w.print,
        filter: w.filter,
        refs,
        role: w.role,
        roles,
        item,
        items,
        video,
        note,
        intro_list,
    }
}

#[derive(Serialize)]
pub struct RoleOption {
    /// `data-role` value to show; "" = every item.
    pub value: String,
    pub title: String,
}

#[derive(Serialize)]
pub struct RefView {
    pub title: String,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct ItemView {
    /// `data-item`: the record's item id, the key of the saved progress.
    pub id: String,
    /// DOM id of the checkbox.
    pub dom: String,
    pub text: String,
    /// `data-role` (absent for items for everyone).
    pub role: Option<String>,
    pub role_title: Option<String>,
    pub help: Option<String>,
    pub refs: Vec<RefView>,
}

#[derive(Serialize)]
pub struct PhaseView {
    pub id: String,
    pub title: String,
    pub items: Vec<ItemView>,
}

#[derive(Serialize)]
pub struct ChecklistView {
    /// `data-checklist`: the record id.
    pub id: String,
    pub title: String,
    pub intro: Option<String>,
    pub video: Option<VideoView>,
    /// Role filter options, the first shows everything; empty = no filter.
    pub filter: Vec<RoleOption>,
    pub filter_id: String,
    pub progress_id: String,
    pub total: usize,
    /// Count text before the script runs: `0 von 12 erledigt`.
    pub count: String,
    pub phases: Vec<PhaseView>,
    pub internal_note: Option<String>,
    pub words: Words,
}

#[derive(Serialize)]
pub struct SummaryView {
    pub title: String,
    pub url: String,
    pub total: usize,
    pub phases: Vec<String>,
    pub roles: Vec<String>,
    pub video: Option<String>,
}

#[derive(Serialize)]
pub struct ChecklistsView {
    pub items: Vec<SummaryView>,
    pub words: Words,
}

pub fn render(env: &RenderEnv<'_>, sink: &LinkSink, diags: &Diagnostics) -> Files {
    let mut files = Files::new();
    let data = env.data;
    if data.checklists.is_empty() {
        return files;
    }
    let seg = segments(env.site.config.language).checklists;
    let lang = env.site.config.language;
    let list_out = index_out(env.site);
    let mut summaries = Vec::new();
    for c in &data.checklists {
        let out = record_out(seg, c.id_str());
        let view = checklist_view(env, c, &out, sink, diags);
        summaries.push(SummaryView {
            title: c.title.clone(),
            url: env.url(&list_out, &out),
            total: view.total,
            phases: c.phases.iter().map(|p| p.title.clone()).collect(),
            roles: c
                .roles
                .iter()
                .filter(|r| !r.is_general())
                .map(|r| r.title.clone())
                .collect(),
            video: c.video.as_ref().map(|v| v.title.clone()),
        });
        files.extend(env.record_page(
            "checklist.html",
            "checklist",
            &out,
            &c.file,
            &c.title,
            None,
            &view,
            diags,
        ));
    }
    let file: PathBuf = data.checklists.first().map_or_else(
        || Path::new("content/data").to_path_buf(),
        |c| c.file.clone(),
    );
    let view = ChecklistsView {
        items: summaries,
        words: words(lang),
    };
    files.extend(env.record_page(
        "checklists.html",
        "checklists",
        &list_out,
        &file,
        index_title(lang),
        None,
        &view,
        diags,
    ));
    files
}

fn checklist_view(
    env: &RenderEnv<'_>,
    c: &Rec<Checklist>,
    out: &str,
    sink: &LinkSink,
    diags: &Diagnostics,
) -> ChecklistView {
    let lang = env.site.config.language;
    let w = words(lang);
    let mut ids = IdSet::default();
    let filter_id = ids.unique("checkliste-rolle");
    let progress_id = ids.unique("checkliste-fortschritt");
    ids.reserve("kf-video-hinweis");

    let specific: Vec<_> = c.roles.iter().filter(|r| !r.is_general()).collect();
    let filter = if specific.is_empty() {
        Vec::new()
    } else {
        let all = c
            .roles
            .iter()
            .find(|r| r.is_general())
            .map_or(checklist_words(lang).all.to_string(), |r| r.title.clone());
        std::iter::once(RoleOption {
            value: String::new(),
            title: all,
        })
        .chain(specific.iter().map(|r| RoleOption {
            value: r.id.value.clone(),
            title: r.title.clone(),
        }))
        .collect()
    };

    let intro = c
        .intro
        .as_ref()
        .map(|m| env.md(&c.file, m, out, "einleitung-", sink, diags));
    let mut phases = Vec::new();
    for ph in &c.phases {
        let phase_id = ids.unique(&format!("phase-{}", slugify(&ph.id.value)));
        let mut items = Vec::new();
        for it in &ph.items {
            let dom = ids.unique(&format!("punkt-{}", slugify(&it.id.value)));
            let role = it
                .role
                .as_ref()
                .and_then(|r| c.roles.iter().find(|x| x.id.value == r.value));
            let help = it
                .help
                .as_ref()
                .map(|m| env.md(&c.file, m, out, &format!("{dom}-"), sink, diags));
            let refs = it
                .refs
                .iter()
                .filter_map(|r| ref_view(env, out, &r.value))
                .collect();
            items.push(ItemView {
                id: it.id.value.clone(),
                dom,
                text: it.text.clone(),
                role: role.filter(|r| !r.is_general()).map(|r| r.id.value.clone()),
                role_title: role.map(|r| r.title.clone()),
                help,
                refs,
            });
        }
        phases.push(PhaseView {
            id: phase_id,
            title: ph.title.clone(),
            items,
        });
    }
    let total = phases.iter().map(|p| p.items.len()).sum();
    let internal_note = match &c.internal_note {
        Some(n) if env.output.audience == Audience::Internal => {
            Some(env.md(&c.file, n, out, "notiz-", sink, diags))
        }
        _ => None,
    };
    ChecklistView {
        id: c.id_str().to_string(),
        title: c.title.clone(),
        intro,
        video: c.video.as_ref().and_then(|v| video_view(env, out, "", v)),
        filter,
        filter_id,
        progress_id,
        total,
        count: w
            .count
            .replace("{done}", "0")
            .replace("{total}", &total.to_string()),
        phases,
        internal_note,
        words: w,
    }
}

/// A `refs` entry as a link to its page, or as plain text when it has no page in this output.
fn ref_view(env: &RenderEnv<'_>, out: &str, r: &str) -> Option<RefView> {
    let visible = |o: &str| {
        env.index
            .audience_by_out
            .get(o)
            .is_some_and(|a| a.visible_in(env.output.audience))
    };
    if ref_is_page(r) {
        let Ok(Target::Internal {
            out: target,
            fragment,
        }) = env.index.resolve_from("", out, r, false)
        else {
            return None;
        };
        if !visible(&target) {
            return None;
        }
        let title = env
            .index
            .pages
            .values()
            .find(|p| p.out == target)
            .map_or_else(|| r.to_string(), |p| p.title.clone());
        let url = env.url(out, &target);
        return Some(RefView {
            title,
            url: Some(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url,
            }),
        });
    }
    match env.index.records.get(r) {
        Some(e) if visible(&e.out) && e.audience.visible_in(env.output.audience) => {
            let url = env.url(out, &e.out);
            Some(RefView {
                title: format!("{r} {}", e.title),
                url: Some(match &e.anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url,
                }),
            })
        }
        Some(e) if !e.audience.visible_in(env.output.audience) => None,
        _ => Some(RefView {
            title: r.to_string(),
            url: None,
        }),
    }
}
