//! Stage 2: rules that span files — unique output paths, sane outputs, audiences of generated
//! sections. Record kinds add their own rules in their modules; all findings are collected.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::Site;
use crate::model::common::Audience;

pub fn validate_site(site: &mut Site, diags: &Diagnostics) {
    validate_outputs(site, diags);
    validate_page_paths(site, diags);
    settle_generated_sections(site);
}

fn validate_outputs(site: &Site, diags: &Diagnostics) {
    let mut names: BTreeMap<&str, ()> = BTreeMap::new();
    let mut dirs: BTreeMap<&str, ()> = BTreeMap::new();
    for o in &site.config.outputs {
        let pos = crate::model::common::span_pos(o, 1, 0);
        let at = |d: Diagnostic| {
            if o.referenced.line() > 0 {
                d.at("content/site.yaml", pos)
            } else {
                d.in_file("content/site.yaml")
            }
        };
        if names.insert(&o.value.name, ()).is_some() {
            diags.push(at(Diagnostic::error(format!(
                "two outputs are named `{}`",
                o.value.name
            ))));
        }
        if dirs.insert(&o.value.dir, ()).is_some() {
            diags.push(at(Diagnostic::error(format!(
                "two outputs write to `{}`",
                o.value.dir
            ))));
        }
        if let Err(msg) = crate::output::check_dir(&o.value.dir) {
            diags.push(at(Diagnostic::error(msg)));
        }
    }
    if site.config.outputs.is_empty() {
        diags.push(
            Diagnostic::error("`outputs` is empty: nothing would be built")
                .in_file("content/site.yaml"),
        );
    }
}

fn validate_page_paths(site: &Site, diags: &Diagnostics) {
    let mut seen: BTreeMap<&str, &crate::model::Page> = BTreeMap::new();
    for p in &site.pages {
        if let Some(first) = seen.get(p.out.as_str()) {
            diags.push(
                Diagnostic::error(format!(
                    "`{}` and `{}` would both be published as `{}`",
                    first.rel, p.rel, p.out
                ))
                .at(&p.file, Pos::new(1, 1, 3))
                .hint("file names are turned into URLs (ä→ae, spaces→-); rename one of them"),
            );
        } else {
            seen.insert(&p.out, p);
        }
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
