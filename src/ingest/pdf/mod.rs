//! The PDF layer: parses a PDF with lopdf and walks each page's content stream into
//! positioned glyphs (with how each glyph's Unicode was obtained) and ruling lines.
//!
//! What we do ourselves rather than through a crate: the content-stream interpreter
//! (text state, CTM, form XObjects, marked content with /ActualText), ToUnicode CMaps
//! ([`cmap`]), font widths and simple encodings ([`font`]) and the Thai font repair
//! ([`repair`]). lopdf gives us objects, streams (decompressed) and the tokenized content.

pub mod cmap;
pub mod content;
pub mod font;
pub mod repair;
pub mod salvage;
pub mod std14;
pub mod synthetic;

use crate::error::{Error, ErrorKind, Result};
use font::{dget, num, Font};
pub use font::GlyphOrigin;
use lopdf::{Dictionary, Document, Object, ObjectId};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Index into [`PdfDocument::fonts`].
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
    pub unicode: String,
    pub origin: GlyphOrigin,
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
}

impl PdfPage {
    /// True when the page draws images but no text: scanned, needs OCR.
    pub fn needs_ocr(&self) -> bool {
        self.glyphs.iter().all(|g| g.unicode.trim().is_empty()) && self.images > 0
    }
}

/// Font names, for reports.
#[derive(Debug, Clone)]
pub struct FontInfo {
    pub name: String,
    pub object: Option<ObjectId>,
}

#[derive(Debug, Clone, Default)]
pub struct PdfDocument {
    pub pages: Vec<PdfPage>,
    pub fonts: Vec<FontInfo>,
}

/// Which pages to read (1-based, inclusive); `None` reads all.
pub type PageRange = Option<(u32, u32)>;

/// Reads a PDF: every page, in parallel.
pub fn read(path: &Path, bytes: &[u8]) -> Result<PdfDocument> {
    read_pages(path, bytes, None)
}

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
        return Err(Error::new(path, ErrorKind::NotADocument(format!("{asked} asked for, but the document has {n} page{}", if n == 1 { "" } else { "s" }))));
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
    if let (Some(what), Some(first)) = (repaired, out.first_mut()) {
        first.errors.insert(0, format!("the file is damaged ({what}); it was mended as PDF viewers do, so check its text against the PDF"));
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        if let Some(last) = out.last_mut() {
            last.errors.push("the file does not end with %%EOF: it is probably truncated, and pages or text may be missing".into());
        }
    }
    Ok(PdfDocument { pages: out, fonts: fonts.fonts.iter().map(|f| FontInfo { name: f.base_font.clone(), object: f.object }).collect() })
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
        FontSet { fonts, by_object }
    }
}

type M = [f32; 6];

fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[derive(Clone)]
struct Gs {
    ctm: M,
    font: Option<usize>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    ts: f32,
}

struct Span {
    text: Option<String>,
    glyphs: Vec<Glyph>,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    font: FontId,
    code: u32,
    any: bool,
}

/// Form XObjects nested deeper than this are skipped.
const MAX_FORM_DEPTH: usize = 12;
/// Work bounds of one page (forms included): a page past one stops there and says so.
/// Real pages stay far below them (a dense budget-volume page: ~5,000 glyphs, ~20,000
/// operators); a few kilobytes of form XObjects that draw each other many times would
/// otherwise draw billions of glyphs.
pub const MAX_OPERATORS_PER_PAGE: u64 = 4_000_000;
pub const MAX_GLYPHS_PER_PAGE: usize = 200_000;
pub const MAX_FORMS_PER_PAGE: usize = 10_000;
/// Bytes of content (page and forms, inflated) one page may tokenize.
pub const MAX_CONTENT_BYTES_PER_PAGE: usize = 256 << 20;
/// Work bounds of one document: the pages after the one that reaches them are not read.
pub const MAX_GLYPHS_PER_DOCUMENT: usize = 4_000_000;
pub const MAX_OPERATORS_PER_DOCUMENT: u64 = 200_000_000;
/// Pages read at once (and so held beyond the document's bound at most).
const PAGES_AT_ONCE: usize = 16;

/// Stops the reading of a document: set by a timeout or an interruption, checked by the
/// content-stream walker as it goes.
#[derive(Clone, Default)]
pub struct Cancel(Option<Arc<AtomicBool>>);

