//! Pages, traversal, live reload, error overlay, binding.

use super::*;

#[test]
fn serves_every_built_file_with_its_content_type() {
    let fx = fixture(SITE_YAML);
    let files = built_files(&fx.root, "intranet");
    for key in ["index.html", "schulung/index.html", "404.html", "daten.csv"] {
        assert!(files.contains_key(key), "fixture lacks {key}");
    }
    let server = start(&fx.root, &[]);

    for (key, bytes) in &files {
        let r = server.get(&format!("/{}", encode(key)));
        assert_eq!(r.status, 200, "{key}");
        assert_eq!(
            r.header("cache-control").as_deref(),
            Some("no-store"),
            "{key}"
        );
        if key.ends_with(".html") {
            let text = r.text();
            assert!(
                text.contains("new EventSource(\"/__krisenfest/events"),
                "{key}: no reload script"
            );
            assert!(!text.contains("krisenfest-errors"), "{key}: overlay");
            assert_eq!(
                strip_reload_script(&text),
                String::from_utf8_lossy(bytes),
                "{key}"
            );
        } else {
            assert_eq!(&r.body, bytes, "{key}");
        }
    }

    let ctype = |t: &str| server.get(t).header("content-type").unwrap_or_default();
    assert_eq!(ctype("/"), "text/html; charset=utf-8");
    assert_eq!(ctype("/schulung/"), "text/html; charset=utf-8");
    assert_eq!(ctype("/daten.csv"), "text/csv; charset=utf-8");
    assert_eq!(ctype("/daten.json"), "application/json");
    assert_eq!(ctype("/liesmich.txt"), "text/plain; charset=utf-8");
    for (key, want) in [
        (".css", "text/css; charset=utf-8"),
        (".js", "text/javascript; charset=utf-8"),
        (".svg", "image/svg+xml"),
        (".woff2", "font/woff2"),
        (".xml", "application/xml"),
    ] {
        if let Some(k) = files.keys().find(|k| k.ends_with(key)) {
            assert_eq!(ctype(&format!("/{}", encode(k))), want, "{k}");
        }
    }

    // Directory without slash: redirect, so that the page's relative links resolve.
    let r = server.get("/schulung");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location").as_deref(), Some("/schulung/"));
    assert_eq!(server.get("/schulung/?x=1#top").status, 200);

    // The site's own 404 page, with status 404.
    let r = server.get("/gibt-es-nicht/");
    assert_eq!(r.status, 404);
    assert_eq!(
        strip_reload_script(&r.text()),
        String::from_utf8_lossy(&files["404.html"])
    );
}

#[test]
fn get_and_head_only() {
    let fx = fixture(SITE_YAML);
    let server = start(&fx.root, &[]);
    let get = server.get("/");
    let head = request(server.addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        get.header("content-length"),
        "HEAD announces the GET length"
    );
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let r = request(server.addr, method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD"), "{method}");
    }
}

