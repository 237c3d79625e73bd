//! `krisenfest serve`: a live preview of one output, built into memory and served over loopback.
//!
//! - A change is picked up once the files have been quiet for [`SETTLE`] (an editor's
//!   write-rename-chmod burst is one change). When only the text below the front matter of
//!   existing pages changed, those pages alone are re-rendered and checked, swapped in and reloaded
//!   at once; a full build follows in the background (search index, links from other pages) and is
//!   swapped in when nothing newer came meanwhile — so the preview ends exactly where a full build
//!   would. Every other change is a full build into memory. A failed build keeps the last good
//!   site and shows the diagnostics in the terminal and as an overlay on every page until fixed.
//! - `content/` and `themes/` are watched (notify), never an output folder.
//! - Requests are answered by a small pool of worker threads straight from memory. Live reload is a
//!   server-sent-events stream: its head is written by hand through `Request::into_writer()` (a
//!   streamed tiny_http `Response` sits in an 8 KiB buffer until EOF), the writer is parked in a
//!   shared list and each event is flushed, so open streams occupy no worker.
//! - Only `GET` and `HEAD`; request paths resolve to keys of the in-memory file map, never to the
//!   filesystem (see [`resolve`]).

use std::io::{self, Cursor, IsTerminal, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, mpsc};
use std::time::{Duration, Instant, SystemTime};

use clap::Args;
use notify::{RecursiveMode, Watcher};
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use crate::build::{self, BuildOptions};
use crate::diagnostics::{self, Diagnostic, Diagnostics, Severity, Sources};
use crate::model::common::Audience;
use crate::render::Files;

/// Path of the server-sent-events stream the reload script listens to.
pub const EVENTS_PATH: &str = "/__krisenfest/events";
/// Quiet time after the last file event before a rebuild starts: long enough to merge an editor's
/// write-rename-chmod burst (a few milliseconds) into one rebuild, short enough to feel instant.
pub const SETTLE: Duration = Duration::from_millis(25);
/// A stream of events (a tool rewriting many files) is cut after this long.
const MAX_SETTLE: Duration = Duration::from_millis(300);
/// Interval of the poll watcher (`--poll`).
const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// A comment line is sent to every event stream this often, to notice closed ones.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// Threads answering requests; each answers from memory, so a few suffice for a preview.
const WORKERS: usize = 8;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Folder of the plan (it contains content/site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Anything but loopback (127.0.0.1, ::1) makes the preview, internal
    /// pages included, reachable from other machines.
    #[arg(long, default_value = "127.0.0.1", value_parser = parse_bind)]
    pub bind: IpAddr,
    /// Serve the output with this name (default: the first internal output, else the first).
    #[arg(long)]
    pub output: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Poll for changes instead of using the system's file notifications (network shares, WSL).
    #[arg(long)]
    pub poll: bool,
}

fn parse_bind(s: &str) -> Result<IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    let bare = s
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(s);
    bare.parse()
        .map_err(|_| format!("`{s}` is not an IP address; use e.g. 127.0.0.1 or ::1"))
}

/// One served state of the site. Replaced whole on every rebuild, never changed in place.
struct Snapshot {
    /// The last good build of the served output (empty until a build succeeded).
    files: Arc<Files>,
    /// Pages re-rendered since, which take precedence over `files`.
    patched: Arc<Files>,
    /// Diagnostics of the last failed build, rendered as plain text, for the overlay.
    errors: Option<String>,
    /// Changes with every swap; pages carry it so that a page loaded just before a swap reloads.
    version: String,
}

struct Shared {
    current: RwLock<Arc<Snapshot>>,
    /// Open event streams.
    streams: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Snapshot {
    fn get(&self, key: &str) -> Option<&Vec<u8>> {
        self.patched.get(key).or_else(|| self.files.get(key))
    }

    fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn swap(&self, snap: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snap);
    }

    /// Send `msg` to every open stream, dropping those that fail. Returns how many are open.
    fn broadcast(&self, msg: &str) -> usize {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        streams.retain_mut(|w| w.write_all(msg.as_bytes()).and_then(|()| w.flush()).is_ok());
        streams.len()
    }
}

fn reload_event(version: &str) -> String {
    format!("event: reload\ndata: {version}\n\n")
}

