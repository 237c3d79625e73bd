//! Files that are copied, not rendered: files beside pages go only where their pages go, and
//! symbolic links never lead the build out of the plan folder (issue 16, points 3 and 4).

mod common;

use std::path::Path;

use common::*;
use krisenfest::build::BuildResult;
use krisenfest::diagnostics::{Severity, render};

fn public_page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\naudience: public\n---\n{body}\n")
}

fn internal_page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\naudience: internal\n---\n{body}\n")
}

fn paths(r: &BuildResult, output: &str) -> Vec<String> {
    r.outputs
        .iter()
        .find(|o| o.spec.name == output)
        .unwrap_or_else(|| panic!("no output {output}"))
        .files
        .keys()
        .cloned()
        .collect()
}

/// Every diagnostic of `severity`, rendered as the editor sees it.
fn rendered(r: &BuildResult, severity: Severity) -> Vec<String> {
    r.diagnostics
        .snapshot()
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| render(d, &r.sources, false, krisenfest::diagnostics::Lang::En))
        .collect()
}

fn messages(r: &BuildResult) -> Vec<(String, String)> {
    errors(r)
        .iter()
        .map(|d| (d.location(), d.message.en.clone()))
        .collect()
}

/// The internal files of `colocated_plan`, by output path.
const INTERNAL_FILES: &[&str] = &[
    "geheim/bild.png",
    "geheim/plan.pdf",
    "geheim/notiz.txt",
    "geheim/anhang/vertrag.pdf",
    "oeffentlich/intern/skizze.png",
    "sektion/liste.pdf",
    "sektion/unter/notiz.txt",
];

fn colocated_plan() -> tempfile::TempDir {
    let start = public_page("Start", "Willkommen.");
    let offen = public_page("Öffentlich", "![Bild](bild.png) und [Plan](plan.pdf).");
    let geheim = "---\ntitle: Geheim\n---\n![Bild](bild.png), [Plan](plan.pdf), [Notiz](notiz.txt), [Vertrag](anhang/vertrag.pdf).\n";
    let intern = internal_page("Intern", "![Skizze](skizze.png)");
    let sektion = internal_page("Sektion", "[Liste](liste.pdf)");
    let unter = "---\ntitle: Unterseite\n---\n[Notiz](notiz.txt)\n";
    let gemischt_index = internal_page("Gemischt", "![Mix](mix.png)");
    let gemischt_offen = public_page("Offen", "![Mix](mix.png)");
    plan(&[
        ("content/site.yaml", SITE),
        ("content/_index.md", &start),
        // a public section next to its files
        ("content/oeffentlich/_index.md", &offen),
        ("content/oeffentlich/bild.png", "PNG-OEFFENTLICH"),
        ("content/oeffentlich/plan.pdf", "PDF-OEFFENTLICH"),
        // internal by default_audience, with image, PDF, text and a folder without pages
        ("content/geheim/seite.md", geheim),
        ("content/geheim/bild.png", "PNG-GEHEIM"),
        ("content/geheim/plan.pdf", "PDF-GEHEIM"),
        ("content/geheim/notiz.txt", "TXT-GEHEIM"),
        ("content/geheim/anhang/vertrag.pdf", "PDF-VERTRAG"),
        // an internal section nested in a public one
        ("content/oeffentlich/intern/seite.md", &intern),
        ("content/oeffentlich/intern/skizze.png", "PNG-SKIZZE"),
        // a section whose _index.md is internal, with an internal subsection
        ("content/sektion/_index.md", &sektion),
        ("content/sektion/liste.pdf", "PDF-LISTE"),
        ("content/sektion/unter/seite.md", unter),
        ("content/sektion/unter/notiz.txt", "TXT-UNTER"),
        // one internal and one public page share a folder: the file goes where either goes
        ("content/gemischt/_index.md", &gemischt_index),
        ("content/gemischt/offen.md", &gemischt_offen),
        ("content/gemischt/mix.png", "PNG-MIX"),
    ])
}

