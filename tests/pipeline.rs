//! The core pipeline on fixture plans: pages, menus, links, anchors, determinism, atomic output,
//! and every kind of broken input reported at its exact place.

mod common;

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;

fn basic() -> tempfile::TempDir {
    plan(&[
        ("content/site.yaml", SITE),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\nWillkommen. Siehe [Leitfaden](@/leitfaden/_index.md) und [Über uns](<Über uns.md>).\n",
        ),
        (
            "content/leitfaden/_index.md",
            "---\ntitle: Leitfaden\naudience: public\nweight: 1\n---\n## Überblick\n\nText.\n",
        ),
        (
            "content/leitfaden/geraete.md",
            "---\ntitle: Geräte prüfen\naudience: public\nweight: 1\n---\n## Headset und Kamera\n\nZurück zum [Start](../_index.md), weiter zu [Räumen](raeume.md#buchung), [oben](#headset-und-kamera).\n\n- [ ] Headset testen\n",
        ),
        (
            "content/leitfaden/raeume.md",
            "---\ntitle: Räume\naudience: public\nweight: 2\n---\n## Buchung\n\nText[^1].\n\n[^1]: Fußnote.\n",
        ),
        (
            "content/Über uns.md",
            "\u{feff}---\r\ntitle: Über uns\r\naudience: public\r\n---\r\nKontakt: Rathaus.\r\n",
        ),
        ("content/static/plan.pdf", "%PDF-1.4 fake"),
    ])
}

#[test]
fn builds_pages_with_relative_links_menus_and_anchors() {
    let dir = basic();
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let home = file(&r, "public", "index.html");
    assert!(home.contains("href=\"leitfaden/index.html\""), "{home}");
    assert!(home.contains("href=\"ueber-uns/index.html\""));
    let page = file(&r, "public", "leitfaden/geraete/index.html");
    // Root and sibling from a page in a sub-folder, relative and naming the file.
    assert!(page.contains("href=\"../../index.html\""), "{page}");
    assert!(page.contains("href=\"../raeume/index.html#buchung\""));
    assert!(page.contains("href=\"#headset-und-kamera\""));
    assert!(page.contains("<h2 id=\"headset-und-kamera\">"));
    // Menu entry of the section is marked current on a page below it.
    assert!(
        page.contains("aria-current=\"page\">Leitfaden</a>"),
        "{page}"
    );
    // Breadcrumbs: Start › Leitfaden › this page.
    assert!(page.contains("<a href=\"../index.html\">Leitfaden</a>"));
    // Previous/next within the section.
    assert!(page.contains("rel=\"next\""));
    assert!(page.contains("data-item=\"headset-testen\""));
    let raeume = file(&r, "public", "leitfaden/raeume/index.html");
    assert!(raeume.contains("id=\"fn-1\""));
    // BOM + CRLF + umlaut and space in the file name.
    assert!(file(&r, "public", "ueber-uns/index.html").contains("Kontakt: Rathaus."));
    assert_eq!(file(&r, "public", "plan.pdf"), "%PDF-1.4 fake");
    assert!(file(&r, "intranet", "robots.txt").contains("Disallow: /"));
    assert!(
        file(&r, "intranet", "index.html").contains("<meta name=\"robots\" content=\"noindex\">")
    );
    assert!(!home.contains("noindex"));
    assert!(
        file(&r, "public", "404.html").contains("../")
            || file(&r, "public", "404.html").contains("index.html")
    );
    // No absolute or folder links anywhere in the output.
    for o in &r.outputs {
        for (path, bytes) in o.files.iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = String::from_utf8_lossy(bytes);
            assert!(
                !html.contains("href=\"/"),
                "{path} has a root-absolute link"
            );
            assert!(
                !html.contains("src=\"http"),
                "{path} loads from another host"
            );
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = basic();
    let a = build_plan(dir.path());
    let b = build_plan(dir.path());
    for (x, y) in a.outputs.iter().zip(&b.outputs) {
        assert_eq!(
            x.files.keys().collect::<Vec<_>>(),
            y.files.keys().collect::<Vec<_>>()
        );
        for (k, v) in &x.files {
            assert!(v == &y.files[k], "{k} differs between builds");
        }
    }
}

#[test]
fn cli_build_writes_and_a_failed_build_keeps_the_old_output() {
    let dir = basic();
    common::pin_date();
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    let index = dir.path().join("public/index.html");
    let before = std::fs::read(&index).unwrap();
    write_files(
        dir.path(),
        &[(
            "content/leitfaden/raeume.md",
            "---\ntitle: Räume\naudience: public\n---\n## Buchung\n\n[kaputt](fehlt.md)\n",
        )],
    );
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: link to missing page `fehlt.md`",
        ))
        .stderr(predicate::str::contains(
            "--> content/leitfaden/raeume.md:7:10",
        ))
        .stderr(predicate::str::contains("nothing was written"));
    assert_eq!(std::fs::read(&index).unwrap(), before);
    assert!(
        dir.path()
            .join("public/leitfaden/raeume/index.html")
            .exists()
    );
    // No temporary folders left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".krisenfest"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_rebuild_touches_only_changed_files_and_reports_stage_timings() {
    let dir = basic();
    common::pin_date();
    let build = || {
        Command::cargo_bin("krisenfest")
            .unwrap()
            .args(["--lang", "en"])
            .args(["build", "--timings", "--root"])
            .arg(dir.path())
            .assert()
            .success()
    };
    build();
    let out = dir.path().join("public");
    let mtime = |p: &str| std::fs::metadata(out.join(p)).unwrap().modified().unwrap();
    let index_before = mtime("index.html");
    std::thread::sleep(std::time::Duration::from_millis(30));
    write_files(
        dir.path(),
        &[(
            "content/leitfaden/raeume.md",
            "---\ntitle: Räume\naudience: public\n---\n## Buchung\n\nNeu: Raum 3.\n",
        )],
    );
    let stderr = String::from_utf8(build().get_output().stderr.clone()).unwrap();
    for stage in [
        "load",
        "validate",
        "markdown",
        "render",
        "search index",
        "check",
        "write",
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.trim_start().starts_with(stage) && l.ends_with(" ms")),
            "no timing for `{stage}`:\n{stderr}"
        );
    }
    assert_eq!(
        mtime("index.html"),
        index_before,
        "an unchanged page was rewritten"
    );
    let page = std::fs::read_to_string(out.join("leitfaden/raeume/index.html")).unwrap();
    assert!(page.contains("Neu: Raum 3."));
}

