//! `krisenfest serve`: a live preview of one output, built into memory and served over loopback.
//!
//! - A change is picked up once the files have been quiet for [`SETTLE`] (an editor's
//!   write-rename-chmod burst is one change). When only the text below the front matter of
//!   existing pages changed, those pages alone are re-rendered and checked, swapped in and reloaded
//!   at once; a full build follows in the background (search index, links from other pages) and is
//!   swapped in when nothing newer came meanwhile — so the preview ends exactly where a full build
//!   would. Every other change is a full build into memory. A failed build keeps the last good
//!   site and shows the diagnostics in the terminal and as an overlay on every page until fixed.
//! - `content/` and `themes/` are watched (notify), never an output folder; the plan folder is
//!   watched too, so that a replaced `content/` is watched again (see [`watch`]).
//! - Requests are answered straight from memory by a thread per connection, with every resource a
//!   client can hold bounded (see [`http`]), and only when they name a loopback host (see
//!   [`host`]). Live reload is a server-sent-events stream whose socket is parked in a shared list,
//!   so open streams occupy no thread.
//! - Only `GET` and `HEAD`; request paths resolve to keys of the in-memory file map, never to the
//!   filesystem (see [`resolve`]).

mod host;
mod http;
mod rebuild;
mod site;
mod watch;

use std::io::{self, IsTerminal};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock, mpsc};
use std::time::{Duration, Instant, SystemTime};

use crate::build::{self, BuildOptions};
use crate::diagnostics::{Lang, Msg, Sources};
use crate::files::Files;
use crate::model::common::Audience;
use crate::msg;
use clap::Args;

use rebuild::{Outcome, Rebuilder};
pub use site::{EVENTS_PATH, content_type, resolve};
use site::{Shared, reload_event};
use watch::Watch;

/// Quiet time after the last file event before a rebuild starts: long enough to merge an editor's
/// write-rename-chmod burst (a few milliseconds) into one rebuild, short enough to feel instant.
pub const SETTLE: Duration = Duration::from_millis(25);
/// A stream of events (a tool rewriting many files) is cut after this long.
const MAX_SETTLE: Duration = Duration::from_millis(300);
/// A comment line is sent to every event stream this often, to notice closed ones.
const KEEPALIVE: Duration = Duration::from_secs(15);

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Folder of the plan: the global `--root`, filled in by the command line.
    #[arg(skip)]
    pub root: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Anything but loopback (127.0.0.1, ::1) makes the preview, internal
    /// pages included, reachable from other machines.
    #[arg(short = 'i', long, visible_alias = "interface", default_value = "127.0.0.1", value_parser = parse_bind)]
    pub bind: IpAddr,
    /// Serve the output with this name (default: the first internal output, else the first).
    #[arg(long, value_name = "NAME")]
    pub output: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(short = 'D', long)]
    pub drafts: bool,
    /// Open the preview in the default browser once it is ready.
    #[arg(short = 'O', long)]
    pub open: bool,
    /// Poll for changes instead of using the system's file notifications (network shares, WSL).
    #[arg(long)]
    pub poll: bool,
}

/// Opens the preview in the user's browser; a machine without one (a server, CI) only gets a
/// warning, because the preview itself is running.
fn open_browser(local: SocketAddr, lang: Lang) {
    let host = if local.ip().is_unspecified() {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), local.port())
    } else {
        local
    };
    let url = format!("http://{host}/");
    if let Err(e) = open::that_detached(&url) {
        say(
            lang,
            msg!(
                "Warnung: Der Browser kann nicht geöffnet werden; öffnen Sie {url} selbst (Meldung des Systems, englisch: {e})",
                "warning: cannot open the browser ({e}); open {url} yourself"
            ),
        );
    }
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

