//! Reading the plan's files as editors save them: UTF-8 with or without BOM, LF or CRLF, and
//! only from inside the plan folder.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Msg, Pos, display_path};
use crate::msg;

/// Largest text file we read. Plans are small; a multi-hundred-megabyte "page" is a mistake
/// (a video dropped into content/ instead of content/static/), not content.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Decode a text file: strip a UTF-8 BOM, turn CRLF (and lone CR) into LF so line numbers and
/// columns match what the editor shows. Anything that is not UTF-8 is an error at the first
/// offending byte — usually a Latin-1 or Windows-1252 file.
pub fn decode(bytes: &[u8], display: &Path) -> Result<String, Diagnostic> {
    if let Some(enc) = wide_encoding(bytes) {
        let (enc_de, enc_en) = (&enc.de, &enc.en);
        return Err(Diagnostic::error(msg!(
            "die Datei ist als {enc_de} gespeichert, nicht als UTF-8",
            "file is saved as {enc_en}, not UTF-8"
        ))
        .in_file(display)
        .hint(msg!(
            "krisenfest liest nur UTF-8: Öffnen Sie die Datei in Ihrem Editor und speichern Sie sie \
             als UTF-8 (im Windows-Editor: \"Speichern unter\", Codierung \"UTF-8\"; Word und Excel \
             nennen UTF-16 \"Unicode\")",
            "krisenfest reads only UTF-8: open the file in your editor and save it as UTF-8 \
             (in Windows Notepad: \"Save as\", encoding \"UTF-8\"; Word and Excel call UTF-16 \
             \"Unicode\")"
        )));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let byte = bytes[e.valid_up_to()];
            return Err(Diagnostic::error(msg!(
                "die Datei ist kein gültiges UTF-8",
                "file is not valid UTF-8"
            ))
            .in_file(display)
            .hint(msg!(
                "Das Byte 0x{byte:02X} in Zeile {line}, Spalte {col} ist kein UTF-8; die Datei ist \
                 vermutlich als Latin-1/Windows-1252 gespeichert — speichern Sie sie in Ihrem Editor \
                 als UTF-8",
                "byte 0x{byte:02X} at line {line}, column {col} is not UTF-8; the file is probably \
                 saved as Latin-1/Windows-1252 — save it as UTF-8 in your editor"
            ))
            .label(msg!("Zeile {line}, Spalte {col}", "line {line}, column {col}"))
                .with_pos_unrendered(Pos::new(line, col, 1)));
        }
    };
    if text.contains('\0') {
        return Err(Diagnostic::error(msg!(
            "die Datei enthält NUL-Bytes; das ist keine Textdatei",
            "file contains NUL bytes; this is not a text file"
        ))
        .in_file(display)
        .hint(msg!(
            "Binärdateien gehören nach content/static/",
            "binary files belong in content/static/"
        )));
    }
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
    }
}

/// UTF-16 or UTF-32 text, which Windows tools write as "Unicode": by its byte order mark, or
/// without one by where the NUL bytes sit. Text in these encodings is mostly characters below
/// U+0100, so one byte of every 2 (or 3 of every 4) is NUL — a pattern that binary files and
/// Latin-1 text do not have. Read before the UTF-8 check so that editors are not told their
/// file is Latin-1 or binary.
fn wide_encoding(bytes: &[u8]) -> Option<Msg> {
    let name = |bits: u8, big: bool| {
        if big {
            msg!("UTF-{bits} (Big-Endian)", "UTF-{bits} (big-endian)")
        } else {
            msg!("UTF-{bits} (Little-Endian)", "UTF-{bits} (little-endian)")
        }
    };
    // UTF-32 LE starts like UTF-16 LE (FF FE), so it is tested first.
    const BOMS: &[(&[u8], u8, bool)] = &[
        (b"\xFF\xFE\x00\x00", 32, false),
        (b"\x00\x00\xFE\xFF", 32, true),
        (b"\xFF\xFE", 16, false),
        (b"\xFE\xFF", 16, true),
    ];
    if let Some((_, bits, big)) = BOMS.iter().find(|(bom, ..)| bytes.starts_with(bom)) {
        return Some(name(*bits, *big));
    }
    let head = &bytes[..bytes.len().min(4096)];
    if head.len() < 2 || !head.contains(&0) {
        return None;
    }
    // Share of NUL bytes at each position modulo 4.
    let mut nul = [0usize; 4];
    let mut all = [0usize; 4];
    for (i, b) in head.iter().enumerate() {
        all[i % 4] += 1;
        nul[i % 4] += usize::from(*b == 0);
    }
    let mostly = |i: usize| nul[i] * 10 >= all[i] * 7;
    let rarely = |i: usize| nul[i] * 10 <= all[i];
    let utf32 = [([1, 2, 3], 0, false), ([0, 1, 2], 3, true)];
    for (zero, text, big) in utf32 {
        if head.len() >= 4 && zero.iter().all(|&i| mostly(i)) && rarely(text) {
            return Some(name(32, big));
        }
    }
    if mostly(1) && mostly(3) && rarely(0) && rarely(2) {
        return Some(name(16, false));
    }
    if mostly(0) && mostly(2) && rarely(1) && rarely(3) {
        return Some(name(16, true));
    }
    None
}

