//! Reading text files as editors save them: UTF-8 with or without BOM, LF or CRLF.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos};

/// Largest text file we read. Plans are small; a multi-hundred-megabyte "page" is a mistake
/// (a video dropped into content/ instead of content/static/), not content.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Decode a text file: strip a UTF-8 BOM, turn CRLF (and lone CR) into LF so line numbers and
/// columns match what the editor shows. Anything that is not UTF-8 is an error at the first
/// offending byte — usually a Latin-1 or Windows-1252 file.
pub fn decode(bytes: &[u8], display: &Path) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let byte = bytes[e.valid_up_to()];
            return Err(Diagnostic::error("file is not valid UTF-8")
                .in_file(display)
                .hint(format!(
                    "byte 0x{byte:02X} at line {line}, column {col} is not UTF-8; the file is probably \
                     saved as Latin-1/Windows-1252 — save it as UTF-8 in your editor"
                ))
                .label(format!("line {line}, column {col}"))
                .with_pos_unrendered(Pos::new(line, col, 1)));
        }
    };
    if text.contains('\0') {
        return Err(
            Diagnostic::error("file contains NUL bytes; this is not a text file")
                .in_file(display)
                .hint("binary files belong in content/static/"),
        );
    }
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
    }
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
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).in_file(display))?;
    if meta.len() > MAX_TEXT_BYTES {
        return Err(Diagnostic::error(format!(
            "file is too large ({} MB) for a text file",
            meta.len() / (1024 * 1024)
        ))
        .in_file(display)
        .hint("large files (videos, archives) belong in content/static/"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).in_file(display))?;
    decode(&bytes, display)
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
}
