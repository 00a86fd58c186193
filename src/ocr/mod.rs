//! OCR of scanned pages: a PDF page with no text layer is rendered ([`render`]), turned
//! straight ([`deskew`]), its table lines found in the pixels ([`rulings`]), each cell
//! the lines enclose read on its own and the rest of the page read as a page
//! ([`engine`]), and the words put on the page as glyphs (origin
//! [`GlyphOrigin::Ocr`], carrying the engine's confidence) with the found lines as
//! rulings. The layout stage then reads the page like any digital one. Thai tone marks
//! the engine dropped are put back later, from a word list, by [`repair`].
//!
//! A page that could not be read (no engine, a failed render) keeps its reason in
//! [`PdfPage::ocr`]; layout turns it into a flagged note, so the document goes to review.

mod align;
pub mod deskew;
pub mod engine;
pub mod image;
pub mod lines;
pub mod render;
pub mod repair;
pub mod vote;
pub mod rulings;
pub mod settings;

pub use settings::OcrSettings;

use crate::ingest::pdf::{Glyph, GlyphOrigin, PdfDocument, PdfPage, Ruling};
use engine::{Mode, OcrEngine, OcrLine};
use image::Gray;
use rulings::{PixRule, RuleParams};

/// What OCR did on one page.
#[derive(Debug, Clone, PartialEq)]
pub enum PageOcr {
    /// Read: the engine, the mean word confidence (0–100), and the words read.
    Read { engine: String, confidence: f32, words: usize, skew_deg: f32 },
    /// Not read, and why.
    Failed(String),
}

/// Reads every page of `doc` that needs OCR (see [`PdfPage::needs_ocr`]), in parallel,
/// from the PDF's `bytes`. Pages with a text layer are not touched.
pub fn read_scanned(bytes: &[u8], doc: &mut PdfDocument, set: &OcrSettings) {
    use rayon::prelude::*;
    if !doc.pages.iter().any(PdfPage::needs_ocr) {
        return;
    }
    let engine = match engine::TesseractCli::available() {
        Ok(e) => e,
        Err(why) => {
            for p in doc.pages.iter_mut().filter(|p| p.needs_ocr()) {
                p.ocr = Some(PageOcr::Failed(why.clone()));
            }
            return;
        }
    };
    doc.pages.par_iter_mut().filter(|p| p.needs_ocr()).for_each(|p| {
        let outcome = render::render(bytes, p.number, set.dpi).and_then(|img| read_page(p, &img, engine, set));
        p.ocr = Some(match outcome {
            Ok(o) => o,
            Err(why) => PageOcr::Failed(why),
        });
    });
}

