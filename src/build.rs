//! The pipeline, in one direction: load → validate → compute → render → check → write.

use std::path::{Path, PathBuf};

use crate::check;
use crate::config::OutputConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Sources};
use crate::files::Files;
use crate::load::{self, LoadOptions};
use crate::model::common::Date;
use crate::msg;
use crate::render::{self, OutputSpec, RenderEnv, SiteIndex};
use crate::theme;
use crate::validate;

#[cfg(feature = "pdf")]
mod pdf;
mod timings;

pub use timings::Timings;

#[derive(Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Build only this output.
    pub output: Option<String>,
    pub drafts: bool,
    /// `--base-url`: the address the one output built is published under, instead of its
    /// `base_url` in site.yaml (a staging copy). Checked by the caller like a site.yaml address.
    pub base_url: Option<String>,
    /// `--output-dir`: an absolute folder the one output built is written to, instead of its
    /// `dir` in site.yaml.
    pub output_dir: Option<PathBuf>,
    /// `--force`: `output_dir` may be a non-empty folder that holds no earlier output.
    pub force: bool,
    /// The date the build speaks of ("today" for overdue reviews and next reviews); `None` is
    /// the local date. The command line fills it from `SOURCE_DATE_EPOCH` for reproducible
    /// builds; the pipeline reads no environment.
    pub date: Option<Date>,
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
    /// Another usage error found once the plan was read (message, hint), e.g. `--output-dir`
    /// for a plan with two outputs and no `--output`.
    pub usage: Option<(Msg, Msg)>,
    /// Wall time per pipeline stage, in order, for `--timings`.
    pub timings: Timings,
    /// What the outputs were rendered from (for `serve`); `None` if the build stopped early.
    pub prepared: Option<Prepared>,
}

/// Everything an output is rendered from: the loaded and validated plan, its link index, the
/// theme and every page's Markdown, rendered once for all outputs. `serve` keeps it between
/// rebuilds to re-render single pages.
pub struct Prepared {
    pub site: crate::model::Site,
    pub index: SiteIndex,
    pub theme: theme::Theme,
    pub templates: render::Templates,
    pub md: render::RenderedPages,
    pub date: Date,
}

impl Prepared {
    /// The records an output shows.
    fn visible(&self, o: &OutputConfig) -> crate::model::Data {
        self.site
            .records
            .visible(o.audience, self.site.config.default_audience)
    }

    /// What the renderers need for one output.
    fn env<'a>(
        &'a self,
        spec: &'a OutputSpec,
        data: &'a crate::model::Data,
        sources: &'a Sources,
    ) -> RenderEnv<'a> {
        RenderEnv {
            site: &self.site,
            index: &self.index,
            theme: &self.theme,
            templates: &self.templates,
            output: spec,
            build_date: self.date,
            nav: render::site_nav::build(&self.site, &self.theme.strings, data, spec.audience),
            sources,
            data,
        }
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
        usage: None,
        timings: Timings::default(),
        prepared: None,
    };
    result.timings.start();
    let Some(prep) = prepare(opts, &diags, &sources, &mut result) else {
        return result;
    };
    // Outputs render side by side: each is parallel inside, but has sequential stretches
    // (navigation, index merge, serialisation) that the other output can fill.
    let wanted: Vec<&OutputConfig> = prep
        .site
        .config
        .outputs
        .iter()
        .map(|o| &o.value)
        .filter(|o| opts.output.as_ref().is_none_or(|n| n == &o.name))
        .collect();
    // Known before any output starts, so that no output's checks depend on how far the
    // other one has got.
    let plan_errors = diags.has_errors();
    let built: Vec<(BuiltOutput, Timings)> = {
        use rayon::prelude::*;
        wanted
            .par_iter()
            .map(|o| {
                let mut t = Timings::default();
                t.start();
                let b = render_output(&prep, o, plan_errors, &diags, &sources, &mut t);
                (b, t)
            })
            .collect()
    };
    // Stages of outputs that overlapped: the longest one counts.
    for (mut b, t) in built {
        result.timings.merge_max(&t);
        if let Some(dir) = opts.output_dir.as_ref().and_then(|d| d.to_str()) {
            b.dir = dir.to_string();
        }
        result.outputs.push(b);
    }
    result.prepared = Some(prep);
    result
}

