//! The command line the way Zola and Hugo users type it: `--root` before or after the command,
//! the usual short flags, `--output-dir` and `--base-url` for a staging copy, completions.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;

fn small() -> tempfile::TempDir {
    plan(&[
        ("content/site.yaml", SITE),
        (
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\nWillkommen.\n",
        ),
        (
            "content/leitfaden.md",
            "---\ntitle: Leitfaden\naudience: internal\n---\n## Überblick\n\nText.\n",
        ),
    ])
}

fn krisenfest(cwd: &Path) -> Command {
    common::pin_date();
    let mut c = Command::cargo_bin("krisenfest").unwrap();
    c.current_dir(cwd);
    c
}

#[test]
fn root_works_before_and_after_the_command_and_short() {
    let dir = small();
    let root = dir.path().to_str().unwrap();
    let orders: [&[&str]; 5] = [
        &["--root", root, "build"],
        &["-r", root, "build"],
        &["build", "--root", root],
        &["build", "-r", root],
        &["--lang", "en", "build", "--root", root, "-D", "--timings"],
    ];
    for args in orders {
        std::fs::remove_dir_all(dir.path().join("public")).ok();
        krisenfest(dir.path())
            .args(args)
            .assert()
            .success()
            .stderr(predicate::str::contains("Fehler").not())
            .stderr(predicate::str::contains("error").not());
        assert!(
            dir.path().join("public/index.html").is_file(),
            "{args:?} did not build the plan at --root"
        );
    }
    // `check` and `theme eject` take it in both places too
    for args in [["-r", root, "check"], ["check", "-r", root]] {
        krisenfest(Path::new("/"))
            .args(args)
            .assert()
            .success()
            .stderr(predicate::str::contains("`public` geprüft"));
    }
    krisenfest(Path::new("/"))
        .args(["theme", "eject", "--root", root])
        .assert()
        .success();
    assert!(dir.path().join("themes/default/templates").is_dir());
}

