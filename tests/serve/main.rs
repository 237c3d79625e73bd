//! `krisenfest serve` over real HTTP on loopback: pages, traversal, live reload, error overlay,
//! concurrency, binding (`pages`), and what a hostile or broken client can and cannot do
//! (`hardening`). Requests are written by hand on a `TcpStream`, so that `..`, percent-escapes
//! and forged header fields reach the server exactly as written (a client library would
//! normalise them).

mod hardening;
mod pages;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use krisenfest::build::{BuildOptions, build};

const START_TIMEOUT: Duration = Duration::from_secs(60);
const EVENT_TIMEOUT: Duration = Duration::from_secs(30);
const SECRET: &str = "TOPSECRET-5f1c";

// ---------------------------------------------------------------------------------------------
// Fixture and server

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
}

const SITE_YAML: &str = "title: Testplan\nmunicipality: Stadt Test\noutputs:\n  - {name: intranet, audience: internal, dir: intranet}\n";

fn index_md(body: &str) -> String {
    format!("---\ntitle: Start\naudience: internal\n---\n\n{body}\n")
}

/// A tiny plan in `<tmp>/site` and a secret file in `<tmp>/outside` that must never be served.
fn fixture(site_yaml: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let root = base.join("site");
    let outside = base.join("outside");
    std::fs::create_dir_all(root.join("content/schulung")).unwrap();
    std::fs::create_dir_all(root.join("content/static")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), SECRET).unwrap();
    std::fs::write(root.join("content/site.yaml"), site_yaml).unwrap();
    std::fs::write(root.join("content/_index.md"), index_md("Hallo Welt.")).unwrap();
    std::fs::write(
        root.join("content/schulung/_index.md"),
        "---\ntitle: Schulung\naudience: internal\n---\n\nLernen.\n",
    )
    .unwrap();
    std::fs::write(root.join("content/static/daten.csv"), "a,b\n1,2\n").unwrap();
    std::fs::write(root.join("content/static/liesmich.txt"), "Text\n").unwrap();
    std::fs::write(root.join("content/static/daten.json"), "{\"a\": 1}\n").unwrap();
    Fixture {
        _dir: dir,
        root,
        outside,
    }
}

struct Server {
    child: Child,
    addr: SocketAddr,
    log: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `krisenfest --lang en serve`: the tests read serve's English lines.
fn spawn(root: &Path, args: &[&str]) -> (Child, mpsc::Receiver<String>) {
    spawn_lang(root, Some("en"), args)
}

/// `lang: None` starts serve without `--lang` (the plan's `language:`, else German).
fn spawn_lang(root: &Path, lang: Option<&str>, args: &[&str]) -> (Child, mpsc::Receiver<String>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_krisenfest"));
    if let Some(lang) = lang {
        cmd.arg("--lang").arg(lang);
    }
    let mut child = cmd
        .arg("serve")
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

fn start(root: &Path, args: &[&str]) -> Server {
    start_lang(root, Some("en"), "serving ", args)
}

/// [`start`] with `--lang lang` (none: without the flag); `ready` begins the start line.
fn start_lang(root: &Path, lang: Option<&str>, ready: &str, args: &[&str]) -> Server {
    let mut all = vec!["--port", "0"];
    all.extend_from_slice(args);
    let (child, log) = spawn_lang(root, lang, &all);
    let mut server = Server {
        child,
        addr: "127.0.0.1:0".parse().unwrap(),
        log,
        seen: Vec::new(),
    };
    let line = server
        .wait_line(START_TIMEOUT, |l| l.starts_with(ready))
        .unwrap_or_else(|| panic!("no start line; stderr:\n{}", server.seen.join("\n")));
    let url = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no URL in the start line: {line}"));
    server.addr = url.parse().unwrap();
    server
}

impl Server {
    /// The next stderr line matching `pred` (lines seen before are kept in `seen`).
    fn wait_line(&mut self, timeout: Duration, pred: impl Fn(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.log.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if pred(&line) {
                        return Some(line);
                    }
                }
                Err(_) => return None,
            }
        }
    }

    fn get(&self, target: &str) -> Reply {
        request(self.addr, "GET", target)
    }

    fn events(&self) -> Events {
        Events::open(self.addr, "/__krisenfest/events")
    }
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.0 request (the server answers without chunking and closes), target sent verbatim.
fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "{method} {target} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in reply to {target}: {raw:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line: {head}"));
    Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

/// A server-sent-events stream read line by line.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(addr: SocketAddr, target: &str) -> Events {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        s.set_read_timeout(Some(EVENT_TIMEOUT)).unwrap();
        let mut reader = BufReader::new(s);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/event-stream"),
            "{head}"
        );
        Events { reader }
    }

    /// The name of the next event (not comments or `retry:`), or `None` on timeout.
    fn next(&mut self, timeout: Duration) -> Option<String> {
        self.reader
            .get_ref()
            .set_read_timeout(Some(timeout))
            .unwrap();
        let deadline = Instant::now() + timeout;
        let mut name = None;
        loop {
            if Instant::now() > deadline {
                return None;
            }
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let line = line.trim_end();
            if let Some(n) = line.strip_prefix("event: ") {
                name = Some(n.to_string());
            } else if line.is_empty()
                && let Some(n) = name.take()
            {
                return Some(n);
            }
        }
    }
}

/// Remove the serve-mode reload script, to compare a served page with the built one.
fn strip_reload_script(html: &str) -> String {
    let Some(start) = html.rfind("<script>(function(){var s=new EventSource(") else {
        return html.to_string();
    };
    let end = start + html[start..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &html[..start], &html[end..])
}

fn built_files(root: &Path, output: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let result = build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_string()),
        drafts: false,
        // what `serve` itself reads
        date: krisenfest::cli::date_from_env().unwrap(),
        ..Default::default()
    });
    assert!(
        !result.diagnostics.has_errors(),
        "fixture does not build: {:?}",
        result.diagnostics.snapshot()
    );
    result.outputs.into_iter().next().unwrap().files.into_map()
}

fn encode(key: &str) -> String {
    key.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