/// Builds, then serves until the process is stopped. Returns an exit code only on failure to
/// start: 2 for usage errors (unknown output, address or port unusable), 1 if watching fails.
pub fn run(args: ServeArgs) -> i32 {
    let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let root = match args.root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "error: cannot open the plan folder `{}`: {e}",
                args.root.display()
            );
            return 2;
        }
    };
    let mut rebuilder = Rebuilder {
        root: root.clone(),
        drafts: args.drafts,
        selected: args.output.clone(),
        color,
        epoch: SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64 % 0xffff_ffff),
        counter: 0,
        good: Arc::new(Files::new()),
        patched: Arc::new(Files::new()),
        prepared: None,
        sources: Sources::default(),
        failed: false,
    };

    // Listen first: a port in use is reported at once, not after a long first build.
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = match TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{}", bind_error(&addr, &e));
            return 2;
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {} makes the preview, internal pages included, reachable from other machines",
            args.bind
        );
        eprintln!(
            "  = help: the dev server is for previews; publish with `krisenfest build` and a real web server"
        );
    }

    // First build; requests that arrive meanwhile wait in the listen queue, and the start line
    // afterwards means "ready".
    let started = Instant::now();
    let first = rebuilder.build();
    if let Outcome::UnknownOutput(name) = &first {
        eprintln!("error: there is no output named `{name}`");
        eprintln!("  = help: outputs are defined under `outputs:` in content/site.yaml");
        return 2;
    }
    let snap = rebuilder.snapshot_for(&first);
    let server = match Server::from_listener(listener, None) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: cannot serve on {local}: {e}");
            return 2;
        }
    };
    let shared = Arc::new(Shared {
        current: RwLock::new(Arc::new(snap)),
        streams: Mutex::new(Vec::new()),
    });
    for i in 0..WORKERS {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name(format!("krisenfest-http-{i}"))
            .spawn(move || {
                while let Ok(request) = server.recv() {
                    handle(request, &shared);
                }
            });
        if let Err(e) = spawned {
            eprintln!("error: cannot start a server thread: {e}");
            return 1;
        }
    }

    let (tx, rx) = mpsc::channel::<Msg>();
    let mut watch = match Watch::start(&root, args.poll, tx.clone()) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch `{}` for changes: {e}", root.display());
            return 1;
        }
    };
    let background = match Background::start(&rebuilder, tx) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot start the build thread: {e}");
            return 1;
        }
    };

    let name = rebuilder.selected.clone().unwrap_or_default();
    let what = match &first {
        Outcome::Built { audience, .. } => format!(
            "`{name}` ({})",
            match audience {
                Audience::Public => "public",
                Audience::Internal => "internal",
            }
        ),
        _ => "the plan (it does not build yet)".to_string(),
    };
    eprintln!(
        "serving {what} at http://{local}/ (built in {} ms; watching content/ and themes/ {}; Ctrl+C stops)",
        started.elapsed().as_millis(),
        if watch.polling {
            "by polling"
        } else {
            "for changes"
        },
    );

    // Bumped by every change that is served; a background build started before the latest
    // change is stale and thrown away.
    let mut generation = 0u64;
    loop {
        let mut changed: Vec<PathBuf> = Vec::new();
        match rx.recv_timeout(KEEPALIVE) {
            Ok(Msg::Fs(ev)) => watch.collect(ev, &mut changed),
            Ok(Msg::Full(g, result, took)) => {
                if g == generation {
                    let outcome = rebuilder.apply(*result);
                    report_background(&shared, &rebuilder, &outcome, took);
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                shared.broadcast(": keepalive\n\n");
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                eprintln!("error: the file watcher stopped; restart `krisenfest serve`");
                return 1;
            }
        }
        if changed.is_empty() {
            continue;
        }
        // Wait until the files are quiet: the rest of an editor's save comes within milliseconds.
        let first_event = Instant::now();
        loop {
            let left = MAX_SETTLE.saturating_sub(first_event.elapsed());
            match rx.recv_timeout(SETTLE.min(left)) {
                Ok(Msg::Fs(ev)) => watch.collect(ev, &mut changed),
                // Started before this change: stale.
                Ok(Msg::Full(..)) => {}
                Err(_) => break,
            }
            if left.is_zero() {
                break;
            }
        }
        watch.refresh();
        changed.sort();
        changed.dedup();
        generation += 1;

        let started = Instant::now();
        let (outcome, fast) = match rebuilder.rerender(&changed) {
            Some(o) => (o, true),
            None => (rebuilder.build(), false),
        };
        let ms = started.elapsed().as_millis();
        if fast {
            background.request(generation, rebuilder.selected.clone());
        }
        if let Outcome::Built { changed: 0, .. } = &outcome {
            eprintln!("rebuilt in {ms} ms: no change");
            continue;
        }
        let snap = rebuilder.snapshot_for(&outcome);
        let event = reload_event(&snap.version);
        shared.swap(snap);
        let clients = shared.broadcast(&event);
        let reloading = reloading(clients);
        match outcome {
            Outcome::Built { changed, .. } if fast => eprintln!(
                "re-rendered in {ms} ms: {changed} {}, {reloading} (full build follows in the background)",
                if changed == 1 { "page" } else { "pages" }
            ),
            Outcome::Built { changed, .. } => eprintln!(
                "rebuilt in {ms} ms: {changed} {} changed, {reloading}",
                if changed == 1 { "file" } else { "files" }
            ),
            _ => eprintln!(
                "rebuild failed in {ms} ms: still serving the last good build, errors shown on every page ({reloading})"
            ),
        }
    }
}

