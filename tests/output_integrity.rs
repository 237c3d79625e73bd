//! Output folders: two outputs never share a folder however `dir` is spelled, and a write that
//! fails changes no output at all — tested with real failures of the file system.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use assert_cmd::Command;
use common::*;
use krisenfest::diagnostics::render;

const PAGE: &str = "---\ntitle: Start\naudience: public\n---\nAlt.\n";

fn site(outputs: &[(&str, &str, &str)]) -> String {
    let mut s = SITE.to_string() + "outputs:\n";
    for (name, audience, dir) in outputs {
        s += &format!("  - {{name: {name}, audience: {audience}, dir: {dir}}}\n");
    }
    s
}

/// Every error of the build, rendered as the editor sees it.
fn rendered_errors(root: &Path) -> Vec<String> {
    let r = build_plan(root);
    errors(&r)
        .iter()
        .map(|d| render(d, &r.sources, false, krisenfest::diagnostics::Lang::En))
        .collect()
}

const HINT: &str = "give every output its own folder side by side, e.g. `public` and `intranet`; `./`, a `/` at the end and upper or lower case do not make a folder different (Windows and macOS see one folder). Output `public` is set at content/site.yaml:8:43";

#[test]
fn an_output_folder_spelled_differently_is_still_the_same_folder() {
    for dir in [
        "public/",
        "./public",
        "public//",
        "Public",
        "public/.",
        "public\\",
        "./PUBLIC/./",
    ] {
        let yaml = site(&[
            ("public", "public", "public"),
            ("intranet", "internal", &format!("'{dir}'")),
        ]);
        let root = plan(&[("content/site.yaml", &yaml), ("content/_index.md", PAGE)]);
        let col = "  - {name: intranet, audience: internal, dir: ".len() + 1;
        let carets = "^".repeat(dir.chars().count() + 2);
        let pad = " ".repeat(col - 1);
        let want = format!(
            "error: output `intranet` writes to `{dir}`, the folder of output `public` (`public`)\n --> content/site.yaml:9:{col}\n  |\n9 |   - {{name: intranet, audience: internal, dir: '{dir}'}}\n  | {pad}{carets}\n  |\nhelp: {HINT}"
        );
        assert_eq!(rendered_errors(root.path()), [want], "dir: {dir}");
    }
}

#[test]
fn an_output_folder_inside_or_around_another_is_an_error_at_the_second() {
    for (first, second, msg) in [
        (
            "public",
            "Public/intern",
            "output `intranet` writes into `Public/intern`, inside the folder of output `public`",
        ),
        (
            "public/intern",
            "./public/",
            "output `intranet` writes to `./public/`, around the folder `public/intern` of output `public`",
        ),
        (
            "site\\public",
            "site/public/x",
            "output `intranet` writes into `site/public/x`, inside the folder of output `public`",
        ),
    ] {
        let yaml = site(&[
            ("public", "public", &format!("'{first}'")),
            ("intranet", "internal", &format!("'{second}'")),
        ]);
        let root = plan(&[("content/site.yaml", &yaml), ("content/_index.md", PAGE)]);
        let r = build_plan(root.path());
        let e = errors(&r);
        assert_eq!(e.len(), 1, "{first} / {second}: {e:#?}");
        assert_eq!(e[0].message, msg);
        assert_eq!(e[0].location(), "content/site.yaml:9:47");
        assert_eq!(e[0].hint.as_deref(), Some(HINT));
    }
    // Not one folder: a common beginning of the name is not a folder inside another.
    let yaml = site(&[
        ("public", "public", "public"),
        ("intranet", "internal", "public-intern"),
    ]);
    let root = plan(&[("content/site.yaml", &yaml), ("content/_index.md", PAGE)]);
    assert_eq!(rendered_errors(root.path()), Vec::<String>::new());
}

fn krisenfest(root: &Path) -> std::process::Output {
    pin_date();
    Command::cargo_bin("krisenfest")
        .unwrap()
        .args(["--lang", "en"])
        .args(["build", "--root"])
        .arg(root)
        .output()
        .unwrap()
}

