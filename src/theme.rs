//! The default theme, embedded in the binary, with per-file overrides from the plan's
//! `themes/<name>/` folder (as mdBook does): same relative path wins.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::msg;
use crate::source::Plan;
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "themes/default/"]
#[exclude = "mockup/*"]
struct DefaultTheme;

pub struct Theme {
    /// Template name (path under templates/) → source.
    pub templates: BTreeMap<String, String>,
    /// Static files: output path (under static/) → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// UI strings of the site language.
    pub strings: BTreeMap<String, String>,
}

/// Every file of the default theme, by path relative to the theme folder.
pub fn default_files() -> BTreeMap<String, Vec<u8>> {
    DefaultTheme::iter()
        .filter_map(|p| DefaultTheme::get(&p).map(|f| (p.to_string(), f.data.into_owned())))
        .collect()
}

/// `output_dirs` are the plan's output folders, which no link in the theme may lead into.
pub fn load(
    root: &Path,
    name: &str,
    language: &str,
    output_dirs: &[&str],
    diags: &Diagnostics,
) -> Theme {
    let mut files = default_files();
    let defaults: Vec<String> = files.keys().cloned().collect();
    let dir = root.join("themes").join(name);
    if name != "default" && !dir.is_dir() {
        diags.push(
            Diagnostic::error(msg!(
                "der Theme-Ordner `themes/{name}/` existiert nicht",
                "theme folder `themes/{name}/` does not exist"
            ))
            .in_file("content/site.yaml")
            .hint(msg!(
                "`theme:` nennt einen Ordner unter themes/, dessen Dateien die des Standard-Themes ersetzen; entfernen Sie den Schlüssel, um das Standard-Theme zu verwenden",
                "`theme:` names a folder under themes/ with overrides of the default theme; remove the key to use the default theme"
            )),
        );
    }
    if dir.is_dir() {
        let plan = Plan::new(root, output_dirs);
        let shown = Path::new("themes").join(name);
        let hidden = |n: &str| n.starts_with('.');
        for path in crate::source::walk_files(&plan, &dir, &shown, hidden, diags) {
            let Ok(rel) = path.strip_prefix(&dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let display = Path::new("themes").join(name).join(&rel);
            match std::fs::read(&path) {
                Ok(bytes) => {
                    if rel.starts_with("templates/") && !defaults.contains(&rel) {
                        diags.push(
                            Diagnostic::warning(msg!(
                                "die Theme-Datei `{rel}` ersetzt keine Vorlage des Standard-Themes",
                                "theme override `{rel}` replaces no default template"
                            ))
                            .in_file(&display)
                            .hint(msg!(
                                "Prüfen Sie den Dateinamen; die Vorlagen des Standard-Themes stehen in docs/theme.md",
                                "check the file name; templates of the default theme are listed in docs/theme.md"
                            )),
                        );
                    }
                    files.insert(rel, bytes);
                }
                Err(e) => diags.push(
                    Diagnostic::error(msg!(
                        "die Theme-Datei lässt sich nicht lesen: {e}",
                        "cannot read theme file: {e}"
                    ))
                    .in_file(&display),
                ),
            }
        }
    }
    let mut theme = Theme {
        templates: BTreeMap::new(),
        statics: BTreeMap::new(),
        strings: BTreeMap::new(),
    };
    for (path, bytes) in files {
        if let Some(t) = path.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(s) => {
                    theme.templates.insert(t.to_string(), s);
                }
                Err(_) => diags.push(
                    Diagnostic::error(msg!(
                        "die Vorlage ist kein gültiges UTF-8",
                        "template is not valid UTF-8"
                    ))
                    .in_file(Path::new("themes").join(name).join(&path)),
                ),
            }
        } else if let Some(s) = path.strip_prefix("static/") {
            theme.statics.insert(s.to_string(), bytes);
        } else if path == format!("i18n/{language}.yaml") {
            let display = Path::new("themes").join(name).join(&path);
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match crate::yaml::parse::<BTreeMap<String, String>>(&text, &display, 0) {
                Ok(m) => theme.strings = m,
                Err(d) => diags.push(d),
            }
        }
    }
    theme
}