#[test]
fn traversal_attempts_are_404_and_leak_nothing() {
    let fx = fixture(SITE_YAML);
    let files = built_files(&fx.root, "intranet");
    // Symbolic links out of the root: in the plan folder, and in an output folder of an earlier
    // `krisenfest build`. The server answers from memory and must follow neither.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&fx.outside, fx.root.join("leak")).unwrap();
        std::fs::create_dir_all(fx.root.join("intranet")).unwrap();
        std::os::unix::fs::symlink(&fx.outside, fx.root.join("intranet/leak")).unwrap();
        std::os::unix::fs::symlink("/etc", fx.root.join("intranet/etc")).unwrap();
    }
    let server = start(&fx.root, &[]);
    let abs = fx.outside.join("secret.txt").display().to_string();
    let not_found = String::from_utf8_lossy(&files["404.html"]).into_owned();

    let mut targets: Vec<String> = [
        "/../outside/secret.txt",
        "/../../etc/passwd",
        "/../../../../../../../../etc/passwd",
        "/schulung/../../outside/secret.txt",
        "/schulung/../index.html",
        "/%2e%2e/outside/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2foutside%2fsecret.txt",
        "/..%2f..%2fetc%2fpasswd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/%2e%2e%5c..",
        "/..%5coutside%5csecret.txt",
        "/..\\outside\\secret.txt",
        "/%5c..%5c..%5cetc%5cpasswd",
        "/%252e%252e/outside/secret.txt",
        "/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/..%252f..%252fetc%252fpasswd",
        "/%c0%ae%c0%ae/etc/passwd",
        "/./../outside/secret.txt",
        "/..",
        "/.",
        "//etc/passwd",
        "/etc/passwd",
        "/%2fetc%2fpasswd",
        "/index.html%00",
        "/%00/../outside/secret.txt",
        "/leak/secret.txt",
        "/intranet/leak/secret.txt",
        "/etc/passwd",
        "/content/site.yaml",
        "/site/content/site.yaml",
        "http://127.0.0.1/../outside/secret.txt",
        "*",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    targets.push(abs.clone());
    targets.push(format!("/{}", encode(&abs).replace('/', "%2f")));
    targets.push(format!("/..{abs}"));

    for t in &targets {
        let r = server.get(t);
        assert_eq!(r.status, 404, "{t}: {}", r.head);
        let body = r.text();
        assert!(!body.contains(SECRET), "{t} leaked the secret");
        assert!(!body.contains("root:"), "{t} leaked /etc/passwd");
        assert_eq!(strip_reload_script(&body), not_found, "{t}");
    }
    // The server is still fine afterwards.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn an_edit_sends_a_reload_event_and_the_new_page() {
    let fx = fixture(SITE_YAML);
    let mut server = start(&fx.root, &[]);
    let mut events = server.events();
    std::fs::write(
        fx.root.join("content/_index.md"),
        index_md("Frisch geändert: Marke-4711."),
    )
    .unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
    assert!(server.get("/").text().contains("Marke-4711"));
    // Only the body changed: the page alone is re-rendered at once ...
    let line = server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("re-rendered in "))
        .expect("a re-render line with its duration");
    assert!(line.contains(" ms: 1 page"), "{line}");
    // ... and the full build that follows brings the search index up to date without a reload.
    let line = server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("full build in "))
        .expect("the background full build");
    assert!(line.contains("search index updated"), "{line}");
    assert!(server.get("/suche/index.js").text().contains("4711"));

    // A changed front matter (the title is in every menu) is a full build.
    std::fs::write(
        fx.root.join("content/_index.md"),
        index_md("Frisch geändert: Marke-4711.").replace("title: Start", "title: Startseite neu"),
    )
    .unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
    let line = server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("rebuilt in "))
        .expect("a rebuild line with its duration");
    assert!(line.contains(" ms: "), "{line}");
    assert!(server.get("/schulung/").text().contains("Startseite neu"));

    // A page loaded before a swap that connects after it is told to reload at once.
    let mut stale = Events::open(server.addr, "/__krisenfest/events?v=ffff-0");
    assert_eq!(stale.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
}

#[test]
fn a_body_edit_that_breaks_another_page_is_caught_by_the_full_build() {
    let fx = fixture(SITE_YAML);
    std::fs::write(
        fx.root.join("content/_index.md"),
        index_md("## Termine\n\nMontags."),
    )
    .unwrap();
    std::fs::write(
        fx.root.join("content/schulung/_index.md"),
        "---\ntitle: Schulung\naudience: internal\n---\n\nSiehe [Termine](../_index.md#termine).\n",
    )
    .unwrap();
    let mut server = start(&fx.root, &[]);
    let mut events = server.events();
    // The start page alone is fine, so it is re-rendered and reloaded at once; the anchor that
    // schulung/ links to is gone, which only the full build sees: it reloads with the overlay.
    std::fs::write(
        fx.root.join("content/_index.md"),
        index_md("## Sprechzeiten\n\nMontags."),
    )
    .unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
    server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("re-rendered in "))
        .expect("the fast path");
    assert_eq!(events.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
    server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("full build failed in "))
        .expect("the full build fails");
    let page = server.get("/schulung/").text();
    assert!(page.contains("id=\"krisenfest-errors\""), "no overlay");
    assert!(
        page.contains("content/schulung/_index.md:6:"),
        "no location"
    );
}