impl Diagnostic {
    /// Position for a file whose text we could not decode: snippets cannot be shown, but the
    /// location still appears in `path:line:col`.
    fn with_pos_unrendered(mut self, pos: Pos) -> Self {
        self.pos = Some(pos);
        self
    }
}

pub fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    let cannot = |e: std::io::Error| {
        Diagnostic::error(msg!(
            "die Datei lässt sich nicht lesen: {e}",
            "cannot read file: {e}"
        ))
        .in_file(display)
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.len() > MAX_TEXT_BYTES {
        return Err(Diagnostic::error(msg!(
            "die Datei ist zu groß für eine Textdatei ({} MB)",
            "file is too large ({} MB) for a text file";
            meta.len() / (1024 * 1024)
        ))
        .in_file(display)
        .hint(msg!(
            "Große Dateien (Videos, Archive) gehören nach content/static/",
            "large files (videos, archives) belong in content/static/"
        )));
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
    decode(&bytes, display)
}

/// The plan folder as the file system resolves it. Links are followed only where they stay in
/// it: git stores symbolic links, so one committed `static/x -> /etc/passwd` would otherwise
/// publish whatever the build machine can read.
pub struct Plan {
    root: PathBuf,
    /// `root` as given, to tell a linked `content/` or `themes/` from a plain folder.
    given: PathBuf,
    /// Output folders: a link into `intranet/` would copy the internal site into the public one.
    outputs: Vec<PathBuf>,
}

/// `ELOOP`, which `std::io::ErrorKind` names only on nightly.
#[cfg(target_os = "linux")]
const ELOOP: i32 = 40;
#[cfg(not(target_os = "linux"))]
const ELOOP: i32 = 62;

impl Plan {
    /// `root` is the folder holding `content/`; it may itself be anywhere, also behind a link.
    pub fn new(root: &Path, output_dirs: &[&str]) -> Plan {
        let given = root.to_path_buf();
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let outputs = output_dirs.iter().map(|d| root.join(d)).collect();
        Plan {
            root,
            given,
            outputs,
        }
    }

    /// Whether a link lies on the way from the plan root to `path` (or `path` is one).
    pub fn is_linked(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.given) else {
            return true;
        };
        std::fs::canonicalize(path).map_or(true, |real| real != self.root.join(rel))
    }

    /// Where `path` really leads, through every link on the way, must lie inside the plan, outside
    /// its output folders and outside hidden folders (`.git` holds remote URLs with tokens).
    /// `display` is the path as editors see it, e.g. `content/static/x`.
    pub fn check(&self, path: &Path, display: &Path) -> Result<(), Diagnostic> {
        let written = std::fs::read_link(path).ok();
        let real = match std::fs::canonicalize(path) {
            Ok(r) => r,
            Err(e) if e.raw_os_error() == Some(ELOOP) => {
                return Err(Diagnostic::error(msg!(
                    "Kreis aus symbolischen Links: dieser Link führt auf sich selbst zurück",
                    "symbolic link loop: this link leads back to itself"
                ))
                .in_file(display)
                .hint(msg!(
                    "Die Kette der Links erreicht nie eine Datei oder einen Ordner; entfernen Sie den Link",
                    "the chain of links never reaches a file or folder; remove the link"
                )));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let to = written.as_deref().unwrap_or(Path::new("?"));
                return Err(Diagnostic::error(msg!(
                    "der symbolische Link zeigt auf `{}`, das es nicht gibt",
                    "symbolic link points to `{}`, which does not exist";
                    to.display()
                ))
                .in_file(display)
                .hint(msg!(
                    "Stellen Sie das Ziel wieder her, oder entfernen Sie den Link",
                    "restore the target or remove the link"
                )));
            }
            Err(e) => {
                return Err(Diagnostic::error(msg!(
                    "lässt sich nicht lesen: {e}",
                    "cannot read: {e}"
                ))
                .in_file(display));
            }
        };
        let leads_to = || match &written {
            Some(w) if *w != real => msg!(
                "`{}`, das zu `{}` führt",
                "`{}`, which leads to `{}`";
                w.display(),
                real.display()
            ),
            _ => Msg::same(format!("`{}`", real.display())),
        };
        let Ok(inner) = real.strip_prefix(&self.root) else {
            let to = leads_to();
            let (to_de, to_en) = (&to.de, &to.en);
            return Err(Diagnostic::error(msg!(
                "der symbolische Link führt aus dem Plan-Ordner hinaus: er zeigt auf {to_de}",
                "symbolic link leads out of the plan folder: it points to {to_en}"
            ))
            .in_file(display)
            .hint(msg!(
                "krisenfest liest nur Dateien im Plan-Ordner; kopieren Sie die Datei in den Plan, statt auf sie zu verlinken",
                "krisenfest reads only files inside the plan folder; copy the file into the plan instead of linking to it"
            )));
        };
        // Both ways: a link to the plan root holds `intranet/` just as `intranet/` itself does.
        if let Some(o) = self
            .outputs
            .iter()
            .find(|o| real.starts_with(o) || o.starts_with(&real))
        {
            let dir = o.strip_prefix(&self.root).unwrap_or(o);
            let (dir, to) = (dir.display(), leads_to());
            let (to_de, to_en) = (&to.de, &to.en);
            return Err(Diagnostic::error(msg!(
                "der symbolische Link reicht in den Ausgabe-Ordner `{dir}/`: er zeigt auf {to_de}",
                "symbolic link reaches the output folder `{dir}/`: it points to {to_en}"
            ))
            .in_file(display)
            .hint(msg!(
                "Ausgaben werden aus dem Plan gebaut, nicht von ihm gelesen; verlinken Sie stattdessen auf die Datei in content/",
                "outputs are built from the plan, not read by it; link to the file in content/ instead"
            )));
        }
        if inner
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            let to = leads_to();
            let (to_de, to_en) = (&to.de, &to.en);
            return Err(Diagnostic::error(msg!(
                "der symbolische Link führt zu einer versteckten Datei oder einem versteckten Ordner: er zeigt auf {to_de}",
                "symbolic link leads to a hidden file or folder: it points to {to_en}"
            ))
            .in_file(display)
            .hint(msg!(
                "Versteckte Dateien (`.git`, `.env`) werden nie veröffentlicht; entfernen Sie den Link",
                "hidden files (`.git`, `.env`) are never published; remove the link"
            )));
        }
        Ok(())
    }
}