/// Reads one rendered page onto `p` (glyphs and rulings).
pub fn read_page(p: &mut PdfPage, img: &Gray, engine: &dyn OcrEngine, set: &OcrSettings) -> Result<PageOcr, String> {
    let px_per_pt = set.dpi as f32 / 72.0;
    let pt = |v: f32| (v * px_per_pt).round().max(1.0) as usize;
    let skew = deskew::skew_angle(img, set.dark, set.max_skew, set.skew_step);
    let mut img = deskew::rotate(img, skew);
    for v in &mut img.px {
        if *v >= set.paper {
            *v = 255;
        }
    }
    let params = RuleParams { dark: set.rule_dark, min_len: pt(set.rule_min_len), max_gap: pt(set.rule_max_gap), max_thick: pt(set.rule_max_thick), step: pt(set.rule_step) };
    let rules = rulings::find_rules(&img, &params);
    let cells = rulings::cells(img.w, img.h, &rules, pt(set.cell_pad), pt(set.cell_min_side), set.cell_max_share);
    let ink = |g: &Gray| g.px.iter().filter(|&&v| v < set.dark).count();
    // Each cell's crop, and the page with the cells and rules painted out.
    let mut crops: Vec<(usize, usize, Gray)> = Vec::new();
    let mut rest = img.clone();
    for &(x0, y0, x1, y1) in &cells {
        let c = img.crop(x0, y0, x1, y1);
        rest.blank(x0, y0, x1, y1);
        // A cell with no line of ink is not sent (the engine finds letters in the grain
        // of blank paper). The whole cell is sent otherwise: cut to its ink, the engine
        // read worse (measured on planbench dev_000c).
        if c.ink_box(set.dark, set.ink_line_min).is_some() && ink(&c) >= set.min_ink {
            crops.push((x0, y0, c));
        }
    }
    for r in &rules {
        let d = pt(set.cell_pad);
        rest.blank(r.x0.saturating_sub(d), r.y0.saturating_sub(d), r.x1 + d + 1, r.y1 + d + 1);
    }
    let margin = if set.crop_margin > 0.0 { pt(set.crop_margin) } else { 0 };
    let framed: Vec<Gray> = crops.iter().map(|c| c.2.framed(margin)).collect();
    let mut cell_lines = read_cells(&framed, engine, set)?;
    for w in cell_lines.iter_mut().flatten().flat_map(|l| &mut l.words) {
        unframe(w, margin);
    }
    for (lines, (_, _, img)) in cell_lines.iter_mut().zip(&crops) {
        lone_mark(lines);
        if lines.is_empty() {
            lone_dash(lines, img, set);
        }
    }
    if debug_ocr() {
        eprintln!("ocr page {}: skew {skew}, {} rules, {} cells", p.number, rules.len(), cells.len());
        for ((ox, oy, c), lines) in crops.iter().zip(&cell_lines) {
            eprintln!("  cell {ox},{oy} {}x{}", c.w, c.h);
            for l in lines {
                let words: Vec<&str> = l.words.iter().map(|w| w.text.as_str()).collect();
                eprintln!("    {:?} {}", l.bbox(), words.join(" "));
            }
        }
    }
    let mut rest_lines = if ink(&rest) >= set.min_ink { engine.read(std::slice::from_ref(&rest), Mode::Page)? } else { Vec::new() };
    for lines in &mut rest_lines {
        // The engine cuts the upper marks of a page's line off as a strip of its own as
        // it does a cell's (read as junk letters, a junk "line" that makes an unruled
        // table of many cells above the real one).
        lines::drop_mark_lines(lines, set.mark_line_share, set.mark_line_cover);
        lone_marks_on_lines(lines, set);
    }
    // Page points from pixels: the page's size over the image's.
    let (kx, ky) = (p.width / img.w as f32, p.height / img.h as f32);
    let mut glyphs: Vec<Glyph> = Vec::new();
    // A cell's words closer than a column gap are one glyph (the cell is one column); the
    // rest of the page gives one glyph a word, so layout finds its column gaps like a
    // digital page's (see `layout::pdf::channels`).
    let placed = crops.iter().map(|c| (c.0, c.1, set.column_gap)).zip(cell_lines.iter()).chain(rest_lines.iter().map(|l| ((0, 0, set.word_gap), l)));
    for ((ox, oy, join), lines) in placed {
        for line in lines {
            glyphs.extend(line_glyphs(line, ox, oy, kx, ky, p.height, join, set));
        }
    }
    p.rulings = rules.iter().map(|r| ruling(r, kx, ky, p.height)).collect();
    let words = glyphs.len();
    let confidence = if words == 0 { 0.0 } else { glyphs.iter().map(|g| match g.origin {
        GlyphOrigin::Ocr { confidence } => f32::from(confidence),
        _ => 0.0,
    }).sum::<f32>() / words as f32 };
    p.glyphs = glyphs;
    Ok(PageOcr::Read { engine: engine.name().to_string(), confidence, words, skew_deg: skew })
}

/// A word read in a crop framed by `m` pixels, in the pixels of the crop itself.
fn unframe(w: &mut engine::OcrWord, m: usize) {
    w.x0 = w.x0.saturating_sub(m);
    w.y0 = w.y0.saturating_sub(m);
    w.x1 = w.x1.saturating_sub(m);
    w.y1 = w.y1.saturating_sub(m);
}