#[test]
fn usage_errors_exit_2() {
    let dir = basic();
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .arg("bauen")
        .assert()
        .code(2);
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["build", "--output", "extranet", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no output named `extranet`"));
}

#[test]
fn check_writes_nothing() {
    let dir = basic();
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(!dir.path().join("public").exists());
}

fn broken(files: &[(&str, &str)]) -> krisenfest::build::BuildResult {
    let mut all = vec![("content/site.yaml", SITE)];
    all.extend_from_slice(files);
    let dir = plan(&all);
    build_plan(dir.path())
}

#[test]
fn unknown_front_matter_key() {
    let r = broken(&[("content/a.md", "---\ntitle: A\ntitel: B\n---\nx\n")]);
    let e = errors(&r);
    assert_eq!(e[0].message, "unknown key `titel`");
    assert_eq!(e[0].location(), "content/a.md:3:1");
    assert!(e[0].hint.as_ref().unwrap().contains("title"));
}

#[test]
fn missing_title() {
    let r = broken(&[("content/a.md", "---\ndescription: x\n---\nx\n")]);
    has_error(&r, "missing required key `title`", "content/a.md:2:1");
}

#[test]
fn unclosed_front_matter() {
    let r = broken(&[("content/a.md", "---\ntitle: A\n\nText ohne Ende\n")]);
    assert_eq!(
        only_error(&r),
        (
            "front matter is not closed".into(),
            "content/a.md:1:1".into()
        )
    );
}

#[test]
fn no_front_matter() {
    let r = broken(&[("content/a.md", "# Nur Text\n")]);
    assert_eq!(
        only_error(&r),
        ("page has no front matter".into(), "content/a.md:1:1".into())
    );
}

#[test]
fn impossible_date_in_front_matter() {
    let r = broken(&[("content/a.md", "---\ntitle: A\ndate: 2026-02-30\n---\nx\n")]);
    let (msg, loc) = only_error(&r);
    assert_eq!(
        msg,
        "invalid date `2026-02-30`: this day does not exist; February 2026 has 28 days, so the last one is 2026-02-28"
    );
    assert_eq!(loc, "content/a.md:3:7");
}

#[test]
fn yes_is_not_a_boolean() {
    let r = broken(&[("content/a.md", "---\ntitle: A\ndraft: yes\n---\nx\n")]);
    assert_eq!(
        only_error(&r),
        ("not `true` or `false`".into(), "content/a.md:3:8".into())
    );
}

#[test]
fn latin1_file_is_named() {
    let dir = plan(&[("content/site.yaml", SITE)]);
    std::fs::write(
        dir.path().join("content/a.md"),
        b"---\ntitle: Gr\xfc\xdfe\n---\n",
    )
    .unwrap();
    let r = build_plan(dir.path());
    let (msg, loc) = only_error(&r);
    assert_eq!(msg, "file is not valid UTF-8");
    assert_eq!(loc, "content/a.md:2:10");
}

#[test]
fn unknown_site_key() {
    let dir = plan(&[(
        "content/site.yaml",
        "title: A\nmunicipality: B\nsprache: de\n",
    )]);
    let r = build_plan(dir.path());
    assert_eq!(
        only_error(&r),
        (
            "unknown key `sprache`".into(),
            "content/site.yaml:3:1".into()
        )
    );
}

#[test]
fn an_output_inside_another_output_is_an_error() {
    let dir = plan(&[(
        "content/site.yaml",
        "title: A\nmunicipality: B\noutputs:\n  - {name: public, audience: public, dir: site}\n  - {name: intranet, audience: internal, dir: site/intern}\n",
    )]);
    let r = build_plan(dir.path());
    // (the plan also lacks its legal data; that is reported as well)
    common::has_error(
        &r,
        "output `intranet` writes into `site/intern`, inside the folder of output `public`",
        "content/site.yaml:5:47",
    );
}

#[test]
fn unknown_data_kind() {
    let r = broken(&[("content/data/risiken.yaml", "- id: R-1\n")]);
    let e = errors(&r);
    assert_eq!(e[0].message, "unknown data kind `risiken`");
    assert_eq!(e[0].location(), "content/data/risiken.yaml");
    assert!(e[0].hint.as_ref().unwrap().contains("risks"));
}

#[test]
fn broken_links_and_anchors_are_all_reported() {
    let r = broken(&[
        (
            "content/_index.md",
            "---\ntitle: Start\n---\n## Da\n\n[a](fehlt.md) und [b](#nicht-da)\n\n[c](@/b.md#weg) [d](/absolut/index.html)\n",
        ),
        ("content/b.md", "---\ntitle: B\n---\n## Hier\n"),
    ]);
    has_error(
        &r,
        "link to missing page `fehlt.md`",
        "content/_index.md:6:5",
    );
    has_error(
        &r,
        "anchor `#nicht-da` does not exist on this page",
        "content/_index.md:6:23",
    );
    has_error(
        &r,
        "anchor `#weg` does not exist in `@/b.md#weg`",
        "content/_index.md:8:5",
    );
    has_error(
        &r,
        "link `/absolut/index.html` starts at the web server root",
        "content/_index.md:8:21",
    );
}

#[test]
fn public_page_linking_internal_page_is_an_error_at_the_link() {
    let r = broken(&[
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\nSiehe [intern](intern.md).\n",
        ),
        (
            "content/intern.md",
            "---\ntitle: Intern\naudience: internal\n---\nGeheim.\n",
        ),
    ]);
    let (msg, loc) = only_error(&r);
    assert_eq!(msg, "public content links to internal `intern.md`");
    assert_eq!(loc, "content/_index.md:5:16");
}

