//! Stage 6: write an output atomically. The new site is written into a temporary folder beside
//! the target and swapped in with two renames, so a failed or interrupted build never leaves a
//! half-written or empty site behind.

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
    if target.exists() {
        let old = parent.join(format!(
            ".krisenfest-old-{}-{}",
            target
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            std::process::id()
        ));
        std::fs::rename(&target, &old)?;
        if let Err(e) = std::fs::rename(&new, &target) {
            // Put the previous site back rather than leave nothing.
            let _ = std::fs::rename(&old, &target);
            let _ = std::fs::remove_dir_all(&new);
            return Err(e);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&new, &target)?;
    }
    Ok(target)
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
        files.insert("a/index.html".into(), b"one".to_vec());
        write(root.path(), "public", &files).unwrap();
        let mut files = Files::new();
        files.insert("b.txt".into(), b"two".to_vec());
        write(root.path(), "public", &files).unwrap();
        assert!(!root.path().join("public/a/index.html").exists());
        assert_eq!(
            std::fs::read(root.path().join("public/b.txt")).unwrap(),
            b"two"
        );
        let leftovers: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
