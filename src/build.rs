//! The pipeline, in one direction: load → validate → compute → render → check → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::check;
use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::load::{self, LoadOptions};
use crate::model::common::{Audience, Date};
use crate::render::{self, Files, OutputSpec, RenderEnv, SiteIndex, nav};
use crate::theme;
use crate::validate;

pub struct BuildOptions {
    pub root: PathBuf,
    /// Build only this output.
    pub output: Option<String>,
    pub drafts: bool,
}

pub struct BuiltOutput {
    pub spec: OutputSpec,
    pub dir: String,
    pub files: Files,
}

pub struct BuildResult {
    pub outputs: Vec<BuiltOutput>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
    /// `--output NAME` named no output: a usage error, not a content error.
    pub unknown_output: Option<String>,
    /// Wall time per pipeline stage, in order, for `--timings`.
    pub timings: Timings,
}

/// Wall time of each pipeline stage; stages of several outputs are added up under one name.
#[derive(Default, Debug)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
    last: Option<Instant>,
}

impl Timings {
    fn start(&mut self) {
        self.last = Some(Instant::now());
    }

    /// Ends the current stage under `name` and starts the next one.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        let took = self.last.map(|l| now - l).unwrap_or_default();
        self.last = Some(now);
        match self.stages.iter_mut().find(|(n, _)| *n == name) {
            Some((_, d)) => *d += took,
            None => self.stages.push((name, took)),
        }
    }

    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }
}

/// The date the build speaks of ("today" for overdue reviews): `SOURCE_DATE_EPOCH` when set,
/// so that builds are reproducible, else the local date.
pub fn build_date() -> Result<Date, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => {
            let secs: i64 = s
                .trim()
                .parse()
                .map_err(|_| format!("SOURCE_DATE_EPOCH `{s}` is not a number of seconds"))?;
            let ts = jiff::Timestamp::from_second(secs)
                .map_err(|e| format!("SOURCE_DATE_EPOCH `{s}` is out of range: {e}"))?;
            Ok(Date(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()))
        }
        Err(_) => Ok(Date(jiff::ZonedDateTime::now().date())),
    }
}