#[test]
fn files_beside_internal_pages_stay_in_the_intranet() {
    let dir = colocated_plan();
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", messages(&r));
    let public = paths(&r, "public");
    let intranet = paths(&r, "intranet");
    for f in INTERNAL_FILES {
        assert!(!public.contains(&f.to_string()), "{f} is public");
        assert!(intranet.contains(&f.to_string()), "{f} missing in intranet");
    }
    for f in [
        "oeffentlich/bild.png",
        "oeffentlich/plan.pdf",
        "gemischt/mix.png",
    ] {
        assert!(public.contains(&f.to_string()), "{f} missing in public");
        assert!(intranet.contains(&f.to_string()), "{f} missing in intranet");
    }
    // Folders of internal pages only do not exist publicly: no file below them, and no file
    // (sitemap, search index, menus) that names them.
    for folder in ["geheim/", "sektion/", "oeffentlich/intern/"] {
        assert_eq!(
            public.iter().filter(|p| p.starts_with(folder)).count(),
            0,
            "{folder} exists in public: {public:?}"
        );
        for p in &public {
            let text = file_bytes(&r, "public", p);
            assert!(!text.contains(folder), "{p} names {folder}");
        }
    }
}

fn file_bytes(r: &BuildResult, output: &str, path: &str) -> String {
    let o = r.outputs.iter().find(|o| o.spec.name == output).unwrap();
    String::from_utf8_lossy(&o.files[path]).into_owned()
}

#[test]
fn public_page_linking_a_file_beside_internal_pages_fails_at_the_link() {
    let dir = plan(&[
        ("content/site.yaml", SITE),
        (
            "content/_index.md",
            &public_page("Start", "Siehe [Plan](@/geheim/plan.pdf)."),
        ),
        ("content/geheim/seite.md", "---\ntitle: Geheim\n---\n"),
        ("content/geheim/plan.pdf", "PDF-GEHEIM"),
    ]);
    let r = build_plan(dir.path());
    assert_eq!(
        messages(&r),
        [(
            "content/_index.md:5:14".to_string(),
            "public content links to internal `@/geheim/plan.pdf`".to_string()
        )]
    );
}

#[test]
fn files_beside_drafts_only_are_built_with_their_drafts() {
    let dir = plan(&[
        ("content/site.yaml", SITE),
        ("content/_index.md", &public_page("Start", "")),
        (
            "content/entwurf/seite.md",
            "---\ntitle: Entwurf\naudience: public\ndraft: true\n---\n![B](b.png)\n",
        ),
        ("content/entwurf/b.png", "PNG-ENTWURF"),
    ]);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", messages(&r));
    for o in ["public", "intranet"] {
        assert!(!paths(&r, o).contains(&"entwurf/b.png".to_string()), "{o}");
    }
}

