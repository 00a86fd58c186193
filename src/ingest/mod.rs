//! Ingest: reads a source file and yields its [`Line`]s with page and position.
//!
//! Owns file-type detection (by extension, then by content), reading, hashing and the
//! refusal of inputs planx cannot read. Text files go to [`text`]; PDFs to the PDF layer.

pub mod pdf;
pub mod text;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{add_flag, Cell, Flag, Line, SourceInfo, SourceKind};
use sha2::{Digest, Sha256};
use std::path::Path;

/// A source document read into lines.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub source: SourceInfo,
    pub lines: Vec<Line>,
    /// PDF only: each page's text in reading order (tables row by row).
    pub page_text: Vec<String>,
}

/// File extensions read as pre-extracted text (tables as TAB-separated lines).
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "tsv", "text"];
/// File extensions read as PDF.
pub const PDF_EXTENSIONS: &[&str] = &["pdf"];

/// What kind of document a path names, judged by its extension.
pub fn kind_of(path: &Path) -> Option<SourceKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if TEXT_EXTENSIONS.contains(&ext.as_str()) {
        Some(SourceKind::Text)
    } else if PDF_EXTENSIONS.contains(&ext.as_str()) {
        Some(SourceKind::Pdf)
    } else {
        None
    }
}

/// The hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in d {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Reads one document. The kind comes from the extension, checked against the content:
/// a `.txt` holding a PDF or binary junk is refused with a clear reason.
pub fn read(path: &Path) -> Result<Ingested> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    from_bytes(path, &bytes)
}

/// Reads a document already in memory; `path` names it (and its extension its kind).
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Ingested> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(path, ErrorKind::NotADocument("the file is empty".into())));
    }
    let sha256 = sha256_hex(bytes);
    let by_ext = kind_of(path);
    let looks_pdf = bytes.len() >= 5 && bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-");
    let kind = match (by_ext, looks_pdf) {
        (Some(SourceKind::Pdf), _) | (None, true) => SourceKind::Pdf,
        (Some(SourceKind::Text), true) => {
            return Err(Error::new(path, ErrorKind::NotADocument("a PDF file with a text extension; rename it to .pdf".into())))
        }
        (Some(SourceKind::Text), false) => SourceKind::Text,
        (None, false) => {
            return Err(Error::new(path, ErrorKind::NotADocument("unknown file type (planx reads .txt, .md and .pdf)".into())))
        }
    };
    match kind {
        SourceKind::Text => {
            let lines = text::read_lines(path, bytes)?;
            let pages = lines.iter().map(|l| l.page).max().unwrap_or(1);
            Ok(Ingested { source: SourceInfo { path: path.display().to_string(), sha256, kind, pages }, lines, page_text: Vec::new() })
        }
        SourceKind::Pdf => read_pdf(path, bytes, sha256, None),
    }
}

/// Reads a PDF (optionally only some pages) into lines: tables as tabular lines, text
/// as single-cell lines. Pages without a text layer and pages that failed are reported
/// as flagged text lines, so that the document still goes through.
pub fn read_pdf(path: &Path, bytes: &[u8], sha256: String, range: pdf::PageRange) -> Result<Ingested> {
    let doc = pdf::read_pages(path, bytes, range)?;
    let per_page = pdf_page_lines(&doc);
    let page_text = per_page.iter().map(|l| crate::layout::pdf::page_text(l)).collect();
    let pages = doc.pages.iter().map(|p| p.number).max().unwrap_or(0);
    let lines = per_page.into_iter().flatten().collect();
    Ok(Ingested { source: SourceInfo { path: path.display().to_string(), sha256, kind: SourceKind::Pdf, pages }, lines, page_text })
}

/// Lays out every page (in parallel); problem pages get a flagged note line.
pub fn pdf_page_lines(doc: &pdf::PdfDocument) -> Vec<Vec<Line>> {
    use rayon::prelude::*;
    doc.pages
        .par_iter()
        .map(|p| {
            // A page whose layout fails is reported by number; the other pages go on.
            let laid_out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| crate::layout::pdf::page_lines(p)));
            let (mut lines, failed) = match laid_out {
                Ok(lines) => (lines, None),
                Err(e) => {
                    // The page's text is still kept, in drawing order, as one line.
                    let text: String = p.glyphs.iter().map(|g| g.unicode.as_str()).collect();
                    let kept = vec![Line { page: p.number, number: 1, cells: vec![Cell::raw(text.trim())], tabular: false, bbox: None }];
                    (kept, Some(e.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| e.downcast_ref::<String>().cloned()).unwrap_or_default()))
                }
            };
            let mut note = |msg: String, flag: Flag| {
                let mut c = Cell::raw(msg);
                add_flag(&mut c.flags, flag);
                lines.push(Line { page: p.number, number: lines.len() as u32 + 1, cells: vec![c], tabular: false, bbox: None });
            };
            if p.needs_ocr() {
                note(format!("[planx: page {} has no text layer (scanned image); OCR is needed]", p.number), Flag::Ocr);
            }
            for e in &p.errors {
                note(format!("[planx: page {}: {e}]", p.number), Flag::Residue);
            }
            let off_page = crate::layout::pdf::off_page_text(p);
            if !off_page.is_empty() {
                note(format!("[planx: page {}: text drawn outside the visible page] {off_page}", p.number), Flag::Residue);
            }
            if let Some(why) = failed {
                note(format!("[planx: page {}: layout failed ({why}); its text is kept above in drawing order]", p.number), Flag::Residue);
            }
            // A page ends every block: a table continued on the next page is joined by
            // the table stage through its repeated header, as in the text path.
            if lines.last().is_some_and(|l| !l.is_blank()) {
                lines.push(Line { page: p.number, number: lines.len() as u32 + 1, cells: vec![Cell::raw("")], tabular: false, bbox: None });
            }
            lines
        })
        .collect()
}
