//! HTTP/1.1 for the preview: GET and HEAD on std's `TcpListener`, a thread per connection.
//!
//! Written by hand rather than with tiny_http, which read header lines without limit, set no
//! timeouts on the connections it accepted, and let each of its fixed workers wait for a
//! connection's turn to write, so one client pipelining requests without reading held them all.
//! Here every bound is explicit:
//! - a request head is at most [`HEAD_LIMIT`] bytes (then 431) and must arrive within
//!   [`HEAD_TIMEOUT`] (then 408), which is also how long an idle keep-alive connection stays;
//! - requests of one connection are read one at a time, after the previous answer is written, so
//!   a pipelining client is buffered by the kernel, never by us;
//! - a write that makes no progress for [`WRITE_STALL`], or an answer not written within
//!   [`RESPONSE_DEADLINE`], ends the connection: a client that never reads frees its thread;
//! - at most [`MAX_CONNECTIONS`] connections are served at once; one more gets 503 from a single
//!   thread that gives each such client a moment only;
//! - a request with a body is answered and the connection closed (the preview reads no bodies,
//!   and guessing where the next request starts is how requests get smuggled).

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use super::host::Hosts;
use super::site::{self, Reply, Route, Shared};

/// Request line and header fields at most; browsers send well under 2 KiB to a preview.
pub(super) const HEAD_LIMIT: usize = 16 * 1024;
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_STALL: Duration = Duration::from_secs(10);
const RESPONSE_DEADLINE: Duration = Duration::from_secs(60);
/// Then `Connection: close`: the browser opens a new connection, and no connection lives forever.
const MAX_REQUESTS: usize = 100;
/// Connections served at once; a browser opens about six, so this leaves room for many tabs
/// while bounding threads and sockets.
pub(super) const MAX_CONNECTIONS: usize = 128;
/// A connection thread only parses, looks up and writes.
const STACK_SIZE: usize = 256 * 1024;
/// After an error answer the rest of what the client sent is read and dropped, up to this much
/// or this long, so that closing does not reset the connection before the answer is read.
const LINGER_BYTES: usize = 256 * 1024;
const LINGER_TIME: Duration = Duration::from_secs(1);

struct Server {
    shared: Arc<Shared>,
    hosts: Hosts,
    active: AtomicUsize,
}