static STOP_ALL: AtomicBool = AtomicBool::new(false);

thread_local! {
    static CURRENT: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

impl Cancel {
    /// The flag of the document read on this thread (see [`with_cancel`]).
    pub fn current() -> Cancel {
        Cancel(CURRENT.with(|c| c.borrow().clone()))
    }
    pub fn is_set(&self) -> bool {
        STOP_ALL.load(Ordering::Relaxed) || self.0.as_ref().is_some_and(|f| f.load(Ordering::Relaxed))
    }
}

/// Runs `f` (which reads a document on this thread) so that setting `flag` stops its
/// PDF reading soon: a document given up on (`--timeout`) stops using memory and time.
pub fn with_cancel<T>(flag: Arc<AtomicBool>, f: impl FnOnce() -> T) -> T {
    CURRENT.with(|c| *c.borrow_mut() = Some(flag));
    let r = f();
    CURRENT.with(|c| *c.borrow_mut() = None);
    r
}

/// Stops the reading of every document (an interrupted run).
pub fn stop_all() {
    STOP_ALL.store(true, Ordering::Relaxed);
}
/// Most bytes one content stream (page or form) may inflate to. Real pages stay far below
/// a few MB; a stream past this is a decompression bomb and is not read.
pub const MAX_STREAM_BYTES: usize = 64 << 20;

struct Walker<'a> {
    doc: &'a Document,
    fonts: &'a FontSet,
    /// Fonts that are direct objects in a resource dictionary (rare), loaded per page.
    local_fonts: Vec<Font>,
    page: PdfPage,
    spans: Vec<Span>,
    path: Vec<(f32, f32, f32, f32)>,
    sub_start: Option<(f32, f32)>,
    cur: Option<(f32, f32)>,
    forms: Vec<ObjectId>,
    cancel: &'a Cancel,
    /// Work done on this page: operators, form invocations, content bytes.
    forms_run: usize,
    content_bytes: usize,
    /// Why the page stopped before its end (a work bound, a cancel), once set.
    stopped: Option<String>,
    /// Fonts named by `Tf` that the resources do not hold (their text is lost).
    missing_fonts: Vec<Vec<u8>>,
}

/// An inheritable page attribute: on the page or the nearest ancestor that has it.
fn inherited<'a>(doc: &'a Document, id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut cur = doc.get_dictionary(id).ok();
    for _ in 0..32 {
        let d = cur?;
        if let Some(o) = dget(doc, d, key) {
            return Some(o);
        }
        cur = match d.get(b"Parent") {
            Ok(Object::Reference(p)) => doc.get_dictionary(*p).ok(),
            _ => None,
        };
    }
    None
}

/// A page box (`/MediaBox`, `/CropBox`) as [llx, lly, urx, ury], if well formed.
fn page_box(doc: &Document, id: ObjectId, key: &[u8]) -> Option<[f32; 4]> {
    let Some(Object::Array(a)) = inherited(doc, id, key) else { return None };
    let v: Vec<f32> = a.iter().filter_map(|o| num(doc.dereference(o).map(|x| x.1).unwrap_or(&Object::Null))).collect();
    (v.len() == 4 && v.iter().all(|x| x.is_finite()) && v[0] != v[2] && v[1] != v[3])
        .then(|| [v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])])
}