fn reloading(clients: usize) -> String {
    match clients {
        0 => "no page open".to_string(),
        1 => "reloading 1 page".to_string(),
        n => format!("reloading {n} pages"),
    }
}

/// The full build after a fast re-render: swapped in quietly when it only brings the search
/// index up to date, with a reload when anything a page shows differs (or it fails).
fn report_background(shared: &Shared, rebuilder: &Rebuilder, outcome: &Outcome, took: Duration) {
    let ms = took.as_millis();
    let quiet = match outcome {
        Outcome::Built { changed: 0, .. } => {
            eprintln!("full build in {ms} ms: no further change");
            return;
        }
        Outcome::Built { quiet, .. } => *quiet,
        _ => false,
    };
    let snap = rebuilder.snapshot_for(outcome);
    let event = reload_event(&snap.version);
    shared.swap(snap);
    if quiet {
        eprintln!("full build in {ms} ms: search index updated");
        return;
    }
    let reloading = reloading(shared.broadcast(&event));
    match outcome {
        Outcome::Built { changed, .. } => eprintln!(
            "full build in {ms} ms: {changed} {} changed, {reloading}",
            if *changed == 1 { "file" } else { "files" }
        ),
        _ => eprintln!(
            "full build failed in {ms} ms: still serving the last good build, errors shown on every page ({reloading})"
        ),
    }
}

/// What the watch loop waits for.
enum Msg {
    /// A file system event (access events are filtered out at the source).
    Fs(notify::Result<notify::Event>),
    /// A background full build finished: its generation, result and duration.
    Full(u64, Box<build::BuildResult>, Duration),
}

/// The thread running full builds after fast re-renders. Requests that pile up while it builds
/// are merged: only the newest generation is built.
struct Background {
    requests: mpsc::Sender<(u64, Option<String>)>,
}

impl Background {
    fn start(rebuilder: &Rebuilder, results: mpsc::Sender<Msg>) -> io::Result<Background> {
        let (requests, rx) = mpsc::channel::<(u64, Option<String>)>();
        let root = rebuilder.root.clone();
        let drafts = rebuilder.drafts;
        std::thread::Builder::new()
            .name("krisenfest-build".into())
            .spawn(move || {
                while let Ok(mut req) = rx.recv() {
                    req = rx.try_iter().last().unwrap_or(req);
                    let (g, output) = req;
                    let started = Instant::now();
                    let result = build::build(&BuildOptions {
                        root: root.clone(),
                        output,
                        drafts,
                    });
                    if results
                        .send(Msg::Full(g, Box::new(result), started.elapsed()))
                        .is_err()
                    {
                        return;
                    }
                }
            })?;
        Ok(Background { requests })
    }

    fn request(&self, generation: u64, output: Option<String>) {
        let _ = self.requests.send((generation, output));
    }
}

