//! The PDF edition (cargo feature `pdf`): `druck/plan.pdf` of the example plan holds every
//! public page and record, tagged (PDF/UA-1, language), the same bytes on every build, and
//! nothing of the intranet in the public file.
#![cfg(feature = "pdf")]

mod common;

use common::*;

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// The id of the risk, measure or goal whose page is at `path` (`risiken/r-001/index.html` →
/// `R-001`): record pages are named after their id.
fn record_id(path: &str) -> Option<String> {
    let folder = ["risiken/", "massnahmen/", "ziele/"]
        .iter()
        .find_map(|seg| path.strip_prefix(seg))?
        .strip_suffix("/index.html")?;
    folder.contains('-').then(|| folder.to_uppercase())
}

fn bytes<'a>(r: &'a krisenfest::build::BuildResult, output: &str, path: &str) -> &'a [u8] {
    let o = r.outputs.iter().find(|o| o.spec.name == output).unwrap();
    o.files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in {output}"))
}

#[test]
fn the_example_plan_gets_a_tagged_deterministic_pdf_of_its_print_edition() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let r = build_plan(dir.path());
    assert!(
        !r.diagnostics.has_errors(),
        "{:#?}",
        r.diagnostics.snapshot()
    );
    let again = build_plan(dir.path());
    for name in ["public", "intranet"] {
        let pdf = bytes(&r, name, "druck/plan.pdf");
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
        assert!(
            pdf == bytes(&again, name, "druck/plan.pdf"),
            "{name}: two builds differ"
        );
        let raw = String::from_utf8_lossy(pdf);
        assert!(raw.contains("pdfuaid:part"), "{name}: no PDF/UA identifier");
        // the council paper names the PDF among its attachments
        let paper = file(&r, name, "druck/vorlage/index.html");
        assert!(paper.contains("href=\"../plan.pdf\""), "{name}: paper");
    }
    // The text: every public record id and page title (pdftotext, where it is installed; CI
    // installs it).
    let Some(text) = pdftotext(bytes(&r, "public", "druck/plan.pdf")) else {
        eprintln!("pdftotext not installed: the PDF's text is not checked");
        return;
    };
    let public = &r
        .outputs
        .iter()
        .find(|o| o.spec.name == "public")
        .unwrap()
        .files;
    let intranet = &r
        .outputs
        .iter()
        .find(|o| o.spec.name == "intranet")
        .unwrap()
        .files;
    for (path, _) in public.iter() {
        if let Some(id) = record_id(path) {
            assert!(text.contains(&id), "public PDF lacks {id}");
        }
    }
    for (path, _) in intranet.iter() {
        if let Some(id) = record_id(path).filter(|id| id.starts_with("R-"))
            && !public.contains_key(path)
        {
            assert!(!text.contains(&id), "public PDF shows internal {id}");
        }
    }
}