/// `PLANX_DEBUG_OCR=1` prints each scanned page's skew, rules and cells with their
/// readings to stderr.
fn debug_ocr() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("PLANX_DEBUG_OCR").is_some())
}

/// Reads the cells' images, one list of lines a cell, as blocks. A cell of one text
/// line (see [`Gray::text_bands`]) that the engine read as several lines is read again as
/// one line, and that reading is kept when it holds words: read as a block, a short Thai
/// line loses its upper marks to a "line" of their own, read as Latin junk (ที่ as "al ท").
/// Unsure Latin words are read again (see [`reread_unsure_latin`]). A line that is only
/// the marks of a taller line beside it is dropped first ([`lines::drop_mark_lines`]).
fn read_cells(images: &[Gray], engine: &dyn OcrEngine, set: &OcrSettings) -> Result<Vec<Vec<OcrLine>>, String> {
    let mut out = engine.read(images, Mode::Block)?;
    // Marks first: a check mark read as "v" is no unsure Latin word.
    for l in &mut out {
        lines::drop_mark_lines(l, set.mark_line_share, set.mark_line_cover);
        lone_mark(l);
    }
    reread_unsure_latin(images, &mut out, engine, Mode::BlockFirstModel, set)?;
    if !set.line_read {
        return Ok(out);
    }
    let mark_gap = (set.mark_gap * set.dpi as f32 / 72.0).round() as usize;
    let split: Vec<usize> = (0..images.len())
        .filter(|&i| out[i].len() > 1 && images[i].text_bands(set.dark, set.ink_line_min, set.mark_band_share, mark_gap).len() == 1)
        .collect();
    if split.is_empty() {
        return Ok(out);
    }
    let again: Vec<Gray> = split.iter().map(|&i| images[i].clone()).collect();
    let mut read = engine.read(&again, Mode::Line)?;
    for l in &mut read {
        lone_mark(l);
    }
    reread_unsure_latin(&again, &mut read, engine, Mode::LineFirstModel, set)?;
    for (&i, r) in split.iter().zip(read) {
        if r.iter().any(|l| !l.words.is_empty()) {
            out[i] = r;
        }
    }
    Ok(out)
}

/// A line's words as glyphs on the page, one baseline and size for the whole line (from
/// its box). Words closer than `join` (share of the line height) are one glyph in the
/// engine's reading order (its Thai "words" are often single clusters, marks apart),
/// joined by a space where the gap is a word space; a glyph's confidence is its lowest
/// word's.
#[allow(clippy::too_many_arguments)]
fn line_glyphs(line: &OcrLine, ox: usize, oy: usize, kx: f32, ky: f32, page_h: f32, join: f32, set: &OcrSettings) -> Vec<Glyph> {
    let (_, y0, _, y1) = line.bbox();
    let h = (y1 - y0).max(1) as f32;
    let base_px = (oy + y1) as f32 - set.baseline_share * h;
    let y = page_h - base_px * ky;
    let size = h * ky / set.line_over_size;
    let mut out: Vec<(usize, usize, String, f32)> = Vec::new();
    for w in &line.words {
        if let Some(last) = out.last_mut() {
            let gap = w.x0 as f32 - last.1 as f32;
            if gap < join * h {
                if gap >= set.word_gap * h {
                    last.2.push(' ');
                }
                last.2.push_str(&w.text);
                last.1 = last.1.max(w.x1);
                last.3 = last.3.min(w.conf);
                continue;
            }
        }
        out.push((w.x0, w.x1, w.text.clone(), w.conf));
    }
    out.into_iter()
        .map(|(x0, x1, text, conf)| Glyph {
            x: (ox + x0) as f32 * kx,
            y,
            width: x1.saturating_sub(x0) as f32 * kx,
            size,
            font: u32::MAX,
            code: 0,
            unicode: text.into(),
            // The engine's 0–100 (a negative "no confidence" counts as 0).
            origin: GlyphOrigin::Ocr { confidence: conf.round().clamp(0.0, 100.0) as u8 },
            turn: 0,
        })
        .collect()
}

