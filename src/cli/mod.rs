//! Command line: `krisenfest build | check | serve | new | snapshot | schema | theme |
//! completion`.
//!
//! Flags follow Zola and Hugo where krisenfest does the same thing (`-r` root, `-o` output
//! folder, `-u` base URL, `-p` port, `-O` open, `-D` drafts), so that their users' habits work.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

mod all;
mod baseline;
mod snapshot;

use crate::build::{self, BuildOptions};
use crate::diagnostics::{self, Lang, Severity};

#[derive(Parser, Debug)]
#[command(
    name = "krisenfest",
    version,
    about = "Builds a municipality's IT masterplan and training kit into static websites"
)]
pub struct Cli {
    /// Folder of the plan (it contains content/site.yaml); before or after the command.
    #[arg(short = 'r', long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Language of the messages: de or en (default: the plan's `language:`, else de).
    #[arg(long, global = true, value_name = "de|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Command,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}` is not a language of the messages; use de or en"))
}

/// A line of the command's own output in the language of the messages.
fn say(lang: Lang, de: String, en: String) {
    eprintln!("{}", if lang == Lang::De { de } else { en });
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build every output (or one) into its folder.
    Build(BuildArgs),
    /// Run every check of `build` without writing anything.
    Check(CheckArgs),
    /// Create a ready-to-build plan skeleton in DIR (which must be new or empty).
    New(NewArgs),
    /// Write JSON Schemas of site.yaml, method.yaml, front matter and every data kind.
    Schema {
        /// Folder to write into (default: schemas/ in the plan folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Write the plan's records as the snapshot of an edition: content/editions/<version>.json.
    Snapshot(snapshot::SnapshotArgs),
    /// Work with the theme.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Work with the baseline the plan starts from (`baseline:` in site.yaml).
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Live preview: build into memory, serve on 127.0.0.1, rebuild and reload on change.
    Serve(crate::serve::ServeArgs),
    /// Print a completion script for SHELL (bash, zsh, fish, elvish, powershell) to stdout.
    Completion {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Args, Debug)]
pub struct Common {
    /// Include pages marked `draft: true`.
    #[arg(short = 'D', long)]
    pub drafts: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Print the wall time of each pipeline stage (load, validate, render, check, write).
    #[arg(long)]
    pub timings: bool,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: Common,
    /// Build only the output with this name (see `outputs` in site.yaml).
    #[arg(long, value_name = "NAME")]
    pub output: Option<String>,
    /// Write the output into DIR instead of its `dir` (one output: `--output NAME` or the only one).
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Publish the output under URL instead of its `base_url`, e.g. for a staging copy.
    #[arg(short = 'u', long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Let `--output-dir` replace a non-empty folder that holds no earlier output.
    #[arg(short = 'f', long, requires = "output_dir")]
    pub force: bool,
    /// Build every plan folder under DIR (each into its own outputs), side by side.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output_dir", "base_url", "force"])]
    pub all: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// Folder of the new plan.
    pub dir: PathBuf,
    /// Name of the municipality, e.g. "Stadt Musterstadt".
    #[arg(long, default_value = "Stadt Musterstadt")]
    pub municipality: String,
}

#[derive(Subcommand, Debug)]
pub enum BaselineCommand {
    /// Record the baseline of today as checked (content/data/baseline.lock.json); later builds
    /// list what it changed since.
    Accept,
}

#[derive(Subcommand, Debug)]
pub enum ThemeCommand {
    /// Copy the default theme into themes/default/ of the plan, to customise it file by file.
    Eject,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// Check only the output with this name (see `outputs` in site.yaml).
    #[arg(long, value_name = "NAME")]
    pub output: Option<String>,
    /// Check the output as published under URL instead of its `base_url`.
    #[arg(short = 'u', long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Check every plan folder under DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "base_url")]
    pub all: Option<PathBuf>,
}

/// What `build` and `check` were asked for beyond the common flags.
struct Selection {
    output: Option<String>,
    output_dir: Option<PathBuf>,
    base_url: Option<String>,
    force: bool,
}

/// Exit codes: 0 success, 1 content errors, 2 usage errors.
pub fn run(cli: Cli) -> i32 {
    // Commands without a plan to read follow `--lang`, else German.
    let lang = cli.lang.unwrap_or_default();
    let given_root = cli.root.is_some();
    let root = cli.root.unwrap_or_else(|| PathBuf::from("."));
    match cli.command {
        Command::Build(BuildArgs {
            all: Some(dir),
            common,
            output,
            ..
        }) => build_all(&dir, given_root, &common, output, true, cli.lang),
        Command::Check(CheckArgs {
            all: Some(dir),
            common,
            output,
            ..
        }) => build_all(&dir, given_root, &common, output, false, cli.lang),
        Command::Build(a) => {
            let sel = Selection {
                output: a.output,
                output_dir: a.output_dir,
                base_url: a.base_url,
                force: a.force,
            };
            build_or_check(&root, &a.common, sel, true, cli.lang)
        }
        Command::Check(a) => {
            let sel = Selection {
                output: a.output,
                output_dir: None,
                base_url: a.base_url,
                force: false,
            };
            build_or_check(&root, &a.common, sel, false, cli.lang)
        }
        Command::New(_) if given_root => {
            say(
                lang,
                "Fehler: `new` nimmt den Ordner des neuen Plans als Argument, nicht `--root`\n  = Hilfe: `krisenfest new mein-plan`".into(),
                "error: `new` takes the folder of the new plan as its argument, not `--root`\n  = help: `krisenfest new my-plan`".into(),
            );
            2
        }
        Command::New(a) => new_plan(&a, lang),
        Command::Completion { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "krisenfest", &mut std::io::stdout());
            0
        }
        Command::Schema { out } => {
            let out = out.unwrap_or_else(|| root.join("schemas"));
            write_schemas(&out, lang)
        }
        Command::Theme(ThemeCommand::Eject) => eject(&root, lang),
        Command::Baseline(BaselineCommand::Accept) => baseline::accept(&root, cli.lang),
        Command::Snapshot(a) => snapshot::run(&root, &a, cli.lang),
        Command::Serve(mut a) => {
            a.root = root;
            crate::serve::run(a, cli.lang)
        }
    }
}