/// load → validate → templates → Markdown, shared by all outputs.
fn prepare(
    opts: &BuildOptions,
    diags: &Diagnostics,
    sources: &Sources,
    result: &mut BuildResult,
) -> Option<Prepared> {
    let date = opts
        .date
        .unwrap_or_else(|| Date(jiff::ZonedDateTime::now().date()));

    // load
    let mut site = load::load(
        &opts.root,
        &LoadOptions {
            drafts: opts.drafts,
        },
        diags,
        sources,
    )?;
    if let Some(name) = &opts.output
        && !site.config.outputs.iter().any(|o| &o.value.name == name)
    {
        result.unknown_output = Some(name.clone());
        return None;
    }
    if let Err(usage) = apply_overrides(opts, &mut site.config) {
        result.usage = Some(usage);
        return None;
    }
    let theme_name = site
        .config
        .theme
        .clone()
        .unwrap_or_else(|| "default".into());
    let language = site.config.language.code();
    let output_dirs: Vec<String> = site
        .config
        .outputs
        .iter()
        .map(|o| crate::outdir::normalise_dir(&o.value.dir.value))
        .collect();
    result.timings.lap("load");

    // validate, and meanwhile load the theme and compile its templates (they need nothing of
    // the validated plan)
    let (index, (theme, templates)) = rayon::join(
        || {
            validate::validate_site(&mut site, date, diags);
            render::legal::validate(&site, diags);
            let mut index = SiteIndex::from_site(&site);
            render::risks::register(&site, &mut index);
            render::legal::register(&site, &mut index);
            render::decisions::register(&site, &mut index);
            render::checklists::register(&site, &mut index);
            render::bcm::register(&site, &mut index);
            index
        },
        || {
            let dirs: Vec<&str> = output_dirs.iter().map(String::as_str).collect();
            let theme = theme::load(&opts.root, &theme_name, language, &dirs, diags);
            let templates = render::templates(&theme, diags);
            (theme, templates)
        },
    );
    result.timings.lap("validate");
    let templates = templates?;

    // render (the output-independent part)
    let md = render::render_markdown(&site, &index, diags);
    result.timings.lap("markdown");
    Some(Prepared {
        site,
        index,
        theme,
        templates,
        md,
        date,
    })
}

/// `--base-url` and `--output-dir` name one output: the one `--output` selects, or the plan's
/// only one. Applies the address and checks the folder (message, hint on a usage error).
fn apply_overrides(
    opts: &BuildOptions,
    config: &mut crate::config::SiteConfig,
) -> Result<(), (Msg, Msg)> {
    if opts.base_url.is_none() && opts.output_dir.is_none() {
        return Ok(());
    }
    let flag = if opts.output_dir.is_some() {
        "--output-dir"
    } else {
        "--base-url"
    };
    let chosen = match &opts.output {
        Some(name) => config.outputs.iter().position(|o| &o.value.name == name),
        None if config.outputs.len() == 1 => Some(0),
        None => None,
    };
    let Some(i) = chosen else {
        let names: Vec<&str> = config
            .outputs
            .iter()
            .map(|o| o.value.name.as_str())
            .collect();
        let names = names.join("`, `");
        return Err((
            msg!(
                "`{flag}` gilt für eine Ausgabe, der Plan hat aber mehrere (`{names}`)",
                "`{flag}` applies to one output, but the plan has several (`{names}`)"
            ),
            msg!(
                "wählen Sie die Ausgabe mit `--output NAME`, z. B. `--output {}`",
                "choose the output with `--output NAME`, e.g. `--output {}`";
                config.outputs.first().map_or("public", |o| o.value.name.as_str())
            ),
        ));
    };
    if let Some(url) = &opts.base_url {
        let unknown = serde_saphyr::Location::UNKNOWN;
        config.outputs[i].value.base_url =
            Some(serde_saphyr::Spanned::new(url.clone(), unknown, unknown));
    }
    if let Some(target) = &opts.output_dir {
        let own = &config.outputs[i].value.name;
        let others: Vec<(String, PathBuf)> = config
            .outputs
            .iter()
            .filter(|o| &o.value.name != own)
            .map(|o| {
                let dir = crate::outdir::normalise_dir(&o.value.dir.value);
                (o.value.name.clone(), opts.root.join(dir))
            })
            .collect();
        crate::outdir::check_target(&opts.root, target, &others)?;
        if !opts.force {
            crate::outdir::check_target_contents(target)?;
        }
    }
    Ok(())
}