#[test]
fn a_broken_edit_shows_the_overlay_until_fixed() {
    let fx = fixture(SITE_YAML);
    let mut server = start(&fx.root, &[]);
    let mut events = server.events();

    // Line 3 of the file has an unknown key.
    std::fs::write(
        fx.root.join("content/_index.md"),
        "---\ntitle: Start\naudiense: internal\n---\n\nKaputt.\n",
    )
    .unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
    for target in ["/", "/schulung/", "/nicht-da"] {
        let page = server.get(target).text();
        assert!(
            page.contains("id=\"krisenfest-errors\" role=\"alert\""),
            "{target}: no overlay"
        );
        assert!(
            page.contains("content/_index.md:3:1"),
            "{target}: no location"
        );
        assert!(
            page.contains("3 | audiense: internal"),
            "{target}: no snippet"
        );
        let overlay = page.find("krisenfest-errors").unwrap();
        assert!(overlay > page.find("<body").unwrap(), "{target}");
    }
    // The last good site is still served.
    let home = server.get("/").text();
    assert!(home.contains("Hallo Welt."));
    assert!(!home.contains("Kaputt."));
    // The terminal shows the diagnostics too.
    server
        .wait_line(EVENT_TIMEOUT, |l| l.contains("content/_index.md:3:1"))
        .expect("diagnostic in the terminal");
    server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("rebuild failed in "))
        .expect("failed-rebuild line");

    std::fs::write(
        fx.root.join("content/_index.md"),
        index_md("Wieder gut: Marke-0815."),
    )
    .unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
    let home = server.get("/").text();
    assert!(home.contains("Marke-0815"));
    assert!(!home.contains("krisenfest-errors"));
    assert!(
        !server
            .get("/schulung/")
            .text()
            .contains("krisenfest-errors")
    );
}

#[test]
fn event_streams_do_not_block_other_clients() {
    let fx = fixture(SITE_YAML);
    let server = start(&fx.root, &[]);
    // More open streams than the server has worker threads.
    let mut streams: Vec<Events> = (0..12).map(|_| server.events()).collect();
    let addr = server.addr;
    let started = Instant::now();
    let clients: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                for j in 0..40 {
                    let target = ["/", "/schulung/", "/daten.csv", "/nix"][(i + j) % 4];
                    let r = request(addr, "GET", target);
                    assert!(r.status == 200 || r.status == 404, "{target}: {}", r.status);
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "320 requests took {:?}",
        started.elapsed()
    );
    std::fs::write(
        fx.root.join("content/_index.md"),
        index_md("Alle bekommen es mit."),
    )
    .unwrap();
    for (i, s) in streams.iter_mut().enumerate() {
        assert_eq!(
            s.next(EVENT_TIMEOUT).as_deref(),
            Some("reload"),
            "stream {i}"
        );
    }
}

#[test]
fn default_output_is_the_first_internal_one_and_output_picks() {
    let yaml = "title: Testplan\nmunicipality: Stadt Test\noutputs:\n  - {name: public, audience: public, dir: public}\n  - {name: intranet, audience: internal, dir: intranet}\nlegal:\n  publisher: {name: Stadt Test, address: \"Rathausplatz 1, 12345 Test\", represented_by: \"Erika Mustermann\", email: info@test.example, phone: \"+49 1234 5678-0\", responsible_for_content: {name: Pressestelle}}\n  data_protection_officer: {name: Datenschutzbeauftragte der Stadt Test, email: datenschutz@test.example}\n  accessibility: {status: teilweise-barrierefrei, known_issues: [], feedback_email: barrierefreiheit@test.example, feedback_url: \"https://test.example/kontakt\", statement_date: 2026-11-01, reviewed: 2026-11-01}\n";
    let fx = fixture(yaml);
    std::fs::write(
        fx.root.join("content/_index.md"),
        "---\ntitle: Start\naudience: public\n---\n\nHallo.\n",
    )
    .unwrap();

    let mut server = start(&fx.root, &[]);
    assert!(
        server
            .seen
            .last()
            .unwrap()
            .contains("`intranet` (internal)"),
        "{:?}",
        server.seen
    );
    assert_eq!(server.get("/schulung/").status, 200);
    drop(server);

    server = start(&fx.root, &["--output", "public"]);
    assert!(
        server.seen.last().unwrap().contains("`public` (public)"),
        "{:?}",
        server.seen
    );
    assert_eq!(server.get("/").status, 200);
    assert_eq!(
        server.get("/schulung/").status,
        404,
        "internal page in public"
    );
}