#[test]
fn check_selects_one_output_like_build() {
    let dir = small();
    krisenfest(dir.path())
        .args(["check", "--output", "intranet"])
        .assert()
        .success()
        .stderr(predicate::str::contains("`intranet` geprüft"))
        .stderr(predicate::str::contains("`public`").not());
    krisenfest(dir.path())
        .args(["check", "--output", "nirgends"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("keine Ausgabe namens `nirgends`"));
    assert!(!dir.path().join("public").exists(), "check wrote something");
}

#[test]
fn output_dir_writes_one_output_where_the_user_says() {
    let dir = small();
    let elsewhere = tempfile::tempdir().unwrap();
    // relative to the folder it is typed in, as in Zola
    krisenfest(elsewhere.path())
        .args(["-r"])
        .arg(dir.path())
        .args(["build", "--output", "public", "-o", "staging/site"])
        .assert()
        .success()
        .stderr(predicate::str::contains("staging/site"));
    let staged = elsewhere.path().join("staging/site");
    assert!(staged.join("index.html").is_file());
    assert!(
        !staged.join("leitfaden").exists(),
        "internal page in public"
    );
    assert!(
        !dir.path().join("public").exists(),
        "configured folder written"
    );
    assert!(
        !dir.path().join("intranet").exists(),
        "other output written"
    );
    // a second build replaces its own earlier output without --force
    krisenfest(elsewhere.path())
        .arg("--root")
        .arg(dir.path())
        .args([
            "build",
            "--output",
            "public",
            "--output-dir",
            "staging/site",
        ])
        .assert()
        .success();
    // a plan with one output needs no --output
    write_files(
        dir.path(),
        &[(
            "content/site.yaml",
            &format!("{SITE}outputs:\n  - {{name: web, audience: public, dir: web}}\n"),
        )],
    );
    krisenfest(elsewhere.path())
        .arg("-r")
        .arg(dir.path())
        .args(["build", "-o", "one"])
        .assert()
        .success();
    assert!(elsewhere.path().join("one/index.html").is_file());
}

#[test]
fn output_dir_never_replaces_the_plan_or_someone_elses_files() {
    let dir = small();
    let root = dir.path();
    let mine = tempfile::tempdir().unwrap();
    std::fs::write(mine.path().join("brief.odt"), "wichtig").unwrap();
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (root.to_path_buf(), "Plan-Ordner"),
        (root.join("."), "Plan-Ordner"),
        (root.parent().unwrap().to_path_buf(), "Plan-Ordner"),
        (root.join("content"), "`content/`"),
        (root.join("content/static/site"), "`content/`"),
        (root.join("themes"), "`themes/`"),
        (root.join("intranet"), "Ausgabe `intranet`"),
        (mine.path().to_path_buf(), "--force"),
    ];
    for (target, says) in cases {
        krisenfest(root)
            .args(["build", "--output", "public", "-o"])
            .arg(&target)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    assert!(root.join("content/site.yaml").is_file());
    assert!(!root.join("content/static").exists());
    assert_eq!(
        std::fs::read_to_string(mine.path().join("brief.odt")).unwrap(),
        "wichtig"
    );
    // two outputs and no choice: which one is meant is not guessed
    krisenfest(root)
        .args(["build", "-o", "/tmp/krisenfest-cli-never-written"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--output NAME"));
    assert!(!Path::new("/tmp/krisenfest-cli-never-written").exists());
    // --force is the user saying so
    krisenfest(root)
        .args(["build", "--output", "public", "-f", "-o"])
        .arg(mine.path())
        .assert()
        .success();
    assert!(mine.path().join("index.html").is_file());
    assert!(!mine.path().join("brief.odt").exists());
}

#[test]
fn base_url_flag_replaces_the_address_of_one_output() {
    let dir = small();
    let root = dir.path();
    krisenfest(root)
        .args(["build", "--output", "public", "-u"])
        .arg("https://staging.teststadt.example/plan/")
        .assert()
        .success();
    let sitemap = std::fs::read_to_string(root.join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://staging.teststadt.example/plan/</loc>"),
        "{sitemap}"
    );
    let robots = std::fs::read_to_string(root.join("public/robots.txt")).unwrap();
    assert!(robots.contains("https://staging.teststadt.example/plan/sitemap.xml"));
    // an address site.yaml would refuse is refused here too, before anything is built
    for bad in [
        "javascript:alert(1)",
        "staging.example/plan/",
        "https://x.example/a b/",
    ] {
        krisenfest(root)
            .args([
                "--lang",
                "en",
                "check",
                "--output",
                "public",
                "--base-url",
                bad,
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("`--base-url`"));
    }
    krisenfest(root)
        .args(["check", "-u", "https://x.example/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mehrere (`public`, `intranet`)"));
}

#[test]
fn short_flags_and_old_spellings_parse() {
    use clap::Parser;
    use krisenfest::cli::{Cli, Command as Cmd};
    let cli = Cli::try_parse_from([
        "krisenfest",
        "serve",
        "-r",
        "plan",
        "-p",
        "0",
        "-i",
        "::1",
        "-O",
        "-D",
    ])
    .unwrap();
    assert_eq!(cli.root.as_deref(), Some(Path::new("plan")));
    let Cmd::Serve(s) = cli.command else {
        panic!("not serve")
    };
    assert!(s.open && s.drafts && s.port == 0 && s.bind.is_loopback());
    for old in [
        &[
            "krisenfest",
            "serve",
            "--root",
            "p",
            "--port",
            "8",
            "--bind",
            "127.0.0.1",
        ][..],
        &[
            "krisenfest",
            "serve",
            "--interface",
            "127.0.0.1",
            "--drafts",
            "--poll",
        ],
        &[
            "krisenfest",
            "build",
            "--root",
            "p",
            "--output",
            "public",
            "--drafts",
        ],
        &["krisenfest", "theme", "eject", "--root", "p"],
        &["krisenfest", "schema", "--out", "schemas"],
        &[
            "krisenfest",
            "new",
            "mein-plan",
            "--municipality",
            "Stadt X",
        ],
    ] {
        Cli::try_parse_from(old).unwrap_or_else(|e| panic!("{old:?}: {e}"));
    }
    assert!(Cli::try_parse_from(["krisenfest", "build", "-f"]).is_err());
}

#[test]
fn completion_scripts_know_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = krisenfest(Path::new("/"))
            .args(["completion", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        for word in ["krisenfest", "build", "serve", "output-dir", "base-url"] {
            assert!(text.contains(word), "{shell} completion lacks {word}");
        }
    }
    krisenfest(Path::new("/"))
        .args(["completion", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn schema_writes_into_the_plan_given_by_root() {
    let dir = small();
    let elsewhere = tempfile::tempdir().unwrap();
    krisenfest(elsewhere.path())
        .arg("schema")
        .arg("-r")
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("schemas/site.schema.json").is_file());
    assert!(!elsewhere.path().join("schemas").exists());
    // an explicit --out is relative to where it is typed
    krisenfest(elsewhere.path())
        .args(["schema", "--out", "mine"])
        .assert()
        .success();
    assert!(elsewhere.path().join("mine/risks.schema.json").is_file());
}

#[test]
fn new_takes_its_folder_as_argument_not_root() {
    let dir = tempfile::tempdir().unwrap();
    krisenfest(dir.path())
        .args(["-r", "x", "new", "plan"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nicht `--root`"));
    assert!(!dir.path().join("plan").exists());
}

#[test]
fn a_broken_source_date_epoch_is_a_usage_error_not_today() {
    let dir = small();
    for bad in ["gestern", "1e9", "99999999999999999999"] {
        Command::cargo_bin("krisenfest")
            .unwrap()
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", bad)
            .arg("check")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("SOURCE_DATE_EPOCH"));
    }
    // and a good one is the date the pages speak of
    Command::cargo_bin("krisenfest")
        .unwrap()
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1795737600")
        .args(["build", "--output", "public"])
        .assert()
        .success();
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(
        index.contains("27.11.2026"),
        "build date not from SOURCE_DATE_EPOCH"
    );
}

#[test]
fn all_builds_every_plan_under_a_folder_and_reports_each() {
    let dir = tempfile::tempdir().unwrap();
    let good = format!("{SITE}outputs:\n  - {{name: web, audience: public, dir: web}}\n");
    for (name, site) in [
        ("stadt-a", good.as_str()),
        ("kreis/gemeinde-b", good.as_str()),
        ("stadt-c", "title: [kaputt\n"),
    ] {
        write_files(
            &dir.path().join(name),
            &[
                ("content/site.yaml", site),
                (
                    "content/_index.md",
                    "---\ntitle: Start\naudience: public\n---\nHallo.\n",
                ),
            ],
        );
    }
    // not plans: a hidden folder and a plan's own output
    write_files(dir.path(), &[(".git/content/site.yaml", "title: x\n")]);
    let out = krisenfest(dir.path())
        .args(["--lang", "en", "build", "--all", "."])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    // (the file count is the output's, whatever the theme writes: not pinned here)
    let summary: Vec<String> = err
        .lines()
        .filter(|l| l.contains(": built") || l.contains(": 1 error") || l.contains("plans"))
        .map(|l| {
            let files = l.find("(web ").and_then(|i| l[i..].find(' ').map(|_| i));
            match files {
                Some(i) => {
                    let end = l[i..].find(" files)").map_or(l.len(), |e| i + e);
                    format!("{}(web N{}", &l[..i], &l[end..])
                }
                None => l.to_string(),
            }
        })
        .collect();
    assert_eq!(
        summary,
        [
            "kreis/gemeinde-b: built (web N files), 1 warning",
            "stadt-a: built (web N files), 1 warning",
            "stadt-c: 1 error, 0 warnings – nothing written",
            "2 of 3 plans built without errors, 1 with errors",
        ],
        "{err}"
    );
    // the diagnostics come grouped under their plan
    let c = err.find("== stadt-c").expect("stadt-c's diagnostics");
    assert!(err[c..].contains("content/site.yaml:1:"), "{err}");
    assert!(dir.path().join("stadt-a/web/index.html").is_file());
    assert!(dir.path().join("kreis/gemeinde-b/web/index.html").is_file());
    assert!(!dir.path().join("stadt-c/public").exists());
    assert!(!dir.path().join(".git/public").exists());
    // check --all writes nothing
    std::fs::remove_dir_all(dir.path().join("stadt-a/web")).unwrap();
    krisenfest(dir.path())
        .args(["check", "--all", "."])
        .assert()
        .code(1);
    assert!(!dir.path().join("stadt-a/web").exists());
}

#[test]
fn all_refuses_what_does_not_fit_it() {
    let dir = tempfile::tempdir().unwrap();
    krisenfest(dir.path())
        .args(["build", "--all", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("kein Plan"));
    krisenfest(dir.path())
        .args(["-r", "x", "build", "--all", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`--root`"));
    krisenfest(dir.path())
        .args(["build", "--all", ".", "-o", "/tmp/x"])
        .assert()
        .code(2);
}
