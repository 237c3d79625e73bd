//! `krisenfest new` and `krisenfest theme eject`.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

#[test]
fn new_plan_builds_at_once_and_reports_todos() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["new", "--municipality", "Gemeinde Beispieldorf"])
        .arg(&plan)
        .assert()
        .success();
    let site = std::fs::read_to_string(plan.join("content/site.yaml")).unwrap();
    assert!(site.contains("municipality: Gemeinde Beispieldorf"));
    for kind in [
        "threats",
        "perspectives",
        "goals",
        "measures",
        "checklists",
        "evaluations",
        "provisioning",
    ] {
        assert!(
            plan.join(format!("content/data/{kind}.yaml")).exists(),
            "{kind}"
        );
    }
    assert!(plan.join("content/data/risks/r-001.yaml").exists());
    assert!(plan.join("content/method.yaml").exists());
    common::pin_date();
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["build", "--root"])
        .arg(&plan)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: placeholder `TODO` in site.yaml",
        ));
    assert!(plan.join("public/index.html").exists());
    assert!(plan.join("intranet/schulung/index.html").exists());
    // --strict turns the TODO warnings into a failure.
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["check", "--strict", "--root"])
        .arg(&plan)
        .assert()
        .code(1);
}

#[test]
fn new_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notiz.txt"), "x").unwrap();
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .arg("new")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn eject_copies_the_theme_once() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .arg("new")
        .arg(&plan)
        .assert()
        .success();
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["theme", "eject", "--root"])
        .arg(&plan)
        .assert()
        .success();
    assert!(plan.join("themes/default/templates/base.html").exists());
    assert!(
        plan.join("themes/default/static/assets/krisenfest.css")
            .exists()
    );
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["theme", "eject", "--root"])
        .arg(&plan)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    // An ejected, edited template is used by the next build.
    let base = plan.join("themes/default/templates/_page_header.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(
        &base,
        text.replace(
            "<h1 class=\"page-title\">",
            "<h1 class=\"page-title\" data-eigenes-theme>",
        ),
    )
    .unwrap();
    common::pin_date();
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["build", "--root"])
        .arg(&plan)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(plan.join("public/index.html"))
            .unwrap()
            .contains("data-eigenes-theme")
    );
}
