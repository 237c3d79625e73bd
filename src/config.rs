//! `content/site.yaml`: the site configuration. Unknown keys are errors.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostics::Msg;
use crate::model::common::Audience;
use crate::msg;

mod legal;
pub mod opendata;

pub use legal::*;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub municipality: String,
    #[serde(default)]
    pub language: Language,
    #[serde(default = "default_audience")]
    pub default_audience: Audience,
    #[serde(default = "default_outputs")]
    #[schemars(with = "Vec<OutputConfig>")]
    pub outputs: Vec<Spanned<OutputConfig>>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub legal: Option<Legal>,
    /// Licence of the open-data files and texts (e.g. Datenlizenz Deutschland – Namensnennung 2.0).
    #[serde(default)]
    pub license: Option<License>,
    /// What the DCAT-AP.de catalogue of the open data says beyond the rest of site.yaml.
    #[serde(default)]
    pub open_data: Option<opendata::OpenData>,
    /// Theme folder name under `themes/` with per-file overrides of the default theme.
    #[serde(default)]
    pub theme: Option<String>,
    /// Another plan this one starts from (design §10): its records, pages, checklists and method.
    #[serde(default)]
    #[schemars(with = "Option<BaselineConfig>")]
    pub baseline: Option<Spanned<BaselineConfig>>,
}

/// `baseline: {path: ../vorlage}`: the folder of the baseline plan, relative to this plan.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineConfig {
    #[schemars(with = "String")]
    pub path: Spanned<String>,
    /// The provider's name for the release the plan follows (`2026-11`); shown, not compared:
    /// what changed is found by `baseline.lock.json`.
    #[serde(default)]
    pub version: Option<String>,
}

fn default_audience() -> Audience {
    Audience::Internal
}

fn default_outputs() -> Vec<Spanned<OutputConfig>> {
    let unknown = serde_saphyr::Location::UNKNOWN;
    [
        ("public", Audience::Public, "public"),
        ("intranet", Audience::Internal, "intranet"),
    ]
    .into_iter()
    .map(|(n, a, d)| {
        Spanned::new(
            OutputConfig {
                name: n.into(),
                audience: a,
                dir: Spanned::new(d.into(), unknown, unknown),
                base_url: None,
            },
            unknown,
            unknown,
        )
    })
    .collect()
}

#[derive(Debug, Clone, Copy, Default, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    De,
    En,
}

impl From<Language> for crate::diagnostics::Lang {
    fn from(l: Language) -> Self {
        match l {
            Language::De => crate::diagnostics::Lang::De,
            Language::En => crate::diagnostics::Lang::En,
        }
    }
}

/// The language of the messages about a plan, read from the text of its site.yaml line by line,
/// so that it is known even when site.yaml itself does not parse: a top-level `language: en`
/// means English, anything else German.
pub fn message_language(site_yaml: &str) -> crate::diagnostics::Lang {
    for line in site_yaml.lines() {
        let Some(rest) = line.strip_prefix("language") else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let value = value.split(" #").next().unwrap_or("");
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        if value.eq_ignore_ascii_case("en") {
            return crate::diagnostics::Lang::En;
        }
        return crate::diagnostics::Lang::De;
    }
    crate::diagnostics::Lang::De
}

/// The language of the messages: `--lang` when given, else the plan's `language:`, else German.
pub fn messages_lang(
    flag: Option<crate::diagnostics::Lang>,
    sources: &crate::diagnostics::Sources,
) -> crate::diagnostics::Lang {
    flag.unwrap_or_else(|| {
        sources
            .get(std::path::Path::new("content/site.yaml"))
            .map(|t| message_language(&t))
            .unwrap_or_default()
    })
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    pub name: String,
    pub audience: Audience,
    #[schemars(with = "String")]
    pub dir: Spanned<String>,
    /// Absolute URL the output is published under; needed only for sitemap.xml (and the
    /// `Sitemap:` line of robots.txt), which must contain absolute URLs.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub base_url: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    #[default]
    Escape,
    Allow,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub raw_html: RawHtml,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct License {
    pub name: String,
    #[schemars(with = "String")]
    pub url: Spanned<String>,
}

// ---------------------------------------------------------------------------------------------
// Checking the addresses in site.yaml. They end up in `href` attributes of the legal pages and
// the open-data page, and `base_url` in robots.txt and sitemap.xml, where a `javascript:` address
// runs script in a citizen's browser and a line break writes a line of its own. Every address is
// judged the way a browser reads it, not the way it looks in the file.

/// Schemes an address in site.yaml may have; everything else (`javascript:`, `data:`,
/// `vbscript:`, `file:` …) is refused rather than listed as forbidden.
const LINK_SCHEMES: [&str; 4] = ["https", "http", "mailto", "tel"];

/// What a field holds, which decides the rule it is checked by.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    /// A link on a page: `https:`, `http:`, `mailto:` or `tel:`.
    Link,
    /// The address an output is published under: an absolute `http(s)` folder address.
    Base,
    /// An e-mail address, written without `mailto:` (the pages add it).
    Email,
}

