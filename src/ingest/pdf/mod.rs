//! The PDF layer: parses a PDF with lopdf and walks each page's content stream into
//! positioned glyphs (with how each glyph's Unicode was obtained) and ruling lines.
//!
//! What we do ourselves rather than through a crate: the content-stream interpreter
//! (text state, CTM, form XObjects, marked content with /ActualText), ToUnicode CMaps
//! ([`cmap`]), font widths and simple encodings ([`font`]) and the Thai font repair
//! ([`repair`]). lopdf gives us objects, streams (decompressed) and the tokenized content.

pub mod cmap;
pub mod content;
mod encodings;
pub mod font;
pub mod outline;
pub mod repair;
pub mod salvage;
pub mod std14;
#[cfg(any(test, feature = "dev"))]
pub mod synthetic;
mod limits;
mod page;
mod upright;
mod walker;

use crate::error::{Error, ErrorKind, Result};
use font::Font;
pub use font::GlyphOrigin;
use lopdf::{Document, Object, ObjectId};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
pub use limits::*;
use walker::walk_page;

/// Index of a glyph's font in the document's [`FontSet`] (`u32::MAX` for a font that is a
/// direct object in a resource dictionary).
pub type FontId = u32;

/// One glyph as drawn: baseline origin (PDF points, origin bottom-left), advance width,
/// font size, font, character code, Unicode, and where that Unicode came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub size: f32,
    pub font: FontId,
    pub code: u32,
    /// Shared with the font's table of meanings (see [`Font::glyph_text`]): a glyph drawn
    /// takes a reference, not a new string.
    pub unicode: std::sync::Arc<str>,
    pub origin: GlyphOrigin,
    /// Quarter turn of its writing direction on the page as laid out: 0 upright, 1
    /// running up the page, 2 upside down, 3 running down (a vertical header label).
    pub turn: u8,
}

/// A drawn line or thin rectangle, horizontal or vertical (x0 ≤ x1, y0 ≤ y1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ruling {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Ruling {
    pub fn horizontal(&self) -> bool {
        (self.y1 - self.y0) <= (self.x1 - self.x0)
    }
}

/// One page: its glyphs in drawing order, rulings, images, and what went wrong on it.
#[derive(Debug, Clone, Default)]
pub struct PdfPage {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub rulings: Vec<Ruling>,
    /// Images drawn (a page with images and no glyphs has no text layer).
    pub images: u32,
    /// Problems met on this page (the page is kept with what could be read).
    pub errors: Vec<String>,
    /// Glyphs drawn outside the visible page (a cover's back and spine set beside its
    /// front, say): not laid out with the page, kept as a flagged note.
    pub off_page: Vec<Glyph>,
    /// Content-stream operators run on this page (forms included): its share of the
    /// document's work bound.
    pub operators: u64,
    /// What OCR did when the page had no text layer (`None`: not tried).
    pub ocr: Option<crate::ocr::PageOcr>,
}

impl PdfPage {
    /// True when the page draws images but no text: scanned, needs OCR.
    pub fn needs_ocr(&self) -> bool {
        self.needs_ocr_of(&self.glyphs)
    }

    /// [`Self::needs_ocr`] with only `glyphs` of the page's glyphs counted (layout leaves
    /// out the printed page number).
    pub fn needs_ocr_of<'g>(&self, glyphs: impl IntoIterator<Item = &'g Glyph>) -> bool {
        self.ocr.is_none() && glyphs.into_iter().all(|g| g.unicode.trim().is_empty()) && self.images > 0
    }
}

/// A PDF as ingest hands it to layout: its pages of glyphs, rulings and images.
#[derive(Debug, Clone, Default)]
pub struct PdfDocument {
    pub pages: Vec<PdfPage>,
}

/// Which pages to read (1-based, inclusive); `None` reads all.
pub type PageRange = Option<(u32, u32)>;

