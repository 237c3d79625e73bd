//! What another web site or a hostile or broken client can do to the preview: read it through
//! DNS rebinding (it must not), or stop it for everyone else (it must not either). And a
//! replaced `content/` folder is still watched.

use super::*;

/// The refusal of a foreign or missing `Host`, whole (HEAD: without the body).
fn refused(port: u16, head_only: bool) -> String {
    let body = format!(
        "421 misdirected request: this preview answers only to localhost, 127.0.0.1 and [::1] (open http://localhost:{port}/)\n"
    );
    format!(
        "HTTP/1.1 421 Misdirected Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n{}",
        body.len(),
        if head_only { "" } else { &body }
    )
}

/// Send `head` as written and read the whole answer (the server closes after it).
fn exchange(addr: SocketAddr, head: &str) -> Vec<u8> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    raw
}

fn status_of(raw: &[u8]) -> u16 {
    String::from_utf8_lossy(raw)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {:?}", String::from_utf8_lossy(raw)))
}

#[test]
fn foreign_and_missing_hosts_are_refused() {
    let fx = fixture(SITE_YAML);
    let mut server = start(&fx.root, &[]);
    let port = server.addr.port();
    let foreign = [
        "Host: evil.example\r\n".to_string(),
        format!("Host: attacker.com:{port}\r\n"),
        format!("Host: localhost.attacker.com:{port}\r\n"),
        format!("Host: 127.0.0.1.nip.io:{port}\r\n"),
        "Host: localhost:1111@evil.example\r\n".to_string(),
        "Host: \r\n".to_string(),
        // Two Host fields: which one a proxy or browser believed is anyone's guess.
        format!("Host: localhost:{port}\r\nHost: evil.example\r\n"),
        // HTTP/1.1 requires the field; only a browser-less client omits it.
        String::new(),
    ];
    for host in &foreign {
        for target in ["/", "/schulung/", "/__krisenfest/events", "/gibt-es-nicht"] {
            for method in ["GET", "HEAD"] {
                let raw = exchange(
                    server.addr,
                    &format!("{method} {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"),
                );
                assert_eq!(
                    String::from_utf8_lossy(&raw),
                    refused(port, method == "HEAD"),
                    "{method} {target} with {host:?}"
                );
            }
        }
    }
    // The terminal says why, so that a colleague typing a machine name knows what to open.
    server
        .wait_line(EVENT_TIMEOUT, |l| {
            l == "warning: refused a request for host `evil.example`: the preview answers only to localhost, 127.0.0.1 and [::1]"
        })
        .unwrap_or_else(|| panic!("no warning; stderr:\n{}", server.seen.join("\n")));

    let good = [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "localhost.".to_string(),
        format!("localhost.:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "[::1]".to_string(),
    ];
    for host in &good {
        let raw = exchange(
            server.addr,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(status_of(&raw), 200, "{host}");
        assert!(
            String::from_utf8_lossy(&raw).contains("Hallo Welt."),
            "{host}"
        );
    }
    // HTTP/1.0 does not require Host, and no browser speaks it.
    assert_eq!(
        status_of(&exchange(server.addr, "GET / HTTP/1.0\r\n\r\n")),
        200
    );
}

#[test]
fn the_address_named_by_bind_is_accepted() {
    let fx = fixture(SITE_YAML);
    let server = start(&fx.root, &["--bind", "0.0.0.0"]);
    let local = SocketAddr::new("127.0.0.1".parse().unwrap(), server.addr.port());
    let port = server.addr.port();
    for (host, want) in [
        (format!("0.0.0.0:{port}"), 200),
        (format!("127.0.0.1:{port}"), 200),
        (format!("attacker.com:{port}"), 421),
        ("192.0.2.1".to_string(), 421),
    ] {
        let raw = exchange(
            local,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(status_of(&raw), want, "{host}");
    }
}

/// A keep-alive connection answers request after request, and a head right at the limit is fine.
#[test]
fn keep_alive_and_the_head_limit() {
    let fx = fixture(SITE_YAML);
    let server = start(&fx.root, &[]);
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut reader = BufReader::new(s.try_clone().unwrap());
    // Just below the limit of 16 KiB: accepted. Each answer is read by its Content-Length.
    let filler = "a".repeat(16 * 1024 - 200);
    for target in ["/", "/daten.csv", "/schulung/"] {
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: localhost\r\nX-Filler: {filler}\r\n\r\n"
        )
        .unwrap();
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{target}: {head}");
        assert!(!head.contains("Connection: close"), "{target}: {head}");
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
    }
    // Over the limit: 431, whole, and the connection ends.
    let raw = exchange(
        server.addr,
        &format!(
            "GET / HTTP/1.1\r\nHost: localhost\r\nX-Filler: {}\r\n\r\n",
            "a".repeat(16 * 1024)
        ),
    );
    assert_eq!(
        String::from_utf8_lossy(&raw),
        "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 76\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n431 request header fields too large: a request head may have at most 16 KiB\n"
    );
    // Many short header lines count as much as one long one.
    let many = "X-A: b\r\n".repeat(3000);
    let raw = exchange(
        server.addr,
        &format!("GET / HTTP/1.1\r\nHost: localhost\r\n{many}\r\n"),
    );
    assert_eq!(status_of(&raw), 431);
}

/// Linux: the server's resident memory, to show that what a client sends is not kept.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .strip_suffix(" kB")?
        .parse()
        .ok()
}

#[test]
fn misbehaving_clients_do_not_stop_the_server_for_others() {
    let fx = fixture(SITE_YAML);
    // Large enough that 64 answers fill every socket buffer between server and client.
    let big: Vec<u8> = (0..4 << 20).map(|i: u32| (i % 251) as u8).collect();
    std::fs::write(fx.root.join("content/static/gross.bin"), &big).unwrap();
    let server = start(&fx.root, &[]);
    let addr = server.addr;
    let rss_before = rss_kib(server.child.id());

    // 1. Pipelines 64 requests for the big file and never reads an answer.
    let mut pipeliner = TcpStream::connect(addr).unwrap();
    let requests = "GET /gross.bin HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(64);
    pipeliner.write_all(requests.as_bytes()).unwrap();

    // 2. Sends one endless header line (up to 256 MiB) and counts what the server took.
    let flooder = std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut sent = 0usize;
        if s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Endless: ")
            .is_err()
        {
            return sent;
        }
        let chunk = vec![b'a'; 64 * 1024];
        while sent < 256 << 20 {
            match s.write(&chunk) {
                Ok(n) => sent += n,
                Err(_) => break,
            }
        }
        sent
    });

    // 3. Meanwhile, someone else still gets every answer within a few seconds.
    for i in 0..20 {
        let target = ["/", "/schulung/", "/daten.csv", "/gibt-es-nicht"][i % 4];
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(request(addr, "GET", target).status);
        });
        let status = rx
            .recv_timeout(Duration::from_secs(5))
            .unwrap_or_else(|_| panic!("request {i} ({target}) not answered within 5 s"));
        assert!(status == 200 || status == 404, "{target}: {status}");
    }

    // The endless line was cut off: the server stopped taking it after the head limit (plus what
    // socket buffers hold), so it did not end up in memory either.
    let sent = flooder.join().unwrap();
    assert!(
        sent < 32 << 20,
        "the server accepted {sent} bytes of one header line"
    );
    if let (Some(before), Some(after)) = (rss_before, rss_kib(server.child.id())) {
        assert!(
            after < before + 64 * 1024,
            "resident memory grew from {before} KiB to {after} KiB"
        );
    }

    // The pipeliner, still not reading, is dropped once its writes stall (10 s): what it then
    // reads is what the socket buffers held, far from 64 answers, and then the end.
    std::thread::sleep(Duration::from_secs(14));
    pipeliner
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut got = 0usize;
    let mut chunk = vec![0; 1 << 16];
    loop {
        match pipeliner.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the connection was not closed after {got} bytes: {e}"),
        }
    }
    assert!(got < 16 * big.len(), "{got} bytes");
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_silent_client_is_dropped_after_the_head_timeout() {
    let fx = fixture(SITE_YAML);
    let server = start(&fx.root, &[]);
    let mut partial = TcpStream::connect(server.addr).unwrap();
    let idle = TcpStream::connect(server.addr).unwrap();
    partial.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
    let started = Instant::now();
    for s in [&partial, &idle] {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    }
    let mut raw = Vec::new();
    (&partial).read_to_end(&mut raw).unwrap();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(9) && took < Duration::from_secs(20),
        "{took:?}"
    );
    assert_eq!(
        String::from_utf8_lossy(&raw),
        "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 56\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n408 request timeout: the request did not arrive in time\n"
    );
    // A connection that never sent a byte is closed without an answer.
    let mut rest = Vec::new();
    (&idle).read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "{rest:?}");
}