/// The page's size as displayed, and the matrix from its user space to display space
/// (origin at the bottom left of the visible page): the visible page is the crop box
/// within the media box, and `/Rotate` turns it (landscape tables are often portrait
/// pages turned by 90°); layout works on what the reader sees.
fn page_frame(doc: &Document, id: ObjectId) -> (f32, f32, M) {
    let media = page_box(doc, id, b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let b = match page_box(doc, id, b"CropBox") {
        Some(c) => {
            let i = [c[0].max(media[0]), c[1].max(media[1]), c[2].min(media[2]), c[3].min(media[3])];
            if i[0] < i[2] && i[1] < i[3] { i } else { media }
        }
        None => media,
    };
    let [llx, lly, urx, ury] = b;
    let (w, h) = (urx - llx, ury - lly);
    let rotate = inherited(doc, id, b"Rotate").and_then(num).map_or(0, |r| (r as i64).rem_euclid(360) / 90 * 90);
    match rotate {
        90 => (h, w, [0.0, -1.0, 1.0, 0.0, -lly, urx]),
        180 => (w, h, [-1.0, 0.0, 0.0, -1.0, urx, ury]),
        270 => (h, w, [0.0, 1.0, -1.0, 0.0, ury, -llx]),
        _ => (w, h, [1.0, 0.0, 0.0, 1.0, -llx, -lly]),
    }
}

/// The page's content streams, inflated and joined by newlines (as lopdf's
/// `get_page_content` does); what could not be read is said in `errors`. A Flate stream
/// cut short gives the text before the cut, as viewers show it.
fn page_content(doc: &Document, id: ObjectId, errors: &mut Vec<String>) -> Vec<u8> {
    let mut content = Vec::new();
    for sid in doc.get_page_contents(id) {
        let st = match doc.get_object(sid).and_then(Object::as_stream) {
            Ok(st) => st,
            Err(_) => {
                errors.push(format!("content stream {} {} R is missing or unreadable: its text is lost", sid.0, sid.1));
                continue;
            }
        };
        let remaining = MAX_STREAM_BYTES.saturating_sub(content.len());
        match st.decompressed_content_with_limit(remaining) {
            Ok(data) => content.extend_from_slice(&data),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                errors.push(format!("content stream not read (over {} MB inflated)", MAX_STREAM_BYTES >> 20));
                return Vec::new();
            }
            Err(e) if st.dict.get(b"Filter").is_ok() => {
                let partial = inflate_partial(&st.content, remaining);
                errors.push(format!(
                    "content stream {} {} R is damaged ({e}); {} bytes of it were read, the rest of the page may be missing",
                    sid.0,
                    sid.1,
                    partial.len()
                ));
                content.extend_from_slice(&partial);
            }
            Err(_) if st.content.len() <= remaining => content.extend_from_slice(&st.content),
            Err(_) => {
                errors.push(format!("content stream not read (over {} MB inflated)", MAX_STREAM_BYTES >> 20));
                return Vec::new();
            }
        }
        content.push(b'\n');
    }
    content
}

/// What a zlib or raw deflate stream gives before it breaks off, at most `limit` bytes.
fn inflate_partial(data: &[u8], limit: usize) -> Vec<u8> {
    use std::io::Read;
    let read = |r: &mut dyn Read| {
        let mut out = Vec::new();
        let mut buf = [0u8; 16 << 10];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    out.extend_from_slice(&buf[..n.min(limit.saturating_sub(out.len()))]);
                    if out.len() >= limit {
                        break;
                    }
                }
            }
        }
        out
    };
    let z = read(&mut flate2::read::ZlibDecoder::new(data));
    if !z.is_empty() {
        return z;
    }
    read(&mut flate2::read::DeflateDecoder::new(data))
}

fn walk_page(doc: &Document, fonts: &FontSet, number: u32, id: ObjectId, cancel: &Cancel) -> PdfPage {
    let (width, height, base) = page_frame(doc, id);
    let mut w = Walker {
        doc,
        fonts,
        local_fonts: Vec::new(),
        page: PdfPage { number, width, height, ..PdfPage::default() },
        spans: Vec::new(),
        path: Vec::new(),
        sub_start: None,
        cur: None,
        forms: Vec::new(),
        cancel,
        forms_run: 0,
        content_bytes: 0,
        stopped: None,
        missing_fonts: Vec::new(),
    };
    if doc.get_dictionary(id).is_err() {
        w.page.errors.push("the page object is missing or unreadable: the page is empty".into());
    }
    let resources: Vec<&Dictionary> = match doc.get_page_resources(id) {
        Ok((own, inherited)) => {
            let mut v: Vec<&Dictionary> = own.into_iter().collect();
            v.extend(inherited.iter().filter_map(|i| doc.get_dictionary(*i).ok()));
            v
        }
        Err(e) => {
            w.page.errors.push(format!("resources: {e}"));
            Vec::new()
        }
    };
    let content = page_content(doc, id, &mut w.page.errors);
    let mut gs = Gs { ctm: base, font: None, size: 0.0, tc: 0.0, tw: 0.0, th: 1.0, tl: 0.0, ts: 0.0 };
    w.run(&content, &resources, &mut gs);
    for f in std::mem::take(&mut w.missing_fonts) {
        w.page.errors.push(format!("font /{} is not in the page's resources: the text drawn with it is lost", String::from_utf8_lossy(&f)));
    }
    if let Some(why) = w.stopped.take() {
        w.page.errors.push(why);
    }
    w.page
}