fn bind_error(addr: &SocketAddr, e: &io::Error) -> String {
    let port = addr.port();
    let ip = addr.ip();
    match e.kind() {
        io::ErrorKind::AddrInUse => format!(
            "error: port {port} on {ip} is already in use\n  = help: stop the program using it, or choose another port with `--port`, e.g. `--port {}`",
            port.wrapping_add(1).max(1024)
        ),
        io::ErrorKind::PermissionDenied => format!(
            "error: no permission to listen on port {port} on {ip}: {e}\n  = help: ports below 1024 need privileges; choose another port with `--port`"
        ),
        io::ErrorKind::AddrNotAvailable => format!(
            "error: cannot listen on {ip}: this machine has no such address\n  = help: use `--bind 127.0.0.1` or `--bind ::1`"
        ),
        _ => format!("error: cannot listen on {addr}: {e}\n  = help: check `--bind` and `--port`"),
    }
}

enum Outcome {
    /// `changed` files differ from what was served; `quiet`: they are only files no open page
    /// shows (the search index), so no reload is needed.
    Built {
        audience: Audience,
        changed: usize,
        quiet: bool,
    },
    Failed(String),
    UnknownOutput(String),
}

struct Rebuilder {
    root: PathBuf,
    drafts: bool,
    /// The served output; `None` until the first successful build picks the default.
    selected: Option<String>,
    color: bool,
    epoch: u64,
    counter: u64,
    good: Arc<Files>,
    /// Pages re-rendered by the fast path since the last full build.
    patched: Arc<Files>,
    /// What the last good full build was rendered from, and its source texts (for the fast path).
    prepared: Option<build::Prepared>,
    sources: Sources,
    /// The last build failed (the overlay is shown).
    failed: bool,
}

impl Rebuilder {
    /// A full build of the served output into memory; prints the diagnostics to the terminal.
    fn build(&mut self) -> Outcome {
        let result = build::build(&BuildOptions {
            root: self.root.clone(),
            output: self.selected.clone(),
            drafts: self.drafts,
        });
        self.apply(result)
    }

    /// Take a full build's result: the new served state, or the overlay if it failed.
    fn apply(&mut self, mut result: build::BuildResult) -> Outcome {
        let mut diags = result.diagnostics.snapshot();
        if let Some(name) = &result.unknown_output {
            if self.counter == 0 {
                return Outcome::UnknownOutput(name.clone());
            }
            diags.insert(
                0,
                Diagnostic::error(format!("the served output `{name}` no longer exists"))
                    .in_file("content/site.yaml")
                    .hint("restore it, or restart `krisenfest serve` with another `--output`"),
            );
        }
        let chosen = result
            .outputs
            .iter()
            .position(|o| self.selected.as_ref() == Some(&o.spec.name))
            .or_else(|| {
                if self.selected.is_some() {
                    return None;
                }
                result
                    .outputs
                    .iter()
                    .position(|o| o.spec.audience == Audience::Internal)
                    .or_else(|| (!result.outputs.is_empty()).then_some(0))
            });
        let errors = diags.iter().any(|d| d.severity == Severity::Error);
        if !errors && chosen.is_none() && result.unknown_output.is_none() {
            diags.push(
                Diagnostic::error("there is no output to serve")
                    .in_file("content/site.yaml")
                    .hint("define one under `outputs:`, e.g. `- {name: intranet, audience: internal, dir: intranet}`"),
            );
        }
        if !diags.is_empty() {
            eprint!(
                "{}",
                diagnostics::render_all(&diags, &result.sources, self.color)
            );
        }
        let failed = diags.iter().any(|d| d.severity == Severity::Error);
        self.counter += 1;
        if failed {
            self.failed = true;
            return Outcome::Failed(diagnostics::render_all(&diags, &result.sources, false));
        }
        let Some(idx) = chosen else {
            unreachable!("a build without errors has an output to serve")
        };
        let out = &mut result.outputs[idx];
        if self.selected.is_none() {
            self.selected = Some(out.spec.name.clone());
        }
        let changed = changed_keys(&self.good, &self.patched, &out.files);
        let audience = out.spec.audience;
        // Only the search index differs: the state after a fast re-render, completed.
        let index_file = result
            .prepared
            .as_ref()
            .map(|p| crate::search::index_file(p.site.config.language));
        let quiet = !changed.is_empty()
            && changed
                .iter()
                .all(|k| Some(k.as_str()) == index_file.as_deref());
        self.good = Arc::new(std::mem::take(&mut out.files));
        self.patched = Arc::new(Files::new());
        self.prepared = result.prepared.take();
        self.sources = result.sources.clone();
        let was_failed = std::mem::replace(&mut self.failed, false);
        let changed = changed.len();
        Outcome::Built {
            audience,
            changed: if was_failed { changed.max(1) } else { changed },
            quiet: quiet && !was_failed,
        }
    }