pub fn build(opts: &BuildOptions) -> BuildResult {
    let diags = Diagnostics::new();
    let sources = Sources::default();
    let mut result = BuildResult {
        outputs: Vec::new(),
        diagnostics: diags.clone(),
        sources: sources.clone(),
        unknown_output: None,
        timings: Timings::default(),
    };
    result.timings.start();
    let date = match build_date() {
        Ok(d) => d,
        Err(e) => {
            diags.push(Diagnostic::error(e));
            return result;
        }
    };

    // load
    let Some(mut site) = load::load(
        &opts.root,
        &LoadOptions {
            drafts: opts.drafts,
        },
        &diags,
        &sources,
    ) else {
        return result;
    };
    if let Some(name) = &opts.output
        && !site.config.outputs.iter().any(|o| &o.value.name == name)
    {
        result.unknown_output = Some(name.clone());
        return result;
    }
    let theme_name = site
        .config
        .theme
        .clone()
        .unwrap_or_else(|| "default".into());
    let theme = theme::load(&opts.root, &theme_name, site.config.language.code(), &diags);
    result.timings.lap("load");

    // validate
    validate::validate_site(&mut site, date, &diags);
    render::legal::validate(&site, &diags);
    let mut index = SiteIndex::from_site(&site);
    render::risks::register(&site, &mut index);
    render::legal::register(&site, &mut index);
    render::decisions::register(&site, &mut index);
    render::checklists::register(&site, &mut index);
    result.timings.lap("validate");

    // render
    let Some(templates) = render::templates(&theme, &diags) else {
        return result;
    };
    result.timings.lap("templates");
    let md = render::render_markdown(&site, &index, &diags);
    result.timings.lap("markdown");

    for o in &site.config.outputs {
        let o = &o.value;
        if opts.output.as_ref().is_some_and(|n| n != &o.name) {
            continue;
        }
        let spec = OutputSpec {
            name: o.name.clone(),
            audience: o.audience,
            base_url: o.base_url.clone(),
        };
        let data = site
            .records
            .visible(o.audience, site.config.default_audience);
        let nav = build_nav(&site, &data, o.audience);
        let env = RenderEnv {
            site: &site,
            index: &index,
            theme: &theme,
            templates: &templates,
            output: &spec,
            build_date: date,
            nav,
            sources: &sources,
            data: &data,
        };
        result.timings.lap("render");
        let mut files = render::render_pages(&env, &md, &diags);
        let sink = render::LinkSink::default();
        files.extend(render::risks::render(&env, &sink, &diags));
        files.extend(render::decisions::render(&env, &sink, &diags));
        files.extend(render::checklists::render(&env, &sink, &diags));
        files.extend(render::legal::render(&env, &diags));
        files.extend(render::opendata::render(&env, &diags));
        result.timings.lap("render");
        files.extend(crate::search::render(&env, &files, &diags));
        result.timings.lap("search index");
        render::render_service_files(&env, &mut files, &diags);
        render::copy_statics(&env, &mut files, &diags);
        result.timings.lap("render");

        // check
        let ids = check::IdCache::default();
        {
            use rayon::prelude::*;
            site.pages
                .par_iter()
                .filter(|p| p.audience.visible_in(o.audience))
                .for_each(|p| {
                    if let Some(r) = md.by_out.get(&p.out) {
                        check::check_source_links(
                            &p.file, &r.links, &files, &index, o.audience, &ids, &diags,
                        );
                    }
                });
        }
        let record_links = sink.into_inner().unwrap_or_else(|e| e.into_inner());
        for (file, link) in &record_links {
            check::check_source_links(
                file,
                std::slice::from_ref(link),
                &files,
                &index,
                o.audience,
                &ids,
                &diags,
            );
        }
        if !diags.has_errors() {
            check::check_generated(&files, &ids, &diags);
        }
        result.timings.lap("check");
        result.outputs.push(BuiltOutput {
            spec,
            dir: o.dir.clone(),
            files,
        });
    }
    result
}

fn build_nav(site: &crate::model::Site, data: &crate::model::Data, audience: Audience) -> nav::Nav {
    let mut entries: Vec<nav::NavEntry> = site
        .pages
        .iter()
        .filter(|p| p.audience.visible_in(audience))
        .map(|p| nav::NavEntry {
            out: p.out.clone(),
            title: p.front.title.clone(),
            description: p.front.description.clone(),
            date: p.front.date.map(|d| d.german()),
            weight: p.weight(),
            in_menu: true,
        })
        .collect();
    entries.extend(render::risks::nav_entries(site, data));
    entries.extend(render::decisions::nav_entries(site, data));
    entries.extend(render::checklists::nav_entries(site, data));
    let mut footer: Vec<(String, String)> = render::legal::footer_links(site)
        .into_iter()
        .filter(|(_, out)| site.config.legal.is_some() || site.pages.iter().any(|p| &p.out == out))
        .collect();
    // Only pages visible in this output are linked (a Leichte-Sprache page may be public).
    footer.extend(
        render::legal::accessibility_links(site)
            .into_iter()
            .filter(|(_, out)| {
                site.pages
                    .iter()
                    .any(|p| &p.out == out && p.audience.visible_in(audience))
            }),
    );
    if audience == Audience::Public
        && !(data.risks.is_empty() && data.measures.is_empty() && data.goals.is_empty())
    {
        let seg = crate::urls::segments(site.config.language);
        footer.push(("Offene Daten".into(), format!("{}/index.html", seg.data)));
    }
    nav::Nav::new(entries, footer)
}

/// Write every built output atomically.
pub fn write_outputs(root: &Path, result: &BuildResult) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut written = Vec::new();
    for o in &result.outputs {
        match crate::output::write(root, &o.dir, &o.files) {
            Ok(p) => written.push(p),
            Err(e) => {
                return Err(Diagnostic::error(format!(
                    "cannot write output `{}` to `{}`: {e}",
                    o.spec.name, o.dir
                )));
            }
        }
    }
    Ok(written)
}
