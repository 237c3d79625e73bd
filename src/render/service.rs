//! The files of an output beside its pages: robots.txt, sitemap.xml, the script texts and the
//! theme's and the plan's static files.

use super::*;

/// 404 page, robots.txt, sitemap.xml.
pub fn render_service_files(env: &RenderEnv<'_>, files: &mut Files, diags: &Diagnostics) {
    let title = env.t("not_found_title", "Seite nicht gefunden");
    let page = PageView {
        title: &title,
        description: None,
        date: None,
        content: "",
        toc: &[],
        kind: "404",
        tags: &[],
        video: None,
        intro: "",
    };
    // A server shows 404.html at the address that was not found, however deep: its relative
    // links would resolve against that folder. With a base_url the page gets
    // <base href="/its/path/"> (the path only, so a staging host or the browser gate's server
    // work as well); without one it stays relative and works from the top folder only.
    #[derive(Serialize)]
    struct NotFound<'a> {
        #[serde(flatten)]
        common: Common<'a>,
        base_path: Option<String>,
    }
    let ctx = NotFound {
        common: env.common("404.html", page, ""),
        base_path: env.output.base_url.as_deref().map(base_path),
    };
    if let Some(html) = render_template(
        env.templates,
        "404.html",
        &ctx,
        Path::new("themes/default/templates/404.html"),
        diags,
    ) {
        files.insert(
            "404.html".into(),
            html,
            Origin::generated(msg!("die erzeugte 404-Seite", "the generated 404 page")),
        );
    }

    // `base_url` is validated as one absolute address; `one_line` makes sure that even an
    // unvalidated one cannot add a directive of its own to robots.txt or break the sitemap.
    let base_url = env.output.base_url.as_deref().map(crate::config::one_line);
    let robots = match (env.output.audience, &base_url) {
        (Audience::Internal, _) => "User-agent: *\nDisallow: /\n".to_string(),
        (Audience::Public, Some(base)) => format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            with_slash(base)
        ),
        (Audience::Public, None) => "User-agent: *\nAllow: /\n".to_string(),
    };
    files.insert(
        "robots.txt".into(),
        robots.into_bytes(),
        Origin::generated(msg!("die erzeugte robots.txt", "the generated robots.txt")),
    );

    if env.output.audience == Audience::Public {
        match &base_url {
            Some(base) => {
                let base = with_slash(base);
                let mut xml = String::from(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
                );
                for path in files.keys().filter(|p| p.ends_with(".html") && *p != "404.html") {
                    let loc = path.strip_suffix("index.html").unwrap_or(path);
                    xml.push_str(&format!(
                        "  <url><loc>{}{}</loc></url>\n",
                        super::rdf::xml_text(&base),
                        super::rdf::xml_text(&urls::encode_path(loc))
                    ));
                }
                xml.push_str("</urlset>\n");
                files.insert(
                    "sitemap.xml".into(),
                    xml.into_bytes(),
                    Origin::generated(msg!(
                        "die erzeugte sitemap.xml",
                        "the generated sitemap.xml"
                    )),
                );
            }
            None => diags.push(
                Diagnostic::warning(msg!(
                    "die Ausgabe `{}` hat keine `base_url`, deshalb wird keine sitemap.xml geschrieben",
                    "output `{}` has no base_url, so no sitemap.xml is written";
                    env.output.name
                ))
                .in_file("content/site.yaml")
                .hint(msg!(
                    "eine Sitemap braucht vollständige Adressen: ergänzen Sie bei dieser Ausgabe in site.yaml `base_url: https://…/`",
                    "sitemaps need absolute URLs: add `base_url: https://…/` to this output in site.yaml"
                )),
            ),
        }
    }
}

fn with_slash(s: &str) -> String {
    if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    }
}

/// The UI texts the scripts need: one file for every page instead of attributes in each (the
/// search texts were 500 bytes of every page). Read by `assets/search.js` and
/// `assets/krisenfest.js` as `window.krisenfestTexts`.
pub const TEXTS_FILE: &str = "assets/texts.js";

pub fn script_texts(strings: &BTreeMap<String, String>, lang: crate::config::Language) -> Vec<u8> {
    let mut texts: BTreeMap<&str, &str> = strings
        .iter()
        .filter(|(k, _)| {
            matches!(
                k.as_str(),
                "search_loading"
                    | "search_none"
                    | "search_one"
                    | "search_many"
                    | "search_error"
                    | "search_short"
                    | "search_all"
            )
        })
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let w = markdown::checklist_words(lang);
    texts.insert("checklist_count", w.count);
    texts.insert("checklist_reset", w.reset);
    texts.insert("checklist_print", w.print);
    let json = serde_json::to_string(&texts).unwrap_or_else(|_| "{}".to_string());
    format!("window.krisenfestTexts = {json};\n").into_bytes()
}

/// Theme static files, then the plan's own static files (which win on the same path).
/// Theme files, `content/static/` and the files beside pages that this output's audience may
/// see. `md` and `sink` hold the links written in pages and in this output's records: a public
/// output warns about files of `content/static/` that only internal pages link to.
pub fn copy_statics(
    env: &RenderEnv<'_>,
    md: &RenderedPages,
    sink: &LinkSink,
    files: &mut Files,
    diags: &Diagnostics,
) {
    for (path, bytes) in &env.theme.statics {
        files.insert(path.clone(), bytes.clone(), Origin::theme(path));
    }
    files.insert(
        TEXTS_FILE.to_string(),
        script_texts(&env.theme.strings, env.site.config.language),
        Origin::generated(msg!(
            "die Texte der Skripte (Suche, Checklisten)",
            "the scripts' texts (search, checklists)"
        )),
    );
    let audience = env.output.audience;
    for s in env
        .site
        .statics
        .iter()
        .filter(|s| s.audience.visible_in(audience))
    {
        match std::fs::read(&s.src) {
            Ok(b) => {
                if files.contains_key(&s.out) && s.out.ends_with(".html") {
                    diags.push(
                        Diagnostic::error(msg!(
                            "die statische Datei würde die erzeugte Seite `{}` überschreiben",
                            "static file would overwrite the generated page `{}`";
                            s.out
                        ))
                        .in_file(&s.display)
                        .hint(msg!(
                            "benennen Sie die Datei um oder verschieben Sie sie in einen anderen Ordner",
                            "rename the file or move it to another folder"
                        )),
                    );
                    continue;
                }
                files.insert(s.out.clone(), b, Origin::static_file(&s.display));
            }
            Err(e) => diags.push(
                Diagnostic::error(msg!(
                    "die statische Datei lässt sich nicht lesen: {e}",
                    "cannot read static file: {e}"
                ))
                .in_file(&s.display),
            ),
        }
    }
    if audience == Audience::Public {
        let records = sink.lock().unwrap_or_else(|e| e.into_inner());
        let record_links = records.iter().map(|(_, l)| l);
        links::warn_static_linked_only_internally(env.site, md, record_links, diags);
    }
}