fn write_schemas(out: &std::path::Path, lang: Lang) -> i32 {
    match crate::schema::write(out) {
        Ok(n) => {
            let dir = out.display();
            say(
                lang,
                format!("{n} Schemas nach {dir} geschrieben"),
                format!("wrote {n} schemas to {dir}"),
            );
            0
        }
        Err(e) => {
            let dir = out.display();
            say(
                lang,
                format!("Fehler: die Schemas können nicht nach `{dir}` geschrieben werden: {e}"),
                format!("error: cannot write schemas to `{dir}`: {e}"),
            );
            1
        }
    }
}

/// The date builds speak of: `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when set, so that
/// builds are reproducible; `None` is today.
pub fn date_from_env() -> Result<Option<crate::model::common::Date>, crate::diagnostics::Msg> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => crate::model::common::Date::from_epoch(&s).map(Some),
        Err(_) => Ok(None),
    }
}

/// `--all DIR`: every plan under DIR, each with its own root, so `--root` has no meaning here.
fn build_all(
    dir: &std::path::Path,
    given_root: bool,
    common: &Common,
    output: Option<String>,
    write: bool,
    flag: Option<Lang>,
) -> i32 {
    let early = flag.unwrap_or_default();
    if given_root {
        let m = crate::msg!(
            "`--all` baut jeden Plan unter seinem Ordner; `--root` passt nicht dazu",
            "`--all` builds every plan under its folder; `--root` does not go with it"
        );
        let h = crate::msg!(
            "lassen Sie `--root` weg: `krisenfest build --all ORDNER`",
            "leave out `--root`: `krisenfest build --all FOLDER`"
        );
        return usage(early, &m, &h);
    }
    let date = match date_from_env() {
        Ok(d) => d,
        Err(m) => {
            let h = crate::msg!(
                "setzen Sie `SOURCE_DATE_EPOCH` auf Sekunden seit 1970 oder entfernen Sie die Variable",
                "set `SOURCE_DATE_EPOCH` to seconds since 1970 or unset it"
            );
            return usage(early, &m, &h);
        }
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let batch = all::Batch {
        common,
        output,
        write,
        date,
        flag,
        color,
    };
    all::run(dir, &batch)
}

/// A usage error (exit 2) in the language of the messages.
fn usage(lang: Lang, message: &crate::diagnostics::Msg, hint: &crate::diagnostics::Msg) -> i32 {
    say(
        lang,
        format!("Fehler: {}\n  = Hilfe: {}", message.de, hint.de),
        format!("error: {}\n  = help: {}", message.en, hint.en),
    );
    2
}

fn build_or_check(
    root: &std::path::Path,
    common: &Common,
    sel: Selection,
    write: bool,
    flag: Option<Lang>,
) -> i32 {
    let started = Instant::now();
    let early = flag.unwrap_or_default();
    if let Some(url) = &sel.base_url
        && let Some((m, h)) = crate::config::base_url_problem(url)
    {
        return usage(early, &m, &h);
    }
    // A folder typed on the command line is relative to where it was typed, as in Zola.
    let output_dir = match sel.output_dir {
        Some(d) if d.is_relative() => match std::env::current_dir() {
            Ok(cwd) => Some(cwd.join(d)),
            Err(e) => {
                let m = crate::msg!(
                    "der aktuelle Ordner kann nicht gelesen werden: {e}",
                    "cannot read the current folder: {e}"
                );
                let h = crate::msg!(
                    "geben Sie `--output-dir` als absoluten Pfad an",
                    "give `--output-dir` as an absolute path"
                );
                return usage(early, &m, &h);
            }
        },
        d => d,
    };
    let date = match date_from_env() {
        Ok(d) => d,
        Err(m) => {
            let h = crate::msg!(
                "setzen Sie `SOURCE_DATE_EPOCH` auf Sekunden seit 1970 (z. B. `date +%s`) oder entfernen Sie die Variable",
                "set `SOURCE_DATE_EPOCH` to seconds since 1970 (e.g. `date +%s`) or unset it"
            );
            return usage(early, &m, &h);
        }
    };
    let opts = BuildOptions {
        root: root.to_path_buf(),
        date,
        output: sel.output,
        drafts: common.drafts,
        base_url: sel.base_url,
        output_dir,
        force: sel.force,
    };
    let result = build::build(&opts);
    let lang = crate::config::messages_lang(flag, &result.sources);
    if let Some((m, h)) = &result.usage {
        return usage(lang, m, h);
    }
    if let Some(name) = &result.unknown_output {
        say(
            lang,
            format!(
                "Fehler: es gibt keine Ausgabe namens `{name}`\n  = Hilfe: die Ausgaben stehen unter `outputs:` in content/site.yaml"
            ),
            format!(
                "error: there is no output named `{name}`\n  = help: outputs are defined under `outputs:` in content/site.yaml"
            ),
        );
        return 2;
    }
    let diags = result.diagnostics.snapshot();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        eprint!(
            "{}",
            diagnostics::render_all(&diags, &result.sources, color, lang)
        );
    }
    if errors > 0 || (common.strict && warnings > 0) {
        if errors == 0 {
            say(
                lang,
                "Fehler: --strict: Warnungen zählen als Fehler".into(),
                "error: --strict: warnings count as errors".into(),
            );
        }
        if write {
            say(
                lang,
                "Hinweis: nichts wurde geschrieben; die bisherige Ausgabe ist unverändert".into(),
                "note: nothing was written; the previous output is unchanged".into(),
            );
        }
        return 1;
    }
    let write_started = Instant::now();
    if write {
        match build::write_outputs(root, &result) {
            Ok(dirs) => {
                for (o, dir) in result.outputs.iter().zip(dirs) {
                    let (name, n, dir) = (&o.spec.name, o.files.len(), dir.display());
                    let (de, en) = match o.spec.audience {
                        crate::model::common::Audience::Public => ("öffentlich", "public"),
                        crate::model::common::Audience::Internal => ("intern", "internal"),
                    };
                    say(
                        lang,
                        format!("`{name}` ({de}) gebaut: {n} Dateien in {dir}"),
                        format!("built `{name}` ({en}): {n} files in {dir}"),
                    );
                }
            }
            Err(d) => {
                eprintln!("{}", diagnostics::render(&d, &result.sources, color, lang));
                return 1;
            }
        }
    } else {
        for o in &result.outputs {
            let (name, n) = (&o.spec.name, o.files.len());
            say(
                lang,
                format!("`{name}` geprüft: {n} Dateien, keine Fehler"),
                format!("checked `{name}`: {n} files, no errors"),
            );
        }
    }
    if common.timings {
        for (stage, took) in result.timings.stages() {
            eprintln!("  {stage:<13} {:>8.1} ms", took.as_secs_f64() * 1e3);
        }
        if write {
            eprintln!(
                "  {:<13} {:>8.1} ms",
                "write",
                write_started.elapsed().as_secs_f64() * 1e3
            );
        }
    }
    let ms = started.elapsed().as_millis();
    say(
        lang,
        format!("fertig in {ms} ms"),
        format!("finished in {ms} ms"),
    );
    0
}

