//! The print edition as a PDF (`druck/plan.pdf`), with the cargo feature `pdf`: typst
//! typesets the document the print edition already is (see `crate::pdf`), so the PDF holds
//! exactly the pages and records of its output.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::files::{Files, Origin};
use crate::msg;
use crate::render::RenderEnv;

/// Next to the print edition, whatever the site language: the council paper links it there.
pub fn out(lang: crate::config::Language) -> String {
    format!("{}/plan.pdf", crate::urls::segments(lang).print)
}

pub fn render(env: &RenderEnv<'_>, files: &Files, diags: &Diagnostics) -> Files {
    let mut made = Files::new();
    let cfg = &env.site.config;
    let print = crate::render::print::out(cfg.language);
    let Some(html) = files.get(&print) else {
        return made;
    };
    let html = String::from_utf8_lossy(html);
    // The plan's Stand is its edition's date; without editions, the day of the build (as on
    // the print edition's cover).
    let stand = env
        .site
        .editions
        .current()
        .map_or(env.build_date, |e| e.date.value);
    let d = env.build_date.0;
    let meta = crate::pdf::PdfMeta {
        title: &cfg.title,
        municipality: &cfg.municipality,
        lang: cfg.language.code(),
        stand: &stand.german(),
        date: (i32::from(d.year()), d.month() as u8, d.day() as u8),
    };
    match crate::pdf::render(&html, &meta) {
        Ok(bytes) => made.insert(
            out(cfg.language),
            bytes,
            Origin::generated(msg!("die PDF-Fassung", "the PDF edition")),
        ),
        // A warning: the website is complete without the PDF, and the council paper then
        // lists no PDF among its attachments.
        Err(why) => diags.push(
            Diagnostic::warning(msg!(
                "die Druckfassung lässt sich nicht als PDF setzen",
                "the print edition cannot be typeset as a PDF"
            ))
            .hint(msg!(
                "Meldung des Satzprogramms typst (englisch): {why}. Die Website ist vollständig, nur `druck/plan.pdf` fehlt (drucken Sie `druck/index.html` aus dem Browser als PDF); melden Sie den Fehler bitte mit dieser Meldung",
                "message of the typesetter typst: {why}. The website is complete, only `druck/plan.pdf` is missing (print `druck/index.html` to PDF from a browser); please report this with this message"
            )),
        ),
    }
    made
}