/// Builds, then serves until the process is stopped. Returns an exit code only on failure to
/// start: 2 for usage errors (unknown output, address or port unusable), 1 if watching fails.
pub fn run(args: ServeArgs, lang_flag: Option<Lang>) -> i32 {
    let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    // Until the first build has read the plan's `language:`.
    let lang = lang_flag.unwrap_or_default();
    let root = match args.root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            say(
                lang,
                msg!(
                    "Fehler: Der Plan-Ordner `{}` kann nicht geöffnet werden: {e}",
                    "error: cannot open the plan folder `{}`: {e}";
                    args.root.display()
                ),
            );
            return 2;
        }
    };
    let date = match crate::cli::date_from_env() {
        Ok(d) => d,
        Err(m) => {
            let (de, en) = (&m.de, &m.en);
            say(lang, msg!("Fehler: {de}", "error: {en}"));
            return 2;
        }
    };
    let mut rebuilder = Rebuilder {
        root: root.clone(),
        drafts: args.drafts,
        date,
        selected: args.output.clone(),
        color,
        lang_flag,
        lang,
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
            say(lang, bind_error(&addr, &e));
            return 2;
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    if !args.bind.is_loopback() {
        let bind = args.bind;
        say(
            lang,
            msg!(
                "Warnung: Das Lauschen auf {bind} macht die Vorschau samt internen Seiten von anderen Rechnern aus erreichbar",
                "warning: listening on {bind} makes the preview, internal pages included, reachable from other machines"
            ),
        );
        say(
            lang,
            msg!(
                "  = Hilfe: Der Vorschau-Server ist nur für die Vorschau da; veröffentlichen Sie mit `krisenfest build` und einem richtigen Webserver",
                "  = help: the dev server is for previews; publish with `krisenfest build` and a real web server"
            ),
        );
    }

    // First build; requests that arrive meanwhile wait in the listen queue, and the start line
    // afterwards means "ready".
    let started = Instant::now();
    let first = rebuilder.build();
    // From here on, the language of the plan (or `--lang`).
    let lang = rebuilder.lang;
    if let Outcome::UnknownOutput(name) = &first {
        say(
            lang,
            msg!(
                "Fehler: Es gibt keine Ausgabe namens `{name}`",
                "error: there is no output named `{name}`"
            ),
        );
        say(
            lang,
            msg!(
                "  = Hilfe: Ausgaben werden unter `outputs:` in content/site.yaml festgelegt",
                "  = help: outputs are defined under `outputs:` in content/site.yaml"
            ),
        );
        return 2;
    }
    let snap = rebuilder.snapshot_for(&first);
    let shared = Arc::new(Shared {
        current: RwLock::new(Arc::new(snap)),
        streams: Mutex::new(Vec::new()),
    });
    if let Err(e) = http::spawn(
        listener,
        Arc::clone(&shared),
        host::Hosts::new(args.bind, local.port()),
    ) {
        say(
            lang,
            msg!(
                "Fehler: Der Server-Thread kann nicht gestartet werden: {e}",
                "error: cannot start the server thread: {e}"
            ),
        );
        return 1;
    }

    let (tx, rx) = mpsc::channel::<Event>();
    let mut watch = match Watch::start(&root, args.poll, tx.clone(), lang) {
        Ok(w) => w,
        Err(e) => {
            say(
                lang,
                msg!(
                    "Fehler: `{}` kann nicht auf Änderungen überwacht werden: {e}",
                    "error: cannot watch `{}` for changes: {e}";
                    root.display()
                ),
            );
            return 1;
        }
    };
    let background = match Background::start(&rebuilder, tx) {
        Ok(b) => b,
        Err(e) => {
            say(
                lang,
                msg!(
                    "Fehler: Der Build-Thread kann nicht gestartet werden: {e}",
                    "error: cannot start the build thread: {e}"
                ),
            );
            return 1;
        }
    };

    let name = rebuilder.selected.clone().unwrap_or_default();
    let what = match &first {
        Outcome::Built { audience, .. } => match audience {
            Audience::Public => msg!("`{name}` (öffentlich)", "`{name}` (public)"),
            Audience::Internal => msg!("`{name}` (intern)", "`{name}` (internal)"),
        },
        _ => msg!(
            "den Plan (er lässt sich noch nicht bauen)",
            "the plan (it does not build yet)"
        ),
    };
    let ms = started.elapsed().as_millis();
    let (what_de, what) = (&what.de, &what.en);
    say(
        lang,
        if watch.polling {
            msg!(
                "Vorschau für {what_de} unter http://{local}/ (gebaut in {ms} ms; content/ und themes/ werden regelmäßig auf Änderungen geprüft; Strg+C beendet)",
                "serving {what} at http://{local}/ (built in {ms} ms; watching content/ and themes/ by polling; Ctrl+C stops)"
            )
        } else {
            msg!(
                "Vorschau für {what_de} unter http://{local}/ (gebaut in {ms} ms; content/ und themes/ werden auf Änderungen überwacht; Strg+C beendet)",
                "serving {what} at http://{local}/ (built in {ms} ms; watching content/ and themes/ for changes; Ctrl+C stops)"
            )
        },
    );
    if args.open {
        open_browser(local, lang);
    }

    // Bumped by every change that is served; a background build started before the latest
    // change is stale and thrown away.
    let mut generation = 0u64;
    loop {
        let mut changed: Vec<PathBuf> = Vec::new();
        match rx.recv_timeout(KEEPALIVE) {
            Ok(Event::Fs(ev)) => watch.collect(ev, &mut changed, rebuilder.lang),
            Ok(Event::Full(g, result, took)) => {
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
                say(
                    rebuilder.lang,
                    msg!(
                        "Fehler: Die Dateiüberwachung ist beendet; starten Sie `krisenfest serve` neu",
                        "error: the file watcher stopped; restart `krisenfest serve`"
                    ),
                );
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
                Ok(Event::Fs(ev)) => watch.collect(ev, &mut changed, rebuilder.lang),
                // Started before this change: stale.
                Ok(Event::Full(..)) => {}
                Err(_) => break,
            }
            if left.is_zero() {
                break;
            }
        }
        let rewatched = watch.refresh(rebuilder.lang);
        changed.sort();
        changed.dedup();
        generation += 1;

        let started = Instant::now();
        let fast = if rewatched {
            None
        } else {
            rebuilder.rerender(&changed)
        };
        let (outcome, fast) = match fast {
            Some(o) => (o, true),
            None => (rebuilder.build(), false),
        };
        let ms = started.elapsed().as_millis();
        let lang = rebuilder.lang;
        if fast {
            background.request(generation, rebuilder.selected.clone());
        }
        if let Outcome::Built { changed: 0, .. } = &outcome {
            say(
                lang,
                msg!(
                    "neu gebaut in {ms} ms: keine Änderung",
                    "rebuilt in {ms} ms: no change"
                ),
            );
            continue;
        }
        let snap = rebuilder.snapshot_for(&outcome);
        let event = reload_event(&snap.version);
        shared.swap(snap);
        let clients = shared.broadcast(&event);
        let reloading = reloading(clients);
        let (reloading_de, reloading) = (&reloading.de, &reloading.en);
        say(
            lang,
            match outcome {
                Outcome::Built { changed: 1, .. } if fast => msg!(
                    "neu dargestellt in {ms} ms: 1 Seite, {reloading_de} (der vollständige Build folgt im Hintergrund)",
                    "re-rendered in {ms} ms: 1 page, {reloading} (full build follows in the background)"
                ),
                Outcome::Built { changed, .. } if fast => msg!(
                    "neu dargestellt in {ms} ms: {changed} Seiten, {reloading_de} (der vollständige Build folgt im Hintergrund)",
                    "re-rendered in {ms} ms: {changed} pages, {reloading} (full build follows in the background)"
                ),
                Outcome::Built { changed: 1, .. } => msg!(
                    "neu gebaut in {ms} ms: 1 Datei geändert, {reloading_de}",
                    "rebuilt in {ms} ms: 1 file changed, {reloading}"
                ),
                Outcome::Built { changed, .. } => msg!(
                    "neu gebaut in {ms} ms: {changed} Dateien geändert, {reloading_de}",
                    "rebuilt in {ms} ms: {changed} files changed, {reloading}"
                ),
                _ if rebuilder.good.is_empty() => msg!(
                    "neuer Build in {ms} ms fehlgeschlagen: Der Plan lässt sich noch nicht bauen, die Fehler stehen auf jeder Seite ({reloading_de})",
                    "rebuild failed in {ms} ms: the plan does not build yet, errors shown on every page ({reloading})"
                ),
                _ => msg!(
                    "neuer Build in {ms} ms fehlgeschlagen: Die Vorschau zeigt weiter den letzten fehlerfreien Build, die Fehler stehen auf jeder Seite ({reloading_de})",
                    "rebuild failed in {ms} ms: still serving the last good build, errors shown on every page ({reloading})"
                ),
            },
        );
    }
}