/// The scheme a browser would see in `raw`, lower case; `None` for a relative address.
///
/// Browsers (WHATWG URL) first strip leading and trailing C0 control characters and spaces and
/// drop every tab and line break inside, so `" java\tscript:"` is a `javascript:` address.
/// A scheme is an ASCII letter followed by letters, digits, `+`, `-` or `.`; anything else before
/// the first `:` (an entity like `&#106;`, a zero-width space, a full-width colon) makes the
/// address relative, which no field of site.yaml accepts.
pub fn browser_scheme(raw: &str) -> Option<String> {
    let s: String = raw
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = s.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// The first character an address must not contain, named for the message: (in "contains …",
/// as a label).
fn bad_char(raw: &str) -> Option<(Msg, Msg)> {
    raw.chars().find_map(|c| match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => Some((
            msg!("einen Zeilenumbruch", "a line break"),
            msg!("Zeilenumbruch", "a line break"),
        )),
        '\t' => Some((msg!("einen Tabulator", "a tab"), msg!("Tabulator", "a tab"))),
        c if c.is_control() => Some((
            msg!("ein Steuerzeichen", "a control character"),
            msg!("Steuerzeichen", "a control character"),
        )),
        c if c.is_whitespace() => Some((
            msg!("ein Leerzeichen", "a space"),
            msg!("Leerzeichen", "a space"),
        )),
        _ => None,
    })
}

/// Host of an `http(s)` address after `scheme:`, or `None` when there is no `//host`.
fn host(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix("//")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|h| !h.is_empty())
}

