//! What a request is answered with: the served snapshot, request paths resolved to its keys, the
//! reload script and error overlay injected into pages, and the live-reload event streams.

use std::io::Write;
use std::net::TcpStream;
use std::path::{Component, Path};
use std::sync::{Arc, Mutex, RwLock};

use crate::diagnostics::Lang;
use crate::files::Files;
use crate::msg;

/// Path of the server-sent-events stream the reload script listens to.
pub const EVENTS_PATH: &str = "/__krisenfest/events";
/// Open event streams at most (one per open page); a page beyond gets 503 and no live reload,
/// rather than costing a socket per stream without bound.
const MAX_STREAMS: usize = 64;

/// One served state of the site. Replaced whole on every rebuild, never changed in place.
pub(super) struct Snapshot {
    /// The last good build of the served output (empty until a build succeeded).
    pub(super) files: Arc<Files>,
    /// Pages re-rendered since, which take precedence over `files`.
    pub(super) patched: Arc<Files>,
    /// Diagnostics of the last failed build, rendered as plain text, for the overlay.
    pub(super) errors: Option<String>,
    /// Changes with every swap; pages carry it so that a page loaded just before a swap reloads.
    pub(super) version: String,
    /// The language of the messages as of the build this snapshot comes from.
    pub(super) lang: Lang,
    /// `files` is a good build: false until a build of the plan succeeded, so the overlay
    /// cannot speak of a last good version.
    pub(super) good: bool,
}

pub(super) struct Shared {
    pub(super) current: RwLock<Arc<Snapshot>>,
    /// Open event streams, non-blocking: a page that stopped reading is dropped rather than
    /// stalling the rebuild loop that broadcasts.
    pub(super) streams: Mutex<Vec<TcpStream>>,
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
    pub(super) fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(super) fn swap(&self, snap: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snap);
    }

    /// Send `msg` to every open stream, dropping those that fail or whose socket buffer is full
    /// (an event is a few bytes: a full buffer means the page is gone). Returns how many are open.
    pub(super) fn broadcast(&self, msg: &str) -> usize {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        streams.retain_mut(|w| w.write_all(msg.as_bytes()).is_ok());
        streams.len()
    }
}

pub(super) fn reload_event(version: &str) -> String {
    format!("event: reload\ndata: {version}\n\n")
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
        "jsonld" => "application/ld+json",
        "rdf" => "application/rdf+xml",
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

/// What a request is answered with.
pub(super) enum Route {
    Reply(Reply),
    /// The live-reload stream; `since` is the version of the page that opened it.
    Events {
        since: Option<String>,
    },
}

pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) ctype: &'static str,
    /// Further header fields, e.g. `("Location", "/schulung/")`.
    pub(super) extra: Vec<(&'static str, String)>,
    pub(super) body: Body,
}

pub(super) enum Body {
    Owned(Vec<u8>),
    /// A file of a snapshot, without copying it.
    File(Arc<Snapshot>, String),
}

impl Body {
    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Body::Owned(v) => v,
            Body::File(snap, key) => snap.get(key).map_or(&[], Vec::as_slice),
        }
    }
}

impl Reply {
    /// A short plain-text answer, for refusals.
    pub(super) fn text(status: u16, text: impl Into<String>) -> Reply {
        Reply {
            status,
            ctype: "text/plain; charset=utf-8",
            extra: Vec::new(),
            body: Body::Owned(text.into().into_bytes()),
        }
    }
}

/// Answer a request whose head was accepted (host checked, no body).
pub(super) fn route(method: &str, target: &str, shared: &Shared) -> Route {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if path == EVENTS_PATH && method == "GET" {
        let since = target
            .split_once('?')
            .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("v=")))
            .map(str::to_string);
        return Route::Events { since };
    }
    if method != "GET" && method != "HEAD" {
        let mut r = Reply::text(
            405,
            "405 method not allowed: this preview server answers GET and HEAD only\n",
        );
        r.extra.push(("Allow", "GET, HEAD".into()));
        return Route::Reply(r);
    }
    let snap = shared.snapshot();
    let key = resolve(target);
    if let Some(key) = &key {
        if snap.contains(key) {
            return Route::Reply(serve_file(&snap, key, 200));
        }
        // `/schulung` → `/schulung/`, so that the page's relative links resolve.
        let dir_index = format!("{key}/index.html");
        if !key.ends_with("index.html") && snap.contains(&dir_index) {
            let location = format!("/{}/", percent_encode_path(key));
            let mut r = Reply::text(301, format!("moved to {location}\n"));
            r.extra.push(("Location", location));
            return Route::Reply(r);
        }
    }
    if snap.contains("404.html") {
        Route::Reply(serve_file(&snap, "404.html", 404))
    } else {
        Route::Reply(Reply {
            status: 404,
            ctype: "text/html; charset=utf-8",
            extra: Vec::new(),
            body: Body::Owned(inject(fallback_404(&snap).as_bytes(), &snap)),
        })
    }
}