fn output_spec(o: &OutputConfig) -> OutputSpec {
    OutputSpec {
        name: o.name.clone(),
        audience: o.audience,
        base_url: o.base_url.as_ref().map(|u| u.value.clone()),
    }
}

/// render → check, for one output.
fn render_output(
    prep: &Prepared,
    o: &OutputConfig,
    plan_errors: bool,
    shared: &Diagnostics,
    sources: &Sources,
    timings: &mut Timings,
) -> BuiltOutput {
    // This output's own findings: whether its generated files are checked depends on them and
    // the plan's, never on the other output's (which runs alongside).
    let own = Diagnostics::new();
    let diags = &own;
    let site = &prep.site;
    let spec = output_spec(o);
    let data = prep.visible(o);
    let env = prep.env(&spec, &data, sources);
    let md = &prep.md;
    let mut files = render::render_pages(&env, md, diags);
    let sink = render::LinkSink::default();
    files.merge(render::risks::render(&env, &sink, diags));
    files.merge(render::decisions::render(&env, &sink, diags));
    files.merge(render::checklists::render(&env, &sink, diags));
    files.merge(render::bcm::render(&env, &sink, diags));
    files.merge(render::legal::render(&env, diags));
    files.merge(render::opendata::render(&env, diags));
    files.merge(render::baseline::render(&env, diags));
    files.merge(render::changes::render(&env, diags));
    timings.lap("render");
    // The print edition holds every page made so far; the council paper, made after it,
    // lists the print edition and its PDF among its attachments only when they were made.
    let print = render::print::render(&env, &files, diags);
    files.merge(print);
    #[cfg(feature = "pdf")]
    {
        let pdf = pdf::render(&env, &files, diags);
        files.merge(pdf);
    }
    timings.lap("print edition");
    let paper = render::changes::paper::render(&env, &files, diags);
    files.merge(paper);
    // The search finds each page once: on the site, not again in the print edition.
    let search = crate::search::render(&env, &files, diags);
    files.merge(search);
    timings.lap("search index");
    render::render_service_files(&env, &mut files, diags);
    render::copy_statics(&env, md, &sink, &mut files, diags);
    render::bcm::check_public(site, o.audience, &files, diags);
    files.report(site, diags);
    timings.lap("render");

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
                        &p.file,
                        &r.links,
                        &files,
                        &prep.index,
                        o.audience,
                        &ids,
                        diags,
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
            &prep.index,
            o.audience,
            &ids,
            diags,
        );
    }
    if !plan_errors && !diags.has_errors() {
        check::check_generated(
            &files,
            &check::Origins::new(site, &crate::outdir::normalise_dir(&o.dir.value), sources),
            &ids,
            diags,
        );
    }
    timings.lap("check");
    shared.extend(own.snapshot());
    BuiltOutput {
        spec,
        dir: o.dir.value.clone(),
        files,
    }
}

/// `serve`'s fast path after an edit that changed only the text below the front matter of
/// existing Markdown pages: re-render those pages alone and check their links, for the output
/// named `output`. Returns the new files, or `None` when the change needs a full build (a front
/// matter changed, a file is new, gone or not a page, or a file cannot be read). Everything a
/// page body can affect elsewhere — the search index and anchors other pages link to — is left
/// to the full build that `serve` runs afterwards.
pub fn rerender_pages(
    prep: &mut Prepared,
    changed: &[PathBuf],
    output: &str,
    current: &Files,
    diags: &Diagnostics,
    sources: &Sources,
) -> Option<Files> {
    let content = prep.site.root.join("content");
    let mut idx = Vec::new();
    for path in changed {
        let rel = path
            .strip_prefix(&content)
            .ok()?
            .to_str()?
            .replace('\\', "/");
        let i = prep
            .site
            .pages
            .iter()
            .position(|p| !p.generated && p.rel == rel)?;
        let page = &prep.site.pages[i];
        let text = crate::source::read_text(path, &page.file).ok()?;
        let split = load::split_front_matter(&text, &page.file).ok()?;
        let old = sources.get(&page.file)?;
        let old_split = load::split_front_matter(&old, &page.file).ok()?;
        if split.yaml != old_split.yaml || split.body_offset != page.body_offset {
            return None;
        }
        let body = split.body.to_string();
        sources.insert(&page.file, text.clone().into());
        prep.site.pages[i].body = body;
        idx.push(i);
    }
    let o = prep
        .site
        .config
        .outputs
        .iter()
        .map(|o| &o.value)
        .find(|o| o.name == output)?
        .clone();
    for &i in &idx {
        let p = &prep.site.pages[i];
        let r = render::render_page_markdown(&prep.site, &prep.index, p, diags);
        prep.md.by_out.insert(p.out.clone(), r);
    }
    let site = &prep.site;
    let spec = output_spec(&o);
    let data = prep.visible(&o);
    let env = prep.env(&spec, &data, sources);
    let mut new = Files::new();
    for &i in &idx {
        let p = &site.pages[i];
        if p.audience.visible_in(o.audience) {
            new.add(render::render_page(&env, &prep.md, p, diags)?);
        }
    }
    // The set of files is unchanged, so links resolve against the current files; anchors of
    // the re-rendered pages come from their new versions.
    let ids = check::IdCache::default();
    check::check_replaced(
        current,
        &new,
        &check::Origins::new(site, &crate::outdir::normalise_dir(&o.dir.value), sources),
        &ids,
        diags,
    );
    for &i in &idx {
        let p = &site.pages[i];
        if let (true, Some(r)) = (
            p.audience.visible_in(o.audience),
            prep.md.by_out.get(&p.out),
        ) {
            check::check_source_links(
                &p.file,
                &r.links,
                current,
                &prep.index,
                o.audience,
                &ids,
                diags,
            );
        }
    }
    Some(new)
}