    /// The fast path (see [`build::rerender_pages`]): `None` when the change needs a full build.
    fn rerender(&mut self, changed: &[PathBuf]) -> Option<Outcome> {
        if self.failed {
            return None;
        }
        let name = self.selected.clone()?;
        let prep = self.prepared.as_mut()?;
        let diags = Diagnostics::new();
        let new = build::rerender_pages(prep, changed, &name, &self.good, &diags, &self.sources);
        let Some(new) = new else {
            // Possibly half-updated: the full build that follows replaces it.
            self.prepared = None;
            return None;
        };
        // Problems (and warnings) are reported by the full build, with all of the plan in view.
        if !diags.snapshot().is_empty() {
            self.prepared = None;
            return None;
        }
        let audience = self
            .prepared
            .as_ref()
            .and_then(|p| {
                p.site
                    .config
                    .outputs
                    .iter()
                    .find(|o| o.value.name == name)
                    .map(|o| o.value.audience)
            })
            .unwrap_or(Audience::Internal);
        let mut patched = (*self.patched).clone();
        let mut n = 0;
        for o in new.into_outputs() {
            if self.patched.get(&o.path).or_else(|| self.good.get(&o.path)) != Some(&o.bytes) {
                n += 1;
            }
            patched.replace(o);
        }
        self.patched = Arc::new(patched);
        self.counter += 1;
        Some(Outcome::Built {
            audience,
            changed: n,
            quiet: false,
        })
    }

    fn snapshot_for(&self, outcome: &Outcome) -> Snapshot {
        Snapshot {
            files: Arc::clone(&self.good),
            patched: Arc::clone(&self.patched),
            errors: match outcome {
                Outcome::Failed(text) => Some(text.clone()),
                _ => None,
            },
            version: format!("{:x}-{}", self.epoch, self.counter),
        }
    }
}