fn lookup<'a>(doc: &'a Document, res: &[&'a Dictionary], cat: &[u8], name: &[u8]) -> Option<(Option<ObjectId>, &'a Object)> {
    for r in res {
        if let Some(Object::Dictionary(c)) = dget(doc, r, cat) {
            if let Ok(o) = c.get(name) {
                return match o {
                    Object::Reference(id) => doc.get_object(*id).ok().map(|x| (Some(*id), x)),
                    other => Some((None, other)),
                };
            }
        }
    }
    None
}

/// Text without Thai marks, SARA AM and spaces (empty when `s` is only marks).
fn skeleton(s: &str) -> String {
    s.chars().filter(|&c| !(c.is_whitespace() || c == '\u{0E31}' || ('\u{0E33}'..='\u{0E3A}').contains(&c) || ('\u{0E47}'..='\u{0E4E}').contains(&c))).collect()
}

/// What `actual` has after the text the span's glyphs drew, when it starts with that
/// text. Any whitespace matches any whitespace: Distiller's space glyph maps to TAB in
/// ToUnicode while the ActualText over it says SPACE.
fn strip_drawn<'t>(actual: &'t str, drawn: &str) -> Option<&'t str> {
    let mut rest = actual.char_indices();
    for d in drawn.chars() {
        let (_, a) = rest.next()?;
        if a != d && !(a.is_whitespace() && d.is_whitespace()) {
            return None;
        }
    }
    Some(rest.next().map_or("", |(i, _)| &actual[i..]))
}