fn wait_exit(mut child: Child, rx: &mpsc::Receiver<String>) -> (i32, String) {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut lines = Vec::new();
            while let Ok(l) = rx.recv_timeout(Duration::from_secs(2)) {
                lines.push(l);
            }
            return (status.code().unwrap_or(-1), lines.join("\n"));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn unknown_output_is_a_usage_error() {
    let fx = fixture(SITE_YAML);
    let (child, rx) = spawn(&fx.root, &["--port", "0", "--output", "extranet"]);
    let (code, err) = wait_exit(child, &rx);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no output named `extranet`"), "{err}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let fx = fixture(SITE_YAML);
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (child, rx) = spawn(&fx.root, &["--port", &port]);
    let (code, err) = wait_exit(child, &rx);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn binds_ipv6_loopback() {
    if TcpListener::bind("[::1]:0").is_err() {
        eprintln!("skipped: this machine has no IPv6 loopback");
        return;
    }
    let fx = fixture(SITE_YAML);
    let server = start(&fx.root, &["--bind", "::1"]);
    assert!(server.addr.is_ipv6(), "{}", server.addr);
    assert!(server.seen.last().unwrap().contains("http://[::1]:"));
    let page = server.get("/");
    assert_eq!(page.status, 200);
    // The reload script uses a root-relative URL, so it works whatever the host looks like.
    assert!(page.text().contains("EventSource(\"/__krisenfest/events"));
    let mut events = server.events();
    std::fs::write(fx.root.join("content/_index.md"), index_md("IPv6.")).unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
}

#[test]
fn binding_beyond_loopback_warns() {
    let fx = fixture(SITE_YAML);
    let server = start(&fx.root, &["--bind", "0.0.0.0"]);
    assert!(
        server.seen.iter().any(|l| l.starts_with("warning: ")
            && l.contains("0.0.0.0")
            && l.contains("other machines")),
        "{:?}",
        server.seen
    );
    let local = SocketAddr::new("127.0.0.1".parse().unwrap(), server.addr.port());
    assert_eq!(request(local, "GET", "/").status, 200);
}

#[test]
fn output_folders_are_not_watched() {
    let fx = fixture(SITE_YAML);
    let mut server = start(&fx.root, &[]);
    let mut events = server.events();
    // What a parallel `krisenfest build` writes must not trigger a rebuild.
    std::fs::create_dir_all(fx.root.join("intranet")).unwrap();
    std::fs::write(fx.root.join("intranet/index.html"), "x").unwrap();
    std::fs::create_dir_all(fx.root.join(".krisenfest-tmp")).unwrap();
    std::fs::write(fx.root.join(".krisenfest-tmp/a.html"), "x").unwrap();
    assert_eq!(events.next(Duration::from_millis(1500)), None);
    assert!(
        server
            .wait_line(Duration::from_millis(200), |l| l.starts_with("rebuil"))
            .is_none(),
        "{:?}",
        server.seen
    );
}

#[test]
fn a_plan_that_does_not_build_yet_is_served_with_the_overlay() {
    let fx = fixture(SITE_YAML);
    std::fs::write(
        fx.root.join("content/_index.md"),
        "---\ntitle: Start\naudience: intern\n---\n\nNoch nicht.\n",
    )
    .unwrap();
    let mut server = start(&fx.root, &[]);
    assert!(
        server
            .seen
            .iter()
            .any(|l| l.contains("content/_index.md:3:")),
        "{:?}",
        server.seen
    );
    let page = server.get("/");
    assert_eq!(page.status, 404, "no good build yet");
    let text = page.text();
    assert!(text.contains("id=\"krisenfest-errors\" role=\"alert\""));
    assert!(text.contains("content/_index.md:3:"), "{text}");
    let mut events = server.events();
    std::fs::write(fx.root.join("content/_index.md"), index_md("Jetzt geht's.")).unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Jetzt geht"));
    assert!(!page.text().contains("krisenfest-errors"));
    server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("rebuilt in "))
        .expect("rebuild line");
}

#[test]
fn the_overlay_of_a_first_failed_build_knows_there_is_no_good_version() {
    let fx = fixture(SITE_YAML);
    std::fs::write(
        fx.root.join("content/_index.md"),
        "---\ntitle: Start\naudience: intern\n---\n\nNoch nicht.\n",
    )
    .unwrap();
    let mut server = start(&fx.root, &[]);
    assert!(
        server
            .seen
            .last()
            .unwrap()
            .contains("the plan (it does not build yet)"),
        "{:?}",
        server.seen
    );
    for target in ["/", "/schulung/"] {
        let text = server.get(target).text();
        assert!(
            text.contains("id=\"krisenfest-errors\" role=\"alert\" lang=\"en\""),
            "{target}: {text}"
        );
        assert!(
            text.contains("the plan does not build yet. This page shows the errors only"),
            "{target}: {text}"
        );
        assert!(!text.contains("last good version"), "{target}: {text}");
        assert!(!text.contains("Not found"), "{target}: {text}");
    }
    // Still broken: the terminal does not speak of a last good build either.
    std::fs::write(
        fx.root.join("content/_index.md"),
        "---\ntitle: Start\naudience: intern\n---\n\nImmer noch nicht.\n",
    )
    .unwrap();
    let line = server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("rebuild failed in "))
        .expect("failed-rebuild line");
    assert!(line.contains("the plan does not build yet"), "{line}");
    // Once it built, a later failure shows the last good version.
    std::fs::write(fx.root.join("content/_index.md"), index_md("Geht.")).unwrap();
    server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("rebuilt in "))
        .expect("rebuild line");
    std::fs::write(
        fx.root.join("content/_index.md"),
        "---\ntitle: Start\naudiense: internal\n---\n\nKaputt.\n",
    )
    .unwrap();
    let line = server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("rebuild failed in "))
        .expect("failed-rebuild line");
    assert!(line.contains("still serving the last good build"), "{line}");
    let text = server.get("/").text();
    assert!(text.contains("This is the last good version"), "{text}");
    assert!(text.contains("Geht."), "{text}");
}