/// Files added, removed or changed between what is served (`good` with `patched` pages over
/// it; patched pages are always pages of `good`) and a new build.
fn changed_keys(good: &Files, patched: &Files, new: &Files) -> Vec<String> {
    let mut keys: Vec<String> = new
        .iter()
        .filter(|(k, v)| patched.get(*k).or_else(|| good.get(*k)) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    keys.extend(good.keys().filter(|k| !new.contains_key(*k)).cloned());
    keys
}

// ---------------------------------------------------------------------------------------------
// Watching

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
struct Watch {
    watcher: AnyWatcher,
    content: PathBuf,
    themes: PathBuf,
    themes_watched: bool,
    polling: bool,
}

impl Watch {
    fn start(root: &Path, poll: bool, tx: mpsc::Sender<Msg>) -> notify::Result<Watch> {
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
    fn collect(&self, ev: notify::Result<notify::Event>, into: &mut Vec<PathBuf>) {
        match ev {
            Ok(ev) => into.extend(ev.paths.into_iter().filter(|p| self.is_relevant(p))),
            Err(e) => eprintln!("warning: file watcher: {e}"),
        }
    }

    /// Start watching `themes/` once it exists.
    fn refresh(&mut self) {
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

// ---------------------------------------------------------------------------------------------
// Requests

/// Resolve a request target to a key of the in-memory file map (`index.html`,
/// `schulung/index.html`, `assets/krisenfest.css`), or `None` (→ 404).
///
/// The served site exists only in memory, so "the canonical path stays under the site root" is
/// guaranteed by construction rather than by `canonicalize()`: the path is percent-decoded exactly
/// once, NUL and backslashes are refused, and the key is rebuilt from `Normal` path components
/// only — any `..`, root or prefix component (after decoding, so `%2e%2e` and `..%2f` count)
/// refuses the request. The filesystem is never touched, so symbolic links in or next to an
/// output folder cannot lead anywhere, and a key that is not in the map is simply not found.
pub fn resolve(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let rest = path.strip_prefix('/')?;
    let decoded = String::from_utf8(percent_decode(rest)?).ok()?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for c in Path::new(&decoded).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::ParentDir
            | Component::RootDir
            | Component::Prefix(_)
            | Component::CurDir => {
                return None;
            }
        }
    }
    let mut key = parts.join("/");
    if decoded.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

/// `%XX` → byte, once. A `%` not followed by two hex digits refuses the request.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

fn percent_encode_path(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn content_type(key: &str) -> &'static str {
    let ext = key
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// A file of a snapshot as a response body, without copying it.
struct Body {
    snap: Arc<Snapshot>,
    key: String,
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        self.snap.get(&self.key).map_or(&[], Vec::as_slice)
    }
}

fn respond(request: Request, status: u16, ctype: &str, body: Box<dyn Read + Send>, len: usize) {
    respond_with(request, status, ctype, body, len, Vec::new());
}

fn respond_with(
    request: Request,
    status: u16,
    ctype: &str,
    body: Box<dyn Read + Send>,
    len: usize,
    mut extra: Vec<Header>,
) {
    extra.push(header("Content-Type", ctype));
    extra.push(header("Cache-Control", "no-store"));
    extra.push(header("X-Content-Type-Options", "nosniff"));
    let response = Response::new(StatusCode(status), extra, body, Some(len), None);
    // A client that went away is not our problem.
    let _ = request.respond(response);
}

fn handle(request: Request, shared: &Shared) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let method = request.method().clone();
    if path == EVENTS_PATH && method == Method::Get {
        let since = url
            .split_once('?')
            .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("v=")))
            .map(str::to_string);
        open_stream(request, shared, since.as_deref());
        return;
    }
    if method != Method::Get && method != Method::Head {
        let body = b"405 method not allowed: this preview server answers GET and HEAD only\n";
        respond_with(
            request,
            405,
            "text/plain; charset=utf-8",
            Box::new(Cursor::new(&body[..])),
            body.len(),
            vec![header("Allow", "GET, HEAD")],
        );
        return;
    }
    let snap = shared.snapshot();
    let key = resolve(&url);
    if let Some(key) = &key {
        if snap.contains(key) {
            serve_file(request, &snap, key, 200);
            return;
        }
        // `/schulung` → `/schulung/`, so that the page's relative links resolve.
        let dir_index = format!("{key}/index.html");
        if !key.ends_with("index.html") && snap.contains(&dir_index) {
            let location = format!("/{}/", percent_encode_path(key));
            let body = format!("moved to {location}\n");
            let len = body.len();
            respond_with(
                request,
                301,
                "text/plain; charset=utf-8",
                Box::new(Cursor::new(body.into_bytes())),
                len,
                vec![header("Location", &location)],
            );
            return;
        }
    }
    if snap.contains("404.html") {
        serve_file(request, &snap, "404.html", 404);
    } else {
        let body = inject(FALLBACK_404.as_bytes(), &snap);
        let len = body.len();
        respond(
            request,
            404,
            "text/html; charset=utf-8",
            Box::new(Cursor::new(body)),
            len,
        );
    }
}

const FALLBACK_404: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><main><h1>Not found</h1><p>There is no such page in this preview.</p></main></body></html>\n";

fn serve_file(request: Request, snap: &Arc<Snapshot>, key: &str, status: u16) {
    let ctype = content_type(key);
    if ctype.starts_with("text/html") {
        let body = inject(snap.get(key).map_or(&[], Vec::as_slice), snap);
        let len = body.len();
        respond(request, status, ctype, Box::new(Cursor::new(body)), len);
    } else {
        let body = Body {
            snap: Arc::clone(snap),
            key: key.to_string(),
        };
        let len = body.as_ref().len();
        respond(request, status, ctype, Box::new(Cursor::new(body)), len);
    }
}

/// Serve mode only: the reload script before `</body>` and, after a failed rebuild, the error
/// overlay at the start of `<body>`.
fn inject(html: &[u8], snap: &Snapshot) -> Vec<u8> {
    let script = format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS_PATH}?v={}\");s.addEventListener(\"reload\",function(){{s.close();location.reload();}});}})();</script>\n",
        snap.version
    );
    let overlay = snap.errors.as_deref().map(overlay_html);
    let body_start = find_ci(html, b"<body")
        .and_then(|i| html[i..].iter().position(|&b| b == b'>').map(|j| i + j + 1));
    let body_end = rfind_ci(html, b"</body").unwrap_or(html.len());
    let mut out =
        Vec::with_capacity(html.len() + script.len() + overlay.as_ref().map_or(0, String::len));
    let split = body_start.unwrap_or(0).min(body_end);
    out.extend_from_slice(&html[..split]);
    if let Some(o) = &overlay {
        out.extend_from_slice(o.as_bytes());
    }
    out.extend_from_slice(&html[split..body_end]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[body_end..]);
    out
}