/// The 404 page when the site has none; before the first good build, an empty page under the
/// overlay (there are no pages at all yet).
fn fallback_404(snap: &Snapshot) -> String {
    let lang = snap.lang;
    let code = match lang {
        Lang::De => "de",
        Lang::En => "en",
    };
    let (title, body) = if snap.good {
        let title = msg!("Nicht gefunden", "Not found");
        let text = msg!(
            "Diese Seite gibt es in der Vorschau nicht.",
            "There is no such page in this preview."
        );
        (
            title.get(lang).to_string(),
            format!("<h1>{}</h1><p>{}</p>", title.get(lang), text.get(lang)),
        )
    } else {
        ("krisenfest serve".to_string(), String::new())
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><main>{body}</main></body></html>\n"
    )
}

fn serve_file(snap: &Arc<Snapshot>, key: &str, status: u16) -> Reply {
    let ctype = content_type(key);
    let body = if ctype.starts_with("text/html") {
        Body::Owned(inject(snap.get(key).map_or(&[], Vec::as_slice), snap))
    } else {
        Body::File(Arc::clone(snap), key.to_string())
    };
    Reply {
        status,
        ctype,
        extra: Vec::new(),
        body,
    }
}

/// Serve mode only: the reload script before `</body>` and, after a failed rebuild, the error
/// overlay at the start of `<body>`.
fn inject(html: &[u8], snap: &Snapshot) -> Vec<u8> {
    let script = format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS_PATH}?v={}\");s.addEventListener(\"reload\",function(){{s.close();location.reload();}});}})();</script>\n",
        snap.version
    );
    let overlay = snap
        .errors
        .as_deref()
        .map(|e| overlay_html(e, snap.lang, snap.good));
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

/// The diagnostics of a failed build over the page, in the language of the messages; `good`:
/// the page under it is the last good version (else there is none yet).
fn overlay_html(errors: &str, lang: Lang, good: bool) -> String {
    let (code, head) = match (lang, good) {
        (Lang::De, true) => (
            "de",
            "krisenfest serve: Die letzte Änderung lässt sich nicht bauen. Dies ist die letzte fehlerfreie Version; die Seite lädt neu, sobald die Fehler behoben sind.",
        ),
        (Lang::En, true) => (
            "en",
            "krisenfest serve: the last change does not build. This is the last good version; the page reloads when the errors are fixed.",
        ),
        (Lang::De, false) => (
            "de",
            "krisenfest serve: Der Plan lässt sich noch nicht bauen. Diese Seite zeigt nur die Fehler; sie lädt neu, sobald die Fehler behoben sind.",
        ),
        (Lang::En, false) => (
            "en",
            "krisenfest serve: the plan does not build yet. This page shows the errors only; it reloads when they are fixed.",
        ),
    };
    format!(
        "<div id=\"krisenfest-errors\" role=\"alert\" lang=\"{code}\" style=\"position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:75vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#fff5f5;color:#1b1b1b;border-bottom:4px solid #b00020;box-shadow:0 4px 16px rgba(0,0,0,.35);font:16px/1.45 system-ui,sans-serif;text-align:left\">\
<p style=\"margin:0 0 .5rem;font-weight:700;color:#1b1b1b\">{head}</p>\
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

/// Take over the connection for a server-sent-events stream: the head (and a reload if the page
/// is already stale) is written and the socket parked in the shared list, so no thread waits on
/// it; every later event is written by the rebuild loop. Gives the socket back when the list is
/// full.
pub(super) fn open_stream(
    mut w: TcpStream,
    shared: &Shared,
    since: Option<&str>,
) -> Result<(), TcpStream> {
    // Compare and register under the stream lock: a swap happens before its broadcast takes this
    // lock, so a page that is already stale gets its reload here, a current one from the broadcast.
    let mut streams = shared.streams.lock().unwrap_or_else(|e| e.into_inner());
    if streams.len() >= MAX_STREAMS {
        return Err(w);
    }
    // A fresh socket's buffer takes these few bytes at once; one that does not is dropped.
    if w.set_nonblocking(true).is_err() {
        return Ok(());
    }
    let mut head = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n\n",
    );
    let version = shared.snapshot().version.clone();
    if since.is_some_and(|v| v != version) {
        head.push_str(&reload_event(&version));
    }
    if w.write_all(head.as_bytes()).is_ok() {
        streams.push(w);
    }
    Ok(())
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
            lang: Lang::En,
            good: true,
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
        assert_eq!(content_type("daten/catalog.rdf"), "application/rdf+xml");
        assert_eq!(content_type("daten/catalog.jsonld"), "application/ld+json");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
