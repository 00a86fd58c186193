//! Text output of laid-out PDF pages: what `planx text` prints (cells joined by TAB, a
//! form feed between pages), and each page's text in reading order as the benchmark
//! reads it (`Extraction::page_text`).

use crate::error::{Error, ErrorKind, Result};
use crate::ingest;
use crate::layout::{pdf, LayoutSettings};
use crate::model::{Line, SourceKind};
use std::path::Path;

/// The text of a PDF's pages (`first..=last`, 1-based; all when `None`) laid out with
/// `set`, as lines with TAB between cells and a form feed between pages.
/// A file that is not a PDF is refused with [`ErrorKind::NotADocument`] saying what it
/// is (an image, an archive, a text file that `extract` reads).
pub fn pdf_text(path: &Path, pages: Option<(u32, u32)>, set: &LayoutSettings) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        let what = ingest::pdf::sniff(head).unwrap_or("not a PDF");
        let hint = if ingest::kind_of(path) == Some(SourceKind::Text) {
            " (`planx text` prints the pages of a PDF; text files go to `planx extract`)"
        } else {
            ""
        };
        return Err(Error::new(path, ErrorKind::NotADocument(format!("{what}{hint}"))));
    }
    let doc = ingest::pdf::read_pages(path, &bytes, pages)?;
    Ok(render_text(&pdf::document_lines(&doc, set).pages))
}

/// Renders pages as text: each line's cells joined by TAB, a form feed between pages.
pub fn render_text(pages: &[Vec<Line>]) -> String {
    let mut s = String::new();
    for (i, lines) in pages.iter().enumerate() {
        if i > 0 {
            s.push('\x0c');
        }
        for l in lines {
            s.push_str(&l.joined());
            s.push('\n');
        }
    }
    s
}

/// A page's text in reading order as the benchmark reads it: text lines, and table
/// rows with their cells joined by a space.
pub fn page_text(lines: &[Line]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for l in lines {
        let t = l.cells.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            parts.push(t);
        }
    }
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn line(cells: &[&str], tabular: bool) -> Line {
        Line { page: 1, number: 1, cells: cells.iter().map(|c| Cell::raw(*c)).collect(), tabular, bbox: None }
    }

    #[test]
    fn render_joins_cells_by_tab_and_pages_by_form_feed() {
        let pages = vec![vec![line(&["a", "b"], true)], vec![line(&["c"], false)]];
        assert_eq!(render_text(&pages), "a\tb\n\x0cc\n");
    }

    #[test]
    fn page_text_joins_cells_by_space_and_drops_blank_lines() {
        let lines = vec![line(&["a ", "", "b"], true), line(&[""], false), line(&["c"], false)];
        assert_eq!(page_text(&lines), "a b\nc");
    }
}
