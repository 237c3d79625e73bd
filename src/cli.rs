//! Command line: `krisenfest build | check`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, BuildOptions};
use crate::diagnostics::{self, Severity};

#[derive(Parser, Debug)]
#[command(
    name = "krisenfest",
    version,
    about = "Builds a municipality's IT masterplan and training kit into static websites"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
    match cli.command {
        Command::Build(a) => build_or_check(&a.common, a.output, true),
        Command::Check(a) => build_or_check(&a.common, None, false),
        Command::New(a) => new_plan(&a),
        Command::Schema { out } => match crate::schema::write(&out) {
            Ok(n) => {
                eprintln!("wrote {n} schemas to {}", out.display());
                0
            }
            Err(e) => {
                eprintln!("error: cannot write schemas to `{}`: {e}", out.display());
                1
            }
        },
        Command::Theme(ThemeCommand::Eject { root }) => eject(&root),
        Command::Serve(a) => crate::serve::run(a),
    }
}

fn build_or_check(common: &Common, output: Option<String>, write: bool) -> i32 {
    let started = Instant::now();
    let opts = BuildOptions {
        root: common.root.clone(),
        output,
        drafts: common.drafts,
    };
    let result = build::build(&opts);
    if let Some(name) = &result.unknown_output {
        eprintln!("error: there is no output named `{name}`");
        eprintln!("  = help: outputs are defined under `outputs:` in content/site.yaml");
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
            diagnostics::render_all(&diags, &result.sources, color)
        );
    }
    if errors > 0 || (common.strict && warnings > 0) {
        if errors == 0 {
            eprintln!("error: --strict: warnings count as errors");
        }
        if write {
            eprintln!("note: nothing was written; the previous output is unchanged");
        }
        return 1;
    }
    let write_started = Instant::now();
    if write {
        match build::write_outputs(&common.root, &result) {
            Ok(dirs) => {
                for (o, dir) in result.outputs.iter().zip(dirs) {
                    eprintln!(
                        "built `{}` ({}): {} files in {}",
                        o.spec.name,
                        match o.spec.audience {
                            crate::model::common::Audience::Public => "public",
                            crate::model::common::Audience::Internal => "internal",
                        },
                        o.files.len(),
                        dir.display()
                    );
                }
            }
            Err(d) => {
                eprintln!("{}", diagnostics::render(&d, &result.sources, color));
                return 1;
            }
        }
    } else {
        for o in &result.outputs {
            eprintln!(
                "checked `{}`: {} files, no errors",
                o.spec.name,
                o.files.len()
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
    eprintln!("finished in {} ms", started.elapsed().as_millis());
    0
}

fn scaffold_exit(e: crate::scaffold::ScaffoldError) -> i32 {
    match e {
        crate::scaffold::ScaffoldError::Refused(m) => {
            eprintln!("error: {m}");
            2
        }
        crate::scaffold::ScaffoldError::Io(m) => {
            eprintln!("error: {m}");
            1
        }
    }
}

fn new_plan(a: &NewArgs) -> i32 {
    match crate::scaffold::new_plan(&a.dir, &a.municipality) {
        Ok(files) => {
            eprintln!(
                "created a plan for {} in {} ({} files)",
                a.municipality,
                a.dir.display(),
                files.len()
            );
            eprintln!(
                "next: fill in the TODOs in content/site.yaml, then `krisenfest build --root {}`",
                a.dir.display()
            );
            0
        }
        Err(e) => scaffold_exit(e),
    }
}

fn eject(root: &std::path::Path) -> i32 {
    match crate::scaffold::eject_theme(root) {
        Ok(n) => {
            eprintln!(
                "copied {n} theme files to {}",
                root.join("themes/default").display()
            );
            0
        }
        Err(e) => scaffold_exit(e),
    }
}