#[test]
fn without_lang_a_german_plan_gets_german_lines_and_overlay() {
    let fx = fixture(SITE_YAML);
    let mut server = start_lang(&fx.root, None, "Vorschau für ", &[]);
    let start_line = server.seen.last().unwrap().clone();
    assert!(
        start_line.contains("`intranet` (intern)") && start_line.contains("gebaut in "),
        "{start_line}"
    );
    let mut events = server.events();
    std::fs::write(
        fx.root.join("content/_index.md"),
        "---\ntitle: Start\naudiense: internal\n---\n\nKaputt.\n",
    )
    .unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
    let page = server.get("/").text();
    assert!(
        page.contains("id=\"krisenfest-errors\" role=\"alert\" lang=\"de\""),
        "{page}"
    );
    assert!(
        page.contains(
            "Die letzte Änderung lässt sich nicht bauen. Dies ist die letzte fehlerfreie Version"
        ),
        "{page}"
    );
    assert!(page.contains("Fehler: "), "{page}");
    assert!(page.contains("content/_index.md:3:1"), "{page}");
    assert!(!page.contains("last good version"), "{page}");
    let line = server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("neuer Build in "))
        .unwrap_or_else(|| panic!("no German failed-rebuild line: {:?}", server.seen));
    assert!(line.contains("fehlgeschlagen"), "{line}");
    assert!(
        server.seen.iter().any(|l| l.starts_with("Fehler: ")),
        "{:?}",
        server.seen
    );
    assert!(
        !server.seen.iter().any(|l| l.starts_with("error: ")),
        "{:?}",
        server.seen
    );
    // A page that does not exist: the fallback is German too (the fixture has its own 404.html,
    // so only the overlay is checked here).
    assert!(
        server.get("/nicht-da").text().contains("lang=\"de\""),
        "no German overlay on a missing page"
    );
    std::fs::write(fx.root.join("content/_index.md"), index_md("Wieder gut.")).unwrap();
    server
        .wait_line(EVENT_TIMEOUT, |l| l.starts_with("neu gebaut in "))
        .unwrap_or_else(|| panic!("no German rebuild line: {:?}", server.seen));
}

#[test]
fn poll_mode_notices_edits() {
    let fx = fixture(SITE_YAML);
    let server = start(&fx.root, &["--poll"]);
    assert!(server.seen.last().unwrap().contains("by polling"));
    let mut events = server.events();
    std::fs::write(
        fx.root.join("content/_index.md"),
        index_md("Gepollt: Marke-99."),
    )
    .unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).as_deref(), Some("reload"));
    assert!(server.get("/").text().contains("Marke-99"));
}