/// What a file that is not a PDF is, from its first bytes (magic numbers), if known.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image, not a PDF"),
        (b"\xff\xd8\xff", "a JPEG image, not a PDF"),
        (b"GIF87a", "a GIF image, not a PDF"),
        (b"GIF89a", "a GIF image, not a PDF"),
        (b"II*\0", "a TIFF image, not a PDF"),
        (b"MM\0*", "a TIFF image, not a PDF"),
        (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or OpenDocument file), not a PDF"),
        (b"\x1f\x8b", "a gzip-compressed file, not a PDF"),
        (b"Rar!", "a RAR archive, not a PDF"),
        (b"7z\xbc\xaf", "a 7-Zip archive, not a PDF"),
        (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc, .xls), not a PDF"),
        (b"\x7fELF", "an ELF program, not a PDF"),
        (b"MZ", "a Windows program, not a PDF"),
        (b"{\\rtf", "an RTF document, not a PDF"),
        (b"%!PS", "a PostScript file, not a PDF"),
        (b"\xff\xfe", "UTF-16 text (little-endian), not a PDF"),
        (b"\xfe\xff", "UTF-16 text (big-endian), not a PDF"),
    ];
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Some("an empty file");
    }
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(what);
    }
    let lower: Vec<u8> = head.iter().take(256).map(u8::to_ascii_lowercase).collect();
    let trimmed = lower.trim_ascii_start();
    if trimmed.starts_with(b"<!doctype html") || trimmed.starts_with(b"<html") {
        return Some("an HTML page, not a PDF");
    }
    if trimmed.starts_with(b"<?xml") {
        return Some("an XML file, not a PDF");
    }
    // UTF-8 text (the head may end inside a character).
    if std::str::from_utf8(head).map_or_else(|e| e.error_len().is_none() && !head[..e.valid_up_to()].contains(&0), |t| !t.contains('\0')) {
        return Some("text, not a PDF (no %PDF- header)");
    }
    None
}