fn pdf_text_string(b: &[u8]) -> String {
    if b.starts_with(&[0xFE, 0xFF]) {
        cmap::utf16be(&b[2..])
    } else if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(&b[3..]).into_owned()
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

impl<'a> Walker<'a> {
    fn run(&mut self, content: &[u8], res: &[&'a Dictionary], gs: &mut Gs) {
        let mut stack: Vec<Gs> = Vec::new();
        let mut tm: M = ID;
        let mut tlm: M = ID;
        let mut lexer = content::Lexer::new(content);
        self.content_bytes += content.len();
        if self.content_bytes > MAX_CONTENT_BYTES_PER_PAGE {
            self.stop(format!("more than {} MB of content", MAX_CONTENT_BYTES_PER_PAGE >> 20));
        }
        while let Some(operator) = lexer.next_op() {
            if self.stopped.is_some() {
                break;
            }
            self.page.operators += 1;
            if self.page.operators % 4096 == 0 && self.cancel.is_set() {
                self.stopped = Some("the run was interrupted or timed out while this page was read: its text is incomplete".into());
                break;
            }
            if self.page.operators > MAX_OPERATORS_PER_PAGE {
                self.stop(format!("{MAX_OPERATORS_PER_PAGE} operators"));
                break;
            }
            // Operators are ASCII; anything else is no operator we know.
            let operator = std::str::from_utf8(operator).unwrap_or("");
            let a = lexer.operands();
            let f = |i: usize| a.get(i).and_then(num).unwrap_or(0.0);
            match operator {
                "q" if stack.len() < 256 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(g) = stack.pop() {
                        *gs = g;
                    }
                }
                "cm" => gs.ctm = mul(&[f(0), f(1), f(2), f(3), f(4), f(5)], &gs.ctm),
                "BT" => {
                    tm = ID;
                    tlm = ID;
                }
                "ET" => {}
                "Tf" => {
                    gs.size = f(1);
                    let name = a.first().and_then(|n| n.as_name().ok());
                    gs.font = name.and_then(|n| self.font_index(res, n));
                    if let (None, Some(n)) = (gs.font, name) {
                        if !self.missing_fonts.iter().any(|m| m == n) && self.missing_fonts.len() < 8 {
                            self.missing_fonts.push(n.to_vec());
                        }
                    }
                }
                "Tc" => gs.tc = f(0),
                "Tw" => gs.tw = f(0),
                "Tz" => gs.th = f(0) / 100.0,
                "TL" => gs.tl = f(0),
                "Ts" => gs.ts = f(0),
                "Td" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, f(0), f(1)], &tlm);
                    tm = tlm;
                }
                "TD" => {
                    gs.tl = -f(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, f(0), f(1)], &tlm);
                    tm = tlm;
                }
                "Tm" => {
                    tlm = [f(0), f(1), f(2), f(3), f(4), f(5)];
                    tm = tlm;
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                }
                "Tj" => {
                    if let Some(Object::String(s, _)) = a.first() {
                        self.show(s, gs, &mut tm);
                    }
                }
                "'" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = a.first() {
                        self.show(s, gs, &mut tm);
                    }
                }
                "\"" => {
                    gs.tw = f(0);
                    gs.tc = f(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = a.get(2) {
                        self.show(s, gs, &mut tm);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = a.first() {
                        for it in items {
                            match it {
                                Object::String(s, _) => self.show(s, gs, &mut tm),
                                other => {
                                    if let Some(v) = num(other) {
                                        let tx = -v / 1000.0 * gs.size * gs.th;
                                        tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "BDC" | "BMC" => {
                    let text = if operator == "BDC" { self.actual_text(res, a.get(1)) } else { None };
                    self.spans.push(Span { text, glyphs: Vec::new(), x0: f32::MAX, x1: f32::MIN, y: 0.0, size: 0.0, font: 0, code: 0, any: false });
                }
                "EMC" => {
                    if let Some(sp) = self.spans.pop() {
                        // ActualText replaces the span's glyphs (LibreOffice uses it for glyphs
                        // shared by several characters), except where it only appends marks
                        // to glyphs that have a clean meaning: Distiller writes a whole
                        // cluster ("น่") as the ActualText of the base glyph alone and draws
                        // the marks after the span, so honouring it would double the marks.
                        let clean = sp.glyphs.iter().all(|g| g.origin != GlyphOrigin::Unmapped && !g.unicode.contains('\u{FFFD}'));
                        let drawn: String = sp.glyphs.iter().map(|g| g.unicode.as_str()).collect();
                        let cluster_only = sp.text.as_deref().is_some_and(|t| {
                            strip_drawn(t, &drawn).is_some_and(|rest| !rest.is_empty() && skeleton(rest).is_empty())
                        });
                        if clean && cluster_only && !sp.glyphs.is_empty() {
                            match self.spans.iter_mut().find(|s| s.text.is_some()) {
                                Some(outer) => outer.glyphs.extend(sp.glyphs),
                                None => self.page.glyphs.extend(sp.glyphs),
                            }
                        } else if let (Some(t), true) = (sp.text, sp.any) {
                            // Only the outermost span with text emits (inner glyphs went to it).
                            if !self.spans.iter().any(|s| s.text.is_some()) {
                                self.page.glyphs.push(Glyph {
                                    x: sp.x0,
                                    y: sp.y,
                                    width: (sp.x1 - sp.x0).max(0.0),
                                    size: sp.size,
                                    font: sp.font,
                                    code: sp.code,
                                    unicode: t,
                                    origin: GlyphOrigin::ActualText,
                                });
                            }
                        }
                    }
                }
                "Do" => {
                    if let Some(n) = a.first().and_then(|n| n.as_name().ok()) {
                        self.xobject(res, n, gs);
                    }
                }
                "BI" => self.page.images += 1,
                // Paths → rulings.
                "m" => {
                    let p = apply(&gs.ctm, f(0), f(1));
                    self.sub_start = Some(p);
                    self.cur = Some(p);
                }
                "l" => {
                    let p = apply(&gs.ctm, f(0), f(1));
                    if let Some(c) = self.cur {
                        self.path.push((c.0, c.1, p.0, p.1));
                    }
                    self.cur = Some(p);
                }
                "c" | "v" | "y" => {
                    // Curves are not rulings; keep the current point.
                    let k = a.len();
                    if k >= 2 {
                        self.cur = Some(apply(&gs.ctm, f(k - 2), f(k - 1)));
                    }
                }
                "h" => {
                    if let (Some(c), Some(s)) = (self.cur, self.sub_start) {
                        self.path.push((c.0, c.1, s.0, s.1));
                        self.cur = Some(s);
                    }
                }
                "re" => {
                    let (x, y, wd, ht) = (f(0), f(1), f(2), f(3));
                    let p0 = apply(&gs.ctm, x, y);
                    let p1 = apply(&gs.ctm, x + wd, y + ht);
                    // A rectangle is kept as one "box" segment marker: four edges with a flag.
                    self.path.push((f32::NAN, 0.0, 0.0, 0.0));
                    self.path.push((p0.0.min(p1.0), p0.1.min(p1.1), p0.0.max(p1.0), p0.1.max(p1.1)));
                    self.sub_start = Some(p0);
                    self.cur = Some(p0);
                }
                "S" | "s" => self.paint(true, operator == "s"),
                "f" | "F" | "f*" => self.paint(false, false),
                "B" | "B*" | "b" | "b*" => self.paint(true, operator.starts_with('b')),
                "n" => {
                    self.path.clear();
                    self.cur = None;
                }
                _ => {}
            }
        }
    }

    /// Stops the page at a work bound, saying which.
    fn stop(&mut self, bound: String) {
        if self.stopped.is_none() {
            self.stopped = Some(format!(
                "the page reached planx's work bound ({bound}): it was read only that far, and the rest of its text is missing"
            ));
        }
    }

    fn font_index(&mut self, res: &[&'a Dictionary], name: &[u8]) -> Option<usize> {
        let (id, obj) = lookup(self.doc, res, b"Font", name)?;
        if let Some(id) = id {
            if let Some(&k) = self.fonts.by_object.get(&id) {
                return Some(k as usize);
            }
        }
        if let Object::Dictionary(d) = obj {
            self.local_fonts.push(Font::load(self.doc, id, d));
            return Some(self.fonts.fonts.len() + self.local_fonts.len() - 1);
        }
        None
    }

    fn actual_text(&self, res: &[&'a Dictionary], props: Option<&Object>) -> Option<String> {
        let d = match props? {
            Object::Dictionary(d) => d,
            Object::Name(n) => match lookup(self.doc, res, b"Properties", n)? {
                (_, Object::Dictionary(d)) => d,
                _ => return None,
            },
            _ => return None,
        };
        match dget(self.doc, d, b"ActualText")? {
            Object::String(s, _) => {
                let t = pdf_text_string(s);
                // U+FFFD says "unknown": fall back to the glyphs.
                if t.contains('\u{FFFD}') {
                    None
                } else {
                    Some(t)
                }
            }
            _ => None,
        }
    }

    fn show(&mut self, s: &[u8], gs: &Gs, tm: &mut M) {
        let fi = match gs.font {
            Some(fi) => fi,
            None => return,
        };
        let fonts = self.fonts;
        let font: &Font = if fi >= fonts.fonts.len() { &self.local_fonts[fi - fonts.fonts.len()] } else { &fonts.fonts[fi] };
        let font_id = if fi >= fonts.fonts.len() { u32::MAX } else { fi as u32 };
        let mut i = 0;
        let mut out: Vec<Glyph> = Vec::new();
        while i < s.len() {
            let n = font.code_len(&s[i..]).max(1).min(s.len() - i);
            let code = s[i..i + n].iter().fold(0u32, |a, &b| a << 8 | b as u32);
            i += n;
            let w0 = font.width(code) * font.scale;
            let trm = mul(&[gs.size * gs.th, 0.0, 0.0, gs.size, 0.0, gs.ts], &mul(tm, &gs.ctm));
            let sx = (trm[0] * trm[0] + trm[1] * trm[1]).sqrt();
            let sy = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let (unicode, origin) = font.unicode(code);
            let g = Glyph { x: trm[4], y: trm[5], width: w0 * sx, size: sy, font: font_id, code, unicode, origin };
            if self.page.glyphs.len() + self.page.off_page.len() + out.len() >= MAX_GLYPHS_PER_PAGE {
                self.stop(format!("{MAX_GLYPHS_PER_PAGE} glyphs"));
                break;
            }
            if self.visible(&g) {
                out.push(g);
            } else {
                self.page.off_page.push(g);
            }
            let mut tx = (w0 * gs.size + gs.tc) * gs.th;
            if n == 1 && code == 32 {
                tx += gs.tw * gs.th;
            }
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        }
        if let Some(sp) = self.spans.iter_mut().find(|s| s.text.is_some()) {
            sp.glyphs.extend(out.iter().cloned());
            for g in out {
                if !sp.any {
                    sp.any = true;
                    sp.y = g.y;
                    sp.size = g.size;
                    sp.font = g.font;
                    sp.code = g.code;
                }
                sp.x0 = sp.x0.min(g.x);
                sp.x1 = sp.x1.max(g.x + g.width);
            }
        } else {
            self.page.glyphs.extend(out);
        }
    }

    /// True when some of the glyph lies on the visible page (display space starts at the
    /// page's bottom left corner).
    fn visible(&self, g: &Glyph) -> bool {
        const SLACK: f32 = 1.0;
        let (w, h) = (self.page.width, self.page.height);
        !(g.x + g.width < -SLACK || g.x > w + SLACK || g.y + g.size < -SLACK || g.y > h + SLACK)
    }

    fn xobject(&mut self, res: &[&'a Dictionary], name: &[u8], gs: &Gs) {
        let (id, obj) = match lookup(self.doc, res, b"XObject", name) {
            Some(x) => x,
            None => return,
        };
        let st = match obj {
            Object::Stream(s) => s,
            _ => return,
        };
        let sub = st.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()).unwrap_or(b"");
        if sub == b"Image" {
            self.page.images += 1;
            return;
        }
        if sub != b"Form" {
            return;
        }
        let id = match id {
            Some(id) => id,
            None => return,
        };
        if self.forms.contains(&id) || self.forms.len() >= MAX_FORM_DEPTH {
            const WHY: &str = "form XObject nested too deep or drawing itself: skipped";
            if !self.page.errors.iter().any(|e| e == WHY) {
                self.page.errors.push(WHY.into());
            }
            return;
        }
        self.forms_run += 1;
        if self.forms_run > MAX_FORMS_PER_PAGE {
            self.stop(format!("{MAX_FORMS_PER_PAGE} form XObjects drawn"));
            return;
        }
        let data = match st.decompressed_content_with_limit(MAX_STREAM_BYTES) {
            Ok(d) => d,
            Err(_) if st.dict.get(b"Filter").is_err() => st.content.clone(),
            Err(e) => {
                self.page.errors.push(format!("form XObject not read (over {} MB inflated, or corrupt): {e}", MAX_STREAM_BYTES >> 20));
                return;
            }
        };
        let mut g = gs.clone();
        if let Ok(Object::Array(m)) = st.dict.get(b"Matrix") {
            let v: Vec<f32> = m.iter().filter_map(num).collect();
            if v.len() == 6 {
                g.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &g.ctm);
            }
        }
        let mut r: Vec<&'a Dictionary> = Vec::new();
        if let Some(Object::Dictionary(d)) = dget(self.doc, &st.dict, b"Resources") {
            r.push(d);
        }
        r.extend_from_slice(res);
        self.forms.push(id);
        let saved_path = std::mem::take(&mut self.path);
        self.run(&data, &r, &mut g);
        self.path = saved_path;
        self.forms.pop();
    }

    /// Turns the current path into rulings: thin rectangles and axis-parallel segments,
    /// and the edges of stroked rectangles. Large filled areas (shading) are not rulings.
    fn paint(&mut self, stroke: bool, _close: bool) {
        let path = std::mem::take(&mut self.path);
        self.cur = None;
        const THIN: f32 = 3.0;
        let mut k = 0;
        while k < path.len() {
            let (x0, y0, x1, y1) = path[k];
            if x0.is_nan() {
                if let Some(&(a, b, c, d)) = path.get(k + 1) {
                    let (w, h) = (c - a, d - b);
                    if h <= THIN && w > h {
                        self.push_ruling(a, (b + d) / 2.0, c, (b + d) / 2.0);
                    } else if w <= THIN && h > w {
                        self.push_ruling((a + c) / 2.0, b, (a + c) / 2.0, d);
                    } else if stroke {
                        self.push_ruling(a, b, c, b);
                        self.push_ruling(a, d, c, d);
                        self.push_ruling(a, b, a, d);
                        self.push_ruling(c, b, c, d);
                    }
                }
                k += 2;
                continue;
            }
            if stroke {
                if (y1 - y0).abs() < 1.0 && (x1 - x0).abs() > 1.0 {
                    self.push_ruling(x0.min(x1), (y0 + y1) / 2.0, x0.max(x1), (y0 + y1) / 2.0);
                } else if (x1 - x0).abs() < 1.0 && (y1 - y0).abs() > 1.0 {
                    self.push_ruling((x0 + x1) / 2.0, y0.min(y1), (x0 + x1) / 2.0, y0.max(y1));
                }
            }
            k += 1;
        }
    }

    fn push_ruling(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        if x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite() && self.page.rulings.len() < 100_000 {
            self.page.rulings.push(Ruling { x0, y0, x1, y1 });
        }
    }
}
