//! The search page and the page list.

use std::collections::BTreeMap;
use std::path::Path;

use super::{
    LAYOUT, PageText, budget_warning, fold_chars, index_file, read_and_index, section_key,
};
use crate::diagnostics::Diagnostics;
use crate::files::Files;
use crate::markdown::TocEntry;
use crate::msg;
use crate::render::RenderEnv;
use crate::urls;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Order for people: case and accents folded, digit runs compared as numbers ("G0.2" < "G0.11").
fn natural_key(s: &str) -> Vec<(String, u64)> {
    let f = fold_chars(s);
    let mut out = Vec::new();
    let mut text = String::new();
    let mut num: Option<u64> = None;
    for c in f.chars() {
        if let Some(d) = c.to_digit(10) {
            num = Some(
                num.unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(u64::from(d)),
            );
        } else {
            if let Some(n) = num.take() {
                out.push((std::mem::take(&mut text), n));
            }
            text.push(c);
        }
    }
    out.push((text, num.unwrap_or(0)));
    out
}

/// The search index, the search page and the page list of one output.
pub fn render(env: &RenderEnv<'_>, files: &Files, diags: &Diagnostics) -> Files {
    let mut out = Files::new();
    let t = |k: &str, d: &str| env.t(k, d);
    let seg = urls::segments(env.site.config.language).search;
    let search_page = format!("{seg}/index.html");
    let index_file = index_file(env.site.config.language);

    let list_out = urls::page_list(env.site.config.language);
    let print_out = crate::render::print::out(env.site.config.language);
    let (pages, sections, index) = read_and_index(
        files,
        &[&search_page, list_out, &print_out],
        &t("home", "Startseite"),
    );
    let written = index.to_files(LAYOUT);
    if let Some(d) = budget_warning(&env.output.name, &index, written.head.len(), &written.share) {
        diags.push(d.in_file(Path::new("output").join(&index_file)));
    }
    let origin = || {
        crate::files::Origin::generated(msg!(
            "der erzeugte Suchindex",
            "the generated search index"
        ))
    };
    out.insert(index_file, written.head, origin());
    for (part, bytes) in written.parts {
        out.insert(format!("{seg}/{part}"), bytes, origin());
    }

    // the search page
    let root = urls::root_prefix(&search_page);
    let list_url = urls::relative(&search_page, list_out);
    let title = t("search_title", "Suche");
    let attr = |k: &str, d: &str| esc(&t(k, d));
    let content = format!(
        r#"<div class="search-page" data-search-page>
<form class="search-form search-form--page" role="search" action="index.html" method="get" data-search data-search-root="{root}" data-search-index="index.js" data-search-max="50" data-t-loading="{loading}" data-t-none="{none}" data-t-one="{one}" data-t-many="{many}" data-t-error="{error}" data-t-short="{short}">
  <div class="kern-form-input search-form__field">
    <label class="kern-label" for="suche-begriff">{label}</label>
    <div class="search-form__row">
      <input class="kern-form-input__input search-form__input" id="suche-begriff" name="q" type="search" autocomplete="off" spellcheck="false" enterkeyhint="search" aria-describedby="suche-hinweis" aria-controls="suche-treffer">
      <button type="submit" class="kern-btn kern-btn--primary search-form__button"><span class="kern-label">{button}</span></button>
    </div>
  </div>
  <p class="search-form__hint" id="suche-hinweis">{hint}</p>
  <div class="kern-alert kern-alert--info search-page__nojs" data-search-nojs role="note">
    <div class="kern-alert__body"><p class="kern-body">{nojs} <a href="{list_url}">{list}</a>.</p></div>
  </div>
  <p class="search-form__status" role="status" aria-live="polite" aria-atomic="true" data-search-status></p>
  <ol class="search-results" id="suche-treffer" data-search-results hidden></ol>
</form>
<p class="search-page__list"><a href="{list_url}">{list_all}</a></p>
</div>
"#,
        loading = attr("search_loading", "Suche wird geladen …"),
        none = attr("search_none", "Keine Treffer für „{q}“."),
        one = attr("search_one", "1 Treffer für „{q}“."),
        many = attr("search_many", "{n} Treffer für „{q}“."),
        error = attr("search_error", "Der Suchindex konnte nicht geladen werden."),
        short = attr("search_short", "Bitte mindestens zwei Buchstaben eingeben."),
        label = attr("search_label", "Suchbegriff"),
        button = attr("search_button", "Suchen"),
        hint = attr(
            "search_hint",
            "Groß- und Kleinschreibung und Umlaute spielen keine Rolle („Geraete“ findet „Geräte“); ein Wortanfang genügt."
        ),
        nojs = attr(
            "search_nojs",
            "Die Suche braucht JavaScript. Ohne JavaScript finden Sie alle Seiten in der"
        ),
        list = attr("page_list_title", "Seitenübersicht"),
        list_all = attr(
            "search_page_list",
            "Alle Seiten auf einen Blick: Seitenübersicht"
        ),
    );
    out.extend(env.generated_page(
        &search_page,
        &title,
        &content,
        &[],
        "search",
        Path::new("themes/default/templates/page.html"),
        diags,
    ));

    // the page list, grouped by section in menu order
    let list_title = t("page_list_title", "Seitenübersicht");
    let mut groups: BTreeMap<String, Vec<&PageText>> = BTreeMap::new();
    for p in &pages {
        groups
            .entry(section_key(&p.out).to_string())
            .or_default()
            .push(p);
    }
    let menu_order: Vec<String> = env
        .nav
        .menu(list_out, "")
        .iter()
        .filter_map(|m| urls::resolve(list_out, &urls::decode_path(&m.url)))
        .map(|o| section_key(&o).to_string())
        .collect();
    let rank = |key: &str| -> (usize, Vec<(String, u64)>) {
        if key.is_empty() {
            (0, Vec::new())
        } else if let Some(i) = menu_order.iter().position(|k| k == key) {
            (1 + i, Vec::new())
        } else {
            (
                usize::MAX,
                natural_key(sections.get(key).map_or(key, String::as_str)),
            )
        }
    };
    let mut keys: Vec<&String> = groups.keys().collect();
    keys.sort_by_key(|k| (rank(k), (*k).clone()));
    // single pages in a folder of their own (Impressum, Datenschutz, …) go together at the end
    let other_title = t("page_list_other", "Weitere Seiten");
    let mut others: Vec<&PageText> = Vec::new();
    let mut blocks: Vec<(String, String, Vec<&PageText>)> = Vec::new();
    for k in keys {
        let mut ps = groups[k].clone();
        if !k.is_empty() && ps.len() == 1 && !menu_order.contains(k) {
            others.extend(ps);
            continue;
        }
        ps.sort_by_key(|p| {
            (
                p.out != format!("{k}/index.html") && p.out != "index.html",
                natural_key(&p.x.title),
                p.out.clone(),
            )
        });
        let title = sections.get(k.as_str()).cloned().unwrap_or_default();
        let id = if k.is_empty() {
            "bereich-start".to_string()
        } else {
            format!("bereich-{}", crate::slug::slugify(k))
        };
        blocks.push((id, title, ps));
    }
    if !others.is_empty() {
        others.sort_by_key(|p| (natural_key(&p.x.title), p.out.clone()));
        blocks.push(("bereich-weitere".into(), other_title, others));
    }
    let mut html = String::new();
    html.push_str(&format!(
        "<p>{}</p>\n",
        esc(&t(
            "page_list_intro",
            "Alle Seiten dieser Website, nach Bereichen geordnet."
        ))
    ));
    let mut toc = Vec::new();
    for (id, title, ps) in &blocks {
        html.push_str(&format!(
            "<h2 id=\"{}\">{}</h2>\n<ul class=\"page-list\">\n",
            esc(id),
            esc(title)
        ));
        for p in ps {
            html.push_str(&format!(
                "  <li><a href=\"{}\">{}</a></li>\n",
                esc(&env.url(list_out, &p.out)),
                esc(&p.x.title)
            ));
        }
        html.push_str("</ul>\n");
        toc.push(TocEntry {
            id: id.clone(),
            title: title.clone(),
            level: 2,
        });
    }
    if toc.len() < 2 {
        toc.clear();
    }
    out.extend(env.generated_page(
        list_out,
        &list_title,
        &html,
        &toc,
        "page",
        Path::new("themes/default/templates/page.html"),
        diags,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn i18n_points_at_the_search_page() {
        let files = crate::theme::default_files();
        for (lang, l) in [
            ("de", crate::config::Language::De),
            ("en", crate::config::Language::En),
        ] {
            let y = String::from_utf8_lossy(&files[&format!("i18n/{lang}.yaml")]).into_owned();
            let want = format!("search_page: {}/index.html", urls::segments(l).search);
            assert!(
                y.lines().any(|line| line == want),
                "{lang}.yaml lacks `{want}`"
            );
        }
    }
}