#[test]
fn connections_beyond_the_cap_get_503_at_once() {
    let fx = fixture(SITE_YAML);
    let server = start(&fx.root, &[]);
    // Each holds a connection open by sending half a request.
    let mut held = Vec::new();
    for _ in 0..128 {
        let mut s = TcpStream::connect(server.addr).unwrap();
        s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        held.push(s);
    }
    // The server counts a connection once its accept loop has taken it; give it a moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    let refused = loop {
        let raw = exchange(server.addr, "GET / HTTP/1.0\r\n\r\n");
        if status_of(&raw) == 503 || Instant::now() > deadline {
            break raw;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(
        String::from_utf8_lossy(&refused),
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 73\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nRetry-After: 1\r\nConnection: close\r\n\r\n503 service unavailable: too many connections to this preview; try again\n"
    );
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.get("/").status != 200 {
        assert!(
            Instant::now() < deadline,
            "no room after the connections closed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `mv content content.old && mv content.new content`, as a branch switch or a restore does: the
/// new folder is served, and later edits in it are noticed.
#[test]
fn a_replaced_content_folder_is_watched_again() {
    for poll in [false, true] {
        let fx = fixture(SITE_YAML);
        let args: &[&str] = if poll { &["--poll"] } else { &[] };
        let mut server = start(&fx.root, args);
        let mut events = server.events();
        let content = fx.root.join("content");
        let new = fx.root.join("content.new");
        copy_dir(&content, &new);
        std::fs::write(new.join("_index.md"), index_md("Neuer Ordner: Marke-1.")).unwrap();
        std::fs::rename(&content, fx.root.join("content.old")).unwrap();
        std::fs::rename(&new, &content).unwrap();
        wait_for(&mut server, &mut events, "/", "Marke-1", poll);

        std::fs::write(content.join("_index.md"), index_md("Danach: Marke-2.")).unwrap();
        wait_for(&mut server, &mut events, "/", "Marke-2", poll);
        std::fs::write(
            content.join("schulung/_index.md"),
            "---\ntitle: Schulung\naudience: internal\n---\n\nTief drin: Marke-3.\n",
        )
        .unwrap();
        wait_for(&mut server, &mut events, "/schulung/", "Marke-3", poll);

        // The old folder is nobody's content any more.
        std::fs::write(
            fx.root.join("content.old/_index.md"),
            index_md("Alt: Marke-4."),
        )
        .unwrap();
        assert_eq!(
            events.next(Duration::from_millis(1500)),
            None,
            "poll: {poll}"
        );
        assert!(!server.get("/").text().contains("Marke-4"), "poll: {poll}");
    }
}

/// Wait for reload events until `target` shows `marker`.
fn wait_for(server: &mut Server, events: &mut Events, target: &str, marker: &str, poll: bool) {
    let deadline = Instant::now() + EVENT_TIMEOUT;
    while !server.get(target).text().contains(marker) {
        assert!(
            Instant::now() < deadline,
            "{marker} not served (poll: {poll}); stderr:\n{}",
            server.seen.join("\n")
        );
        let _ = events.next(Duration::from_secs(2));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}
