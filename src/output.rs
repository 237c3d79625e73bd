//! Stage 6: write the outputs — all of them or none. Nothing is written unless the whole build
//! succeeded, and a failure while writing leaves every previous output byte for byte as it was.
//!
//! 1. Stage: every output is written completely into a temporary folder `.krisenfest-…` beside
//!    its target. A file whose bytes are unchanged is hard-linked from the previous output (so
//!    its modification time stays and `rsync` deploys only what changed); any other file is
//!    written. Nothing outside the staging folders is touched, so a failure here (disk full,
//!    permission denied, a file where a folder must go) only removes what was staged.
//! 2. Swap, once every output is staged: the old folder is renamed aside, the staged one into
//!    place. If a rename fails, the outputs already swapped are put back.
//! 3. Delete the old folders.
//!
//! A web server reading an output sees the old or the new site, never a mix; between the two
//! renames of step 2 the folder is missing for an instant.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Msg;
use crate::files::Files;
use crate::msg;
use crate::outdir::normalise_dir;

/// One output to write: its name (for messages), `dir` from `site.yaml`, its files.
pub struct Output<'a> {
    pub name: &'a str,
    pub dir: &'a str,
    pub files: &'a Files,
}

/// What is on disk after a failed write.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every previous output is as it was.
    Unchanged,
    /// Every output was written; only deleting a previous folder, now at `WriteError::path`,
    /// failed.
    Written,
    /// Putting back a previous output failed: it is at `WriteError::path`.
    RollbackFailed,
}

/// A reason of our own for a [`WriteError`], in both languages (an `io::Error` from the system
/// has its text in the system's language only).
#[derive(Debug)]
struct Reason(Msg);

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for Reason {}

/// Why writing failed: our own reason in both languages, or the system's text.
pub fn reason(e: &io::Error) -> Msg {
    e.get_ref()
        .and_then(|r| r.downcast_ref::<Reason>())
        .map_or_else(|| Msg::same(e.to_string()), |r| r.0.clone())
}

#[derive(Debug)]
pub struct WriteError {
    pub output: String,
    pub path: PathBuf,
    pub error: io::Error,
    pub outcome: Outcome,
}

/// A staged output, not yet in place.
struct Staged {
    /// `root/dir`, as reported to the user.
    target: PathBuf,
    /// The folder that is replaced: `target`, or the folder a link at `target` points to (the
    /// link stays).
    place: PathBuf,
    stage: tempfile::TempDir,
    /// The previous output is renamed here during the swap.
    aside: PathBuf,
    /// Something is at `place` (a previous output, or a file in the way).
    exists: bool,
    /// Folders created for `place`'s parent, deepest first, removed again on failure.
    created: Vec<PathBuf>,
}