/// A counted connection; the count drops with it, also when its thread could not start.
struct Slot(Arc<Server>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Start answering on `listener` in the background.
pub(super) fn spawn(listener: TcpListener, shared: Arc<Shared>, hosts: Hosts) -> io::Result<()> {
    let server = Arc::new(Server {
        shared,
        hosts,
        active: AtomicUsize::new(0),
    });
    let (busy, refused) = mpsc::sync_channel::<TcpStream>(REFUSING);
    std::thread::Builder::new()
        .name("krisenfest-busy".into())
        .spawn(move || {
            for stream in refused {
                refuse_busy(stream);
            }
        })?;
    std::thread::Builder::new()
        .name("krisenfest-http".into())
        .spawn(move || accept(&listener, &server, &busy))?;
    Ok(())
}

/// Connections over the cap waiting for their 503; beyond these they are closed at once.
const REFUSING: usize = 16;

fn accept(listener: &TcpListener, server: &Arc<Server>, busy: &mpsc::SyncSender<TcpStream>) {
    loop {
        let stream = match listener.accept() {
            Ok((s, _)) => s,
            // Out of file descriptors and the like: wait for connections to end.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        if server.active.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            server.active.fetch_sub(1, Ordering::AcqRel);
            let _ = busy.try_send(stream);
            continue;
        }
        let slot = Slot(Arc::clone(server));
        let _ = std::thread::Builder::new()
            .name("krisenfest-conn".into())
            .stack_size(STACK_SIZE)
            .spawn(move || connection(stream, &slot.0));
    }
}

/// 503, on one thread for all refused connections, each given a moment only.
fn refuse_busy(stream: TcpStream) {
    let text = "503 service unavailable: too many connections to this preview; try again\n";
    let mut reply = Reply::text(503, text);
    reply.extra.push(("Retry-After", "1".into()));
    let mut stream = stream;
    let deadline = Instant::now() + REFUSE_TIME;
    if write_reply(&mut stream, &reply, false, true, deadline).is_ok() {
        linger(stream, REFUSE_TIME);
    }
}

const REFUSE_TIME: Duration = Duration::from_millis(200);

fn connection(mut stream: TcpStream, server: &Server) {
    let _ = stream.set_nodelay(true);
    let local = stream.local_addr().ok().map(|a| a.ip());
    let mut buf = Vec::new();
    for n in 1..=MAX_REQUESTS {
        let len = match read_head(&mut stream, &mut buf) {
            Ok(Some(len)) => len,
            Ok(None) => return,
            Err(status) => {
                let text = match status {
                    408 => "408 request timeout: the request did not arrive in time\n".to_string(),
                    _ => format!(
                        "431 request header fields too large: a request head may have at most {} KiB\n",
                        HEAD_LIMIT / 1024
                    ),
                };
                fail(stream, Reply::text(status, text), false);
                return;
            }
        };
        let head = match parse(&buf[..len]) {
            Ok(head) => head,
            Err(reply) => return fail(stream, reply, false),
        };
        let allowed = match head.host {
            Host::One(h) => server.hosts.allows(h, local),
            Host::Missing => head.http10,
            Host::Many => false,
        };
        if !allowed {
            let host = match head.host {
                Host::One(h) => Some(h),
                _ => None,
            };
            let lang = server.shared.snapshot().lang;
            let reply = Reply::text(421, server.hosts.refusal(host, lang));
            return fail(stream, reply, head.method == "HEAD");
        }
        let close = head.close || head.has_body || n == MAX_REQUESTS;
        let head_only = head.method == "HEAD";
        let has_body = head.has_body;
        let reply = match site::route(head.method, head.target, &server.shared) {
            Route::Reply(reply) => reply,
            Route::Events { since } => {
                if has_body {
                    return fail(stream, Reply::text(400, BODY_REFUSED), false);
                }
                match site::open_stream(stream, &server.shared, since.as_deref()) {
                    Ok(()) => return,
                    Err(back) => {
                        let text = "503 service unavailable: too many pages of this preview are open; close some\n";
                        return fail(back, Reply::text(503, text), false);
                    }
                }
            }
        };
        buf.drain(..len);
        let deadline = Instant::now() + RESPONSE_DEADLINE;
        if write_reply(&mut stream, &reply, head_only, close, deadline).is_err() {
            return;
        }
        if close {
            if has_body {
                linger(stream, LINGER_TIME);
            } else {
                let _ = stream.shutdown(Shutdown::Write);
            }
            return;
        }
    }
}

const BODY_REFUSED: &str = "400 bad request: this preview accepts no request bodies\n";

/// Read until `buf` holds a whole request head; its length. `Ok(None)`: the client closed or was
/// idle for [`HEAD_TIMEOUT`] between requests. `Err(status)`: 431 or 408.
fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<Option<usize>, u16> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut searched = 0;
    let mut chunk = [0u8; 4096];
    loop {
        // Empty lines before a request line are allowed (RFC 9112, 2.2).
        let blank = buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        if blank > 0 {
            buf.drain(..blank);
            searched = 0;
        }
        if let Some(end) = head_end(buf, searched) {
            return Ok(Some(end));
        }
        searched = buf.len().saturating_sub(2);
        if buf.len() >= HEAD_LIMIT {
            return Err(431);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return if buf.is_empty() { Ok(None) } else { Err(408) };
        }
        let room = (HEAD_LIMIT - buf.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Ok(None),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return if buf.is_empty() { Ok(None) } else { Err(408) };
            }
            Err(_) => return Ok(None),
        }
    }
}

/// End of the head (just past its empty line), searching from `from`. Lines may end in a bare LF.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(p) = memchr::memchr(b'\n', &buf[i..]) {
        let at = i + p;
        match buf.get(at + 1) {
            Some(b'\n') => return Some(at + 2),
            Some(b'\r') if buf.get(at + 2) == Some(&b'\n') => return Some(at + 3),
            _ => i = at + 1,
        }
    }
    None
}