/// Every file below `dir` (shown to editors as `shown`), following links that stay in the plan
/// (see [`Plan::check`]). A link that leads elsewhere, a loop or an unreadable entry is a
/// diagnostic and the walk goes on; what lies behind a refused link is not read at all.
/// Entries whose name `hidden` matches are skipped with everything below them.
pub fn walk_files(
    plan: &Plan,
    dir: &Path,
    shown: &Path,
    hidden: fn(&str) -> bool,
    diags: &Diagnostics,
) -> Vec<PathBuf> {
    let display = |p: &Path| match p.strip_prefix(dir) {
        Ok(r) if r.as_os_str().is_empty() => shown.to_path_buf(),
        Ok(r) => shown.join(r),
        Err(_) => shown.to_path_buf(),
    };
    // The folder itself, or one above it (`themes/`), may be the link.
    if plan.is_linked(dir)
        && let Err(d) = plan.check(dir, shown)
    {
        diags.push(d);
        return Vec::new();
    }
    let mut files = Vec::new();
    let mut it = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !hidden(&e.file_name().to_string_lossy()));
    while let Some(item) = it.next() {
        let entry = match item {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(dir);
                let shown_path = display(path);
                let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
                // A link that may not be followed says why before walkdir's view of it.
                if is_link && let Err(d) = plan.check(path, &shown_path) {
                    diags.push(d);
                } else if let Some(ancestor) = e.loop_ancestor() {
                    diags.push(
                        Diagnostic::error(msg!(
                            "Kreis aus symbolischen Links: dieser Ordner verweist zurück auf `{}`, einen der Ordner über ihm",
                            "symbolic link loop: this folder links back to `{}`, one of its parents";
                            display_path(&display(ancestor))
                        ))
                        .in_file(&shown_path)
                        .hint(msg!(
                            "Ihm zu folgen würde nie enden; entfernen Sie den Link",
                            "following it would never end; remove the link"
                        )),
                    );
                } else {
                    diags.push(
                        Diagnostic::error(msg!("lässt sich nicht lesen: {e}", "cannot read: {e}"))
                            .in_file(&shown_path),
                    );
                }
                continue;
            }
        };
        if entry.depth() > 0
            && entry.path_is_symlink()
            && let Err(d) = plan.check(entry.path(), &display(entry.path()))
        {
            diags.push(d);
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let t = decode(b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n", Path::new("x.yaml")).unwrap();
        assert_eq!(t, "a: 1\nb: 2\n");
    }

    #[test]
    fn latin1_is_an_error_with_position() {
        let e = decode(b"title: ok\nname: M\xFCller\n", Path::new("x.yaml")).unwrap_err();
        assert_eq!(e.message, "file is not valid UTF-8");
        assert_eq!(e.location(), "x.yaml:2:8");
        assert!(e.hint.unwrap().contains("Latin-1"));
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    fn utf32(text: &str, big_endian: bool) -> Vec<u8> {
        text.chars()
            .flat_map(|c| {
                let c = c as u32;
                if big_endian {
                    c.to_be_bytes()
                } else {
                    c.to_le_bytes()
                }
            })
            .collect()
    }

    /// Windows "Unicode" files, with and without a byte order mark, short and long, with
    /// umlauts and a euro sign: each is named by its encoding, never as Latin-1 or binary.
    #[test]
    fn utf16_and_utf32_are_named() {
        let texts = [
            "a",
            "id: R-001\n",
            "title: Größere Schäden für 5.000 €\r\nowner: Bürgermeisterin\r\n",
        ];
        for text in texts {
            for be in [false, true] {
                let order = if be { "big-endian" } else { "little-endian" };
                let bom16: &[u8] = if be { b"\xFE\xFF" } else { b"\xFF\xFE" };
                let bom32: &[u8] = if be {
                    b"\x00\x00\xFE\xFF"
                } else {
                    b"\xFF\xFE\x00\x00"
                };
                let cases = [
                    ([bom16, &utf16(text, be)].concat(), "UTF-16"),
                    (utf16(text, be), "UTF-16"),
                    ([bom32, &utf32(text, be)].concat(), "UTF-32"),
                ];
                for (bytes, enc) in cases {
                    let e = decode(&bytes, Path::new("x.yaml")).unwrap_err();
                    assert_eq!(
                        e.message,
                        format!("file is saved as {enc} ({order}), not UTF-8"),
                        "{text:?} {bytes:02X?}"
                    );
                    assert!(e.hint.unwrap().contains("save it as UTF-8"));
                }
            }
        }
    }

    #[test]
    fn stray_nul_is_still_binary() {
        let e = decode(b"title: x\n\0\nmore text here\n", Path::new("x.md")).unwrap_err();
        assert_eq!(
            e.message,
            "file contains NUL bytes; this is not a text file"
        );
    }
}
