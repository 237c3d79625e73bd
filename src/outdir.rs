//! The rules for output folders (`outputs[].dir` in site.yaml): where one may lie, and when two
//! are the same folder. Load, validate, the driver and the writer all ask here, so they cannot
//! disagree about which folder a `dir` names.

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
}