/// The built-in `rules/ocr_marks.tsv`: readings of a mark alone in a cell.
pub const OCR_MARKS_TSV: &str = include_str!("../../rules/ocr_marks.tsv");

/// The mark a cell's whole reading stands for, from `rules/ocr_marks.tsv`.
fn mark_for(reading: &str) -> Option<&'static str> {
    OCR_MARKS_TSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(r, _)| r.trim() == reading)
        .map(|(_, m)| m.trim())
}

/// A cell read as one of the known readings of a lone mark becomes that mark (one word
/// over the cell's ink, at the lowest confidence).
fn lone_mark(lines: &mut Vec<OcrLine>) {
    let reading: String = lines.iter().flat_map(|l| l.words.iter().map(|w| w.text.as_str())).collect();
    let Some(mark) = mark_for(reading.trim()) else { return };
    let boxes: Vec<(usize, usize, usize, usize)> = lines.iter().map(OcrLine::bbox).collect();
    let conf = lines.iter().flat_map(|l| l.words.iter().map(|w| w.conf)).fold(100.0, f32::min);
    let (x0, y0) = (boxes.iter().map(|b| b.0).min().unwrap_or(0), boxes.iter().map(|b| b.1).min().unwrap_or(0));
    let (x1, y1) = (boxes.iter().map(|b| b.2).max().unwrap_or(0), boxes.iter().map(|b| b.3).max().unwrap_or(0));
    *lines = vec![OcrLine { words: vec![engine::OcrWord { x0, y0, x1, y1, text: mark.to_string(), conf }] }];
}

/// Cells whose reading holds an unsure Latin word are read again (`mode`: with the
/// engine's first model alone), and each such word is replaced by the words of the
/// second reading that lie inside its box (the mixed models read short Thai
/// abbreviations and wrapped Thai words as Latin: กสส. as Naa., วัดที่ as Jan). A Latin
/// word is unsure below `latin_min_conf`, or in a cell of mostly Thai letters when it has
/// at most `latin_max_letters` letters (สก read as "an" with confidence 92).
fn reread_unsure_latin(images: &[Gray], cell_lines: &mut [Vec<OcrLine>], engine: &dyn OcrEngine, mode: Mode, set: &OcrSettings) -> Result<(), String> {
    let thai_cell: Vec<bool> = cell_lines
        .iter()
        .map(|lines| {
            let chars = || lines.iter().flat_map(|l| &l.words).flat_map(|w| w.text.chars());
            chars().filter(|c| ('\u{0E01}'..='\u{0E2E}').contains(c)).count() > chars().filter(char::is_ascii_alphabetic).count()
        })
        .collect();
    let unsure = |w: &engine::OcrWord, thai: bool| {
        let latin = w.text.chars().filter(char::is_ascii_alphabetic).count();
        latin > 0 && (w.conf < set.latin_min_conf || (thai && latin <= set.latin_max_letters))
    };
    let cells: Vec<usize> = (0..cell_lines.len()).filter(|&i| cell_lines[i].iter().flat_map(|l| &l.words).any(|w| unsure(w, thai_cell[i]))).collect();
    if cells.is_empty() {
        return Ok(());
    }
    let again: Vec<Gray> = cells.iter().map(|&i| images[i].clone()).collect();
    let second = engine.read(&again, mode)?;
    for (&i, other) in cells.iter().zip(second) {
        let other: Vec<&engine::OcrWord> = other.iter().flat_map(|l| &l.words).collect();
        for line in &mut cell_lines[i] {
            let mut words = Vec::with_capacity(line.words.len());
            for w in line.words.drain(..) {
                if !unsure(&w, thai_cell[i]) {
                    words.push(w);
                    continue;
                }
                let inside: Vec<engine::OcrWord> = other
                    .iter()
                    .filter(|o| {
                        let (cx, cy) = ((o.x0 + o.x1) / 2, (o.y0 + o.y1) / 2);
                        (w.x0..=w.x1).contains(&cx) && (w.y0..=w.y1).contains(&cy)
                    })
                    .map(|o| (*o).clone())
                    .collect();
                if inside.is_empty() {
                    words.push(w);
                } else {
                    words.extend(inside);
                }
            }
            line.words = words;
        }
    }
    Ok(())
}