/// Reads a PDF, only the pages in `range`.
pub fn read_pages(path: &Path, bytes: &[u8], range: PageRange) -> Result<PdfDocument> {
    // Another kind of file named .pdf: say what it is rather than "corrupt PDF".
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        if let Some(what) = sniff(head) {
            return Err(Error::new(path, ErrorKind::NotADocument(what.into())));
        }
    }
    // Object streams are inflated while loading: bound them as the content streams are.
    let load = |b: &[u8], rebuild: bool| {
        let mut o = lopdf::LoadOptions::with_max_decompressed_size(MAX_STREAM_BYTES);
        o.force_reconstruct = rebuild;
        std::panic::catch_unwind(|| Document::load_mem_with_options(b, o))
            .map_err(|_| Error::new(path, ErrorKind::Pdf("the parser failed on this file (corrupt PDF)".into()))).and_then(|r| {
                r.map_err(|e| Error::new(path, ErrorKind::Pdf(describe_load_error(&e))))
            })
    };
    // A damaged file (wrong stream lengths, numbers beyond 64 bits, deep nesting, a
    // missing endstream) is mended first, as viewers read it; a sound one is read as is.
    let salvaged = salvage::salvage(bytes);
    let (doc, repaired) = match &salvaged {
        None => (load(bytes, false)?, None),
        Some((fixed, what)) => match load(fixed, true) {
            Ok(d) => (d, Some(what.describe())),
            Err(_) => (load(bytes, false)?, None),
        },
    };
    let cancel = Cancel::current();
    if doc.is_encrypted() {
        return Err(Error::new(path, ErrorKind::Pdf("encrypted PDF (a password is needed to read it)".into())));
    }
    let fonts = FontSet::load(&doc);
    let pages: Vec<(u32, ObjectId)> =
        doc.get_pages().into_iter().filter(|(n, _)| range.map_or(true, |(a, b)| *n >= a && *n <= b)).collect();
    // A page tree with a cycle lists the same page object again: read each page once.
    let mut seen = std::collections::HashSet::new();
    let pages: Vec<(u32, ObjectId)> = pages.into_iter().filter(|(_, id)| seen.insert(*id)).collect();
    if pages.is_empty() && range.is_none() {
        return Err(Error::new(path, ErrorKind::Pdf("no pages found (corrupt or truncated PDF)".into())));
    }
    if let (true, Some((a, b))) = (pages.is_empty(), range) {
        let n = doc.get_pages().len();
        let asked = if a == b { format!("page {a}") } else { format!("pages {a}-{b}") };
        return Err(Error::new(path, ErrorKind::PageRange(format!("{asked} asked for, but the document has {n} page{}", if n == 1 { "" } else { "s" }))));
    }
    // Pages are read in parallel, a few at a time and counted in page order, so that a
    // document past its work bound stops at the same page on every run and its pages in
    // flight stay few.
    let mut out: Vec<PdfPage> = Vec::with_capacity(pages.len());
    let (mut glyphs, mut operators) = (0usize, 0u64);
    let mut stopped: Option<String> = None;
    for chunk in pages.chunks(PAGES_AT_ONCE) {
        if stopped.is_none() && cancel.is_set() {
            stopped = Some("the run was interrupted or timed out before this page was read".into());
        }
        if let Some(why) = &stopped {
            out.extend(chunk.iter().map(|&(n, _)| PdfPage { number: n, errors: vec![why.clone()], ..PdfPage::default() }));
            continue;
        }
        let walked: Vec<PdfPage> = chunk
            .par_iter()
            .map(|&(n, id)| {
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| walk_page(&doc, &fonts, n, id, &cancel))) {
                    Ok(p) => p,
                    Err(_) => PdfPage { number: n, errors: vec!["internal error while reading this page".into()], ..PdfPage::default() },
                }
            })
            .collect();
        for p in walked {
            if let Some(why) = &stopped {
                out.push(PdfPage { number: p.number, width: p.width, height: p.height, errors: vec![why.clone()], ..PdfPage::default() });
                continue;
            }
            glyphs += p.glyphs.len() + p.off_page.len();
            operators += p.operators;
            if glyphs > MAX_GLYPHS_PER_DOCUMENT || operators > MAX_OPERATORS_PER_DOCUMENT {
                stopped = Some(format!(
                    "not read: the document reached planx's work bound ({} glyphs or {} operators) on page {}",
                    MAX_GLYPHS_PER_DOCUMENT, MAX_OPERATORS_PER_DOCUMENT, p.number
                ));
            }
            out.push(p);
        }
    }
    outline::resolve_unmapped(&doc, &fonts, &mut out);
    if let (Some(what), Some(first)) = (repaired, out.first_mut()) {
        first.errors.insert(0, format!("the file is damaged ({what}); it was mended as PDF viewers do, so check its text against the PDF"));
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        if let Some(last) = out.last_mut() {
            last.errors.push("the file does not end with %%EOF: it is probably truncated, and pages or text may be missing".into());
        }
    }
    Ok(PdfDocument { pages: out })
}

fn describe_load_error(e: &lopdf::Error) -> String {
    let s = e.to_string();
    if s.to_ascii_lowercase().contains("decrypt") || s.to_ascii_lowercase().contains("password") {
        format!("encrypted PDF: {s}")
    } else {
        format!("corrupt or truncated PDF: {s}")
    }
}

/// Every font object of the document, loaded once and repaired together (siblings).
pub struct FontSet {
    pub fonts: Vec<Font>,
    pub by_object: HashMap<ObjectId, FontId>,
}

impl FontSet {
    pub fn load(doc: &Document) -> FontSet {
        let mut fonts = Vec::new();
        let mut by_object = HashMap::new();
        for (&id, obj) in &doc.objects {
            let d = match obj {
                Object::Dictionary(d) => d,
                _ => continue,
            };
            let is_font = matches!(d.get(b"Type"), Ok(Object::Name(n)) if n == b"Font");
            let sub = match d.get(b"Subtype") {
                Ok(Object::Name(n)) => n.as_slice(),
                _ => b"",
            };
            if !is_font || sub == b"CIDFontType0" || sub == b"CIDFontType2" {
                continue;
            }
            by_object.insert(id, fonts.len() as FontId);
            fonts.push(Font::load(doc, Some(id), d));
        }
        repair::repair_fonts(doc, &mut fonts);
        fonts.iter_mut().for_each(Font::resolve);
        FontSet { fonts, by_object }
    }
}

/// A transformation matrix `[a b c d e f]`, as PDF writes it.
pub(super) type M = [f32; 6];

pub(super) fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

pub(super) const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

pub(super) fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}