#[test]
fn the_normalised_folder_is_the_one_written() {
    let yaml = site(&[
        ("public", "public", "'./site//public/.'"),
        ("intranet", "internal", "'site\\intranet\\'"),
    ]);
    let root = plan(&[("content/site.yaml", &yaml), ("content/_index.md", PAGE)]);
    let out = krisenfest(root.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let mut top: Vec<String> = std::fs::read_dir(root.path().join("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["intranet", "public"]);
    let shown = root.path().join("site/public");
    assert!(
        stderr.contains(&format!("files in {}\n", shown.display())),
        "{stderr}"
    );
    assert!(root.path().join("site/public/index.html").is_file());
}

/// Bytes and modification time of every file, and every folder, below `root` except `content/`.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Option<(Vec<u8>, SystemTime)>> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.path() != root.join("content"))
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            let file = e.file_type().is_file().then(|| {
                let m = e.metadata().unwrap();
                (std::fs::read(e.path()).unwrap(), m.modified().unwrap())
            });
            (rel, file)
        })
        .collect()
}

fn no_temporary_files(root: &Path) {
    let left: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".krisenfest"))
        })
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// A plan built once, then edited so that every output would change.
fn built_and_edited(yaml: &str) -> tempfile::TempDir {
    let root = plan(&[("content/site.yaml", yaml), ("content/_index.md", PAGE)]);
    let out = krisenfest(root.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    write_files(
        root.path(),
        &[(
            "content/_index.md",
            "---\ntitle: Start\naudience: public\n---\nNeu.\n",
        )],
    );
    root
}

/// The one error of a failed write, without the file system's own words (they differ between
/// systems) after the last `: `.
fn write_error(out: &std::process::Output) -> (String, String) {
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // (after the warnings of the build)
    let mut lines = stderr.lines().skip_while(|l| !l.starts_with("error:"));
    let error = lines.next().unwrap_or_default();
    let error = error
        .rsplit_once(": ")
        .map_or(error, |(a, _)| a)
        .to_string();
    let help = lines.find(|l| l.contains("help:")).unwrap_or_default();
    (error, help.trim().to_string())
}

fn help(path: &str) -> String {
    format!(
        "= help: at `{path}`. Nothing was written: every output is as it was before this build. Make sure the folder is writable, the disk is not full and no file stands where a folder belongs, then build again"
    )
}

#[test]
fn when_the_second_output_cannot_be_written_the_first_is_not_written_either() {
    let two = site(&[
        ("public", "public", "public"),
        ("intranet", "internal", "intranet"),
    ]);
    let root = built_and_edited(&two);
    // A file where the intranet's parent folder must go.
    std::fs::write(root.path().join("blocked"), "a file").unwrap();
    let moved = site(&[
        ("public", "public", "public"),
        ("intranet", "internal", "blocked/intranet"),
    ]);
    write_files(root.path(), &[("content/site.yaml", &moved)]);
    let before = snapshot(root.path());
    let out = krisenfest(root.path());
    assert_eq!(
        write_error(&out),
        (
            "error: cannot write output `intranet` to `blocked/intranet`".into(),
            help("blocked")
        )
    );
    assert_eq!(snapshot(root.path()), before);
    no_temporary_files(root.path());
}

/// Undoes `chattr +i` / `chmod` and unmounts even when the test fails, so the temporary folder
/// can be removed.
struct Undo(Vec<Vec<String>>);

impl Drop for Undo {
    fn drop(&mut self) {
        for cmd in &self.0 {
            let _ = std::process::Command::new(&cmd[0]).args(&cmd[1..]).status();
        }
    }
}

fn run(cmd: &[&str]) -> bool {
    std::process::Command::new(cmd[0])
        .args(&cmd[1..])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Make `dir` refuse new entries: `chmod a-w`, or for root (whom that does not stop) the
/// immutable attribute. `None` when neither works here.
fn read_only(dir: &Path) -> Option<Undo> {
    let d = dir.to_str().unwrap().to_string();
    if run(&["chmod", "a-w", &d]) {
        let undo = Undo(vec![vec!["chmod".into(), "u+w".into(), d.clone()]]);
        if std::fs::write(dir.join(".probe"), "").is_err() {
            return Some(undo);
        }
        let _ = std::fs::remove_file(dir.join(".probe"));
    }
    if run(&["chattr", "+i", &d]) {
        return Some(Undo(vec![vec!["chattr".into(), "-i".into(), d]]));
    }
    None
}

#[test]
fn a_read_only_plan_folder_changes_no_output() {
    let two = site(&[
        ("public", "public", "public"),
        ("intranet", "internal", "intranet"),
    ]);
    let root = built_and_edited(&two);
    let before = snapshot(root.path());
    let Some(_undo) = read_only(root.path()) else {
        eprintln!("skipped: neither chmod nor chattr +i makes a folder read-only here");
        return;
    };
    let out = krisenfest(root.path());
    let (error, hint) = write_error(&out);
    assert!(
        error == "error: cannot write output `public` to `public`"
            || error == "error: cannot write output `intranet` to `intranet`",
        "{error}"
    );
    assert_eq!(hint, help(&root.path().display().to_string()));
    assert_eq!(snapshot(root.path()), before);
    no_temporary_files(root.path());
}

#[test]
fn a_failed_swap_puts_back_the_output_already_swapped() {
    let two = site(&[
        ("public", "public", "public"),
        ("intranet", "internal", "intranet"),
    ]);
    let root = built_and_edited(&two);
    let before = snapshot(root.path());
    // An immutable folder can be read and staged from, but not renamed: the swap of the second
    // output fails after the first one is in place.
    let intranet = root.path().join("intranet");
    let d = intranet.to_str().unwrap();
    if !run(&["chattr", "+i", d]) {
        eprintln!(
            "skipped: `chattr +i` is not available here, and nothing else makes a rename fail"
        );
        return;
    }
    let _undo = Undo(vec![vec!["chattr".into(), "-i".into(), d.into()]]);
    let out = krisenfest(root.path());
    assert_eq!(
        write_error(&out),
        (
            "error: cannot write output `intranet` to `intranet`".into(),
            help("intranet")
        )
    );
    assert_eq!(snapshot(root.path()), before);
    no_temporary_files(root.path());
}

#[test]
fn a_full_disk_changes_no_output() {
    let two = site(&[
        ("public", "public", "disk/public"),
        ("intranet", "internal", "disk/intranet"),
    ]);
    let root = plan(&[("content/site.yaml", &two), ("content/_index.md", PAGE)]);
    let out = krisenfest(root.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let disk = root.path().join("disk");
    let used_kb: u64 = walkdir::WalkDir::new(&disk)
        .into_iter()
        .map(|e| e.unwrap().metadata().unwrap().len().div_ceil(4096) * 4)
        .sum();
    std::fs::remove_dir_all(&disk).unwrap();
    std::fs::create_dir(&disk).unwrap();
    let d = disk.to_str().unwrap();
    // Room for this build and 1 MB, not for a second one with a 2 MB file more in each output.
    let size = format!("size={}k", used_kb + 1024);
    if !run(&["mount", "-t", "tmpfs", "-o", &size, "tmpfs", d]) {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root), so no disk can fill up");
        return;
    }
    let _undo = Undo(vec![vec!["umount".into(), "-l".into(), d.into()]]);
    let out = krisenfest(root.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    write_files(
        root.path(),
        &[
            ("content/static/big.txt", &"x".repeat(2 << 20)),
            (
                "content/_index.md",
                "---\ntitle: Start\naudience: public\n---\nNeu.\n",
            ),
        ],
    );
    let before = snapshot(root.path());
    let out = krisenfest(root.path());
    let (error, hint) = write_error(&out);
    assert!(
        error.starts_with("error: cannot write output `"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(hint.starts_with("= help: at `disk/"), "{hint}");
    assert_eq!(snapshot(root.path()), before);
    no_temporary_files(root.path());
}
