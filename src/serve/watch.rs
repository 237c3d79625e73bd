//! Which file changes start a rebuild.
//!
//! A watch is on a folder, not on its name: after `mv content content.old && mv content.new
//! content` (or a branch switch or restore that replaces the folder) the old watch follows
//! `content.old` or is gone, and the new folder would never be seen. So the plan folder is watched
//! too, and whenever `content/` or `themes/` itself was created, removed or renamed — or, where
//! the platform tells, is now a different folder than the one watched — its watch is set up anew
//! on what the name now points to, followed by a full build.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::{Event, say};
use crate::diagnostics::Lang;
use crate::msg;

/// Interval of the poll watcher (`--poll`).
const POLL_INTERVAL: Duration = Duration::from_millis(500);

enum AnyWatcher {
    Native(notify::RecommendedWatcher),
    Poll(notify::PollWatcher),
}

impl AnyWatcher {
    fn watcher(&mut self) -> &mut dyn Watcher {
        match self {
            AnyWatcher::Native(w) => w,
            AnyWatcher::Poll(w) => w,
        }
    }
}

/// Watches `content/` and `themes/` recursively and the plan folder itself (not recursively) to
/// notice them created or replaced. Output folders are never watched: the server writes none, and
/// one written by a parallel `krisenfest build` must not trigger rebuilds.
pub(super) struct Watch {
    watcher: AnyWatcher,
    content: Dir,
    themes: Dir,
    pub(super) polling: bool,
}

/// A folder watched recursively by its name.
struct Dir {
    path: PathBuf,
    /// What was watched, while it is.
    watched: Option<DirId>,
    /// Itself created, removed or renamed since it was last set up.
    stale: bool,
}

/// Which folder a name pointed to when its watch was set up.
#[derive(PartialEq, Eq, Clone, Copy)]
struct DirId(u64, u64);

fn dir_id(path: &Path) -> Option<DirId> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(DirId(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        // Only that it exists; a replacement is noticed by the rename events on the plan folder.
        let _ = meta;
        Some(DirId(0, 0))
    }
}

impl Watch {
    pub(super) fn start(
        root: &Path,
        poll: bool,
        tx: mpsc::Sender<Event>,
        lang: Lang,
    ) -> notify::Result<Watch> {
        let content = root.join("content");
        let themes = root.join("themes");
        // Reading a file (as every build does) raises access events on Linux; passing them on
        // would make each rebuild trigger the next.
        let handler = |tx: mpsc::Sender<Event>| {
            move |res: notify::Result<notify::Event>| {
                if !matches!(&res, Ok(ev) if ev.kind.is_access()) {
                    let _ = tx.send(Event::Fs(res));
                }
            }
        };
        if !poll {
            let native =
                notify::RecommendedWatcher::new(handler(tx.clone()), notify::Config::default())
                    .map(AnyWatcher::Native)
                    .and_then(|w| Watch::with(w, &content, &themes, root, false, lang));
            match native {
                Ok(w) => return Ok(w),
                Err(e) => {
                    say(
                        lang,
                        msg!(
                            "Warnung: Benachrichtigungen über Dateiänderungen sind nicht verfügbar ({e}); stattdessen wird regelmäßig auf Änderungen geprüft",
                            "warning: file notifications unavailable ({e}); polling for changes instead"
                        ),
                    );
                    if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                        say(
                            lang,
                            msg!(
                                "  = Hilfe: Erhöhen Sie `fs.inotify.max_user_watches` (sysctl), um Benachrichtigungen zu nutzen",
                                "  = help: raise `fs.inotify.max_user_watches` (sysctl) to use notifications"
                            ),
                        );
                    }
                }
            }
        }
        // The poll watcher compares modification times in whole seconds; compare contents too,
        // or two saves within a second go unnoticed.
        let w = notify::PollWatcher::new(
            handler(tx),
            notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true),
        )?;
        Watch::with(AnyWatcher::Poll(w), &content, &themes, root, true, lang)
    }

    fn with(
        mut watcher: AnyWatcher,
        content: &Path,
        themes: &Path,
        root: &Path,
        polling: bool,
        lang: Lang,
    ) -> notify::Result<Watch> {
        let id = dir_id(content);
        watcher.watcher().watch(content, RecursiveMode::Recursive)?;
        if !polling {
            watcher.watcher().watch(root, RecursiveMode::NonRecursive)?;
        }
        let mut w = Watch {
            watcher,
            content: Dir {
                path: content.to_path_buf(),
                watched: id,
                stale: false,
            },
            themes: Dir {
                path: themes.to_path_buf(),
                watched: None,
                stale: false,
            },
            polling,
        };
        w.refresh(lang);
        Ok(w)
    }

    /// Add the paths of `ev` that a build reads to `into`.
    pub(super) fn collect(
        &mut self,
        ev: notify::Result<notify::Event>,
        into: &mut Vec<PathBuf>,
        lang: Lang,
    ) {
        let ev = match ev {
            Ok(ev) => ev,
            Err(e) => {
                return say(
                    lang,
                    msg!(
                        "Warnung: Dateiüberwachung: {e}",
                        "warning: file watcher: {e}"
                    ),
                );
            }
        };
        // Not on other changes of the folder itself: the poll watcher reports its modification
        // time, which every save by rename changes.
        let replacing = matches!(
            ev.kind,
            notify::EventKind::Create(_)
                | notify::EventKind::Remove(_)
                | notify::EventKind::Modify(notify::event::ModifyKind::Name(_))
        );
        for dir in [&mut self.content, &mut self.themes] {
            if replacing && ev.paths.contains(&dir.path) {
                dir.stale = true;
            }
        }
        into.extend(ev.paths.into_iter().filter(|p| self.is_relevant(p)));
    }

    /// Set up the watch of `content/` and `themes/` anew where the folder was replaced, removed
    /// or created. True if any changed: then a full build must follow, since changes made before
    /// the new watch was in place were not seen.
    pub(super) fn refresh(&mut self, lang: Lang) -> bool {
        let mut changed = false;
        for (dir, name) in [
            (&mut self.content, "content/"),
            (&mut self.themes, "themes/"),
        ] {
            let now = dir_id(&dir.path);
            if dir.watched.is_some() && (dir.stale || dir.watched != now) {
                // notify may already have dropped it (a watched folder moved away): fine.
                let _ = self.watcher.watcher().unwatch(&dir.path);
                dir.watched = None;
                changed = true;
            }
            dir.stale = false;
            if dir.watched.is_none() && now.is_some() {
                match self
                    .watcher
                    .watcher()
                    .watch(&dir.path, RecursiveMode::Recursive)
                {
                    Ok(()) => {
                        dir.watched = now;
                        changed = true;
                    }
                    Err(e) => say(
                        lang,
                        msg!(
                            "Warnung: `{name}` kann nicht überwacht werden: {e}",
                            "warning: cannot watch `{name}`: {e}"
                        ),
                    ),
                }
            }
        }
        changed
    }

    /// A change under `content/` or `themes/` that a build reads (the loader skips hidden and
    /// editor backup files).
    fn is_relevant(&self, path: &Path) -> bool {
        if !(path.starts_with(&self.content.path) || path.starts_with(&self.themes.path)) {
            return false;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        !(name.starts_with('.')
            || name.ends_with('~')
            || name.starts_with('#')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name == "4913")
    }
}