/// A line serve prints itself, in the language of the messages.
fn say(lang: Lang, line: Msg) {
    eprintln!("{}", line.get(lang));
}

fn reloading(clients: usize) -> Msg {
    match clients {
        0 => msg!("keine Seite geöffnet", "no page open"),
        1 => msg!("1 Seite wird neu geladen", "reloading 1 page"),
        n => msg!("{n} Seiten werden neu geladen", "reloading {n} pages"),
    }
}

/// The full build after a fast re-render: swapped in quietly when it only brings the search
/// index up to date, with a reload when anything a page shows differs (or it fails).
fn report_background(shared: &Shared, rebuilder: &Rebuilder, outcome: &Outcome, took: Duration) {
    let ms = took.as_millis();
    let lang = rebuilder.lang;
    let quiet = match outcome {
        Outcome::Built { changed: 0, .. } => {
            say(
                lang,
                msg!(
                    "vollständiger Build in {ms} ms: keine weitere Änderung",
                    "full build in {ms} ms: no further change"
                ),
            );
            return;
        }
        Outcome::Built { quiet, .. } => *quiet,
        _ => false,
    };
    let snap = rebuilder.snapshot_for(outcome);
    let event = reload_event(&snap.version);
    shared.swap(snap);
    if quiet {
        say(
            lang,
            msg!(
                "vollständiger Build in {ms} ms: Suchindex aktualisiert",
                "full build in {ms} ms: search index updated"
            ),
        );
        return;
    }
    let reloading = reloading(shared.broadcast(&event));
    let (reloading_de, reloading) = (&reloading.de, &reloading.en);
    say(
        lang,
        match outcome {
            Outcome::Built { changed: 1, .. } => msg!(
                "vollständiger Build in {ms} ms: 1 Datei geändert, {reloading_de}",
                "full build in {ms} ms: 1 file changed, {reloading}"
            ),
            Outcome::Built { changed, .. } => msg!(
                "vollständiger Build in {ms} ms: {changed} Dateien geändert, {reloading_de}",
                "full build in {ms} ms: {changed} files changed, {reloading}"
            ),
            _ => msg!(
                "vollständiger Build in {ms} ms fehlgeschlagen: Die Vorschau zeigt weiter den letzten fehlerfreien Build, die Fehler stehen auf jeder Seite ({reloading_de})",
                "full build failed in {ms} ms: still serving the last good build, errors shown on every page ({reloading})"
            ),
        },
    );
}