/// On a page read without cells (an unruled table), a word standing a column gap apart
/// from its neighbours on its line that reads as a lone mark (see [`mark_for`]) is that
/// mark: it is alone in its column, as a mark alone in a ruled cell is (a check mark
/// in a schedule column comes out of the engine as "Vv" or "ห").
fn lone_marks_on_lines(lines: &mut [OcrLine], set: &OcrSettings) {
    for line in lines {
        let (_, y0, _, y1) = line.bbox();
        let gap = set.column_gap * (y1 - y0).max(1) as f32;
        let n = line.words.len();
        for k in 0..n {
            let apart_left = k == 0 || (line.words[k].x0 as f32 - line.words[k - 1].x1 as f32) >= gap;
            let apart_right = k + 1 == n || (line.words[k + 1].x0 as f32 - line.words[k].x1 as f32) >= gap;
            if !(apart_left && apart_right) {
                continue;
            }
            if let Some(mark) = mark_for(line.words[k].text.trim()) {
                line.words[k].text = mark.to_string();
            }
        }
    }
}

/// A cell the engine read as nothing whose ink is one short flat stroke is a dash (the
/// engine does not read a lone "-").
fn lone_dash(lines: &mut Vec<OcrLine>, img: &Gray, set: &OcrSettings) {
    let px_per_pt = set.dpi as f32 / 72.0;
    let Some((x0, y0, x1, y1)) = img.ink_box(set.dark, 1) else { return };
    let (w, h) = ((x1 - x0) as f32, (y1 - y0) as f32);
    if h <= set.dash_max_thick * px_per_pt && w <= set.dash_max_len * px_per_pt && w >= 2.0 * h {
        // The line's box is a text line's height around the stroke, so that the dash
        // gets a text size, not the stroke's.
        let half = (set.dash_max_len * px_per_pt / 4.0) as usize;
        let (my, mh) = ((y0 + y1) / 2, img.h);
        let word = engine::OcrWord { x0, y0: my.saturating_sub(half), x1, y1: (my + half).min(mh), text: "-".to_string(), conf: set.dash_confidence };
        *lines = vec![OcrLine { words: vec![word] }];
    }
}

/// A rule found in pixels as a ruling in page points (origin bottom-left).
fn ruling(r: &PixRule, kx: f32, ky: f32, page_h: f32) -> Ruling {
    let (xa, xb) = (r.x0 as f32 * kx, (r.x1 + 1) as f32 * kx);
    let (ya, yb) = (page_h - (r.y1 + 1) as f32 * ky, page_h - r.y0 as f32 * ky);
    if r.horizontal() {
        let y = (ya + yb) / 2.0;
        Ruling { x0: xa, y0: y, x1: xb, y1: y }
    } else {
        let x = (xa + xb) / 2.0;
        Ruling { x0: x, y0: ya, x1: x, y1: yb }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::OcrWord;

    fn word(x0: usize, x1: usize, text: &str) -> OcrWord {
        OcrWord { x0, y0: 100, x1, y1: 140, text: text.to_string(), conf: 60.0 }
    }

    #[test]
    fn a_mark_reading_a_column_gap_apart_is_the_mark() {
        let set = OcrSettings::default();
        // Line height 40 px: a column gap is 48 px. "Vv" and "ห" stand 100 px apart from
        // their neighbours; the "ห" 10 px after "ก" is part of a word.
        let mut lines = vec![OcrLine { words: vec![word(0, 200, "ร้อยละ"), word(300, 330, "Vv"), word(430, 460, "ห"), word(560, 580, "ก"), word(590, 610, "ห")] }];
        lone_marks_on_lines(&mut lines, &set);
        let texts: Vec<&str> = lines[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, vec!["ร้อยละ", "√", "√", "ก", "ห"]);
    }
}
