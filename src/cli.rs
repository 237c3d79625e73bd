//! Command line: `krisenfest build | check`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, BuildOptions};
use crate::diagnostics::{self, Lang, Severity};

#[derive(Parser, Debug)]
#[command(
    name = "krisenfest",
    version,
    about = "Builds a municipality's IT masterplan and training kit into static websites"
)]
pub struct Cli {
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
        /// Folder to write into.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
    /// Work with the theme.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Live preview: build into memory, serve on 127.0.0.1, rebuild and reload on change.
    Serve(crate::serve::ServeArgs),
}

#[derive(Args, Debug)]
pub struct Common {
    /// Folder of the plan (it contains content/site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
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
    #[arg(long)]
    pub output: Option<String>,
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
pub enum ThemeCommand {
    /// Copy the default theme into themes/default/ of the plan, to customise it file by file.
    Eject {
        /// Folder of the plan.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
}

/// Exit codes: 0 success, 1 content errors, 2 usage errors.
pub fn run(cli: Cli) -> i32 {
    // Commands without a plan to read follow `--lang`, else German.
    let lang = cli.lang.unwrap_or_default();
    match cli.command {
        Command::Build(a) => build_or_check(&a.common, a.output, true, cli.lang),
        Command::Check(a) => build_or_check(&a.common, None, false, cli.lang),
        Command::New(a) => new_plan(&a, lang),
        Command::Schema { out } => match crate::schema::write(&out) {
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
                    format!(
                        "Fehler: die Schemas können nicht nach `{dir}` geschrieben werden: {e}"
                    ),
                    format!("error: cannot write schemas to `{dir}`: {e}"),
                );
                1
            }
        },
        Command::Theme(ThemeCommand::Eject { root }) => eject(&root, lang),
        Command::Serve(a) => crate::serve::run(a, cli.lang),
    }
}

fn build_or_check(common: &Common, output: Option<String>, write: bool, flag: Option<Lang>) -> i32 {
    let started = Instant::now();
    let opts = BuildOptions {
        root: common.root.clone(),
        output,
        drafts: common.drafts,
    };
    let result = build::build(&opts);
    let lang = crate::config::messages_lang(flag, &result.sources);
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
        match build::write_outputs(&common.root, &result) {
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