#[derive(Clone, Copy)]
enum Host<'a> {
    Missing,
    One(&'a str),
    Many,
}

struct Head<'a> {
    method: &'a str,
    target: &'a str,
    http10: bool,
    host: Host<'a>,
    close: bool,
    has_body: bool,
}

/// The request line and the header fields that matter; anything malformed is a 400 (or 505).
fn parse(raw: &[u8]) -> Result<Head<'_>, Reply> {
    let bad = |what: &str| Reply::text(400, format!("400 bad request: {what}\n"));
    let text = std::str::from_utf8(raw).map_err(|_| bad("the request head is not UTF-8"))?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let line = lines.next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("the request line is not `METHOD /path HTTP/1.1`"));
    };
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(bad("the method is not a token"));
    }
    if target.is_empty() || target.bytes().any(|b| b.is_ascii_control()) {
        return Err(bad("the request target is empty or has control characters"));
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => {
            return Err(Reply::text(
                505,
                "505 HTTP version not supported: this preview speaks HTTP/1.0 and HTTP/1.1\n",
            ));
        }
        _ => return Err(bad("the request line does not end in an HTTP version")),
    };
    let mut head = Head {
        method,
        target,
        http10,
        host: Host::Missing,
        // HTTP/1.0 keep-alive is rare and needs care; one request per connection is always right.
        close: http10,
        has_body: false,
    };
    let mut length: Option<&str> = None;
    for line in lines.take_while(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(bad("a header line has no `:`"));
        };
        // Also refuses obsolete line folding and space before the colon (RFC 9112, 5).
        if name.is_empty() || !name.bytes().all(is_tchar) {
            return Err(bad("a header name is not a token"));
        }
        let value = value.trim_matches([' ', '\t']);
        if value.bytes().any(|b| b == b'\r' || b == 0) {
            return Err(bad("a header value has a CR or NUL"));
        }
        if name.eq_ignore_ascii_case("host") {
            head.host = match head.host {
                Host::Missing => Host::One(value),
                _ => Host::Many,
            };
        } else if name.eq_ignore_ascii_case("connection") {
            if value
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case("close"))
            {
                head.close = true;
            }
        } else if name.eq_ignore_ascii_case("content-length") {
            if !value.bytes().all(|b| b.is_ascii_digit())
                || value.is_empty()
                || length.is_some_and(|l| l != value)
            {
                return Err(bad("Content-Length is not one number"));
            }
            length = Some(value);
            head.has_body |= value.bytes().any(|b| b != b'0');
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            head.has_body = true;
        }
    }
    Ok(head)
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

fn write_reply(
    stream: &mut TcpStream,
    reply: &Reply,
    head_only: bool,
    close: bool,
    deadline: Instant,
) -> io::Result<()> {
    let body = reply.body.bytes();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        reply.status,
        reason(reply.status),
        reply.ctype,
        body.len()
    );
    for (name, value) in &reply.extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let body = if head_only { &[][..] } else { body };
    // One segment for the usual small answer.
    if body.len() <= 16 * 1024 {
        let mut all = head.into_bytes();
        all.extend_from_slice(body);
        write_by(stream, &all, deadline)
    } else {
        write_by(stream, head.as_bytes(), deadline)?;
        write_by(stream, body, deadline)
    }
}

/// `write_all` that gives up when a write stalls for [`WRITE_STALL`] or `deadline` passes.
fn write_by(stream: &mut TcpStream, mut data: &[u8], deadline: Instant) -> io::Result<()> {
    while !data.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left.min(WRITE_STALL)))?;
        match stream.write(&data[..data.len().min(256 * 1024)]) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Answer a request that ends the connection.
fn fail(mut stream: TcpStream, reply: Reply, head_only: bool) {
    let deadline = Instant::now() + RESPONSE_DEADLINE;
    if write_reply(&mut stream, &reply, head_only, true, deadline).is_ok() {
        linger(stream, LINGER_TIME);
    }
}

fn linger(mut stream: TcpStream, time: Duration) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + time;
    let mut chunk = [0u8; 4096];
    let mut read = 0;
    while read < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => read += n,
        }
    }
}