/// What is wrong with `raw` for a field of kind `field` named `name`: (message, label, hint).
fn url_problem(raw: &str, field: Field, name: &Msg) -> Option<(Msg, Msg, Msg)> {
    let shown = raw.escape_debug().to_string();
    let (name_de, name_en) = (&name.de, &name.en);
    let example = match field {
        Field::Base => "https://www.musterstadt.example/it-masterplan/",
        Field::Link => "https://www.musterstadt.example/kontakt",
        Field::Email => "it@musterstadt.example",
    };
    let contains = |what: &Msg| {
        let (what_de, what_en) = (&what.de, &what.en);
        msg!(
            "`{name_de}` enthält {what_de}",
            "`{name_en}` contains {what_en}"
        )
    };
    let not_full = || {
        msg!(
            "`{name_de}` ist keine vollständige Adresse: `{shown}`",
            "`{name_en}` is not a full address: `{shown}`"
        )
    };
    if field == Field::Email {
        if let Some((what, label)) = bad_char(raw) {
            return Some((
                contains(&what),
                label,
                msg!(
                    "Schreiben Sie die E-Mail-Adresse allein in eine Zeile, etwa `{example}`",
                    "write the e-mail address alone on one line, like `{example}`"
                ),
            ));
        }
        if browser_scheme(raw).is_some() || !raw.contains('@') {
            return Some((
                msg!(
                    "`{name_de}` ist keine E-Mail-Adresse: `{shown}`",
                    "`{name_en}` is not an e-mail address: `{shown}`"
                ),
                msg!("erwartet: name@domain", "expected name@domain"),
                msg!(
                    "Schreiben Sie nur die Adresse, etwa `{example}`; den `mailto:`-Link erzeugt krisenfest selbst",
                    "write the address alone, like `{example}`; krisenfest makes the `mailto:` link itself"
                ),
            ));
        }
        return None;
    }
    let allowed: &[&str] = if field == Field::Base {
        &LINK_SCHEMES[..2]
    } else {
        &LINK_SCHEMES
    };
    let allowed_text = allowed
        .iter()
        .map(|s| format!("{s}:"))
        .collect::<Vec<_>>()
        .join(", ");
    let Some(scheme) = browser_scheme(raw) else {
        return Some((
            not_full(),
            msg!(
                "erwartet: eine Adresse, die mit {allowed_text} beginnt",
                "expected an address starting with {allowed_text}"
            ),
            msg!(
                "Schreiben Sie die ganze Adresse, etwa `{example}`; relative Adressen und `@/`-Links auf Seiten sind in site.yaml nicht möglich",
                "write the whole address, like `{example}`; relative addresses and `@/` links to pages are not possible in site.yaml"
            ),
        ));
    };
    if !allowed.contains(&scheme.as_str()) {
        return Some((
            msg!(
                "`{scheme}:`-Adressen sind in `{name_de}` nicht erlaubt",
                "`{scheme}:` addresses are not allowed in `{name_en}`"
            ),
            msg!("erlaubt: {allowed_text}", "allowed: {allowed_text}"),
            msg!(
                "Schreiben Sie die Adresse einer Webseite, etwa `{example}`; andere Arten von Adressen können im Browser der Lesenden Code ausführen oder lokale Dateien öffnen",
                "write the address of a web page, like `{example}`; other kinds of address can run code in the reader's browser or open local files"
            ),
        ));
    }
    if let Some((what, label)) = bad_char(raw) {
        return Some((
            contains(&what),
            label,
            msg!(
                "Schreiben Sie die Adresse in eine Zeile, ohne Leerzeichen; ein Leerzeichen in einer Adresse wird `%20` geschrieben",
                "write the address on one line without spaces; a space inside an address is written `%20`"
            ),
        ));
    }
    // The scheme is ASCII and `raw` has no spaces or control characters here.
    let rest = &raw[scheme.len() + 1..];
    let web = scheme == "https" || scheme == "http";
    if (web && host(rest).is_none()) || (!web && rest.is_empty()) {
        return Some((
            not_full(),
            if web {
                msg!("kein Hostname nach `//`", "no host name after `//`")
            } else {
                msg!("nichts nach dem `:`", "nothing after the `:`")
            },
            msg!(
                "Schreiben Sie die ganze Adresse, etwa `{example}`",
                "write the whole address, like `{example}`"
            ),
        ));
    }
    if field == Field::Base {
        if host(rest).is_some_and(|h| h.contains('@')) {
            return Some((
                msg!(
                    "`{name_de}` enthält einen Benutzernamen oder ein Passwort",
                    "`{name_en}` contains a user name or password"
                ),
                msg!("`…@` vor dem Hostnamen", "`…@` before the host"),
                msg!(
                    "Die Adresse wird in robots.txt und sitemap.xml veröffentlicht: Schreiben Sie sie ohne Zugangsdaten, etwa `{example}`",
                    "the address is published in robots.txt and sitemap.xml: write it without credentials, like `{example}`"
                ),
            ));
        }
        if let Some(c) = rest.chars().find(|c| matches!(c, '?' | '#')) {
            let what = if c == '?' {
                msg!("eine Abfrage (`?`)", "a query (`?`)")
            } else {
                msg!("ein Fragment (`#`)", "a fragment (`#`)")
            };
            return Some((
                contains(&what),
                msg!(
                    "in einer Basisadresse nicht erlaubt",
                    "not allowed in a base address"
                ),
                msg!(
                    "Die Sitemap hängt die Pfade der Seiten an diese Adresse an: Geben Sie den Ordner an, in dem die Website veröffentlicht wird, etwa `{example}`",
                    "the sitemap appends the page paths to this address: give the folder the site is published in, like `{example}`"
                ),
            ));
        }
        if let Some(c) = rest.chars().find(|c| {
            c.is_ascii() && !c.is_ascii_alphanumeric() && !"-._~:/@!$&'()*+,;=%[]".contains(*c)
        }) {
            return Some((
                msg!(
                    "`{name_de}` enthält `{c}`, das in einer Adresse nicht erlaubt ist",
                    "`{name_en}` contains `{c}`, which is not allowed in an address"
                ),
                msg!(
                    "in einer Adresse nicht erlaubt",
                    "not allowed in an address"
                ),
                msg!(
                    "Schreiben Sie das Zeichen prozentkodiert, oder lassen Sie es weg, etwa `{example}`",
                    "write it percent-encoded or leave it out, like `{example}`"
                ),
            ));
        }
    }
    None
}

/// Length in characters of the YAML scalar starting at the 1-based `col` of `line`, quotes
/// included, so the caret covers what the editor wrote (escapes like `\t` included).
fn scalar_len(line: &str, col: usize) -> usize {
    let s: String = line.chars().skip(col.saturating_sub(1)).collect();
    let mut chars = s.char_indices();
    let len = match chars.next() {
        Some((_, q @ ('"' | '\''))) => {
            let mut escaped = false;
            let mut end = None;
            for (i, c) in chars {
                if q == '"' && c == '\\' && !escaped {
                    escaped = true;
                    continue;
                }
                if c == q && !escaped {
                    end = Some(i + 1);
                    break;
                }
                escaped = false;
            }
            s[..end.unwrap_or(s.len())].chars().count()
        }
        _ => {
            let end = [" #", ", ", "}"]
                .iter()
                .filter_map(|t| s.find(t))
                .min()
                .unwrap_or(s.len());
            s[..end].trim_end().chars().count()
        }
    };
    len.max(1)
}