#[test]
fn static_file_linked_only_from_internal_pages_warns_at_each_link() {
    let dir = plan(&[
        ("content/site.yaml", SITE),
        (
            "content/_index.md",
            &public_page("Start", "[Beide](@/static/beide.pdf)"),
        ),
        (
            "content/intern.md",
            &internal_page(
                "Intern",
                "[Vertrag](@/static/vertrag.pdf) und [Beide](@/static/beide.pdf) und [Risiko](@/static/risiko.pdf)",
            ),
        ),
        (
            "content/data/measures.yaml",
            "- {id: M-001, title: Maßnahme, description: \"[Risiko](@/static/risiko.pdf)\", status: geplant, audience: public}\n",
        ),
        ("content/static/vertrag.pdf", "PDF"),
        ("content/static/beide.pdf", "PDF"),
        ("content/static/risiko.pdf", "PDF"),
    ]);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", messages(&r));
    assert_eq!(
        rendered(&r, Severity::Warning)
            .into_iter()
            .filter(|w| w.contains("content/static/"))
            .collect::<Vec<_>>(),
        ["warning: `content/static/vertrag.pdf` is published on the public site, but only internal pages link to it
 --> content/intern.md:5:11
  |
5 | [Vertrag](@/static/vertrag.pdf) und [Beide](@/static/beide.pdf) und [Risiko](@/static/risiko.pdf)
  |           ^^^^^^^^^^^^^^^^^^^^ linked from an internal page
  |
help: everything in content/static/ is public; put an internal file next to the internal page that uses it and link it from there, so that only the intranet gets it"]
    );
    // public by definition: still copied into both outputs
    for o in ["public", "intranet"] {
        assert!(paths(&r, o).contains(&"vertrag.pdf".to_string()));
    }
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site_plan(extra: &[(&str, &str)]) -> tempfile::TempDir {
        let mut files = vec![
            ("content/site.yaml", SITE),
            (
                "content/_index.md",
                "---\ntitle: Start\naudience: public\n---\n",
            ),
        ];
        files.extend_from_slice(extra);
        plan(&files)
    }

    /// A folder outside every plan, with a file that must never be published.
    fn outside() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("geheim.txt"), "AUSSERHALB-GEHEIM").unwrap();
        std::fs::write(
            dir.path().join("seite.md"),
            "---\ntitle: Fremd\naudience: public\n---\nAUSSERHALB-GEHEIM\n",
        )
        .unwrap();
        let real = dir.path().canonicalize().unwrap();
        (dir, real)
    }

    fn no_secret_anywhere(r: &BuildResult) {
        for o in &r.outputs {
            for (p, b) in &o.files {
                assert!(
                    !String::from_utf8_lossy(b).contains("AUSSERHALB-GEHEIM"),
                    "{}: {p} holds the outside file",
                    o.spec.name
                );
            }
        }
    }

    #[test]
    fn links_out_of_the_plan_are_errors_naming_link_and_target() {
        let (_o, out) = outside();
        let dir = site_plan(&[("content/static/a/b", "x")]);
        let c = dir.path().join("content");
        symlink("/etc/passwd", c.join("static/passwd")).unwrap();
        symlink("/proc/self/environ", c.join("static/environ")).unwrap();
        symlink(&out, c.join("static/ordner")).unwrap();
        // a chain: a link inside the plan to a link that leaves it
        symlink("kette2", c.join("static/kette")).unwrap();
        symlink(out.join("geheim.txt"), c.join("static/kette2")).unwrap();
        // Markdown and YAML sources, and a folder of pages
        symlink(out.join("seite.md"), c.join("fremd.md")).unwrap();
        std::fs::create_dir_all(c.join("data")).unwrap();
        symlink(out.join("geheim.txt"), c.join("data/risks.yaml")).unwrap();
        symlink(&out, c.join("fremde-seiten")).unwrap();
        let r = build_plan(dir.path());
        let environ = std::fs::canonicalize("/proc/self/environ").unwrap();
        let passwd = std::fs::canonicalize("/etc/passwd").unwrap();
        let leads = |to: &Path| {
            format!(
                "symbolic link leads out of the plan folder: it points to `{}`",
                to.display()
            )
        };
        let e = messages(&r);
        let want = |loc: &str, msg: String| {
            assert!(
                e.contains(&(loc.to_string(), msg.clone())),
                "no `{msg}` at {loc}; got {e:#?}"
            )
        };
        want("content/data/risks.yaml", leads(&out.join("geheim.txt")));
        want("content/fremd.md", leads(&out.join("seite.md")));
        want("content/fremde-seiten", leads(&out));
        want("content/static/ordner", leads(&out));
        want("content/static/kette2", leads(&out.join("geheim.txt")));
        want(
            "content/static/kette",
            format!(
                "symbolic link leads out of the plan folder: it points to `kette2`, which leads to `{}`",
                out.join("geheim.txt").display()
            ),
        );
        if passwd == Path::new("/etc/passwd") {
            want("content/static/passwd", leads(&passwd));
        }
        // /proc/self is itself a link, so the message names both
        want(
            "content/static/environ",
            format!(
                "symbolic link leads out of the plan folder: it points to `/proc/self/environ`, which leads to `{}`",
                environ.display()
            ),
        );
        assert_eq!(e.len(), 8, "{e:#?}");
        no_secret_anywhere(&r);
        // and the whole diagnostic, as the editor reads it
        let shown = rendered(&r, Severity::Error);
        assert!(
            shown.contains(&format!(
                "error: {}\n  --> content/static/ordner\n   = help: krisenfest reads only files inside the plan folder; copy the file into the plan instead of linking to it",
                leads(&out)
            )),
            "{shown:#?}"
        );
    }

    #[test]
    fn loops_of_links_are_located_errors() {
        let dir = site_plan(&[("content/ordner/seite.md", "---\ntitle: S\n---\n")]);
        let c = dir.path().join("content");
        symlink("schleife2", c.join("static-schleife")).unwrap();
        symlink("static-schleife", c.join("schleife2")).unwrap();
        symlink("..", c.join("ordner/zurueck")).unwrap();
        let r = build_plan(dir.path());
        assert_eq!(
            messages(&r),
            [
                (
                    "content/ordner/zurueck".to_string(),
                    "symbolic link loop: this folder links back to `content`, one of its parents"
                        .to_string()
                ),
                (
                    "content/schleife2".to_string(),
                    "symbolic link loop: this link leads back to itself".to_string()
                ),
                (
                    "content/static-schleife".to_string(),
                    "symbolic link loop: this link leads back to itself".to_string()
                ),
            ]
        );
    }

    #[test]
    fn links_that_stay_in_the_plan_are_followed() {
        let dir = site_plan(&[
            ("assets/logo.svg", "<svg>LOGO</svg>"),
            ("assets/fotos/rathaus.jpg", "JPG"),
            (
                "geteilt/gemeinsam.md",
                "---\ntitle: Gemeinsam\naudience: public\n---\nGEMEINSAM\n",
            ),
        ]);
        let c = dir.path().join("content");
        std::fs::create_dir_all(c.join("static")).unwrap();
        symlink("../../assets/logo.svg", c.join("static/logo.svg")).unwrap();
        symlink("../../assets/fotos", c.join("static/fotos")).unwrap();
        symlink("../geteilt/gemeinsam.md", c.join("gemeinsam.md")).unwrap();
        let r = build_plan(dir.path());
        assert!(errors(&r).is_empty(), "{:#?}", messages(&r));
        let public = paths(&r, "public");
        for f in ["logo.svg", "fotos/rathaus.jpg", "gemeinsam/index.html"] {
            assert!(public.contains(&f.to_string()), "{f} missing: {public:?}");
        }
    }

    #[test]
    fn links_into_outputs_hidden_folders_or_nowhere_are_errors() {
        let dir = site_plan(&[
            ("intranet/index.html", "INTRANET"),
            (".git/config", "[remote] url = https://token@example"),
        ]);
        let c = dir.path().join("content");
        std::fs::create_dir_all(c.join("static")).unwrap();
        symlink("../../intranet", c.join("static/intranet")).unwrap();
        symlink("../../.git/config", c.join("static/config")).unwrap();
        symlink("../..", c.join("static/plan")).unwrap();
        symlink("nirgends", c.join("static/weg")).unwrap();
        let r = build_plan(dir.path());
        let root = dir.path().canonicalize().unwrap();
        let at = |to: &str, real: &str| {
            format!(
                "it points to `{to}`, which leads to `{}`",
                root.join(real).display()
            )
        };
        assert_eq!(
            messages(&r),
            [
                (
                    "content/static/config".to_string(),
                    format!(
                        "symbolic link leads to a hidden file or folder: {}",
                        at("../../.git/config", ".git/config")
                    )
                ),
                (
                    "content/static/intranet".to_string(),
                    format!(
                        "symbolic link reaches the output folder `intranet/`: {}",
                        at("../../intranet", "intranet")
                    )
                ),
                (
                    "content/static/plan".to_string(),
                    format!(
                        "symbolic link reaches the output folder `public/`: it points to `../..`, which leads to `{}`",
                        root.display()
                    )
                ),
                (
                    "content/static/weg".to_string(),
                    "symbolic link points to `nirgends`, which does not exist".to_string()
                ),
            ]
        );
    }

    #[test]
    fn theme_links_out_of_the_plan_are_errors() {
        let (_o, out) = outside();
        let dir = site_plan(&[("themes/eigen/static/eigen.css", "body{}")]);
        std::fs::write(
            dir.path().join("content/site.yaml"),
            format!("{SITE}theme: eigen\n"),
        )
        .unwrap();
        let t = dir.path().join("themes/eigen");
        symlink(out.join("geheim.txt"), t.join("static/leck.css")).unwrap();
        symlink(&out, t.join("static/ordner")).unwrap();
        let r = build_plan(dir.path());
        let leads = |to: &Path| {
            format!(
                "symbolic link leads out of the plan folder: it points to `{}`",
                to.display()
            )
        };
        assert_eq!(
            messages(&r),
            [
                (
                    "themes/eigen/static/leck.css".to_string(),
                    leads(&out.join("geheim.txt"))
                ),
                ("themes/eigen/static/ordner".to_string(), leads(&out)),
            ]
        );
        no_secret_anywhere(&r);

        // the theme folder itself, and themes/ as a whole
        let dir = site_plan(&[]);
        std::fs::write(
            dir.path().join("content/site.yaml"),
            format!("{SITE}theme: eigen\n"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("themes")).unwrap();
        symlink(&out, dir.path().join("themes/eigen")).unwrap();
        let r = build_plan(dir.path());
        assert_eq!(messages(&r), [("themes/eigen".to_string(), leads(&out))]);
        let dir = site_plan(&[]);
        std::fs::write(
            dir.path().join("content/site.yaml"),
            format!("{SITE}theme: eigen\n"),
        )
        .unwrap();
        std::fs::create_dir_all(out.join("eigen")).unwrap();
        symlink(&out, dir.path().join("themes")).unwrap();
        let r = build_plan(dir.path());
        assert_eq!(
            messages(&r),
            [("themes/eigen".to_string(), leads(&out.join("eigen")))]
        );
    }

    #[test]
    fn content_and_site_yaml_must_lie_in_the_plan() {
        let (_o, out) = outside();
        // content/ itself leading out is an error, and nothing is read through it
        std::fs::create_dir_all(out.join("content")).unwrap();
        std::fs::write(out.join("content/site.yaml"), SITE).unwrap();
        let dir = tempfile::tempdir().unwrap();
        symlink(out.join("content"), dir.path().join("content")).unwrap();
        let r = build_plan(dir.path());
        let leads = |to: &Path| {
            format!(
                "symbolic link leads out of the plan folder: it points to `{}`",
                to.display()
            )
        };
        assert_eq!(
            messages(&r),
            [("content".to_string(), leads(&out.join("content")))]
        );
        assert!(r.outputs.is_empty());

        // site.yaml leading out
        let dir = site_plan(&[]);
        let site = dir.path().join("content/site.yaml");
        std::fs::remove_file(&site).unwrap();
        std::fs::write(out.join("site.yaml"), SITE).unwrap();
        symlink(out.join("site.yaml"), &site).unwrap();
        let r = build_plan(dir.path());
        assert_eq!(
            messages(&r),
            [(
                "content/site.yaml".to_string(),
                leads(&out.join("site.yaml"))
            )]
        );

        // content/ as a link inside the plan, and a plan root reached through a link: fine
        let dir = tempfile::tempdir().unwrap();
        write_files(
            dir.path(),
            &[
                ("plan/quellen/site.yaml", SITE),
                (
                    "plan/quellen/_index.md",
                    "---\ntitle: Start\naudience: public\n---\n",
                ),
            ],
        );
        symlink("quellen", dir.path().join("plan/content")).unwrap();
        symlink(dir.path().join("plan"), dir.path().join("verknuepft")).unwrap();
        let r = build_plan(&dir.path().join("verknuepft"));
        assert!(errors(&r).is_empty(), "{:#?}", messages(&r));
        assert!(paths(&r, "public").contains(&"index.html".to_string()));
    }
}
