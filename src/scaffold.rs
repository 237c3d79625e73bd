//! `krisenfest new DIR` (a ready-to-build plan skeleton in German) and `krisenfest theme eject`
//! (the default theme copied into the plan for customisation).

use std::path::Path;

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "scaffold/"]
struct Skeleton;

/// Why `new` or `eject` refused: a usage problem (exit 2) or an I/O failure (exit 1).
#[derive(Debug)]
pub enum ScaffoldError {
    Refused(String),
    Io(String),
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
        return Err(ScaffoldError::Refused(format!(
            "`{}` exists and is not a folder",
            dir.display()
        )));
    }
    if !is_empty_dir(dir) {
        return Err(ScaffoldError::Refused(format!(
            "`{}` is not empty; krisenfest new never overwrites files — choose a new folder",
            dir.display()
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
                ScaffoldError::Io(format!("cannot create `{}`: {e}", parent.display()))
            })?;
        }
        std::fs::write(&path, text)
            .map_err(|e| ScaffoldError::Io(format!("cannot write `{}`: {e}", path.display())))?;
        written.push(name);
    }
    // Editors validate and complete as people type (VS Code + YAML extension).
    let io = |e: std::io::Error| ScaffoldError::Io(format!("cannot write schemas: {e}"));
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
        return Err(ScaffoldError::Refused(format!(
            "`{}` has no content/ folder; run this in the folder of a plan or pass --root",
            root.display()
        )));
    }
    let target = root.join("themes").join("default");
    if target.exists() && !is_empty_dir(&target) {
        return Err(ScaffoldError::Refused(format!(
            "`{}` already exists; move it away to eject again",
            target.display()
        )));
    }
    let files = crate::theme::default_files();
    for (name, bytes) in &files {
        let path = target.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                ScaffoldError::Io(format!("cannot create `{}`: {e}", parent.display()))
            })?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| ScaffoldError::Io(format!("cannot write `{}`: {e}", path.display())))?;
    }
    Ok(files.len())
}
