//! The rules for output folders (`outputs[].dir` in site.yaml): where one may lie, and when two
//! are the same folder. Load, validate, the driver and the writer all ask here, so they cannot
//! disagree about which folder a `dir` names.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Msg;
use crate::msg;

/// `dir` the way it names a folder: `\` as `/`, without empty and `.` parts, so `./public/`,
/// `public//.` and `public\` are all `public`.
pub fn normalise_dir(dir: &str) -> String {
    parts(dir).collect::<Vec<_>>().join("/")
}

fn parts(dir: &str) -> impl Iterator<Item = &str> {
    dir.split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
}

/// Output folders must stay inside the plan and must not be a source folder we would delete.
pub fn check_dir(dir: &str) -> Result<(), Msg> {
    if dir.trim().is_empty() {
        return Err(msg!(
            "der Ausgabeordner (`dir`) ist leer",
            "output dir is empty"
        ));
    }
    let drive = dir.len() >= 2 && dir.as_bytes()[1] == b':';
    if dir.starts_with(['/', '\\']) || drive || parts(dir).any(|c| c == "..") {
        return Err(msg!(
            "der Ausgabeordner `{dir}` muss ein einfacher relativer Ordner innerhalb des Plans sein (kein `..`, kein absoluter Pfad)",
            "output dir `{dir}` must be a plain relative folder inside the plan (no `..`, no absolute path)"
        ));
    }
    let Some(first) = parts(dir).next() else {
        return Err(msg!(
            "der Ausgabeordner `{dir}` ist der Plan-Ordner selbst; nennen Sie einen Ordner darin, z. B. `public`",
            "output dir `{dir}` is the plan folder itself; name a folder inside it, e.g. `public`"
        ));
    };
    // Windows and macOS do not tell `Content` from `content`.
    let lower = first.to_lowercase();
    if ["content", "themes", ".git", "src", "tests"].contains(&lower.as_str()) {
        return Err(msg!(
            "der Ausgabeordner `{dir}` würde den eigenen Ordner `{lower}/` des Plans überschreiben",
            "output dir `{dir}` would overwrite the plan's own `{lower}/` folder"
        ));
    }
    Ok(())
}

/// How folder `a` lies relative to folder `b`.
#[derive(Debug, PartialEq, Eq)]
pub enum Overlap {
    Same,
    Inside,
    Contains,
}

/// Compares output folders after [`normalise_dir`] and regardless of case: plans are edited and
/// built on Windows and macOS too, where `Public` and `public` are one folder.
pub fn overlap(a: &str, b: &str) -> Option<Overlap> {
    let a: Vec<String> = parts(a).map(str::to_lowercase).collect();
    let b: Vec<String> = parts(b).map(str::to_lowercase).collect();
    if a == b {
        Some(Overlap::Same)
    } else if a.starts_with(&b) {
        Some(Overlap::Inside)
    } else if b.starts_with(&a) {
        Some(Overlap::Contains)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// `--output-dir`: a folder the user typed, anywhere on the disk. Writing replaces it as a whole,
// so it must not be the plan, hold the plan, or lie in a folder the plan is made of.

/// `p` with every link of its longest existing part resolved and `.`/`..` of the rest applied,
/// so that two spellings of one folder compare equal.
fn resolve(p: &Path) -> PathBuf {
    let mut existing = p;
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return out;
        }
        let (Some(parent), Some(last)) = (existing.parent(), existing.components().next_back())
        else {
            return p.to_path_buf();
        };
        rest.push(last);
        existing = parent;
    }
}

/// Components in lower case: Windows and macOS do not tell `Content` from `content`.
fn folded(p: &Path) -> Vec<String> {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
        .collect()
}

fn within(inner: &Path, outer: &Path) -> bool {
    folded(inner).starts_with(&folded(outer))
}

/// Refuses a `--output-dir` target that writing would destroy the plan with: the plan folder or
/// a folder holding it, its `content/`, `themes/` or `.git/`, or the folder of another output
/// (`others`: name and folder).
pub fn check_target(
    root: &Path,
    target: &Path,
    others: &[(String, PathBuf)],
) -> Result<(), (Msg, Msg)> {
    let shown = target.display().to_string();
    let root = resolve(root);
    let target = resolve(target);
    let hint = || {
        msg!(
            "nennen Sie einen eigenen Ordner für die Ausgabe, z. B. `--output-dir /tmp/vorschau`",
            "name a folder of its own for the output, e.g. `--output-dir /tmp/preview`"
        )
    };
    if target.to_str().is_none() {
        return Err((
            msg!(
                "der Ausgabeordner `{shown}` hat einen Namen, der kein gültiges UTF-8 ist",
                "output folder `{shown}` has a name that is not valid UTF-8"
            ),
            hint(),
        ));
    }
    if within(&root, &target) {
        return Err((
            msg!(
                "der Ausgabeordner `{shown}` ist der Plan-Ordner oder enthält ihn; der Plan würde gelöscht",
                "output folder `{shown}` is the plan folder or holds it; the plan would be deleted"
            ),
            hint(),
        ));
    }
    for own in ["content", "themes", ".git"] {
        if within(&target, &root.join(own)) {
            return Err((
                msg!(
                    "der Ausgabeordner `{shown}` liegt im Ordner `{own}/` des Plans, der beim Schreiben überschrieben würde",
                    "output folder `{shown}` lies in the plan's `{own}/` folder, which writing would overwrite"
                ),
                hint(),
            ));
        }
    }
    for (name, dir) in others {
        let dir = resolve(dir);
        if within(&target, &dir) || within(&dir, &target) {
            return Err((
                msg!(
                    "der Ausgabeordner `{shown}` überschneidet sich mit dem Ordner der Ausgabe `{name}`, die dabei überschrieben würde",
                    "output folder `{shown}` overlaps the folder of output `{name}`, which would be overwritten"
                ),
                hint(),
            ));
        }
    }
    Ok(())
}

