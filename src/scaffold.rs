//! `krisenfest new DIR` (a ready-to-build plan skeleton in German) and `krisenfest theme eject`
//! (the default theme copied into the plan for customisation).

use std::path::Path;

use crate::diagnostics::Msg;
use crate::msg;

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "scaffold/"]
struct Skeleton;

/// Why `new` or `eject` refused: a usage problem (exit 2) or an I/O failure (exit 1).
#[derive(Debug)]
pub enum ScaffoldError {
    Refused(Msg),
    Io(Msg),
}

fn is_empty_dir(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Ok(mut it) => it.next().is_none(),
        Err(_) => !dir.exists(),
    }
}

/// Write the skeleton into `dir`, which must not exist or be empty. Returns the files written.
pub fn new_plan(dir: &Path, municipality: &str) -> Result<Vec<String>, ScaffoldError> {
    if dir.exists() && !dir.is_dir() {
        let d = dir.display();
        return Err(ScaffoldError::Refused(msg!(
            "`{d}` gibt es schon, und es ist kein Ordner",
            "`{d}` exists and is not a folder"
        )));
    }
    if !is_empty_dir(dir) {
        let d = dir.display();
        return Err(ScaffoldError::Refused(msg!(
            "`{d}` ist nicht leer; krisenfest new überschreibt nie Dateien — wählen Sie einen neuen Ordner",
            "`{d}` is not empty; krisenfest new never overwrites files — choose a new folder"
        )));
    }
    let mut written = Vec::new();
    let mut names: Vec<String> = Skeleton::iter().map(|s| s.to_string()).collect();
    names.sort();
    for name in names {
        let Some(file) = Skeleton::get(&name) else {
            continue;
        };
        let mut text =
            String::from_utf8_lossy(&file.data).replace("{{MUNICIPALITY}}", municipality);
        if let Some(line) = modeline(&name) {
            text.insert_str(0, &line);
        }
        let path = dir.join(&name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                let d = parent.display();
                ScaffoldError::Io(msg!(
                    "`{d}` kann nicht angelegt werden: {e}",
                    "cannot create `{d}`: {e}"
                ))
            })?;
        }
        std::fs::write(&path, text).map_err(|e| {
            let d = path.display();
            ScaffoldError::Io(msg!(
                "`{d}` kann nicht geschrieben werden: {e}",
                "cannot write `{d}`: {e}"
            ))
        })?;
        written.push(name);
    }
    // Editors validate and complete as people type (VS Code + YAML extension).
    let io = |e: std::io::Error| {
        ScaffoldError::Io(msg!(
            "die Schemas können nicht geschrieben werden: {e}",
            "cannot write schemas: {e}"
        ))
    };
    crate::schema::write(&dir.join("schemas")).map_err(io)?;
    std::fs::create_dir_all(dir.join(".vscode")).map_err(io)?;
    let settings = serde_json::to_string_pretty(&crate::schema::vscode_settings("schemas"))
        .unwrap_or_default();
    std::fs::write(dir.join(".vscode/settings.json"), settings + "\n").map_err(io)?;
    written.push("schemas/".into());
    written.push(".vscode/settings.json".into());
    Ok(written)
}

/// The first line that tells the YAML language server which schema a file follows, for editors
/// that do not read `.vscode/settings.json` (Vim, Emacs, IntelliJ, Zed). The path is relative
/// to the file, so the plan folder can be moved.
fn modeline(name: &str) -> Option<String> {
    let schema = crate::schema::schema_for(name)?;
    let up = "../".repeat(name.matches('/').count());
    Some(format!(
        "# yaml-language-server: $schema={up}schemas/{schema}\n"
    ))
}

/// Copy the default theme into `root/themes/default/` (refuses to overwrite).
pub fn eject_theme(root: &Path) -> Result<usize, ScaffoldError> {
    if !root.join("content").is_dir() {
        let d = root.display();
        return Err(ScaffoldError::Refused(msg!(
            "`{d}` hat keinen Ordner content/; rufen Sie den Befehl im Ordner eines Plans auf oder geben Sie --root an",
            "`{d}` has no content/ folder; run this in the folder of a plan or pass --root"
        )));
    }
    let target = root.join("themes").join("default");
    if target.exists() && !is_empty_dir(&target) {
        let d = target.display();
        return Err(ScaffoldError::Refused(msg!(
            "`{d}` gibt es schon; verschieben Sie den Ordner, um das Theme erneut zu kopieren",
            "`{d}` already exists; move it away to eject again"
        )));
    }
    let files = crate::theme::default_files();
    for (name, bytes) in &files {
        let path = target.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                let d = parent.display();
                ScaffoldError::Io(msg!(
                    "`{d}` kann nicht angelegt werden: {e}",
                    "cannot create `{d}`: {e}"
                ))
            })?;
        }
        std::fs::write(&path, bytes).map_err(|e| {
            let d = path.display();
            ScaffoldError::Io(msg!(
                "`{d}` kann nicht geschrieben werden: {e}",
                "cannot write `{d}`: {e}"
            ))
        })?;
    }
    Ok(files.len())
}