/// What the watch loop waits for.
enum Event {
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
    fn start(rebuilder: &Rebuilder, results: mpsc::Sender<Event>) -> io::Result<Background> {
        let (requests, rx) = mpsc::channel::<(u64, Option<String>)>();
        let root = rebuilder.root.clone();
        let (drafts, date) = (rebuilder.drafts, rebuilder.date);
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
                        date,
                        ..Default::default()
                    });
                    if results
                        .send(Event::Full(g, Box::new(result), started.elapsed()))
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

fn bind_error(addr: &SocketAddr, e: &io::Error) -> Msg {
    let port = addr.port();
    let ip = addr.ip();
    match e.kind() {
        io::ErrorKind::AddrInUse => {
            let next = port.wrapping_add(1).max(1024);
            msg!(
                "Fehler: Port {port} auf {ip} ist schon belegt\n  = Hilfe: Beenden Sie das Programm, das ihn nutzt, oder wählen Sie mit `--port` einen anderen Port, z. B. `--port {next}`",
                "error: port {port} on {ip} is already in use\n  = help: stop the program using it, or choose another port with `--port`, e.g. `--port {next}`"
            )
        }
        io::ErrorKind::PermissionDenied => msg!(
            "Fehler: keine Berechtigung, auf Port {port} auf {ip} zu lauschen: {e}\n  = Hilfe: Ports unter 1024 brauchen besondere Rechte; wählen Sie mit `--port` einen anderen Port",
            "error: no permission to listen on port {port} on {ip}: {e}\n  = help: ports below 1024 need privileges; choose another port with `--port`"
        ),
        io::ErrorKind::AddrNotAvailable => msg!(
            "Fehler: Auf {ip} kann nicht gelauscht werden: Dieser Rechner hat keine solche Adresse\n  = Hilfe: Verwenden Sie `--bind 127.0.0.1` oder `--bind ::1`",
            "error: cannot listen on {ip}: this machine has no such address\n  = help: use `--bind 127.0.0.1` or `--bind ::1`"
        ),
        _ => msg!(
            "Fehler: Auf {addr} kann nicht gelauscht werden: {e}\n  = Hilfe: Prüfen Sie `--bind` und `--port`",
            "error: cannot listen on {addr}: {e}\n  = help: check `--bind` and `--port`"
        ),
    }
}