/// Writing replaces the folder, files put there by hand included (as for every output). A
/// folder that is empty, missing or an earlier output of krisenfest (it has the theme's
/// `assets/krisenfest.css`) is taken; anything else only with `--force`, as in Zola.
pub fn check_target_contents(target: &Path) -> Result<(), (Msg, Msg)> {
    let shown = target.display().to_string();
    let Ok(mut entries) = std::fs::read_dir(target) else {
        return Ok(());
    };
    if entries.next().is_none() || target.join("assets/krisenfest.css").is_file() {
        return Ok(());
    }
    Err((
        msg!(
            "der Ausgabeordner `{shown}` ist nicht leer und enthält keine frühere Ausgabe von krisenfest; beim Schreiben würde alles darin gelöscht",
            "output folder `{shown}` is not empty and holds no earlier output of krisenfest; writing would delete everything in it"
        ),
        msg!(
            "nennen Sie einen leeren oder neuen Ordner, oder geben Sie `--force` an, wenn sein Inhalt ersetzt werden soll",
            "name an empty or new folder, or pass `--force` if its contents are to be replaced"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_dirs_are_confined() {
        for ok in [
            "public",
            "build/public",
            "./public/",
            "public\\",
            "public//.",
        ] {
            assert!(check_dir(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            " ",
            "../x",
            "a/../../x",
            "/tmp/x",
            "\\\\server\\x",
            "C:\\web",
            ".",
            "./",
            "content",
            "Content/",
            "./themes",
            "SRC",
        ] {
            assert!(check_dir(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn folders_compare_as_windows_and_macos_see_them() {
        for same in [
            "public/",
            "./public",
            "public//",
            "Public",
            "public/.",
            "public\\",
            "./PUBLIC/./",
        ] {
            assert_eq!(normalise_dir(same).to_lowercase(), "public", "{same}");
            assert_eq!(overlap(same, "public"), Some(Overlap::Same), "{same}");
        }
        for inside in ["public/intern", "Public\\intern", "./public//x/."] {
            assert_eq!(overlap(inside, "public"), Some(Overlap::Inside), "{inside}");
            assert_eq!(
                overlap("public/", inside),
                Some(Overlap::Contains),
                "{inside}"
            );
        }
        for apart in ["public-intern", "intranet", "pub", "x/public"] {
            assert_eq!(overlap(apart, "public"), None, "{apart}");
        }
    }

    #[test]
    fn an_output_dir_flag_cannot_point_at_the_plan() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("plan");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let others = [("intranet".to_string(), root.join("intranet"))];
        let refused = [
            root.clone(),
            root.join("."),
            tmp.path().to_path_buf(),
            root.join("content"),
            root.join("Content/static"),
            root.join("themes/x"),
            root.join("x/../content"),
            root.join(".git"),
            root.join("intranet"),
            root.join("intranet/sub"),
        ];
        for t in refused {
            assert!(check_target(&root, &t, &others).is_err(), "{}", t.display());
        }
        for t in [
            root.join("public"),
            root.join("staging"),
            tmp.path().join("elsewhere/site"),
            root.join("content-copy"),
        ] {
            assert!(check_target(&root, &t, &others).is_ok(), "{}", t.display());
        }
        // the same folder through a link counts as the folder
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&root, tmp.path().join("link")).unwrap();
            let t = tmp.path().join("link/content/x");
            assert!(check_target(&root, &t, &others).is_err());
        }
    }

    #[test]
    fn only_an_empty_folder_or_an_earlier_output_is_replaced_without_force() {
        let tmp = tempfile::tempdir().unwrap();
        let t = tmp.path().join("site");
        assert!(check_target_contents(&t).is_ok(), "missing");
        std::fs::create_dir(&t).unwrap();
        assert!(check_target_contents(&t).is_ok(), "empty");
        std::fs::write(t.join("notes.txt"), "mine").unwrap();
        assert!(check_target_contents(&t).is_err(), "someone's files");
        std::fs::create_dir_all(t.join("assets")).unwrap();
        std::fs::write(t.join("assets/krisenfest.css"), "").unwrap();
        assert!(check_target_contents(&t).is_ok(), "an earlier output");
    }
}
