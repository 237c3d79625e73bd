//! `output::write_all` on its own: unchanged files keep their time, stale ones go, links to a web
//! server's folder are kept, and a failure in one output leaves every output as it was.

use std::path::{Path, PathBuf};

use krisenfest::files::Files;
use krisenfest::output::{Outcome, Output, WriteError, write_all};

fn write(root: &Path, dir: &str, files: &Files) -> Result<Vec<PathBuf>, WriteError> {
    write_all(
        root,
        &[Output {
            name: "public",
            dir,
            files,
        }],
    )
}

#[test]
fn swap_replaces_old_output() {
    let root = tempfile::tempdir().unwrap();
    let mut files = Files::new();
    files.insert(
        "a/index.html".into(),
        b"one".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    write(root.path(), "public", &files).unwrap();
    let mut files = Files::new();
    files.insert(
        "b.txt".into(),
        b"two".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    let dirs = write(root.path(), "./public/", &files).unwrap();
    assert_eq!(dirs, [root.path().join("public")]);
    assert!(
        !root.path().join("public/a").exists(),
        "emptied folder stays"
    );
    assert_eq!(
        std::fs::read(root.path().join("public/b.txt")).unwrap(),
        b"two"
    );
    let leftovers: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1);
}

#[test]
fn unchanged_files_keep_their_time_and_the_rest_is_exactly_the_new_build() {
    let root = tempfile::tempdir().unwrap();
    let mut files = Files::new();
    files.insert(
        "same.html".into(),
        b"same".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    files.insert(
        "x/changed.html".into(),
        b"old".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    files.insert(
        "gone/deep/file.txt".into(),
        b"old".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    files.insert(
        "becomes-dir".into(),
        b"file".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    write(root.path(), "public", &files).unwrap();
    let out = root.path().join("public");
    let old_time = |p: &str| std::fs::metadata(out.join(p)).unwrap().modified().unwrap();
    let before = old_time("same.html");
    // A user file in the output is not part of the site and goes, as with a fresh build.
    std::fs::write(out.join("stray.txt"), "x").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));

    let mut files = Files::new();
    files.insert(
        "same.html".into(),
        b"same".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    files.insert(
        "x/changed.html".into(),
        b"new".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    files.insert(
        "becomes-dir/index.html".into(),
        b"dir".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    write(root.path(), "public", &files).unwrap();
    assert_eq!(
        old_time("same.html"),
        before,
        "unchanged file was rewritten"
    );
    let mut all: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root.path())
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root.path()).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    all.sort();
    let want: Vec<(String, Vec<u8>)> = [
        ("public/becomes-dir/index.html", "dir"),
        ("public/same.html", "same"),
        ("public/x/changed.html", "new"),
    ]
    .iter()
    .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
    .collect();
    assert_eq!(all, want);
}

/// A failure while staging the second output, after the first is fully staged: neither
/// changes, nothing is left behind (`a` must be a file and a folder at once: a real EISDIR).
#[test]
fn a_failure_in_one_output_leaves_every_output_as_it_was() {
    let root = tempfile::tempdir().unwrap();
    let mut old = Files::new();
    old.insert(
        "index.html".into(),
        b"old".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    fn outputs<'a>(a: &'a Files, b: &'a Files) -> [Output<'a>; 2] {
        [
            Output {
                name: "public",
                dir: "public",
                files: a,
            },
            Output {
                name: "intranet",
                dir: "nested/intranet",
                files: b,
            },
        ]
    }
    write_all(root.path(), &outputs(&old, &old)).unwrap();
    let mut new = Files::new();
    new.insert(
        "index.html".into(),
        b"new".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    let mut broken = new.clone();
    broken.insert(
        "a".into(),
        b"file".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    broken.insert(
        "a/b.html".into(),
        b"below the file".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    let e = write_all(root.path(), &outputs(&new, &broken)).unwrap_err();
    assert_eq!(
        (e.output.as_str(), e.outcome),
        ("intranet", Outcome::Unchanged)
    );
    assert_eq!(e.path, root.path().join("nested/intranet/a"));
    for p in ["public/index.html", "nested/intranet/index.html"] {
        assert_eq!(std::fs::read(root.path().join(p)).unwrap(), b"old", "{p}");
    }
    let names: Vec<String> = walkdir::WalkDir::new(root.path())
        .min_depth(1)
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".krisenfest")),
        "{names:?}"
    );
}

#[test]
fn a_link_to_a_folder_is_kept_and_the_folder_behind_it_replaced() {
    let root = tempfile::tempdir().unwrap();
    let web = tempfile::tempdir().unwrap();
    let www = web.path().join("www");
    std::fs::create_dir(&www).unwrap();
    std::fs::write(www.join("old.html"), "old").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&www, root.path().join("public")).unwrap();
    #[cfg(not(unix))]
    return;
    let mut files = Files::new();
    files.insert(
        "index.html".into(),
        b"new".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    write(root.path(), "public", &files).unwrap();
    let link = root.path().join("public");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(www.join("index.html")).unwrap(), b"new");
    assert!(!www.join("old.html").exists());
    assert_eq!(
        std::fs::read_dir(web.path()).unwrap().count(),
        1,
        "staging left"
    );
}

#[test]
fn two_outputs_in_one_folder_through_a_link_are_refused() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("public")).unwrap();
    std::fs::write(root.path().join("public/index.html"), "old").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("public", root.path().join("intranet")).unwrap();
    #[cfg(not(unix))]
    return;
    let mut files = Files::new();
    files.insert(
        "index.html".into(),
        b"new".to_vec(),
        krisenfest::files::Origin::generated(krisenfest::diagnostics::Msg::same("test")),
    );
    let e = write_all(
        root.path(),
        &[
            Output {
                name: "public",
                dir: "public",
                files: &files,
            },
            Output {
                name: "intranet",
                dir: "intranet",
                files: &files,
            },
        ],
    )
    .unwrap_err();
    assert_eq!(
        (e.output.as_str(), e.outcome),
        ("intranet", Outcome::Unchanged)
    );
    assert_eq!(
        std::fs::read(root.path().join("public/index.html")).unwrap(),
        b"old"
    );
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 2);
}
