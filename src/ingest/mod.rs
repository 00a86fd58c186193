//! Ingest: reads a source file and yields its [`Source`]: nothing laid out yet.
//!
//! Owns file-type detection (by extension, then by content), reading, hashing and the
//! refusal of inputs planx cannot read. Text files go to [`text`] and come out as their
//! lines; PDFs go to [`pdf`] and come out as raw pages (positioned glyphs, rulings,
//! images, page errors), which the layout stage turns into lines.

pub mod pdf;
pub mod text;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Line, SourceInfo, SourceKind};
use sha2::{Digest, Sha256};
use std::path::Path;

/// What ingest hands to layout: a text document's lines, or a PDF's raw pages.
#[derive(Debug, Clone)]
pub enum Source {
    /// Pre-extracted text: its lines, tables already as TAB-separated cells.
    Text(Vec<Line>),
    /// A PDF: positioned glyphs, rulings and images of each page, not laid out.
    Pdf(pdf::PdfDocument),
}

/// A source document read, with what is known of it.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub info: SourceInfo,
    pub source: Source,
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
pub fn read(path: &Path, ocr: &crate::ocr::OcrSettings) -> Result<Ingested> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    from_bytes(path, &bytes, ocr)
}

/// Reads a document already in memory; `path` names it (and its extension its kind).
/// Scanned PDF pages are read with the OCR settings `ocr`.
pub fn from_bytes(path: &Path, bytes: &[u8], ocr: &crate::ocr::OcrSettings) -> Result<Ingested> {
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
            Ok(Ingested { info: SourceInfo { path: path.display().to_string(), sha256, kind, pages, page_sizes: Vec::new() }, source: Source::Text(lines) })
        }
        SourceKind::Pdf => read_pdf(path, bytes, sha256, None, ocr),
    }
}

/// Reads a PDF (optionally only some pages) into its raw pages. Pages without a text
/// layer and pages that failed are kept (with their errors) for layout to report.
pub fn read_pdf(path: &Path, bytes: &[u8], sha256: String, range: pdf::PageRange, ocr: &crate::ocr::OcrSettings) -> Result<Ingested> {
    let mut doc = pdf::read_pages(path, bytes, range)?;
    crate::ocr::read_scanned(bytes, &mut doc, ocr);
    let pages = doc.pages.iter().map(|p| p.number).max().unwrap_or(0);
    Ok(Ingested { info: SourceInfo { path: path.display().to_string(), sha256, kind: SourceKind::Pdf, pages, page_sizes: Vec::new() }, source: Source::Pdf(doc) })
}