/// Write all `outputs` into `root`, or none of them. Returns each output's folder.
pub fn write_all(root: &Path, outputs: &[Output]) -> Result<Vec<PathBuf>, WriteError> {
    let staged: Vec<Result<Staged, WriteError>> =
        outputs.par_iter().map(|o| stage(root, o)).collect();
    let mut ok = Vec::new();
    let mut failed = None;
    for s in staged {
        match s {
            Ok(s) => ok.push(s),
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    if let Some(e) = failed.or_else(|| shared_folder(outputs, &ok)) {
        discard(ok);
        return Err(e);
    }
    for i in 0..ok.len() {
        if let Err(e) = swap_in(&ok[i]) {
            let err = |path: PathBuf, error| WriteError {
                output: outputs[i].name.to_string(),
                path,
                error,
                outcome: Outcome::RollbackFailed,
            };
            // (in reverse, so that every aside name is free again when its output is put back)
            for j in (0..i).rev() {
                let s = &ok[j];
                // (on failure, the previous output is still at its aside name)
                std::fs::rename(&s.place, s.stage.path()).map_err(|e| err(s.aside.clone(), e))?;
                if s.exists {
                    std::fs::rename(&s.aside, &s.place).map_err(|e| err(s.aside.clone(), e))?;
                }
            }
            discard(ok);
            return Err(WriteError {
                output: outputs[i].name.to_string(),
                path: e.0,
                error: e.1,
                outcome: Outcome::Unchanged,
            });
        }
    }
    // Deleting the old folders, both outputs side by side and each folder's entries too: on
    // the example plan's disk (ext4 with online discard) a `rmdir` costs milliseconds, and this
    // took 0.75 s one after the other.
    let cleanup: Vec<io::Result<()>> = ok
        .par_iter()
        .map(|s| {
            if s.exists {
                remove_old(&s.aside)
            } else {
                Ok(())
            }
        })
        .collect();
    let mut result = Ok(Vec::with_capacity(ok.len()));
    for ((o, s), removed) in outputs.iter().zip(ok).zip(cleanup) {
        // The staging folder is the output now: it must not be deleted with the `TempDir`.
        let _ = s.stage.keep();
        if let Err(e) = removed
            && result.is_ok()
        {
            result = Err(WriteError {
                output: o.name.to_string(),
                path: s.aside.clone(),
                error: e,
                outcome: Outcome::Written,
            });
        }
        if let Ok(v) = &mut result {
            v.push(s.target);
        }
    }
    result
}

fn stage(root: &Path, o: &Output) -> Result<Staged, WriteError> {
    // (absolute only from `--output-dir`; site.yaml's `dir` is always inside the plan)
    let target = if Path::new(o.dir).is_absolute() {
        PathBuf::from(o.dir)
    } else {
        root.join(normalise_dir(o.dir))
    };
    let fail = |path: &Path, error| WriteError {
        output: o.name.to_string(),
        path: path.to_path_buf(),
        error,
        outcome: Outcome::Unchanged,
    };
    // An output folder may be a link to the web server's folder: that folder is replaced (so
    // its parent must be writable) and the link keeps pointing to it. A link to anything else
    // is in the way like a stale file.
    let link = std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink());
    let place = if link && std::fs::metadata(&target).is_ok_and(|m| m.is_dir()) {
        std::fs::canonicalize(&target).map_err(|e| fail(&target, e))?
    } else {
        target.clone()
    };
    let meta = std::fs::symlink_metadata(&place).ok();
    let old = meta.as_ref().is_some_and(|m| m.is_dir()).then_some(&place);
    let parent = place.parent().unwrap_or(root);
    let created: Vec<PathBuf> = parent
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && std::fs::symlink_metadata(p).is_err())
        .map(Path::to_path_buf)
        .collect();
    let cleanup = |e: WriteError| {
        remove_created(&created);
        e
    };
    std::fs::create_dir_all(parent).map_err(|e| cleanup(fail(parent, e)))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".krisenfest-");
    #[cfg(unix)]
    let perms = {
        use std::os::unix::fs::PermissionsExt;
        // as a plain `mkdir` would create it; tempfile's default, 0700, would lock a web server
        // out of a fresh output
        std::fs::Permissions::from_mode(0o777)
    };
    #[cfg(unix)]
    builder.permissions(perms);
    let stage = builder
        .tempdir_in(parent)
        .map_err(|e| cleanup(fail(parent, e)))?;
    let fill = || -> Result<(), WriteError> {
        let mut dirs: Vec<&Path> = o
            .files
            .keys()
            .filter_map(|k| Path::new(k).parent())
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in dirs {
            std::fs::create_dir_all(stage.path().join(d)).map_err(|e| fail(&target.join(d), e))?;
        }
        o.files.par_iter().try_for_each(|(k, v)| {
            put(old.map(|p| p.join(k)), &stage.path().join(k), v)
                .map_err(|e| fail(&target.join(k), e))
        })?;
        if let Some(m) = &meta
            && m.is_dir()
        {
            // (last: a read-only previous folder would otherwise stop the writes above)
            std::fs::set_permissions(stage.path(), m.permissions())
                .map_err(|e| fail(&target, e))?;
        }
        Ok(())
    };
    if let Err(e) = fill() {
        drop(stage);
        return Err(cleanup(e));
    }
    let aside = {
        let mut name = stage.path().as_os_str().to_owned();
        name.push("-old");
        PathBuf::from(name)
    };
    Ok(Staged {
        target,
        place,
        stage,
        aside,
        exists: meta.is_some(),
        created,
    })
}