/// Write every built output, or none of them (see `output`).
pub fn write_outputs(root: &Path, result: &BuildResult) -> Result<Vec<PathBuf>, Diagnostic> {
    use crate::output::{Outcome, Output};
    let outputs: Vec<Output> = result
        .outputs
        .iter()
        .map(|o| Output {
            name: &o.spec.name,
            dir: &o.dir,
            files: &o.files,
        })
        .collect();
    crate::output::write_all(root, &outputs).map_err(|e| {
        let dir = outputs
            .iter()
            .find(|o| o.name == e.output)
            .map_or(String::new(), |o| {
                if Path::new(o.dir).is_absolute() {
                    o.dir.to_string()
                } else {
                    crate::outdir::normalise_dir(o.dir)
                }
            });
        let inside = e.path.strip_prefix(root).ok();
        let path = crate::diagnostics::display_path(
            inside
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(&e.path),
        );
        let (name, why) = (&e.output, crate::output::reason(&e.error));
        let (why_de, why) = (&why.de, &why.en);
        match e.outcome {
            Outcome::Unchanged => Diagnostic::error(msg!(
                "Ausgabe `{name}` kann nicht nach `{dir}` geschrieben werden: {why_de}",
                "cannot write output `{name}` to `{dir}`: {why}"
            ))
            .hint(msg!(
                "bei `{path}`. Es wurde nichts geschrieben: Jede Ausgabe ist so wie vor diesem Build. Stellen Sie sicher, dass der Ordner beschreibbar ist, die Festplatte nicht voll ist und keine Datei dort liegt, wo ein Ordner hingehört, und bauen Sie dann erneut",
                "at `{path}`. Nothing was written: every output is as it was before this build. Make sure the folder is writable, the disk is not full and no file stands where a folder belongs, then build again"
            )),
            Outcome::Written => Diagnostic::error(msg!(
                "alle Ausgaben wurden geschrieben, aber der bisherige Ordner der Ausgabe `{name}` konnte nicht gelöscht werden: {why_de}",
                "every output was written, but the previous folder of output `{name}` could not be deleted: {why}"
            ))
            .hint(msg!(
                "Löschen Sie `{path}` von Hand; es gehört zu keiner Ausgabe",
                "delete `{path}` by hand; it is not part of any output"
            )),
            Outcome::RollbackFailed => Diagnostic::error(msg!(
                "Ausgabe `{name}` kann nicht nach `{dir}` geschrieben werden, und das Zurücklegen der bisherigen Ausgaben ist fehlgeschlagen: {why_de}",
                "cannot write output `{name}` to `{dir}`, and putting the previous outputs back failed: {why}"
            ))
            .hint(msg!(
                "eine bisherige Ausgabe liegt jetzt unter `{path}`: Benennen Sie sie vor dem Veröffentlichen wieder in ihren Ausgabeordner um",
                "a previous output is now at `{path}`: rename it back to its output folder before you publish"
            )),
        }
    })
}
