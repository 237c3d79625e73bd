//! Which file changes start a rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::Msg;

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
/// notice a `themes/` folder created later. Output folders are never watched: the server writes
/// none, and one written by a parallel `krisenfest build` must not trigger rebuilds.
pub(super) struct Watch {
    watcher: AnyWatcher,
    content: PathBuf,
    themes: PathBuf,
    themes_watched: bool,
    pub(super) polling: bool,
}

impl Watch {
    pub(super) fn start(root: &Path, poll: bool, tx: mpsc::Sender<Msg>) -> notify::Result<Watch> {
        let content = root.join("content");
        let themes = root.join("themes");
        // Reading a file (as every build does) raises access events on Linux; passing them on
        // would make each rebuild trigger the next.
        let handler = |tx: mpsc::Sender<Msg>| {
            move |res: notify::Result<notify::Event>| {
                if !matches!(&res, Ok(ev) if ev.kind.is_access()) {
                    let _ = tx.send(Msg::Fs(res));
                }
            }
        };
        if !poll {
            let native =
                notify::RecommendedWatcher::new(handler(tx.clone()), notify::Config::default())
                    .map(AnyWatcher::Native)
                    .and_then(|w| Watch::with(w, &content, &themes, root, false));
            match native {
                Ok(w) => return Ok(w),
                Err(e) => {
                    eprintln!(
                        "warning: file notifications unavailable ({e}); polling for changes instead"
                    );
                    if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                        eprintln!(
                            "  = help: raise `fs.inotify.max_user_watches` (sysctl) to use notifications"
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
        Watch::with(AnyWatcher::Poll(w), &content, &themes, root, true)
    }

    fn with(
        mut watcher: AnyWatcher,
        content: &Path,
        themes: &Path,
        root: &Path,
        polling: bool,
    ) -> notify::Result<Watch> {
        watcher.watcher().watch(content, RecursiveMode::Recursive)?;
        if !polling {
            watcher.watcher().watch(root, RecursiveMode::NonRecursive)?;
        }
        let mut w = Watch {
            watcher,
            content: content.to_path_buf(),
            themes: themes.to_path_buf(),
            themes_watched: false,
            polling,
        };
        w.refresh();
        Ok(w)
    }

    /// Add the paths of `ev` that a build reads to `into`.
    pub(super) fn collect(&self, ev: notify::Result<notify::Event>, into: &mut Vec<PathBuf>) {
        match ev {
            Ok(ev) => into.extend(ev.paths.into_iter().filter(|p| self.is_relevant(p))),
            Err(e) => eprintln!("warning: file watcher: {e}"),
        }
    }

    /// Start watching `themes/` once it exists.
    pub(super) fn refresh(&mut self) {
        if !self.themes_watched && self.themes.is_dir() {
            match self
                .watcher
                .watcher()
                .watch(&self.themes, RecursiveMode::Recursive)
            {
                Ok(()) => self.themes_watched = true,
                Err(e) => eprintln!("warning: cannot watch `themes/`: {e}"),
            }
        }
    }

    /// A change under `content/` or `themes/` that a build reads (the loader skips hidden and
    /// editor backup files).
    fn is_relevant(&self, path: &Path) -> bool {
        if !(path.starts_with(&self.content) || path.starts_with(&self.themes)) {
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
