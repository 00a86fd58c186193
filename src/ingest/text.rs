//! Reads pre-extracted text: UTF-8, one source line per [`Line`], cells split at TAB.
//!
//! Pages: a form feed starts a new page, and so does a run of three or more blank lines
//! (the converter that made the seed texts marks page ends that way). The layout stage
//! may add page breaks it can see (a table header repeated after a break).

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Cell, Line};
use std::path::Path;

/// Blank lines in a row that end a page.
pub const BLANK_LINES_PER_PAGE_BREAK: usize = 3;

/// Splits text into lines and cells. Refuses binary content and text that is not UTF-8,
/// naming the first bad byte.
pub fn read_lines(path: &Path, bytes: &[u8]) -> Result<Vec<Line>> {
    // UTF-16 with a byte-order mark (Notepad's "Unicode"): read it.
    let utf16 = |le: bool| {
        let units: Vec<u16> =
            bytes[2..].chunks(2).map(|c| if c.len() == 2 { if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) } } else { 0xFFFD }).collect();
        String::from_utf16(&units).map_err(|_| Error::new(path, ErrorKind::NotADocument("UTF-16 text with broken surrogate pairs; convert it to UTF-8 first".into())))
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let text = utf16(bytes[0] == 0xFF)?;
        if looks_binary(text.as_bytes()) {
            return Err(Error::new(path, ErrorKind::NotADocument("binary content (control characters), not text".into())));
        }
        return Ok(split_lines(&text));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if looks_utf16(bytes) {
        return Err(Error::new(
            path,
            ErrorKind::NotADocument("UTF-16 text without a byte-order mark; convert it to UTF-8, e.g. `iconv -f UTF-16LE -t UTF-8`".into()),
        ));
    }
    if looks_binary(bytes) {
        return Err(Error::new(path, ErrorKind::NotADocument("binary content (control characters), not text".into())));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Error::new(path, ErrorKind::NotUtf8 { offset: e.valid_up_to() }))?;
    Ok(split_lines(text))
}

/// True when every other byte is NUL, as in UTF-16 text of Latin or Thai characters (Thai
/// UTF-16 has 0x0E in the high byte, but its spaces, digits and newlines have NUL).
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return false;
    }
    let zeros = |k: usize| head.iter().skip(k).step_by(2).filter(|&&b| b == 0).count();
    let half = head.len() / 2;
    let (even, odd) = (zeros(0), zeros(1));
    let le = odd * 4 > half && even * 20 < half;
    let be = even * 4 > half && odd * 20 < half;
    if !(le || be) {
        return false;
    }
    // And it reads as text: no control characters but TAB, CR, LF and form feed.
    let units = head.chunks(2).map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
    char::decode_utf16(units).all(|c| c.is_ok_and(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0c')))
}

/// True when the bytes hold NUL or many other ASCII control bytes: junk, not a document
/// (in any text encoding, Thai TIS-620 included).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1 << 16)];
    let ctrl = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    head.contains(&0) || (!head.is_empty() && ctrl * 20 > head.len())
}

/// Splits already-decoded text into numbered lines with page numbers.
pub fn split_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut page = 1u32;
    let mut blank_run = 0usize;
    let mut seen_content_on_page = false;
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let number = (i + 1) as u32;
        // A form feed ends the page; text on either side of it stays on its own page.
        for (k, seg) in raw.split('\x0c').enumerate() {
            if k > 0 {
                if seen_content_on_page {
                    page += 1;
                }
                seen_content_on_page = false;
                blank_run = 0;
                if seg.trim().is_empty() {
                    continue;
                }
            }
            if seg.trim().is_empty() {
                blank_run += 1;
                if blank_run == BLANK_LINES_PER_PAGE_BREAK && seen_content_on_page {
                    page += 1;
                    seen_content_on_page = false;
                }
                out.push(Line { page, number, cells: vec![Cell::raw(seg)], tabular: false, bbox: None });
                continue;
            }
            blank_run = 0;
            seen_content_on_page = true;
            let tabular = seg.contains('\t');
            let cells = if tabular { seg.split('\t').map(Cell::raw).collect() } else { vec![Cell::raw(seg)] };
            out.push(Line { page, number, cells, tabular, bbox: None });
        }
    }
    // A file ending in a newline yields one empty last line; it is not a source line.
    if text.ends_with('\n') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_break_on_form_feed_and_blank_runs() {
        let lines = split_lines("a\n\n\n\nb\x0cc\nd\te\n");
        let pages: Vec<u32> = lines.iter().filter(|l| !l.is_blank()).map(|l| l.page).collect();
        assert_eq!(pages, vec![1, 2, 3, 3]);
        assert!(lines.last().unwrap().tabular);
        assert_eq!(lines.last().unwrap().cells.len(), 2);
    }

    #[test]
    fn refuses_non_utf8_and_binary() {
        let p = Path::new("x.txt");
        assert!(matches!(read_lines(p, b"ok\xff\xfe").unwrap_err().kind, ErrorKind::NotUtf8 { offset: 2 }));
        assert!(matches!(read_lines(p, b"a\0b").unwrap_err().kind, ErrorKind::NotADocument(_)));
        assert_eq!(read_lines(p, "\u{feff}ก\tข".as_bytes()).unwrap()[0].cells[0].text, "ก");
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("ก\tข\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(read_lines(p, &le).unwrap()[0].cells[1].text, "ข");
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("ก\tข\n".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(read_lines(p, &be).unwrap()[0].cells[0].text, "ก");
        let bare: Vec<u8> = "plan\t2567\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(matches!(read_lines(p, &bare).unwrap_err().kind, ErrorKind::NotADocument(w) if w.contains("UTF-16")));
    }
}
