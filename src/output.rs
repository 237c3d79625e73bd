//! Stage 6: write an output. Nothing is written unless the whole build succeeded.
//!
//! - A new output folder is written into a temporary folder beside the target and renamed into
//!   place, so an interrupted first build leaves no half-written site.
//! - An existing output folder is brought up to date file by file: a file whose bytes are
//!   unchanged is not touched (its modification time stays, so `rsync` deploys only what
//!   changed), a changed file is written beside its old version and renamed over it (a web server
//!   reading the folder never sees half a file), and files the build no longer produces are
//!   removed. This costs a read per file instead of rewriting and deleting the whole site, which
//!   was most of the time of a rebuild of a small plan.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::render::Files;

/// Output folders must stay inside the plan and must not be a source folder we would delete.
pub fn check_dir(dir: &str) -> Result<(), String> {
    let p = Path::new(dir);
    if dir.trim().is_empty() {
        return Err("output dir is empty".into());
    }
    if p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!(
            "output dir `{dir}` must be a plain relative folder inside the plan (no `..`, no absolute path)"
        ));
    }
    let first = p
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    if ["content", "themes", ".git", "src", "tests"].contains(&first.as_str()) {
        return Err(format!(
            "output dir `{dir}` would overwrite the plan's own `{first}/` folder"
        ));
    }
    Ok(())
}

pub fn write(root: &Path, dir: &str, files: &Files) -> std::io::Result<PathBuf> {
    let target = root.join(dir);
    // (following a link: an output folder may be a link to the web server's folder)
    if std::fs::metadata(&target).is_ok_and(|m| m.is_dir()) {
        update(&target, files)?;
        return Ok(target);
    }
    let parent = target
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.to_path_buf());
    std::fs::create_dir_all(&parent)?;
    let tmp = tempfile::Builder::new()
        .prefix(".krisenfest-")
        .tempdir_in(&parent)?;
    let mut dirs: Vec<PathBuf> = files
        .keys()
        .filter_map(|k| Path::new(k).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(tmp.path().join(d))?;
    }
    files
        .par_iter()
        .try_for_each(|(k, v)| std::fs::write(tmp.path().join(k), v))?;
    let new = tmp.keep();
    if std::fs::symlink_metadata(&target).is_ok() {
        // A file (or a link) where the output folder belongs: replaced like any stale file.
        remove_any(&target)?;
    }
    if let Err(e) = std::fs::rename(&new, &target) {
        let _ = std::fs::remove_dir_all(&new);
        return Err(e);
    }
    Ok(target)
}

/// Bring the existing folder `target` to exactly `files`.
fn update(target: &Path, files: &Files) -> std::io::Result<()> {
    // What is there now, deepest first (so that emptied folders can be removed after their files).
    let mut existing: Vec<(PathBuf, bool)> = Vec::new();
    for entry in walkdir::WalkDir::new(target)
        .min_depth(1)
        .follow_links(false)
        .contents_first(true)
    {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(target)
            .map_err(std::io::Error::other)?
            .to_path_buf();
        existing.push((rel, entry.file_type().is_dir()));
    }
    let wanted_dirs: std::collections::BTreeSet<PathBuf> = files
        .keys()
        .flat_map(|k| Path::new(k).ancestors().skip(1).map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    // Remove what the build no longer produces, and anything in the way of what it does.
    for (rel, is_dir) in &existing {
        let keep = if *is_dir {
            wanted_dirs.contains(rel)
        } else {
            rel.to_str().is_some_and(|k| files.contains_key(k))
        };
        if !keep {
            remove_any(&target.join(rel))?;
        }
    }
    // only the missing ones: on a rebuild of the example plan, 203 `mkdir` calls all failed
    // with "exists"
    let had: std::collections::BTreeSet<&PathBuf> = existing
        .iter()
        .filter(|(_, is_dir)| *is_dir)
        .map(|(rel, _)| rel)
        .collect();
    for d in wanted_dirs.iter().filter(|d| !had.contains(d)) {
        std::fs::create_dir_all(target.join(d))?;
    }
    files.par_iter().try_for_each(|(k, v)| {
        let path = target.join(k);
        if std::fs::read(&path).is_ok_and(|old| old == *v) {
            return Ok(());
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let tmp = path.with_file_name(format!(".krisenfest-tmp-{}-{name}", std::process::id()));
        std::fs::write(&tmp, v)?;
        std::fs::rename(&tmp, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    })
}

fn remove_any(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_dirs_are_confined() {
        assert!(check_dir("public").is_ok());
        assert!(check_dir("build/public").is_ok());
        assert!(check_dir("../x").is_err());
        assert!(check_dir("/tmp/x").is_err());
        assert!(check_dir("content").is_err());
        assert!(check_dir(".").is_err());
    }

    #[test]
    fn swap_replaces_old_output() {
        let root = tempfile::tempdir().unwrap();
        let mut files = Files::new();
        files.insert(
            "a/index.html".into(),
            b"one".to_vec(),
            crate::render::Origin::generated("test"),
        );
        write(root.path(), "public", &files).unwrap();
        let mut files = Files::new();
        files.insert(
            "b.txt".into(),
            b"two".to_vec(),
            crate::render::Origin::generated("test"),
        );
        write(root.path(), "public", &files).unwrap();
        assert!(!root.path().join("public/a/index.html").exists());
        assert_eq!(
            std::fs::read(root.path().join("public/b.txt")).unwrap(),
            b"two"
        );
        let leftovers: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
        assert!(
            !root.path().join("public/a").exists(),
            "emptied folder stays"
        );
    }

    #[test]
    fn update_leaves_unchanged_files_alone_and_fixes_the_rest() {
        let root = tempfile::tempdir().unwrap();
        let mut files = Files::new();
        files.insert(
            "same.html".into(),
            b"same".to_vec(),
            crate::render::Origin::generated("test"),
        );
        files.insert(
            "x/changed.html".into(),
            b"old".to_vec(),
            crate::render::Origin::generated("test"),
        );
        files.insert(
            "gone/deep/file.txt".into(),
            b"old".to_vec(),
            crate::render::Origin::generated("test"),
        );
        files.insert(
            "becomes-dir".into(),
            b"file".to_vec(),
            crate::render::Origin::generated("test"),
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
            crate::render::Origin::generated("test"),
        );
        files.insert(
            "x/changed.html".into(),
            b"new".to_vec(),
            crate::render::Origin::generated("test"),
        );
        files.insert(
            "becomes-dir/index.html".into(),
            b"dir".to_vec(),
            crate::render::Origin::generated("test"),
        );
        write(root.path(), "public", &files).unwrap();
        assert_eq!(
            old_time("same.html"),
            before,
            "unchanged file was rewritten"
        );
        assert_eq!(std::fs::read(out.join("x/changed.html")).unwrap(), b"new");
        assert_eq!(
            std::fs::read(out.join("becomes-dir/index.html")).unwrap(),
            b"dir"
        );
        assert!(!out.join("gone").exists());
        assert!(!out.join("stray.txt").exists());
        let mut all: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        all.sort();
        assert_eq!(
            all,
            ["becomes-dir/index.html", "same.html", "x/changed.html"]
        );
    }
}