/// Every address and e-mail field of site.yaml, named as the editor would find it.
fn address_fields(c: &SiteConfig) -> Vec<(Msg, Field, &Spanned<String>)> {
    let mut v = Vec::new();
    for o in &c.outputs {
        if let Some(u) = &o.value.base_url {
            let output = &o.value.name;
            v.push((
                msg!(
                    "base_url` der Ausgabe `{output}",
                    "base_url` of output `{output}"
                ),
                Field::Base,
                u,
            ));
        }
    }
    if let Some(l) = &c.license {
        v.push((Msg::same("license.url"), Field::Link, &l.url));
    }
    if let Some(o) = &c.open_data {
        opendata::address_fields(o, &mut v);
    }
    if let Some(legal) = &c.legal {
        if let Some(p) = &legal.publisher {
            v.push((Msg::same("legal.publisher.email"), Field::Email, &p.email));
        }
        if let Some(d) = &legal.data_protection_officer {
            v.push((
                Msg::same("legal.data_protection_officer.email"),
                Field::Email,
                &d.email,
            ));
        }
        if let Some(a) = &legal.accessibility {
            v.push((
                Msg::same("legal.accessibility.feedback_email"),
                Field::Email,
                &a.feedback_email,
            ));
            if let Some(u) = &a.feedback_url {
                v.push((
                    Msg::same("legal.accessibility.feedback_url"),
                    Field::Link,
                    u,
                ));
            }
        }
        for (key, auth) in [
            ("supervisory_authority", &legal.supervisory_authority),
            ("enforcement_body", &legal.enforcement_body),
        ] {
            let Some(auth) = auth else { continue };
            if let Some(u) = &auth.url {
                v.push((Msg::same(format!("legal.{key}.url")), Field::Link, u));
            }
            if let Some(m) = &auth.email {
                v.push((Msg::same(format!("legal.{key}.email")), Field::Email, m));
            }
        }
    }
    v
}

/// What is wrong with `raw` as the `--base-url` of a build (message, hint): the rules of
/// `base_url` in site.yaml.
pub fn base_url_problem(raw: &str) -> Option<(Msg, Msg)> {
    url_problem(raw, Field::Base, &Msg::same("--base-url")).map(|(m, _, h)| (m, h))
}

/// Check every address in site.yaml (`text` is the file, for the width of the caret) and report
/// each bad one at its value.
pub fn validate_addresses(c: &SiteConfig, text: &str, diags: &crate::diagnostics::Diagnostics) {
    let file = std::path::Path::new("content/site.yaml");
    let lines: Vec<&str> = text.lines().collect();
    for (name, field, value) in address_fields(c) {
        let Some((message, label, hint)) = url_problem(&value.value, field, &name) else {
            continue;
        };
        let line = value.referenced.line() as usize;
        let col = value.referenced.column() as usize;
        let d = crate::diagnostics::Diagnostic::error(message).hint(hint);
        diags.push(if line > 0 {
            let len = lines.get(line - 1).map_or(1, |l| scalar_len(l, col));
            d.at(file, crate::diagnostics::Pos::new(line, col, len))
                .label(label)
        } else {
            d.in_file(file)
        });
    }
}

/// `base` as one line that cannot break out of robots.txt or sitemap.xml: control characters
/// and spaces percent-encoded. Validation refuses such an address already; this is the second
/// lock for callers that skipped it.
pub fn one_line(base: &str) -> String {
    let mut out = String::with_capacity(base.len());
    for c in base.chars() {
        if c.is_control() || c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Lang;

    #[test]
    fn message_language_is_read_from_the_text() {
        assert_eq!(message_language("title: X\nlanguage: en\n"), Lang::En);
        assert_eq!(message_language("language: \"en\"  # English\n"), Lang::En);
        assert_eq!(message_language("language: EN\n"), Lang::En);
        assert_eq!(message_language("language: de\n"), Lang::De);
        assert_eq!(message_language("title: X\n"), Lang::De);
        // Nested keys (a theme's options) do not count, and a broken file still tells.
        assert_eq!(message_language("markdown:\n  language: en\n"), Lang::De);
        assert_eq!(
            message_language("title: [unclosed\nlanguage: en\n"),
            Lang::En
        );
    }
}