/// Write `bytes` to `new`, as a hard link to `old` if that file has exactly these bytes.
fn put(old: Option<PathBuf>, new: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(old) = old {
        // (`symlink_metadata`: a link in the old output is not a file to link to; comparing the
        // length first saves reading most changed files)
        if let Ok(m) = std::fs::symlink_metadata(&old)
            && m.is_file()
            && m.len() == bytes.len() as u64
            && std::fs::read(&old).is_ok_and(|b| b == bytes)
        {
            if std::fs::hard_link(&old, new).is_ok() {
                return Ok(());
            }
            // A file system without hard links: a copy with the old time does the same for rsync.
            std::fs::write(new, bytes)?;
            if let Ok(t) = m.modified() {
                std::fs::File::options()
                    .write(true)
                    .open(new)?
                    .set_modified(t)?;
            }
            return Ok(());
        }
    }
    std::fs::write(new, bytes)
}

/// Two outputs that end up in one folder through links, which the check of `site.yaml` cannot
/// see: one of them would be published with the other.
fn shared_folder(outputs: &[Output], staged: &[Staged]) -> Option<WriteError> {
    let real = |s: &Staged| {
        let parent = s.stage.path().parent()?;
        Some(
            std::fs::canonicalize(parent)
                .ok()?
                .join(s.place.file_name()?),
        )
    };
    for (i, a) in staged.iter().enumerate() {
        for (j, b) in staged.iter().enumerate().take(i) {
            let (Some(ra), Some(rb)) = (real(a), real(b)) else {
                continue;
            };
            if ra.starts_with(&rb) || rb.starts_with(&ra) {
                return Some(WriteError {
                    output: outputs[i].name.to_string(),
                    path: ra,
                    error: io::Error::other(Reason(msg!(
                        "über eine Verknüpfung ist dies der Ordner der Ausgabe `{}` oder liegt in ihm oder um ihn herum",
                        "through a link, this is the folder of output `{}` or inside or around it";
                        outputs[j].name
                    ))),
                    outcome: Outcome::Unchanged,
                });
            }
        }
    }
    None
}

fn swap_in(s: &Staged) -> Result<(), (PathBuf, io::Error)> {
    if s.exists {
        std::fs::rename(&s.place, &s.aside).map_err(|e| (s.place.clone(), e))?;
    }
    if let Err(e) = std::fs::rename(s.stage.path(), &s.place) {
        if s.exists {
            // If this fails too, the old output stays beside its place under the aside name.
            let _ = std::fs::rename(&s.aside, &s.place);
        }
        return Err((s.place.clone(), e));
    }
    Ok(())
}

/// Drop the staging folders and any folder created for them.
fn discard(staged: Vec<Staged>) {
    let created: Vec<Vec<PathBuf>> = staged.into_iter().map(|s| s.created).collect();
    for c in &created {
        remove_created(c);
    }
}

fn remove_created(created: &[PathBuf]) {
    // Only empty folders: another output may still stage in a shared new parent.
    for d in created {
        let _ = std::fs::remove_dir(d);
    }
}

/// Delete a previous output (or the file that was in its place). A folder in it made read-only
/// by hand would stop the deletion; the folder is ours to delete, so it is made writable.
fn remove_old(path: &Path) -> io::Result<()> {
    if !std::fs::symlink_metadata(path)?.is_dir() {
        return std::fs::remove_file(path);
    }
    match remove_tree(path) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            #[cfg(unix)]
            for entry in walkdir::WalkDir::new(path).into_iter().flatten() {
                use std::os::unix::fs::PermissionsExt;
                if entry.file_type().is_dir() {
                    let _ = std::fs::set_permissions(
                        entry.path(),
                        std::fs::Permissions::from_mode(0o700),
                    );
                }
            }
            remove_tree(path)
        }
        r => r,
    }
}

/// `remove_dir_all`, with the entries of each folder removed side by side.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries = std::fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|e| {
        // (`file_type` does not follow links: a link is removed, not what it points to)
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}