#[test]
fn raw_html_is_escaped_by_default() {
    let dir = plan(&[
        ("content/site.yaml", SITE),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\n<script>alert(1)</script>\n",
        ),
    ]);
    let r = build_plan(dir.path());
    assert!(errors(&r).is_empty());
    let home = file(&r, "public", "index.html");
    assert!(home.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn hostile_inputs_never_panic() {
    let big = format!("---\ntitle: \"{}\"\n---\n", "x".repeat(5 * 1024 * 1024));
    let deep = format!(
        "---\ntitle: A\ntags: {}{}\n---\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let mut bomb = String::from("---\ntitle: A\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
    let mut prev = 'a';
    for c in 'b'..='m' {
        bomb.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = c;
    }
    bomb.push_str("---\n");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("content/empty.md", Vec::new()),
        ("content/junk.md", vec![0xff, 0xfe, 0x00, 0x13, 0x37, 0x00]),
        ("content/big.md", big.into_bytes()),
        ("content/deep.md", deep.into_bytes()),
        ("content/bomb.md", bomb.into_bytes()),
        ("content/data/risks.yaml", b"- id: [unclosed\n".to_vec()),
        ("content/data/goals.yaml", b"\x00\x01binary".to_vec()),
        // a `%` right before a multi-byte character once panicked while decoding the link
        (
            "content/prozent.md",
            "---\ntitle: P\n---\n[x](a%aé.md)\n".as_bytes().to_vec(),
        ),
    ];
    for (name, bytes) in cases {
        let dir = plan(&[("content/site.yaml", SITE)]);
        std::fs::create_dir_all(dir.path().join(name).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let r = std::panic::catch_unwind(|| build_plan(dir.path()));
        let r = r.unwrap_or_else(|_| panic!("{name} panicked"));
        let e = errors(&r);
        assert!(!e.is_empty(), "{name} gave no error");
        assert!(
            e.iter().all(|d| d.file.is_some()),
            "{name}: an error without a file: {e:#?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_an_error() {
    let dir = plan(&[
        ("content/site.yaml", SITE),
        ("content/a/x.md", "---\ntitle: X\n---\n"),
    ]);
    std::os::unix::fs::symlink(
        dir.path().join("content"),
        dir.path().join("content/a/loop"),
    )
    .unwrap();
    let r = build_plan(dir.path());
    let e = errors(&r);
    assert!(
        e.iter().any(|d| d.message.contains("symbolic link loop")),
        "{e:#?}"
    );
}

#[test]
fn template_override_errors_name_the_template() {
    let dir = plan(&[
        ("content/site.yaml", SITE),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\n",
        ),
        (
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}{% block main %}{{ nichtda.x }}{% endblock main %}",
        ),
        ("content/a.md", "---\ntitle: A\naudience: public\n---\n"),
    ]);
    let r = build_plan(dir.path());
    let e = errors(&r);
    assert!(
        e.iter().any(
            |d| d.message == "template `page.html` failed while rendering this page"
                && d.location() == "content/a.md"
        ),
        "{e:#?}"
    );
}