fn overlay_html(errors: &str) -> String {
    format!(
        "<div id=\"krisenfest-errors\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:75vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#fff5f5;color:#1b1b1b;border-bottom:4px solid #b00020;box-shadow:0 4px 16px rgba(0,0,0,.35);font:16px/1.45 system-ui,sans-serif;text-align:left\">\
<p style=\"margin:0 0 .5rem;font-weight:700;color:#1b1b1b\">krisenfest serve: the last change does not build. This is the last good version; the page reloads when the errors are fixed.</p>\
<pre style=\"margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#1b1b1b;background:transparent\">{}</pre></div>\n",
        escape_html(errors)
    )
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// Take over the connection for a server-sent-events stream. The head is written by hand and
/// flushed; the writer is parked in the shared list (no thread waits on it), and every event is
/// written and flushed by the rebuild loop.
fn open_stream(request: Request, shared: &Shared, since: Option<&str>) {
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    // Compare and register under the stream lock: a swap happens before its broadcast takes this
    // lock, so a page that is already stale gets its reload here, a current one from the broadcast.
    let mut streams = shared.streams.lock().unwrap_or_else(|e| e.into_inner());
    let version = shared.snapshot().version.clone();
    if since.is_some_and(|v| v != version) {
        let ev = reload_event(&version);
        if w.write_all(ev.as_bytes()).and_then(|()| w.flush()).is_err() {
            return;
        }
    }
    streams.push(w);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_normal_paths() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(resolve("/?x=1").as_deref(), Some("index.html"));
        assert_eq!(
            resolve("/schulung/").as_deref(),
            Some("schulung/index.html")
        );
        assert_eq!(resolve("/schulung").as_deref(), Some("schulung"));
        assert_eq!(
            resolve("/assets/krisenfest.css#x").as_deref(),
            Some("assets/krisenfest.css")
        );
        assert_eq!(
            resolve("/dokumente/Pr%C3%BCfung%20A.pdf").as_deref(),
            Some("dokumente/Prüfung A.pdf")
        );
        assert_eq!(resolve("/a//b").as_deref(), Some("a/b"));
        assert_eq!(resolve("/a/./b").as_deref(), Some("a/b"));
    }

    #[test]
    fn refuses_traversal() {
        for t in [
            "/../etc/passwd",
            "/../../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/..%2f..%2fetc%2fpasswd",
            "/%2e%2e%5c..",
            "/a%5cb",
            "/a\\b",
            "/%2fetc%2fpasswd",
            "//etc/passwd",
            "/%00",
            "/index.html%00.css",
            "/%zz",
            "/%2",
            "/./index.html",
            "/..",
            "http://example.org/index.html",
            "*",
            "",
        ] {
            assert_eq!(resolve(t), None, "{t}");
        }
        // Decoded once only: the double-encoded dots stay a harmless literal name.
        assert_eq!(
            resolve("/%252e%252e/etc/passwd").as_deref(),
            Some("%2e%2e/etc/passwd")
        );
    }

    #[test]
    fn injects_script_and_overlay() {
        let snap = Snapshot {
            files: Arc::new(Files::new()),
            patched: Arc::new(Files::new()),
            errors: Some("error: <bad>\n  --> content/x.md:2:1".into()),
            version: "v1".into(),
        };
        let html = b"<html><BODY class=\"x\"><p>hi</p></Body></html>";
        let out = String::from_utf8(inject(html, &snap)).unwrap();
        let overlay = out.find("role=\"alert\"").unwrap();
        let p = out.find("<p>hi</p>").unwrap();
        let script = out.find("<script>").unwrap();
        assert!(out.find("<BODY").unwrap() < overlay && overlay < p && p < script);
        assert!(script < out.find("</Body>").unwrap());
        assert!(out.contains("&lt;bad&gt;"));
        assert!(out.contains("/__krisenfest/events?v=v1"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.WOFF2"), "font/woff2");
        assert_eq!(content_type("x.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