fn scaffold_exit(e: crate::scaffold::ScaffoldError, lang: Lang) -> i32 {
    let (m, code) = match e {
        crate::scaffold::ScaffoldError::Refused(m) => (m, 2),
        crate::scaffold::ScaffoldError::Io(m) => (m, 1),
    };
    say(
        lang,
        format!("Fehler: {}", m.de),
        format!("error: {}", m.en),
    );
    code
}

fn new_plan(a: &NewArgs, lang: Lang) -> i32 {
    match crate::scaffold::new_plan(&a.dir, &a.municipality) {
        Ok(files) => {
            let (who, dir, n) = (&a.municipality, a.dir.display(), files.len());
            say(
                lang,
                format!(
                    "Plan für {who} in {dir} angelegt ({n} Dateien)\nweiter: die TODOs in content/site.yaml ausfüllen, dann `krisenfest build --root {dir}`"
                ),
                format!(
                    "created a plan for {who} in {dir} ({n} files)\nnext: fill in the TODOs in content/site.yaml, then `krisenfest build --root {dir}`"
                ),
            );
            0
        }
        Err(e) => scaffold_exit(e, lang),
    }
}

fn eject(root: &std::path::Path, lang: Lang) -> i32 {
    match crate::scaffold::eject_theme(root) {
        Ok(n) => {
            let dir = root.join("themes/default");
            let dir = dir.display();
            say(
                lang,
                format!("{n} Theme-Dateien nach {dir} kopiert"),
                format!("copied {n} theme files to {dir}"),
            );
            0
        }
        Err(e) => scaffold_exit(e, lang),
    }
}
